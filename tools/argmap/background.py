"""Work done in a forked child process while this process goes on with other work.

A site build is one Python process on one core, while the machine has more: the maps of a large
site (their DOT written in Python, then laid out by ``dot``) can be drawn in a child while the
parent renders the pages and MkDocs builds them. The child is forked, so it starts at once with
everything the parent has loaded (nothing is pickled on the way in); only its result comes back.

- The child's warnings from argmap's loggers are sent back with its result and logged by the
  parent, in order, so they count for ``mkdocs build --strict`` as the parent's own would.
- Its exception is raised again in the parent: an expected one (a map Graphviz cannot lay out)
  as it was, so the build fails with the same clear message as when drawn in-process.
- Its progress is a shared counter: :meth:`Background.result` shows it while the parent waits.
- The child is a daemon: if the parent stops before asking for the result, the child is ended.
"""

from __future__ import annotations

import logging
import multiprocessing
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
ProgressFn = Callable[[int, int], None]
log = logging.getLogger(__name__)


def available() -> bool:
    """True where a child can be forked (Linux, macOS): elsewhere callers do the work in-process."""
    return "fork" in multiprocessing.get_all_start_methods()


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info, record.exc_text = record.getMessage(), None, None, None
        self.records.append(record)


class Background(Generic[T]):
    """``work(progress)`` running in a forked child; :meth:`result` waits for what it returns."""

    def __init__(self, work: Callable[[ProgressFn], T], *, total: int, name: str) -> None:
        ctx = multiprocessing.get_context("fork")
        self.total = total
        self._done = ctx.Value("i", 0, lock=False)
        self._recv, send = ctx.Pipe(duplex=False)
        self._proc = ctx.Process(target=self._child, args=(work, send), name=name, daemon=True)
        self._proc.start()
        send.close()
        self._outcome: tuple[str, Any, list[logging.LogRecord]] | None = None

    def _child(self, work: Callable[[ProgressFn], T], send: Any) -> None:
        self._recv.close()
        capture = _Capture()
        argmap_log = logging.getLogger("argmap")
        argmap_log.handlers = [capture]  # the parent logs them, once, through its own handlers
        argmap_log.propagate = False

        def progress(done: int, total: int) -> None:
            self._done.value = done
        try:
            outcome: tuple[str, Any] = ("ok", work(progress))
        except Exception as exc:  # sent to the parent, which raises it
            outcome = ("error", exc)
            trace = traceback.format_exc()
        else:
            trace = ""
        try:
            send.send((*outcome, capture.records, trace))
        except Exception as exc:  # an unpicklable result or exception: say what it was
            send.send(("error", RuntimeError(f"{outcome[1]!r} could not be sent back: {exc}"), capture.records, trace))
        send.close()

    def result(self, progress: ProgressFn | None = None) -> T:
        """What ``work`` returned (waiting for it, with ``progress`` shown), or its exception raised here."""
        if self._outcome is None:
            while progress is not None and not self._recv.poll(0.1):
                progress(self._done.value, self.total)
            try:
                status, value, records, trace = self._recv.recv()
            except EOFError:
                status, value, records, trace = "error", RuntimeError(
                    f"the {self._proc.name} process ended without a result"), [], ""
            self._proc.join()
            if progress is not None:
                progress(self.total, self.total)
            self._recv.close()
            if trace:
                log.debug("in the %s process:\n%s", self._proc.name, trace)
            for record in records:
                logging.getLogger(record.name).handle(record)
            self._outcome = (status, value, [])
        status, value, _ = self._outcome
        if status == "error":
            raise value
        return value  # type: ignore[no-any-return]
