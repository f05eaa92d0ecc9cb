"""A scanned page → its text lines and its tables as rows of cells, each cell with the
confidence of its least sure word and its box on the page.

An award list is a table: reading it as a stream of words would mix a name with the unit
beside it. Ruled tables (the usual "danh sách kèm theo") are found from their lines: long
runs of ink, horizontal and vertical, that cross each other. The lines are erased before
Tesseract reads the page (they would be read as "|" and "_"), and every word goes to the
cell that holds its centre. A table without rules is cut into columns where no word of the
rows below the header ever lies (`_unruled`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .ocr import Line, Word, lines_of, read_words
from .vietnamese import folded

RULE_RUN = 0.06              # a rule is a run of ink this share of the page width (or height)


@dataclass
class Cell:
    text: str
    conf: float
    box: tuple[int, int, int, int]
    alt: str = ""              # a second reading that disagrees (names only)


@dataclass
class ScanTable:
    rows: list[list[Cell]]


@dataclass
class ScanPage:
    number: int
    angle: float
    lines: list[Line]
    # Reading order: ("line", index) and ("table", index) entries.
    order: list[tuple[str, int]] = field(default_factory=list)
    tables: list[ScanTable] = field(default_factory=list)


def read_page(page, number: int, angle: float) -> ScanPage:
    """A prepared page (grey, straight, seal and ink whitened) read into lines and tables."""
    import numpy as np
    from PIL import Image
    grey = np.asarray(page)
    ink = grey < _threshold(grey)
    rows, columns = _rules(ink)
    grid = _grid(rows, columns)
    if grid:
        erased = ink.copy()
        _erase(erased, rows, columns)
        page = Image.fromarray(np.where(ink & ~erased, 255, grey).astype(np.uint8))
    out = ScanPage(number, angle, [])
    if grid:
        ys, xs = grid
        outside = [w for w in read_words(_blanked(page, ys, xs), psm=3)
                   if not _within(w, ys, xs)]
        table = ScanTable(_cells(_column_words(page, ys, xs), ys, xs))
        _second_reading(page, table)
        _place(out, lines_of(outside), table, ys[0])
        return out
    lines = lines_of(read_words(page, psm=3))
    table = _unruled(lines)
    if table is None:
        out.lines = lines
        out.order = [("line", i) for i in range(len(lines))]
        return out
    start, end, cells = table
    out.lines = lines[:start] + lines[end:]
    out.order = [("line", i) for i in range(start)] + [("table", 0)] + \
        [("line", i) for i in range(start, len(out.lines))]
    out.tables.append(ScanTable(cells))
    return out


def _place(out: ScanPage, lines: list[Line], table: ScanTable, top: int) -> None:
    out.lines = lines
    above = [i for i, line in enumerate(lines) if line.box[3] <= top or not line.words and
             i + 1 < len(lines) and lines[i + 1].box[3] <= top]
    cut = max(above) + 1 if above else 0
    out.order = [("line", i) for i in range(cut)] + [("table", 0)] + \
        [("line", i) for i in range(cut, len(lines))]
    out.tables.append(table)


def _threshold(grey) -> int:
    from .ocr import _otsu
    return _otsu(grey)


# --- ruled tables ------------------------------------------------------------------------------

def _runs(mask, length: int):
    """Indexes of the rows of `mask` holding a run of at least `length` inked pixels."""
    import numpy as np
    sums = np.cumsum(np.pad(mask, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    window = sums[:, length:] - sums[:, :-length]
    return np.nonzero((window >= length - 1).any(axis=1))[0]


def _merge(indexes) -> list[tuple[int, int]]:
    """Adjacent indexes as (first, last) bands: one rule is a few pixels thick."""
    bands: list[tuple[int, int]] = []
    for index in indexes:
        if bands and index - bands[-1][1] <= 3:
            bands[-1] = (bands[-1][0], int(index))
        else:
            bands.append((int(index), int(index)))
    return bands


def _rules(ink) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    height, width = ink.shape
    rows = _merge(_runs(ink, max(40, int(width * RULE_RUN))))
    columns = _merge(_runs(ink.T, max(40, int(height * RULE_RUN * 0.7))))
    return rows, columns


def _grid(rows, columns):
    """The table's row and column boundaries (centres of rules), or None: at least three
    horizontal rules and three vertical ones (two columns)."""
    if len(rows) < 3 or len(columns) < 3:
        return None
    ys = [(a + b) // 2 for a, b in rows]
    xs = [(a + b) // 2 for a, b in columns]
    # Keep the longest run of evenly plausible rows: a rule above the table (an underline
    # under the motto) is far from the others and short; drop rows left of no column.
    return ys, xs


def _erase(ink, rows, columns) -> None:
    # The band is wider than the rule: a page turned straight to 0.1° still leaves a rule
    # a few pixels off level across the page.
    for first, last in rows:
        ink[max(0, first - 6):last + 7, :] &= ~_long(ink[max(0, first - 6):last + 7, :])
    for first, last in columns:
        band = ink[:, max(0, first - 6):last + 7].T
        ink[:, max(0, first - 6):last + 7] &= ~_long(band).T


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


def _blanked(page, ys, xs):
    """The page with the table whitened: its text is read column by column instead."""
    from PIL import ImageDraw
    copy = page.copy()
    ImageDraw.Draw(copy).rectangle([xs[0], ys[0], xs[-1], ys[-1]], fill=255)
    return copy


def _column_words(page, ys, xs) -> list[Word]:
    """Each column of the table read on its own (a uniform block, psm 6): Tesseract reads a
    narrow column of similar cells better than a page-wide row of different ones."""
    from PIL import Image
    words = []
    pad = 30
    for left, right in zip(xs, xs[1:]):
        crop = page.crop((left + 4, ys[0] + 4, right - 4, ys[-1] - 4))
        framed = Image.new("L", (crop.width + 2 * pad, crop.height + 2 * pad), 255)
        framed.paste(crop, (pad, pad))
        for word in read_words(framed, psm=6):
            dx, dy = left + 4 - pad, ys[0] + 4 - pad
            word.left, word.right = word.left + dx, word.right + dx
            word.top, word.bottom = word.top + dy, word.bottom + dy
            words.append(word)
    return [w for w in words if not (w.conf < 40 and not any(ch.isalnum() for ch in w.text))]


def _second_reading(page, table: ScanTable) -> None:
    """Names read a second time, alone and in black and white (psm 7: one line): Tesseract
    can be sure of a wrong name ("Hải" read "Hỏi" at 96 %), two readings that disagree
    cannot both be right, so the cell becomes a doubt whatever its confidence."""
    from PIL import Image
    from .columns import heading_field
    from .ocr import _otsu
    import numpy as np
    if not table.rows:
        return
    names = [c for c, cell in enumerate(table.rows[0]) if heading_field(cell.text) == "name"]
    for row in table.rows[1:]:
        for column in names:
            cell = row[column] if column < len(row) else None
            if cell is None or not cell.text:
                continue
            left, top, right, bottom = cell.box
            crop = np.asarray(page.crop((left + 6, top + 6, right - 6, bottom - 6)))
            binary = Image.fromarray(np.where(crop < _otsu(crop), 0, 255).astype(np.uint8))
            framed = Image.new("L", (binary.width + 60, binary.height + 60), 255)
            framed.paste(binary, (30, 30))
            again = " ".join(w.text for w in read_words(framed, psm=7))
            if " ".join(again.split()) != " ".join(cell.text.split()):
                cell.alt = again
                cell.conf = min(cell.conf, 40.0)


def _within(word: Word, ys, xs) -> bool:
    x, y = word.centre
    return ys[0] < y < ys[-1] and xs[0] < x < xs[-1]


def _cells(words: list[Word], ys, xs) -> list[list[Cell]]:
    grid: list[list[list[Word]]] = [[[] for _ in xs[1:]] for _ in ys[1:]]
    for word in words:
        x, y = word.centre
        r = next(i for i in range(len(ys) - 1) if y < ys[i + 1])
        c = next(i for i in range(len(xs) - 1) if x < xs[i + 1])
        grid[r][c].append(word)
    rows = []
    for r, row in enumerate(grid):
        cells = []
        for c, members in enumerate(row):
            box = (xs[c], ys[r], xs[c + 1], ys[r + 1])
            cells.append(_cell(members, box))
        if any(cell.text for cell in cells):
            rows.append(cells)
    return rows


def _cell(members: list[Word], box) -> Cell:
    if not members:
        return Cell("", 100.0, box)
    # Lines inside a cell (a long unit written on two lines) in order, then left to right.
    members.sort(key=lambda w: (w.line, w.left))
    return Cell(" ".join(w.text for w in members), min(w.conf for w in members), box)


# --- tables without rules ----------------------------------------------------------------------

_HEADER_WORDS = ("ho va ten", "ho ten", "ten tap the")


def _unruled(lines: list[Line]):
    """(first line, end line, rows of cells) of a table without rules: from the line with a
    name heading to the last line that shares its columns; None when there is none."""
    start = next((i for i, line in enumerate(lines)
                  if any(h in folded(line.text.lower()) for h in _HEADER_WORDS)
                  and len(line.words) >= 3), None)
    if start is None:
        return None
    end = start + 1
    while end < len(lines) and lines[end].words and _tabular(lines[end], lines[start]):
        end += 1
    if end - start < 2:
        return None
    cuts = _column_cuts(lines[start:end])
    if not cuts:
        return None
    rows = []
    for line in lines[start:end]:
        cells: list[list[Word]] = [[] for _ in range(len(cuts) + 1)]
        for word in line.words:
            column = sum(1 for cut in cuts if word.centre[0] > cut)
            cells[column].append(word)
        bounds = [line.box[0]] + cuts + [line.box[2]]
        rows.append([_cell(members, (int(bounds[i]), line.box[1], int(bounds[i + 1]),
                                     line.box[3])) for i, members in enumerate(cells)])
    return start, end, rows


def _tabular(line: Line, header: Line) -> bool:
    """A row of the list: it starts with a number or spans the header's width."""
    first = line.words[0].text.rstrip(".")
    return first.isdigit() or (line.box[2] - line.box[0]) > 0.6 * (header.box[2] - header.box[0])


def _column_cuts(lines: list[Line]) -> list[float]:
    """x positions where no word of any row lies, wide enough to be a column gap."""
    left = min(line.box[0] for line in lines)
    right = max(line.box[2] for line in lines)
    used = [0] * (right - left + 1)
    for line in lines:
        for word in line.words:
            for x in range(word.left - left, word.right - left + 1):
                used[x] += 1
    letter = sorted((w.right - w.left) / max(len(w.text), 1) for l in lines for w in l.words)
    gap = 1.5 * letter[len(letter) // 2] if letter else 20
    cuts, run_start = [], None
    for x, count in enumerate(used):
        if count == 0 and run_start is None:
            run_start = x
        elif count and run_start is not None:
            if x - run_start >= gap:
                cuts.append(left + (run_start + x) / 2)
            run_start = None
    return cuts
