"""Entities: one entity per person or government within an article and across articles; a
bare surname never merges on its own; judgements merge, keep apart, split, and undo."""

from __future__ import annotations

import pytest
from linkrecords import record

from claimledger.ledger import Ledger
from claimledger.linking import LinkDB, link_pending
from claimledger.linking.aliases import (
    AliasError,
    add_judgement,
    judgements,
    load_alias_file,
    resolve_entity,
    undo,
)
from claimledger.linking.countries import government_of
from claimledger.linking.entities import (
    ArticleMention,
    _used_as_state,
    clean_name,
    group_article,
    is_proper,
    name_type,
    person_norm,
)
from claimledger.linking.queries import entity_claims, list_entities, speaker_entities

GOVERNMENTS = [
    ("the Kremlin", "RU"), ("Kremlin", "RU"), ("Moscow", "RU"), ("Russia", "RU"),
    ("Russian Federation", "RU"), ("Pyongyang", "KP"), ("DPRK", "KP"), ("North Korea", "KP"),
    ("Democratic People's Republic of Korea", "KP"), ("Seoul", "KR"), ("South Korea", "KR"),
    ("Washington", "US"), ("the White House", "US"), ("U.S.", "US"), ("United States", "US"),
    ("Kyiv", "UA"), ("Beijing", "CN"), ("Downing Street", "GB"),
    ("Moscow State University", None), ("Kim Jong Un", None), ("the ministry", None),
]


@pytest.mark.parametrize(("name", "code"), GOVERNMENTS)
def test_alias_table(name: str, code: str | None) -> None:
    found = government_of(name)
    assert (found[0] if found else None) == code


NAMES = [
    # (name, is a proper name, type from the words alone)
    ("Rodrigo Chaves", True, None),
    ("the lawmakers", False, None),
    ("A lawyer for Holloway Furniture", False, None),
    ("the Valmoran Red Cross", True, "ORG"),
    ("National Intelligence Service", True, "ORG"),
    ("Pyongyang", True, "GPE"),
    ("Ukrainians", True, "NORP"),
    ("Helen Wu", True, "PERSON"),
]


@pytest.mark.parametrize(("name", "proper", "etype"), NAMES)
def test_names(name: str, proper: bool, etype: str | None) -> None:
    assert is_proper(name) == proper
    if proper:
        assert name_type(name) == etype


@pytest.mark.parametrize(("name", "clean"), [
    ("agency spokesman Marek Holub", "Marek Holub"),
    ("Spokesman Marek Holub", "Marek Holub"),
    ("Hanna Brodie", "Hanna Brodie"),
    ("the Civil Protection Agency", "the Civil Protection Agency"),
])
def test_clean_name(name: str, clean: str) -> None:
    assert clean_name(name) == clean


@pytest.mark.parametrize(("name", "key"), [
    ("Donald J. Trump", "donald trump"),
    ("Paul D. Ryan", "paul ryan"),
    ("George H. W. Bush", "george h w bush"),
    ("Kim Jong Un", "kim jong un"),
])
def test_person_keys_drop_one_middle_initial(name: str, key: str) -> None:
    assert person_norm(name) == key


@pytest.mark.parametrize(("text", "state"), [
    ("Floods hit villages in Karvenia on Sunday.", True),
    ("Karvenia's parliament approved the fund.", True),
    ("A letter from Karvenia arrived.", False),
    ("Supporters of Karvenia cheered.", False),
    ("Aides in Karvenia's campaign said so.", False),
])
def test_a_single_name_used_as_a_state(text: str, state: bool) -> None:
    assert _used_as_state("Karvenia", text) == state


def test_a_surname_joins_the_one_full_name_of_its_article() -> None:
    ms = [ArticleMention(1, "speaker", "Rodrigo Chaves", "President-elect Rodrigo Chaves"),
          ArticleMention(2, "speaker", "Chaves", "Chaves"),
          ArticleMention(3, "speaker", "Ana King", "Ana King"),
          ArticleMention(4, "speaker", "Mark King", "Mark King"),
          ArticleMention(5, "speaker", "King", "King")]
    groups = {g.name: [m.claim_id for m in g.mentions] for g in group_article(ms)}
    assert groups == {"Rodrigo Chaves": [1, 2], "Ana King": [3], "Mark King": [4], "King": [5]}


