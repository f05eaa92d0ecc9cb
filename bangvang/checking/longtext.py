"""A long text judged in pieces by the last gate (leakgate.py), each clean piece's verdict
kept between builds (leakgate.Verdicts): the open-data tables run to megabytes and any award
line rewrites them, and one line edited should read one piece of each table again.

The text is cut, as written, after line breaks (`_cuts`), and each piece made what a reader
reads on its own (`reader_text`): outside a tag, nothing that `reader_text` undoes runs
across a line break (a tag, an entity, a Markdown link, a hyphen-joined word, a combining
mark), and line breaks are white space, so the pieces' reader texts joined by spaces are the
whole text's (tests/test_leakgate.py compares them on random markup). A piece whose verdict
is kept is therefore not even made a reader's text: the whole text's reader text is never
made, which was most of the gate's time after an award line or a student added.

A piece is judged inside a window of the reader's text around it: a name may start only
inside the piece, and the rule reads at least BEFORE characters before it
(privacy._words_before reads 200) and AFTER_WORDS words and AFTER characters after it (a
name and the published name around it are at most six words), with the whole text's marks
(a text with no marks at all compares names without them). So a piece gets the verdict the
whole text gets. Its kept verdict is keyed by the page, its owners and the piece with the
one before and after it, as written: the window is made from those three whenever they
hold enough text around it (else from more, and the verdict is not kept).
"""
from __future__ import annotations

import hashlib
import re
import zlib

from bangvang.checking.readable import has_marks, reader_text

# A text longer than PIECES_FROM characters (the roll's pages too, up to 300 KB) is cut into
# pieces of at least PIECE, at a line break chosen by the characters after it (crc32 & CUT
# == 0, about one break in eight).
PIECES_FROM, PIECE, CUT = 1 << 16, 1 << 14, 7
BEFORE, AFTER, AFTER_WORDS = 256, 512, 8


def spells(text: str, hidden, page: str, relative: str, words: set, verdicts) -> list:
    """hidden.spells(text, page), a long text judged piece by piece with each clean piece's
    verdict kept (`verdicts`: leakgate.Verdicts, or None to judge it whole)."""
    cuts = _cuts(text) if verdicts is not None and verdicts.path is not None and \
        len(text) >= PIECES_FROM else []
    if len(cuts) < 4:   # short, not kept, or hardly any line break: judged whole
        return hidden.spells(text, page, words=words)
    return _Pieces(text, cuts, hidden, page, relative, verdicts).spells(words)


def _cuts(text: str) -> list[int]:
    """Where the pieces start and the last ends: after a line break at least PIECE
    characters on, chosen by the 64 characters that follow it (rows of a table begin alike;
    so that an edit moves only the cuts near it), where every "<" since the last cut is
    closed before the break by a ">" that nothing removes first (`_STRAY`): `reader_text`
    removes tags in several passes, and a "<" whose ">" went with a tag inside it would run
    to a ">" past the break. A "<" closed later moves the search past its ">"; one never
    closed so ends the cutting (the rest is one piece)."""
    cuts, at = [0], PIECE
    while at < len(text):
        line = text.find("\n", at)
        while line != -1 and zlib.crc32(text[line + 1:line + 65].encode(
                "utf-8", "surrogatepass")) & CUT:
            line = text.find("\n", line + 1)
        if line == -1:
            break
        stray = _STRAY.search(text, cuts[-1], line)
        if stray is None:
            cuts.append(line + 1)
            at = line + 1 + PIECE
            continue
        closed = _CLOSED.match(text, stray.start())   # past the break: look after it
        if closed is None:
            break
        at = closed.end()
    cuts.append(len(text))
    return cuts


