"""PDFs with a text layer (exported from Word or from the district's software), read page by
page with pdfplumber: text as lines, ruled tables as cells.

A line's words are grouped by position; a wide gap between two words (the two columns of an
official header: unit │ motto, recipients │ signer) becomes a tab, which clean.py splits
apart like a flattened Word layout table. Ruled tables become Markdown rows for the plan and
entry importers, and cells (`tables.Sheet`) for the award importer; a table continued on the
next page (same columns, its header row repeated there or not) is one list, the repeated
header row left out.

A PDF without text (a scan) is handed to ocr.py; `has_text` decides.
"""
from __future__ import annotations

import re

import logging
from dataclasses import dataclass, field
from pathlib import Path

from bangvang.records.text import nfc
from .legacy import Conversion, convert_pdf_chars
from .vietnamese import folded
from .reading import ImportFailure

MAX_PAGES = 60               # a plan is 3-15 pages, a decision with its list rarely 30
GAP_LETTERS = 4              # a gap wider than this many average letters separates columns
MIN_TEXT_CHARS = 40          # fewer letters over the first pages: a scan, not a text layer

logging.getLogger("pdfminer").setLevel(logging.ERROR)   # its warnings are not for the user


@dataclass
class PdfTable:
    page: int
    rows: list[list[str]]
    spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


@dataclass
class PdfText:
    """The document as the importers need it: lines in reading order, with a marker
    "\\x00table N" where table N stands, and the tables themselves."""
    lines: list[str]
    tables: list[PdfTable]
    # Text in legacy fonts (.VnTime, VNI-Times …) converted to Unicode (legacy.py).
    conversion: Conversion = field(default_factory=Conversion)


def _open(path: Path):
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:  # pragma: no cover - the dependency is pinned
        raise ImportFailure("thiếu thư viện pdfplumber để đọc tệp PDF. Hãy chạy `make` để cài "
                            "lại môi trường") from None
    try:
        document = pdfplumber.open(str(path))
        pages = document.pages
    except PDFSyntaxError:
        raise ImportFailure("tệp PDF bị hỏng, không mở được. Hãy mở tệp bằng trình đọc PDF, "
                            "in ra PDF mới (Print › Save as PDF) rồi nhập lại") from None
    except Exception as error:   # pdfminer raises its own kinds on encrypted or odd files
        if "encrypt" in type(error).__name__.lower() or "password" in str(error).lower():
            raise ImportFailure("tệp PDF có mật khẩu nên không đọc được. Hãy mở bằng trình đọc "
                                "PDF, bỏ mật khẩu (hoặc in ra PDF mới) rồi nhập lại") from None
        raise ImportFailure("tệp PDF có cấu trúc lạ, không đọc được. Hãy mở bằng trình đọc PDF, "
                            "in ra PDF mới (Print › Save as PDF) rồi nhập lại") from None
    if len(pages) > MAX_PAGES:
        document.close()
        raise ImportFailure(f"tệp PDF có {len(pages)} trang, quá {MAX_PAGES} trang cho một lần "
                            "nhập. Hãy tách riêng phần kế hoạch hoặc danh sách rồi nhập")
    return document


def has_text(path: Path) -> bool:
    """Whether the PDF carries text (else it is a scan, for OCR)."""
    document = _open(path)
    try:
        letters = 0
        for page in document.pages[:3]:
            letters += sum(1 for char in page.chars if char.get("text", "").strip())
            if letters >= MIN_TEXT_CHARS:
                return True
        return False
    finally:
        document.close()


def read_pdf(path: Path) -> PdfText:
    """Every page's lines and ruled tables, in reading order."""
    document = _open(path)
    out = PdfText([], [])
    try:
        for number, page in enumerate(document.pages, 1):
            # Before anything is read: every reading below (tables, words) uses these chars.
            convert_pdf_chars(page.chars, out.conversion)
            _read_page(page, number, out)
    except ImportFailure:
        raise
    except Exception:   # pdfminer fails in many ways on damaged content streams
        raise ImportFailure("không đọc được nội dung tệp PDF (có trang bị hỏng). Hãy mở bằng "
                            "trình đọc PDF, in ra PDF mới (Print › Save as PDF) rồi nhập "
                            "lại") from None
    finally:
        document.close()
    return out


