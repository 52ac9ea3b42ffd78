"""The HTML reader: main text through trafilatura, and a date only from evidence."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("trafilatura")

from claimledger.readers import Article, ReadOptions, Rejected, read_inputs  # noqa: E402
from claimledger.readers.html import has_prose, parse_day, url_date  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"

BODY = """
<p>The water board said on Monday that it would raise rates by 4 percent next year to pay
for new pipes under the old town.</p>
<p>"We have put this off for a decade and the pipes will not wait any longer," said board
chair Agnes Whitfield, adding that most households would pay about $3 more a month.</p>
<p>Residents who spoke at the meeting asked the board to phase the increase in over two years.</p>
"""


def page(head: str = "", body: str = BODY, title: str = "Water board raises rates") -> str:
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>")


def _read(path: Path | str, **opts) -> list:
    return list(read_inputs([str(path)], ReadOptions(**opts)))


def _one(items: list):
    assert len(items) == 1, items
    return items[0]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("harbor-council.html", {
            "id": "harbor-council", "date": "2024-03-05", "date_source": "metadata",
            "title": "Harbor council delays ferry contract vote", "author": "Dana Whitlock",
            "url": "https://courier.example.org/news/harbor-council-delays-ferry-vote",
            "publisher": "Lakeside Courier",
            "starts": "The Harbor City council on Tuesday postponed a vote",
            "ends": "denied in a statement on Wednesday.",
        }),
        ("undated-column.html", {
            # A date in the body text ("2023-11-14") is not the article date.
            "id": "undated-column", "date": None, "date_source": None, "url": None,
            "title": "Why the library hours matter", "author": None, "publisher": None,
            "starts": "Residents packed the Elm Street branch last week",
            "ends": "according to the board's minutes.",
        }),
    ],
)
def test_saved_news_pages(name, expected):
    art = _one(_read(FIXTURES / name))
    assert isinstance(art, Article)
    got = {k: getattr(art, k) for k in expected if k not in ("starts", "ends")}
    assert got == {k: v for k, v in expected.items() if k not in ("starts", "ends")}
    assert art.text.startswith(expected["starts"]) and art.text.endswith(expected["ends"])
    assert "Home" not in art.text and "Copyright" not in art.text  # boilerplate left out
    assert art.origin == str(FIXTURES / name)


def test_cluttered_page_keeps_only_the_story():
    art = _one(_read(FIXTURES / "transit-budget-cluttered.html"))
    paragraphs = art.text.split("\n")
    assert [p[:40] for p in paragraphs] == [
        "The regional transit agency said on Thur",
        "Chief executive Hannah Brooks told a com",
        "Councillor Raj Patel, who chairs the com",
        "Passenger groups said the cuts would fal",
    ]
    for clutter in ("cookies", "Share on", "Related stories", "newsletter", "disgrace", "Photo:", "©"):
        assert clutter not in art.text
    assert (art.date, art.date_source, art.author) == ("2024-10-17", "metadata", "Sam Okoro")
    assert art.title == "Transit agency warns of service cuts without new funding"
    assert art.url == "https://www.northgate-herald.example.co.uk/2024/10/17/transit-agency-warns-of-cuts"


@pytest.mark.parametrize(
    "head, body, url_in_page, expected",
    [
        # JSON-LD datePublished, written in the publisher's zone: its own day is kept.
        ('<script type="application/ld+json">{"@type": "NewsArticle", '
         '"datePublished": "2024-07-01T23:50:00-07:00"}</script>', BODY, None, ("2024-07-01", "metadata")),
        ('<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
         '{"@type": "NewsArticle", "datePublished": "2024-07-02"}]}</script>', BODY, None, ("2024-07-02", "metadata")),
        ('<meta property="article:published_time" content="2024-06-30T08:00:00Z">', BODY, None,
         ("2024-06-30", "metadata")),
        ('<meta name="DC.date.issued" content="2024-06-29">', BODY, None, ("2024-06-29", "metadata")),
        ('<meta itemprop="datePublished" content="June 28, 2024">', BODY, None, ("2024-06-28", "metadata")),
        ('<meta name="pubdate" content="20240627">', BODY, None, ("2024-06-27", "metadata")),
        # A published tag wins over a plain `date` tag.
        ('<meta name="date" content="2024-01-01"><meta property="article:published_time" '
         'content="2024-06-26">', BODY, None, ("2024-06-26", "metadata")),
        ("", '<p class="byline">By Lee Park, <time datetime="2024-06-25T10:00">June 25</time></p>' + BODY,
         None, ("2024-06-25", "metadata")),
        ("", '<time pubdate datetime="2024-06-24">Monday</time>' + BODY, None, ("2024-06-24", "metadata")),
        # Unmarked <time> in the body is an event, not the publication day.
        ("", BODY + '<p>The next meeting is on <time datetime="2024-09-01">September 1</time>.</p>',
         None, (None, None)),
        # A modification time alone is not a publication date.
        ('<meta property="article:modified_time" content="2024-06-23">', BODY, None, (None, None)),
        ('<script type="application/ld+json">{"datePublished": </script>', BODY, None, (None, None)),
        # The URL path date counts only when the page has no metadata date.
        ("", BODY, "https://news.example.com/2024/06/22/water-rates", ("2024-06-22", "url")),
        ('<meta property="article:published_time" content="2024-06-20">', BODY,
         "https://news.example.com/2024/06/22/water-rates", ("2024-06-20", "metadata")),
        ("", BODY, "https://news.example.com/2024/06/water-rates", (None, None)),
        # Month names in the path.
        ("", BODY, "https://news.example.com/local/2022/apr/22/water-rates", ("2022-04-22", "url")),
        # A UTC timestamp gives the London day; the page's own zone says which day it was there.
        ('<meta property="article:published_time" content="2024-07-02T03:30:00Z">'
         '<meta name="parsely-pub-date" content="2024-07-01T23:30:00-04:00">', BODY, None,
         ("2024-07-01", "metadata")),
        ('<meta property="article:published_time" content="2024-07-02T03:30:00Z">', BODY, None,
         ("2024-07-02", "metadata")),
        ("", '<p class="byline"><time datetime="2024-07-02T03:30:00Z">July 1, 2024</time></p>' + BODY,
         None, ("2024-07-01", "metadata")),
    ],
)
def test_date_comes_from_evidence_only(tmp_path, head, body, url_in_page, expected):
    if url_in_page:
        head += f'<link rel="canonical" href="{url_in_page}">'
    path = tmp_path / "story.html"
    path.write_text(page(head, body), encoding="utf-8")
    art = _one(_read(path))
    assert isinstance(art, Article), art
    assert (art.date, art.date_source) == expected


def test_date_option_dates_only_undated_pages(tmp_path):
    undated, dated = tmp_path / "a.html", tmp_path / "b.html"
    undated.write_text(page(), encoding="utf-8")
    dated.write_text(page('<meta property="article:published_time" content="2024-05-05">'), encoding="utf-8")
    a, b = _read(tmp_path, date="2024-05-09")
    assert (a.date, a.date_source) == ("2024-05-09", "user")
    assert (b.date, b.date_source) == ("2024-05-05", "metadata")


@pytest.mark.parametrize(
    "url, day",
    [
        ("https://a.example/2024/03/05/story", "2024-03-05"),
        ("https://a.example/news/2024/03/05", "2024-03-05"),
        ("https://a.example/2024/02/30/story", None),  # no such day
        ("https://a.example/2024/03/story", None),
        ("https://a.example/story?d=/2024/03/05/", None),  # query, not path
        ("https://2024.example/12/01/x", None),
        ("https://a.example/2024-03-05-story", None),
        ("https://a.example/news/2022/apr/22/two-boats", "2022-04-22"),
        ("https://a.example/2022/September/3/x", "2022-09-03"),
        ("https://a.example/2022/spring/22/x", None),
        ("https://a.example/2022/feb/30/x", None),
    ],
)
def test_url_date_needs_a_full_path_date(url, day):
    assert url_date(url) == day


@pytest.mark.parametrize(
    "value, day",
    [
        ("2024-03-05T23:40:00-05:00", "2024-03-05"),
        ("2024-03-05", "2024-03-05"),
        ("Tue, 05 Mar 2024 23:40:00 -0500", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("20240305", "2024-03-05"),
        ("2024-13-05", None),
        ("March 2024", None),  # no day
        ("", None),
        ("soon", None),
    ],
)
def test_parse_day(value, day):
    assert parse_day(value) == day


@pytest.mark.parametrize(
    "text, prose",
    [
        ("Home\nNews\nSports\nCouncil delays vote", False),
        ("Page not found", False),
        ("The council voted on Monday to close the bridge.", True),
        ('"We will keep the bridge open," the mayor said.', True),
    ],
)
def test_has_prose(text, prose):
    assert has_prose(text) is prose


@pytest.mark.parametrize(
    "content, problem",
    [
        ((FIXTURES / "section-index.html").read_bytes(), "no article text found"),
        (b"<html><head><title>Sign in</title></head><body><form><input name=u></form></body></html>",
         "no article text found"),
        (b"   \n", "empty input"),
        (b"hello <b>plain", "not an HTML page"),
    ],
)
def test_pages_without_an_article_are_rejected_once(tmp_path, content, problem):
    path = tmp_path / "page.html"
    path.write_bytes(content)
    rej = _one(_read(path))
    assert isinstance(rej, Rejected)
    assert rej.problem == problem and rej.fix and rej.origin == str(path)


def test_headline_is_the_title_not_the_first_line(tmp_path):
    path = tmp_path / "story.html"
    path.write_text(page(), encoding="utf-8")
    art = _one(_read(path))
    assert art.title == "Water board raises rates"
    assert art.text.startswith("The water board said on Monday")


def test_sniffs_html_without_the_suffix(tmp_path):
    path = tmp_path / "saved_page"
    path.write_text("\n  " + page(), encoding="utf-8")
    art = _one(_read(path))
    assert art.text.startswith("The water board said")


def test_latin1_page_is_decoded(tmp_path):
    path = tmp_path / "story.html"
    path.write_bytes(page(body="<p>The café owner said the new terrace rules would cost her about "
                               "€2,000 this summer alone.</p>").replace("utf-8", "iso-8859-15")
                     .encode("iso-8859-15"))
    art = _one(_read(path))
    assert "café owner" in art.text and "€2,000" in art.text


def test_missing_trafilatura_rejects_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    path = tmp_path / "story.html"
    path.write_text(page(), encoding="utf-8")
    rej = _one(_read(path))
    assert isinstance(rej, Rejected)
    assert "trafilatura" in rej.problem and "pip install 'claimledger[html]'" in rej.fix


def test_record_offsets_index_the_reader_text(extractor):
    art = _one(_read(FIXTURES / "harbor-council.html"))
    rec = extractor.extract(art.text, art.date, id=art.id)
    assert rec.text == art.text
    assert rec.claims, "the fixture has attributed statements"
    for claim in rec.claims:
        for start, end in claim.content + claim.source + claim.cue:
            assert 0 <= start < end <= len(art.text)
    assert any("Miriam Okafor" in rec.span_text(s) for c in rec.claims for s in c.source)


def test_og_url_and_title_are_fallbacks(tmp_path):
    head = ('<meta property="og:url" content="https://news.example.com/2023/nov/08/water-rates">'
            '<meta property="og:title" content="Water board raises rates">')
    path = tmp_path / "story.html"
    path.write_text(page(head).replace("<title>Water board raises rates</title>", ""), encoding="utf-8")
    art = _one(_read(path))
    assert art.url == "https://news.example.com/2023/nov/08/water-rates"
    assert (art.date, art.date_source) == ("2023-11-08", "url")
    assert art.title == "Water board raises rates"
