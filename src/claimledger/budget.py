"""A time budget per article: extraction runs in a child process that is killed on overrun.

Why a process and not a signal: spaCy's tokenizer and parser are compiled loops, which a
SIGALRM handler interrupts only once they return (a wall of quote marks kept the tokenizer
busy for minutes), and signals reach only the main thread, while Dask runs tasks in worker
threads. A child forked from the process that holds the pipeline shares it copy-on-write,
starts in milliseconds, and can be killed at any point. `os.fork` is used directly rather
than `multiprocessing`, because Dask worker processes are daemons, which `multiprocessing`
forbids to have children; so the same code bounds the time on the local and the Dask engine.

The budget is CPU time (RLIMIT_CPU in the child, which SIGXCPU stops), so that it means the
same on a quiet and on a loaded machine; WALL_FACTOR times it of wall-clock time is the
backstop. Short articles are sent to the child together and parsed with `nlp.pipe` as usual,
with the sum of their budgets as the limit; a long one is sent alone, against its own budget.
When a limit is passed (or the child dies), the child is killed, the records it sent are kept,
and the rest of that group runs again one article at a time, each against its own budget:
the article that overruns is rejected, the others go on.
Where `os.fork` does not exist, articles are extracted in this process without a deadline.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, Pipe
from typing import Any

from claimledger.errors import BadInputError
from claimledger.readers.base import DEFAULT_MAX_CHARS

# Default seconds per 10,000 characters: about 10x the parse time on a busy shared core.
DEFAULT_SECONDS_PER_10K = 5.0
MIN_SECONDS = 15.0  # every article gets this much, so that a loaded machine rejects nothing
ALONE_CHARS = 20_000  # an article this long is sent to the child on its own
# The budget is CPU time, so that a loaded machine does not reject good articles; a child
# that waits instead of computing (a lock, a swapping machine) is stopped after this many
# times the budget of wall-clock time.
WALL_FACTOR = 3.0


class ArticleTimeout(Exception):
    """An article's extraction did not finish within its time budget."""

    def __init__(self, seconds: float, chars: int) -> None:
        shown = f"{seconds:,.0f}" if seconds >= 10 else f"{seconds:.1f}"
        super().__init__(f"took longer than its time budget ({shown} s for {chars:,} characters)")
        self.seconds, self.chars = seconds, chars


class ExtractionDied(Exception):
    """The child process died while extracting an article (out of memory, a crash)."""


@dataclass(frozen=True)
class Budget:
    """Per-article limits: seconds per 10,000 characters (0: no time limit), at least
    `min_seconds` each, and characters."""

    seconds_per_10k: float = DEFAULT_SECONDS_PER_10K
    max_chars: int = DEFAULT_MAX_CHARS
    min_seconds: float = MIN_SECONDS

    def seconds(self, text: str) -> float:
        return max(self.min_seconds, self.seconds_per_10k * len(text) / 10_000)


Item = tuple[str, str, "str | dt.date | None"]


