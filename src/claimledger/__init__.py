"""claimledger: a sourced ledger of claims from news reports."""

from __future__ import annotations

__version__ = "0.1.0"

from claimledger.errors import (  # noqa: E402
    BadInputError,
    ClaimledgerError,
    ModelNotFoundError,
    StoreError,
)
from claimledger.record import (  # noqa: E402
    ArticleRecord,
    Claim,
    Quantity,
    TimeExpression,
)


def __getattr__(name: str):  # heavy imports (spaCy) only when used
    if name in ("extract", "Extractor"):
        from claimledger import extraction

        return getattr(extraction, name)
    if name == "Ledger":
        from claimledger.ledger import Ledger

        return Ledger
    raise AttributeError(name)


__all__ = [
    "ArticleRecord",
    "BadInputError",
    "Claim",
    "ClaimledgerError",
    "Extractor",
    "Ledger",
    "ModelNotFoundError",
    "Quantity",
    "StoreError",
    "TimeExpression",
    "__version__",
    "extract",
]
