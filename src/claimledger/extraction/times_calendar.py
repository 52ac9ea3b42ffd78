"""Calendar arithmetic and TIMEX3 value formatting used by `times.py`.

Values follow TimeML: `2024-10-18`, `2024-10`, `2024`, `2024-Q3`, `2024-W42`, `2024-SU`,
`2024-H1`, `199` (a decade), `19` (a century), `P3D`, `PT5H`, `PXY`, `PRESENT_REF`.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
# The month each season starts in, to order seasons against a date (northern hemisphere).
SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
DAY_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
    "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "21st": 21,
}
_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "a": 1, "an": 1, "single": 1,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
VAGUE_NUMBERS = (
    "a few", "few", "several", "some", "many", "a couple of", "couple of", "a couple",
    "a number of", "numerous",
)


def number_value(word: str) -> float | None:
    """The value of a small cardinal written in digits or words; None when vague."""
    w = word.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+(\.\d+)?", w):
        return float(w)
    if w in ("a hundred", "one hundred", "hundred"):
        return 100.0
    if w == "a dozen" or w == "dozen":
        return 12.0
    if w in _UNITS:
        return float(_UNITS[w])
    if w in _TENS:
        return float(_TENS[w])
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        return float(_TENS[parts[0]] + _UNITS[parts[1]])
    return None


# Duration letters per unit, and whether the unit goes after "T" (clock units).
DURATION_UNITS = {
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "night": ("D", False), "week": ("W", False), "weekend": ("WE", False),
    "month": ("M", False), "quarter": ("Q", False), "year": ("Y", False),
    "decade": ("DE", False), "century": ("C", False),
}


def unit_name(word: str) -> str:
    """'centuries' -> 'century', 'Years' -> 'year'."""
    w = word.lower()
    if w == "centuries":
        return "century"
    return w[:-1] if w.endswith("s") else w


def duration_value(n: float | None, unit: str) -> str:
    """TIMEX3 duration value: (3, 'day') -> 'P3D', (None, 'year') -> 'PXY'."""
    if unit == "decade" and n is not None:
        n, unit = n * 10, "year"
    elif unit == "century" and n is not None:
        n, unit = n * 100, "year"
    letter, clock = DURATION_UNITS[unit]
    if n is None:
        amount = "X"
    elif n == int(n):
        amount = str(int(n))
    else:
        # Half units are written with the next smaller unit (2.5 years -> P2Y6M).
        half = {("Y", False): "6M", ("M", False): "15D", ("D", False): "T12H",
                ("W", False): "3DT12H", ("H", True): "30M", ("M", True): "30S"}.get((letter, clock))
        if half is None or n - int(n) != 0.5:
            amount = f"{n:g}"
        else:
            head = f"{int(n)}{letter}" if int(n) else ""
            return f"PT{head}{half}" if clock else f"P{head}{half}"
    return f"PT{amount}{letter}" if clock else f"P{amount}{letter}"


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def iso_week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + delta
    return total // 12, total % 12 + 1


def shift_value(value: str, amount: int, unit: str) -> str | None:
    """Shift a resolved DATE value by `amount` units, keeping its granularity.

    ('1989-Q3', -1, 'year') -> '1988-Q3'; ('2024-10-18', 1, 'day') -> '2024-10-19'.
    """
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value):
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        if unit == "year":
            # A date anchor shifted by years keeps year granularity: TimeML annotators
            # write "a year earlier" after "on Friday" as the year.
            return str(d.year + amount)
        if unit == "month":
            y, mo = add_months(d.year, d.month, amount)
            return f"{y}-{mo:02d}"
        if unit == "week":
            return iso_week(d + dt.timedelta(weeks=amount))
        if unit == "day":
            return (d + dt.timedelta(days=amount)).isoformat()
        return None
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        y, mo = int(m[1]), int(m[2])
        if unit == "year":
            return str(y + amount)  # "a year earlier" after "in January": the year
        if unit == "month":
            y, mo = add_months(y, mo, amount)
            return f"{y}-{mo:02d}"
        return None
    if m := re.fullmatch(r"(\d{4})-Q(\d)", value):
        y, q = int(m[1]), int(m[2])
        if unit == "year":
            return f"{y + amount}-Q{q}"
        if unit == "quarter":
            t = y * 4 + q - 1 + amount
            return f"{t // 4}-Q{t % 4 + 1}"
        return None
    if m := re.fullmatch(r"(\d{4})-(H\d|SP|SU|FA|WI)", value):
        return f"{int(m[1]) + amount}-{m[2]}" if unit == "year" else None
    if m := re.fullmatch(r"(\d{4})-W(\d\d)", value):
        if unit == "week":
            d = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1) + dt.timedelta(weeks=amount)
            return iso_week(d)
        if unit == "year":
            return str(int(m[1]) + amount)
        return None
    if re.fullmatch(r"\d{4}", value):
        return str(int(value) + amount) if unit == "year" else None
    return None


def shift_date(d: dt.date, amount: int, unit: str) -> str | None:
    """A date `amount` units from `d`, at the unit's granularity ("3 weeks ago" -> a week);
    None when it falls outside the years 1-9999 ("100,000 years ago")."""
    try:
        value = _shift_date(d, amount, unit)
    except (OverflowError, ValueError):
        return None
    return value if value is None or in_calendar(value) else None


def in_calendar(value: str) -> bool:
    """Whether a value that starts with a year (or a decade, a century) lies in years 1-9999."""
    m = re.match(r"\d+", value)
    return m is not None and len(m.group()) <= 4 and int(m.group()) > 0


def _shift_date(d: dt.date, amount: int, unit: str) -> str | None:
    if unit == "day":
        return (d + dt.timedelta(days=amount)).isoformat()
    if unit == "week":
        return iso_week(d + dt.timedelta(weeks=amount))
    if unit == "month":
        y, mo = add_months(d.year, d.month, amount)
        return f"{y:04d}-{mo:02d}"
    if unit == "quarter":
        t = d.year * 4 + quarter_of(d) - 1 + amount
        return f"{t // 4:04d}-Q{t % 4 + 1}"
    if unit == "year":
        return f"{d.year + amount:04d}"
    if unit == "decade":
        return f"{d.year + 10 * amount:04d}"[:3]
    if unit == "century":
        return f"{d.year + 100 * amount:04d}"[:2]
    return None


def weekday_date(dct: dt.date, weekday: int, direction: str | None) -> dt.date:
    """The date of `weekday` nearest `dct`: the latest on or before it, or the next on or
    after it when `direction` is 'future'. 'last'/'next' exclude the article day itself."""
    back = (dct.weekday() - weekday) % 7
    if direction == "future":
        return dct + dt.timedelta(days=(weekday - dct.weekday()) % 7)
    if direction == "next":
        return dct + dt.timedelta(days=((weekday - dct.weekday()) % 7) or 7)
    if direction == "last":
        return dct - dt.timedelta(days=back or 7)
    return dct - dt.timedelta(days=back)


def month_year(dct: dt.date, month: int, direction: str | None) -> int:
    """The year of a bare month name: past -> latest not after the article month,
    future -> next not before it, unknown -> the nearest."""
    if direction in ("past", "last"):
        if direction == "last":
            return dct.year if month < dct.month else dct.year - 1
        return dct.year if month <= dct.month else dct.year - 1
    if direction in ("future", "next"):
        if direction == "next":
            return dct.year if month > dct.month else dct.year + 1
        return dct.year if month >= dct.month else dct.year + 1
    # Unknown tense: news mostly looks back, so only the next three months count as ahead.
    ahead = (month - dct.month) % 12
    if 0 < ahead <= 3:
        return dct.year if month > dct.month else dct.year + 1
    return dct.year if month <= dct.month else dct.year - 1


def nearest_year(dct: dt.date, month: int, day: int) -> dt.date | None:
    """The date with this month and day closest to the article date."""
    best: dt.date | None = None
    for y in (dct.year - 1, dct.year, dct.year + 1):
        try:
            d = dt.date(y, month, day)
        except ValueError:
            continue
        if best is None or abs((d - dct).days) < abs((best - dct).days):
            best = d
    return best


def season_year(dct: dt.date, season: str, direction: str | None) -> int:
    """The year of a season name, by the same rule as `month_year` on its first month."""
    start = SEASON_START[season]
    # Winter starting in December belongs to the year it starts in; January and
    # February fall in the winter of the previous year.
    cur_month = dct.month if dct.month > 2 else dct.month + 12
    cur = dt.date(dct.year if dct.month > 2 else dct.year - 1, 1, 1)
    if direction in ("past", "last"):
        if direction == "last":
            return cur.year if start + 2 < cur_month else cur.year - 1
        return cur.year if start <= cur_month else cur.year - 1
    if direction in ("future", "next"):
        if direction == "next":
            return cur.year if start > cur_month else cur.year + 1
        return cur.year if start + 2 >= cur_month else cur.year + 1
    return cur.year


def easter(year: int) -> dt.date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * el) // 433
    month = (h + el - 7 * m + 90) // 25
    day = (h + el - 7 * m + 33 * month + 19) % 32
    return dt.date(year, month, day)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th `weekday` (0 = Monday) of a month; n = -1 for the last one."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    y, mo = add_months(year, month, 1)
    last = dt.date(y, mo, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


# Holidays whose date moves from year to year (United States where national).
MOVABLE_HOLIDAYS = {
    "easter": easter,
    "easter sunday": easter,
    "good friday": lambda y: easter(y) - dt.timedelta(days=2),
    # the Tuesday after the first Monday of November
    "election day": lambda y: nth_weekday(y, 11, 0, 1) + dt.timedelta(days=1),
    "labor day": lambda y: nth_weekday(y, 9, 0, 1),
    "memorial day": lambda y: nth_weekday(y, 5, 0, -1),
    "martin luther king day": lambda y: nth_weekday(y, 1, 0, 3),
}
