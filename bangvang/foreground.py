"""The preview's foreground first: background work steps aside while a pass runs.

The preview (hooks/bangvang_serve.py) folds each pass's changed pages into its search index
in a background thread (commands/preview.py, `SEARCH_INDEX`). Pagefind itself runs as a
process at a lower priority, but the fold is Python in the preview's own process: some 6 s
of CPU at 6,000 records, holding the interpreter's lock half the time it shares it. An
award line corrected a second after the last pass waited for it: the quick path that shows
the correction ran at half speed (3-4 s instead of under 2). So a pass marks itself `busy`
and the background work, at each of its steps (`step`), waits while one runs; the search
index is then a few seconds later, the edited page is not.

Outside the preview nobody is ever busy, and a step costs one check of an event.
"""
from __future__ import annotations

import contextlib
import threading

_lock = threading.Lock()
_idle = threading.Event()
_idle.set()
_busy: dict[int, int] = {}   # thread → passes it runs
# A step waits at most this long for one pass: background work never stalls for good, even
# if a pass were to hang.
LONGEST_WAIT = 120.0


@contextlib.contextmanager
def busy():
    """A pass of the foreground (the preview's rebuild) runs inside this."""
    me = threading.get_ident()
    with _lock:
        _busy[me] = _busy.get(me, 0) + 1
        _idle.clear()
    try:
        yield
    finally:
        with _lock:
            _busy[me] -= 1
            if not _busy[me]:
                del _busy[me]
            if not _busy:
                _idle.set()


def step() -> None:
    """Called by background work between its steps: returns when no pass runs (at once in
    a pass's own thread: a pass never waits for itself)."""
    if threading.get_ident() not in _busy:
        _idle.wait(LONGEST_WAIT)
