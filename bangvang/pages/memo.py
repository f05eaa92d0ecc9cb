"""Rendered pages kept between builds, so that a build renders again only the pages whose
inputs changed (pages.Renderer, `_RENDERED`).

What a page is made from is already known while it renders: the key (template, address and
what its section gave it) and the Catalog-wide values its templates read (reads.py). The
preview keeps both in memory for a whole session; `bangvang build` and `bangvang check`
keep them in .build/cache/trang-da-tao.pickle, written whole by a build and only for the pages
that build made, under the code's version (a new or edited Bảng vàng renders everything).

Pickle, because the reads are paths of Python values (tuples, dates, Markup) that JSON
would flatten; the file is read with an unpickler that can only make those plain values
(`caches.read_plain`): a file put there by somebody else cannot run code, at worst it misses.
"""
from __future__ import annotations

import pickle
from pathlib import Path

from bangvang import caches

CACHE = ".build/cache/trang-da-tao.pickle"
VERSION = 1
# Besides containers, text and numbers: dates, Markup and warnings (problems.Problem: four
# plain fields); anything else is refused (caches.read_plain).
_ALLOWED = frozenset({("datetime", "date"), ("markupsafe", "Markup"),
                      ("bangvang.problems", "Problem")})

# source → (key, reads, html, links, warnings): pages rendered in this process or read back.
RENDERED: dict[str, tuple] = {}
_loaded: dict[str, str] = {}   # cache file → the code version it was read under
# The entries as the cache file holds them (source → entry), after a load or a save: a pass
# that rendered nothing anew does not write the file again (100 MB pickled at 6,000 records).
_on_disk: dict[str, dict] = {}


def load(root: Path, code: str) -> None:
    """The pages of the last build, once per process and cache file (the preview's later
    passes use what they rendered themselves)."""
    path = Path(root) / CACHE
    if _loaded.get(str(path)) == code:
        return
    _loaded[str(path)] = code
    saved = caches.read_plain(path, _ALLOWED)   # None: everything is rendered
    if isinstance(saved, dict) and saved.get("version") == VERSION and \
            saved.get("code") == code and isinstance(saved.get("pages"), dict):
        kept = {source: entry for source, entry in saved["pages"].items()
                if isinstance(entry, tuple) and len(entry) == 5}
        for source, entry in kept.items():
            RENDERED.setdefault(source, entry)
        _on_disk[str(path)] = kept


def forget() -> None:
    """Nothing kept in this process (a build's later stages; the file stays)."""
    RENDERED.clear()
    _loaded.clear()
    _on_disk.clear()


def save(root: Path, code: str, sources) -> None:
    """Keep the pages of this build (`sources`), written whole."""
    pages = {source: RENDERED[source] for source in sources if source in RENDERED}
    path = Path(root) / CACHE
    earlier = _on_disk.get(str(path))
    if _loaded.get(str(path)) == code and earlier is not None and earlier.keys() == pages.keys() \
            and all(earlier[s] is entry for s, entry in pages.items()) and path.is_file():
        return   # the same entries as the file holds
    caches.write(path, pickle.dumps({"version": VERSION, "code": code, "pages": pages},
                                    protocol=pickle.HIGHEST_PROTOCOL))
    _loaded[str(path)] = code
    _on_disk[str(path)] = pages
