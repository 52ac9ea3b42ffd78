"""Estimate series: measure labels, what counts as a point, qualifier-aware pairing of
figures (conflict, revision, another time period), and series built from claims and from an
article's own figures, on both back ends."""

from __future__ import annotations

import pytest
from linkrecords import record, span

from claimledger.ledger import Ledger
from claimledger.linking import link_pending
from claimledger.linking.estimates import (
    Figure,
    contexts,
    is_countable,
    is_part_or_increment,
    is_projected,
    list_points,
    measure_label,
    measure_of,
    pair_type,
)
from claimledger.record import Quantity

# (sentence, the figure as written, its counted thing as the extractor gives it, measure)
MEASURE_CASES = [
    ("Four people were killed when the bridge fell.", "Four people", "people", "killed"),
    ("The crash left 9 dead and dozens hurt.", "9", None, "killed"),
    ("The death toll rose to 41 by Monday.", "41", None, "killed"),
    ("At least 30 residents died in the blaze.", "At least 30 residents", "residents", "killed"),
    ("It said 12 deaths had been confirmed.", "12 deaths", "deaths", "killed"),
    ("Officials said 15 people were injured.", "15 people", "people", "injured"),
    ("About 40 were wounded in the clashes.", "About 40", None, "injured"),
    ("Six passengers were hurt.", "Six passengers", "passengers", "injured"),
    ("The storm forced 2,000 people from their homes.", "2,000 people", "people", "displaced"),
    ("Some 800 residents were evacuated overnight.", "Some 800 residents", "residents", "displaced"),
    ("About 5,000 people had been displaced by the floods.", "About 5,000 people", "people", "displaced"),
    ("Police arrested 23 protesters on Friday.", "23 protesters", "protesters", "arrested"),
    ("Eleven men were detained at the border.", "Eleven men", "men", "arrested"),
    ("Nine climbers were still missing.", "Nine climbers", "climbers", "missing"),
    ("The army sent 3,000 troops to the border.", "3,000 troops", "troops", "troops"),
    ("It deployed 1,500 special forces personnel.", "1,500 special forces personnel", "special forces personnel", "troops"),
    ("More than 600 soldiers were sent north.", "More than 600 soldiers", "soldiers", "troops"),
    ("Three soldiers were killed in the ambush.", "Three soldiers", "soldiers", "killed"),
    ("It lost 600,000 killed or wounded troops.", "600,000 killed or wounded troops", "killed or wounded troops", "casualties"),
    # nothing named, or not a count of people at all
    ("The council has 40 members.", "40 members", "members", None),
    ("The fund pays $5 million to the families of those killed.", "$5 million", "dollar", None),
    ("Turnout fell to 40% after the attack that killed two.", "40%", "%", None),
    ("Rescuers worked for 48 hours to free the dead.", "48 hours", "hours", None),
]


@pytest.mark.parametrize(("sentence", "figure", "thing", "expected"), MEASURE_CASES)
def test_measure_of_a_figure(sentence: str, figure: str, thing: str | None, expected: str | None) -> None:
    s, e = span(sentence, figure)
    left, right = contexts(sentence, (s, e), (0, len(sentence)))
    assert measure_of(thing, left, right) == expected


def test_the_nearest_event_word_wins_and_clauses_stop_it() -> None:
    text = "21 people had been confirmed dead and that dozens were still missing"
    s, e = span(text, "dozens")
    left, right = contexts(text, (s, e), (span(text, "21 people")[1], len(text)))
    assert measure_of(None, left, right) == "missing"
    text = "Floods forced 900 people from their homes and killed at least 14"
    s, e = span(text, "at least 14")
    left, right = contexts(text, (s, e), (span(text, "900 people")[1], len(text)))
    assert measure_of(None, left, right) == "killed"


@pytest.mark.parametrize(("name", "measure"), [
    ("troops", "troops"), ("soldiers", "troops"), ("dead", "killed"), ("deaths", "killed"),
    ("death toll", "killed"), ("wounded", "injured"), ("evacuated", "displaced"),
    ("detained", "arrested"), ("killed", "killed"),
])
def test_measure_label_of_a_user_word(name: str, measure: str) -> None:
    assert measure_label(name) == measure


