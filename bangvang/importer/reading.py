"""Read a plan document into lines of text: .docx (python-docx), .txt and .md.

Word documents keep their order: paragraphs and tables as they appear. The two-column
layout tables of an official document (header: unit | motto, footer: recipients | signer)
are read column by column, so that each column's lines stay together; other tables become
Markdown table rows. Automatic numbering ("I.", "1.", bullets) is written out as text.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from bangvang.records.encoding import HOW_TO_FIX, EncodingProblem, legacy_font_text, read_text
from bangvang.records.text import nfc
from .legacy import Conversion, convert_docx, fix_lines

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
PAGE_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp", ".bmp"}


class ImportFailure(Exception):
    """A file that cannot be imported; the message (Vietnamese) says what to do."""


class ReadLines(list):
    """Lines of a document, plus what the reading itself was unsure of: a scan read by OCR
    (`scanned`), its doubtful lines and cells (scan.Doubt) and the warnings every record made
    from it must carry. A plain list for every other caller."""

    def __init__(self, *args):
        super().__init__(*args)
        self.scanned = False
        self.doubts: list = []
        self.warnings: list[str] = []
        self.images: dict = {}        # a scan's pages as read, by number (doubts are cut out)
        self.legacy = None            # legacy.Conversion: text converted from TCVN3 / VNI


def read_lines(path: str | Path) -> list[str]:
    """The document's text as lines (NFC); raises ImportFailure with a Vietnamese message."""
    path = Path(path)
    if not path.exists():
        raise ImportFailure("không tìm thấy tệp. Hãy kiểm tra tên tệp và thư mục")
    if path.is_dir():
        raise ImportFailure("đây là một thư mục, không phải tệp. Hãy ghi tên từng tệp, ví dụ "
                            "ke-hoach/*.docx")
    suffix = path.suffix.lower()
    if path.stat().st_size == 0:
        raise ImportFailure("tệp rỗng, không có nội dung. Hãy kiểm tra lại tệp (có thể tệp "
                            "chưa được lưu hoặc chép chưa xong)")
    conversion = Conversion()
    if suffix == ".docx":
        text = _read_docx(path, conversion)
    elif suffix in TEXT_SUFFIXES:
        try:
            text = read_text(path)
        except EncodingProblem as problem:
            text = _legacy_text_file(path, problem)
    elif suffix == ".doc":
        raise ImportFailure("tệp Word đời cũ (.doc) chưa đọc được. Hãy mở bằng Word, chọn Lưu "
                            "thành (Save As) kiểu “Word Document (.docx)”, rồi nhập tệp .docx")
    elif suffix in PAGE_SUFFIXES:
        return _read_pages(path)
    else:
        raise ImportFailure(f"không đọc được tệp có đuôi “{path.suffix or '(không có)'}”. Hãy "
                            "dùng tệp Word (.docx) hoặc văn bản (.txt, .md)")
    if suffix != ".docx":
        text = layout_tables_to_columns(text)
    if not text.strip():
        raise ImportFailure("tệp không có chữ nào (chỉ có khoảng trắng hoặc hình ảnh). Nếu là "
                            "bản quét, hãy nhận dạng chữ (OCR) trước rồi nhập tệp văn bản")
    out = ReadLines(nfc(_legacy_checked(text, conversion)).split("\n"))
    out.legacy = conversion
    return out


def _legacy_checked(text: str, conversion: Conversion) -> str:
    """The text with lines typed in TCVN3 / VNI converted where the text decides
    (legacy.fix_lines); ImportFailure when legacy text is left that no table reads."""
    text = "\n".join(fix_lines(text.split("\n"), conversion))
    refusal = conversion.refusal()
    if refusal:
        raise ImportFailure(refusal)
    legacy = legacy_font_text(text)
    if legacy:
        raise ImportFailure(f"dòng {legacy[1]} có vẻ được gõ bằng phông {legacy[0]} (chữ hiện ra "
                            "sai dấu). " + HOW_TO_FIX)
    return text


