"""The categorical inputs of the contextual head, read from the CRF's own feature strings
(crf_features.doc_features), so that both taggers see the same parse. No torch here."""

from __future__ import annotations

import numpy as np

from claimledger.extraction.crf_features import DocInfo

LABELS = ("O", "B-S", "I-S", "B-C", "I-C", "B-T", "I-T")
# part of speech, dependency, quote state, cue-lexicon class of the token and its head,
# the dependency under the governing cue and the hops to it, distance and class of the
# nearest cue, sentence start and index, entity, head POS, paragraph-level flags
CAT_KEYS = ("p", "d", "q", "cue", "hcue", "g", "gh", "nd", "nc", "ss", "si", "e", "hp", "pc",
            "fq")


def categorical(info: DocInfo, feats: list[list[list[str]]],
                vocab: dict[str, dict[str, int]]) -> np.ndarray:
    """(info.n, len(CAT_KEYS)) value ids; 0 for unknown values and newline tokens."""
    out = np.zeros((info.n, len(CAT_KEYS)), dtype=np.int64)
    col = {k: j for j, k in enumerate(CAT_KEYS)}
    for (a, _b), para in zip(info.paragraphs, feats, strict=True):
        for i, tok in enumerate(para, start=a):
            for f in tok:
                key, _, value = f.partition("=")
                j = col.get(key)
                if j is not None:
                    out[i, j] = vocab[key].get(value, 0)
    return out
