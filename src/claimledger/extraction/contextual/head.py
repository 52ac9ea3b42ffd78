"""The small trained head of the contextual tagger: a BiLSTM over MiniLM token vectors
and the categorical CRF features, predicting the CRF's BIO labels (needs torch).

One sequence per paragraph, as for the CRF. At tagging time the head's label
probabilities are mixed with the CRF's marginals (weight `mix` in the shipped config)
and each token takes the likeliest label. Only the head is shipped (data/, float16).
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from claimledger.extraction.contextual.categorical import CAT_KEYS, LABELS, categorical
from claimledger.extraction.crf_features import DocInfo, doc_features, doc_info

SEED = 13
MIN_COUNT = 2  # a feature value seen fewer times in train maps to "unknown"


class AttributionHead(nn.Module):
    """Per-token label scores from a token vector and K categorical features."""

    def __init__(self, sizes: list[int], dim: int = 384, cat_dim: int = 8, proj: int = 128,
                 hidden: int = 96, dropout: float = 0.25) -> None:
        super().__init__()
        self.cats = nn.ModuleList(nn.Embedding(n, cat_dim) for n in sizes)
        self.drop = nn.Dropout(dropout)
        self.proj = nn.Linear(dim + cat_dim * len(sizes), proj)
        self.lstm = nn.LSTM(proj, hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * hidden, len(LABELS))

    def forward(self, vec: torch.Tensor, cats: torch.Tensor) -> torch.Tensor:
        parts = [vec] + [emb(cats[..., k]) for k, emb in enumerate(self.cats)]
        x = torch.relu(self.proj(self.drop(torch.cat(parts, dim=-1))))
        h, _ = self.lstm(x)
        return self.out(self.drop(h))


def build_vocab(feats: list[list[list[list[str]]]]) -> dict[str, dict[str, int]]:
    """Index of each categorical feature value seen MIN_COUNT times (0 is unknown)."""
    counts: dict[str, Counter] = {k: Counter() for k in CAT_KEYS}
    for doc_feats in feats:
        for para in doc_feats:
            for tok in para:
                for f in tok:
                    key, _, value = f.partition("=")
                    if key in counts:
                        counts[key][value] += 1
    return {
        k: {v: i + 1 for i, v in enumerate(sorted(x for x, n in c.items() if n >= MIN_COUNT))}
        for k, c in counts.items()
    }


def _paragraph_batches(infos: list[DocInfo], vecs: list[np.ndarray], cats: list[np.ndarray],
                       labels: list[list[str]] | None, size: int) -> list[tuple]:
    """Batches of paragraphs of similar length: (vectors, categories, label ids, lengths)."""
    seqs = []
    index = {lab: i for i, lab in enumerate(LABELS)}
    for d, info in enumerate(infos):
        for a, b in info.paragraphs:
            y = [index[x] for x in labels[d][a:b]] if labels is not None else [0] * (b - a)
            seqs.append((vecs[d][a:b], cats[d][a:b], y))
    seqs.sort(key=lambda s: len(s[2]))
    out = []
    for s in range(0, len(seqs), size):
        chunk = seqs[s:s + size]
        width = max(len(c[2]) for c in chunk)
        v = np.zeros((len(chunk), width, vecs[0].shape[1]), dtype=np.float32)
        c = np.zeros((len(chunk), width, len(CAT_KEYS)), dtype=np.int64)
        y = np.full((len(chunk), width), -100, dtype=np.int64)
        for r, (vv, cc, yy) in enumerate(chunk):
            v[r, : len(yy)], c[r, : len(yy)], y[r, : len(yy)] = vv, cc, yy
        out.append((torch.from_numpy(v), torch.from_numpy(c), torch.from_numpy(y)))
    return out


def _role_f1(model: AttributionHead, batches: list[tuple]) -> float:
    """Token F1 of the roles (S/C/T, ignoring B/I) over all non-O gold tokens."""
    model.eval()
    tp = fp = fn = 0
    with torch.no_grad():
        for v, c, y in batches:
            pred = model(v, c).argmax(-1)
            mask = y != -100
            pr = (pred + 1) // 2  # O -> 0, B-S/I-S -> 1, B-C/I-C -> 2, B-T/I-T -> 3
            gr = (y + 1) // 2
            tp += int(((pr == gr) & (gr > 0) & mask).sum())
            fp += int(((pr > 0) & (pr != gr) & mask).sum())
            fn += int(((gr > 0) & (pr != gr) & mask).sum())
    return 2 * tp / max(2 * tp + fp + fn, 1)


def train_head(docs: list, vecs: list[np.ndarray], labels: list[list[str]], dev_docs: list,
               dev_vecs: list[np.ndarray], dev_labels: list[list[str]], epochs: int,
               out: Path, lexicon: dict[str, float], mix: float = 0.4) -> None:
    """Train the head on (docs, vecs, labels), keep the epoch best on dev, write `out`."""
    random.seed(SEED)
    torch.manual_seed(SEED)
    infos = [doc_info(d) for d in docs]
    feats = [doc_features(i, lexicon) for i in infos]
    vocab = build_vocab(feats)
    cats = [categorical(i, f, vocab) for i, f in zip(infos, feats, strict=True)]
    dev_infos = [doc_info(d) for d in dev_docs]
    dev_cats = [categorical(i, doc_features(i, lexicon), vocab) for i in dev_infos]
    train_b = _paragraph_batches(infos, [v.astype(np.float32) for v in vecs], cats, labels, 32)
    dev_b = _paragraph_batches(dev_infos, [v.astype(np.float32) for v in dev_vecs], dev_cats,
                               dev_labels, 64)
    sizes = [len(vocab[k]) + 1 for k in CAT_KEYS]
    model = AttributionHead(sizes)
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    best, best_state = -1.0, None
    for epoch in range(epochs):
        model.train()
        random.shuffle(train_b)
        t0, total = time.time(), 0.0
        for v, c, y in train_b:
            opt.zero_grad()
            loss = loss_fn(model(v, c).reshape(-1, len(LABELS)), y.reshape(-1))
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
        f1 = _role_f1(model, dev_b)
        print(f"epoch {epoch + 1}: loss {total / len(train_b):.4f} dev token F1 {f1:.4f} "
              f"({time.time() - t0:.0f}s)", file=sys.stderr, flush=True)
        if f1 > best:
            best = f1
            best_state = {k: v.detach().clone().half() for k, v in model.state_dict().items()}
    config = {"sizes": sizes, "proj": model.proj.out_features,
              "hidden": model.lstm.hidden_size, "mix": mix, "dev_token_f1": round(best, 4)}
    save_head(out, config, vocab,
              best_state or {})


def save_head(path: Path, config: dict[str, Any], vocab: dict[str, dict[str, int]],
              state: dict[str, torch.Tensor]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"config": config, "vocab": vocab, "state": state}, path)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)


def load_head(path: Path | Any) -> tuple[AttributionHead, dict[str, Any], dict[str, dict[str, int]]]:
    """(model in eval mode, config, vocab) from a file written by save_head."""
    blob = torch.load(path, map_location="cpu", weights_only=True)
    config = blob["config"]
    model = AttributionHead(config["sizes"], proj=config["proj"], hidden=config["hidden"])
    model.load_state_dict({k: v.float() for k, v in blob["state"].items()})
    model.eval()
    return model, config, blob["vocab"]


def head_probabilities(model: AttributionHead, info: DocInfo, vec: np.ndarray,
                       cats: np.ndarray) -> np.ndarray:
    """(info.n, len(LABELS)) label probabilities; newline tokens are certain O."""
    probs = np.zeros((info.n, len(LABELS)), dtype=np.float32)
    probs[:, 0] = 1.0
    with torch.no_grad():
        for a, b in info.paragraphs:
            logits = model(torch.from_numpy(vec[None, a:b]), torch.from_numpy(cats[None, a:b]))
            probs[a:b] = torch.softmax(logits[0], -1).numpy()
    return probs
