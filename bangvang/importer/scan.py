"""PDFs, scans and photos → what the plan, entry and award importers read from Word files:
lines (with the doubts of the reading attached) and tables of cells.

A PDF with a text layer is read exactly (pdf.py); a scan or a photo is read by OCR
(ocr.py, scantable.py), and everything read that way stays a draft: every line or cell
whose least sure word is under `DOUBT` is listed with its page, its confidence and its box,
so the team checks it against the paper.
"""
from __future__ import annotations

import re
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from bangvang.records.text import nfc
from . import pdf
from .documents import odd_years
from .ocrdigits import fixed_digits, label as digit_label
from .vietnamese import folded
from .reading import ImportFailure, ReadLines

DOUBT = 85.0                  # below this Tesseract confidence a word is checked by a person
SCAN_SUFFIXES = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp"}
_SPECK = re.compile(r"^[\W_]{1,2}$")
_CLASS_SHAPE = re.compile(r"^(?:lớp\s+)?\d{1,2}\s?[A-ZĐ]\d{0,2}$", re.IGNORECASE)


@dataclass
class Doubt:
    page: int
    text: str
    conf: float
    box: tuple[int, int, int, int]
    field: str = ""            # the column heading for a cell, "" for a line of text
    alt: str = ""              # a second reading that disagrees
    image: str = ""            # the saved region of the page (scancrops.py), when written
    label: str = ""            # what a value outside the table is ("số quyết định")
    line: int = -1             # the index of the document line it is (plans, entries)
    digits: list = dataclasses.field(default_factory=list)   # (read, taken for): ocrdigits

    def describe(self) -> str:
        from .scancrops import SHOWN
        where = f"trang {self.page}" + (f", cột “{self.field}”" if self.field else "") + \
            (f", {self.label}" if self.label else "")
        other = f", đọc lần hai ra “{self.alt}”" if self.alt else ""
        image = SHOWN + self.image if self.image else ""
        return f"{where}: “{self.text}” (độ tin cậy {round(self.conf)} %{other}){image}"


@dataclass
class ScanCells:
    """Per table row index, per column: (confidence, page, box) of a cell read by OCR."""
    cells: dict[tuple[int, int], tuple[float, int, tuple]] = field(default_factory=dict)


def is_pdf(path: Path) -> bool:
    with open(path, "rb") as file:
        return file.read(5) == b"%PDF-"


def fix_ocr_text(text: str) -> str:
    """Letters Tesseract is known to confuse in official documents, fixed where the shape
    leaves no doubt: the Icelandic Ð for Đ, "QĐ" of a decision number read "GĐ"/"QĐĐ"."""
    text = nfc(text).replace("Ð", "Đ").replace("ð", "đ")
    # A dash bullet read as a tilde ("~ “Lớp học xanh …”"): no line of a document starts
    # with a tilde, and the list it stands in would end there.
    text = re.sub(r"^(\s*\\?)~(?=\s)", r"\1-", text)     # "\~" in Markdown too
    text = re.sub(r"(?<=\d/)\s*[GOQ0]?Đ+(?=-)", "QĐ", text)
    text = re.sub(r"(?<=\d)\s*/\s*(?=[A-ZĐ])", "/", text)
    # The slash of a document number read as I, l, | or J ("08 IKH-THBM", "23IKH-THHB", a
    # blank number "Số:      IKH-MNHS"; "08 JKH-THBM" in a colour scan at 255 dpi, session
    # 28 — Vietnamese writes no J): before a code in capitals and a dash it is the slash.
    text = re.sub(r"(?<=\d)\s?[Il|J](?=[A-ZĐ]{2,6}-)", "/", text)
    text = re.sub(r"(?<=Số:)(\s*[ ._…]*)[Il|J](?=[A-ZĐ]{2,6}-)", r"\1/", text)
    # The slash lost altogether, a thin stroke a photocopy's grain took ("52QĐ-THCSHA"): a
    # number runs into a document type and its dash in no other writing.
    types = r"(?:QĐ|KH|CT|TB|BC|HD|HĐ|NQ|NĐ|TT|TTr|CV|KL)-[A-ZĐ]"
    text = re.sub(r"(?<![\w/])(\d{1,4})(?=" + types + ")", r"\1/", text)
    # … or left as a space after "Số:" (a folded page's curl, session 27: "Số: 08 KH-THBM"
    # was taken for a blank number): a number then a document type and its dash.
    text = re.sub(r"(?<=Số:)(\s*\d{1,4})\s+(?=" + types + ")", r"\1/", text)
    # A dash between the codes of a document number read as an apostrophe
    # ("345/PGDĐT'VP"): no code holds one.
    text = re.sub(r"(?<=\d/)[A-ZĐ&]+(?:['’‘`´-][A-ZĐ&][A-Za-zĐ&]*)+",
                  lambda m: re.sub(r"['’‘`´]", "-", m.group(0)), text)
    # A law's number ends in the National Assembly's code and term ("06/2022/QH15"): a G or
    # an O there is the Q misread.
    text = re.sub(r"(?<=\d/\d{4}/)[GO0]H(?=\d{1,2}\b)", "QH", text)
    # A zero read as the letter O inside a number ("ngày O5 tháng O1", a document's
    # "O2-CTr/HĐĐ"): a word of digits and O only, with at least one digit, is a number.
    text = re.sub(r"(?<![\w/-])[0-9O]*\d[0-9O]*(?!\w)(?!-(?![A-ZĐ]))",
                  lambda m: m.group(0).replace("O", "0"), text)
    return _school_word(text)


