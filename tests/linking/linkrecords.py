"""Article records written by hand, so that linking is tested without parsing."""

from __future__ import annotations

from claimledger.record import ArticleRecord, Claim


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return (start, start + len(part))


def record(ext_id: str, date: str | None, text: str,
           claims: list[tuple[str | None, str, str]] = (), title: str | None = None,
           via: dict[int, list[str]] | None = None,
           types: dict[int, str] | None = None) -> ArticleRecord:
    """A record whose claims are (speaker, source as written, content), found in `text`;
    `types` gives the speaker type extraction stored for some claims (by claim index)."""
    out = []
    for i, (speaker, source, content) in enumerate(claims):
        c = span(text, content)
        s = span(text, source) if source else None
        out.append(Claim(content=[c], source=[s] if s else [], speaker=speaker,
                         via=(via or {}).get(i, []), speaker_type=(types or {}).get(i)))
    return ArticleRecord(id=ext_id, text=text, date=date, claims=out, title=title,
                         extractor="test")
