"""Time expressions: detection and TIMEX3 resolution against a fixed article date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.extraction.pipeline import load_model
from claimledger.extraction.times import find_times, time_of
from claimledger.extraction.times_calendar import duration_value, shift_value

# A Wednesday.
DAY = dt.date(2024, 10, 23)


@pytest.fixture(scope="module")
def nlp():
    try:
        return load_model()
    except Exception as exc:  # the model is a separate install
        pytest.skip(f"no spaCy model: {exc}")


def _times(nlp, text: str, day: dt.date | None = DAY) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(text[t.span[0] : t.span[1]], t.value or "", t.type) for t in find_times(doc, day)]


def _value_of(nlp, text: str, phrase: str) -> tuple[str, str]:
    found = {s: (v, ty) for s, v, ty in _times(nlp, text)}
    assert phrase in found, f"{phrase!r} not found in {found}"
    return found[phrase]


CASES = [
    # deictic days
    ("The minister resigned today, officials said.", "today", "2024-10-23", "DATE"),
    ("The port reopened yesterday after the storm.", "yesterday", "2024-10-22", "DATE"),
    ("The council will vote tomorrow on the budget.", "tomorrow", "2024-10-24", "DATE"),
    ("Rescuers worked through the rubble tonight.", "tonight", "2024-10-23TNI", "TIME"),
    # weekdays: past by default, future with a future verb
    ("The agency said on Friday that exports fell.", "Friday", "2024-10-18", "DATE"),
    ("The union announced the strike on Tuesday.", "Tuesday", "2024-10-22", "DATE"),
    ("The leaders will meet on Friday in Geneva.", "Friday", "2024-10-25", "DATE"),
    ("The bank plans to publish its figures Monday.", "Monday", "2024-10-28", "DATE"),
    ("Talks collapsed last Wednesday.", "last Wednesday", "2024-10-16", "DATE"),
    ("A vote is planned for next Tuesday.", "next Tuesday", "2024-10-29", "DATE"),
    # months and years
    ("Prices rose sharply in June, the report said.", "June", "2024-06", "DATE"),
    ("The plant must close by December, regulators ruled.", "December", "2024-12", "DATE"),
    ("The law was passed in March 2019.", "March 2019", "2019-03", "DATE"),
    ("The strike began in January nineteen ninety-seven.", "January nineteen ninety-seven",
     "1997-01", "DATE"),
    ("Prices last hit that level in the winter of nineteen ninety-four.",
     "the winter of nineteen ninety-four", "1994-WI", "DATE"),
    ("The mine flooded in 2022, killing two workers.", "2022", "2022", "DATE"),
    ("Output fell last month.", "last month", "2024-09", "DATE"),
    ("Elections are due next year.", "next year", "2025", "DATE"),
    ("Profits doubled last year.", "last year", "2023", "DATE"),
    ("The new rules take effect in January.", "January", "2025-01", "DATE"),
    ("The president leaves office on Jan. 20.", "Jan. 20", "2025-01-20", "DATE"),
    ("The factory was sold on Jan. 20.", "Jan. 20", "2024-01-20", "DATE"),
    # explicit dates
    ("The ceasefire began on Oct. 5 after weeks of talks.", "Oct. 5", "2024-10-05", "DATE"),
    ("The treaty was signed on 5 October 2023 in Oslo.", "5 October 2023", "2023-10-05", "DATE"),
    ("Voting ends on November 5, 2024.", "November 5, 2024", "2024-11-05", "DATE"),
    # weeks, quarters, seasons, decades
    ("Protests spread last week across the region.", "last week", "2024-W42", "DATE"),
    ("Ministers meet this week.", "this week", "2024-W43", "DATE"),
    ("Sales grew in the third quarter.", "the third quarter", "2024-Q3", "DATE"),
    ("Growth slowed in the first quarter of 2023.", "the first quarter of 2023", "2023-Q1", "DATE"),
    ("The drought peaked this summer.", "this summer", "2024-SU", "DATE"),
    ("The city grew fast in the 1990s.", "the 1990s", "199", "DATE"),
    # references
    ("The company is now in talks with lenders.", "now", "PRESENT_REF", "DATE"),
    ("The mayor currently holds two posts.", "currently", "PRESENT_REF", "DATE"),
    ("The ministry recently changed its rules.", "recently", "PAST_REF", "DATE"),
    ("Such disputes were settled in the past by courts.", "in the past", "PAST_REF", "DATE"),
    ("The bank may raise rates in the future.", "in the future", "FUTURE_REF", "DATE"),
    ("The firm will soon announce a buyer.", "soon", "FUTURE_REF", "DATE"),
    # durations and sets
    ("The siege lasted three days.", "three days", "P3D", "DURATION"),
    ("He served two years in prison.", "two years", "P2Y", "DURATION"),
    ("The talks went on for five hours.", "five hours", "PT5H", "DURATION"),
    ("Inspectors visit the site every week.", "every week", "P1W", "SET"),
    ("The ferry sails daily to the island.", "daily", "P1D", "SET"),
    ("Two extra trains run on Tuesday nights.", "Tuesday nights", "XXXX-WXX-2TNI", "SET"),
    ("Pilgrims gather at the shrine each July.", "July", "XXXX-07", "SET"),
    ("The river floods every spring.", "every spring", "XXXX-SP", "SET"),
    # relative to the article date
    ("The dam was built 40 years ago.", "40 years ago", "1984", "DATE"),
    ("The company was sold three months ago.", "three months ago", "2024-07", "DATE"),
    ("Exports fell the past week.", "the past week", "2024-W43", "DATE"),
    ("The dividend is paid annually in March 2025.", "March 2025", "2025-03", "DATE"),
    ("Growth in recent years has slowed.", "recent years", "PXY", "DURATION"),
    ("The truce began a week or so ago.", "a week or so ago", "2024-W42", "DATE"),
    ("A ruling is unlikely before the end of the month.", "the end of the month", "2024-10",
     "DATE"),
    # the clause decides the direction, also through "morning" and "through"
    ("The launch was postponed until Thursday morning.", "Thursday morning", "2024-10-24",
     "DATE"),
    ("The bank has extended the credit lines through February.", "February", "2025-02", "DATE"),
    ("Sales were flat through August.", "August", "2024-08", "DATE"),
    ("Protesters planned a march on Saturday.", "Saturday", "2024-10-26", "DATE"),
    ("Oil is near the record high set on Dec. 30.", "Dec. 30", "2023-12-30", "DATE"),
    ("A meeting was set for Dec. 30.", "Dec. 30", "2024-12-30", "DATE"),
    ("Delegates discussed the vote called for Dec. 30.", "Dec. 30", "2024-12-30", "DATE"),
    ("On Monday, the government planned to cut fuel taxes.", "Monday", "2024-10-21", "DATE"),
    ("Thousands marched on Friday evening.", "Friday evening", "2024-10-18TEV", "TIME"),
    # holidays that move
    ("Turnout may be low on Election Day, pollsters warned.", "Election Day", "2024-11-05",
     "DATE"),
    ("Churches were packed at Easter 2023.", "Easter 2023", "2023-04-09", "DATE"),
    ("Pilgrims arrived as Easter week began.", "Easter week", "2025-W16", "DATE"),
    ("The strike started on Labor Day.", "Labor Day", "2024-09-02", "DATE"),
    # clock times
    ("Polls closed at 8 p.m. Tuesday.", "8 p.m. Tuesday", "2024-10-22T20:00", "TIME"),
    ("The deadline expires at noon on Friday, officials warned.", "noon on Friday",
     "2024-10-25T12:00", "TIME"),
    ("The blast happened at 10:30 a.m. near the station.", "10:30 a.m.", "2024-10-23T10:30", "TIME"),
]


@pytest.mark.parametrize(("text", "phrase", "value", "type_"), CASES)
def test_resolves(nlp, text: str, phrase: str, value: str, type_: str) -> None:
    assert _value_of(nlp, text, phrase) == (value, type_)


ANAPHORA = [
    # the last resolved date is the anchor, not the article date
    ("The bridge opened on March 3, 2010. It closed the following day.", "the following day",
     "2010-03-04"),
    ("Revenue rose in the third quarter. A year earlier, it had fallen.", "A year earlier",
     "2023-Q3"),
    ("The firm was founded in 2001. A year earlier, its owner had moved to Lyon.",
     "A year earlier", "2000"),
    ("The index closed at 2,100 on Friday, up 2% from the previous Friday.",
     "the previous Friday", "2024-10-11"),
    ("The ship left port on Oct. 2, 2023, and docked the following Monday.",
     "the following Monday", "2023-10-09"),
    ("Profit rose in the third quarter. Sales were flat in the corresponding period last year.",
     "the corresponding period last year", "2023-Q3"),
    ("The insurer lost money in the second quarter. It earned $4 million in last year's quarter.",
     "last year's quarter", "2023-Q2"),
    ("Revenue fell in the third quarter. For the quarter a year ago, the bank earned $2 million.",
     "the quarter a year ago", "2023-Q3"),
]


@pytest.mark.parametrize(("text", "phrase", "value"), ANAPHORA)
def test_anaphora(nlp, text: str, phrase: str, value: str) -> None:
    assert _value_of(nlp, text, phrase)[0] == value


NOT_TIMES = [
    ("The minister may resign, aides said.", "may"),
    ("Thousands will march through the capital.", "march"),
    ("The bridge carries 2000 cars an hour.", "2000"),  # a count, not a year
    ("Shares could fall further, traders said.", "fall"),
    ("The man was 52 years old.", "52 years"),
    ("Rooms cost $55 a night.", "a night"),
    ("The aide told CBS This Morning that talks went well.", "this morning"),
    ("The anchor of NBC Nightly News moderated the debate.", "nightly"),
    ('The senator told ABC\'s "This Week" that talks had stalled.', "this week"),
    ("Activists joined the annual March for Life.", "march"),
]


@pytest.mark.parametrize(("text", "phrase"), NOT_TIMES)
def test_no_false_times(nlp, text: str, phrase: str) -> None:
    found = _times(nlp, text)
    assert not [f for f in found if f[0].lower() == phrase], found


def test_without_article_date(nlp) -> None:
    found = _times(nlp, "The vote took place on Friday, three days after the storm.", None)
    assert ("three days", "P3D", "DURATION") in found
    assert all(v != "" for _, v, _ in found)


def test_time_of_finds_the_time_under_the_verb(nlp) -> None:
    text = "The minister said on Friday that talks would resume in June."
    doc = nlp(text)
    times = find_times(doc, DAY)
    said = next(t for t in doc if t.text == "said")
    t = time_of(doc, said, times)
    assert t is not None and text[t.span[0] : t.span[1]] == "Friday"


CALENDAR = [
    (("1989-Q3", -1, "year"), "1988-Q3"),
    (("2024-10-18", 1, "day"), "2024-10-19"),
    (("2024-01", -1, "month"), "2023-12"),
    (("2024-W01", -1, "week"), "2023-W52"),
]


@pytest.mark.parametrize(("args", "expected"), CALENDAR)
def test_shift_value(args: tuple[str, int, str], expected: str) -> None:
    assert shift_value(*args) == expected


@pytest.mark.parametrize(
    ("n", "unit", "expected"),
    [(3, "day", "P3D"), (2.5, "year", "P2Y6M"), (5.5, "hour", "PT5H30M"), (None, "year", "PXY"),
     (1, "decade", "P10Y")],
)
def test_duration_value(n: float | None, unit: str, expected: str) -> None:
    assert duration_value(n, unit) == expected


_WORDS = st.sampled_from(
    ["Friday", "May", "March", "last", "next", "week", "1999", "three", "days", "ago", "the",
     "quarter", "third", "now", "a", "year", "earlier", "Oct.", "5", ",", "said", "will",
     "every", "summer", "10:30", "a.m.", "-", "'s", "\n", "$", "2,000", "of", "fall", "today"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=25),
       day=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31))))
def test_arbitrary_text_never_raises(nlp, words: list[str], day: dt.date | None) -> None:
    text = " ".join(words)
    doc = nlp(text)
    for t in find_times(doc, day):
        assert 0 <= t.span[0] < t.span[1] <= len(text)
        assert t.type in ("DATE", "TIME", "DURATION", "SET")


@pytest.mark.parametrize(
    "text, phrase, value",
    [
        ("The site was settled 100,000 years ago, researchers said.", "100,000 years ago", "PAST_REF"),
        ("Some 1,500 years ago monks came to the island.", "Some 1,500 years ago", "0524"),
        ("The lake formed 12,000 years ago.", "12,000 years ago", "PAST_REF"),
    ],
)
def test_counts_written_with_thousands_separators(nlp, text: str, phrase: str, value: str) -> None:
    """"100,000 years ago" is one expression, not "000 years ago"; before year 1 it is PAST_REF."""
    assert _value_of(nlp, text, phrase)[0] == value


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_article_dates_at_the_ends_of_the_calendar(nlp, day: dt.date) -> None:
    text = ("Yesterday the mayor said 5 boats sank last week. Tomorrow more will sail, "
            "and next year the port will close, she said on Friday.")
    for _, value, _ in _times(nlp, text, day):  # never a year 0 or 10000
        year = re.match(r"\d+", value)
        assert year is None or (len(year.group()) <= 4 and int(year.group()) >= 1), value
