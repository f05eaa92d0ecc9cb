"""A long list of pupils printed two-up, for the drawn test set (session 29's held-out layout):
schools print a long list on a landscape page as two tables side by side, each with its own
header row (STT │ Họ và tên │ Lớp │ Danh hiệu), the numbers running on from the left half
into the right (1-20 left, 21-40 right), to save paper. Every pupil must come out once, in
STT order, with the class and title of their own half's row; a name joined with the one
beside it, or a right half read as extra columns, is wrong.

The text PDF stands for Word's way of printing it: one table of eight columns."""
from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

import scanpages
from scanhtml import html_escape

HALF = 20
HEADER = ["STT", "Họ và tên", "Lớp", "Danh hiệu"]
TITLES = ("Học sinh xuất sắc", "Học sinh tiêu biểu")
WIDTHS = [110, 640, 210, 580]          # one half, 1540 px of a landscape A4 at 300 dpi
GAP = 88


@dataclass
class TwoUp:
    """The list as scored: `expected` (name, class) and `labels` (title) per pupil in STT
    order; `row_numbers` the table row each pupil stands in (the left and the right half share
    rows 2 to HALF + 1)."""
    key: str
    title: str
    label: str
    rows: list[list[str]]               # header, then one row per pupil in STT order
    expected: list[tuple[str, str]]
    labels: list[str]
    row_numbers: list[int]


def pupils(seed: int = 29) -> TwoUp:
    """Forty pupils of a generated school (tests/realschool.py), each with a title."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import realschool
    rng = random.Random(seed)
    people = realschool.students(2 * HALF, seed=seed)
    labels = [TITLES[1] if rng.random() < 0.3 else TITLES[0] for _ in people]
    rows = [HEADER] + [[str(n), name, unit, label]
                       for n, ((name, unit), label) in enumerate(zip(people, labels), 1)]
    return TwoUp("students-twoup", "học sinh được khen thưởng năm học 2024-2025", TITLES[0],
                 rows, people, labels, [2 + i % HALF for i in range(len(people))])


def sheet_rows(lst: TwoUp) -> list[list[str]]:
    """The table as printed: the header twice, then row i holding pupil i and pupil i + HALF."""
    body = lst.rows[1:]
    return [HEADER + HEADER] + [body[i] + (body[i + HALF] if i + HALF < len(body) else [""] * 4)
                                for i in range(HALF)]


def _half(page: scanpages.Page, left: int, rows: list[list[str]]) -> None:
    """One ruled table at `left`, from the page's current line."""
    xs = [left]
    for width in WIDTHS:
        xs.append(xs[-1] + width)
    y = page.y
    height = int(page.size * 2.0)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            page.put((xs[c] + 12, y + page.size // 2), cell, page.bold if r == 0 else page.font,
                     "black")
        page.draw.line([(xs[0], y), (xs[-1], y)], fill="black", width=3)
        for x in xs:
            page.draw.line([(x, y), (x, y + height)], fill="black", width=3)
        y += height
    page.draw.line([(xs[0], y), (xs[-1], y)], fill="black", width=3)


def award_page(font: Path, school: str, number: str, date: str, lst: TwoUp) -> Image.Image:
    """The list on one landscape page: header, title block, the two tables, signature, seal."""
    page = scanpages.Page(font, size=32)
    page.image = Image.new("RGB", (scanpages.HEIGHT, scanpages.WIDTH), "white")
    page.draw = ImageDraw.Draw(page.image)
    width, margin = scanpages.HEIGHT, scanpages.MARGIN
    page.y = 130
    page.text(f"TRƯỜNG {school.upper()}", x=margin, bold=True, advance=False)
    page.text("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", x=2100, bold=True)
    page.text("Độc lập - Tự do - Hạnh phúc", x=2290, bold=True)
    page.y += 30
    for text, bold in ((f"DANH SÁCH {lst.title.upper()}", True),
                       (f"(Kèm theo Quyết định số {number} ngày {date} của Hiệu trưởng Trường "
                        f"{school})", False)):
        font_ = page.bold if bold else page.font
        page.text(text, x=int((width - page.length(text, font_)) // 2), bold=bold)
    page.y += 20
    body = lst.rows[1:]
    top = page.y
    _half(page, margin, [HEADER] + body[:HALF])
    page.y = top
    _half(page, margin + sum(WIDTHS) + GAP, [HEADER] + body[HALF:])
    page.y = top + (HALF + 1) * int(page.size * 2.0) + 40
    page.text("HIỆU TRƯỞNG", x=2500, bold=True)
    seal_top = page.y
    page.y += 230
    page.text("Nguyễn Văn Hiệu", x=2470, bold=True)
    page.seal(2350, seal_top - 40)      # below the tables, over the signature
    return page.image


def award_html(school: str, number: str, date: str, lst: TwoUp) -> str:
    """The Word-like text PDF's HTML: a landscape page, one table of eight columns (the
    header written twice), as Word prints a list two-up."""
    table = "".join("<tr>" + "".join(f"<td>{html_escape(c)}</td>" for c in row) + "</tr>"
                    for row in sheet_rows(lst))
    plain = scanpages.award_html(school, number, date, lst.title, [["x"]])
    return plain.replace("<style>", "<style>@page{size:A4 landscape;margin:1.5cm} ") \
        .replace("font-size:13pt", "font-size:11pt") \
        .replace("<table><tr><td>x</td></tr></table>", f"<table>{table}</table>")