def _read_page(page, number: int, out: PdfText) -> None:
    tables = page.find_tables()
    # Blocks of this page: (top, kind, payload) sorted top to bottom.
    blocks: list[tuple[float, str, object]] = []
    rest = page
    for table in tables:
        rows = table.extract()
        if not rows or len(rows) < 2:
            continue
        blocks.append((table.bbox[1], "table", (rows, _merged_down(table, len(rows)))))
        rest = rest.outside_bbox(table.bbox)
    for top, line in _page_lines(rest, first=number == 1):
        blocks.append((top, "line", line))
    blocks.sort(key=lambda block: block[0])
    for _, kind, payload in blocks:
        if kind == "line":
            out.lines.append(payload)
            continue
        cells, spans = _filled(*payload)
        previous = out.tables[-1] if out.tables else None
        if previous and previous.page == number - 1 and _continues(previous, cells, out):
            if _repeated_header(cells[0], previous.rows[0]):
                # Word's "repeat as header row": the headings again at the top of the page
                # are no row of the list (a pupil "Họ và tên" of class "Lớp" was read).
                cells = cells[1:]
                spans = {i - 1: s for i, s in spans.items() if i > 0}
            offset = len(previous.rows)
            previous.rows += cells
            previous.spans.update({offset + i: s for i, s in spans.items()})
            previous.page = number
            continue
        out.tables.append(PdfTable(number, cells, spans))
        out.lines.append(f"\x00table {len(out.tables) - 1}")
    out.lines.append("")      # a page break ends a paragraph as a blank line would


def _continues(previous: PdfTable, cells: list[list[str]], out: PdfText) -> bool:
    """A table at the top of a page continues the last one of the previous page when its
    width is the same and only page furniture (a page number) came between them."""
    if not cells or len(cells[0]) != len(previous.rows[0]):
        return False
    marker = f"\x00table {len(out.tables) - 1}"
    between = out.lines[out.lines.index(marker) + 1:] if marker in out.lines else ["x"]
    return all(not line.strip() or line.strip().strip("-– ").isdigit() for line in between)


def _repeated_header(row: list[str], header: list[str]) -> bool:
    """Whether a row holds the same text as the table's first row (spaces and case aside)."""
    def key(cells: list[str]) -> list[str]:
        return [" ".join((cell or "").split()).lower() for cell in cells]
    return any(key(row)) and key(row) == key(header)


def _merged_down(table, count: int) -> set[tuple[int, int]]:
    """The (row, column) places pdfplumber gives as None that a cell of a row above covers:
    a unit or a title merged down over the rows of one class or team (Excel and Word print
    a list sorted by class so). Told by the cell's box, not by what stands left of it: taken
    for a merge from the left, "6A2" merged over three pupils made the two below it rows
    whose name spanned the table — headings, and the pupils were left out without a word."""
    down = set()
    for r, row in enumerate(table.rows[:count]):
        for c, box in enumerate(row.cells):
            if box is not None or r == 0 or c >= len(table.columns):
                continue
            left, _, right, _ = table.columns[c].bbox
            x, y = (left + right) / 2, (row.bbox[1] + row.bbox[3]) / 2
            cover = next((cell for cell in table.cells
                          if cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]), None)
            if cover is not None and cover[1] < row.bbox[1] - 1:
                down.add((r, c))
    return down


def _filled(rows: list[list[str | None]],
            down: set[tuple[int, int]] = frozenset()) -> tuple[list[list[str]], dict]:
    """pdfplumber gives None for the cells a merged cell covers: filled from above where a
    cell of a row above covers the place (`down`, a vertical merge) or where nothing stands
    left of it, otherwise from the left (a horizontal merge, remembered as a span)."""
    width = max(len(row) for row in rows)
    cells: list[list[str]] = []
    spans: dict[int, list[tuple[int, int]]] = {}
    for index, row in enumerate(rows):
        row = list(row) + [None] * (width - len(row))
        filled: list[str] = []
        start = None
        for column, value in enumerate(row):
            if value is not None:
                start = column
                filled.append(nfc(" ".join(value.split())))
            elif (index, column) in down and cells:
                filled.append(cells[-1][column])
                start = None
            elif start is not None:
                filled.append(filled[start])
                spans.setdefault(index, [])
                spans[index] = [s for s in spans[index] if s[0] != start] + [(start, column)]
            else:
                filled.append(cells[-1][column] if cells else "")
        cells.append(filled)
    return cells, spans


BLANK_BEFORE = re.compile(r"(?:\bso:|\bngay|\bthang|\bnam)\s*$")