def _legacy_text_file(path: Path, problem: EncodingProblem) -> str:
    """A text file refused for legacy text (TCVN3 / VNI typed as UTF-8, or saved in the
    legacy 8-bit bytes, which Windows-1252 reads as the same characters): its text, to be
    converted by `_legacy_checked`; the refusal as it was for anything else."""
    if "phông" not in str(problem) and "bảng mã cũ" not in str(problem):
        raise ImportFailure(str(problem)) from None
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\ufffd" in text or not any(legacy_font_text(line) for line in text.split("\n")):
        raise ImportFailure(str(problem)) from None   # Windows-1258 or another encoding
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_pages(path: Path) -> ReadLines:
    """A PDF (text layer or scan) or a photo of pages, through pdf.py or OCR (scan.py)."""
    from .scan import document_lines
    lines = document_lines(path)
    text = "\n".join(lines)
    if not text.strip():
        raise ImportFailure("tệp PDF không có chữ nào đọc được. Hãy kiểm tra lại tệp, hoặc quét "
                            "lại trang ở 300 dpi rồi nhập")
    conversion = lines.legacy or Conversion()
    if not lines.scanned:     # OCR reads the letters drawn, never a legacy font's bytes
        text = _legacy_checked(text, conversion)
    fixed = ReadLines(nfc(text).split("\n"))
    fixed.scanned, fixed.doubts, fixed.warnings = lines.scanned, lines.doubts, lines.warnings
    fixed.images, fixed.legacy = lines.images, conversion
    return fixed


# --- Markdown from pandoc ----------------------------------------------------------------------

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_RULE_ROW = re.compile(r"^\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$")


def layout_tables_to_columns(text: str) -> str:
    """Pipe tables of two or three columns (pandoc's rendering of the header and signature
    layout tables) read column by column, like the same tables in a .docx."""
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        if not _PIPE_ROW.match(lines[index]):
            out.append(lines[index])
            index += 1
            continue
        block = []
        while index < len(lines) and _PIPE_ROW.match(lines[index]):
            block.append(lines[index])
            index += 1
        rows = [[cell.strip() for cell in row.strip().strip("|").split("|")]
                for row in block if not _RULE_ROW.match(row)]
        width = max(len(row) for row in rows) if rows else 0
        if not 2 <= width <= 3 or len(rows) > 12:
            out += block
            continue
        for column in range(width):
            for row in rows:
                if column < len(row) and row[column]:
                    out += re.split(r"<br\s*/?>", row[column])
            out.append("")
    return "\n".join(out)


# --- .docx ---------------------------------------------------------------------------------

def _read_docx(path: Path, conversion: Conversion) -> str:
    try:
        import docx  # python-docx
        from docx.oxml.ns import qn
    except ImportError:  # pragma: no cover - the dependency is pinned
        raise ImportFailure("thiếu thư viện python-docx để đọc tệp Word. Hãy chạy `make` để cài "
                            "lại môi trường") from None
    if not zipfile.is_zipfile(path):
        raise ImportFailure("tệp không phải tệp Word .docx thật (có thể bị hỏng, hoặc là tệp "
                            ".doc đổi tên). Hãy mở bằng Word rồi Lưu thành (Save As) .docx, rồi "
                            "nhập lại")
    try:
        document = docx.Document(str(path))
    except Exception:  # python-docx raises many kinds of errors on broken packages
        raise ImportFailure("tệp Word bị hỏng, không mở được. Hãy mở bằng Word (Word sẽ đề nghị "
                            "sửa), Lưu thành (Save As) .docx, rồi nhập lại") from None
    try:
        conversion.merge(convert_docx(document, qn))   # runs in .VnTime, VNI-Times … → Unicode
        numbering = _Numbering(document, qn)
        lines: list[str] = []
        body = document.element.body
        for child in body.iterchildren():
            if child.tag == qn("w:p"):
                lines.append(_paragraph_text(child, numbering, qn))
            elif child.tag == qn("w:tbl"):
                lines.extend(_table_lines(child, numbering, qn))
        return "\n".join(lines)
    except ImportFailure:
        raise
    except Exception:
        raise ImportFailure("không đọc được nội dung tệp Word (cấu trúc lạ). Hãy mở bằng Word, "
                            "Lưu thành (Save As) .docx hoặc Văn bản thuần (.txt, UTF-8), rồi "
                            "nhập lại") from None


_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _paragraph_text(p, numbering, qn) -> str:
    parts = []
    # A text box is stored twice (mc:Choice for new Word, mc:Fallback for old): read it once.
    has_fallback = next(p.iter(_FALLBACK), None) is not None
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")):
        if has_fallback and any(a.tag == _FALLBACK for a in node.iterancestors()):
            continue
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            # w:tab also appears inside tab-stop definitions (w:tabs): only run tabs count.
            if node.getparent() is not None and node.getparent().tag == qn("w:r"):
                parts.append("\t")
        elif node.tag == qn("w:noBreakHyphen"):
            parts.append("-")
        else:
            parts.append("\n")
    text = "".join(parts)
    label = numbering.label(p)
    if label and text.strip():
        text = f"{label} {text.lstrip()}"
    return text


