"""A time limit and exception capture for one slow library call on one span.

dateparser and quantulum3 occasionally raise on odd input or backtrack for seconds on a
long span; one such span must cost one missing fact and a warning, never the whole run.

Usage, in a normalizer (``article`` is the ``Article``, ``start`` the span's offset)::

    from ..guard import guarded

    found = guarded(search_dates, span, languages=["en"], article=article, at=start)
    if found is None:       # raised, took longer than the limit, or found nothing
        return []

``guarded(call, *args, **kwargs)`` returns ``call(*args, **kwargs)``, or ``None`` after
logging one warning that names the call, the article and the line when the call raises an
``Exception`` or runs longer than ``limit`` seconds (default ``DEFAULT_LIMIT``; ``None``
for no limit). Keyword arguments ``article``, ``at`` (or a ready ``where`` text) and
``limit`` are the guard's own;
every other argument goes to ``call``.

The limit uses ``SIGALRM`` (``signal.setitimer``; about 20 µs per call, nothing next to a
library call), so it works in the main thread of any process on Unix, including the workers of
``discrepancy.parallel`` (they run tasks in their main thread). Elsewhere (another thread,
Windows) only exceptions are captured and the call runs to its end. An enclosing timer
(another guard, a test timeout) is kept: it still fires, at its own time. A call stuck in C
code that never returns to the interpreter is stopped only when it next does (Python's
``re`` does, every few thousand steps). Because a limit depends on the machine's speed, a
span that is cut off on a slow machine may yield a fact on a fast one.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from .model import Article

log = logging.getLogger(__name__)

T = TypeVar("T")


def _limit_from_env(default: float = 2.0) -> float | None:
    """``DISCREPANCY_CALL_LIMIT`` seconds (0: no limit), else ``default``."""
    try:
        value = float(os.environ.get("DISCREPANCY_CALL_LIMIT") or default)
    except ValueError:
        log.warning("DISCREPANCY_CALL_LIMIT must be a number of seconds; using %s", default)
        value = default
    return value if value > 0 else None


#: Seconds one library call on one span may take before it is given up. Dask workers run
#: tasks outside the main thread, where no limit applies: ``DISCREPANCY_CALL_LIMIT=0`` makes
#: a local run match a Dask run on input where a call is slow.
DEFAULT_LIMIT: float | None = _limit_from_env()


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so the library's own ``except Exception`` cannot swallow it."""


class _Alarm:
    """SIGALRM after ``limit`` seconds while the block runs; the previous handler and timer are restored."""

    armed = False  # the handler raises only while a guarded call is running

    def __init__(self, limit: float | None) -> None:
        self.limit = limit
        self.active = False

    def __enter__(self) -> _Alarm:
        if not self.limit or self.limit <= 0 or not _signals_usable():
            return self
        try:
            self.previous = signal.signal(signal.SIGALRM, _on_alarm)
        except ValueError:  # not the main thread of the main interpreter
            return self
        self.was_armed, self.began, self.active = _Alarm.armed, time.monotonic(), True
        self.outer, _ = signal.setitimer(signal.ITIMER_REAL, self.limit)
        if self.outer and self.outer < self.limit:
            signal.setitimer(signal.ITIMER_REAL, self.outer)  # the enclosing deadline comes first
        _Alarm.armed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.active:
            return
        while True:
            try:
                _Alarm.armed = False
                signal.setitimer(signal.ITIMER_REAL, 0)
                break
            except _Timeout:  # the alarm fired just as the call finished
                continue
        signal.signal(signal.SIGALRM, self.previous if self.previous is not None else signal.SIG_DFL)
        _Alarm.armed = self.was_armed
        if self.outer:
            left = self.outer - (time.monotonic() - self.began)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-6))


def _on_alarm(signum: int, frame: Any) -> None:
    if _Alarm.armed:
        raise _Timeout


def _signals_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def guarded(
    call: Callable[..., T],
    *args: Any,
    article: Article | None = None,
    at: int | None = None,
    where: str | None = None,
    limit: float | None = DEFAULT_LIMIT,
    **kwargs: Any,
) -> T | None:
    """``call(*args, **kwargs)``, or None with a warning if it raises or outlasts ``limit`` seconds."""
    try:
        with _Alarm(limit):
            return call(*args, **kwargs)
    except _Timeout:
        problem = f"gave up after {limit:g} s"
    except Exception as exc:  # a library bug on one span must not end the run
        problem = f"raised {type(exc).__name__}: {exc}"
    log.warning(
        "%s %s on %s%s; that span is skipped",
        _name(call),
        problem,
        where or _where(article, at),
        _shown(args),
    )
    return None


def _name(call: Callable[..., Any]) -> str:
    module = getattr(call, "__module__", None) or ""
    name = getattr(call, "__qualname__", None) or getattr(call, "__name__", None) or repr(call)
    return f"{module}.{name}" if module else name


def _where(article: Article | None, at: int | None) -> str:
    if article is None:
        return "an unnamed article"
    if at is None:
        return f"article {article.id}"
    line, column = article.position(at)
    return f"article {article.id} line {line} column {column}"


def _shown(args: tuple[Any, ...]) -> str:
    """The span, shortened, so the warning says what was being read."""
    span = next((a for a in args if isinstance(a, str)), None)
    if span is None:
        return ""
    return f" ({span[:60]!r}{'...' if len(span) > 60 else ''})"
