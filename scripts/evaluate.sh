#!/usr/bin/env bash
# Score the extractor on the public gold sets in ../shared with ../shared/eval/claimeval.py.
# Usage: scripts/evaluate.sh [seed|polnear|timebank|newsquant ...]   (default: all)
# Outputs go to ${EVAL_OUT:-eval-out}/; the tables are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-.venv/bin/python}
SHARED=${SHARED:-../shared}
EVAL="$PYTHON $SHARED/eval/claimeval.py"
OUT=${EVAL_OUT:-eval-out}
mkdir -p "$OUT"
[ -d "$SHARED/data" ] || { echo "no $SHARED/data here: nothing to evaluate" >&2; exit 0; }

run() {  # run NAME: inputs -> records, timed
    local name=$1
    local start end
    start=$(date +%s.%N)
    $PYTHON -m claimledger.cli extract - < "$OUT/$name.in.jsonl" > "$OUT/$name.out.jsonl"
    end=$(date +%s.%N)
    local n
    n=$(wc -l < "$OUT/$name.in.jsonl")
    echo "# $name: $n articles in $($PYTHON -c "print(round($end - $start, 1))") s (model load included)"
}

for what in "${@:-seed polnear timebank newsquant}"; do
  for w in $what; do
    case $w in
    seed)
        $EVAL inputs seed "$SHARED/data/seed/000_8600981b037d09a4.txt" > "$OUT/seed.in.jsonl"
        run seed
        $EVAL seed --gold "$SHARED/data/seed/000_8600981b037d09a4.gold.json" --pred "$OUT/seed.out.jsonl";;
    polnear)
        $EVAL inputs polnear "$SHARED/data/polnear/dev" > "$OUT/polnear.in.jsonl"
        run polnear
        $EVAL attribution --gold "$SHARED/data/polnear/dev" --pred "$OUT/polnear.out.jsonl";;
    timebank)
        $EVAL inputs timeml "$SHARED/data/timebank" > "$OUT/timebank.in.jsonl"
        run timebank
        $EVAL times --gold "$SHARED/data/timebank" --pred "$OUT/timebank.out.jsonl";;
    newsquant)
        $EVAL inputs newsquant "$SHARED/data/newsquant/NewsQuant.dev.json" > "$OUT/newsquant.in.jsonl"
        run newsquant
        $EVAL quantities --gold "$SHARED/data/newsquant/NewsQuant.dev.json" --pred "$OUT/newsquant.out.jsonl";;
    *) echo "unknown gold set: $w" >&2; exit 2;;
    esac
  done
done