# A "<" whose first ">" after it ends whatever any pass of `reader_text` matches from it:
# nothing between them that a pass removes first with its ">" (a "<" before a letter: a
# tag, which the passes for blocks, breaks and read attributes may remove whole), nor an
# entity an attribute's text may unescape into "<" ("&lt;", "&#60;", "&#x3c;"). `_STRAY`
# finds a "<" that is not so before the line break it is searched up to.
_TAG_BODY = r"(?:(?!</?[^\W\d_])[^>&]|&(?![lL][tT]|#))*>"
_CLOSED = re.compile("<" + _TAG_BODY)
_STRAY = re.compile(f"<(?!{_TAG_BODY})")


class _Pieces:
    def __init__(self, text: str, cuts: list[int], hidden, page: str, relative: str,
                 verdicts):
        self.raw = [text[a:b] for a, b in zip(cuts, cuts[1:])]
        self.hidden, self.page, self.relative, self.verdicts = hidden, page, relative, verdicts
        self.shown: dict[int, str] = {}
        owners = hidden.owners(page)
        digests = [hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).digest()
                   for raw in self.raw]
        self.keys = []
        for i in range(len(self.raw)):
            key = hashlib.blake2b(f"{page}\0{owners}\0".encode("utf-8", "surrogatepass"),
                                  digest_size=16)
            for j in (i - 1, i, i + 1):
                key.update(digests[j] if 0 <= j < len(digests) else b"-" * 16)
            self.keys.append(key.hexdigest())

    def reader(self, i: int) -> str:
        if i not in self.shown:
            self.shown[i] = reader_text(self.raw[i])
        return self.shown[i]

    def spells(self, words: set) -> list:
        entries = [self.verdicts.piece(self.relative, key) for key in self.keys]
        # Whether the whole reader's text carries marks: a kept piece says whether its own did.
        marked = [entry[3] if entry else has_marks(self.reader(i))
                  for i, entry in enumerate(entries)]
        marks = any(marked)
        for i, entry in enumerate(entries):
            if entry and self.verdicts.piece_clean(self.relative, self.keys[i], entry, marks,
                                                   words):
                continue
            window, within, kept = self._window(i)
            found: set[str] = set()
            hits = self.hidden.spells(window, self.page, read=False, words=found, marks=marks,
                                      within=within) if within[1] > within[0] else []
            if hits:
                return hits
            words |= found
            if kept:
                self.verdicts.piece_judged(self.relative, self.keys[i], found, marks, marked[i])
        return []

    def _window(self, i: int) -> tuple[str, tuple[int, int], bool]:
        """Piece `i`'s window (leakgate's docstring), where in it a name may start, and
        whether the pieces before and after it were enough to make it (its verdict is then
        kept under its key)."""
        low, high, last = i - 1, i + 1, len(self.raw) - 1
        while True:
            left = " ".join(t for t in map(self.reader, range(max(low, 0), i)) if t)
            right = " ".join(t for t in map(self.reader, range(i + 1, min(high, last) + 1)) if t)
            shown = " ".join(t for t in (left, self.reader(i), right) if t)
            begin = len(left) + 1 if left and self.reader(i) else len(left)
            end = begin + len(self.reader(i))
            whole_before = low <= 0 or begin > BEFORE
            start = shown.rfind(" ", 0, begin - BEFORE) + 1 if begin > BEFORE else 0
            stop = _window_end(shown, end)
            whole_after = high >= last or stop < len(shown)
            if whole_before and whole_after:
                return shown[start:stop], (begin - start, end - start), \
                    low >= i - 1 and high <= i + 1
            low, high = (low, high + 1) if whole_before else (low - 1, high)


def _window_end(shown: str, end: int) -> int:
    """Where the window of a piece ending at `end` ends: after AFTER_WORDS more words and
    AFTER characters, before a space (its last word whole)."""
    at = end
    for _ in range(AFTER_WORDS):
        at = shown.find(" ", at + 1)
        if at == -1:
            return len(shown)
    space = shown.find(" ", max(at, end + AFTER))
    return len(shown) if space == -1 else space
