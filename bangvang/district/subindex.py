"""A kept Pagefind index plus a small one: index a subset of a site's pages into a second
bundle, searched with the first (Pagefind's `mergeIndex`), the first's pages of that subset
excluded with a filter.

Every indexed page carries a group filter (`nhom`: here one of 8 shares of a school's pages,
or the district's own pages; search.group_of), written as an empty element
(`data-pagefind-filter="nhom:<group>"`) so it adds no words to the page. When some groups changed since the kept index was built, their pages
(without the group mark) are indexed into the small bundle, and the search box excludes
those groups from the kept index with `filters: {nhom: {none: [...]}}`; Pagefind applies
the same filters to every merged index, and the small bundle's pages carry no `nhom`, so
the filter leaves them in.

The kept index is linked into the new site without the fragments of the excluded groups'
pages (a fragment holds a page's address, title and text): a page that is no longer
published cannot be read from it. Which fragment is whose is read from the index itself:
the metadata file lists each page's fragment in page order, the `nhom` filter file lists
each group's page numbers. Both are gzip, the signature `pagefind_dcd`, then CBOR (arrays,
integers, strings): read here by a reader of those three types.

Nothing here is particular to the district but the attribute written; the school's build
could use it the same way.
"""
from __future__ import annotations

import gzip
import os
import re
import shutil
import tempfile
from pathlib import Path

GROUP_FILTER = "nhom"
SIGNATURE = b"pagefind_dcd"
_BODY = b"<main data-pagefind-body>"
_MARK = re.compile(rb'<span data-pagefind-filter="nhom:[^"<>]*"></span>')
_TITLE = re.compile(rb'data-pagefind-meta="title">([^<]*)<')
# What a merged bundle needs: its entry, metadata, word, filter and page files. The rest
# of Pagefind's output (its script, WebAssembly, UI) is the kept index's to serve.
MERGED_PARTS = ("pagefind-entry.json", "index", "filter", "fragment")


class IndexFormatError(Exception):
    """The kept index is not in the format read here (another Pagefind version)."""


def mark(html: bytes, group: str) -> bytes:
    """The page with its group filter, as the first thing of its indexed element."""
    if _BODY not in html:
        return html
    tag = f'<span data-pagefind-filter="{GROUP_FILTER}:{group}"></span>'.encode("utf-8")
    return html.replace(_BODY, _BODY + tag, 1)


def unmark(html: bytes) -> bytes:
    return _MARK.sub(b"", html, count=1)


def title(html: bytes) -> str:
    """The page's search title (the text of its `data-pagefind-meta="title"` element)."""
    found = _TITLE.search(html)
    return found.group(1).decode("utf-8") if found else ""


def _cbor(data: bytes, at: int = 0):
    """One CBOR item (unsigned and negative integers, byte and text strings, arrays)."""
    first = data[at]
    major, extra = first >> 5, first & 31
    at += 1
    if extra >= 24:
        if extra > 27:
            raise IndexFormatError(f"CBOR item {first:#x}")
        size = 1 << (extra - 24)
        extra, at = int.from_bytes(data[at:at + size], "big"), at + size
    if major == 0:
        return extra, at
    if major == 1:
        return -1 - extra, at
    if major in (2, 3):
        chunk = data[at:at + extra]
        return (chunk.decode("utf-8") if major == 3 else chunk), at + extra
    if major == 4:
        items = []
        for _ in range(extra):
            item, at = _cbor(data, at)
            items.append(item)
        return items, at
    raise IndexFormatError(f"CBOR major type {major}")


def read_file(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise IndexFormatError(f"{path.name}: no Pagefind signature")
    return _cbor(data, len(SIGNATURE))[0]


def group_fragments(index: Path) -> dict[str, list[str]]:
    """Group → the paths (relative to `index`) of its pages' fragment files."""
    try:
        meta = read_file(next(index.glob("pagefind.*.pf_meta")))
        pages = [f"fragment/{page[0]}.pf_fragment" for page in meta[1]]
        hashes = {name: chunk for name, chunk in meta[3]}
        _name, values = read_file(index / "filter" / f"{hashes[GROUP_FILTER]}.pf_filter")
        return {value: [pages[n] for n in numbers] for value, numbers in values}
    except (StopIteration, KeyError, IndexError, TypeError, ValueError, OSError) as error:
        raise IndexFormatError(str(error)) from None


def link_kept(source: Path, target: Path, leave_out: set[str]) -> bool:
    """Hard-link the kept index into `target`, but the files of `leave_out` (relative
    paths); False when a file it needs is missing (then it must be built again)."""
    if not source.is_dir():
        return False
    try:
        for folder, _dirs, names in os.walk(source):
            here = Path(folder)
            relative = here.relative_to(source)
            (target / relative).mkdir(parents=True, exist_ok=True)
            for name in names:
                path = (relative / name).as_posix()
                if path not in leave_out:
                    os.link(here / name, target / relative / name)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def build_subset(pages: dict[str, bytes], output: Path, run) -> int:
    """Index `pages` (site path → bytes, group marks removed) into `output`, keeping only
    what a merged bundle needs; `run(site, output)` runs Pagefind, returns pages indexed."""
    with tempfile.TemporaryDirectory(prefix="bangvang-moi-") as folder:
        site = Path(folder)
        for path, data in pages.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_bytes(unmark(data))
        indexed = run(site, output)
    for item in output.iterdir():
        if item.name not in MERGED_PARTS and not item.name.endswith(".pf_meta"):
            if item.is_dir():
                shutil.rmtree(item)
            else:
                item.unlink()
    return indexed
