"""Times: the classes of news language that held-out data showed (issue 11), one table per
class. Every sentence is our own, written in wire style; the article date is a Wednesday.

Each row: (text, the expression as it should be found, TIMEX3 value, type).
"""

from __future__ import annotations

import datetime as dt

import pytest

from claimledger.extraction.times import find_times

DAY = dt.date(2024, 10, 23)  # a Wednesday


def _times(nlp, text: str) -> dict[str, tuple[str, str]]:
    return {text[t.span[0] : t.span[1]]: (t.value or "", t.type) for t in find_times(nlp(text), DAY)}


# (1) Dates whose anchor is not the article date.
ANCHORS = [
    ("She still remembers that April morning in 2004.", "April", "2004-04", "DATE"),
    ("The firm was founded in 1998. That April it hired its first engineer.", "April", "1998-04",
     "DATE"),
    ('In a letter sent in March 2019, he wrote: "We will meet again on Friday."', "Friday",
     "XXXX-WXX-5", "DATE"),
    ("The guards were doubled that Friday.", "Friday", "XXXX-WXX-5", "DATE"),
    ('The minister, in office since March, said: "We decide on Friday."', "Friday", "2024-10-25",
     "DATE"),
    ("The offer expires on Nov. 30. Until then, shares trade freely.", "then", "2024-11-30",
     "DATE"),
    ("The attack came the night before the verdict.", "the night", "XXXX-XX-XXTNI", "TIME"),
    ("They met the day after the election.", "the day", "XXXX-XX-XX", "DATE"),
    ("Shares slid on Oct. 11, the day before the crash.", "the day", "2024-10-11", "DATE"),
    ("He was sworn in on Jan. 20, 2021. That afternoon he signed ten orders.", "That afternoon",
     "2021-01-20", "DATE"),
]

# (2) Sets.
SETS = [
    ("Storks return to the marsh each spring.", "each spring", "XXXX-SP", "SET"),
    ("The bells ring every evening at the abbey.", "every evening", "XXXX-XX-XXTEV", "SET"),
    ("The licence is renewed yearly.", "yearly", "P1Y", "SET"),
    ("The mayor gave his weekly address to the council.", "weekly", "P1W", "SET"),
]

# (3) Durations, also vague ones.
DURATIONS = [
    ("The geese left two weeks earlier than normal.", "two weeks", "P2W", "DURATION"),
    ("The tunnel should open five years from now.", "five years", "P5Y", "DURATION"),
    ("The tunnel should open five years from now.", "now", "PRESENT_REF", "DATE"),
    ("Talks dragged on for months.", "months", "PXM", "DURATION"),
    ("The suspect was seen hours before the fire.", "hours", "PTXH", "DURATION"),
    ("Fighting has intensified in recent days.", "recent days", "PXD", "DURATION"),
    ("Prices have doubled in recent years.", "recent years", "PXY", "DURATION"),
    ("Troops will arrive within weeks.", "weeks", "PXW", "DURATION"),
    ("Output grew for the first time in years.", "years", "PXY", "DURATION"),
    ("Over the years, the town changed.", "the years", "PXY", "DURATION"),
    ("Trades settle in five business days.", "five business days", "P5D", "DURATION"),
    ("The board will decide at a later date.", "a later date", "FUTURE_REF", "DATE"),
    ("The outlook for the near term is weak.", "the near term", "FUTURE_REF", "DATE"),
]

# (4) Ranges annotated part by part.
RANGES = [
    ("The summit will be held on April 24 and 25.", "25", "2025-04-25", "DATE"),
    ("Talks ran May 3-4 in Oslo.", "4", "2024-05-04", "DATE"),
    ("He starred in the 1998-99 season.", "1998", "1998", "DATE"),
    ("He starred in the 1998-99 season.", "99", "1999", "DATE"),
    ("Recovery takes between 6 and 9 weeks.", "6", "P6W", "DURATION"),
    ("Recovery takes between 6 and 9 weeks.", "9 weeks", "P9W", "DURATION"),
    ("Delivery takes two to three days.", "two", "P2D", "DURATION"),
    ("Delivery takes two to three days.", "three days", "P3D", "DURATION"),
    ("The plan covers 2026-2030.", "2026", "2026", "DATE"),
    ("The plan covers 2026-2030.", "2030", "2030", "DATE"),
    ("The lake stays frozen from November to February.", "February", "2025-02", "DATE"),
    ("Exports fell between June and August.", "August", "2024-08", "DATE"),
]

# (5) Direction, and the day a clock time belongs to.
DIRECTION = [
    ("The singer picked up two prizes at the awards on Saturday.", "Saturday", "2024-10-19",
     "DATE"),
    ("The agency will forecast demand Monday.", "Monday", "2024-10-28", "DATE"),
    ("The offer had been due to expire Friday.", "Friday", "2024-10-18", "DATE"),
    ("The blast came at 10:35 a.m. (0735 GMT) Friday.", "10:35 a.m.", "2024-10-18T10:35", "TIME"),
    ("The blast came at 10:35 a.m. (0735 GMT) Friday.", "Friday", "2024-10-18", "DATE"),
    ("The fire started on Oct. 12. By 9 p.m. the roof had fallen in.", "9 p.m.",
     "2024-10-12T21:00", "TIME"),
    ("The fire started on Oct. 12. In the morning, crews had it under control.", "the morning",
     "2024-10-12TMO", "TIME"),
    ("By mid-afternoon yesterday the index was up 2%.", "mid-afternoon yesterday",
     "2024-10-22TAF", "TIME"),
    ("Riot police arrived on Tuesday afternoon.", "Tuesday afternoon", "2024-10-22TAF", "TIME"),
    ("The ferry will leave at 4 in the morning.", "4 in the morning", "2024-10-23T04:00", "TIME"),
]

