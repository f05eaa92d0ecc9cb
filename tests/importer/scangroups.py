"""Award lists divided by group rows, for the drawn test set (session 26's held-out layout):
rows spanning the whole table ("I. CÁN BỘ, GIÁO VIÊN", "Tổ Ngữ văn", "Khối 6") with the
STT numbering continuing or restarting after each, as decisions print them. A group row is
no person: scored by whether it ever becomes a name (scanscore.py)."""
from __future__ import annotations

from dataclasses import dataclass, replace

import scanpages
from scanhtml import html_escape


@dataclass
class Grouped:
    """An AwardList laid out in groups: `rows` holds the header, the group rows (one cell)
    and the people's rows; `row_numbers[i]` is the table row (1 = the header) of
    `expected[i]`; `group_rows` the table rows that are group rows."""
    lst: scanpages.AwardList
    rows: list[list[str]]
    row_numbers: list[int]
    group_rows: list[int]


def _groups(key: str, rows: list[list[str]]) -> tuple[list[tuple[str, list[list[str]]]], bool]:
    """(label, rows) per group, and whether STT restarts in each: the staff by role (I., II.,
    numbering continued), the teachers by team and the pupils by grade (numbering restarted)."""
    if key == "demo-staff":
        order = [("I. CÁN BỘ, GIÁO VIÊN", "Giáo viên"), ("II. NHÂN VIÊN", "Nhân viên")]
        return [(label, [r for r in rows if r[2] == role]) for label, role in order], False
    if key == "teachers":
        teams = sorted({r[3] for r in rows})
        return [(team, [r for r in rows if r[3] == team]) for team in teams], True
    grades = sorted({r[2][0] for r in rows})
    return [(f"Khối {g}", [r for r in rows if r[2][0] == g]) for g in grades], True


def grouped(lst: scanpages.AwardList) -> Grouped:
    groups, restart = _groups(lst.key, lst.rows[1:])
    rows, numbers, group_rows, expected = [lst.rows[0]], [], [], []
    stt = 0
    for label, members in groups:
        if not members:
            continue
        rows.append([label])
        group_rows.append(len(rows))
        stt = 0 if restart else stt
        for member in members:
            stt += 1
            rows.append([str(stt)] + member[1:])
            numbers.append(len(rows))
            expected.append((member[1], lst.expected[int(member[0]) - 1][1]))
    return Grouped(replace(lst, expected=expected), rows, numbers, group_rows)


def _table(page: scanpages.Page, rows: list[list[str]], widths: list[int]) -> None:
    """Page.table, a one-cell row spanning the whole table in bold (no inner rules)."""
    xs = [scanpages.MARGIN]
    for width in widths:
        xs.append(xs[-1] + width)
    for r, row in enumerate(rows):
        span = len(row) == 1
        font = page.bold if r == 0 or span else page.font
        height = int(page.size * 2.0)
        for c, cell in enumerate(row):
            page.put((xs[c] + 14, page.y + page.size // 2), cell, font, "black")
        page.draw.line([(xs[0], page.y), (xs[-1], page.y)], fill="black", width=3)
        for x in ([xs[0], xs[-1]] if span else xs):
            page.draw.line([(x, page.y), (x, page.y + height)], fill="black", width=3)
        page.y += height
    page.draw.line([(xs[0], page.y), (xs[-1], page.y)], fill="black", width=3)
    page.y += page.size


def award_page(font, school: str, number: str, date: str, title: str, grouped_list: Grouped):
    """The list on one page, as scanpages.award_page draws it, with its group rows."""
    page = scanpages.Page(font)
    scanpages._award_header(page, school, number, date, title)
    _table(page, grouped_list.rows, grouped_list.lst.widths)
    scanpages._award_signature(page)
    return page.image


def award_html(school: str, number: str, date: str, title: str, grouped_list: Grouped) -> str:
    """The Word-like text PDF's HTML, a group row one cell spanning the table (colspan)."""
    width = len(grouped_list.rows[0])
    cells = "".join(
        f"<tr><td colspan='{width}'><b>{html_escape(row[0])}</b></td></tr>" if len(row) == 1
        else "<tr>" + "".join(f"<td>{html_escape(c)}</td>" for c in row) + "</tr>"
        for row in grouped_list.rows)
    plain = scanpages.award_html(school, number, date, title, [["x"]])
    return plain.replace("<table><tr><td>x</td></tr></table>", f"<table>{cells}</table>")
