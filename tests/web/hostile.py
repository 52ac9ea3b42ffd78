"""A small ledger written by hand (no model needed), with hostile titles, names and text, and
a check that a page holds no injected element."""

from __future__ import annotations

from html.parser import HTMLParser

from claimledger.readers.base import Article
from claimledger.record import ArticleRecord, Claim, Quantity, TimeExpression

EVIL_TITLE = '"><script>alert("title")</script><img src=x onerror=alert(1)>'
EVIL_NAME = '<img src=x onerror=alert(2)>Ivo "Q" Brand'
EVIL_PUBLISHER = '" onmouseover="alert(3)" x="'
HOSTILE_TEXT = (
    "Mayor Ivo Brand said on Monday that 40 homes were flooded <script>alert(4)</script>. "
    'The agency denied that the "dam"><svg onload=alert(5)> had failed, officials said.'
)
PLAIN_TEXT = "The port authority said 12 ships were waiting outside the harbour. Dockers said the strike would go on."


def span(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return (i, i + len(part))


def records() -> list[tuple[Article, ArticleRecord]]:
    t = HOSTILE_TEXT
    evil = ArticleRecord(
        id='evil"><b>id', text=t, date="2025-03-03", extractor="test",
        claims=[
            Claim(content=[span(t, "40 homes were flooded <script>alert(4)</script>")], source=[span(t, "Mayor Ivo Brand")],
                  cue=[span(t, "said")], speaker=EVIL_NAME, kind="indirect", stance="assert", said_on="2025-03-03"),
            Claim(content=[span(t, 'the "dam"><svg onload=alert(5)> had failed')], source=[span(t, "The agency")],
                  cue=[span(t, "denied")], speaker="agency", kind="indirect", stance="deny", said_on="XXXX-WXX-4",
                  via=["officials"]),
        ],
        quantities=[Quantity(span=span(t, "40 homes"), value=40, qualifier="exact", thing="homes")],
        times=[TimeExpression(span=span(t, "Monday"), value="2025-03-03", type="DATE")],
    )
    p = PLAIN_TEXT
    plain = ArticleRecord(
        id="harbour", text=p, date="2025-04-01", extractor="test",
        claims=[
            Claim(content=[span(p, "12 ships were waiting outside the harbour")], source=[span(p, "The port authority")],
                  cue=[span(p, "said")], speaker="port authority", kind="indirect", stance="assert"),
            Claim(content=[span(p, "the strike would go on")], source=[span(p, "Dockers")], cue=[span(p, "said")],
                  speaker="Dockers", kind="indirect", stance="hedge"),
        ],
        quantities=[Quantity(span=span(p, "12 ships"), value=12, qualifier="exact", thing="ships")],
    )
    return [
        (Article(id=evil.id, text=t, date=evil.date, title=EVIL_TITLE, publisher=EVIL_PUBLISHER,
                 url='https://example.test/a"onmouseover="x', date_source="header"), evil),
        (Article(id="harbour", text=p, date=plain.date, title="Ships wait", publisher="Harbour Wire",
                 date_source="warc"), plain),
    ]


class DomCheck(HTMLParser):
    """Collects every element and attribute of a page, to look for injected ones."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def injected(html: str) -> list[str]:
    """Elements or attributes that only an injection would put in our pages."""
    dom = DomCheck()
    dom.feed(html)
    bad = []
    for tag, attrs in dom.tags:
        if tag == "script" and attrs.get("src") != "/static/app.js":
            bad.append(f"<script {attrs}>")
        if tag in ("img", "iframe", "object", "embed", "b") or (tag == "svg" and "onload" in attrs):
            bad.append(f"<{tag}>")
        bad += [f"{tag}[{k}]" for k in attrs if k.startswith("on") or (k == "x" and tag not in ("text", "rect"))]
    return bad