# (7) Comparisons in results stories: "a year earlier" is the period the passage is about,
# the quarter, or the longer period ("the nine months") named after it.
PERIODS = [
    ("Orkney Mills earned $4 million in the third quarter, up from $3 million a year earlier.",
     "a year earlier", "2023-Q3", "DATE"),
    ("Orkney Mills earned $4 million in the third quarter. For the nine months, net rose to "
     "$11 million from $9 million a year earlier.", "a year earlier", "2023", "DATE"),
    ("Orkney Mills earned $4 million in the third quarter. In the first nine months, it lost "
     "$2 million, against a profit in the 2023 period.", "the 2023 period", "2023", "DATE"),
    ("Orkney Mills earned $4 million in the third quarter. For the first half, the year-ago "
     "results included a charge.", "the year-ago", "2023", "DATE"),
    ("For the nine months, Orkney Mills earned $11 million. In the third quarter, it earned "
     "$4 million, up from $3 million a year ago.", "a year ago", "2023-Q3", "DATE"),
    ("Sales in the latest quarter rose 8% to $2.1 billion from $1.9 billion a year ago.",
     "a year ago", "2023-Q3", "DATE"),
    ("Orkney Mills earned $4 million in the third quarter. The quarter included a gain on the "
     "sale of a mill.", "The quarter", "2024-Q3", "DATE"),
]

# (8) Forms held-out text used that the grammar lacked: halves of units, fortnights,
# quarters and halves of a named year, centuries written as "the 1800s", stretches of
# the day the passage is about.
MISSED_FORMS = [
    ("The vote took half an hour.", "half an hour", "PT30M", "DURATION"),
    ("Crews needed a half-day to clear the road.", "a half-day", "PT12H", "DURATION"),
    ("The dynasty ruled for half a century.", "half a century", "P50Y", "DURATION"),
    ("The ferry runs again in a fortnight.", "a fortnight", "P2W", "DURATION"),
    ("The mill will reopen in the first quarter of next year.", "the first quarter of next year",
     "2025-Q1", "DATE"),
    ("Exports slowed in the second half of last year.", "the second half of last year", "2023-H2",
     "DATE"),
    ("Orders grew in the first half of the year.", "the first half of the year", "2024-H1", "DATE"),
    ("The canal was dug in the late 1800s.", "the late 1800s", "18", "DATE"),
    ("Rents soared in the early 2000s.", "the early 2000s", "200", "DATE"),
    ("The strike began on Oct. 14. Later in the day, the port closed.", "Later in the day",
     "2024-10-14", "DATE"),
    ("Earlier in the week, the union rejected the offer.", "Earlier in the week", "2024-W43",
     "DATE"),
    ("The convoy crossed the border at 11:30 GMT.", "11:30 GMT", "2024-10-23T11:30", "TIME"),
    ("The plane landed at 2315 GMT on Monday.", "2315 GMT on Monday", "2024-10-21T23:15", "TIME"),
    ("Polls open on Nov. 4 next year.", "Nov. 4 next year", "2025-11-04", "DATE"),
    ("Exports rose 5% in September. Imports fell 2% in the same period.", "the same period",
     "2024-09", "DATE"),
    ("Lawyers say the case could take years to settle.", "years", "PXY", "DURATION"),
    ("The chain returned to profit after several quarters of losses.", "several quarters", "PXQ",
     "DURATION"),
    ("The 1990 Main Street fire destroyed a block.", "1990", "1990", "DATE"),
]

# (6) Not times.
NOT_TIMES = [
    ("Sales fell on Oct. 3, 4.5% below plan.", "4"),
    ("The couple, 27 and 29 years old, run a bakery.", "27"),
    ("He delivered the morning papers for years.", "the morning"),
    ("The offer was due to expire at midnight Friday.", "mid"),
    ("Critics praised the film 1917 for its long takes.", "1917"),
    ("She read the novel 1984 at school.", "1984"),
    ("He owns half a dozen cafes.", "half a dozen"),
    ("The blast came at 10:35 a.m. (0735 GMT) Friday.", "0735 GMT"),
    ("The relay team ran for 120 hours.", "120"),
    ("Protesters gathered outside 1600 Pennsylvania Avenue.", "1600"),
    ("The plan drew fire in some quarters.", "some quarters"),
    ("Three quarters of the members voted.", "Three quarters"),
    ("The bakery at 1850 W. Lake Street shut its doors.", "1850"),
]


@pytest.mark.parametrize("text,phrase,value,type_", ANCHORS + SETS + DURATIONS + RANGES + DIRECTION + PERIODS + MISSED_FORMS)
def test_time_class(nlp, text, phrase, value, type_):
    found = _times(nlp, text)
    assert phrase in found, f"{phrase!r} not in {found}"
    assert found[phrase] == (value, type_), found


@pytest.mark.parametrize("text,phrase", NOT_TIMES)
def test_not_a_time(nlp, text, phrase):
    assert phrase not in _times(nlp, text)