ELECTION = ("President-elect Rodrigo Chaves said on Sunday that the new cabinet would be named "
            "within a week. Chaves added that he would keep the finance minister. "
            "The future President said talks with the unions would start in May.")
ELECTION_2 = ("Rodrigo Chaves told lawmakers on Tuesday that the budget would be cut by 3 percent. "
              "Opposition leader Marta King said the cut would hurt schools.")
ELECTION_3 = ("Mr. King, a retired judge, said the court had not been consulted. "
              "Rodrigo Chaves said he respected the court.")


def election(led: Ledger) -> None:
    led.add(record("e1", "2025-02-02", ELECTION, [
        ("Rodrigo Chaves", "President-elect Rodrigo Chaves", "the new cabinet would be named within a week"),
        ("Rodrigo Chaves", "Chaves", "he would keep the finance minister"),
        ("Rodrigo Chaves", "The future President", "talks with the unions would start in May"),
    ]))
    led.add(record("e2", "2025-02-04", ELECTION_2, [
        ("Rodrigo Chaves", "Rodrigo Chaves", "the budget would be cut by 3 percent"),
        ("Marta King", "Opposition leader Marta King", "the cut would hurt schools"),
    ]))
    led.add(record("e3", "2025-02-05", ELECTION_3, [
        ("King", "Mr. King, a retired judge", "the court had not been consulted"),
        ("Rodrigo Chaves", "Rodrigo Chaves", "he respected the court"),
    ]))
    link_pending(led)


def by_name(led: Ledger) -> dict[str, dict]:
    return {r.name: r.to_dict() for r in list_entities(led, named_only=False)}


def test_one_person_across_articles_and_two_people_called_king(ledger_url: str) -> None:
    with Ledger(ledger_url) as led:
        election(led)
        ents = by_name(led)
        chaves = ents["Rodrigo Chaves"]
        assert (chaves["type"], chaves["claims"]) == ("PERSON", 5)
        assert {"Chaves", "The future President", "President-elect Rodrigo Chaves"} <= set(chaves["aliases"])
        # a bare "King" in another article is not Marta King: it stays its own entity
        assert ents["Marta King"]["claims"] == 1 and ents["King"]["claims"] == 1
        assert ents["King"]["type"] == "PERSON"
        assert len([e for e in list_entities(led, named_only=True) if e.name == "King"]) == 0
        # a claim keeps its mention as written and its entity
        _, said = entity_claims(led, "Rodrigo Chaves")
        mentions = {c.mention for c in said if c.role == "said"}
        assert {"Chaves", "The future President", "Rodrigo Chaves"} <= mentions


KREMLIN = [
    ("r1", "The Kremlin", "Russia", "The Kremlin said the report was false."),
    ("r2", "Moscow", "Russia", "Moscow said the troops were on exercises."),
    ("r3", "Russia", "Russia", "Russia said it had not sent any soldiers."),
    ("k1", "Pyongyang", "North Korea", "Pyongyang said the claims were a smear."),
    ("k2", "DPRK", "North Korea", "The DPRK said the claims were a smear."),
]


def test_capitals_and_seats_of_power_are_their_government(ledger_url: str) -> None:
    with Ledger(ledger_url) as led:
        for ext, speaker, _, text in KREMLIN:
            content = text.split(" said ")[1].rstrip(".")
            led.add(record(ext, "2024-10-20", text, [(speaker, speaker, content)]))
        link_pending(led)
        gov = {r.name: r for r in list_entities(led, type="GPE")}
        assert set(gov) == {"Russia", "North Korea"}
        assert gov["Russia"].claims == 3 and gov["North Korea"].claims == 2
        assert {"The Kremlin", "Moscow"} <= set(gov["Russia"].aliases)


def claims_of(led: Ledger, name: str) -> int:
    return by_name(led)[name]["claims"]


