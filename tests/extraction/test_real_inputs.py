"""Real inputs: articles not in English, and page boilerplate among the paragraphs.

All texts are written for these tests.
"""

from __future__ import annotations

import pytest

from claimledger.extraction.boilerplate import boilerplate_spans, is_boilerplate
from claimledger.extraction.language import NotEnglishError, detect_language
from claimledger.ingest import extract_articles
from claimledger.readers import Article, Rejected

LANGUAGES = [
    ("The harbour authority said on Monday that the ferry would run again next week.", "en"),
    ("Strikes close ports", "und"),  # too few words to tell: extracted as English
    ("x" * 3000, "und"),
    ("Разработчик заявил, что обновление выйдет в следующем месяце, сообщили в компании.", "ru"),
    ("El ministerio dijo el lunes que los precios de la gasolina subirán en marzo.", "es"),
    ("Le ministère a annoncé lundi que les prix de l'essence augmenteront en mars.", "fr"),
    ("Das Ministerium teilte am Montag mit, dass die Benzinpreise im März steigen werden.", "de"),
    ("", "en"),  # nothing to judge: left to the other checks
    # English lines of names, numbers and addresses: the classifier guesses a near language
    # with little margin over English, so they are not called foreign
    ("Marta Voss-Kell 3 March 2021 09:15 2021-03-03T08:02:11.120Z Marta Voss-Kell reports", "und"),
    ("Ashby-de-la-Zouch 41 Kilwardby Street, Ashby-de-la-Zouch LE65 2FQ 9 Apr 2022 12:40", "und"),
]


@pytest.mark.parametrize("text, code", LANGUAGES)
def test_detect_language(text, code):
    assert detect_language(text) == code


def test_non_english_articles_are_rejected_not_extracted(extractor):
    english = Article(id="a", text="The mayor said the bridge would reopen in May.", origin="a.txt")
    russian = Article(id="b", text="Мэр заявил, что мост снова откроют в мае, сообщили в городе.",
                      origin="b.txt")
    results = [r for _, r in extract_articles(extractor, [english, russian])]
    assert [c.speaker for c in results[0].claims] == ["The mayor"]
    assert isinstance(results[1], Rejected)
    assert results[1].origin == "b.txt" and "Russian" in results[1].problem
    with pytest.raises(NotEnglishError):
        extractor.extract(russian.text)


BOILERPLATE = [
    ("MORE: Council approves new budget after long night", True),
    ("Read more: How the harbour was rebuilt", True),
    ("Related", True),
    ("To view the full story, please subscribe to the Daily Courier.", True),
    ("If you're already a subscriber, log in to keep reading.", True),
    ("Sign up for our free morning newsletter.", True),
    ("Report a typo", True),
    ("For breaking news download the Courier app for iOS and Android.", True),
    ("© 2024 Lakeside Courier. All rights reserved.", True),
    # prose that mentions the same words stays
    ("The mayor said more residents had signed up for the scheme than expected.", False),
    ("Subscribers to the water scheme will pay 4 percent more, the board said.", False),
    ('<tweet id="1">Sign up for our newsletter pic.twitter.com/abc</tweet>', False),
]


@pytest.mark.parametrize("paragraph, expected", BOILERPLATE)
def test_is_boilerplate(paragraph, expected):
    assert is_boilerplate(paragraph) is expected


def test_boilerplate_gives_no_claims_and_the_text_stays_exact(extractor):
    text = ("The mayor said the bridge would reopen in May.\n"
            "Sign up for our newsletter, you said you wanted it.\n"
            "To view the full story, subscribers said they must log in.")
    rec = extractor.extract(text, "2025-03-12")
    assert rec.text == text
    assert [text[a:b] for a, b in boilerplate_spans(text)] == text.split("\n")[1:]
    assert [c.speaker for c in rec.claims] == ["The mayor"]