def _words_kept(line) -> bool:
    """A line that is only a speck (the remains of a rule or a seal) is not text, nor is one
    lone word read with little confidence that is no Vietnamese syllable ("***" between the
    header's lines read "xkiớ"): such a line is still listed as a doubt (`_speck_doubt`)."""
    from .vietnamese import is_syllable
    if not line.words:
        return False
    if len(line.text) <= 2 and _SPECK.match(line.text) and line.conf < 60:
        return False
    lone = len(line.words) == 1 and line.conf < 50 and not any(c.isdigit() for c in line.text)
    return not (lone and not is_syllable(line.text.strip(".,;:!?()\"'“”")))


# A school's type after "trưởng" makes it the school: "TRƯỞNG THCS" is "TRƯỜNG THCS" misread
# (a head of something is never "… trưởng THCS"; "Hiệu trưởng THCS …" is kept, being a
# common short way to write the head of a school).
_SCHOOL_AFTER = re.compile(r"\b(TRƯỞNG|Trưởng)(?=\s+(?:THCS|THPT|TH|TH&THCS|THCS&THPT|PTDTBT|PTDTNT|"
                           r"PTCS|TIỂU HỌC|Tiểu học|MẦM NON|Mầm non|MẪU GIÁO|Mẫu giáo|PHỔ THÔNG|"
                           r"Phổ thông)\b)")
_HEAD_BEFORE = re.compile(r"hiệu\s*$", re.IGNORECASE)


def _school_word(text: str) -> str:
    def fixed(match: re.Match) -> str:
        if _HEAD_BEFORE.search(text[:match.start()]):
            return match.group(0)
        return "TRƯỜNG" if match.group(0).isupper() else "Trường"
    return _SCHOOL_AFTER.sub(fixed, text)


def read_scan(path: Path):
    """The pages of a scan read by OCR (list of scantable.ScanPage)."""
    from .ocr import missing, page_images, prepare
    from .scannames import continued_names, faxed_names
    from .scantable import read_page
    reason = missing()
    if reason:
        raise ImportFailure(reason)
    pages = []
    for number, image in enumerate(page_images(path), 1):
        prepared, angle = prepare(image)
        pages.append(read_page(prepared, number, angle))
    continued_names(pages)
    faxed_names(pages)
    if not any(line.words for page in pages for line in page.lines) and \
            not any(page.tables for page in pages):
        raise ImportFailure("không nhận ra chữ nào trên ảnh. Hãy chụp hoặc quét lại thẳng trang, "
                            "đủ sáng, ở 300 dpi rồi nhập lại")
    return pages


