"""What Pagefind reads of a site: each page's head and its indexed elements, nothing else.

Pagefind parses every HTML page whole, although it indexes only the elements marked
`data-pagefind-body` (the article of record pages and news, overrides/partials/content.html)
and reads the page's metadata from its head and those elements. The navigation, header and
footer make about three quarters of a page's bytes and a third of Pagefind's time. A copy
of the site holding, for every page with such an element, the head and those elements
(`<body>` around them, unchanged), gives Pagefind the same fragments, words, filters and
metadata for a third less CPU (measured on a 2,000-record school: 6.8 → 4.6 s; every
fragment identical). A page whose elements cannot be cut out exactly (tags not balanced)
is copied whole, and a site with no marked page (Pagefind then indexes every page whole) is
read as it is.

Each page of the view carries its search group (`group_of`, subindex.mark), one of GROUPS
shares of the pages by address, as a filter: a rebuild re-indexes only the groups whose
pages changed (searchkept.py). The kept view lists each page's digest and group.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import zlib
from pathlib import Path

from bangvang import caches, foreground
from bangvang.exports import subindex

MARK = b"data-pagefind-body"
# The search box's two filters (page kinds, school years) as the templates write them: read
# from each page as it is cut (the view's list keeps them), so that a rebuild lists them
# without reading every page again (search.filter_values).
FILTER = re.compile(rb'data-pagefind-filter="(kind|school_year)\[content\]"[^>]*content="([^"<>]*)"')
FOLDER = ".pagefind-view"   # the view, inside the site while Pagefind reads it (search.py)
_BODY = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_OPEN = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*\bdata-pagefind-body\b[^>]*>")
# A site's pages in this many search groups (searchkept.py): an edit re-indexes the pages of
# its groups, not the whole site, and a bundle is kept until the groups changed since it was
# made hold a quarter of the pages. With 16, an award line's edit (its roll, its person's
# page: 3 groups) re-indexed 1,198 of 6,370 pages and four or five edits made it whole;
# with 256, some 75 pages, and dozens of edits. The search box never reads the group filter.
GROUPS = 256


def group_of(relative: str) -> str:
    """A page's search group, from its address alone (stable from build to build)."""
    return str(zlib.crc32(relative.encode("utf-8")) % GROUPS)


def indexed_part(html: bytes, group: str | None = None) -> bytes | None:
    """The page's head and its marked elements in a body (the first with the `group`
    filter); None without a marked element; the page itself when its elements are not well
    formed."""
    body = _BODY.search(html)
    if body is None or MARK not in html:
        return None
    first = _OPEN.search(html, body.end())
    if group is not None and first is not None:   # in the page even when copied whole
        html = html[:first.end()] + subindex.group_mark(group) + html[first.end():]
    parts, position = [html[:body.end()]], body.end()
    while (opened := _OPEN.search(html, position)) is not None:
        end = _element_end(html, opened)
        if end is None:
            return html
        parts.append(html[opened.start():end])
        position = end
    if len(parts) == 1:
        return None   # the word appears only in text, not as an attribute of an element
    parts.append(b"</body></html>")
    return b"\n".join(parts)


def _element_end(html: bytes, opened: re.Match) -> int | None:
    """Where the element opened at `opened` closes (same-name tags counted), or None."""
    name = re.escape(opened.group(1))
    tags = re.compile(rb"<(/?)" + name + rb"\b[^>]*>", re.IGNORECASE)
    depth = 0
    for tag in tags.finditer(html, opened.start()):
        if tag.group(0).endswith(b"/>"):
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    return None


def make(site: Path, view: Path) -> bool:
    """Write the view of `site` into `view` (emptied first); False when no page is marked,
    and Pagefind should read the site itself."""
    shutil.rmtree(view, ignore_errors=True)
    marked = False
    for relative, path in _pages(site):
        part = indexed_part(path.read_bytes(), group_of(relative))
        if part is None:
            continue
        marked = True
        target = view / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(part)
    if not marked:
        shutil.rmtree(view, ignore_errors=True)
    return marked


def _pages(site: Path):
    """(relative path, path) of every HTML page of `site`, the search index aside."""
    for folder, folders, names in os.walk(site):
        relative = os.path.relpath(folder, site)
        if relative.split(os.sep)[0] in ("pagefind", FOLDER):
            folders[:] = []
            continue
        for name in names:
            if name.endswith((".html", ".htm")):
                yield (name if relative == "." else f"{relative}/{name}".replace(os.sep, "/"),
                       Path(folder) / name)


def update(site: Path, view: Path) -> bool:
    """Bring the kept view `view` (a folder of the project's .build/) up to `site`: a page is
    cut out again only when its file is not the one the view was made from (inode, size and
    modification time: `bangvang build` links the pages it keeps from the previous site, so
    they are the same files). Saves most of the view's cost on a rebuild (6,400 pages cut
    and written at 6,000 records). The view ends exactly what `make` would write: its list
    (`SOURCES`: each page's file, and the digest of its view when marked) is removed while
    it changes, so a run stopped half-way leaves a view that the next run makes whole again,
    and every file the list does not hold is removed.
    False, the view emptied, when no page is marked."""
    listing = view / SOURCES
    earlier = _read_sources(listing)
    if earlier is None:
        shutil.rmtree(view, ignore_errors=True)
        earlier = {}
    listing.unlink(missing_ok=True)
    sources: dict[str, list] = {}
    for relative, path in _pages(site):
        foreground.step()   # the preview's pass first (foreground.py)
        found = path.stat()
        source = [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns]
        before = earlier.get(relative)
        target = view / relative
        if before is not None and before[:4] == source and \
                (not before[4] or target.is_file()):
            sources[relative] = before
            continue
        part = indexed_part(path.read_bytes(), group_of(relative))
        if part is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(part)
        sources[relative] = [*source, hashlib.sha256(part).hexdigest()[:32]
                             if part is not None else "",
                             [[n.decode(), v.decode("utf-8", "replace")]
                              for n, v in FILTER.findall(part or b"")]]
    _remove_others(view, {relative for relative, entry in sources.items() if entry[4]})
    if not any(entry[4] for entry in sources.values()):
        shutil.rmtree(view, ignore_errors=True)
        return False
    caches.write(listing, json.dumps(sources, separators=(",", ":")).encode())
    return True


def filters(view: Path) -> list[tuple[str, str]]:
    """(filter, value as written) of every page the kept view holds (after `update`)."""
    return [(name, value) for entry in (_read_sources(view / SOURCES) or {}).values()
            for name, value in entry[5]]


def digests(view: Path) -> dict[str, str]:
    """{page: digest of its view} of every page the kept view holds (after `update`)."""
    return {relative: entry[4] for relative, entry in (_read_sources(view / SOURCES) or {}).items()
            if entry[4]}


SOURCES = ".nguon.json"   # the view's list: page → the site file it was cut from, digest


def _read_sources(listing: Path) -> dict | None:
    try:
        sources = json.loads(listing.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(sources, dict) or not all(
            isinstance(entry, list) and len(entry) == 6 and isinstance(entry[4], str) and
            isinstance(entry[5], list)
            for entry in sources.values()):
        return None
    return sources


def _remove_others(view: Path, wanted: set[str]) -> None:
    """Every file of `view` that is not the view of a marked page goes (pages gone, files
    a stopped run left), and the folders left empty."""
    for folder, folders, names in os.walk(view, topdown=False):
        relative = os.path.relpath(folder, view)
        for name in names:
            key = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
            if key not in wanted:
                os.unlink(os.path.join(folder, name))
        if relative != "." and not os.listdir(folder):
            os.rmdir(folder)
