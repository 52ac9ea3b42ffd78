"""The shipped contextual tagger: MiniLM vectors -> head probabilities, mixed with the
CRF's marginals, then the best well-formed BIO sequence (needs the `contextual` extra)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
from spacy.tokens import Doc

from claimledger.extraction.contextual import HEAD_FILE
from claimledger.extraction.contextual.categorical import LABELS, categorical
from claimledger.extraction.contextual.decoding import viterbi_bio
from claimledger.extraction.contextual.embeddings import token_vectors
from claimledger.extraction.contextual.head import AttributionHead, head_probabilities, load_head
from claimledger.extraction.crf_features import DocInfo, doc_features


def crf_marginals(tagger: Any, info: DocInfo, feats: list[list[list[str]]]) -> np.ndarray:
    """(info.n, len(LABELS)) marginal probabilities of the CRF's labels per token."""
    out = np.zeros((info.n, len(LABELS)), dtype=np.float32)
    out[:, 0] = 1.0
    known = set(tagger.labels())
    for (a, _b), f in zip(info.paragraphs, feats, strict=True):
        if not f:
            continue
        tagger.set(f)
        for j, lab in enumerate(LABELS):
            if lab in known:
                out[a:a + len(f), j] = [tagger.marginal(lab, t) for t in range(len(f))]
            else:
                out[a:a + len(f), j] = 0.0
    return out


@dataclass
class ContextualTagger:
    head: AttributionHead
    vocab: dict[str, dict[str, int]]
    mix: float  # weight of the head against the CRF marginals

    @classmethod
    def load(cls) -> ContextualTagger:
        path = resources.files("claimledger.extraction") / "data" / HEAD_FILE
        with resources.as_file(path) as p:
            head, config, vocab = load_head(p)
        return cls(head, vocab, float(config["mix"]))

    def probabilities(self, doc: Doc, info: DocInfo, taggers: list[Any],
                      lexicon: dict[str, float]) -> np.ndarray:
        feats = doc_features(info, lexicon)
        cats = categorical(info, feats, self.vocab)
        probs = head_probabilities(self.head, info, token_vectors(doc.text, info), cats)
        if self.mix < 1.0:
            probs = self.mix * probs + (1 - self.mix) * crf_marginals(taggers[0], info, feats)
        return probs

    def __call__(self, doc: Doc, info: DocInfo, taggers: list[Any],
                 lexicon: dict[str, float], labels: list[str]) -> list[str]:
        if not info.n:
            return labels
        return viterbi_bio(self.probabilities(doc, info, taggers, lexicon))
