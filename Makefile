# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= demo.db
EXTRAS ?= model,dev,html,parquet,postgres,dask,web,linking

.PHONY: install demo test lint eval bench stress clean

$(BIN)/claimledger: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $@

install: $(BIN)/claimledger

## demo: install into .venv, ingest the sample articles into $(DB), print the claims, then
## serve them at http://127.0.0.1:8000/ (Ctrl-C stops the server)
demo: install
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/claimledger ingest samples/ --db $(DB) --date 2025-06-12
	$(BIN)/claimledger claims --db $(DB)
	$(BIN)/claimledger stats --db $(DB)
	$(BIN)/claimledger serve --db $(DB)

## test: the whole test suite
test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests benchmarks scripts

## eval: score the extractor on the gold sets in ../shared (see README)
eval: install
	PYTHON=$(BIN)/python scripts/evaluate.sh

## bench: run benchmarks/ and write benchmarks/report.json and benchmarks/REPORT.md (~10 min;
## BENCH_ARGS=--quick for a smoke run; PostgreSQL rows need CLAIMLEDGER_TEST_PG_URL)
bench: install
	$(BIN)/python benchmarks/run_all.py $(BENCH_ARGS)

## stress: fault tests (kill -9, disk full, PostgreSQL restarts, concurrent ingests) and the
## long hypothesis fuzz run, then a table of fault, trials, result (see tests/stress/)
stress: install
	$(BIN)/python tests/stress/run_stress.py $(STRESS_ARGS)

clean:
	rm -rf $(VENV) build dist src/*.egg-info $(DB) $(DB)-wal $(DB)-shm
