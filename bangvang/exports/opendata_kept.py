"""The open data's tables kept between passes (opendata.py): a table is written again only
when its rows changed.

In one process (the preview makes a pass per edit) the last pass's tables stay in memory.
Between processes (`bangvang build`, `bangvang check`) they are kept in
.build/cache/du-lieu.pickle, under the code's version, like the rendered pages (memo.py):
at 6,000 records, writing every table and the zip again is 1.3-1.4 of the core pass's 7.6 s
of CPU, and an edit of a story or an award line changes one table at most.

A table is kept under the digest of what it is made from (its rows, their school years and
the years published: opendata._resource), so a kept table is the table this pass would
write, byte for byte; the zip under the digest of every file it holds. The file is read
with an unpickler that makes only plain values (`caches.read_plain`): one put there by somebody else
cannot run code, at worst it misses.
"""
from __future__ import annotations

import pickle
from pathlib import Path

from bangvang import caches

CACHE = ".build/cache/du-lieu.pickle"
# Each row's lines (CSV, JSON) by resource, keyed by the row pickled: a table made again
# after one award line changed writes one row anew, not 22,000 (0.5 s of CPU at 6,000
# records). Read only when a table is made again; written when one was.
LINES_CACHE = ".build/cache/du-lieu-dong.pickle"
VERSION = 1

# Resource name → (key, {site path: bytes}, Data Package entries, parts, schema path), a
# part being (name, year, rows, [(format, site path, bytes)]); and [digest, zip bytes].
MADE: dict[str, tuple] = {}
ZIPPED: list = []
LINES: dict[str, dict[bytes, tuple[str, str]]] = {}
_state = {"loaded": None, "saved": None,   # (cache file, code version) read; what it holds
          "lines": None, "lines_changed": False}   # (lines file, code version) read


def row_lines(resource: str) -> dict[bytes, tuple[str, str]]:
    """The rows' lines of `resource` the last pass made (in this process, or kept in the
    project's .build/ by an earlier command, once per process); {} when none. Each entry
    is checked as it is used: a key to a pair of strings."""
    root_code = _state["loaded"]
    if resource not in LINES and root_code is not None and _state["lines"] != root_code:
        _state["lines"] = root_code
        path, code = root_code
        saved = caches.read_plain(path.parent / Path(LINES_CACHE).name)
        if isinstance(saved, dict) and saved.get("version") == VERSION and \
                saved.get("code") == code and isinstance(saved.get("lines"), dict):
            for name, lines in saved["lines"].items():
                if isinstance(lines, dict):
                    LINES.setdefault(name, lines)
    return LINES.get(resource, {})


def lines_made(resource: str, lines: dict[bytes, tuple[str, str]]) -> None:
    LINES[resource] = lines
    _state["lines_changed"] = True


def _snapshot() -> tuple:
    """What would be written, by the digests it is kept under."""
    return tuple((name, entry[0]) for name, entry in sorted(MADE.items())), tuple(ZIPPED[:1])


def load(root: Path, code: str) -> None:
    """The last pass's tables, once per process (the preview's later passes keep their own)."""
    path = Path(root) / CACHE
    if _state["loaded"] == (path, code):
        return
    _state["loaded"] = (path, code)
    saved = caches.read_plain(path)   # None: every table is written
    if not isinstance(saved, dict) or saved.get("version") != VERSION or \
            saved.get("code") != code:
        return
    made, zipped = saved.get("made"), saved.get("zip")
    if isinstance(made, dict):
        MADE.update({name: entry for name, entry in made.items()
                     if isinstance(entry, tuple) and len(entry) == 5})
    if isinstance(zipped, list) and len(zipped) == 2:
        ZIPPED[:] = zipped
    _state["saved"] = _snapshot()


def save(root: Path, code: str) -> None:
    """Keep this pass's tables (written whole, and only when one was made anew)."""
    path = Path(root) / CACHE
    if _state["lines_changed"]:
        for name in {name for name, _ in _snapshot()[0]} - set(LINES):
            row_lines(name)   # the other tables' lines kept too
        caches.write(Path(root) / LINES_CACHE, pickle.dumps(
            {"version": VERSION, "code": code, "lines": dict(LINES)},
            protocol=pickle.HIGHEST_PROTOCOL))
        _state["lines_changed"] = False
    if _state["loaded"] == (path, code) and _state["saved"] == _snapshot() and path.is_file():
        return
    caches.write(path, pickle.dumps(
        {"version": VERSION, "code": code, "made": dict(MADE), "zip": list(ZIPPED)},
        protocol=pickle.HIGHEST_PROTOCOL))
    _state["loaded"], _state["saved"] = (path, code), _snapshot()


def forget() -> None:
    """Nothing kept in this process (a build's later stages; the file stays)."""
    MADE.clear()
    ZIPPED.clear()
    LINES.clear()
    _state.update(loaded=None, saved=None, lines=None, lines_changed=False)
