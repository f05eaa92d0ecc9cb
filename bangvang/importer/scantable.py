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

from .ocr import Line, Word, lines_of, read_words, unread_lines
# The cells' reading, split to scancells.py (session 28); its names stay reachable here.
from .scancells import (Cell, _cell, _cell_image, _long, _merged_down,  # noqa: F401
                        _merged_rows, _read_cells, _read_merged, _remnant, _residue_left_out,
                        _within)
from .vietnamese import folded

RULE_RUN = 0.06              # a rule is a run of ink this share of the page width (or height)
RULE_GAP = 8                 # pixels (300 dpi): a rule's pieces this close are one rule


@dataclass
class ScanTable:
    rows: list[list[Cell]]
    merged: set[int] = field(default_factory=set)   # rows one cell wide: a group's heading


@dataclass
class ScanPage:
    number: int
    angle: float
    lines: list[Line]
    # Reading order: ("line", index) and ("table", index) entries.
    order: list[tuple[str, int]] = field(default_factory=list)
    tables: list[ScanTable] = field(default_factory=list)
    image: object = None       # the page as read (straight, grey): doubts are cut from it
    fax: bool = False          # a fax's header line across its top (scannames.faxed_names)


def read_page(page, number: int, angle: float) -> ScanPage:
    """A prepared page (grey, straight, seal and ink whitened) read into lines and tables."""
    import numpy as np
    from PIL import Image
    original = page
    grey = np.asarray(page)
    ink = grey < _threshold(grey)
    rows, columns = _crossing(ink, *_rules(ink))
    grid = _grid(rows, columns)
    if grid:
        erased = ink.copy()
        _erase(erased, rows, columns)
        page = Image.fromarray(np.where(ink & ~erased, 255, grey).astype(np.uint8))
    out = ScanPage(number, angle, [], image=original)
    if grid:
        ys, xs = grid
        outside = [w for w in read_words(_blanked(page, ys, xs), psm=3)
                   if not _within(w, ys, xs)]
        if sum(w.conf >= 60 for w in outside) < 15:
            # Tesseract's layout analysis sometimes finds next to nothing on a page with a large
            # blank rectangle (a JPEG photo's speckle around it): the whole page, then the blanked
            # page as one block, are read instead, and the reading with the most sure words
            # kept (the table's words left out).
            tries = [[w for w in read_words(image, psm=psm) if not _within(w, ys, xs)]
                     for image, psm in ((original, 3), (_blanked(page, ys, xs), 6))]
            outside = max([outside] + tries, key=lambda words: sum(w.conf >= 60 for w in words))
        from .scannames import _second_reading
        merged = _merged_rows(ink, ys, columns)
        table = ScanTable(*_read_cells(original, ys, xs, merged,
                                       _merged_down(ink, rows, xs, merged)))
        _second_reading(original, table)
        _place(out, lines_of(outside), table, ys[0])
        return out
    words = read_words(page, psm=3)
    if page.info.get("bilevel"):
        # A photocopy's or a fax's page: Tesseract's layout analysis (psm 3) mangled whole
        # lines of a plan that it reads right as one block (psm 6: "Căn cứ Kế hoạch số
        # 45/KH-PGDĐT …" read "số46/€-PGDĐT ngày 0802/2025côa"); the reading with more
        # sure words is kept.
        block = read_words(page, psm=6)
        if sum(w.conf >= 85 for w in block) > sum(w.conf >= 85 for w in words):
            words = block
    lines = lines_of(words + unread_lines(page, words))
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
    """Ink below this: Otsu's threshold, but never within the paper's own tones. On a page
    with little ink (page 2 of a photographed list: a few rows and the signature) Otsu's
    threshold split the paper from the white corners turning it straight left, 87 % of the
    page was "ink", no rule was found and the page's rows were lost. The median pixel is
    paper on any page of text."""
    import numpy as np
    from .ocr import _otsu
    return int(min(_otsu(grey), float(np.median(grey)) - 40))


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


