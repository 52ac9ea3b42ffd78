"""Quantities: the classes of news language that held-out data showed (issue 11), one
table per class. Every sentence is our own, written in wire style.

Each row: (text, a piece of the quantity's span, value or (low, high), qualifier, trend,
a piece of the counted thing or None for "no thing needed").
"""

from __future__ import annotations

import pytest

from claimledger.extraction.quantities import find_quantities
from claimledger.record import Quantity


def _quantities(nlp, text: str) -> list[tuple[str, Quantity]]:
    return [(text[q.span[0] : q.span[1]], q) for q in find_quantities(nlp(text))]


def _one(nlp, text: str, needle: str) -> Quantity:
    found = [q for s, q in _quantities(nlp, text) if needle in s]
    assert len(found) == 1, f"{needle!r} in {[s for s, _ in _quantities(nlp, text)]}"
    return found[0]


def _check(q: Quantity, value, qualifier: str, trend: str | None, thing: str | None) -> None:
    if isinstance(value, tuple):
        assert (q.low, q.high) == pytest.approx(value), q
    else:
        assert q.value == pytest.approx(value), q
    assert q.qualifier == qualifier, q
    assert q.trend == trend, q
    if thing is not None:
        assert q.thing is not None and thing.lower() in q.thing.lower(), q


# (1) Trend: on the price reached, on the amount moved, in gapping, on falling ranges.
TREND = [
    ("Shares in Velmar climbed 4% to 23.10 euros in Paris.", "23.10", 23.10, "exact", "up", "euro"),
    ("Orsted Bank fell 35 pence to £4.12 by midday.", "4.12", 4.12, "exact", "down", "pound"),
    ("Orsted Bank fell 35 pence to £4.12 by midday.", "35", 35, "exact", "down", "pence"),
    ("Torvik jumped 12% to NOK 45.60.", "45.60", 45.60, "exact", "up", "krone"),
    ("Revenue grew by a quarter to £3.4bn.", "£3.4bn", 3.4e9, "exact", None, "pound"),
    ("Lumen Air gained 2.1% to close at $45.10.", "45.10", 45.10, "exact", "up", "dollar"),
    ("The stock recovered after sinking 40% in March.", "40%", 40, "exact", "down", "%"),
    ("Grainco rose 2.4%, Tessel by 3.1% and Harrow Foods by 1.5%.", "3.1%", 3.1, "exact", "up", None),
    ("Grainco rose 2.4%, Tessel by 3.1% and Harrow Foods by 1.5%.", "1.5%", 1.5, "exact", "up", None),
    ("The stock slid from $410 to $395 over the week.", "$410", (395, 410), "range", "down",
     "dollar"),
    ("The grocer slashed prices from £300 to £250.", "£300", (250, 300), "range", "down", "pound"),
    # gapping without "by": the verb of the first clause is understood in the others
    ("Marrow rose 2.1%, Pellin 1.7% and the Tarvo Group 3.4%.", "1.7%", 1.7, "exact", "up", None),
    ("Marrow rose 2.1%, Pellin 1.7% and the Tarvo Group 3.4%.", "3.4%", 3.4, "exact", "up", None),
    ("Spain's IBEX fell 0.9% and Italy's FTSE MIB 0.6%.", "0.6%", 0.6, "exact", "down", None),
    # the direction written after the change, and the price it reached
    ("Silver was 0.4% higher at $31.20 an ounce.", "0.4%", 0.4, "exact", "up", None),
    ("Silver was 0.4% higher at $31.20 an ounce.", "31.20", 31.20, "exact", "up", "dollar"),
    ("Shares in Kestrel were 5% lower at 212 pence.", "5%", 5, "exact", "down", None),
    ("The index ended the day 45 points lower, at 7,850.", "45", 45, "exact", "down", "points"),
    # the verb's object or "an average of" between the verb and the amount moved
    ("Rents have risen by an average of 4.5% a year.", "4.5%", 4.5, "exact", "up", None),
    ("The brewer cut its workforce by 1,500 to 12,000.", "1,500", 1500, "exact", "down", None),
    ("The brewer cut its workforce by 1,500 to 12,000.", "12,000", 12000, "exact", None, None),
    ("The new drug cut relapses by a third.", "a third", 1 / 3, "exact", "down", None),
    ("The council raised rates by 4.9% this year.", "4.9%", 4.9, "exact", "up", None),
    # after a change verb, "to X from Y" is the level reached and the level left
    ("Output fell to 1,200 tonnes from 1,450 tonnes.", "1,200", 1200, "exact", "down", "tonnes"),
    ("Output fell to 1,200 tonnes from 1,450 tonnes.", "1,450", 1450, "exact", None, "tonnes"),
    # a total reached after a change keeps no trend of its own
    ("Exports to Peru dropped 7% to $2.3 billion.", "$2.3 billion", 2.3e9, "exact", None, "dollar"),
]

