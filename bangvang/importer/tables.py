"""Award lists as the school receives them → tables of text cells.

An Excel workbook (.xlsx, through openpyxl), a CSV or tab-separated text file saved by Excel
(UTF-8 with or without BOM, UTF-16, or the Windows code page: cp1258 for Vietnamese, cp1252),
or the tables of a Word (.docx) decision. What a file is, is decided by its bytes, not by its
name: an .xlsx renamed .csv still reads. Merged cells are filled in (a unit written once for
several rows applies to each of them) and each row remembers its horizontal merges, so that a
heading written across the table ("I. TẬP THỂ") is told from a data row.

Every refusal is an ImportFailure with a Vietnamese message saying what to do.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from bangvang.records.encoding import HOW_TO_FIX, legacy_font_text
from bangvang.records.text import nfc
from .legacy import Conversion, convert, convert_docx, fix_lines, font_encoding
from .reading import ImportFailure

MAX_BYTES = 30 * 1024 * 1024
# An .xlsx/.docx is a zip: what it unpacks to, not its size on disk, is what openpyxl and
# python-docx hold in memory. Real lists unpack to a few MB at ratios of 5-20 (an openpyxl
# sheet of 20,000 rows: 4.8 MB at 12); a zip bomb reaches ratios near 1,000.
MAX_UNPACKED = 100 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024         # small parts may compress well without harm
MAX_ROWS = 20000                 # rows of one sheet or table, blank rows inside included
MAX_COLUMNS = 60
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"      # OLE compound file: .xls, .doc, encrypted OOXML
_PAGES = (b"%PDF-", b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_CP1258_ONLY = set(b"\xc3\xe3\xd0\xf0\xd5\xf5\xdd\xfd\xcc\xec\xd2\xde\xf2")
SAVE_AS_XLSX = ("Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) kiểu “Excel Workbook (.xlsx)”, "
                "rồi nhập tệp .xlsx")


@dataclass
class Sheet:
    """One table: rows of cell texts and where each row is in the file."""
    label: str                     # "" for a lone sheet, else "trang “LĐTT”" / "bảng 2"
    rows: list[list[str]]
    numbers: list[int]             # the row number the user sees (Excel row, CSV line …)
    spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # horizontal merges
    before: list[str] = field(default_factory=list)   # document text above the table (docx)
    # A list read by OCR: (row index, column) → (confidence, page, box, second reading), and its pages.
    scan: dict[tuple[int, int], tuple[float, int, tuple]] = field(default_factory=dict)
    scan_pages: list[int] = field(default_factory=list)
    # A list printed two-up (twoup.py): row index → the part of its line it was read from.
    sides: dict[int, str] = field(default_factory=dict)

    def where(self, index: int) -> str:
        line = f"dòng {self.numbers[index]}" + (f" ({self.sides[index]})"
                                                if index in self.sides else "")
        text = f"{self.label}, {line}" if self.label else line
        return text[0].upper() + text[1:]

    def merged_across(self, index: int, columns: set[int]) -> bool:
        """One merged cell covers all of `columns` (at least two) in this row."""
        return len(columns) >= 2 and any(start <= min(columns) and max(columns) <= end
                                         for start, end in self.spans.get(index, []))


@dataclass
class Source:
    """A file read: its tables, and for a Word document its text in order."""
    kind: str                      # "xlsx", "csv", "docx"
    sheets: list[Sheet]
    lines: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)  # hidden sheets, not read
    tables_text: list[list[str]] = field(default_factory=list)  # docx: text of each table
    scanned: bool = False          # read by OCR: every award from it is a draft to check
    pages: int = 0
    images: dict = field(default_factory=dict)   # a scan's pages as read, by number (crops)
    # A scan's text lines as read (by their text): (page number, ocr.Line with its words)
    line_scan: dict = field(default_factory=dict)
    legacy: Conversion = field(default_factory=Conversion)  # text converted from TCVN3 / VNI
    notes: list[str] = field(default_factory=list)   # what the reading says of the whole file


def cell_text(value) -> str:
    """A cell value as the text a person reads in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else str(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return _SPACES.sub(" ", nfc(str(value))).strip()


def read_source(path: Path) -> Source:
    """The tables of an award list; ImportFailure with a Vietnamese message otherwise."""
    data = _read_bytes(path)
    if data.startswith(_CFB):
        raise ImportFailure(_compound_file(data, path.suffix.lower()))
    if data.startswith(b"PK\x03\x04"):
        try:
            members = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except (zipfile.BadZipFile, OSError, ValueError):
            raise ImportFailure("tệp nén (Excel .xlsx hoặc Word .docx) bị hỏng, không mở được. "
                                "Hãy mở bằng Excel/Word rồi Lưu thành (Save As) lại") from None
        check_unpacked(members)
        names = {member.filename for member in members}
        if "xl/workbook.xml" in names:
            return legacy_checked(_read_xlsx(data))
        if "word/document.xml" in names:
            return legacy_checked(_read_docx(data))
        raise ImportFailure("tệp nén này không phải bảng tính Excel (.xlsx) hay văn bản Word "
                            "(.docx). " + SAVE_AS_XLSX)
    if data.startswith(_PAGES):
        from .scan import page_source     # a PDF, a scan or a photo of the list
        source = page_source(path)
        return source if source.scanned else legacy_checked(source)
    for signature, what in ((b"{\\rtf", "tệp RTF"),
                            (b"<?xml", "tệp XML (có thể là “XML Spreadsheet” của Excel)"),
                            (b"PK", "tệp nén")):
        if data.startswith(signature):
            raise ImportFailure(f"đây là {what}, không phải bảng danh sách. {SAVE_AS_XLSX}, "
                                "hoặc “CSV UTF-8 (Comma delimited)”")
    if path.suffix.lower() in (".ods", ".numbers", ".xlsb"):
        raise ImportFailure(f"chưa đọc được tệp “{path.suffix}”. {SAVE_AS_XLSX}")
    return _read_delimited(data)


def legacy_checked(source: Source) -> Source:
    """A Word or text-PDF list with its cells and lines typed in TCVN3 / VNI without a
    legacy font converted where the text decides (legacy.fix_lines: a short cell, a name,
    goes by the file's other lines); refused when legacy text is left that no table reads."""
    # One pass over every text of the file, so that a short cell goes by the others.
    texts = [cell for sheet in source.sheets for row in sheet.rows for cell in row]
    texts += source.lines + [line for text in source.tables_text for line in text]
    fixed = iter(fix_lines(texts, source.legacy))
    for sheet in source.sheets:
        sheet.rows = [[next(fixed) for _ in row] for row in sheet.rows]
    source.lines = [next(fixed) for _ in source.lines]
    source.tables_text = [[next(fixed) for _ in text] for text in source.tables_text]
    refusal = source.legacy.refusal()
    if refusal:
        raise ImportFailure(refusal)
    return source


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise ImportFailure("không tìm thấy tệp. Hãy kiểm tra tên tệp và thư mục")
    if not path.is_file():
        raise ImportFailure("đây không phải một tệp (là thư mục hay thiết bị). Hãy ghi tên từng "
                            "tệp, ví dụ danh-sach/*.xlsx")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportFailure(f"tệp quá lớn ({size // (1024 * 1024)} MB, tối đa "
                                f"{MAX_BYTES // (1024 * 1024)} MB); hãy tách danh sách")
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailure(f"không đọc được tệp ({error.strerror or type(error).__name__}); "
                            "hãy đóng tệp trong Excel/Word rồi chạy lại") from None
    if not data.strip():
        raise ImportFailure("tệp rỗng, không có nội dung. Hãy kiểm tra lại tệp (có thể tệp chưa "
                            "được lưu hoặc chép chưa xong)")
    return data


def check_unpacked(members: list[zipfile.ZipInfo]) -> None:
    """Refuse a package that would unpack to too much, from the sizes its directory declares.
    Python's zipfile never inflates a member beyond its declared size (it stops there and
    fails the CRC check), so these numbers bound what openpyxl and python-docx can read."""
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED:
        raise ImportFailure(f"tệp giải nén ra {_mb(total)} MB dữ liệu (tối đa {_mb(MAX_UNPACKED)} "
                            "MB), quá lớn cho một danh sách. Nếu danh sách thật sự dài, hãy tách "
                            f"thành nhiều tệp (mỗi tệp không quá {_count(MAX_ROWS)} dòng); nếu "
                            "không, tệp có thể bị hỏng hoặc độc hại: hãy mở bằng Excel/Word, chép "
                            "danh sách sang tệp mới, lưu lại rồi nhập. Chưa ghi gì")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_FROM and ratio > MAX_RATIO:
            raise ImportFailure(
                f"phần “{member.filename}” trong tệp nén bất thường: {_kb(member.compress_size)} "
                f"KB giải nén ra {_mb(member.file_size)} MB (gấp {ratio:.0f} lần; tệp thật thường "
                f"dưới {MAX_RATIO} lần). Tệp có thể bị hỏng hoặc độc hại: hãy mở bằng Excel/Word, "
                "chép danh sách sang tệp mới, lưu lại rồi nhập. Chưa ghi gì")


def _mb(size: int) -> str:
    return _count(round(size / (1024 * 1024)))


def _kb(size: int) -> str:
    return _count(max(1, round(size / 1024)))


def _count(number: int) -> str:
    """20000 → "20.000", as Vietnamese writes thousands."""
    return f"{number:,}".replace(",", ".")


def too_many_rows(where: str, row: int) -> ImportFailure:
    return ImportFailure(f"{where}có dữ liệu đến dòng {_count(row)}, quá giới hạn "
                         f"{_count(MAX_ROWS)} dòng cho một lần nhập. Hãy tách danh sách thành "
                         f"nhiều tệp, mỗi tệp không quá {_count(MAX_ROWS)} dòng (giữ dòng tiêu đề "
                         "cột ở mỗi tệp), rồi nhập lần lượt. Chưa ghi gì")


def _compound_file(data: bytes, suffix: str) -> str:
    """An OLE file: a password-protected .xlsx, an old .xls or an old .doc."""
    if "EncryptionInfo".encode("utf-16-le") in data[:1 << 20] or \
            "EncryptedPackage".encode("utf-16-le") in data:
        return ("tệp được đặt mật khẩu (mã hoá) nên không đọc được. Hãy mở bằng Excel, vào File › "
                "Info › Protect Workbook › Encrypt with Password, xoá mật khẩu, lưu lại rồi nhập")
    if "WordDocument".encode("utf-16-le") in data or suffix == ".doc":
        return ("tệp Word đời cũ (.doc) chưa đọc được. Hãy mở bằng Word, chọn Lưu thành (Save As) "
                "kiểu “Word Document (.docx)”, rồi nhập tệp .docx")
    return "tệp Excel đời cũ (.xls) chưa đọc được. " + SAVE_AS_XLSX


# --- Excel ----------------------------------------------------------------------------------

def _read_xlsx(data: bytes) -> Source:
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - the dependency is pinned
        raise ImportFailure("thiếu thư viện openpyxl để đọc tệp Excel. Hãy chạy `make` để cài "
                            "lại môi trường") from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")   # "Data Validation extension is not supported" …
            # Read-only: rows are streamed from the zip, so memory follows the rows kept.
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except Exception:  # openpyxl raises many kinds of errors on broken packages
        raise ImportFailure("tệp Excel bị hỏng hoặc có cấu trúc lạ, không mở được. Hãy mở bằng "
                            "Excel rồi Lưu thành (Save As) .xlsx, rồi nhập lại") from None
    try:
        visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        hidden = [ws.title for ws in book.worksheets if ws.sheet_state != "visible"]
        conversion = Conversion()
        sheets = [_worksheet(book, ws, f"trang “{ws.title}”" if len(visible) > 1 else "",
                             conversion) for ws in visible]
    # Streamed sheets are parsed here, not in load_workbook: a damaged part (bad XML, a
    # member longer than declared, bad deflate data) shows up now.
    except (zipfile.BadZipFile, zlib.error, EOFError, SyntaxError, ValueError, KeyError):
        raise ImportFailure("tệp Excel bị hỏng (một trang không đọc được đến hết). Hãy mở bằng "
                            "Excel rồi Lưu thành (Save As) .xlsx, rồi nhập lại") from None
    finally:
        book.close()
    return Source("xlsx", sheets, hidden=hidden, legacy=conversion)


def _worksheet(book, ws, label: str, conversion: Conversion) -> Sheet:
    rows, merges = _streamed_rows(book, ws, label, conversion)
    spans: dict[int, list[tuple[int, int]]] = {}
    width = max((len(row) for row in rows), default=0)
    for left, top, right, bottom in merges:
        if top <= len(rows) and left <= MAX_COLUMNS:
            width = max(width, min(right, MAX_COLUMNS))
    for row in rows:
        row += [""] * (width - len(row))
    for left, top, right, bottom in merges:
        top, left = top - 1, left - 1
        if top >= len(rows) or left >= width:
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows))):
            for c in range(left, min(right, width)):
                rows[r][c] = value
            if right > left + 1:
                spans.setdefault(r, []).append((left, min(right, width) - 1))
    return Sheet(label, rows, list(range(1, len(rows) + 1)), spans)


