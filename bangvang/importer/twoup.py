"""A list printed two-up → one list, in its numbers' order.

Schools print a long list on a landscape page as two tables side by side (or one table of
twice the columns), each half with its own header row — STT │ Họ và tên │ Lớp │ Danh hiệu │
STT │ Họ và tên │ Lớp │ Danh hiệu — the numbers running on from the left half into the
right. Read as one table, the second "Họ và tên" was taken for the second half of a split
name ("Nguyễn Văn An Phạm Thị Dung": two pupils written as one person, without a word) and
the right half's class and title for columns already seen. Here a header row whose known
headings are the same run written two or more times (each holding a name) is cut into its
parts; the rows under it are read part by part — the left part's rows, then the right
part's — each row keeping its line in the file and saying which part it is in.

Works on any `tables.Sheet`: Excel, CSV, Word, a text PDF and a scan end the same way.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .columns import HEADER_SEARCH_ROWS, _is_header, _mapping
from .tables import Sheet

_NUMBER = re.compile(r"\d{1,5}\.?")
SIDES = {2: ("nửa trái", "nửa phải")}


def _parts(header: list[str]) -> list[tuple[int, int]] | None:
    """The column ranges [start, end) of the parts of a header written two or more times,
    or None. A part starts at its first heading; columns with no heading between two parts
    (a gap between two tables) belong to the part on their left."""
    found = sorted(_mapping(header).items())
    for count in (2, 3, 4):
        if len(found) < 2 * count or len(found) % count:
            continue
        size = len(found) // count
        runs = [[name for _, name in found[i * size:(i + 1) * size]] for i in range(count)]
        if all(run == runs[0] for run in runs) and "name" in runs[0]:
            starts = [0] + [found[i * size][0] for i in range(1, count)]
            return list(zip(starts, starts[1:] + [len(header)]))
    return None


def _last_row(rows: list[list[str]], start: int, columns: list[int], numbered: bool) -> int:
    """The index of the table's last row: the last one where some part's STT holds a number
    (`numbered`) or, in a list without STT, some part's name is written; what is below (the
    signature, a count) is no part's."""
    last = start - 1
    for index in range(start, len(rows)):
        cells = [rows[index][c].strip() for c in columns if c < len(rows[index])]
        if any(_NUMBER.fullmatch(cell) if numbered else cell for cell in cells):
            last = index
    return last


def unfolded(sheet: Sheet) -> Sheet:
    """The sheet itself, or, for a list printed two-up, its parts' rows one after the other
    (rows above the header and below the table as they were)."""
    rows = sheet.rows
    header = next((i for i in range(min(len(rows), HEADER_SEARCH_ROWS)) if _is_header(rows[i])),
                  None)
    parts = _parts(rows[header]) if header is not None else None
    if not parts:
        return sheet
    mapping = _mapping(rows[header])
    key = "number" if "number" in mapping.values() else "name"
    numbers = [column for column, name in mapping.items() if name == key]
    last = _last_row(rows, header + 1, numbers, key == "number")
    lines = range(header + 1, last + 1)
    by_part = [(index, part) for part in parts for index in lines
               if any(rows[index][part[0]:part[1]])]
    by_line = [(index, part) for index in lines for part in parts
               if any(rows[index][part[0]:part[1]])]
    body = by_line if key == "number" and \
        _runs_on(rows, by_line, numbers) > _runs_on(rows, by_part, numbers) else by_part
    order = [(index, None) for index in range(header)] + [(header, parts[0])] + body + \
        [(index, None) for index in range(last + 1, len(rows))]
    return _rebuilt(sheet, order, parts, header)


def _runs_on(rows: list[list[str]], body, numbers: list[int]) -> int:
    """How many rows of `body` hold the number after the one before them. A list printed
    two-up is numbered down the left half, then the right (1-20 │ 21-40), or across the line
    (1 │ 2, 3 │ 4): the order its numbers follow best is taken as a whole; a row is never
    moved by its own number (a scan misreads one: "11" read "1" put a pupil second)."""
    def number(index: int, part) -> int | None:
        cell = next((rows[index][c] for c in numbers if part[0] <= c < part[1]), "").strip()
        return int(cell.rstrip(".")) if _NUMBER.fullmatch(cell) else None
    found = [number(index, part) for index, part in body]
    return sum(1 for a, b in zip(found, found[1:]) if a is not None and b == a + 1)


def _rebuilt(sheet: Sheet, order, parts, header: int) -> Sheet:
    """A Sheet of `order`'s (row index, part or None for the whole row): cells, line numbers,
    merges, a scan's cell readings and each row's part carried over."""
    names = SIDES.get(len(parts)) or tuple(f"phần {n} / {len(parts)}"
                                           for n in range(1, len(parts) + 1))
    rows, numbers, spans, scan, sides = [], [], {}, {}, {}
    for new, (index, part) in enumerate(order):
        start, end = part or (0, len(sheet.rows[index]))
        rows.append(sheet.rows[index][start:end])
        numbers.append(sheet.numbers[index])
        # Only rows with a merge have an entry: a row in `spans` is a heading to the repairs
        # and the doubts of a scan (their cells are left alone).
        kept = [(a - start, b - start) for a, b in sheet.spans.get(index, [])
                if start <= a and b < end]
        if kept:
            spans[new] = kept
        scan.update({(new, column - start): value
                     for (row, column), value in sheet.scan.items()
                     if row == index and start <= column < end})
        if part and index != header:
            sides[new] = names[parts.index(part)]
    return replace(sheet, rows=rows, numbers=numbers, spans=spans, scan=scan, sides=sides)
