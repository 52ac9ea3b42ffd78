"""Propositions: content terms with aliases and synonyms, the similarity that groups claims,
grouping across articles and speakers on both back ends, and the three CLI commands."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from linkrecords import record, span

from claimledger.cli import main
from claimledger.ledger import Ledger
from claimledger.linking import link_pending
from claimledger.linking.propositions import cosine, list_propositions, similarity
from claimledger.linking.terms import content_terms, find_places
from claimledger.record import Quantity

# (text, the place codes found in it)
PLACE_CASES = [
    ("DPRK troops are in Russia", ["KP", "RU"]),
    ("Pyongyang sent soldiers to help Moscow", ["KP", "RU"]),
    ("North Korean soldiers and the Kremlin", ["KP", "RU"]),
    ("Seoul\u2019s claims about the deployment", ["KR"]),
    ("the White House said", ["US"]),
    ("it may hurt us", []),  # "may" and "us" are words, not places
]


@pytest.mark.parametrize(("text", "codes"), PLACE_CASES)
def test_find_places(text: str, codes: list[str]) -> None:
    assert [code for _, _, code in find_places(text)] == codes


def test_the_north_is_the_country_the_article_names() -> None:
    assert [c for _, _, c in find_places("the North had sent troops", "North Korea said")] == ["KP"]
    assert find_places("the North had sent troops") == []


# (claim a, claim b, same proposition?)
SIMILAR_CASES = [
    ("North Korean troops are in Russia", "North Korea sent 3,000 soldiers to Russia", True),
    ("There is evidence that there are DPRK troops in Russia", "North Korean troops are in Russia", True),
    ("the dam wall had cracks", "engineers found cracks in the dam wall", True),
    ("the company ignored complaints about the doors", "tenants complained about the broken doors", True),
    ("North Korean troops are in Russia", "Russia signed a trade deal", False),
    ("Russia and North Korea signed a treaty", "North Korea sent troops to Russia", False),
    ("the mayor opened a new school", "the dam wall had cracks", False),
    # negated words: two claims that there was no warning share the word and its negation
    ("nobody warned the residents", "the residents received no warning", True),
    ("the alarm sounded late", "residents heard no alarm", False),
    # no synonym lists: different words for one thing are not matched by the default install
    ("Nobody warned us, there was no siren", "residents heard no alarm", False),
    # derivations and inflections through the stemmer, and measure words through one table
    ("the town was evacuated on Sunday", "the evacuation of the town began on Sunday", True),
    ("the coach had worn brakes", "the braking system of the coach had failed", True),
    ("two people died in the fire", "the fire killed two people", True),
    ("the bridge was inspected in March", "inspectors found cracks in the bridge in March", True),
    ("the dam was inspected in March", "the government would publish every inspection report", False),
    # prepositions and reporting verbs are not content ("stand behind", "would not comment on")
    ("We will not publish a number we cannot stand behind", "the state would stand behind the debts", False),
    ("he would not comment on the company's plans", "she did not comment on the company", False),
]


@pytest.mark.parametrize(("a", "b", "same"), SIMILAR_CASES)
def test_similarity(a: str, b: str, same: bool) -> None:
    from claimledger.linking.propositions import SIMILARITY

    assert (cosine(content_terms(a), content_terms(b)) >= SIMILARITY) is same
    assert similarity(content_terms(a), content_terms(b)) <= cosine(content_terms(a), content_terms(b))


# (text, its content terms): negation marks the words it governs, up to a clause break or
# a function word after them
NEGATION_CASES = [
    ("Nobody warned us. There was no siren", ["warn", "no:warn", "siren", "no:siren"]),
    ("not a call, not a message", ["messag", "no:messag"]),  # "call" is a reporting verb
    ("no warning from the company", ["warn", "no:warn", "compan"]),
    ("it came without warning", ["warn"]),  # "without" is not a negation
    ("the alarm was switched off", ["alarm", "switch"]),  # no phrasal-verb list
]


@pytest.mark.parametrize(("text", "terms"), NEGATION_CASES)
def test_negated_terms(text: str, terms: list[str]) -> None:
    assert content_terms(text) == terms


# (word, its term): irregular verbs, the Snowball stemmer cut to a prefix (derivations meet:
# "complained" / "complaint"), and the measure words of linking.estimates as one term each
STEM_CASES = [
    ("sent", "send"), ("fled", "flee"), ("brought", "bring"),
    ("evacuated", "=displaced"), ("evacuation", "=displaced"), ("homeless", "=displaced"),
    ("dead", "=killed"), ("died", "=killed"), ("toll", "=killed"), ("deaths", "=killed"),
    ("wounded", "=injured"), ("injuries", "=injured"), ("soldiers", "=troops"), ("personnel", "=troops"),
    ("missing", "=missing"), ("detained", "=arrested"),
    ("brakes", "brake"), ("braking", "brake"), ("complained", "complai"), ("complaint", "complai"),
    ("warned", "warn"), ("warnings", "warn"), ("disconnected", "disconn"), ("Hydrokar's", "hydroka"),
]


@pytest.mark.parametrize(("word", "term"), STEM_CASES)
def test_stem(word: str, term: str) -> None:
    from claimledger.linking.terms import stem

    assert stem(word) == term


def test_content_terms_share_measures_and_drop_function_words() -> None:
    assert content_terms("Pyongyang sent soldiers") == content_terms("DPRK sent troops")
    assert content_terms("The dead were taken away") == content_terms("those killed were taken away")
    assert content_terms("They said that it was the") == []


TROOPS_1 = ("North Korea has sent 3,000 troops to Russia to support Moscow's war, South Korean "
            "lawmakers said on Wednesday. The Kremlin denied that any North Korean troops were in Russia. "
            "Farm output in Russia rose this year, the agriculture ministry said.")
TROOPS_2 = ("There is evidence that there are DPRK troops in Russia, the U.S. defence secretary said "
            "on Thursday, as lawmakers in Seoul said Pyongyang had sent troops to Russia to support Moscow's war.")


def troop_records():  # noqa: ANN201
    r1 = record("troops-1", "2024-10-23", TROOPS_1, [
        ("South Korean lawmakers", "South Korean lawmakers",
         "North Korea has sent 3,000 troops to Russia to support Moscow's war"),
        ("Kremlin", "The Kremlin", "that any North Korean troops were in Russia"),
        ("agriculture ministry", "the agriculture ministry", "Farm output in Russia rose this year"),
    ], title="North Korea sends troops to Russia, lawmakers say")
    r1.claims[1].stance = "deny"
    r1.quantities = [Quantity(span=span(TROOPS_1, "3,000 troops"), value=3000, thing="troops")]
    r2 = record("troops-2", "2024-10-24", TROOPS_2, [
        ("Lloyd Austin", "the U.S. defence secretary", "There is evidence that there are DPRK troops in Russia"),
        ("South Korean lawmakers", "lawmakers in Seoul", "Pyongyang had sent troops to Russia to support Moscow's war"),
    ], title="US sees evidence of North Korean troops in Russia")
    return [r1, r2]


def test_claims_of_one_proposition_across_articles(ledger_url: str) -> None:
    with Ledger(ledger_url) as ledger:
        for rec in troop_records():
            ledger.add(rec)
            assert not link_pending(ledger).errors
        props = list_propositions(ledger)
        two = list_propositions(ledger, min_speakers=2)
    troops = [p for p in props if any("3,000 troops" in c["text"] for c in p["claims"])]
    assert len(troops) == 1
    texts = {c["text"] for c in troops[0]["claims"]}
    assert {"There is evidence that there are DPRK troops in Russia",
            "Pyongyang had sent troops to Russia to support Moscow's war",
            "that any North Korean troops were in Russia"} <= texts
    assert "Farm output in Russia rose this year" not in texts
    assert {c["stance"] for c in troops[0]["claims"]} == {"assert", "deny"}
    assert troops[0]["speakers"] >= 3 and troops[0]["origins"] == 2
    assert set(troops[0]) == {"proposition", "label", "claims", "speakers", "origins"}
    assert set(troops[0]["claims"][0]) == {"article", "claim", "speaker", "text", "stance"}
    assert [p["proposition"] for p in two] == [troops[0]["proposition"]]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table"])
def test_the_commands(tmp_path, fmt: str) -> None:  # noqa: ANN001
    db = str(tmp_path / "ledger.db")
    with Ledger(db) as ledger:
        for rec in troop_records():
            ledger.add(rec)
        assert not link_pending(ledger).errors
    runner = CliRunner()
    out = {}
    for cmd in (["estimates", "troops"], ["contradictions"], ["propositions", "--min-speakers", "2"]):
        res = runner.invoke(main, [*cmd, "--db", db, "--format", fmt])
        assert res.exit_code == 0, res.output
        out[cmd[0]] = res.stdout
    if fmt == "jsonl":
        points = [json.loads(x) for x in out["estimates"].splitlines()]
        assert [(p["measure"], p["value"], p["speaker"]) for p in points] == [("troops", 3000, "South Korean lawmakers")]
        assert set(points[0]) == {"series", "story", "measure", "thing", "value", "low", "high", "qualifier",
                                  "said_on", "speaker", "via", "article", "claim", "text", "origins"}
        pairs = [json.loads(x) for x in out["contradictions"].splitlines()]
        assert pairs and all(p["type"] == "denial" for p in pairs)
        assert set(pairs[0]) == {"type", "a", "b"}
        assert set(pairs[0]["a"]) == {"speaker", "text", "stance", "said_on", "article", "claim"}
    elif fmt == "csv":
        assert out["estimates"].splitlines()[0].startswith("series,story,measure")
        assert "a_speaker" in out["contradictions"].splitlines()[0]
    else:
        assert "3000" in out["estimates"] and "troops" in out["estimates"]


def test_the_commands_without_a_ledger(tmp_path) -> None:  # noqa: ANN001
    res = CliRunner().invoke(main, ["estimates", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2 and "no ledger here" in res.output


def test_one_call_or_many_and_relink_give_the_same_rows(ledger_url: str) -> None:
    from test_contradictions import hydro_records
    from test_estimates import dam_records

    from claimledger.linking import LinkDB, relink

    recs = [*dam_records(), *hydro_records(), *troop_records()]
    tables = ("propositions", "proposition_claims", "estimate_series", "estimate_points", "contradictions")

    def rows(ledger: Ledger) -> dict[str, list[tuple]]:
        db = LinkDB(ledger)
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY id" if t != "proposition_claims"
                              else f"SELECT * FROM {t} ORDER BY claim_id") for t in tables}

    with Ledger(ledger_url) as ledger:
        for rec in recs:  # one article per call, as ingest does batch by batch
            ledger.add(rec)
            assert not link_pending(ledger).errors
        one_by_one = rows(ledger)
        assert not relink(ledger).errors
        rebuilt = rows(ledger)
    assert all(one_by_one[t] for t in tables)
    assert rebuilt == one_by_one


RESTATED = ("A warehouse roof collapsed in Orrin on Friday, and the town's mayor said at least 12 workers "
            "had been trapped.\n\n\"We still have at least 12 of our people under that roof,\" Mayor Ida Varn said. "
            "\"We have at least 30 volunteers digging,\" Varn said.")


# (the second claim's content and its figure, whether it restates the first claim)
RESTATED_CASES = [
    ("We still have at least 12 of our people under that roof", "at least 12 of our people", 12, True),
    ("We have at least 30 volunteers digging", "at least 30 volunteers", 30, False),
]


@pytest.mark.parametrize(("content", "figure", "value", "same"), RESTATED_CASES)
def test_a_claim_that_restates_the_count_before_it_goes_on_about_it(
        ledger_url: str, content: str, figure: str, value: int, same: bool) -> None:
    """Adjacent claims giving the same count ("at least 12") state one proposition, whoever
    the extractor names as their speakers; another count does not."""
    rec = record("restated-1", "2025-03-07", RESTATED, [
        ("the town's mayor", "the town's mayor", "at least 12 workers had been trapped"),
        ("Ida Varn", "Mayor Ida Varn", content),
    ])
    rec.quantities = [
        Quantity(span=span(RESTATED, "at least 12 workers"), value=12, qualifier="at_least", thing="workers"),
        Quantity(span=span(RESTATED, figure), value=value, qualifier="at_least", thing=figure.split()[-1]),
    ]
    with Ledger(ledger_url) as ledger:
        ledger.add(rec)
        assert not link_pending(ledger).errors
        props = list_propositions(ledger)
    together = [p for p in props if len(p["claims"]) == 2]
    assert bool(together) is same


# (claim, another claim of the story, same proposition?): a shared negation ("no X" in both)
# weighs more than the word alone
NEGATED_WEIGHT_CASES = [
    ("the town had received no warning from the utility before the water arrived", "Nobody warned us", True),
    ("the utility had sent a warning to the town before the water arrived", "Somebody warned us", False),
]


@pytest.mark.parametrize(("a", "b", "same"), NEGATED_WEIGHT_CASES)
def test_a_shared_negation_weighs_more(a: str, b: str, same: bool) -> None:
    from claimledger.linking.propositions import SIMILARITY

    assert (cosine(content_terms(a), content_terms(b)) >= SIMILARITY) is same


REFUSED = ("A ferry ran aground off Kesh on Monday. The operator declined to say when the ferry was last "
           "inspected. The port authority said the ferry was last inspected in May.")


@pytest.mark.parametrize(("cue", "sizes"), [("declined to say", [1, 1]), ("Kesh", [2])])
def test_a_refusal_to_say_states_no_proposition(ledger_url: str, cue: str, sizes: list[int]) -> None:
    """"declined to say when the ferry was last inspected" shares its words with the answer
    but states nothing: it stays apart, and the answer does not join it (the same claim with
    another cue would)."""
    rec = record("refused-1", "2025-05-12", REFUSED, [
        ("operator", "The operator", "when the ferry was last inspected"),
        ("port authority", "The port authority", "the ferry was last inspected in May"),
    ])
    rec.claims[0].cue = [span(REFUSED, cue)]
    with Ledger(ledger_url) as ledger:
        ledger.add(rec)
        assert not link_pending(ledger).errors
        props = list_propositions(ledger)
    assert sorted(len(p["claims"]) for p in props) == sizes
