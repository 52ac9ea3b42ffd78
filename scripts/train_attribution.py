"""Train the attribution CRF (source / cue / content BIO tags) on PolNeAR train.

    python scripts/train_attribution.py [--polnear ../shared/data/polnear] [--cache /tmp/a1]

Parses the train split once (cached as a DocBin under --cache), mines the cue lexicon
from the gold cues, trains a linear-chain CRF with python-crfsuite and writes
src/claimledger/extraction/data/attribution.crfsuite and attribution_lexicon.json, then a
second-pass CRF (attribution_stack.crfsuite) that also sees the first pass's labels,
trained on out-of-fold first-pass labels (2 folds by article index). L-BFGS is
deterministic, so the same data gives the same weights (about 10 minutes of one CPU).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pycrfsuite
from spacy.tokens import Doc, DocBin

from claimledger.extraction.crf_features import CUE_MIN, doc_features, doc_info, stack_features
from claimledger.extraction.pipeline import load_model
from claimledger.extraction.statements import LEXICON_FILE, MODEL_FILES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "claimledger" / "extraction" / "data"
# Where roles overlap (a nested attribution inside another's content), the inner cue and
# source win: the grouping step rebuilds the outer content around them.
PRIORITY = {"Cue": 0, "Source": 1, "Content": 2}
TAG = {"Cue": "C", "Source": "S", "Content": "T"}


def load_polnear(split_dir: Path) -> list[dict]:
    """Gold attributions per article, one annotator per article (as claimeval.py does).

    Brat span texts may contain newlines, so only lines that start an entry are read.
    """
    docs, seen = [], set()
    for ann in sorted((split_dir / "attributions").glob("*.ann")):
        base = ann.stem.rsplit("_", 1)[0]
        if base in seen:
            continue
        seen.add(base)
        text = (split_dir / "text" / f"{base}.txt").read_text(encoding="utf-8")
        lines = [
            x for x in ann.read_text(encoding="utf-8").splitlines() if re.match(r"[TE]\d+\t", x)
        ]
        spans, rels = {}, []
        for line in lines:
            if line.startswith("T"):
                tid, meta = line.split("\t", 2)[:2]
                label, offs = meta.split(" ", 1)
                spans[tid] = (label, [tuple(map(int, p.split())) for p in offs.split(";")])
        for line in lines:
            if line.startswith("E"):
                roles = dict(r.split(":", 1) for r in line.split("\t")[1].split() if ":" in r)
                rels.append(
                    {k: spans[v] for k, v in roles.items() if k != "Attribution" and v in spans}
                )
        docs.append({"id": base, "text": text, "attributions": rels})
    return docs


def parsed_docs(split_dir: Path, cache: Path, texts: list[str]) -> list[Doc]:
    """spaCy docs of `texts`, parsed once and cached as a DocBin."""
    nlp = load_model()
    path = cache / f"{split_dir.name}.spacy"
    if path.exists():
        cached = {d.text: d for d in DocBin().from_disk(path).get_docs(nlp.vocab)}
        if all(t in cached for t in texts):
            return [cached[t] for t in texts]
    t0 = time.time()
    docs = list(nlp.pipe(texts, batch_size=16))
    cache.mkdir(parents=True, exist_ok=True)
    db = DocBin()
    for d in docs:
        db.add(d)
    db.to_disk(path)
    print(f"parsed {len(docs)} docs in {time.time() - t0:.0f}s", file=sys.stderr)
    return docs


def token_roles(doc: Doc, attributions: list[dict]) -> list[tuple[str, int] | None]:
    """(role, attribution index) of each token, by PRIORITY where roles overlap."""
    best: list[tuple[int, str, int] | None] = [None] * len(doc)
    starts = [t.idx for t in doc]
    ends = [t.idx + len(t) for t in doc]
    for k, rel in enumerate(attributions):
        for role, (_, parts) in rel.items():
            role = "Content" if role.startswith("Content") else role
            if role not in PRIORITY:
                continue
            for a, b in parts:
                # tokens overlapping [a, b): ends > a and starts < b
                for i in range(bisect_right(ends, a), bisect_left(starts, b)):
                    if not doc[i].is_space:
                        cand = (PRIORITY[role], role, k)
                        if best[i] is None or cand < best[i]:
                            best[i] = cand
    return [(b[1], b[2]) if b else None for b in best]


def bio(roles: list[tuple[str, int] | None], start: int, end: int) -> list[str]:
    """BIO labels (B-S, I-C, ...) for tokens start..end."""
    out, prev = [], None
    for i in range(start, end):
        r = roles[i]
        if r is None:
            out.append("O")
        else:
            out.append(("I-" if r == prev else "B-") + TAG[r[0]])
        prev = r
    return out


def mine_lexicon(docs: list[Doc], roles: list[list]) -> dict[str, float]:
    """Share of each lemma's occurrences that fall inside a gold cue (lemmas seen >= 3 times)."""
    total, cue = Counter(), Counter()
    for doc, rs in zip(docs, roles, strict=True):
        for t, r in zip(doc, rs, strict=True):
            lemma = t.lemma_.lower()
            total[lemma] += 1
            if r is not None and r[0] == "Cue" and not t.is_punct:
                cue[lemma] += 1
    lex = {}
    for lemma, n in cue.items():
        score = n / total[lemma]
        if n >= 2 and total[lemma] >= 3 and score >= CUE_MIN:
            lex[lemma] = round(score, 3)
    # the colon and dash introduce quotes often enough to be cue-like
    return dict(sorted(lex.items()))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--polnear", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/a1"))
    ap.add_argument("--out", type=Path, default=DATA)
    ap.add_argument("--c1", type=float, default=3.0)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--limit", type=int, default=0, help="train on the first N articles only")
    # On PolNeAR dev (c1=3) the stacked pass moves e2e F1 from 0.651 to 0.657 and costs a
    # second tagging pass (find_statements 7% -> 12% of the parse time).
    ap.add_argument(
        "--no-stack",
        dest="stack",
        action="store_false",
        help="train the first-pass tagger only (and remove a shipped second pass)",
    )
    ap.add_argument("--folds", type=int, default=2, help="folds for the first-pass labels")
    a = ap.parse_args(argv)

    gold = load_polnear(a.polnear / "train")
    if a.limit:
        gold = gold[: a.limit]
    docs = parsed_docs(a.polnear / "train", a.cache, [g["text"] for g in gold])
    roles = [token_roles(d, g["attributions"]) for d, g in zip(docs, gold, strict=True)]
    lexicon = mine_lexicon(docs, roles)
    t0 = time.time()
    infos = [doc_info(d) for d in docs]
    feats = [doc_features(info, lexicon) for info in infos]
    labels = [
        [bio(rs, start, end) for start, end in info.paragraphs]
        for rs, info in zip(roles, infos, strict=True)
    ]
    print(f"features: {time.time() - t0:.0f}s", file=sys.stderr)
    params = {
        "c1": a.c1,
        "c2": a.c2,
        "max_iterations": a.iterations,
        "feature.possible_transitions": True,
    }
    a.out.mkdir(parents=True, exist_ok=True)
    first = a.out / MODEL_FILES[0]
    train(feats, labels, range(len(docs)), params, first)
    (a.out / LEXICON_FILE).write_text(json.dumps(lexicon, indent=0) + "\n")
    stacked = a.out / MODEL_FILES[1]
    if not a.stack:
        stacked.unlink(missing_ok=True)
        return
    # out-of-fold first-pass labels, so the second pass learns from realistic mistakes
    pass1: list[list[str]] = [[] for _ in docs]
    for fold in range(a.folds):
        held = [i for i in range(len(docs)) if i % a.folds == fold]
        path = a.cache / f"fold{fold}.crfsuite"
        train(feats, labels, [i for i in range(len(docs)) if i % a.folds != fold], params, path)
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        for i in held:
            pass1[i] = ["O"] * infos[i].n
            for (start, end), f in zip(infos[i].paragraphs, feats[i], strict=True):
                pass1[i][start:end] = tagger.tag(f)
    for info, f, p1 in zip(infos, feats, pass1, strict=True):
        stack_features(info, f, p1)
    train(feats, labels, range(len(docs)), params, stacked)


def train(feats: list, labels: list, which: Iterable[int], params: dict, path: Path) -> None:
    """Train one CRF on the documents `which` and write it to `path`."""
    trainer = pycrfsuite.Trainer(verbose=False)
    for i in which:
        for f, y in zip(feats[i], labels[i], strict=True):
            trainer.append(f, y)
    trainer.set_params(params)
    t0 = time.time()
    trainer.train(str(path))
    print(f"trained {path.name} in {time.time() - t0:.0f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
