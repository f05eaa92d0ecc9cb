"""A word chunk of a Pagefind bundle kept as the bytes Pagefind wrote, page by page, so that
folding a rebuild's pages into it (indexmerge.py) costs the pages taken out and added, not
the chunk.

Why this exists: a school's syllables are few (some 3,800 words at 6,000 records), so every
word chunk holds a word of any page changed, and the fold rewrote every chunk. Read with
`cbor2`, the 56 chunks of the full bundle are 1.4 million page entries, some 10 million
Python lists and integers: 1.4-1.5 s of CPU to decode and 1.8 s to encode again, for an
edit that takes out and adds a few dozen pages. No library edits CBOR in place, so each
page list is kept here as its encoded entries one after another (`Pages.blob`), with each
entry's size and absolute page number in arrays: a fold finds the pages it touches with a
set intersection in C, cuts the blob around them, encodes only the pages it adds and the
one entry after each cut (its number is a difference from the previous page's), and joins
the bytes. What it writes is byte for byte what encoding the merged lists with `cbor2`
writes (tests/test_postings.py).

A chunk's entries are kept under its file name, which is the digest of its bytes
(subindex.packed): in the process (the preview folds after each pass) and in a file of the
project's .build/ between builds (`Store`), read with an unpickler that makes only plain
values. A kept chunk read from that file is used only when its entries give back the bytes
its name is the digest of; otherwise the chunk file is decoded as before.
"""
from __future__ import annotations

import bisect
import hashlib
import io
import pickle
from array import array
from itertools import accumulate
from operator import attrgetter, itemgetter, sub
from pathlib import Path

import cbor2

from bangvang import caches

VERSION = 1


def array_head(count: int) -> bytes:
    """The head of a CBOR array of `count` items, as cbor2 writes it (the shortest)."""
    if count < 24:
        return bytes((0x80 + count,))
    for mark, size in ((0x98, 1), (0x99, 2), (0x9A, 4), (0x9B, 8)):
        if count < 1 << (8 * size):
            return bytes((mark,)) + count.to_bytes(size, "big")
    raise ValueError(f"an array of {count} items")


class Pages:
    """A word's (or one of its forms') pages: each entry `[number minus the previous
    one's, locations...]` encoded, one after another in `blob`; `sizes` their byte lengths,
    `numbers` their page numbers (ascending)."""
    __slots__ = ("blob", "sizes", "numbers")

    def __init__(self, blob: bytes, sizes: array, numbers: array):
        self.blob, self.sizes, self.numbers = blob, sizes, numbers

    def __len__(self) -> int:
        return len(self.sizes)

    def encoded(self) -> bytes:
        return array_head(len(self.sizes)) + self.blob

    def entries(self) -> list:
        """The entries as lists (what cbor2 reads of `encoded()`)."""
        return cbor2.loads(self.encoded())

    def _entry(self, index: int, at: int) -> list:
        return cbor2.loads(self.blob[at:at + self.sizes[index]])

    def renumbered(self, numbers, new_entries: list) -> "Pages":
        """These pages with those of `numbers.touched` taken out (gone, or moved into a
        gap: put back at their new number), and `new_entries` (difference-numbered in the
        small bundle, placed at numbers.new[n]) added; `self` when nothing changes."""
        listed = self.numbers
        here = numbers.touched.intersection(listed)
        if not here and not new_entries:
            return self
        places = {n: bisect.bisect_left(listed, n) for n in here}
        events = [(places[n], -1, None) for n in here]      # taken out
        events += [(bisect.bisect_left(listed, numbers.moved[n]), numbers.moved[n],
                    self._entry(places[n], sum(self.sizes[:places[n]]))[1:])
                   for n in here if n in numbers.moved]
        events += [(bisect.bisect_left(listed, numbers.new[n]), numbers.new[n], entry[1:])
                   for n, entry in zip(accumulate(map(itemgetter(0), new_entries)), new_entries)]
        events.sort(key=itemgetter(0, 1))
        out = _Writer(self)
        for at, number, locations in events:
            out.copy_to(at)
            if locations is None:
                out.skip()
            else:
                out.add(number, locations)
        out.copy_to(len(listed))
        return out.pages()


