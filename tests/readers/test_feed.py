"""The RSS/Atom reader: one article per entry, from full content or a page saved beside the feed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("feedparser")
pytest.importorskip("trafilatura")

from claimledger.readers import Article, ReadOptions, Rejected, count_articles, read_inputs  # noqa: E402
from claimledger.readers.feed import entry_date, html_to_text, page_names  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "feeds"

DAM_TEXT = (
    "The operator of the Cedar Gap dam began releasing water on Tuesday, lowering the reservoir by "
    "about two feet before a series of storms expected later in the week.\n"
    "\u201cWe would rather move the water now, in a controlled way, than be forced to do it in the "
    "middle of the night,\u201d said Tomas Ruiz, the utility\u2019s operations manager.\n"
    "Downstream towns were told to expect higher but safe river levels. The county emergency "
    "office said no evacuations were planned."
)


def _read(*paths: Path | str, **opts) -> list:
    return list(read_inputs([str(p) for p in paths], ReadOptions(**opts)))


def rss(items: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Desk</title>'
            f"<link>https://desk.example.org/</link><description>d</description>{items}</channel></rss>")


def test_rss_entries_with_full_content():
    dam, fishing = _read(FIXTURES / "river-desk.rss")
    assert dam.text == DAM_TEXT  # HTML stripped, entities decoded, comment and script left out
    assert (dam.date, dam.date_source) == ("2024-04-02", "metadata")  # 21:15 -0600 stays on the 2nd
    assert (dam.title, dam.author) == ("Dam operator lowers reservoir ahead of storms", "Priya Nandakumar")
    assert dam.url == "https://ledger.example.net/river/2024/04/02/dam-operator-lowers-reservoir"
    assert dam.origin == f"{FIXTURES / 'river-desk.rss'}#1" and dam.id.startswith("feed-")
    assert fishing.text == (
        "State wildlife officials said on Wednesday that the trout season on the upper river would "
        "open on April 13, a week earlier than planned, because of warm spring weather.\n"
        "Anglers will need a new stamp this year, which costs $12, the agency said."
    )
    assert fishing.date == "2024-04-03" and fishing.id != dam.id


def test_atom_entries_html_and_text_content():
    tram, buses = _read(FIXTURES / "transit-updates.atom")
    assert tram.text.startswith("The regional assembly gave final approval on Monday to a 4.2-kilometre")
    assert tram.text.endswith("should take about 30 months.") and "\n" in tram.text
    # published (23:30 +02:00 on the 20th) wins over updated (the 21st)
    assert (tram.date, tram.date_source, tram.author) == ("2024-05-20", "metadata", "Jonas Keller")
    assert buses.text.startswith("The city will run night buses") and buses.date == "2024-05-21"


def test_ids_are_stable_across_downloads(tmp_path):
    for name in ("monday.rss", "tuesday.rss"):
        shutil.copy(FIXTURES / "river-desk.rss", tmp_path / name)
    monday, tuesday = _read(tmp_path / "monday.rss"), _read(tmp_path / "tuesday.rss")
    assert [a.id for a in monday] == [a.id for a in tuesday]


def test_summary_only_entry_reads_the_saved_page():
    folder = FIXTURES / "summary-only"
    items = _read(folder / "county-news.xml")
    shelter, road = items
    assert shelter.text.startswith("County commissioners voted 4-1 on Thursday to build a new animal shelter")
    assert shelter.text.endswith("repair the roads it already owns.")
    assert (shelter.date, shelter.date_source) == ("2024-06-13", "metadata")
    assert shelter.url.startswith("https://countynews.example.org/local/county-approves-new-animal-shelter")
    assert isinstance(road, Rejected) and "only a short summary" in road.problem
    assert road.fix.endswith("road-work-bridge-lane.html")


def test_saved_page_read_alone_is_the_same_article_as_its_entry():
    folder = FIXTURES / "summary-only"
    page = _read(folder / "county-approves-new-animal-shelter.html")[0]
    entry = _read(folder / "county-news.xml")[0]
    key = ("id", "text", "date", "date_source", "url", "title")
    assert [getattr(page, k) for k in key] == [getattr(entry, k) for k in key]


def test_long_summary_is_the_article_when_nothing_else_is(tmp_path):
    long_summary = " ".join(["The port authority said cargo volumes rose again in May."] * 10)
    path = tmp_path / "feed.rss"
    path.write_text(rss(f"<item><title>Port</title><link>https://desk.example.org/port</link>"
                        f"<pubDate>Mon, 03 Jun 2024 09:00:00 +0000</pubDate>"
                        f"<description>{long_summary}</description></item>"), encoding="utf-8")
    (art,) = _read(path)
    assert art.text == long_summary and art.date == "2024-06-03"


@pytest.mark.parametrize(
    "content, problem",
    [
        ((FIXTURES / "broken.rss").read_text(encoding="utf-8"), "broken feed XML"),
        (rss(""), "feed has no entries"),
        (rss("<item><title>Only a title</title></item>"), "entry has no content and no summary"),
    ],
)
def test_bad_feeds_give_exactly_one_rejection(tmp_path, content, problem):
    path = tmp_path / "bad.rss"
    path.write_text(content, encoding="utf-8")
    (rej,) = _read(path)
    assert isinstance(rej, Rejected) and rej.problem.startswith(problem) and rej.fix


def test_cut_off_feed_keeps_entries_and_says_so(tmp_path):
    data = (FIXTURES / "river-desk.rss").read_bytes()
    path = tmp_path / "cut.rss"
    path.write_bytes(data[: data.index(b"</item>") + len(b"</item>") + 40])
    *articles, rej = _read(path)
    assert [a.text for a in articles][:1] == [DAM_TEXT]
    assert isinstance(rej, Rejected) and rej.origin == str(path) and "broken feed XML" in rej.problem


def test_feed_sniffed_without_a_feed_suffix(tmp_path):
    path = tmp_path / "download"
    shutil.copy(FIXTURES / "transit-updates.atom", path)
    assert [type(a) for a in _read(path)] == [Article, Article]
    assert count_articles([str(path)]) is None  # many articles per file: not known up front


def test_date_option_dates_undated_entries(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(rss("<item><title>T</title><description><![CDATA[<p>The mayor said the market "
                        "would reopen next week after repairs to the roof.</p>]]></description>"
                        "<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
                        "<![CDATA[<p>The mayor said the market would reopen next week after repairs "
                        "to the roof.</p>]]></content:encoded></item>"), encoding="utf-8")
    (art,) = _read(path, date="2024-08-01")
    assert (art.date, art.date_source) == ("2024-08-01", "user")
    (undated,) = _read(path)
    assert (undated.date, undated.date_source) == (None, None)


@pytest.mark.parametrize(
    "fragment, text",
    [
        ("<p>One.</p><p>Two <b>bold</b> words.</p>", "One.\nTwo bold words."),
        ("Plain line<br>next line", "Plain line\nnext line"),
        ("<ul><li>first</li><li>second</li></ul>", "first\nsecond"),
        ("<p>Keep &amp; decode &#8220;quotes&#8221;</p><script>x()</script>", "Keep & decode \u201cquotes\u201d"),
        ("<p>a<!-- hidden --> b</p>", "a b"),
        ("   ", ""),
    ],
)
def test_html_to_text(fragment, text):
    assert html_to_text(fragment) == text


@pytest.mark.parametrize(
    "entry, day",
    [
        ({"published": "Tue, 02 Apr 2024 21:15:00 -0600"}, "2024-04-02"),
        ({"published": "2024-05-20T23:30:00+02:00"}, "2024-05-20"),
        ({"published": "2024-05-20T22:30:00Z"}, "2024-05-20"),
        ({"updated": "2024-05-21T07:45:00+02:00"}, "2024-05-21"),
        ({"published": "garbage"}, None),
        ({}, None),
    ],
)
def test_entry_date_keeps_the_feeds_own_day(entry, day):
    assert entry_date(entry) == day


@pytest.mark.parametrize(
    "link, first",
    [
        ("https://a.example/local/county-vote?utm_source=rss", "county-vote"),
        ("https://a.example/local/county-vote/", "county-vote"),
        ("https://a.example/2024/story.html", "story.html"),
        ("https://a.example/News/Big%20Story", "News/Big Story".split("/")[1]),
        ("https://a.example/", None),
    ],
)
def test_page_names(link, first):
    names = page_names(link)
    assert (names[0] if names else None) == first
    if first and not first.endswith(".html"):
        assert first + ".html" in names


def test_missing_feedparser_rejects_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "feedparser", None)
    path = tmp_path / "feed.rss"
    shutil.copy(FIXTURES / "river-desk.rss", path)
    (rej,) = _read(path)
    assert isinstance(rej, Rejected) and "feedparser" in rej.problem
    assert "pip install 'claimledger[html]'" in rej.fix


def test_record_offsets_index_the_reader_text(extractor):
    dam = _read(FIXTURES / "river-desk.rss")[0]
    rec = extractor.extract(dam.text, dam.date, id=dam.id)
    assert rec.text == dam.text
    for claim in rec.claims:
        for start, end in claim.content + claim.source + claim.cue:
            assert 0 <= start < end <= len(dam.text)
    quote = dam.text.index("\u201cWe would rather")
    ruiz = next(c for c in rec.claims if c.speaker == "Tomas Ruiz")
    assert ruiz.content[0][0] == quote
    assert dam.text[ruiz.source[0][0]:].startswith("Tomas Ruiz")
