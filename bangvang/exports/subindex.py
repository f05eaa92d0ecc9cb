"""Pagefind bundles of a subset of a site's pages, and the files of a bundle read and written.

A rebuild indexes only the pages of the search groups that changed (each indexed page carries
its group as a filter, `nhom`: a share of the pages by address, written as an empty element
`data-pagefind-filter="nhom:<group>"` so that it adds no words), with `build_subset`; the
school's build and the district's fold that small bundle into the kept one (indexmerge.py),
which finds each group's pages by that filter.

The files of a bundle are gzip, the signature `pagefind_dcd`, then CBOR; read and written
with `cbor2` (a chunk written back unchanged is the same bytes: tests/test_searchkept.py).
"""
from __future__ import annotations

import gzip
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

import cbor2

GROUP_FILTER = "nhom"
SIGNATURE = b"pagefind_dcd"
_BODY = b"<main data-pagefind-body>"
# What a small bundle folded into a kept one gives it: its entry, metadata, word, filter and
# page files. The rest of Pagefind's output (its script, WebAssembly, UI) is the kept one's.
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


def read_file(path: Path):
    """A file of the index as Python lists, integers and strings."""
    try:
        return cbor2.loads(read_cbor(path))
    except cbor2.CBORDecodeError as error:
        raise IndexFormatError(f"{path.name}: {error}") from None


def read_cbor(path: Path) -> bytes:
    """A file of the index as its CBOR bytes (after the signature)."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise IndexFormatError(f"{path.name}: no Pagefind signature")
    return data[len(SIGNATURE):]


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


def build_subset(pages: dict[str, bytes], output: Path, run, scratch: Path) -> int:
    """Index `pages` (site path → bytes, with their group marks: the bundle they are folded
    into must know their groups) into `output`, keeping only what is folded in;
    `run(site, output)` runs Pagefind, returns pages indexed. `scratch`: the folder of the
    project the pages are written in while Pagefind reads them."""
    with tempfile.TemporaryDirectory(prefix=".bangvang-moi-", dir=scratch) as folder:
        site = Path(folder)
        for path, data in pages.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_bytes(data)
        indexed = run(site, output)
    for item in output.iterdir():
        if item.name not in MERGED_PARTS and not item.name.endswith(".pf_meta"):
            if item.is_dir():
                shutil.rmtree(item)
            else:
                item.unlink()
    return indexed


def packed(language: str, value) -> tuple[str, bytes]:
    """A new file's name and bytes. The name from its content, as Pagefind names its files
    (a browser that kept the old file under its name is never given it for the new one);
    gzip at level 6, not Pagefind's 9: 3 % larger, a fifth of the time (4.8 s → 1.0 s for
    the 56 word chunks of 6,000 records)."""
    return packed_cbor(language, cbor2.dumps(value))


def packed_cbor(language: str, encoded: bytes) -> tuple[str, bytes]:
    """`packed` of a value already encoded (postings.chunk_bytes)."""
    data = SIGNATURE + encoded
    return (f"{language}_{hashlib.sha256(data).hexdigest()[:12]}",
            gzip.compress(data, compresslevel=6, mtime=0))