def document_lines(path: Path) -> ReadLines:
    """The lines of a PDF, scan or photo for the plan and entry importers."""
    if is_pdf(path) and pdf.has_text(path):
        document = pdf.read_pdf(path)
        lines = ReadLines(nfc(line) for line in pdf.as_text_lines(document))
        lines.legacy = document.conversion
        return lines
    pages = read_scan(path)
    out = ReadLines()
    out.scanned = True
    out.images = {page.number: page.image for page in pages}
    for page in pages:
        for kind, index in page.order:
            if kind == "table":
                out += _markdown_rows(page, page.tables[index], out.doubts)
                continue
            line = page.lines[index]
            if not line.words:
                out.append("")
            elif _words_kept(line):
                text, digits = fixed_digits(fix_ocr_text(_columned(line)))
                out.append(text)
                odd = odd_years(out[-1])
                if line.conf < DOUBT or odd or digits:
                    # A year that cannot be one ("20283") is a digit misread, however sure
                    # Tesseract was: never a value, always shown with its image; so is a
                    # digit read back from a letter ("202ó" → "2026"), shown as corrected.
                    out.doubts.append(Doubt(
                        page.number, " ".join(out[-1].split()),
                        min(line.conf, 50.0) if odd or digits else line.conf, line.box,
                        label=_odd_label(odd) or (digit_label(digits) if digits else ""),
                        line=len(out) - 1, digits=digits))
            elif line.conf < DOUBT:     # left out of the text, still shown to the person
                out.doubts.append(Doubt(page.number, line.text, line.conf, line.box))
        out.append("")
    out.warnings.append(scan_warning(out.doubts, len(pages)))
    return out


def _odd_label(years: list[str]) -> str:
    return f"năm “{'”, “'.join(years)}” không thể đúng, chữ số đọc sai?" if years else ""


def _columned(line) -> str:
    """A line's text with a tab where its words stand far apart: the two columns of an
    official header (unit │ motto, "Số: …" │ place and date) that Tesseract read as one line
    are split by clean.py like a Word layout table, as pdf.py does for a text layer. A blank
    left for a hand-written number or day stays a blank."""
    words = line.words
    letters = sum(len(word.text) for word in words)
    letter = max(1.0, sum(word.right - word.left for word in words) / max(letters, 1))
    text = words[0].text
    for before, word in zip(words, words[1:]):
        wide = word.left - before.right > pdf.GAP_LETTERS * 2 * letter
        blank = wide and pdf.BLANK_BEFORE.search(folded(text))
        text += ("      " if blank else "\t" if wide else " ") + word.text
    return text


def _markdown_rows(page, table, doubts: list[Doubt]) -> list[str]:
    rows = [[fix_ocr_text(cell.text) for cell in row] for row in table.rows]
    header = rows[0] if rows else []
    for row in table.rows[1:]:
        for column, cell in enumerate(row):
            if cell.text and cell.conf < DOUBT:
                name = header[column] if column < len(header) else ""
                doubts.append(Doubt(page.number, fix_ocr_text(cell.text), cell.conf, cell.box,
                                    name))
    out = [""]
    for index, row in enumerate(rows):
        out.append("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |")
        if index == 0:
            out.append("|" + "---|" * len(row))
    return out + [""]


def scan_warning(doubts: list[Doubt], pages: int) -> str:
    """The warning every record read from a scan carries: it stays a draft, and these are
    the places to check against the paper."""
    head = (f"Đọc từ bản quét/ảnh chụp ({pages} trang) bằng nhận dạng chữ: hồ sơ luôn là bản "
            "nháp; hãy so từng trường với bản giấy rồi mới công bố")
    if not doubts:
        return head + "."
    shown = "; ".join(doubt.describe() for doubt in doubts[:12])
    more = f" và {len(doubts) - 12} chỗ khác" if len(doubts) > 12 else ""
    return f"{head}. Chỗ đọc chưa chắc chắn: {shown}{more}"


# --- award lists -------------------------------------------------------------------------------