# (2) Bounds and approximation.
BOUNDS = [
    ("The road has been closed for over three months.", "three", 3, "over", None, "months"),
    ("Children under the age of 2 travel free.", "2", 2, "under", None, "age"),
    ("The vaccine is offered to adults over the age of 65.", "65", 65, "over", None, "age"),
    ("Patients waited an average of 35 minutes.", "35", 35, "exact", None, "minutes"),
    ("Some 50-odd trawlers joined the blockade.", "50-odd", 50, "approx", None, "trawlers"),
    ("Sales were 5% higher than forecast.", "5%", 5, "exact", None, None),
    ("The drive takes about 6-8 hours.", "6-8", (6, 8), "approx", None, "hours"),
    ("Repairs will take roughly two to three weeks.", "two", (2, 3), "approx", None, "weeks"),
    ("The hearing lasted over two hours.", "two", 2, "over", None, "hours"),
    # a bound written after the number
    ("Residents aged 18 and over may vote.", "18 and over", 18, "at_least", None, "age"),
    ("Riders aged 16 or older need a licence.", "16 or older", 16, "at_least", None, "age"),
    ("Revenue was $5bn and over 3,000 staff were hired.", "$5bn", 5e9, "exact", None, "dollar"),
    # a period after an amount or a change is not a bound
    ("Prices rose over three years.", "three", 3, "exact", None, "years"),
    ("The plan saves $374 billion over 10 years.", "10 years", 10, "exact", None, "years"),
]

# (3) Ranges written with "or" and in falling order.
RANGES = [
    ("Two or three boats left the harbour.", "Two", (2, 3), "range", None, "boats"),
    ("Each session lasts 20 or 30 minutes.", "20", (20, 30), "range", None, "minutes"),
    ("The union cut its demand to 4% from 6%.", "4%", (4, 6), "range", None, None),
    ("The board lowered its target to 1,200 tonnes from 1,450 tonnes.", "1,200", (1200, 1450),
     "range", None, "tonnes"),
    # a unit of measure on both ends makes a falling pair one range (votes have none)
    ("The probe logged fields of 4.5 kV/cm to 0.8 kV/cm across the plate.", "4.5", (0.8, 4.5),
     "range", None, "kV/cm"),
    ("Depths of 12km to 8km were recorded.", "12km", (8, 12), "range", None, "km"),
    ("The club valued the striker at £3m-£4m.", "£3m-£4m", (3e6, 4e6), "range", None, "pound"),
    # the scale written once at the end of a chain covers the earlier ends
    ("Analysts expect sales to grow from 4.1 to 5-6 billion dollars.", "4.1", (4.1e9, 5e9),
     "range", None, "dollars"),
    ("Analysts expect sales to grow from 4.1 to 5-6 billion dollars.", "5-6", (5e9, 6e9),
     "range", None, "dollars"),
]