class TimedExtractor:
    """An `Extractor` whose `extract_many(..., errors="return")` keeps to a `Budget`."""

    def __init__(self, extractor: Any, budget: Budget) -> None:
        self.extractor, self.budget = extractor, budget
        self.version = extractor.version
        self.nlp = extractor.nlp
        if budget.max_chars > self.nlp.max_length:  # --max-chars above spaCy's own limit
            self.nlp.max_length = budget.max_chars
        self._child: _Child | None = None

    def extract_many(self, items: Iterable[Item], errors: str = "return") -> Iterator[Any]:
        """A record, or the exception that rejects the article, per item, in order."""
        items = list(items)
        if not items:
            return
        if self.budget.seconds_per_10k <= 0 or not hasattr(os, "fork"):
            yield from self.extractor.extract_many(items, errors=errors)
            return
        results: dict[int, Any] = {}
        for group in self._groups(items):
            limit = sum(self.budget.seconds(items[i][1]) for i in group)
            died = self._run(items, group, limit, results)
            if died is not None and len(group) == 1:
                results[group[0]] = died
            elif died is not None:
                for i in group:
                    if i not in results:  # one by one: find the article that overruns
                        limit = self.budget.seconds(items[i][1])
                        died = self._run(items, [i], limit, results)
                        if died is not None:
                            results[i] = died
        for i in range(len(items)):
            yield results[i]

    def _groups(self, items: list[Item]) -> Iterator[list[int]]:
        """Positions of `items` in the groups sent to the child: a long article alone (so
        that its overrun is known to be its own), short ones together (parsed as one batch)."""
        group: list[int] = []
        for i, (_, text, _) in enumerate(items):
            if len(text) >= ALONE_CHARS:
                if group:
                    yield group
                    group = []
                yield [i]
            else:
                group.append(i)
        if group:
            yield group

    def _run(self, items: list[Item], which: Iterable[int], limit: float,
             results: dict[int, Any]) -> Exception | None:
        """Extract `which` of `items` in the child into `results`, within `limit` seconds of
        CPU time (and WALL_FACTOR times that of wall time); None when all came back, else why
        the child was stopped (it is then killed, and a new one forked next time)."""
        which = list(which)
        child = self._child = self._child or _Child(self.extractor)
        text = items[which[0]][1]
        overrun = ArticleTimeout(self.budget.seconds(text), len(text))
        deadline = time.monotonic() + WALL_FACTOR * limit
        try:
            child.conn.send((limit, [(i, *items[i]) for i in which]))
            for _ in which:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not child.conn.poll(remaining):
                    return overrun
                i, result = child.conn.recv()
                results[i] = result
        except (EOFError, OSError) as exc:
            if child.out_of_cpu():
                return overrun
            return ExtractionDied(f"the extraction process died ({child.exit_reason() or exc})")
        finally:
            if any(i not in results for i in which):
                self._kill()
        return None

    def _kill(self) -> None:
        if self._child is not None:
            self._child.kill()
            self._child = None

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001, S110 - interpreter shutdown
            pass


class _Child:
    """A forked process running `extractor` on the batches sent to it."""

    def __init__(self, extractor: Any) -> None:
        parent, child = Pipe()
        self.started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # the child: serve batches until the parent goes away
            parent.close()
            code = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                _serve(extractor, child)
            except BaseException:  # noqa: BLE001 - never return into the parent's code
                code = 1
            finally:
                os._exit(code)
        child.close()
        self.pid, self.conn = pid, parent
        self.status: int | None = None

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._reap()
        self.conn.close()

    def close(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.conn.close()
        self._reap(wait=5.0)

    def _reap(self, wait: float = 0.0) -> None:
        end = time.monotonic() + wait
        while self.status is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG if wait else 0)
            except ChildProcessError:
                return
            if pid:
                self.status = status
            elif time.monotonic() > end:
                os.kill(self.pid, signal.SIGKILL)
                wait = 0.0
            else:
                time.sleep(0.01)

    def out_of_cpu(self) -> bool:
        """True when the child was stopped by its CPU-time limit (SIGXCPU)."""
        self._reap(wait=1.0)
        return (self.status is not None and os.WIFSIGNALED(self.status)
                and os.WTERMSIG(self.status) == getattr(signal, "SIGXCPU", -1))

    def exit_reason(self) -> str | None:
        self._reap(wait=1.0)
        if self.status is None:
            return None
        if os.WIFSIGNALED(self.status):
            sig = os.WTERMSIG(self.status)
            return f"killed by signal {sig}" + (", probably out of memory" if sig == signal.SIGKILL else "")
        return f"exit status {os.WEXITSTATUS(self.status)}"


def _serve(extractor: Any, conn: Connection) -> None:
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message is None:
            return
        limit, batch = message
        _limit_cpu(limit)
        positions = [b[0] for b in batch]
        results = extractor.extract_many((b[1:] for b in batch), errors="return")
        for i, result in zip(positions, results, strict=True):
            if isinstance(result, Exception) and not isinstance(result, BadInputError):
                result = RuntimeError(f"{result.__class__.__name__}: {result}")  # picklable
            conn.send((i, result))


def _limit_cpu(seconds: float) -> None:
    """Let this process use `seconds` more of CPU time, then be stopped by SIGXCPU."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX: the wall-clock deadline alone
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
