"""Quantities: values, qualifiers, ranges, trends, counted things, and what is no amount."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.extraction.pipeline import load_model
from claimledger.extraction.quantities import find_quantities
from claimledger.record import Quantity


@pytest.fixture(scope="module")
def nlp():
    try:
        return load_model()
    except Exception as exc:  # the model is a separate install
        pytest.skip(f"no spaCy model: {exc}")


def _quantities(nlp, text: str) -> list[tuple[str, Quantity]]:
    return [(text[q.span[0] : q.span[1]], q) for q in find_quantities(nlp(text))]


def _one(nlp, text: str, needle: str) -> Quantity:
    """The quantity whose span contains `needle`."""
    found = [(s, q) for s, q in _quantities(nlp, text) if needle in s]
    assert len(found) == 1, f"{needle!r} in {[s for s, _ in _quantities(nlp, text)]}"
    return found[0][1]


# (text, a piece of the quantity's span, value, qualifier, thing or None)
VALUE_CASES = [
    # digits, separators, number words
    ("Police said 1,250 protesters gathered outside the court.", "1,250", 1250, "exact", "protesters"),
    ("The plant employs 48 engineers.", "48", 48, "exact", "engineers"),
    ("Three ministers resigned on the same day.", "Three", 3, "exact", "ministers"),
    ("The fund bought a dozen paintings at the sale.", "dozen", 12, "exact", "paintings"),
    ("Officials counted twenty-seven ballot boxes.", "twenty-seven", 27, "exact", "ballot boxes"),
    ("The town has four hundred and twelve homes.", "four hundred", 412, "exact", "homes"),
    ("The firm made 0.75 cents a share.", "0.75", 0.75, "exact", "cents"),
    # scales and money
    ("The government pledged 1.5 billion for the railway.", "1.5 billion", 1.5e9, "exact", None),
    ("The club agreed a $1.5bn stadium loan.", "$1.5bn", 1.5e9, "exact", "dollar"),
    ("The app now has 2m subscribers.", "2m", 2e6, "exact", "subscribers"),
    ("The council spent €40,000 on the report.", "€40,000", 40000, "exact", "euro"),
    ("Shares closed at £3.20 in London.", "£3.20", 3.2, "exact", "pound"),
    ("Exports reached US $84 billion last year.", "US $84 billion", 84e9, "exact", "US dollar"),
    ("The tender was worth 12 million dollars.", "12 million", 12e6, "exact", "dollars"),
    ("The island sold 4 hundred tickets.", "4 hundred", 400, "exact", "tickets"),
    ("Net profit reached 12 mln euros.", "12 mln", 12e6, "exact", "euros"),
    ("The shop sold 2 dozen cakes.", "2 dozen", 24, "exact", "cakes"),
    ("The state paid Rs 500 crore for the dam.", "Rs 500 crore", 5e9, "exact", "rupee"),
    ("The striker signed a $5.5-million contract.", "$5.5-million", 5.5e6, "exact", "dollar"),
    ("Sales reached $4.1 billion in the quarter.", "$4.1 billion", 4_100_000_000, "exact",
     "dollar"),
    # percentages
    ("Turnout was 61.4% in the capital.", "61.4%", 61.4, "exact", "%"),
    ("Unemployment stood at 7 per cent in March.", "7 per cent", 7, "exact", "percent"),
    ("Nearly five percent of the votes were spoiled.", "five percent", 5, "approx", "percent"),
    # fractions
    ("Half of the respondents backed the plan.", "Half", 0.5, "exact", "respondents"),
    ("Two-thirds of the seats went to the coalition.", "Two-thirds", 2 / 3, "exact", "seats"),
    ("A quarter of the budget goes to defence.", "A quarter", 0.25, "exact", "budget"),
    ("One in five adults has no savings, the survey found.", "One in five", 0.2, "exact", "adults"),
    ("He will be 30 years old in May.", "30", 30, "exact", "years old"),
    ("Each bottle holds 1/4 of a litre.", "1/4", 0.25, "exact", "litre"),
    ("The project took two and a half years.", "two and a half", 2.5, "exact", "years"),
    ("Around a quarter of a million people attended.", "quarter", 250000, "approx", "people"),
    ("Half a million tourists visit each year.", "Half a million", 500000, "exact", "tourists"),
    ("Overnight lows reached minus 20C in the valley.", "minus 20C", -20, "exact", "C"),
    ("The margin of error is plus or minus 3 points.", "3 points", 3, "exact", "points"),
    # approximators
    ("About 300 villagers fled the fighting.", "About 300", 300, "approx", "villagers"),
    ("Some 1,400 families lost their homes.", "Some 1,400", 1400, "approx", "families"),
    ("Around 90 trucks crossed the border.", "Around 90", 90, "approx", "trucks"),
    ("Nearly 40 lawmakers signed the letter.", "Nearly 40", 40, "approx", "lawmakers"),
    ("Roughly 2,000 sheep drowned in the flood.", "Roughly 2,000", 2000, "approx", "sheep"),
    ("An estimated 15,000 fans watched the final.", "An estimated 15,000", 15000, "approx", "fans"),
    # bounds
    ("More than 200 flights were cancelled.", "More than 200", 200, "over", "flights"),
    ("Fewer than 30 pupils attended the school.", "Fewer than 30", 30, "under", "pupils"),
    ("The storm left less than 5 cm of snow.", "less than 5", 5, "under", "cm"),
    ("At least 17 miners were trapped.", "At least 17", 17, "at_least", "miners"),
    ("The ship carries at most 80 passengers.", "at most 80", 80, "at_most", "passengers"),
    ("The scheme will create up to 400 jobs.", "up to 400", 400, "at_most", "jobs"),
    ("The fine applies to firms with 50 or more staff.", "50 or more", 50, "at_least", "staff"),
    ("The company cut more than 6,000 roles.", "more than 6,000", 6000, "over", "roles"),
    # measures and units
    ("The bridge will be 1,300 meters long.", "1,300", 1300, "exact", "meters"),
    ("The truck weighs 278kg empty.", "278kg", 278, "exact", "kg"),
    ("The phone ships with a 65W charger.", "65W", 65, "exact", "W"),
    ("The runners covered 42 km before noon.", "42 km", 42, "exact", "km"),
    ("The shares traded at 164p on Friday.", "164p", 164, "exact", "p"),
    ("A 15-year-old student won the prize.", "15", 15, "exact", "year-old"),
    ("The satellite circled the Earth more than 3200 times.", "3200 times", 3200, "over", "times"),
    ("The recipe needs 1520 grams of flour.", "1520", 1520, "exact", "grams"),
    ("The station logged minus readings of -5 degrees.", "-5", -5, "exact", "degrees"),
    # the counted thing includes modifiers and coordinations
    ("The army sent some 1,500 special forces personnel.", "1,500", 1500, "approx",
     "special forces personnel"),
    ("The war has cost more than 60,000 killed or wounded soldiers.", "60,000", 60000, "over",
     "killed or wounded soldiers"),
    ("The rebels seized 35m of the bank's dollar reserves.", "35m", 35e6, "exact",
     "dollar reserves"),
]


@pytest.mark.parametrize(("text", "needle", "value", "qualifier", "thing"), VALUE_CASES)
def test_value_qualifier_thing(nlp, text, needle, value, qualifier, thing):
    q = _one(nlp, text, needle)
    assert q.value == pytest.approx(value)
    assert q.qualifier == qualifier
    if thing is None:
        assert q.thing is None or q.thing == "dollar"
    else:
        assert q.thing == thing


# (text, piece of span, low, high, qualifier, thing)
RANGE_CASES = [
    ("Talks could last between 3 and 5 weeks.", "3 and 5", 3, 5, "range", "weeks"),
    ("Tickets cost 40 to 60 euros each.", "40 to 60", 40, 60, "range", "euros"),
    ("The drill needs 5-10 volunteers.", "5-10", 5, 10, "range", "volunteers"),
    ("The fine could reach $3 billion to $5 billion.", "$3 billion", 3e9, 5e9, "range", "dollar"),
    ("Analysts expect $89 to $93 billion in sales.", "$89 to $93 billion", 89e9, 93e9, "range",
     "dollar"),
    ("Crowds of 1 to 2 thousand people gathered.", "1 to 2 thousand", 1000, 2000, "range", "people"),
    ("Rents rose from $900 to $1,200 a month.", "$900 to $1,200", 900, 1200, "range", "dollar"),
    ("Growth of five per cent to 20 per cent is possible.", "five per cent", 5, 20, "range",
     "percent"),
    ("The price is $7/$9 per share.", "$7/$9", 7, 9, "range", "dollar"),
    ("Temperatures dropped by 1 to 1.5 degrees.", "1 to 1.5", 1, 1.5, "range", "degrees"),
    ("Claims ranged from $200 to $4 million.", "$200 to $4 million", 200, 4e6, "range", "dollar"),
    # vague plurals: value null, NewsQuant's ranges
    ("Thousands of people marched in the capital.", "Thousands", 1e3, 1e4, "vague", "people"),
    ("Hundreds of homes were flooded.", "Hundreds", 100, 1000, "vague", "homes"),
    ("Tens of thousands of fans filled the streets.", "Tens of thousands", 1e4, 1e5, "vague",
     "fans"),
    ("Millions of viewers watched the debate.", "Millions", 1e6, 1e7, "vague", "viewers"),
    ("Dozens of shops were looted.", "Dozens", 12, 120, "vague", "shops"),
    ("Several hundred nurses joined the strike.", "Several hundred", 100, 1000, "vague", "nurses"),
    ("A few thousand runners took part.", "A few thousand", 1000, 10000, "vague", "runners"),
    ("The army sent 3,000 troops and thousands more will follow.", "thousands more", 1e3, 1e4,
     "vague", None),
]


@pytest.mark.parametrize(("text", "needle", "low", "high", "qualifier", "thing"), RANGE_CASES)
def test_ranges_and_vague_amounts(nlp, text, needle, low, high, qualifier, thing):
    q = _one(nlp, text, needle)
    assert (q.low, q.high) == (pytest.approx(low), pytest.approx(high))
    assert q.value is None
    assert q.qualifier == qualifier
    assert q.thing == thing


# (text, piece of span, value, trend)
TREND_CASES = [
    ("Exports rose 5% in the second half.", "5%", 5, "up"),
    ("Revenue rose by 12 percent.", "12 percent", 12, "up"),
    ("The index fell 0.4 per cent to 13,176 points.", "0.4 per cent", 0.4, "down"),
    ("The index fell 0.4 per cent to 13,176 points.", "13,176", 13176, None),
    ("Shares of the miner slid 3.1% after the report.", "3.1%", 3.1, "down"),
    ("Output was cut by 200,000 barrels a day.", "200,000", 200000, "down"),
    ("Nasdaq +0.8% in early trade.", "+0.8%", 0.8, "up"),
    ("Dax -1.6% at the close.", "-1.6%", -1.6, "down"),
    ("Gold climbed more than 3% on the week.", "3%", 3, "up"),
    ("The coin slumped as much as 9% overnight.", "9%", 9, "down"),
    ("The index lost 350 points, or 1.1%, on Monday.", "1.1%", 1.1, "down"),
    ("The defence gave up 310 passing yards.", "310", 310, None),
    ("The agency employs 300 inspectors.", "300", 300, None),
    ("Profits doubled to 80 million pounds.", "80 million", 80e6, "up"),
    ("Waiting lists were cut by a third.", "a third", 1 / 3, "down"),
]


@pytest.mark.parametrize(("text", "needle", "value", "trend"), TREND_CASES)
def test_trend(nlp, text, needle, value, trend):
    q = _one(nlp, text, needle)
    assert q.value == pytest.approx(value)
    assert q.trend == trend


def test_bracketed_conversion_shares_the_qualifier(nlp):
    text = "Clients with more than 7.5 million crowns (US $1.1 million) pay the fee."
    q = _one(nlp, text, "1.1 million")
    assert (q.value, q.qualifier) == (1.1e6, "over")


def test_relation_twice_a_previous_estimate(nlp):
    text = "The figure of 4,000 is twice an earlier estimate by the agency."
    q = _one(nlp, text, "4,000")
    assert q.value == 4000
    assert q.relation is not None
    assert q.relation["type"] == "multiple" and q.relation["factor"] == 2
    s, e = q.relation["of"]
    assert text[s:e] == "an earlier estimate"
    assert not [s for s, _ in _quantities(nlp, text) if "twice" in s]


# Texts with no quantity at all: years, dates, times, ordinals, phone numbers, names with
# numbers, list markers, scores, codes.
NON_QUANTITIES = [
    "The treaty was signed in 1998 and revised in 2004.",
    "The vote is set for March 19, with results on 1 September 2025.",
    "The market opened at 9:30 a.m. and closed at 4 p.m. on Friday.",
    "Trading halted at 12:01 a.m. EDT (0401 GMT) on Friday.",
    "The 22nd amendment limits presidents; the club finished 10th.",
    "Call the helpline on 555-867-5309 for details.",
    "Apollo 11 landed on the moon, and the G7 met in Rome.",
    "COVID-19 cases fell after the campaign.",
    "The bill passed under Part 3 of the act.",
    "1. Preheat the oven.\n2) Mix the flour.",
    "City beat United 2-1 at the weekend.",
    "The S&P 500 closed higher.",
    "She grew up in the 1990s.",
    "He lives at 10 Downing Street with his family.",
    "The 2014-15 season was the club's best.",
    "The files were dated 2019-09-01T10:38:07Z in the log.",
    "No one came, and the talks went on one by one.",
    "He scored twice in the second half.",
    "She met him at three o'clock.",
    "The TA-35 index and the CAC40 both opened.",
    "The postcode is M21 9AB.",
    "Call 0800 123 4567 or +44 20 7946 0958 for help.",
    "The board backed the merger in a 3-2 vote.",
    "The house rose at 10 o'clock and met again at three o'clock.",
    "The poll was taken Sept. 19 to 22 among likely voters.",
    "The accord was signed on 2024/10/23 in the capital.",
    "Resolution 2334 was cited by the court.",
    "The bill passed by a 220-207 vote.",
]


@pytest.mark.parametrize("text", NON_QUANTITIES)
def test_non_quantities(nlp, text):
    assert [s for s, _ in _quantities(nlp, text)] == []


def test_year_is_no_quantity_but_a_count_is(nlp):
    found = [s for s, _ in _quantities(nlp, "In 2019 the firm hired 2000 workers.")]
    assert found == ["2000 workers"]


def test_empty_and_numberless_texts(nlp):
    assert find_quantities(nlp("")) == []
    assert find_quantities(nlp("The minister said nothing new.")) == []


# ---------------------------------------------------------------------------------------
# Properties: arbitrary text never raises, spans lie inside the text, bounds are ordered.

_PIECES = st.sampled_from(
    [
        "about", "more than", "up to", "between", "and", "to", "from", "-", "/", "$", "%",
        "1,500", "3", "2.5bn", "12m", "thousands", "of", "people", "rose", "fell", "by", "(",
        ")", "one", "twenty-one", "half", "a", "dozen", "per cent", "2019", "March", "p.m.",
        "\n1.", "km", "US $", "or more", "twice", "times", ",", ".", "-3", "+4%", "1/2",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=20),
       glue=st.sampled_from([" ", "", "  "]))
def test_properties_on_arbitrary_text(nlp, words, glue):
    text = glue.join(words)
    doc = nlp.make_doc(text) if len(text) > 200 else nlp(text)
    for q in find_quantities(doc):
        s, e = q.span
        assert 0 <= s <= e <= len(text)
        if q.low is not None and q.high is not None:
            assert q.low <= q.high
        if q.value is not None:
            if q.low is not None:
                assert q.low <= q.value
            if q.high is not None:
                assert q.value <= q.high
        assert q.qualifier in (
            "exact", "approx", "over", "under", "at_least", "at_most", "range", "vague"
        )
        assert q.trend in (None, "up", "down")
        if q.relation:
            rs, re_ = q.relation["of"]
            assert 0 <= rs <= re_ <= len(text)


_BLANK = spacy.blank("en")


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=80))
def test_blank_pipeline_never_raises(text):
    # A tokenizer-only doc has no tags or parse: the grammar must still hold up.
    for q in find_quantities(_BLANK(text)):
        assert 0 <= q.span[0] <= q.span[1] <= len(text)


# ---------------------------------------------------------------------------------------
# Regression guard on the NewsQuant dev part (skipped without ../shared).


@pytest.mark.slow
def test_newsquant_dev_scores(nlp, shared_dir):
    import importlib.util

    spec = importlib.util.spec_from_file_location("claimeval", shared_dir / "eval" / "claimeval.py")
    assert spec is not None and spec.loader is not None
    claimeval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(claimeval)
    gold_path = shared_dir / "data" / "newsquant" / "NewsQuant.dev.json"
    sents = claimeval.load_newsquant(gold_path)
    records = {}
    for i, doc in enumerate(nlp.pipe(s["text"] for s in sents)):
        records[f"nq-{i}"] = {"text": doc.text,
                              "quantities": [q.to_dict() for q in find_quantities(doc)]}
    res = claimeval.score_quantities(sents, records, "all")
    assert res["value"]["F1"] >= 0.92
    assert res["value+change"]["F1"] >= 0.88
    assert res["value+unit"]["F1"] >= 0.75