def _page_lines(page, first: bool = False) -> list[tuple[float, str]]:
    """Words grouped into lines by their position; a wide gap becomes a tab. On the first
    page, a two-column header whose columns wrap differently is read column by column."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5,
                               y_tolerance=3)
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 3:
            lines[-1].append(word)
        else:
            lines.append([word])
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    placed = [(line[0]["top"], line) for line in lines]
    if first:
        placed = _header_columns(placed)
    out = []
    for top, line in placed:
        text, letter = line[0]["text"], _letter_width(line)
        for before, word in zip(line, line[1:]):
            # A blank left for a hand-written number or day ("Số:      /KH-…", "ngày      tháng")
            # is a blank, not a second column.
            wide = _wide(before, word, letter)
            blank = wide and BLANK_BEFORE.search(folded(text))
            text += ("      " if blank else "\t" if wide else " ") + word["text"]
        out.append((top, nfc(text)))
    return out


def _wide(before: dict, word: dict, letter: float) -> bool:
    return word["x0"] - before["x1"] > GAP_LETTERS * letter


def _header_columns(placed: list[tuple[float, list[dict]]]) -> list[tuple[float, list[dict]]]:
    """The header's two columns (unit │ motto) when one wraps over more lines than the other
    ("BAN CHẤP HÀNH CÔNG ĐOÀN" / "NGÀNH GIÁO DỤC …" beside "PHÒNG GD&ĐT …"): read line by
    line, the pieces of one column would fall between the other's. The block runs from the
    top of the page while no word crosses the line between the columns (looked for in the
    middle fifth of the text), and holds at least one line with words on both sides; its
    left column is read first, then its right one (as reading.py reads a Word layout table).
    """
    words = [w for _, line in placed for w in line]
    if not words:
        return placed
    left, right = min(w["x0"] for w in words), max(w["x1"] for w in words)
    best = (0, None)
    for step in range(21):
        split = left + (right - left) * (0.4 + 0.01 * step)
        end = 0
        while end < min(len(placed), 12) and not any(w["x0"] < split < w["x1"]
                                                     for w in placed[end][1]) \
                and not _TYPE_HEADING.match(folded(placed[end][1][0]["text"])):
            end += 1
        both = any(_columns_at(line, split) for _, line in placed[:end])
        if both and (end > best[0] or (end == best[0] and abs(step - 10) < abs(best[1][1] - 10))):
            best = (end, (split, step))
    end, found = best
    if found is None:
        return placed
    split, block = found[0], placed[:end]
    if all(line[0]["x1"] < split < line[-1]["x0"] for _, line in block):
        return placed             # the columns go line by line: tabs keep them apart
    last = max(top for top, _ in block)
    left_column = [(top, [w for w in line if w["x1"] < split]) for top, line in block]
    right_column = [(last + 0.01 * (index + 1), [w for w in line if w["x0"] > split])
                    for index, (_, line) in enumerate(block)]
    return [(top, line) for top, line in left_column + right_column if line] + placed[end:]


_TYPE_HEADING = re.compile(r"^\W*(?:ke|quyet|thong|bao|to|chuong|danh)$")   # KẾ HOẠCH, QUYẾT ĐỊNH …


def _columns_at(line: list[dict], split: float) -> bool:
    """Words on both sides of `split`, apart by a column's gap (not a blank left for a
    hand-written number or day: "Số:      /KH-…")."""
    before = [w for w in line if w["x1"] < split]
    after = [w for w in line if w["x0"] > split]
    if not before or not after:
        return False
    text = " ".join(w["text"] for w in before)
    # Two columns centred in their halves may come close: wider than two letters is not
    # a space between words.
    return after[0]["x0"] - before[-1]["x1"] > 2 * _letter_width(line) and \
        not BLANK_BEFORE.search(folded(text))


def _letter_width(line: list[dict]) -> float:
    letters = sum(len(w["text"]) for w in line)
    return max(1.0, sum(w["x1"] - w["x0"] for w in line) / max(letters, 1))


def as_text_lines(pdf: PdfText) -> list[str]:
    """The lines for the plan and entry importers: small tables (header, signature: at most
    three columns and six rows) column by column, others as Markdown rows, as reading.py
    reads a Word document."""
    out: list[str] = []
    for line in pdf.lines:
        if not line.startswith("\x00table "):
            out.append(line)
            continue
        rows = pdf.tables[int(line.split()[1])].rows
        width = len(rows[0])
        if width <= 3 and len(rows) <= 6:
            for column in range(width):
                out += [row[column] for row in rows if row[column]]
                out.append("")
            continue
        out.append("")
        for index, row in enumerate(rows):
            out.append("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |")
            if index == 0:
                out.append("|" + "---|" * width)
        out.append("")
    return out
