"""List every time-expression error on a TimeML gold set, grouped into rough classes.

Usage (from the repository root, with ../shared present):
    PYTHONPATH=src python scripts/times_errors.py [--gold ../shared/data/timebank]
        [--cache /tmp/timebank.docbin] [--only CLASS] [--summary]

The spaCy parses are cached in a DocBin so that reruns after a change to the time rules
take seconds. Scores use ../shared/eval/claimeval.py, so the figures equal
`scripts/evaluate.sh timebank`. Each error line shows the gold and predicted text, value
and type, the document creation time and the sentence around it.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import importlib.util
import pathlib
import re
import sys

from spacy.tokens import DocBin

from claimledger.extraction.pipeline import load_model
from claimledger.extraction.times import find_times


def _claimeval(shared: pathlib.Path):  # noqa: ANN202 - a module loaded by path
    spec = importlib.util.spec_from_file_location("claimeval", shared / "eval" / "claimeval.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _docs(ce, gold: pathlib.Path, cache: pathlib.Path):  # noqa: ANN001, ANN202
    nlp = load_model()
    docs = ce.load_timeml(str(gold))
    if cache.exists():
        parsed = list(DocBin().from_disk(cache).get_docs(nlp.vocab))
        if len(parsed) == len(docs) and all(p.text == d["text"] for p, d in zip(parsed, docs, strict=True)):
            return docs, parsed
    parsed = list(nlp.pipe(d["text"] for d in docs))
    DocBin(store_user_data=False, docs=parsed).to_disk(cache)
    return docs, parsed


def _granularity(v: str) -> str:
    if re.fullmatch(r"\d{4}-\d\d-\d\d", v):
        return "day"
    if re.fullmatch(r"\d{4}-\d\d", v):
        return "month"
    if re.fullmatch(r"\d{4}", v):
        return "year"
    if re.fullmatch(r"\d{4}-W\d\d", v):
        return "week"
    if re.fullmatch(r"\d{4}-Q\d", v):
        return "quarter"
    return "other"


def _sentence(text: str, s: int, e: int) -> str:
    """The sentence around text[s:e], with the span in [[ ]]."""
    lo = max(text.rfind("\n", 0, s), text.rfind(". ", 0, s - 1) + 1, s - 160)
    hi = [k for k in (text.find("\n", e), text.find(". ", e)) if k != -1]
    end = min([*hi, e + 160])
    return (text[lo:s] + "[[" + text[s:e] + "]]" + text[e : end + 1]).strip().replace("\n", " ")


def classify(gv: str, gt: str, pv: str, pt: str) -> str:
    """A rough class for a wrong value (gold value/type against the predicted ones)."""
    if gt == "SET" or pt == "SET":
        return "set"
    if gt == "DURATION" or pt == "DURATION":
        return "duration"
    if gv.endswith("_REF") or pv.endswith("_REF"):
        return "ref"
    if "X" in gv or "X" in pv:
        return "placeholder"
    if gt == "TIME" or pt == "TIME":
        return "time-of-day"
    gg, pg = _granularity(gv), _granularity(pv)
    if gg != pg and gv[:4] == pv[:4]:
        return "granularity"
    if gg != pg:
        return "granularity+anchor"
    if gg == "day":
        a, b = dt.date.fromisoformat(gv), dt.date.fromisoformat(pv)
        if abs((a - b).days) == 7:
            return "direction(week)"
        return "anchor(day)"
    if gg in ("month", "quarter", "week") and gv[:4] != pv[:4]:
        return "anchor(year)"
    return "anchor"


def _per_type(ce, docs, records) -> dict[str, list[int]]:  # noqa: ANN001
    """Per TIMEX3 type: gold count, predicted count, and matched pairs with the same type
    and value (the value row of the scorer, split by type)."""
    out: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    for d in docs:
        text, golds = d["text"], d["timexes"]
        preds = records[d["id"]]["times"]
        for g in golds:
            out[str(g.get("type"))][0] += 1
        for p in preds:
            out[p["type"]][1] += 1
        pairs = ce.overlap_pairs([ce.spanset([p["span"]], len(text)) for p in preds],
                                 [set(range(g["start"], g["end"])) for g in golds])
        for i, j in pairs:
            p, g = preds[i], golds[j]
            if p["type"] == g.get("type") and str(p["value"]).casefold() == str(g.get("value")).casefold():
                out[p["type"]][2] += 1
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--gold", default=None)
    ap.add_argument("--cache", default="/tmp/timebank.docbin")
    ap.add_argument("--only", default=None, help="print only this class (FN, FP or a value class)")
    ap.add_argument("--summary", action="store_true", help="counts only")
    a = ap.parse_args()
    shared = pathlib.Path(a.shared)
    ce = _claimeval(shared)
    gold = pathlib.Path(a.gold) if a.gold else shared / "data" / "timebank"
    docs, parsed = _docs(ce, gold, pathlib.Path(a.cache))
    records = {}
    errors: list[tuple[str, str]] = []
    for d, doc in zip(docs, parsed, strict=True):
        dct = dt.date.fromisoformat(d["dct"][:10]) if d.get("dct") else None
        times = find_times(doc, dct)
        preds = [{"span": list(t.span), "value": t.value, "type": t.type} for t in times]
        records[d["id"]] = {"id": d["id"], "text": d["text"], "times": preds}
        text, golds = d["text"], d["timexes"]
        pairs = ce.overlap_pairs([ce.spanset([p["span"]], len(text)) for p in preds],
                                 [set(range(g["start"], g["end"])) for g in golds])
        pm = {i for i, _ in pairs}
        gm = {j for _, j in pairs}

        head = f"{d['id']} dct={dct}"
        for g in golds:
            g["text"] = text[g["start"]:g["end"]]
        for j, g in enumerate(golds):
            if j not in gm:
                errors.append(("FN", f"{head} FN gold {g['text']!r} {g.get('value')} {g.get('type')}"
                                     f"\n    {_sentence(text, g['start'], g['end'])}"))
        for i, p in enumerate(preds):
            if i not in pm:
                s, e = p["span"]
                errors.append(("FP", f"{head} FP pred {text[s:e]!r} {p['value']} {p['type']}"
                                     f"\n    {_sentence(text, s, e)}"))
        for i, j in pairs:
            p, g = preds[i], golds[j]
            gv, pv = str(g.get("value")), str(p["value"])
            if gv.casefold() == pv.casefold():
                continue
            s, e = p["span"]
            cls = classify(gv, str(g.get("type")), pv, p["type"])
            errors.append((cls, f"{head} {cls}: gold {g['text']!r} {gv} {g.get('type')} | pred "
                                f"{text[s:e]!r} {pv} {p['type']}\n    {_sentence(text, g['start'], g['end'])}"))
    counts = collections.Counter(c for c, _ in errors)
    by_type = _per_type(ce, docs, records)
    if not a.summary:
        for cls, line in sorted(errors, key=lambda x: x[0]):
            if a.only is None or cls == a.only:
                print(line)
    res = ce.score_times(docs, records)
    print(ce.report_times(res, len(docs)), file=sys.stderr)
    print("classes: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()), file=sys.stderr)
    for typ, (gold_n, pred_n, ok) in sorted(by_type.items()):
        p = ok / pred_n if pred_n else 0.0
        r = ok / gold_n if gold_n else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{typ:9s} gold {gold_n:5d} pred {pred_n:5d} value-ok {ok:5d}  P {p:.3f} R {r:.3f} F1 {f:.3f}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
