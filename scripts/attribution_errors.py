"""List attribution errors on PolNeAR dev by class, with counts.

    python scripts/attribution_errors.py [--polnear ../shared/data/polnear] [--cache /tmp/a1]
        [--split dev] [--show CLASS] [--limit 20] [--json FILE]

Parses the split once (cached as a DocBin under --cache, as scripts/train_attribution.py
does), runs the default statement finder, scores it with ../shared/eval/claimeval.py (the
same numbers as `scripts/evaluate.sh polnear`) and sorts every gold attribution that is
not an e2e match, and every prediction that matches nothing, into one class:

  missed/<kind>        no prediction covers >= 30% of the gold content; <kind> is the gold
                       cue's kind: speech (a reporting verb), according_to, non-speech
                       (attitude, belief, intention, endorsement, a report/poll showing ...),
                       nominal (a noun cue: "the claim", "his view"), colon, none (no cue)
  boundary/long|short|shifted   the content found but not within mutual 50% overlap
  source/missing|spurious|wrong|nested   the content right, the source not:
                       missing = gold has a source, prediction none; spurious = the
                       reverse; nested = the predicted source lies inside another
                       attribution's content or is another attribution's source
  fp/<cue lemma>       a prediction that matches no gold content (ggt@0.3)

It also counts the post-posed unquoted statements ("<content>, <source> <verb>.") and
the false-positive rate on action predicates (predictions whose cue is neither a speech
verb nor a verb of knowing/attitude). `--show CLASS` prints examples of one class (a
prefix: `--show missed/non-speech`). Nothing here is used at run time.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from spacy.tokens import Doc

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from train_attribution import parsed_docs  # noqa: E402

from claimledger.extraction.postposed import POSTPOSED_LEMMAS  # noqa: E402
from claimledger.extraction.statements import REPORTING_LEMMAS, find_statements  # noqa: E402

# Verbs of saying, for the "speech" kind of a missed cue and the action-predicate rate.
SPEECH_LEMMAS = REPORTING_LEMMAS | POSTPOSED_LEMMAS | frozenset(
    """accuse urge criticize criticise blame praise vow promise demand dismiss reject call
    question ask describe declare testify tweet post quote cite reiterate admit
    answer mention disclose reveal suggest propose""".split()
)
# Verbs of knowing, attitude and showing: attributions that are not speech.
ATTITUDE_LEMMAS = frozenset(
    """believe think feel know hope want wish fear expect plan intend seek consider view see
    find show indicate suggest support oppose endorse back favor favour worry doubt agree
    understand recognize realize assume decide vow pledge""".split()
)


def load_claimeval(shared: Path):
    spec = importlib.util.spec_from_file_location("claimeval", shared / "eval" / "claimeval.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def _tokens(doc: Doc, chars: set[int]):
    return [t for t in doc if t.idx in chars or (t.idx + len(t) - 1) in chars]


def cue_kind(doc: Doc, cue: set[int]) -> tuple[str, str]:
    """(kind, lemma) of a cue from its character set."""
    toks = [t for t in _tokens(doc, cue) if not t.is_punct]
    if not cue:
        return "none", ""
    if not toks:
        return "colon", doc.text[min(cue)]
    words = " ".join(t.lower_ for t in toks)
    if words.startswith("according"):
        return "according_to", "according to"
    verbs = [t for t in toks if t.pos_ in ("VERB", "AUX")]
    head = verbs[-1] if verbs else toks[-1]
    lemma = head.lemma_.lower()
    if lemma in SPEECH_LEMMAS:
        return "speech", lemma
    if not verbs and head.pos_ in ("NOUN", "PROPN", "ADJ"):
        return "nominal", lemma
    return "non-speech", lemma


def is_postposed(text: str, gold: dict) -> bool:
    """Unquoted content that ends before its cue, with only a comma and the source between."""
    if gold["direct"] or not gold["cue"] or not gold["content"]:
        return False
    c_end, cue_start = max(gold["content"]), min(gold["cue"])
    if c_end > cue_start:
        return False
    between = text[c_end + 1 : cue_start]
    if "\n" in between or "." in between:
        return False
    return "," in between[:3] and len(between) < 80


def score_and_bucket(ce, docs, parsed, preds_by_doc):
    buckets: dict[str, list[dict]] = defaultdict(list)
    post = Counter()
    action = Counter()
    for doc, nlp_doc in zip(docs, parsed, strict=True):
        text = doc["text"]
        golds = ce.gold_items(doc)
        preds = [ce._item(text, p["content"], p["source"], p["cue"]) for p in preds_by_doc[doc["id"]]]
        preds = [p for p in preds if p["content"]]
        e2e = dict((j, i) for i, j in ce.match("e2e", preds, golds))
        strict = dict((j, i) for i, j in ce.match("strict@0.5", preds, golds))
        ggt = dict((j, i) for i, j in ce.match("ggt@0.3", preds, golds))
        matched_preds = set(ggt.values())

        def show(chars, text=text):
            return text[min(chars) : max(chars) + 1] if chars else ""

        for j, g in enumerate(golds):
            if is_postposed(text, g):
                post["gold"] += 1
                post["found"] += j in ggt
                post["e2e"] += j in e2e
            if j in e2e:
                continue
            kind, lemma = cue_kind(nlp_doc, g["cue"])
            row = {"doc": doc["id"], "gold": show(g["content"]), "gsrc": show(g["source"]),
                   "gcue": show(g["cue"]), "lemma": lemma}
            if j not in ggt:
                buckets[f"missed/{kind}"].append(row)
                continue
            p = preds[ggt[j] if j not in strict else strict[j]]
            row.update(pred=show(p["content"]), psrc=show(p["source"]), pcue=show(p["cue"]))
            if j not in strict:
                extra = len(p["content"] - g["content"])
                lost = len(g["content"] - p["content"])
                cls = "long" if extra and not lost else "short" if lost and not extra else "shifted"
                buckets[f"boundary/{cls}"].append(row)
                continue
            if g["source"] and not p["source"]:
                cls = "missing"
            elif p["source"] and not g["source"]:
                cls = "spurious"
            else:
                others = [x for k, x in enumerate(golds) if k != j]
                nested = any(p["source"] & (x["content"] | x["source"]) for x in others)
                cls = "nested" if nested else "wrong"
            buckets[f"source/{cls}"].append(row)
        for i, p in enumerate(preds):
            kind, lemma = cue_kind(nlp_doc, p["cue"])
            speechy = kind in ("speech", "according_to", "colon", "nominal") or lemma in ATTITUDE_LEMMAS
            if not speechy:
                action["pred"] += 1
                action["fp"] += i not in matched_preds
            if i in matched_preds:
                continue
            buckets[f"fp/{lemma or kind}"].append(
                {"doc": doc["id"], "pred": show(p["content"]), "psrc": show(p["source"]),
                 "pcue": show(p["cue"]), "lemma": lemma, "direct": p["direct"]})
    return buckets, post, action


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/a1"))
    ap.add_argument("--split", default="dev")
    ap.add_argument("--show", default="")
    ap.add_argument("--limit", type=int, default=15)
    ap.add_argument("--json", type=Path)
    a = ap.parse_args(argv)
    ce = load_claimeval(a.shared)
    split = a.shared / "data" / "polnear" / a.split
    docs = ce.load_polnear(split)
    parsed = parsed_docs(split, a.cache, [d["text"] for d in docs])
    preds_by_doc = {}
    for d, nd in zip(docs, parsed, strict=True):
        preds_by_doc[d["id"]] = [
            {"content": st.content, "source": st.source, "cue": st.cue} for st in find_statements(nd)
        ]
    res = ce.evaluate(docs, preds_by_doc)
    for m in ("ggt@0.3", "strict@0.5", "e2e"):
        for c in ("all", "direct", "indirect"):
            r = res[m][c]
            print(f"{m:10} {c:8} P {r['P']:.3f} R {r['R']:.3f} F1 {r['F1']:.3f}  (gold {r['gold']} pred {r['pred']} tp {r['tp']})")
    buckets, post, action = score_and_bucket(ce, docs, parsed, preds_by_doc)
    print(f"post-posed unquoted: {post['gold']} gold, found (ggt@0.3) {post['found']}, e2e {post['e2e']}")
    rate = action["fp"] / action["pred"] if action["pred"] else 0.0
    print(f"action predicates: {action['pred']} predicted, {action['fp']} match nothing ({rate:.2f})")
    groups = Counter()
    for k, v in buckets.items():
        groups[k.split("/")[0]] += len(v)
    for g, n in groups.most_common():
        print(f"\n{g}: {n}")
        sub = sorted(((k, v) for k, v in buckets.items() if k.startswith(g + "/")), key=lambda kv: -len(kv[1]))
        small = 0
        for k, v in sub:
            if len(v) >= 4 or g != "fp":
                lemmas = Counter(r["lemma"] for r in v).most_common(12)
                extra = "" if g == "fp" else "  " + ", ".join(f"{lm}:{n}" for lm, n in lemmas)
                print(f"  {k:28} {len(v):4}{extra}")
            else:
                small += len(v)
        if small:
            print(f"  {'fp/(lemmas with < 4)':28} {small:4}")
    if a.show:
        for k, v in sorted(buckets.items()):
            if k.startswith(a.show):
                print(f"\n## {k} ({len(v)})")
                for r in v[: a.limit]:
                    print(json.dumps(r, ensure_ascii=False))
    if a.json:
        a.json.write_text(json.dumps(buckets, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