class _Writer:
    """New pages from a kept list: runs of its entries copied as bytes, entries added."""

    def __init__(self, source: Pages):
        self.source = source
        self.parts: list[bytes] = []
        self.sizes, self.numbers = array("I"), array("I")
        self.next = self.at = self.last = 0   # next source entry, its byte offset; last number

    def copy_to(self, end: int) -> None:
        """The source's entries from `next` to `end`, the first one's difference made
        anew when the page before it changed."""
        start, source = self.next, self.source
        if end <= start:
            return
        size = sum(source.sizes[start:end])
        before = source.numbers[start - 1] if start else 0
        if before == self.last:   # the page before it is the same: its bytes as they are
            self.parts.append(source.blob[self.at:self.at + size])
            self.sizes.extend(source.sizes[start:end])
        else:
            entry = source._entry(start, self.at)
            entry[0] = source.numbers[start] - self.last
            encoded = cbor2.dumps(entry)
            self.parts += [encoded, source.blob[self.at + source.sizes[start]:self.at + size]]
            self.sizes.append(len(encoded))
            self.sizes.extend(source.sizes[start + 1:end])
        self.numbers.extend(source.numbers[start:end])
        self.next, self.at, self.last = end, self.at + size, source.numbers[end - 1]

    def skip(self) -> None:
        self.at += self.source.sizes[self.next]
        self.next += 1

    def add(self, number: int, locations: list) -> None:
        encoded = cbor2.dumps([number - self.last, *locations])
        self.parts.append(encoded)
        self.sizes.append(len(encoded))
        self.numbers.append(number)
        self.last = number

    def pages(self) -> Pages:
        return Pages(b"".join(self.parts), self.sizes, self.numbers)


_NONE = Pages(b"", array("I"), array("I"))


class Word:
    """A word of a chunk: its pages and its forms with other diacritics (`variants`)."""
    __slots__ = ("word", "pages", "variants")

    def __init__(self, word: str, pages: Pages, variants: list[tuple[str, Pages]]):
        self.word, self.pages, self.variants = word, pages, variants

    def encoded(self) -> bytes:
        return b"".join([b"\x83", cbor2.dumps(self.word), self.pages.encoded(),
                         array_head(len(self.variants)),
                         *(b"\x82" + cbor2.dumps(form) + found.encoded()
                           for form, found in self.variants)])


def chunk_from(data: bytes) -> list[Word]:
    """A chunk's words from its CBOR `[[word...]]` (a file's bytes after the signature):
    each page entry decoded alone and its bytes taken as they are, the decoder's position
    after it marking its end: about the time of decoding the chunk whole, with nothing to
    encode again. ValueError when the chunk is not as read here."""
    try:
        return _chunk_from(data)
    except cbor2.CBORDecodeError as error:   # cut short, or not CBOR
        raise ValueError(f"a word chunk that cannot be read: {error}") from None


def _chunk_from(data: bytes) -> list[Word]:
    source = io.BytesIO(data)
    decoder = cbor2.CBORDecoder(source)

    def pages() -> Pages:
        count = _array_count(source)
        begin, ends, entries = source.tell(), array("I", [0]), []
        for _ in range(count):
            entries.append(decoder.decode())
            ends.append(source.tell() - begin)
        return Pages(data[begin:begin + ends[-1]], array("I", map(sub, ends[1:], ends)),
                     array("I", accumulate(entry[0] for entry in entries)))

    if _array_count(source) != 1:
        raise ValueError("a word chunk is an array of one array")
    words = []
    for _ in range(_array_count(source)):
        if _array_count(source) != 3:
            raise ValueError("a word is [word, pages, variants]")
        text, found = decoder.decode(), pages()
        variants = []
        for _ in range(_array_count(source)):
            if _array_count(source) != 2:
                raise ValueError("a variant is [form, pages]")
            variants.append((decoder.decode(), pages()))
        words.append(Word(text, found, variants))
    if source.tell() != len(data):
        raise ValueError("bytes after a word chunk")
    return words


def _array_count(source: io.BytesIO) -> int:
    """The item count of the CBOR array head at `source`'s position, read past."""
    head = source.read(1)
    if not head or head[0] >> 5 != 4 or head[0] & 31 > 27:
        raise ValueError("not a CBOR array of a known length")
    info = head[0] & 31
    if info < 24:
        return info
    size = 1 << (info - 24)
    raw = source.read(size)
    if len(raw) != size:
        raise ValueError("a CBOR array head cut short")
    return int.from_bytes(raw, "big")


def chunk_bytes(words: list[Word]) -> bytes:
    """The CBOR of the chunk `[[word...]]`, as cbor2 would write it."""
    return b"".join([b"\x81", array_head(len(words)), *(word.encoded() for word in words)])


