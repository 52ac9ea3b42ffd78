"""Stories: two shootings in two towns on one day are two stories; the follow-up a week
later joins its own; a report long after the window starts a new story; copies join their
origin's story."""

from __future__ import annotations

from linkrecords import record

from claimledger.ledger import Ledger
from claimledger.linking import link_pending
from claimledger.linking.queries import list_stories
from claimledger.linking.stories import article_terms, place_mismatch

ARTICLES = [
    ("harlow-shooting", "2025-05-03", "HARLOW, Wendmark",
     "Gunman kills three at Harlow shopping centre",
     "A gunman opened fire in a shopping centre in Harlow on Saturday, killing three people and "
     "wounding five before he was arrested, police said. The shooting began shortly after noon "
     "near the food court of the Millbrook centre. Police chief Amir Sadek said the suspect, a "
     "34-year-old man from Harlow, had been detained by two officers at the scene. Witnesses "
     "described shoppers running for the exits as shots rang out."),
    ("denby-shooting", "2025-05-03", "DENBY, Wendmark",
     "Two dead in Denby bar shooting",
     "Two men were shot dead and one woman was wounded in a bar in Denby late on Saturday, "
     "police said, hours after a separate shooting in Harlow. Officers said a man fired at "
     "least six shots inside the Anchor bar on Quay Street after an argument. Police spokeswoman "
     "Lena Voss said officers were searching for the gunman, who fled in a grey car. Witnesses "
     "said the bar was crowded with football fans."),
    ("harlow-followup", "2025-05-10", "HARLOW, Wendmark",
     "Harlow gunman charged with murder",
     "The man accused of killing three people at the Millbrook shopping centre in Harlow last "
     "Saturday was charged with murder on Friday, prosecutors said. Police chief Amir Sadek told "
     "reporters the suspect had bought the gun a month ago. The Millbrook centre reopened on "
     "Thursday, and people laid flowers near the food court where the shooting began."),
    ("denby-followup", "2025-05-11", "DENBY, Wendmark",
     "Arrest after Denby bar killings",
     "Police in Denby arrested a 27-year-old man on Sunday over the shooting at the Anchor bar on "
     "Quay Street that killed two men last week, spokeswoman Lena Voss said. The grey car seen "
     "leaving the scene was found burned out near the harbour, she said."),
    ("harlow-anniversary", "2025-08-20", "HARLOW, Wendmark",
     "Harlow centre plans memorial",
     "The Millbrook shopping centre in Harlow will build a memorial garden for the three people "
     "killed in the shooting in May, its owners said on Wednesday. Police chief Amir Sadek said "
     "the trial of the gunman would start next year."),
]


def partition(led: Ledger) -> list[list[str]]:
    return sorted(sorted(s.articles) for s in list_stories(led))


def test_same_day_shootings_in_two_towns_are_two_stories(ledger_url: str) -> None:
    with Ledger(ledger_url) as led:
        for ext, date, dateline, title, text in ARTICLES:
            rec = record(ext, date, text, title=title)
            rec.dateline = dateline
            led.add(rec)
            link_pending(led)  # one article at a time, as they arrive
        assert partition(led) == [
            ["denby-followup", "denby-shooting"],
            ["harlow-anniversary"],  # months later: outside the window
            ["harlow-followup", "harlow-shooting"],
        ]
        first = next(s for s in list_stories(led) if "harlow-shooting" in s.articles)
        assert (first.title, first.first_date, first.last_date, first.origins) == (
            "Gunman kills three at Harlow shopping centre", "2025-05-03", "2025-05-10", 2)


def test_a_place_named_in_passing_does_not_join_two_events() -> None:
    harlow = article_terms(ARTICLES[0][3], ARTICLES[0][4], ARTICLES[0][2])
    denby = article_terms(ARTICLES[1][3], ARTICLES[1][4], ARTICLES[1][2])
    follow = article_terms(ARTICLES[2][3], ARTICLES[2][4], ARTICLES[2][2])
    profile = {"p:" + p: 1.0 for p in harlow.places} | {"p:harlow": 3.0}
    assert denby.primary == "denby" and "harlow" in denby.places
    assert place_mismatch(denby, profile)
    assert not place_mismatch(follow, profile)


def test_a_wire_copy_joins_its_origins_story(ledger: Ledger) -> None:
    ext, date, dateline, title, text = ARTICLES[1]
    ledger.add(record(ext, date, text, title=title))
    ledger.add(record("denby-copy", date, text.replace("grey car", "gray car"), title=title))
    link_pending(ledger)
    assert partition(ledger) == [["denby-copy", "denby-shooting"]]
    assert next(iter(list_stories(ledger))).origins == 1
