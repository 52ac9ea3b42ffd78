"""The exceptions claimledger raises.

    ClaimledgerError
     ├── BadInputError        an input file or line cannot be read as an article
     ├── ModelNotFoundError   the spaCy pipeline is not installed
     ├── StoreError           the ledger cannot be opened, migrated or written
     │    └── RecordStoreError  one record of a batch cannot be stored (its data, not the ledger)
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

    def __reduce__(self):  # noqa: ANN204 - picklable across the time-budget child and Dask
        return (self.__class__, (self.source, self.problem, self.fix))


class ModelNotFoundError(ClaimledgerError):
    """No spaCy English pipeline could be loaded."""


class StoreError(ClaimledgerError):
    """The ledger could not be opened, migrated or written."""


class UsageError(ClaimledgerError):
    """A value given by the user (filter, date, search text, cursor) that cannot be used.
    The message names the value and the form it should take."""


class RecordStoreError(StoreError):
    """A batch could not be stored because of what one of its records holds (a value the
    database refuses), not because of the ledger: the other records can be stored alone."""


# Exit statuses of the `claimledger` command (sysexits.h for the unexpected).
EXIT_OK = 0  # every input stored (or printed)
EXIT_REJECTED = 1  # some inputs were rejected; the others were stored
EXIT_USAGE = 2  # usage error, or the ledger cannot be opened, migrated, read or written
EXIT_SOFTWARE = 70  # an unexpected error: a bug
EXIT_INTERRUPTED = 130  # Ctrl-C (128 + SIGINT); what was stored is kept