def _cells(row, qn) -> list:
    return [tc for tc in row.iterchildren(qn("w:tc"))]


def _cell_lines(tc, numbering, qn) -> list[str]:
    lines = []
    for child in tc.iterchildren():
        if child.tag == qn("w:p"):
            lines.extend(_paragraph_text(child, numbering, qn).split("\n"))
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(child, numbering, qn))
    return lines


def _table_lines(tbl, numbering, qn) -> list[str]:
    rows = [_cells(tr, qn) for tr in tbl.iterchildren(qn("w:tr"))]
    rows = [r for r in rows if r]
    if not rows:
        return []
    width = max(len(r) for r in rows)
    texts = [[_cell_lines(tc, numbering, qn) for tc in r] for r in rows]
    if width <= 3 and len(rows) <= 6:
        # Layout table (header, signature): column by column.
        lines = []
        for column in range(width):
            for row in texts:
                if column < len(row):
                    lines.extend(row[column])
            lines.append("")
        return lines
    lines = [""]
    for index, row in enumerate(texts):
        cells = [" ".join(" ".join(cell).split()).replace("|", "/") for cell in row]
        lines.append("| " + " | ".join(cells) + " |")
        if index == 0:
            lines.append("|" + "---|" * len(cells))
    lines.append("")
    return lines


class _Numbering:
    """Automatic numbering of paragraphs (numPr), written out as text: "I.", "1.1.", "-"."""

    def __init__(self, document, qn):
        self.qn = qn
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.styles = {}
        try:
            part = document.part.numbering_part
            root = part.element
        except Exception:
            root = None
        if root is not None:
            abstract = {}
            for node in root.iterchildren(qn("w:abstractNum")):
                levels = {}
                for lvl in node.iterchildren(qn("w:lvl")):
                    ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                    fmt = _val(lvl, "w:numFmt", qn) or "decimal"
                    text = _val(lvl, "w:lvlText", qn) or ""
                    start = int(_val(lvl, "w:start", qn) or "1")
                    levels[ilvl] = (fmt, text, start)
                abstract[node.get(qn("w:abstractNumId"))] = levels
            for num in root.iterchildren(qn("w:num")):
                ref = num.find(qn("w:abstractNumId"))
                levels = abstract.get(ref.get(qn("w:val")) if ref is not None else None, {})
                for ilvl, value in levels.items():
                    self.formats[(num.get(qn("w:numId")), ilvl)] = value
        try:
            for style in document.styles:
                ppr = style.element.find(qn("w:pPr"))
                num = ppr.find(qn("w:numPr")) if ppr is not None else None
                if num is not None:
                    self.styles[style.style_id] = num
        except Exception:
            pass

    def label(self, p) -> str:
        qn = self.qn
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            return ""
        num = ppr.find(qn("w:numPr"))
        if num is None:
            style = ppr.find(qn("w:pStyle"))
            num = self.styles.get(style.get(qn("w:val"))) if style is not None else None
        if num is None:
            return ""
        num_id = _val(num, "w:numId", qn)
        ilvl = int(_val(num, "w:ilvl", qn) or "0")
        if not num_id or num_id == "0":
            return ""
        fmt = self.formats.get((num_id, ilvl))
        if fmt is None:
            return "-"
        kind, text, start = fmt
        if kind == "bullet":
            return "-" if ilvl == 0 else "+"
        if kind == "none":
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def number(match: re.Match) -> str:
            level = int(match.group(1)) - 1
            level_fmt = self.formats.get((num_id, level), ("decimal", "", 1))[0]
            value = counters.get(level, self.formats.get((num_id, level), ("", "", 1))[2])
            return _format_number(value, level_fmt)

        return re.sub(r"%(\d)", number, text).strip()


def _val(node, tag, qn):
    child = node.find(qn(tag))
    return child.get(qn("w:val")) if child is not None else None


def _format_number(value: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(value)
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt == "upperLetter":
        return chr(ord("A") + (value - 1) % 26)
    if fmt == "lowerLetter":
        return chr(ord("a") + (value - 1) % 26)
    return str(value)


def _roman(value: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for size, letters in numerals:
        while value >= size:
            out += letters
            value -= size
    return out
