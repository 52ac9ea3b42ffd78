"""The per-article time budget: an article that overruns (or kills its process) is rejected
and the others of the batch come back in order. A stand-in extractor keeps it fast."""

from __future__ import annotations

import os
import time

import pytest

from claimledger.budget import ArticleTimeout, Budget, ExtractionDied, TimedExtractor
from claimledger.ingest import extract_articles
from claimledger.readers import Article

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the budget needs os.fork")


class _Nlp:
    max_length = 1_000_000


class StandIn:
    """Waits a minute on 'SLOW', computes for ever on 'BURN', dies on 'DIE', fails on 'FAIL',
    else echoes."""

    version = "stand-in"
    nlp = _Nlp()

    def extract_many(self, items, errors="raise"):  # noqa: ANN001, ANN201
        for ident, text, _date in items:
            if "SLOW" in text:
                time.sleep(60)
            while "BURN" in text:  # computes for ever: stopped by the CPU-time limit
                pass
            if "DIE" in text:
                os._exit(3)
            yield ValueError("cannot") if "FAIL" in text else f"record of {ident}"


FAST = Budget(seconds_per_10k=0.001, min_seconds=0.5)


@pytest.mark.parametrize("texts, expected", [
    (["a", "b"], ["record of 0", "record of 1"]),
    (["a", "SLOW", "c"], ["record of 0", ArticleTimeout, "record of 2"]),
    (["SLOW"], [ArticleTimeout]),
    (["a", "DIE", "c"], ["record of 0", ExtractionDied, "record of 2"]),
    (["a", "BURN", "c"], ["record of 0", ArticleTimeout, "record of 2"]),
    (["FAIL", "b"], [RuntimeError, "record of 1"]),
    (["x" * 30_000, "SLOW", "y"], ["record of 0", ArticleTimeout, "record of 2"]),
])
def test_an_article_over_budget_is_rejected_and_the_others_come_back(texts, expected) -> None:
    timed = TimedExtractor(StandIn(), FAST)
    try:
        got = list(timed.extract_many([(str(i), t, None) for i, t in enumerate(texts)]))
        again = list(timed.extract_many([("9", "z", None)]))  # a new child after a kill
    finally:
        timed.close()
    assert [g if isinstance(g, str) else type(g) for g in got] == expected
    assert again == ["record of 9"]


def test_a_timeout_is_one_line_naming_the_article_and_the_fix() -> None:
    timed = TimedExtractor(StandIn(), FAST)
    try:
        [(_, rejected)] = extract_articles(timed, [Article(id="s", text="SLOW", origin="feeds/slow.txt")])
    finally:
        timed.close()
    assert str(rejected) == ("feeds/slow.txt: extraction took longer than its time budget (0.5 s for 4 "
                             "characters) (raise --article-timeout, or check that the text is one article)")


def test_no_budget_runs_in_this_process() -> None:
    timed = TimedExtractor(StandIn(), Budget(seconds_per_10k=0))
    assert list(timed.extract_many([("1", "a", None)])) == ["record of 1"]
    assert timed._child is None


def test_max_chars_above_spacys_limit_raises_the_parsers_limit() -> None:
    standin = StandIn()
    standin.nlp = _Nlp()
    TimedExtractor(standin, Budget(max_chars=2_000_000))
    assert standin.nlp.max_length == 2_000_000
