"""A kept Pagefind index plus a small one: index a subset of a site's pages into a second
bundle, searched with the first (Pagefind's `mergeIndex`), the first's pages of that subset
excluded with a filter. Used by the school's build (searchkept.py) and the district's
(bangvang/district/search.py): Pagefind has no incremental mode.

Every indexed page carries a group filter (`nhom`: a share of the pages by address),
written as an empty element (`data-pagefind-filter="nhom:<group>"`) so it adds no words to
the page. When some groups changed since the kept index was built, their pages (without the
group mark) are indexed into the small bundle, and the search box excludes those groups
from the kept index with `filters: {nhom: {none: [...]}}`; Pagefind applies the same
filters to every merged index, and the small bundle's pages carry no `nhom`, so the filter
leaves them in.

The school's build prunes the kept index of the left-out pages instead (`prune_kept`), so
no filter is needed: their fragments (a page's address, title and text) are not linked,
and their entries are taken out of every word chunk (a chunk lists, for each word, the
pages holding it and where) and every filter chunk, so that no word of a page no longer
published, or of a text since changed, can be read back from the index. Which page is whose is read from the index itself: the metadata file lists
each page's fragment in page order, the `nhom` filter file each group's page numbers. The
files are gzip, the signature `pagefind_dcd`, then CBOR; read and written with `cbor2`
(a chunk written back unchanged is the same bytes: tests/test_subindex.py).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import cbor2

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


def group_mark(group: str) -> bytes:
    """The group filter as an empty element (no words; the group is digits or an address
    part, never text of a record)."""
    return f'<span data-pagefind-filter="{GROUP_FILTER}:{group}"></span>'.encode("utf-8")


def mark(html: bytes, group: str) -> bytes:
    """The page with its group filter, as the first thing of its indexed element."""
    if _BODY not in html:
        return html
    return html.replace(_BODY, _BODY + group_mark(group), 1)


def unmark(html: bytes) -> bytes:
    return _MARK.sub(b"", html, count=1)


def title(html: bytes) -> str:
    """The page's search title (the text of its `data-pagefind-meta="title"` element)."""
    found = _TITLE.search(html)
    return found.group(1).decode("utf-8") if found else ""


def read_file(path: Path):
    """A file of the index as Python lists, integers and strings."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise IndexFormatError(f"{path.name}: no Pagefind signature")
    try:
        return cbor2.loads(data[len(SIGNATURE):])
    except cbor2.CBORDecodeError as error:
        raise IndexFormatError(f"{path.name}: {error}") from None


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


def link_kept(source: Path, target: Path, leave_out: set[str],
              skip: frozenset[str] = frozenset()) -> bool:
    """Hard-link the kept index into `target`, but the files of `leave_out` (relative
    paths) and the files and folders of `skip` at its top (not the bundle's own: another
    bundle inside it, a file each build writes); False when a file it needs is missing
    (then it must be built again)."""
    if not source.is_dir():
        return False
    try:
        for folder, dirs, names in os.walk(source):
            here = Path(folder)
            relative = here.relative_to(source)
            if here == source:
                dirs[:] = [name for name in dirs if name not in skip]
            (target / relative).mkdir(parents=True, exist_ok=True)
            for name in names:
                path = (relative / name).as_posix()
                if path not in leave_out and path not in skip:
                    os.link(here / name, target / relative / name)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        return False
    return True


def indexed(report: str, what: str = "pages") -> int:
    """How many pages (or words) Pagefind's report says it indexed ("1 page", "2 pages")."""
    found = re.search(rf"Indexed (\d+) {what.removesuffix('s')}s?\b", report)
    return int(found.group(1)) if found else 0


def build_subset(pages: dict[str, bytes], output: Path, run, scratch: Path | None = None) -> int:
    """Index `pages` (site path → bytes, group marks removed) into `output`, keeping only
    what a merged bundle needs; `run(site, output)` runs Pagefind, returns pages indexed.
    `scratch`: the folder the pages are written in while Pagefind reads them (the system's
    temporary folder when None)."""
    with tempfile.TemporaryDirectory(prefix=".bangvang-moi-", dir=scratch) as folder:
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


