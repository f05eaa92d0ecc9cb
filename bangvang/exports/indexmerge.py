"""A kept Pagefind bundle brought up to date: the pages of some search groups taken out, the
pages indexed anew for them folded in, one bundle as a whole build would have made it.

Pagefind has no incremental mode (docs/search.md). A rebuild indexes only the pages of the
groups that changed (searchkept.py) into a small bundle, then `update_kept` writes the kept
bundle anew from the two: the changed groups' old pages are gone from every word chunk, every
filter chunk and the page list (their fragments not linked), and the new pages take their
numbers, their words and filter values added where a whole build would have put them. The
result is searched alone, so a page ranks as it would after a whole build: Pagefind ranks by
how many of the bundle's pages hold a word (BM25), which only a bundle holding every page
counts right (two merged bundles each count their own).

Page numbers: a new page takes the number of a page gone; when there are more new pages than
gone ones they are added at the end, when fewer the last pages are moved into the gaps, so
that the numbers stay 0..n-1 and a chunk whose words touch no page gone, moved or new is the
kept file (a hard link). The bundle's files are read and written as in subindex.py (gzip +
Pagefind's signature + CBOR, with `cbor2`); a word chunk's pages are kept as the bytes
written (postings.py), so that a fold cuts and joins them rather than decoding and encoding
every page of every word.

What is read here is Pagefind 1.5's format: the metadata `[version, pages, word chunks,
filter chunks, sorts, meta fields]`, a page `[fragment name, word count]`, a word chunk's
range `[first word, last word, name]` (the search box loads the chunk whose range holds the
word searched), a word `[word, pages, variants]` (a variant `[the word with other
diacritics, pages]`), a word's page `[number minus the previous one's, locations...]`, a
filter chunk `[name, [[value, [page number...]]...]]`. Anything else (sorts, another
version) raises IndexFormatError and the bundle is made whole.
"""
from __future__ import annotations

import bisect
import contextlib
import gc
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cbor2

from bangvang import foreground
from bangvang.exports import postings, subindex
from bangvang.exports.subindex import GROUP_FILTER, IndexFormatError, read_file


@dataclass
class _Bundle:
    folder: Path
    entry: dict
    language: str
    meta: list
    meta_name: str

    @classmethod
    def read(cls, folder: Path) -> "_Bundle":
        entry = json.loads((folder / "pagefind-entry.json").read_bytes())
        language = next(iter(entry["languages"]))
        name = f"pagefind.{entry['languages'][language]['hash']}.pf_meta"
        meta = read_file(folder / name)
        if len(meta) != 6 or meta[4]:
            raise IndexFormatError(f"{name}: not Pagefind 1.5's metadata, or sorts")
        return cls(folder, entry, language, meta, name)

    def filters(self) -> dict[str, str]:
        return {name: chunk for name, chunk in self.meta[3]}

    def read_filter(self, chunk: str):
        return read_file(self.folder / "filter" / f"{chunk}.pf_filter")

    def pages_of(self, groups: set[str]) -> set[int]:
        _name, values = self.read_filter(self.filters()[GROUP_FILTER])
        return {n for value, numbers in values if value in groups for n in numbers}


class _Numbers:
    """Where each page goes: kept pages keep their number unless moved into a gap, gone ones
    have none, new ones (numbered 0.. in the small bundle) fill the gaps first."""

    def __init__(self, kept: int, gone: set[int], new: int):
        size = kept - len(gone) + new
        free = sorted(n for n in gone if n < size) + list(range(kept, size))
        moving = [n for n in range(size, kept) if n not in gone]
        self.size, self.gone = size, gone
        self.moved = dict(zip(moving, free))
        self.new = free[len(moving):]
        self.touched = gone | set(self.moved)

    def kept(self, number: int) -> int | None:
        return None if number in self.gone else self.moved.get(number, number)


def changed_groups(now: dict, kept: dict) -> list[str]:
    """The groups whose digest differs between two builds' records, added and gone ones too."""
    return sorted(g for g in set(now) | set(kept) if now.get(g) != kept.get(g))


