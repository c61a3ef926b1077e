"""Progress for long operations: shown on an interactive terminal, silent in CI or a pipe."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator

ProgressFn = Callable[[int, int], None]


def interactive(stream: object = None) -> bool:
    """True when a person is watching: a terminal on stderr and no CI variable set."""
    stream = stream if stream is not None else sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


@contextlib.contextmanager
def progress(label: str, *, min_total: int = 50) -> Iterator[ProgressFn | None]:
    """Yield a ``(done, total)`` callback that draws a bar, or ``None`` when nobody is watching."""
    if not interactive():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   transient=True, console=None)
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if total < min_total:
            return
        if task is None:
            bar.start()
            task = bar.add_task(label, total=total)
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        if task is not None:
            bar.stop()