def prune_kept(source: Path, target: Path, groups: set[str],
               skip: frozenset[str] = frozenset()) -> bool:
    """Link the kept index `source` into `target` without any trace of the pages of
    `groups`: their fragments left out, their entries taken out of every word chunk (a word
    left on no page is gone) and of every filter (a search by filter alone never lists
    them), the metadata and the entry file written anew to name the chunks that changed.
    False when a file it needs is missing; IndexFormatError when a file is not as read
    here (either way the index must be built whole). `skip`: as for `link_kept`."""
    if not groups:
        return link_kept(source, target, set(), skip)
    try:
        entry = json.loads((source / "pagefind-entry.json").read_bytes())
        language = next(iter(entry["languages"]))
        meta_path = source / f"pagefind.{entry['languages'][language]['hash']}.pf_meta"
        meta = read_file(meta_path)
        filters = {name: chunk for name, chunk in meta[3]}
        _name, values = read_file(source / "filter" / f"{filters[GROUP_FILTER]}.pf_filter")
        gone = {n for value, numbers in values if value in groups for n in numbers}
        leave_out = {meta_path.name, "pagefind-entry.json"}
        leave_out |= {f"fragment/{meta[1][n][0]}.pf_fragment" for n in gone}
        written: dict[str, bytes] = {}
        for folder, chunks, slot, prune in (("index", meta[2], 2, _prune_words),
                                            ("filter", meta[3], 1, _prune_filter)):
            for chunk in chunks:
                data = read_file(source / folder / f"{chunk[slot]}.pf_{folder}")
                kept = prune(data, gone)
                if kept is not data:
                    leave_out.add(f"{folder}/{chunk[slot]}.pf_{folder}")
                    chunk[slot], packed = _packed(language, kept)
                    written[f"{folder}/{chunk[slot]}.pf_{folder}"] = packed
    except (StopIteration, KeyError, IndexError, TypeError, ValueError, OSError) as error:
        raise IndexFormatError(f"{type(error).__name__}: {error}") from None
    entry["languages"][language]["hash"], packed = _packed(language, meta)
    written[f"pagefind.{entry['languages'][language]['hash']}.pf_meta"] = packed
    written["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False,
                                                separators=(",", ":")).encode("utf-8")
    if not link_kept(source, target, leave_out, skip):
        return False
    for relative, data in written.items():
        (target / relative).write_bytes(data)
    return True


def _prune_filter(data: list, gone: set[int]) -> list:
    """A filter chunk (`[name, [[value, [page number...]]...]]`) without the pages `gone`
    (itself when none was in it); a value left on no page is gone."""
    name, values = data
    kept = [[value, left] for value, numbers in values
            if (left := [n for n in numbers if n not in gone])]
    if len(kept) == len(values) and all(len(a[1]) == len(b[1]) for a, b in zip(kept, values)):
        return data
    return [name, kept]


def _packed(language: str, value) -> tuple[str, bytes]:
    """A new file's name and bytes. The name from its content, as Pagefind names its files
    (a browser that kept the old file under its name is never given it for the new one);
    gzip at level 6, not Pagefind's 9: 3 % larger, a fifth of the time (4.8 s → 1.0 s for
    the 56 word chunks of 6,000 records)."""
    data = SIGNATURE + cbor2.dumps(value)
    return (f"{language}_{hashlib.sha256(data).hexdigest()[:12]}",
            gzip.compress(data, compresslevel=6, mtime=0))


def _prune_words(chunk: list, gone: set[int]) -> list:
    """A word chunk without the pages `gone` (the chunk itself when none was in it). A chunk is `[[word, pages, variants]...]`,
    a variant `[word, pages]` (the same word with other diacritics), `pages` a list of
    `[page number minus the previous one's, locations, ...]`: numbers are re-counted."""
    words, changed = [], False
    for word, pages, variants in chunk[0]:
        kept = _prune_pages(pages, gone)
        forms = [[form, left] for form, found in variants if (left := _prune_pages(found, gone))]
        changed = changed or len(kept) < len(pages) or len(forms) < len(variants) or \
            any(len(left) < len(found) for (_f, left), (_g, found) in zip(forms, variants))
        if kept or forms:
            words.append([word, kept, forms])
    return [words] if changed else chunk


def _prune_pages(pages: list, gone: set[int]) -> list:
    kept, number, last = [], 0, 0
    for page in pages:
        number += page[0]
        if number not in gone:
            kept.append([number - last, *page[1:]])
            last = number
    return kept
