"""Estimate series drawn as SVG on the server: one mark per point, bounds as ranges, one
colour and one shape per source, each mark a link to its claim. No script, nothing external."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from markupsafe import Markup, escape

COLOURS = ("#1f5fa8", "#b2401f", "#2f7d32", "#7b3fa0", "#a06a00", "#00838f", "#5d4037")
SHAPES = ("circle", "square", "triangle", "diamond", "cross", "star", "ring")


def _shape(kind: str, x: float, y: float, colour: str) -> str:
    r = 6
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{colour}"/>'
    if kind == "ring":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#fff" stroke="{colour}" stroke-width="3"/>'
    if kind == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" fill="{colour}"/>'
    if kind == "triangle":
        return f'<polygon points="{x:.1f},{y - r - 1:.1f} {x - r - 1:.1f},{y + r:.1f} {x + r + 1:.1f},{y + r:.1f}" fill="{colour}"/>'
    if kind == "diamond":
        return f'<polygon points="{x:.1f},{y - r - 2:.1f} {x + r + 2:.1f},{y:.1f} {x:.1f},{y + r + 2:.1f} {x - r - 2:.1f},{y:.1f}" fill="{colour}"/>'
    if kind == "star":
        pts = []
        for i in range(10):
            rad = (r + 2) if i % 2 == 0 else (r - 2) / 1.5
            a = math.pi / 2 + i * math.pi / 5
            pts.append(f"{x + rad * math.cos(a):.1f},{y - rad * math.sin(a):.1f}")
        return f'<polygon points="{" ".join(pts)}" fill="{colour}"/>'
    return (f'<path d="M{x - r:.1f},{y - r:.1f} L{x + r:.1f},{y + r:.1f} M{x - r:.1f},{y + r:.1f} '
            f'L{x + r:.1f},{y - r:.1f}" stroke="{colour}" stroke-width="3"/>')


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= v:
            return m * exp
    return 10 * exp


def source_of(point: dict[str, Any]) -> str:
    """Who a point comes from, as the legend names it: the speaker, or via whom."""
    via = point.get("via") or []
    speaker = point.get("speaker") or "(unattributed)"
    return f"{speaker} via {', '.join(via)}" if via else speaker


def series_svg(series: dict[str, Any], width: int = 680, height: int = 260) -> Markup:
    """The chart of one series: x is the day said (undated points in their own column at the
    right), y the value; a vertical bar spans low..high; an open bound gets an arrow."""
    points = series["points"]
    sources = list(dict.fromkeys(source_of(p) for p in points))
    style = {s: (COLOURS[i % len(COLOURS)], SHAPES[i % len(SHAPES)]) for i, s in enumerate(sources)}
    left, right, top, bottom = 70, 20, 16, 40
    days = [d for d in (_day(p.get("said_on")) for p in points) if d]
    undated = any(_day(p.get("said_on")) is None for p in points)
    first, last = (min(days), max(days)) if days else (None, None)
    span_days = max(1, (last - first).days) if first and last else 1
    plot_w = width - left - right - (50 if undated else 0)
    values = [v for p in points for v in (p.get("value"), p.get("low"), p.get("high")) if isinstance(v, int | float)]
    y_max = _nice_max(max(values) if values else 1) * 1.0
    plot_h = height - top - bottom

    def y_of(v: float) -> float:
        return top + plot_h - (v / y_max) * plot_h

    def x_of(p: dict[str, Any]) -> float:
        d = _day(p.get("said_on"))
        if d is None:
            return left + plot_w + 35
        if first is None or first == last:
            return left + plot_w / 2
        return left + 10 + (d - first).days / span_days * (plot_w - 20)

    out = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img"'
           f' aria-label="{escape(series.get("measure") or "")}: {len(points)} estimates">']
    for i in range(5):
        v = y_max * i / 4
        y = y_of(v)
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        out.append(f'<text class="tick" x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(_fmt(v))}</text>')
    if first:
        out.append(f'<text class="tick" x="{left + 10}" y="{height - 14}">{first.isoformat()}</text>')
        if last != first:
            out.append(f'<text class="tick" x="{left + plot_w - 10}" y="{height - 14}" text-anchor="end">{last.isoformat()}</text>')
    if undated:
        out.append(f'<text class="tick" x="{left + plot_w + 35}" y="{height - 14}" text-anchor="middle">undated</text>')
    # points said on the same day are spread sideways, so none hides another
    same_day: dict[float, list[int]] = {}
    for n, p in enumerate(points):
        same_day.setdefault(round(x_of(p), 1), []).append(n)
    dodge = {n: (k - (len(group) - 1) / 2) * 11 for group in same_day.values() for k, n in enumerate(group)}
    for n, p in enumerate(points):
        colour, shape = style[source_of(p)]
        x = x_of(p) + dodge[n]
        low, high, value = p.get("low"), p.get("high"), p.get("value")
        centre = value if isinstance(value, int | float) else (
            ((low or 0) + (high or low or 0)) / 2 if low is not None or high is not None else 0)
        parts = []
        if low is not None or high is not None:
            y1 = y_of(low) if low is not None else y_of(0)
            y2 = y_of(high) if high is not None else top
            parts.append(f'<line class="range" x1="{x:.1f}" x2="{x:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" stroke="{colour}"/>')
            if high is None:  # "at least": open upwards
                parts.append(f'<path class="open" d="M{x - 5:.1f},{top + 7} L{x:.1f},{top} L{x + 5:.1f},{top + 7}" stroke="{colour}"/>')
        parts.append(_shape(shape, x, y_of(centre), colour))
        label = f"{source_of(p)}, {p.get('said_on') or 'undated'}: {p.get('text') or _fmt(centre)}"
        href = f"/articles/{p['article']}" + (f"#c{p['claim']}" if p.get("claim") is not None else "")
        out.append(f'<a class="point" data-point="{n}" href="{escape(href)}" aria-label="{escape(label)}">'
                   f"<title>{escape(label)}</title>{''.join(parts)}</a>")
    out.append("</svg>")
    legend = "".join(
        f'<li><svg width="18" height="18" aria-hidden="true">{_shape(sh, 9, 9, c)}</svg> {escape(s)}</li>'
        for s, (c, sh) in style.items()
    )
    return Markup("".join(out) + f'<ul class="legend">{legend}</ul>')


def _fmt(v: float) -> str:
    if v >= 1e6:
        return f"{v / 1e6:g}M"
    if v >= 1e4:
        return f"{v / 1e3:g}k"
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}"