def page_source(path: Path):
    """A PDF, scan or photo as the award importer's tables.Source: the text around the list
    as lines ("\\x00table N" where table N stands), the list as cells; for a scan each cell
    keeps its confidence, page and box (Sheet.scan) and the source its doubts."""
    from .tables import Sheet, Source
    if is_pdf(path) and pdf.has_text(path):
        document = pdf.read_pdf(path)
        source = Source("pdf", [])
        source.legacy = document.conversion
        for line in document.lines:
            if line.startswith("\x00table "):
                table = document.tables[int(line.split()[1])]
                label = f"bảng {len(source.sheets) + 1}"
                sheet = Sheet(label, table.rows, list(range(1, len(table.rows) + 1)),
                              table.spans, before=list(source.lines))
                source.sheets.append(sheet)
                source.tables_text.append(_columns(table.rows))
                source.lines.append(f"\x00table {len(source.sheets) - 1}")
            else:
                source.lines += [part for part in line.split("\t")]
        return source
    return _scan_source(read_scan(path))


def _scan_source(pages):
    from .tables import Sheet, Source
    source = Source("scan", [])
    source.scanned = True
    source.pages = len(pages)
    source.images = {page.number: page.image for page in pages}
    source.notes += [f"Trang {page.number} là bản fax (dòng máy fax in trên đầu trang): dấu "
                     "thanh của bản fax hay bị mất, nên mọi tên đọc từ trang này đều được coi là "
                     "chưa chắc; hãy so từng tên với bản giấy" for page in pages if page.fax]
    for page in pages:
        for kind, index in page.order:
            if kind == "line":
                line = page.lines[index]
                if _words_kept(line):
                    source.lines.append(fix_ocr_text(line.text))
                    source.line_scan.setdefault(" ".join(source.lines[-1].split()),
                                                (page.number, line))
                continue
            rows = page.tables[index].rows
            merged = page.tables[index].merged
            texts = [[fix_ocr_text(cell.text) for cell in row] for row in rows]
            last = source.sheets[-1] if source.sheets else None
            # The list goes on over the page: one table, its header row repeated at the top
            # of the new page (Word's "repeat as header row") left out.
            goes_on = last is not None and last.scan_pages[-1] == page.number - 1 and \
                len(texts[0]) == len(last.rows[0])
            repeated = goes_on and _same_row(texts[0], last.rows[0])
            if goes_on and (repeated or not _has_name_heading(texts[0])):
                sheet = last
                if repeated:
                    texts, rows = texts[1:], rows[1:]
                    merged = {n - 1 for n in merged if n}
            else:
                sheet = Sheet(f"bảng {len(source.sheets) + 1}", [], [],
                              before=list(source.lines))
                source.sheets.append(sheet)
                source.tables_text.append([])
                source.lines.append(f"\x00table {len(source.sheets) - 1}")
            sheet.scan_pages.append(page.number)
            for n, (row, cells) in enumerate(zip(texts, rows)):
                at = len(sheet.rows)
                sheet.rows.append(row)
                sheet.numbers.append(at + 1)
                if n in merged:         # a group's heading spanning the table
                    sheet.spans[at] = [(0, len(row) - 1)]
                for column, cell in enumerate(cells):
                    sheet.scan[(at, column)] = (cell.conf, page.number, cell.box,
                                                fix_ocr_text(cell.alt) if cell.alt else "")
    return source


def value_doubt(source, where: tuple[str, int, int] | None, label: str,
                value: str) -> Doubt | None:
    """A value read from a scan's text outside the table (the decision's number, its date)
    as a doubt of its own: the value as the record will hold it, the lowest confidence of
    the words at those offsets of the line and their box. None when the value was not read
    from this scan's text."""
    if not where or where[0] not in source.line_scan:
        return None
    text, start, end = where
    page, line = source.line_scan[text]
    chosen, offset = [], 0
    pieces = [fix_ocr_text(word.text) for word in line.words]
    exact = " ".join(pieces) == text
    for word, piece in zip(line.words, pieces):
        if not exact or (offset < end and start < offset + len(piece)):
            chosen.append(word)
        offset += len(piece) + 1
    chosen = chosen or line.words
    box = (min(w.left for w in chosen), min(w.top for w in chosen),
           max(w.right for w in chosen), max(w.bottom for w in chosen))
    return Doubt(page, value, min(w.conf for w in chosen), box, label=label)