@pytest.mark.parametrize(("after", "expected"), [
    (" of them seriously", True), (" of whom were children", True), (" more died", True),
    (" children were among the injured", True), ("-storey block", True),
    (" people were killed", False), (" were injured", False),
])
def test_parts_increments_and_adjectives_are_not_counts(after: str, expected: bool) -> None:
    assert is_part_or_increment(after) is expected


@pytest.mark.parametrize(("left", "expected"), [
    ("Pyongyang had promised to provide a total of ", True),
    ("accused the North of preparing to send ", True),
    ("officials said the toll could reach ", True),
    ("the North has sent ", False),
    ("the agency said ", False),
])
def test_promised_and_feared_figures(left: str, expected: bool) -> None:
    assert is_projected(left) is expected


@pytest.mark.parametrize(("thing", "text", "value", "relation", "expected"), [
    ("people", "12 people", 12, None, True),
    (None, "2019", 2019, None, False),  # a year
    ("crowns", "250 million crowns", 2.5e8, None, False),
    (None, "The figure of 3,000", 3000, '{"type": "multiple"}', False),  # a comparison
    ("%", "8%", 8, None, False),
])
def test_what_can_be_a_point(thing, text, value, relation, expected) -> None:  # noqa: ANN001
    assert is_countable(thing, text, value, relation) is expected


def fig(value, qualifier="exact", day="2025-03-10", source="entity:1|agency", low=None, high=None,
        projected=False, stance="assert") -> Figure:  # noqa: ANN001
    return Figure(value, low, high, qualifier, day, source, 1, projected, stance)


MAYOR, AGENCY = "entity:2|mayor", "entity:1|agency"
# (earlier, later, expected pair type)
PAIR_CASES = [
    # two sources, same day, ranges that cannot both hold
    (fig(100, "over", source=MAYOR), fig(41), "estimate_conflict"),
    (fig(41), fig(100, "over", source=MAYOR), "estimate_conflict"),
    (fig(12, "exact"), fig(14, "exact", source=MAYOR), "estimate_conflict"),
    # qualifiers respected: these can both hold
    (fig(14, "at_least"), fig(21, source=MAYOR), None),
    (fig(3000, "approx"), fig(3200, source=MAYOR), None),
    (fig(3000, "exact"), fig(3100, source=MAYOR), None),  # a round figure is a rounding
    (fig(50, "under", source=MAYOR), fig(41), None),
    (fig(None, "range", low=20, high=30, source=MAYOR), fig(25), None),
    (fig(None, "range", low=20, high=30, source=MAYOR), fig(45), "estimate_conflict"),
    (fig(100, "at_most", source=MAYOR), fig(150), "estimate_conflict"),
    # another time period: figures days apart are not a conflict
    (fig(1500, "approx", day="2024-10-18"), fig(3000, day="2024-10-23", source=MAYOR), None),
    (fig(12, day="2025-03-10"), fig(40, day="2025-03-11", source=MAYOR), None),
    # a promise or a hedge is not a reported figure
    (fig(3000), fig(10000, source=MAYOR, projected=True), None),
    (fig(3000), fig(10000, source=MAYOR, stance="hedge"), None),
    # one source changing its own figure over time: a revision
    (fig(12, day="2025-03-10"), fig(23, day="2025-03-12"), "revision"),
    (fig(70, "approx", day="2025-03-12"), fig(52, day="2025-03-13"), "revision"),
    (fig(12, day="2025-03-10"), fig(12, day="2025-03-12"), None),  # the same figure again
    (fig(12, day="2025-03-10"), fig(23, day="2025-03-10"), None),  # same day: two figures, not a change
    # one source under two names ("the Civil Protection Agency", "Karvenian Civil Protection Agency")
    (fig(41, day="2025-03-10", source="entity:5|civil protection agency"),
     fig(57, day="2025-03-15", source="entity:9|karvenian civil protection agency"), "revision"),
    # an unknown day never pairs across sources
    (fig(12, day=None), fig(100, "over", source=MAYOR), None),
]


