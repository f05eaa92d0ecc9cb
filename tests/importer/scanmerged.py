"""Award lists whose unit cell is merged down over the rows of one class or team, for the drawn
test set (session 28's held-out layout): Excel prints a list sorted by class with "6A2"
written once in a cell merged over its three rows — one cell, no rule across that column
between them, the text centred vertically in the block. The title column ("Danh hiệu", the
pupils' list) and the role column (when every row of a team has the same role) are merged
the same way. Every person must get the merged cell's unit (and title); none may get an
empty unit or the next block's."""
from __future__ import annotations

from dataclasses import dataclass, replace

import scanpages
from scanhtml import html_escape

# The pupils' list: a class per block of three (the last block shorter), as a class's best
# pupils follow each other in a list sorted by class.
BLOCK = 3


@dataclass
class Merged:
    """An AwardList laid out with merged cells: `lst.rows` holds the header and a full row per
    person (every cell written, as scored); `merged` the columns merged down each block, and
    `blocks` the blocks as (first body row, number of rows), body rows counted from 0."""
    lst: scanpages.AwardList
    merged: tuple[int, ...]
    blocks: list[tuple[int, int]]


def _pupils(lst: scanpages.AwardList) -> scanpages.AwardList:
    """The pupils sorted into classes of three, each class the one its first pupil had, with a
    "Danh hiệu" column."""
    people = sorted(lst.expected, key=lambda who: who[1])
    expected = [(name, people[i - i % BLOCK][1]) for i, (name, _) in enumerate(people)]
    rows = [["STT", "Họ và tên", "Lớp", "Danh hiệu"]] + [
        [str(i), name, unit, lst.label] for i, (name, unit) in enumerate(expected, 1)]
    return replace(lst, key=f"{lst.key}-merged", rows=rows, expected=expected,
                   widths=[150, 820, 300, 730])


def merged(lst: scanpages.AwardList) -> Merged:
    """The list sorted by its unit, the unit column (and the pupils' title, a team's role when
    all alike) merged down each unit's rows."""
    if lst.key == "students":
        sorted_list, columns = _pupils(lst), (2, 3)
    else:
        order = sorted(range(len(lst.expected)), key=lambda i: (lst.expected[i][1], i))
        body = [[str(n)] + lst.rows[1 + i][1:] for n, i in enumerate(order, 1)]
        sorted_list = replace(lst, key=f"{lst.key}-merged", rows=[lst.rows[0]] + body,
                              expected=[lst.expected[i] for i in order])
        columns = (3, 2)
    blocks: list[tuple[int, int]] = []
    for index, (_, unit) in enumerate(sorted_list.expected):
        if blocks and sorted_list.expected[blocks[-1][0]][1] == unit:
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + 1)
        else:
            blocks.append((index, 1))
    return Merged(sorted_list, columns, blocks)


def _span(merged_list: Merged, column: int, first: int, count: int) -> bool:
    """Whether `column` is merged over the block: every row of it holds the same text."""
    body = merged_list.lst.rows[1:]
    return count > 1 and column in merged_list.merged and \
        len({body[r][column] for r in range(first, first + count)}) == 1


def _table(page: scanpages.Page, merged_list: Merged) -> None:
    """Page.table, a merged cell written once in the middle of its block, with no rule across
    its column between the block's rows."""
    rows, widths = merged_list.lst.rows, merged_list.lst.widths
    xs = [scanpages.MARGIN]
    for width in widths:
        xs.append(xs[-1] + width)
    height = int(page.size * 2.0)
    top = page.y
    for c, cell in enumerate(rows[0]):
        page.put((xs[c] + 14, top + page.size // 2), cell, page.bold, "black")
    page.draw.line([(xs[0], top), (xs[-1], top)], fill="black", width=3)
    y = top + height
    for first, count in merged_list.blocks:
        for r in range(first, first + count):
            row_y = y + (r - first) * height
            for c, cell in enumerate(rows[1 + r]):
                spans = _span(merged_list, c, first, count)
                if spans and r != first:
                    continue        # written once, in the block's middle
                cell_y = y + (count * height - height) // 2 if spans else row_y
                page.put((xs[c] + 14, cell_y + page.size // 2), cell, page.font, "black")
                if not spans or r == first:
                    page.draw.line([(xs[c], row_y), (xs[c + 1], row_y)], fill="black", width=3)
        y += count * height
    for x in xs:
        page.draw.line([(x, top), (x, y)], fill="black", width=3)
    page.draw.line([(xs[0], y), (xs[-1], y)], fill="black", width=3)
    page.y = y + page.size


def award_page(font, school: str, number: str, date: str, title: str, merged_list: Merged):
    """The list on one page, as scanpages.award_page draws it, with its merged cells."""
    page = scanpages.Page(font)
    scanpages._award_header(page, school, number, date, title)
    _table(page, merged_list)
    scanpages._award_signature(page)
    return page.image


def award_html(school: str, number: str, date: str, title: str, merged_list: Merged) -> str:
    """The Word-like text PDF's HTML, a merged cell one cell spanning its block (rowspan,
    centred vertically)."""
    rows = merged_list.lst.rows
    cells = ["<tr>" + "".join(f"<td>{html_escape(c)}</td>" for c in rows[0]) + "</tr>"]
    for first, count in merged_list.blocks:
        for r in range(first, first + count):
            parts = []
            for c, cell in enumerate(rows[1 + r]):
                if not _span(merged_list, c, first, count):
                    parts.append(f"<td>{html_escape(cell)}</td>")
                elif r == first:
                    parts.append(f"<td rowspan='{count}' style='vertical-align:middle'>"
                                 f"{html_escape(cell)}</td>")
            cells.append("<tr>" + "".join(parts) + "</tr>")
    plain = scanpages.award_html(school, number, date, title, [["x"]])
    return plain.replace("<table><tr><td>x</td></tr></table>", f"<table>{''.join(cells)}</table>")
