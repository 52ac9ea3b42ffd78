"""The best well-formed BIO label sequence under per-token label probabilities.

Taking the likeliest label of each token on its own leaves spans with holes and an I-
after O; a Viterbi pass that only allows I-X after B-X or I-X keeps spans whole. No
torch here: it runs on the mixed probabilities of the head and the CRF.
"""

from __future__ import annotations

import numpy as np

from claimledger.extraction.contextual.categorical import LABELS

_FLOOR = 1e-9


def _allowed() -> np.ndarray:
    """allowed[i, j]: label j may follow label i."""
    n = len(LABELS)
    ok = np.ones((n, n), dtype=bool)
    for j, lab in enumerate(LABELS):
        if lab.startswith("I-"):
            role = lab[2:]
            ok[:, j] = [p in ("B-" + role, "I-" + role) for p in LABELS]
    return ok


_PENALTY = np.where(_allowed(), 0.0, -np.inf)
_START = np.array([0.0 if not lab.startswith("I-") else -np.inf for lab in LABELS])


def viterbi_bio(probs: np.ndarray) -> list[str]:
    """The well-formed label sequence with the highest product of `probs` (n, len(LABELS))."""
    n = len(probs)
    if not n:
        return []
    logp = np.log(np.maximum(probs, _FLOOR))
    back = np.zeros((n, len(LABELS)), dtype=np.int64)
    score = _START + logp[0]
    for t in range(1, n):
        cand = score[:, None] + _PENALTY  # previous label x next label
        back[t] = cand.argmax(0)
        score = cand.max(0) + logp[t]
    best = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        best.append(int(back[t, best[-1]]))
    return [LABELS[k] for k in reversed(best)]