# (4) Unusual numerals.
NUMERALS = [
    ("Overnight lows reached minus-40 in the valley.", "40", -40, "exact", None, None),
    ("The insurer booked a $-3.2bn loss.", "3.2bn", -3.2e9, "exact", None, "dollar"),
    ("The foundry makes sub-5 nanometre chips.", "5", 5, "under", None, "nanometre"),
    ("He was jailed for 2 1/2 years.", "2 1/2", 2.5, "exact", None, "years"),
    ("The stock rose 9½ cents.", "9½", 9.5, "exact", "up", "cents"),
    ("A mole holds 6.02×10²³ particles.", "6.02", 6.02e23, "exact", None, "particles"),
    ("The vigil drew three-and-a-half thousand people.", "three-and-a-half thousand", 3500, "exact",
     None, "people"),
    ("Demand for the drug grew tenfold.", "tenfold", 10, "exact", "up", "fold"),
    ("The charge is 1.6×10⁻¹⁹ coulombs.", "1.6", 1.6e-19, "exact", None, "coulombs"),
    ("The sample measured 3.1e-6 metres across.", "3.1e-6", 3.1e-6, "exact", None, "metres"),
]

# (5) Units glued, abbreviated, or shared by coordination.
UNITS = [
    ("Rents rose 12pc last year.", "12pc", 12, "exact", "up", "percent"),
    ("The club paid £4m for the winger.", "£4m", 4e6, "exact", None, "pound"),
    ("The club paid €80m plus add-ons.", "€80m", 8e7, "exact", None, "euro"),
    ("The tower cost Dh500 million to build.", "Dh500 million", 5e8, "exact", None, "dirham"),
    ("The road will cost Ksh 2.5 billion.", "Ksh 2.5 billion", 2.5e9, "exact", None, "shilling"),
    ("The bank raised SFr 200 million.", "SFr 200 million", 2e8, "exact", None, "franc"),
    ("The flat offers 450sq m of floor space.", "450", 450, "exact", None, "sq m"),
    ("The platform claims 7 B users worldwide.", "7 B", 7e9, "exact", None, "users"),
    ("The wave reached 12m (39ft) near the pier.", "12m", 12, "exact", None, "m"),
    ("The wave reached 12m (39ft) near the pier.", "39ft", 39, "exact", None, "ft"),
    ("Dealers sold 4.1 million units, up from 3.6 million a year earlier.", "3.6 million", 3.6e6,
     "exact", None, "units"),
    ("Bake the cake in a 10- or 12-inch pan.", "10", 10, "exact", None, "inch"),
    ("Bake the cake in a 10- or 12-inch pan.", "12", 12, "exact", None, "inch"),
    ("The highest bid was 84.75 cents, while the lowest was 74.07.", "74.07", 74.07, "exact", None,
     "cents"),
    ("Halvorsen, 66, retired in the spring.", "66", 66, "exact", None, "age"),
    # the same age in text stripped of its commas
    ("Ines Varga 52 said she would stay on.", "52", 52, "exact", None, "age"),
    ("Tom Okafor 61 has run the bakery since 1990.", "61", 61, "exact", None, "age"),
    # a unit written apart from the number keeps its "per" part
    ("The cell delivered 2.5 A/cm2 at peak load.", "2.5", 2.5, "exact", None, "A/cm2"),
    ("Lorries are held to 80 km/h on the bridge.", "80", 80, "exact", None, "km/h"),
    ("The rand traded at 18.20 per dollar.", "18.20", 18.20, "exact", None, "per dollar"),
    ("Children aged 5 to 11 will be offered the jab.", "5 to 11", (5, 11), "range", None, "age"),
]

