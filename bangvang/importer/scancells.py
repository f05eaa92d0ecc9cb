"""A ruled table's cells read from a scanned page: every cell cut out inside its rules and
cleaned of what is left of them, the cells of one column stacked and read as one block, a row
spanning the table (a group's heading) read whole, and a cell merged down over the rows of
one class or team (no rule across its column between them) read once and given to each of
its rows. Split from scantable.py (session 28), which finds the rules and the grid."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .ocr import Word, read_words


@dataclass
class Cell:
    text: str
    conf: float
    box: tuple[int, int, int, int]
    alt: str = ""              # a second reading that disagrees (names only)


def _long(band):
    """The pixels of `band` (rows × pixels) that belong to horizontal runs of ink longer than
    a letter: the rule, not the letters it touches."""
    import numpy as np
    out = np.zeros_like(band)
    for r in range(band.shape[0]):
        row = band[r]
        edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
        for start, end in zip(edges[::2], edges[1::2]):
            if end - start > 60:
                out[r, start:end] = True
    return out


def _cell_image(page, box, scale: int = 1):
    """The inside of one cell, the rules around it and what is left of them taken out (a
    rule a little off level or blurred by a phone leaves a stroke along the cell's edge that
    Tesseract reads as "|", "1" or "Ì"); None when the cell holds no ink."""
    import numpy as np
    from PIL import Image
    left, top, right, bottom = box
    inset = 5
    if right - left <= 2 * inset + 4 or bottom - top <= 2 * inset + 4:
        return None
    cell = np.array(page.crop((left + inset, top + inset, right - inset, bottom - inset)))
    ink = cell < 150
    height, width = ink.shape
    edge = 14
    for x in list(range(min(edge, width))) + list(range(max(0, width - edge), width)):
        if _remnant(ink[:, x]):
            cell[:, x] = 255
    for y in list(range(min(edge, height))) + list(range(max(0, height - edge), height)):
        if _remnant(ink[y, :]):
            cell[y, :] = 255
    # A rule that is not straight (a page curled between its folds) enters a cell along part
    # of its top or bottom edge only, often as a grey wedge, and was read as a "1" or "—":
    # there, a run darker than the cell's paper and longer than any letter is what is left
    # of it.
    paper = float(np.median(cell))
    for rows in (slice(0, min(edge, height)), slice(max(0, height - edge), height)):
        cell[rows][_long(cell[rows] < paper - 25)] = 255
    if (cell < 150).sum() < 12:
        return None
    image = Image.fromarray(cell)
    if scale != 1:
        image = image.resize((image.width * scale, image.height * scale), Image.LANCZOS)
    return image


def _remnant(line) -> bool:
    """Whether one pixel column (or row) along a cell's edge is what is left of its rule: ink
    over much of it, and at both of its ends — a rule crosses the whole cell. A letter's stem
    near the edge is ink over half a low cell too (a photo not enlarged, a narrow margin: the
    "H" of "Họ và tên" was whitened into "đọ", and the header row was not found), but it stops
    short of the rules above and below it."""
    end = max(2, len(line) * 15 // 100)
    return bool(line.mean() > 0.45 and line[:end].any() and line[-end:].any())


def _merged_rows(ink, ys, columns) -> set[int]:
    """The rows of the grid crossed by none of the table's inner vertical rules: a row
    spanning the whole table ("I. TẬP THỂ", "Khối 6", "Tổ Ngữ văn"), a group's heading. A
    rule is there when some pixel column near it is ink over nine tenths of the row's middle
    (a letter's stroke is shorter than that), a break of a few pixels bridged: a fax's lost
    scan line across a row cut every rule there, and a pupil's row became a group's heading
    (session 29)."""
    out = set()
    for r in range(len(ys) - 1):
        top, bottom = ys[r], ys[r + 1]
        inner = ink[top + (bottom - top) // 5:bottom - (bottom - top) // 5]
        if not inner.shape[0] or len(columns) < 3:
            continue
        present = [_bridged(inner[:, max(0, first - 4):last + 5]).mean(axis=0).max() >= 0.9
                   for first, last in columns[1:-1]]
        if not any(present):
            out.add(r)
    return out


def _bridged(band, gap: int = 8):
    """`band` (rows × columns of ink) with its vertical breaks of up to `gap` pixels filled:
    a pixel with ink within `gap` above it and within `gap` below it."""
    import numpy as np
    above, below = np.zeros_like(band), np.zeros_like(band)
    for k in range(1, min(gap, band.shape[0] - 1) + 1):
        above[k:] |= band[:-k]
        below[:-k] |= band[k:]
    return band | (above & below)


def _merged_down(ink, rows, xs, merged: set[int] = frozenset()) -> dict[tuple[int, int], int]:
    """The cells merged down over several rows, as {(first row, column): last row}: where
    the rule between two rows of the grid does not cross a column, the two cells there are
    one (Excel's "6A2" merged over a class's three pupils, its text centred in the block: cut
    at every row, its letters went half to one row and half to the next, "X2IUU VICII", or
    all to the middle row, the others getting no class). A rule crosses a column when, in a
    band around it, the ink seen from above runs unbroken over three fifths of the column
    (the spaces between letters and words break text that lies on the missing rule)."""
    import numpy as np
    out: dict[tuple[int, int], int] = {}
    for c in range(len(xs) - 1):
        left, right = xs[c] + 10, xs[c + 1] - 10
        if right - left < 20:
            continue
        start = None
        for b in range(1, len(rows) - 1):        # the rule under grid row b - 1
            first, last = rows[b]
            seen = ink[max(0, first - 8):last + 9, left:right].any(axis=0)
            edges = np.flatnonzero(np.diff(np.concatenate(([0], seen.astype(np.int8), [0]))))
            longest = max((int(e - s) for s, e in zip(edges[::2], edges[1::2])), default=0)
            absent = longest < 0.6 * (right - left) and not {b - 1, b} & merged
            if absent and start is None:
                start = b - 1
            if start is not None and not absent:
                out[(start, c)] = b - 1
                start = None
        if start is not None:
            out[(start, c)] = len(rows) - 2
    return out


def _read_merged(page, grid, ys, xs, merged: set[int]) -> None:
    """A row one cell wide read as one line (psm 7) across the table, the text put in every
    cell of the row as a merged cell of a Word table gives it."""
    for r in merged:
        box = (xs[0], ys[r], xs[-1], ys[r + 1])
        image = _cell_image(page, box)
        words = read_words(image, psm=7) if image is not None else []
        cell = _cell(words, box) if words else Cell("", 100.0, box)
        grid[r] = [Cell(cell.text, cell.conf, box) for _ in grid[r]]


def _read_cells(page, ys, xs, merged: set[int] = frozenset(),
                down: dict[tuple[int, int], int] | None = None):
    """(rows, merged rows): every column read on its own (a uniform block, psm 6): its cells
    cut out, cleaned of their rules and stacked one under the other with white between
    them, so Tesseract reads a narrow column of similar cells, never a rule, and every word
    falls in its cell. A row spanning the table (`merged`) is read whole instead; a cell
    merged down over several rows (`down`, `_merged_down`) is cut out whole, read once and
    given to each of its rows."""
    from PIL import Image
    gap = 40
    down = down or {}
    covered = {(r, c) for (first, c), last in down.items() for r in range(first + 1, last + 1)}
    grid = [[Cell("", 100.0, (xs[c], ys[r], xs[c + 1], ys[down.get((r, c), r) + 1]))
             for c in range(len(xs) - 1)] for r in range(len(ys) - 1)]
    for c in range(len(xs) - 1):
        strips = []
        for r in range(len(ys) - 1):
            if r in merged or (r, c) in covered:
                continue
            image = _cell_image(page, grid[r][c].box)
            if image is not None:
                strips.append((r, image))
        if not strips:
            continue
        width = max(image.width for _, image in strips) + 2 * gap
        height = sum(image.height + gap for _, image in strips) + gap
        column = Image.new("L", (width, height), 255)
        spans, y = [], gap
        for r, image in strips:
            column.paste(image, (gap, y))
            spans.append((r, y - gap // 2, y + image.height + gap // 2))
            y += image.height + gap
        members: dict[int, list[Word]] = {}
        for word in read_words(column, psm=6):
            if word.conf < 40 and not any(ch.isalnum() for ch in word.text):
                continue
            middle = (word.top + word.bottom) / 2
            row = next((r for r, first, last in spans if first <= middle < last), None)
            if row is not None:
                members.setdefault(row, []).append(word)
        for row, words in members.items():
            grid[row][c] = _cell(words, grid[row][c].box)
            if (row, c) in down and len({word.line for word in words}) > 1:
                # Two lines in a merged cell may be two cells whose rule between them was
                # lost (a seal whitened over it): a doubt on each row, never two units sure.
                grid[row][c].conf = min(grid[row][c].conf, 60.0)
    for (first, c), last in down.items():        # the merged cell's text in each of its rows
        for r in range(first + 1, last + 1):
            grid[r][c] = replace(grid[first][c])
    _read_merged(page, grid, ys, xs, merged)
    kept = [r for r in range(len(grid)) if any(cell.text for cell in grid[r])]
    return [grid[r] for r in kept], {n for n, r in enumerate(kept) if r in merged}


def _within(word: Word, ys, xs) -> bool:
    x, y = word.centre
    return ys[0] < y < ys[-1] and xs[0] < x < xs[-1]


def _cell(members: list[Word], box) -> Cell:
    if not members:
        return Cell("", 100.0, box)
    # Lines inside a cell (a long unit written on two lines) in order, then left to right.
    members.sort(key=lambda w: (w.line, w.left))
    # The confidence is that of every word read, residue included: a cell that held some
    # stays a doubt.
    kept = _residue_left_out(members)
    return Cell(" ".join(w.text for w in kept), min(w.conf for w in members), box)


def _residue_left_out(members: list[Word]) -> list[Word]:
    """The words of a cell without what a seal or a speck left far to the right of its text.
    A cell's text is one run of words; a weak word (under the doubt level, or no letter nor
    digit) after a gap of more than 1.5 times the line's height (words are some 0.3 apart)
    is not part of it: the ring of a seal stamped over the table, whitened, leaves strokes
    Tesseract reads "sc>", "Y2 „" — which made the heading "Tổ" no heading (the column left
    out) and "Giáo viên Y2 „" a teacher of unit "Y2 „"."""
    from .scan import DOUBT
    kept: list[Word] = []
    for word in members:
        last = kept[-1] if kept else None
        if last is not None and last.line == word.line:
            height = max(last.bottom - last.top, word.bottom - word.top, 1)
            weak = word.conf < DOUBT or not any(ch.isalnum() for ch in word.text)
            if weak and word.left - last.right > 1.5 * height:
                continue
        kept.append(word)
    return kept