def merged(words: list[Word], adding: dict[str, list], numbers) -> list[Word] | None:
    """A chunk's words renumbered, with `adding`'s pages ({word: [pages, variants]} of the
    small bundle, taken from it as they are used); None when nothing changed."""
    out, changed = [], bool(adding)
    for word in words:
        extra_pages, extra_variants = adding.pop(word.word, ([], []))
        extra = dict(extra_variants)
        kept = word.pages.renumbered(numbers, extra_pages)
        forms, same = [], kept is word.pages
        for form, found in word.variants:
            left = found.renumbered(numbers, extra.pop(form, []))
            if len(left):
                forms.append((form, left))
            same = same and left is found
        forms += [(form, _NONE.renumbered(numbers, found)) for form, found in extra.items()]
        if extra:
            forms.sort(key=itemgetter(0))
        same = same and len(forms) == len(word.variants)
        changed = changed or not same
        if len(kept) or forms:
            out.append(word if same else Word(word.word, kept, forms))
    for text, (pages, variants) in adding.items():   # words the kept chunk did not hold
        out.append(Word(text, _NONE.renumbered(numbers, pages), sorted(
            [(form, _NONE.renumbered(numbers, found)) for form, found in variants],
            key=itemgetter(0))))
    if adding:
        out.sort(key=attrgetter("word"))
    return out if changed else None


# Chunk name → its words, of the chunks this process folded or read last (the preview folds
# after each pass): a chunk's name is the digest of its content, so its words stay right.
_KEPT: dict[str, list[Word]] = {}


class Store:
    """The words of a bundle's chunks by chunk name: kept in this process, or in `path`
    (a file of the project's .build/, None: in the process only) between builds."""

    def __init__(self, path: Path | None):
        self.path = path
        self._saved: dict[str, tuple] | None = None

    def words(self, name: str, read) -> list[Word]:
        """The words of the chunk `name`; `read()`: its file's CBOR, read when its words are
        not kept (or the kept ones do not hold together)."""
        found = _KEPT.get(name)
        if found is None:
            found = self._from_file(name)
        return found if found is not None else chunk_from(read())

    def keep(self, gone: list[str], now: dict[str, list[Word]]) -> None:
        """After a fold: the chunks `gone` forgotten, the bundle's chunks `now` kept (in the
        file: only those)."""
        for name in gone:
            _KEPT.pop(name, None)
        _KEPT.update(now)
        if self.path is not None:
            caches.write(self.path, pickle.dumps({"version": VERSION, "chunks": {
                name: (hashlib.blake2b(chunk_bytes(words), digest_size=16).digest(),
                       [_plain(word) for word in words]) for name, words in now.items()}},
                protocol=pickle.HIGHEST_PROTOCOL))

    def _from_file(self, name: str) -> list[Word] | None:
        if self._saved is None:
            self._saved = _load(self.path) if self.path is not None else {}
        try:
            digest, items = self._saved[name]
            words = [_word(item) for item in items]
        except (KeyError, *caches.UNREADABLE):
            return None
        # Written whole (caches.write), but a file of .build/ may be older code's or torn by
        # hand: its words are used only when they give back the bytes they were kept as.
        if hashlib.blake2b(chunk_bytes(words), digest_size=16).digest() != digest:
            return None
        return words


def _load(path: Path) -> dict:
    saved = caches.read_plain(path)   # None: the chunks are read from their files
    if not isinstance(saved, dict) or saved.get("version") != VERSION or \
            not isinstance(saved.get("chunks"), dict):
        return {}
    return saved["chunks"]


def _plain(word: Word) -> tuple:
    return (word.word, _plain_pages(word.pages),
            [(form, _plain_pages(found)) for form, found in word.variants])


def _plain_pages(pages: Pages) -> tuple:
    return pages.blob, pages.sizes.tobytes(), pages.numbers.tobytes()


def _word(item: tuple) -> Word:
    text, pages, variants = item
    return Word(text, _pages(pages), [(form, _pages(found)) for form, found in variants])


def _pages(item: tuple) -> Pages:
    blob, sizes, numbers = item
    pages = Pages(blob, array("I"), array("I"))
    pages.sizes.frombytes(sizes)
    pages.numbers.frombytes(numbers)
    if len(pages.sizes) != len(pages.numbers) or sum(pages.sizes) != len(blob):
        raise ValueError("a kept page list that does not hold together")
    return pages