@pytest.mark.parametrize(("earlier", "later", "expected"), PAIR_CASES)
def test_pair_type(earlier: Figure, later: Figure, expected: str | None) -> None:
    assert pair_type(earlier, later) == expected


# -- stored series -----------------------------------------------------------------------

DAM_1 = ("At least 12 people were killed when the Orvel dam burst on Saturday near the town of "
         "Brisk. The Brisk flood agency said it had confirmed 12 deaths by Sunday. The agency said "
         "about 3,000 people had been forced from their homes.")
DAM_2 = ("The confirmed death toll from the Orvel dam burst near Brisk has risen to 23, the Brisk "
         "flood agency said on Tuesday. The mayor of Brisk, Ana Roth, said more than 100 people "
         "had been killed in the Orvel dam burst. The agency said about 8,000 people had been "
         "forced from their homes near Brisk.")
DAM_3 = ("The mayor of Brisk, Ana Roth, said on Wednesday that more than 100 people had been killed "
         "in the Orvel dam burst. The Brisk flood agency said the confirmed death toll from the "
         "Orvel dam burst stood at 41 on Wednesday.")


def qty(text: str, part: str, value: float, qualifier: str = "exact", thing: str | None = None,
        low: float | None = None) -> Quantity:
    return Quantity(span=span(text, part), value=value, low=low, qualifier=qualifier, thing=thing)


def dam_records():  # noqa: ANN201
    r1 = record("dam-1", "2025-03-09", DAM_1, [
        ("Brisk flood agency", "The Brisk flood agency", "it had confirmed 12 deaths by Sunday"),
        ("Brisk flood agency", "The agency", "about 3,000 people had been forced from their homes"),
    ], title="Orvel dam burst kills 12 near Brisk")
    r1.quantities = [qty(DAM_1, "At least 12 people", 12, "at_least", "people", 12),
                     qty(DAM_1, "12 deaths", 12, thing="deaths"),
                     qty(DAM_1, "about 3,000 people", 3000, "approx", "people")]
    r2 = record("dam-2", "2025-03-11", DAM_2, [
        ("Brisk flood agency", "the Brisk flood agency",
         "The confirmed death toll from the Orvel dam burst near Brisk has risen to 23"),
        ("Ana Roth", "The mayor of Brisk, Ana Roth", "more than 100 people had been killed in the Orvel dam burst"),
        ("Brisk flood agency", "The agency", "about 8,000 people had been forced from their homes near Brisk"),
    ], title="Orvel dam burst toll rises to 23 near Brisk")
    r2.quantities = [qty(DAM_2, "23", 23), qty(DAM_2, "more than 100 people", 100, "over", "people", 100),
                     qty(DAM_2, "about 8,000 people", 8000, "approx", "people")]
    r2.claims[0].said_on = "2025-03-11"
    r3 = record("dam-3", "2025-03-12", DAM_3, [
        ("Ana Roth", "The mayor of Brisk, Ana Roth", "more than 100 people had been killed in the Orvel dam burst"),
        ("Brisk flood agency", "The Brisk flood agency",
         "the confirmed death toll from the Orvel dam burst stood at 41 on Wednesday"),
    ], title="Orvel dam burst: mayor disputes toll near Brisk")
    r3.quantities = [qty(DAM_3, "more than 100 people", 100, "over", "people", 100), qty(DAM_3, "41", 41)]
    for c in r3.claims:
        c.said_on = "2025-03-12"
    return [r1, r2, r3]