def _streamed_rows(book, ws, label: str,
                   conversion: Conversion) -> tuple[list[list[str]], list[tuple[int, ...]]]:
    """The sheet's rows as text (row n at index n-1, blank rows below the last value left
    out) and its merged ranges (left, top, right, bottom; 1-based). ImportFailure as soon as a
    value lies beyond MAX_ROWS: the rest of the sheet is never read. A cell in a legacy font
    (.VnTime, VNI-Times: its style's font) is converted to Unicode."""
    # openpyxl's read-only sheet streams values but drops the merged ranges, which sit after
    # the rows in the same XML; its own row parser keeps them once the rows are read, so the
    # sheet is parsed once (openpyxl is pinned: pyproject.toml).
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.worksheet._reader import WorkSheetParser
    rows: list[list[str]] = []
    fonts: dict = {}            # style id → (font, legacy.font_encoding of it)
    with ws._get_source() as source:
        parser = WorkSheetParser(source, ws._shared_strings, data_only=True, epoch=book.epoch,
                                 date_formats=book._date_formats,
                                 timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            texts = {cell["column"]: _cell_unicode(book, cell, fonts, conversion)
                     for cell in cells if cell["column"] <= MAX_COLUMNS}
            texts = {column: text for column, text in texts.items() if text}
            if not texts:
                continue         # formatting only: blank rows are added when a value follows
            if number > MAX_ROWS:
                raise too_many_rows(f"{label}: " if label else "", number)
            rows += [[] for _ in range(number - 1 - len(rows))]
            row = [""] * max(texts)
            for column, text in texts.items():
                row[column - 1] = text
            rows.append(row)
        found = parser.merged_cells.mergeCell if parser.merged_cells else []
    return rows, [range_boundaries(merged.ref) for merged in found]


def _cell_unicode(book, cell: dict, fonts: dict, conversion: Conversion) -> str:
    """A cell's text, converted when its style's font is a legacy one."""
    text = cell_text(cell["value"])
    if not text or not isinstance(cell["value"], str):
        return text
    style = cell.get("style_id") or 0
    if style not in fonts:
        try:
            font = book._fonts[book._cell_styles[style].fontId].name
        except (IndexError, KeyError, AttributeError, TypeError):
            font = None
        fonts[style] = (font, font_encoding(font))
    font, found = fonts[style]
    if not found:
        return text
    conversion.add_font(found[0], font)
    return cell_text(convert(text, *found))


def _trimmed(sheet: Sheet) -> Sheet:
    while sheet.rows and not any(sheet.rows[-1]):
        sheet.rows.pop()
        sheet.numbers.pop()
    return sheet


# --- CSV and tab-separated text ----------------------------------------------------------------

def decode_table_text(data: bytes) -> str:
    """Bytes of a text table → text: UTF-8 (± BOM), UTF-16 with BOM, else cp1258 or cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = _decode(data[3:], "utf-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode(data, "utf-16")
    elif 0 in data[:4000]:
        raise ImportFailure("đây không phải bảng tính hay tệp văn bản (có nhiều byte rỗng). "
                            + SAVE_AS_XLSX)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            code_page = "cp1258" if any(b in _CP1258_ONLY for b in data) else "cp1252"
            text = _decode(data, code_page)
    text = nfc(text.replace("\r\n", "\n").replace("\r", "\n"))
    legacy = legacy_font_text(text)
    if legacy:
        raise ImportFailure(f"dòng {legacy[1]} có vẻ được gõ bằng phông {legacy[0]} (chữ hiện ra "
                            "sai dấu). " + HOW_TO_FIX)
    return text


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportFailure("không đọc được bảng mã của tệp (không phải UTF-8 hay Windows-1258). "
                            "Hãy mở bằng Excel, Lưu thành (Save As) “CSV UTF-8 (Comma delimited)” "
                            "hoặc .xlsx, rồi nhập lại") from None


def sniff_delimiter(lines: list[str]) -> str:
    """`;`, `,` or tab: the one that splits most lines into the same number of cells."""
    best, best_score = ",", (-1, -1)
    sample = [line for line in lines if line.strip()][:40]
    for delimiter in ("\t", ";", ","):
        counts = [len(row) for row in csv.reader(sample, delimiter=delimiter) if len(row) > 1]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        score = (counts.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _read_delimited(data: bytes) -> Source:
    text = decode_table_text(data)
    lines = text.split("\n")
    delimiter = sniff_delimiter(lines)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows, numbers, start = [], [], 1
    try:
        for row in reader:
            cells = [cell_text(cell) for cell in row[:MAX_COLUMNS]]
            if len(rows) >= MAX_ROWS and any(cells):
                raise too_many_rows("", start)
            rows.append(cells)
            numbers.append(start)
            start = reader.line_num + 1
    except csv.Error:
        raise ImportFailure(f"dòng {start}: bảng CSV hỏng (dấu ngoặc kép không đóng). Hãy mở "
                            "bằng Excel, Lưu thành (Save As) lại rồi nhập") from None
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    return Source("csv", [_trimmed(Sheet("", rows, numbers))])


# --- Word -----------------------------------------------------------------------------------

def _read_docx(data: bytes) -> Source:
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
    except ImportError:  # pragma: no cover - the dependency is pinned
        raise ImportFailure("thiếu thư viện python-docx để đọc tệp Word. Hãy chạy `make` để cài "
                            "lại môi trường") from None
    try:
        document = docx.Document(io.BytesIO(data))
        source = Source("docx", [])
        source.legacy = convert_docx(document, qn)   # runs in .VnTime, VNI-Times … → Unicode
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                sheet, raw = _word_table(block, f"bảng {len(source.sheets) + 1}")
                sheet.before = list(source.lines)
                source.sheets.append(sheet)
                source.tables_text.append(_columns_text(raw))
                source.lines.append(f"\x00table {len(source.sheets) - 1}")
            else:
                source.lines += [cell_text(part) for part in block.text.split("\n")]
        return source
    except ImportFailure:
        raise
    except Exception:
        raise ImportFailure("không đọc được tệp Word (bị hỏng hoặc cấu trúc lạ). Hãy mở bằng "
                            "Word, Lưu thành (Save As) .docx, rồi nhập lại") from None


def _word_table(table, label: str) -> tuple[Sheet, list[list[str]]]:
    """The table as cleaned cells, and its raw cell texts (line breaks kept)."""
    from docx.oxml.ns import qn
    raw, spans = [], {}
    for index, row in enumerate(table.rows):
        cells = [cell.text for cell in row.cells][:MAX_COLUMNS]
        if index >= MAX_ROWS and any(cell.strip() for cell in cells):
            raise too_many_rows(f"{label}: ", index + 1)
        raw.append(cells)
        column = 0
        for tc in row._tr.iterchildren(qn("w:tc")):
            span = tc.grid_span
            if span > 1:
                spans.setdefault(index, []).append((column, column + span - 1))
            column += span
    width = max((len(r) for r in raw), default=0)
    rows = [[cell_text(c) for c in r] + [""] * (width - len(r)) for r in raw]
    return _trimmed(Sheet(label, rows, list(range(1, len(rows) + 1)), spans)), raw


def _columns_text(rows: list[list[str]]) -> list[str]:
    """A layout table (header: unit │ motto) read column by column, each cell once."""
    out: list[str] = []
    width = max((len(r) for r in rows), default=0)
    for column in range(width):
        previous = None
        for row in rows:
            cell = row[column] if column < len(row) else ""
            if cell.strip() and cell != previous and (column == 0 or cell != row[column - 1]):
                out += [cell_text(part) for part in cell.split("\n")]
            previous = cell
    return out
