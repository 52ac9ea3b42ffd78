"""An article's text with what was extracted marked on it, displaCy-style, as safe HTML.

Spans (claim contents, cues, sources, quantities, times) may nest; a span that crosses the
end of the one it starts in is cut in two, so the HTML nests properly, and both pieces carry
the same `data-span`. Every piece of text and every attribute value is escaped here; nothing
from the article reaches the page unescaped.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from markupsafe import Markup, escape

# drawing order when two spans start and end at the same place: outer first
KIND_ORDER = {"content": 0, "source": 1, "cue": 2, "quantity": 3, "time": 4}


@dataclass(order=True)
class Span:
    start: int
    end: int
    kind: str = field(compare=False)
    attrs: dict[str, str] = field(default_factory=dict, compare=False)
    before: str = field(default="", compare=False)  # trusted HTML put before the first piece


@dataclass
class _Node:
    span: Span | None
    end: int
    parts: list[str | _Node] = field(default_factory=list)


def article_html(text: str, spans: list[Span]) -> Markup:
    """`text` as HTML with each span an element of class `m-<kind>`."""
    seq = 0
    heap: list[tuple[int, int, int, int, Span, bool]] = []
    for s in spans:
        if 0 <= s.start < s.end <= len(text):
            heap.append((s.start, -s.end, KIND_ORDER.get(s.kind, 9), seq, s, True))
            seq += 1
    heapq.heapify(heap)
    root = _Node(None, len(text))
    stack = [root]
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while len(stack) > 1 and stack[-1].end <= limit:
            top = stack.pop()
            if top.end > pos:
                top.parts.append(text[pos : top.end])
                pos = top.end

    while heap:
        start, neg_end, order, _, span, first = heapq.heappop(heap)
        end = -neg_end
        close_until(start)
        if start > pos:
            stack[-1].parts.append(text[pos:start])
            pos = start
        if end > stack[-1].end:  # crosses the end of its parent: cut it there
            cut = stack[-1].end
            rest = Span(cut, end, span.kind, {k: v for k, v in span.attrs.items() if k != "id"})
            heapq.heappush(heap, (cut, -end, order, seq, rest, False))
            seq += 1
            end = cut
        node = _Node(Span(start, end, span.kind, span.attrs, span.before if first else ""), end)
        stack[-1].parts.append(node)
        stack.append(node)
    close_until(len(text))
    if pos < len(text):
        root.parts.append(text[pos:])
    return Markup("".join(_render(p) for p in root.parts))


def _render(part: str | _Node) -> str:
    if isinstance(part, str):
        return str(escape(part))
    span = part.span
    assert span is not None
    attrs = "".join(f' {escape(k)}="{escape(v)}"' for k, v in span.attrs.items())
    inner = "".join(_render(p) for p in part.parts)
    return f'{span.before}<span class="m m-{escape(span.kind)}"{attrs}>{inner}</span>'