def test_series_from_claims_and_the_article_s_own_figures(ledger_url: str) -> None:
    with Ledger(ledger_url) as ledger:
        for rec in dam_records():
            ledger.add(rec)
            assert not link_pending(ledger).errors
        killed = list_points(ledger, "dead")
        displaced = list_points(ledger, "evacuated")
    assert len({p["series"] for p in killed}) == 1  # one story, one measure: one series
    assert {p["measure"] for p in killed} == {"killed"}
    assert [(p["article"], p["value"], p["qualifier"]) for p in killed] == [
        ("dam-1", 12, "at_least"), ("dam-1", 12, "exact"), ("dam-2", 23, "exact"),
        ("dam-2", 100, "over"), ("dam-3", 100, "over"), ("dam-3", 41, "exact")]
    own = killed[0]  # "At least 12 people were killed": the article's own figure
    assert own["claim"] is None and own["speaker"] == "the publication"
    assert own["said_on"] == "2025-03-09" and own["text"].startswith("At least 12 people were killed")
    agency = killed[1]
    assert agency["claim"] is not None and agency["speaker"] == "Brisk flood agency"
    assert agency["origins"] == 1 and agency["via"] == []
    assert [p["value"] for p in displaced] == [3000, 8000]
    assert len({p["series"] for p in displaced}) == 1 and displaced[0]["series"] != killed[0]["series"]


def test_conflicts_and_revisions_of_the_series(ledger_url: str) -> None:
    from claimledger.linking.contradictions import list_contradictions

    with Ledger(ledger_url) as ledger:
        for rec in dam_records():
            ledger.add(rec)
        assert not link_pending(ledger).errors
        pairs = list_contradictions(ledger)
    conflicts = [(p["a"]["text"], p["b"]["text"]) for p in pairs if p["type"] == "estimate_conflict"]
    # the mayor's "more than 100" against the agency's figure of the same day (23 on Tuesday,
    # 41 on Wednesday); her Wednesday figure is not paired with the agency's Tuesday 23
    assert conflicts == [
        ("The confirmed death toll from the Orvel dam burst near Brisk has risen to 23",
         "more than 100 people had been killed in the Orvel dam burst"),
        ("more than 100 people had been killed in the Orvel dam burst",
         "the confirmed death toll from the Orvel dam burst stood at 41 on Wednesday")]
    revisions = [(p["a"]["said_on"], p["b"]["said_on"], p["b"]["speaker"]) for p in pairs if p["type"] == "revision"]
    assert ("2025-03-09", "2025-03-11", "Brisk flood agency") in revisions  # 12 -> 23 (killed)
    assert ("2025-03-11", "2025-03-12", "Brisk flood agency") in revisions  # 23 -> 41
    assert all(p["a"]["speaker"] == p["b"]["speaker"] for p in pairs if p["type"] == "revision")
    # the mayor said the same figure twice: no revision of her own
    assert not any(p["a"]["speaker"] == "Ana Roth" for p in pairs if p["type"] == "revision")


@pytest.mark.parametrize(("thing", "text", "value", "expected"), [
    ("extra minutes", "15 extra minutes", 15, False),  # the counted head is a unit
    (None, "6 in 10", 0.6, False),  # a share
    ("people", "20 people", 20, True),
])
def test_units_and_shares_are_not_points(thing, text, value, expected) -> None:  # noqa: ANN001
    assert is_countable(thing, text, value, None) is expected


@pytest.mark.parametrize(("after", "expected"), [
    (" of the high court's justices died", True), (" of his brothers were killed", True),
])
def test_one_of_a_group_is_not_a_count(after: str, expected: bool) -> None:
    assert is_part_or_increment(after) is expected


AGES = ("Jon Brill, 58, said two people were killed in the crash near Tarn. One of the dead was "
        "a driver who died at age 74, police said.")


def test_ages_and_one_of_a_group_are_not_points(ledger_url: str) -> None:
    rec = record("ages", "2025-05-02", AGES, [("Jon Brill", "Jon Brill", "two people were killed in the crash near Tarn")])
    rec.quantities = [qty(AGES, "58", 58), qty(AGES, "two people", 2, thing="people"),
                      qty(AGES, "One of the dead", 1, thing="dead"), qty(AGES, "74", 74)]
    with Ledger(ledger_url) as ledger:
        ledger.add(rec)
        assert not link_pending(ledger).errors
        points = list_points(ledger)
    assert [(p["measure"], p["value"], p["speaker"]) for p in points] == [("killed", 2, "Jon Brill")]
