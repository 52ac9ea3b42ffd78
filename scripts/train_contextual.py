"""Train the contextual attribution head (the `contextual` extra) on PolNeAR train.

    python scripts/train_contextual.py [--polnear ../shared/data/polnear] [--cache /tmp/ctx]

Needs `pip install -e '.[contextual]'`. Steps, each cached under --cache:
1. parse train (and dev, for choosing the epoch) with spaCy, as train_attribution.py does;
2. MiniLM vectors of every token (contextual/embeddings.py), one .npy per article;
3. train the small head (contextual/head.py: a BiLSTM over the MiniLM vectors and the
   CRF's categorical features) on the BIO labels the CRF learns, for --epochs epochs,
   keeping the epoch with the best token F1 on dev, and write it to
   src/claimledger/extraction/data/contextual_head.pt.
Every --stride-th train article is used (4: a quarter of train, 210 articles; the CRF
notes found half of train as good as all of it, and on a shared 2-core machine the MiniLM
pass and the epochs are what limits the run). Seeds are fixed; on 2 threads the run
takes about 30 minutes, most of it the MiniLM pass over train.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_attribution import ROOT, bio, load_polnear, parsed_docs, token_roles  # noqa: E402

from claimledger.extraction.contextual import HEAD_FILE  # noqa: E402
from claimledger.extraction.crf_features import doc_info  # noqa: E402
from claimledger.extraction.statements import LEXICON_FILE  # noqa: E402

DATA = ROOT / "src" / "claimledger" / "extraction" / "data"


def cached_vectors(cache: Path, split: str, docs: list, stride: int = 1,
                   reverse: bool = False) -> list[np.ndarray]:
    """MiniLM vectors of each doc's tokens, computed once and kept as float16 .npy files
    named by the article's place in the whole split (so that strides share them)."""
    from claimledger.extraction.contextual.embeddings import LAYERS, token_vectors

    out_dir = cache / f"emb-L{LAYERS}" / split
    out_dir.mkdir(parents=True, exist_ok=True)
    out, t0 = [None] * len(docs), time.time()
    order = range(len(docs) - 1, -1, -1) if reverse else range(len(docs))
    for k in order:
        doc, path = docs[k], out_dir / f"{k * stride}.npy"
        if path.exists():
            vec = np.load(path)
            if len(vec) == len(doc):
                out[k] = vec
                continue
        vec = token_vectors(doc.text, doc_info(doc)).astype(np.float16)
        with open(path.with_suffix(".tmp"), "wb") as fh:  # whole files only: see --reverse
            np.save(fh, vec)
        path.with_suffix(".tmp").replace(path)
        out[k] = vec
        if k % 20 == 0:
            print(f"{split}: embedded {k + 1}/{len(docs)} ({time.time() - t0:.0f}s)",
                  file=sys.stderr, flush=True)
    return out


def split_data(polnear: Path, cache: Path, split: str, stride: int) -> tuple[list, list, list]:
    """(gold, spaCy docs, BIO labels per token) of every stride-th article of a split."""
    gold = load_polnear(polnear / split)[::stride]
    docs = parsed_docs(polnear / split, cache, [g["text"] for g in gold])
    labels = []
    for doc, g in zip(docs, gold, strict=True):
        roles = token_roles(doc, g["attributions"])
        labels.append(bio(roles, 0, len(doc)))
    return gold, docs, labels


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--polnear", type=Path, default=ROOT.parent / "shared" / "data" / "polnear")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/ctx"))
    ap.add_argument("--out", type=Path, default=DATA)
    ap.add_argument("--stride", type=int, default=4)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=2)
    # weight of the head against the CRF marginals, chosen on PolNeAR dev e2e F1
    # (docs/contextual-model.md)
    ap.add_argument("--mix", type=float, default=0.4)
    ap.add_argument("--reverse", action="store_true",
                    help="embed from the last article back (a second process can share step 2)")
    ap.add_argument("--embed-only", choices=("dev", "train"), default=None,
                    help="only step 2, for one split (so that both can run side by side)")
    a = ap.parse_args(argv)

    import torch

    torch.set_num_threads(a.threads)
    if a.embed_only != "train":
        _, dev_docs, dev_labels = split_data(a.polnear, a.cache, "dev", 1)
        dev_vecs = cached_vectors(a.cache, "dev", dev_docs, 1, a.reverse)
    if a.embed_only != "dev":
        _, docs, labels = split_data(a.polnear, a.cache, "train", a.stride)
        vecs = cached_vectors(a.cache, "train", docs, a.stride, a.reverse)
    if a.embed_only:
        return
    from claimledger.extraction.contextual.head import train_head

    lexicon = json.loads((DATA / LEXICON_FILE).read_text(encoding="utf-8"))
    train_head(docs, vecs, labels, dev_docs, dev_vecs, dev_labels, epochs=a.epochs,
               out=a.out / HEAD_FILE, lexicon=lexicon, mix=a.mix)


if __name__ == "__main__":
    main()