def _crossing(ink, rows, columns):
    """The rules that make a table: each crosses at least two rules of the other direction,
    and belongs to a group of crossing rules with three of each (a table of two columns and
    one row at least). A long run of ink that crosses nothing is no rule of the table: the
    edge of the page or of the desk left along a photo's border after it was made upright,
    a copier's dark border, a signature's stroke. Taken into the grid, the page's top edge
    made the whole header one "row" of the table, and the list was refused (no decision
    date above it)."""
    length_x = max(40, int(ink.shape[1] * RULE_RUN))
    length_y = max(40, int(ink.shape[0] * RULE_RUN * 0.7))
    spans_x = [_span(ink[first:last + 1].any(axis=0), length_x) for first, last in rows]
    spans_y = [_span(ink[:, first:last + 1].any(axis=1), length_y) for first, last in columns]
    near = 25                   # pixels: a rule's end may stop a little short of the other
    crosses = {(r, c) for r, (first, last) in enumerate(rows)
               for c, (left, right) in enumerate(columns)
               if spans_x[r][0] - near <= (left + right) / 2 <= spans_x[r][1] + near and
               spans_y[c][0] - near <= (first + last) / 2 <= spans_y[c][1] + near}
    keep_r, keep_c = set(range(len(rows))), set(range(len(columns)))
    while True:                 # a rule dropped may leave another with one crossing only
        r_next = {r for r in keep_r if sum((r, c) in crosses for c in keep_c) >= 2}
        c_next = {c for c in keep_c if sum((r, c) in crosses for r in r_next) >= 2}
        if (r_next, c_next) == (keep_r, keep_c):
            break
        keep_r, keep_c = r_next, c_next
    kept_r, kept_c = set(), set()
    for group_r, group_c in _groups(keep_r, keep_c, crosses):
        if len(group_r) >= 3 and len(group_c) >= 3:
            kept_r |= group_r
            kept_c |= group_c
    return ([band for r, band in enumerate(rows) if r in kept_r],
            [band for c, band in enumerate(columns) if c in kept_c])


def _span(line, length: int) -> tuple[int, int]:
    """(first, last) pixel of the runs of ink of `line` at least `length` long (a rule broken
    by the seal whitened over it is still one rule from its first run to its last). Runs a few
    pixels apart are one run: a fax drops whole scan lines (session 29), cutting every vertical
    rule into pieces; the pieces above the first lost line were too short to count, the rules
    there crossed nothing, and the header row fell outside the table (the list refused)."""
    import numpy as np
    edges = np.flatnonzero(np.diff(np.concatenate(([0], line.astype(np.int8), [0]))))
    pieces: list[list[int]] = []
    for a, b in zip(edges[::2], edges[1::2]):
        if pieces and a - pieces[-1][1] <= RULE_GAP:
            pieces[-1][1] = int(b)
        else:
            pieces.append([int(a), int(b)])
    runs = [(a, b - 1) for a, b in pieces if b - a >= length]
    if not runs:
        return (0, -1)
    return (runs[0][0], runs[-1][1])


def _groups(rows: set, columns: set, crosses: set) -> list[tuple[set, set]]:
    """The rules joined by crossings, as (rows, columns) groups."""
    out, seen = [], set()
    for start in sorted(rows):
        if start in seen:
            continue
        group_r, group_c, todo = {start}, set(), [("r", start)]
        seen.add(start)
        while todo:
            kind, index = todo.pop()
            if kind == "r":
                for c in columns - group_c:
                    if (index, c) in crosses:
                        group_c.add(c)
                        todo.append(("c", c))
            else:
                for r in rows - group_r:
                    if (r, index) in crosses:
                        group_r.add(r)
                        seen.add(r)
                        todo.append(("r", r))
        out.append((group_r, group_c))
    return out


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


def _blanked(page, ys, xs):
    """The page with the table blanked out: its text is read column by column instead."""
    import numpy as np
    from PIL import ImageDraw
    copy = page.copy()
    # Filled with the paper's own tone: on a photo the paper stays grey after the lighting is
    # flattened, and a white rectangle on it is a picture to Tesseract's layout analysis,
    # which then misreads or drops the lines around it (the decision's line above the table).
    paper = int(np.median(np.asarray(page)))
    ImageDraw.Draw(copy).rectangle([xs[0], ys[0], xs[-1], ys[-1]], fill=paper)
    return copy


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
