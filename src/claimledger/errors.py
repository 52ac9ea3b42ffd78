"""The exceptions claimledger raises.

    ClaimledgerError
     ├── BadInputError        an input file or line cannot be read as an article
     ├── ModelNotFoundError   the spaCy pipeline is not installed
     ├── StoreError           the ledger cannot be opened, migrated or written
     └── UsageError           a filter, date or search text that cannot be read

Every message names the input and says how to fix it.
"""

from __future__ import annotations


class ClaimledgerError(Exception):
    """Base class of every error claimledger raises on purpose."""


class BadInputError(ClaimledgerError):
    """An input cannot be turned into an article. `source` names the file (and line)."""

    def __init__(self, source: str, problem: str, fix: str = "") -> None:
        self.source = source
        self.problem = problem
        self.fix = fix
        msg = f"{source}: {problem}"
        if fix:
            msg += f" ({fix})"
        super().__init__(msg)


class ModelNotFoundError(ClaimledgerError):
    """No spaCy English pipeline could be loaded."""


class StoreError(ClaimledgerError):
    """The ledger could not be opened, migrated or written."""


class UsageError(ClaimledgerError):
    """A value given by the user (filter, date, search text, cursor) that cannot be used.
    The message names the value and the form it should take."""