def _same_row(row: list[str], other: list[str]) -> bool:
    """Whether two rows read by OCR hold the same headings (a letter may differ)."""
    from difflib import SequenceMatcher
    from .vietnamese import key
    one, two = " | ".join(key(c) for c in row), " | ".join(key(c) for c in other)
    return bool(one.strip(" |")) and SequenceMatcher(None, one, two).ratio() >= 0.85


def _has_name_heading(row: list[str]) -> bool:
    from .columns import heading_field
    return any(heading_field(cell) == "name" for cell in row if cell)


def _columns(rows: list[list[str]]) -> list[str]:
    width = max((len(r) for r in rows), default=0)
    return [row[c] for c in range(width) for row in rows if c < len(row) and row[c]]


def row_doubts(sheet, row_index: int, columns) -> list[Doubt]:
    """The cells of one list row (a scan) that a person must check: the ones read with a
    confidence under DOUBT, and a name that is not made of Vietnamese syllables."""
    from .repair import EMPTY
    from .vietnamese import is_syllable
    out = []
    for column, heading in sorted(columns.headings.items()):
        found = sheet.scan.get((row_index, column))
        text = sheet.rows[row_index][column] if column < len(sheet.rows[row_index]) else ""
        if found is None or not text and found[3] != EMPTY:
            continue
        conf, page, box, alt = found
        if not text:            # read empty among filled cells (repair._empty_among_filled)
            out.append(Doubt(page, EMPTY, conf, box, heading))
            continue
        is_name = column in columns.fields.get("name", [])
        odd = is_name and not all(is_syllable(word) for word in text.split())
        # A class has one shape ("7A1", "Lớp 8A"): "A5" is a class whose grade was not read.
        odd = odd or (column in columns.fields.get("class", []) and
                      not _CLASS_SHAPE.match(" ".join(text.split())))
        if conf < DOUBT or odd:
            out.append(Doubt(page, text, min(conf, 50.0) if odd else conf, box, heading, alt))
    return out


def crop(image, box: tuple[int, int, int, int], margin: int = 24):
    """The region of a page a doubt was read from, for the person who checks it (saved beside
    the draft, shown by the preview): a little of the line's own width around it, but not
    the halves of the lines above and below, and its contrast taken from its own ink and
    paper (legible_region), with a white border so it does not touch the panel's frame."""
    from PIL import ImageOps
    left, top, right, bottom = box
    # Above and below, a quarter of the line's height at most: a cut neighbour line's
    # letters read as part of the doubt.
    upright = max(4, min(margin, (bottom - top) // 4))
    region = image.crop((max(0, left - margin), max(0, top - upright),
                         min(image.width, right + margin), min(image.height, bottom + upright)))
    return ImageOps.expand(legible_region(region), border=PADDING, fill=255)


PADDING = 12                  # px of white around a saved crop


def legible_region(region):
    """A crop of a photographed page reads grey on grey (the light, the shade, the JPEG's
    noise, light halos the page's flattening leaves beside the letters): stretched from its
    own ink (its darkest 1 %) to its own paper, and its specks taken out, it reads black on
    white. The paper is taken among the pixels lighter than the ink (Otsu's threshold of
    the crop), at their darker quarter: the shaded paper, not the halos, becomes white. A
    region without ink (a blank cell) is left as it is."""
    import numpy as np
    from PIL import Image, ImageFilter
    from .ocr import _otsu
    smooth = region.convert("L").filter(ImageFilter.MedianFilter(3))
    grey = np.asarray(smooth)
    if grey.size == 0:
        return smooth
    light = grey[grey > _otsu(grey)]
    ink = float(np.percentile(grey, 1))
    paper = float(np.percentile(light, 25)) if light.size else 255.0
    if paper - ink < 40:
        return smooth
    scaled = (grey.astype(np.float32) - ink) * (255.0 / (paper - ink))
    return Image.fromarray(np.clip(scaled, 0, 255).astype(np.uint8))