def test_merge_and_undo_move_the_claims(ledger_url: str) -> None:
    with Ledger(ledger_url) as led:
        election(led)
        db = LinkDB(led)
        j = add_judgement(db, "same", "Rodrigo Chaves", "Marta King", note="test")
        ents = by_name(led)
        assert "Marta King" not in ents and ents["Rodrigo Chaves"]["claims"] == 6
        marta_claim = next(c.claim for c in entity_claims(led, "Rodrigo Chaves")[1] if "schools" in c.text)
        assert speaker_entities(led, [marta_claim])[marta_claim].name == "Rodrigo Chaves"
        undo(db, j.id)
        assert claims_of(led, "Marta King") == 1 and claims_of(led, "Rodrigo Chaves") == 5
        assert speaker_entities(led, [marta_claim])[marta_claim].name == "Marta King"
        assert [x.undone for x in judgements(db)] == [True]


def test_not_same_beats_a_merge(ledger_url: str) -> None:
    with Ledger(ledger_url) as led:
        election(led)
        db = LinkDB(led)
        add_judgement(db, "not_same", "Rodrigo Chaves", "Marta King")
        add_judgement(db, "same", "Rodrigo Chaves", "Marta King")
        assert claims_of(led, "Marta King") == 1


def test_split_by_article_and_undo(ledger_url: str) -> None:
    with Ledger(ledger_url) as led:
        election(led)
        db = LinkDB(led)
        j = add_judgement(db, "split", "Rodrigo Chaves", articles=["e3"])
        split = [e for e in list_entities(led) if e.name == "Rodrigo Chaves"]
        assert sorted(e.claims for e in split) == [1, 4]
        part = resolve_entity(db, f"PERSON:rodrigo chaves#split{j.id}")
        assert (part.name, resolve_entity(db, "Rodrigo Chaves").key) == ("Rodrigo Chaves", "PERSON:rodrigo chaves")
        assert entity_claims(led, str(part.id))[1][0].article == "e3"
        undo(db, j.id)
        assert [e.claims for e in list_entities(led) if e.name == "Rodrigo Chaves"] == [5]


def test_an_alias_joins_later_articles_too(ledger_url: str) -> None:
    with Ledger(ledger_url) as led:
        election(led)
        db = LinkDB(led)
        add_judgement(db, "alias", "Rodrigo Chaves", "Don Rodrigo")
        text = "Don Rodrigo, as supporters call him, said the cabinet was complete."
        led.add(record("e4", "2025-02-09", text, [("Don Rodrigo", "Don Rodrigo", "the cabinet was complete")]))
        link_pending(led)
        assert claims_of(led, "Rodrigo Chaves") == 6


@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_alias_file(ledger_url: str, tmp_path, suffix: str) -> None:  # noqa: ANN001
    path = tmp_path / f"aliases{suffix}"
    if suffix == ".csv":
        path.write_text("action,entity,other,articles,note\n"
                        "merge,Rodrigo Chaves,Marta King,,one office\n"
                        "split,Rodrigo Chaves,,e3,\n", encoding="utf-8")
    else:
        path.write_text("- {action: merge, entity: Rodrigo Chaves, other: Marta King, note: one office}\n"
                        "- {action: split, entity: Rodrigo Chaves, articles: e3}\n", encoding="utf-8")
    with Ledger(ledger_url) as led:
        election(led)
        db = LinkDB(led)
        made = load_alias_file(db, path)
        assert [j.kind for j in made] == ["same", "split"]
        assert load_alias_file(db, path) == []  # loading again records nothing new
        assert sorted(e.claims for e in list_entities(led) if e.name == "Rodrigo Chaves") == [1, 5]


def test_bad_alias_file_names_the_fix(tmp_path, ledger) -> None:  # noqa: ANN001
    path = tmp_path / "aliases.csv"
    path.write_text("who,whom\nx,y\n", encoding="utf-8")
    with pytest.raises(AliasError, match="action,entity"):
        load_alias_file(LinkDB(ledger), path)