def fold(source: Path, target: Path, changed: list[str], pages: dict[str, bytes], run,
         scratch: Path, skip: frozenset[str] = frozenset(), store: Path | None = None) -> bool:
    """The kept bundle `source` written into `target` with the groups `changed` indexed anew
    from `pages` (their pages now: site path → bytes with group marks; none when their pages
    are all gone), or linked as it is when none changed. `run(site, output)` runs Pagefind and
    returns the pages indexed; the pages are written inside `scratch` (the site being built,
    so that a build stopped here leaves them only in its staging folder). False when the
    bundle must be built whole (a file missing, another format). `store`: the file keeping
    the chunks' words between builds (postings.Store)."""
    if not changed:
        return subindex.link_kept(source, target, set(), skip)
    with tempfile.TemporaryDirectory(prefix=".bangvang-moi-", dir=scratch) as folder:
        small = Path(folder) / "index"
        if pages:
            subindex.build_subset(pages, small, run, scratch=Path(folder))
        try:
            return update_kept(source, target, set(changed), small if pages else None, skip,
                               store)
        except IndexFormatError:
            return False


def update_kept(source: Path, target: Path, groups: set[str], small: Path | None,
                skip: frozenset[str] = frozenset(), store: Path | None = None) -> bool:
    """Write into `target` the bundle `source` without the pages of `groups` and with the
    pages of the bundle `small` (None: no page new), hard-linking every file of `source`
    that stays as it is. False when a file to link is missing; IndexFormatError when a file
    is not as read here (either way the bundle must be built whole). `skip`: folders and
    files at the top of `source` that are not its own (subindex.link_kept)."""
    try:
        kept = _Bundle.read(source)
        new = _Bundle.read(small) if small is not None else None
        if new is not None and (new.meta[0] != kept.meta[0] or new.language != kept.language):
            raise IndexFormatError("the bundles were made by different Pagefind versions")
        numbers = _Numbers(len(kept.meta[1]), kept.pages_of(groups),
                           len(new.meta[1]) if new else 0)
        written: dict[str, bytes] = {}
        leave_out = {kept.meta_name, "pagefind-entry.json"}
        leave_out |= {f"fragment/{kept.meta[1][n][0]}.pf_fragment" for n in numbers.gone}
        with _collector_paused():
            _words(kept, new, numbers, written, leave_out, store)
            _filters(kept, new, numbers, written, leave_out)
            _pages(kept, new, numbers)
    except (StopIteration, KeyError, IndexError, TypeError, ValueError, OSError,
            cbor2.CBORDecodeError) as error:
        raise IndexFormatError(f"{type(error).__name__}: {error}") from None
    entry = kept.entry
    entry["languages"][kept.language]["page_count"] = numbers.size
    entry["languages"][kept.language]["hash"], packed = subindex.packed(kept.language, kept.meta)
    written[f"pagefind.{entry['languages'][kept.language]['hash']}.pf_meta"] = packed
    written["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False,
                                                separators=(",", ":")).encode("utf-8")
    if not subindex.link_kept(source, target, leave_out, skip):
        return False
    for fragment in (new.folder / "fragment").iterdir() if new is not None else ():
        place = target / "fragment" / fragment.name
        if not place.exists():   # a fragment's name is its content's: one there is the same
            try:
                os.link(fragment, place)
            except OSError:   # a file system without hard links
                shutil.copy2(fragment, place)
    for relative, data in written.items():
        (target / relative).write_bytes(data)
    return True


@contextlib.contextmanager
def _collector_paused():
    """The garbage collector off while the chunks are read and written again. A school's
    syllables are few (some 4,000 words at 6,000 records), so every chunk holds words of any
    group's pages; a chunk not kept as bytes (postings.py: the first fold after a whole
    index) is decoded entry by entry: some 10 million lists and integers, each allocation
    counted towards a collection that walks the build's whole heap and finds nothing (the
    decoded chunks hold no cycles; they are freed as each chunk is done). Measured on a
    6,000-record school's 56 chunks: 1.44-1.64 s of decoding with it on, 1.13-1.17 off."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _new_words(new: _Bundle | None) -> dict[str, list]:
    """The small bundle's words: {word: [pages, variants]}, page numbers as read there."""
    found: dict[str, list] = {}
    for _first, _last, name in (new.meta[2] if new else []):
        for word, pages, variants in read_file(new.folder / "index" / f"{name}.pf_index")[0]:
            found[word] = [pages, variants]
    return found