# (7) Fractions.
FRACTIONS = [
    ("One in five voters had not decided.", "One in five", 0.2, "exact", None, None),
    ("The fever killed 1 in every 40 patients.", "1 in every 40", 0.025, "exact", None, "patients"),
    ("The party won half the seats in the chamber.", "half", 0.5, "exact", None, "seats"),
    ("Stir in 3/4 cup of sugar.", "3/4", 0.75, "exact", None, "cup"),
    ("A third of those surveyed backed the plan.", "third", 1 / 3, "exact", None, "those surveyed"),
    ("Nearly two-thirds of the members voted yes.", "two-thirds", 2 / 3, "approx", None, "members"),
    # a fraction of a unit: "a quarter-point", "half a percentage point", "a half-hour"
    ("The central bank raised rates by a quarter-point.", "quarter-point", 0.25, "exact", "up",
     "point"),
    ("The central bank delivered a quarter-point cut.", "quarter-point", 0.25, "exact", None,
     "point"),
    ("The lender cut rates by half a percentage point.", "half a percentage point", 0.5, "exact",
     "down", "percentage point"),
    ("The ferry crossing takes a half-hour.", "half-hour", 0.5, "exact", None, "hour"),
    # a part of an amount counted next counts the same thing
    ("Only one-third of the 600 seats were filled.", "one-third", 1 / 3, "exact", None, "seats"),
    ("Half of the 1,200 staff were sent home.", "Half", 0.5, "exact", None, "staff"),
]


@pytest.mark.parametrize(
    "text,needle,value,qualifier,trend,thing",
    TREND + BOUNDS + RANGES + NUMERALS + UNITS + FRACTIONS,
)
def test_quantity_class(nlp, text, needle, value, qualifier, trend, thing):
    _check(_one(nlp, text, needle), value, qualifier, trend, thing)


# (6) Not quantities: numbers in names, "zero" compounds, list markers. (text, what must
# not be read as an amount: a number value that no quantity may have)
NOT_QUANTITIES = [
    ("The Galaxy S9 sold well in Korea.", 9),
    ("The FTSE 100 closed higher on Friday.", 100),
    ("London's FTSE 100 index added 0.4%.", 100),
    ("The sp 500 is poised to fall.", 500),
    ("The S&P 500 slipped 0.3% in early trade.", 500),
    ("Investigators studied Flight MH-17 for years.", -17),
    ("Investigators studied Flight MH-17 for years.", 17),
    ("Unions want zero-hours contracts banned.", 0),
    ("The mayor promised zero-tolerance policing.", 0),
    ("The final stage, 3, crosses the Alps.", 3),
    ("Kerr: 7 Solid at the back and calm on the ball.", 7),
    ("The riders got their hands on one in the end.", 1),
    ("Apollo 11 has a place in every history book.", 11),
    ("Grand Theft Auto 5 was the best seller.", 5),
    ("The Pixel 8 sold out within a day.", 8),
    ("Oil prices fell for a third day running.", 1 / 3),
    ("Markets slid for a fifth week.", 0.2),
    ("A 7-Eleven shop on the corner was robbed.", 7),
    ("A 7-Eleven shop on the corner was robbed.", 11),
]

# Still amounts: a count in apposition, "more than one", a range starting at "one".
STILL_QUANTITIES = [
    ("The death toll, 12, is expected to rise.", 12),
    ("More than one bidder walked away.", 1),
    ("Update: 5 People Hurt In Crash", 5),
    ("Capital gains held for one to two years are taxed less.", None),
    ("The measure passed 52 percent to 48 percent.", 52),
    ("The measure passed 52 percent to 48 percent.", 48),
]


@pytest.mark.parametrize("text,value", STILL_QUANTITIES)
def test_still_a_quantity(nlp, text, value):
    qs = [q for _, q in _quantities(nlp, text)]
    assert qs, text
    if value is not None:
        assert value in [q.value for q in qs], qs


@pytest.mark.parametrize("text,value", NOT_QUANTITIES)
def test_not_a_quantity(nlp, text, value):
    values = [q.value for _, q in _quantities(nlp, text)]
    assert value not in values, _quantities(nlp, text)


# A fraction borrows the counted thing only from the amount right after "of (the)".
FRACTION_OWN_THING = [
    ("The port town emerged from a half-century of neglect, and 2,000 people left.", "half", None),
    ("Only one-third of the 600 seats were filled.", "one-third", "seats"),
]


@pytest.mark.parametrize("text,needle,thing", FRACTION_OWN_THING)
def test_fraction_thing(nlp, text, needle, thing):
    assert _one(nlp, text, needle).thing == thing