def _words(kept: _Bundle, new: _Bundle | None, numbers: _Numbers, written: dict,
           leave_out: set, store: Path | None = None) -> None:
    """Every word chunk of `kept` with the pages renumbered and the new pages' words added;
    a new word goes to the chunk whose range holds it, or the range is widened. Each
    chunk's words are kept as bytes (postings.py) in the process and in `store`, so that
    the next fold reads and writes only the pages it changes."""
    adding = _new_words(new)
    chunks = kept.meta[2]
    firsts = [chunk[0] for chunk in chunks]
    into: dict[int, list[str]] = {}
    for word in adding:
        at = max(bisect.bisect_right(firsts, word) - 1, 0)
        into.setdefault(at, []).append(word)
    kept_words, now, gone = postings.Store(store), {}, []
    for at, chunk in enumerate(chunks):
        foreground.step()   # the preview's pass first (foreground.py)
        path = kept.folder / "index" / f"{chunk[2]}.pf_index"
        words = kept_words.words(chunk[2], lambda: subindex.read_cbor(path))
        added = into.get(at, [])
        merged = postings.merged(words, {w: adding[w] for w in added}, numbers)
        if merged is None:
            now[chunk[2]] = words
            continue
        leave_out.add(f"index/{chunk[2]}.pf_index")
        gone.append(chunk[2])
        if added:
            chunk[0], chunk[1] = min(chunk[0], *added), max(chunk[1], *added)
        chunk[2], packed = subindex.packed_cbor(kept.language, postings.chunk_bytes(merged))
        now[chunk[2]] = merged
        written[f"index/{chunk[2]}.pf_index"] = packed
    kept_words.keep(gone, now)


def _filters(kept: _Bundle, new: _Bundle | None, numbers: _Numbers, written: dict,
             leave_out: set) -> None:
    """Every filter chunk renumbered, with the new pages' values; a filter only the new
    pages have gets a chunk of its own."""
    adding = {name: new.read_filter(chunk)[1] for name, chunk in new.meta[3]} if new else {}
    for item in kept.meta[3]:
        foreground.step()
        name, chunk = item
        _name, values = kept.read_filter(chunk)
        extra = {value: pages for value, pages in adding.pop(name, [])}
        merged = []
        for value, pages in values:
            moved = [to for n in pages if (to := numbers.kept(n)) is not None]
            moved += [numbers.new[n] for n in extra.pop(value, [])]
            if moved:
                merged.append([value, sorted(moved)])
        merged += [[value, sorted(numbers.new[n] for n in pages)] for value, pages in extra.items()]
        if merged == values:
            continue
        leave_out.add(f"filter/{chunk}.pf_filter")
        item[1], packed = subindex.packed(kept.language, [name, merged])
        written[f"filter/{item[1]}.pf_filter"] = packed
    for name, values in adding.items():
        chunk, packed = subindex.packed(kept.language, [name, [
            [value, sorted(numbers.new[n] for n in pages)] for value, pages in values]])
        kept.meta[3].append([name, chunk])
        written[f"filter/{chunk}.pf_filter"] = packed


def _pages(kept: _Bundle, new: _Bundle | None, numbers: _Numbers) -> None:
    """The metadata's page list: a new page in its slot, a moved one in its gap."""
    pages = kept.meta[1] + [None] * max(numbers.size - len(kept.meta[1]), 0)
    for number, to in numbers.moved.items():
        pages[to] = pages[number]
    for number, to in enumerate(numbers.new):
        pages[to] = new.meta[1][number]
    kept.meta[1] = pages[:numbers.size]
    if new is not None:
        kept.meta[5] = kept.meta[5] + [f for f in new.meta[5] if f not in kept.meta[5]]

