"""A digit Tesseract read as a letter inside a number ("202ó", "ngày 2ó tháng 9",
"0ó/KH-PGDĐT"), put back where the letter stands for one digit only — and always shown.

Tesseract's Vietnamese model reads Carlito's "6" (Calibri's metrics, Word's default face)
as "ó": the bowl is the "o", the stem's curl above it the acute. Measured on the drawn plans
in Carlito (session 22): every "6" misread in a date, a year or a document number came out
"ó", at 83 to 96 % confidence, so the line was often not even a doubt; the brief of the
work also reports "ở" for the same "6" (the curl read as the horn and hook). Neither letter
stands for any other digit, and no number holds a letter, so the reading is one:

  ó, ở (and their capitals, which the model gives on a line in capitals) → 6
  § → 8, and I, l → 1 under the conditions below (a serif face's digits, session 26)

Deliberately left out: "o"/"O" could be 0 or 6 (a zero is already read from "O" only by
scan.fix_ocr_text, where the word is digits and O alone), "b" and "G" are letters of codes
("6A" classes are repair.py's business), and every other marked "o" was never seen for a
digit. A token is corrected only when it is a number's shape — digits with exactly one such
letter, standing alone or as a part of a date or a document number ("1ó/3/2025",
"2025-202ó") — never a word: "ó" alone stays. The line stays a doubt (scan.document_lines),
the record a draft, and its warnings name the field the corrected number went to
(`field_warnings`): a digit is never accepted silently.
"""
from __future__ import annotations

import re

LOOKALIKES = {"ó": "6", "ở": "6", "Ó": "6", "Ở": "6", "§": "8", "I": "1", "l": "1"}
# A serif face's "1" (FreeSerif, Times New Roman: a flag and a foot) is read "I" or "l", and
# its "8" "§" (session 26: "ngày I2 tháng 9", "tháng II năm 2024", "ngày 1§ tháng 9"). "I" and
# "l" are letters of words and Roman numerals ("I.1", "II"), so they are read as 1 only in a
# group that holds a digit too ("I2"), or, alone or doubled, between a date's words.
_ONES = "Il"
_LETTERS = "".join(LOOKALIKES)
# A number's chunk: groups of digits and look-alikes joined by "/", "." or "-" (a date, a
# period, a document number's figures), not touching a letter or another digit.
_CHUNK = re.compile(rf"(?<![\w])[\d{_LETTERS}]+(?:[/.\-–][\d{_LETTERS}]+)*(?![\w])")
_GROUP = re.compile(rf"[\d{_LETTERS}]+")
_CODE_AFTER = re.compile(r"/[A-ZĐ]{2,}")       # "ó/KH-…": a document's number before its code
# "ngày 15 tháng ó năm 2022": a lone letter between a date's words is its day or month.
_DATE_BEFORE = re.compile(r"(?:ngày|tháng)\s+$", re.IGNORECASE)
_DATE_AFTER = re.compile(r"\s+(?:tháng|năm)\b", re.IGNORECASE)


def _in_date(text: str, match: re.Match) -> bool:
    return bool(_DATE_BEFORE.search(text[max(0, match.start() - 12):match.start()]) and
                _DATE_AFTER.match(text, match.end()))


def fixed_digits(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with each look-alike inside a number read as its digit, and the changes
    (chunk as read, chunk as corrected)."""
    changes: list[tuple[str, str]] = []

    def chunk(match: re.Match) -> str:
        read = match.group(0)
        groups = _GROUP.findall(read)
        if not any(c in LOOKALIKES for c in read):
            return read
        numeric = sum(any(c.isdigit() for c in g) for g in groups)
        framed = len(groups) == 1 and bool(_CODE_AFTER.match(text, match.end()) or
                                           _in_date(text, match))
        if numeric == 0 and not framed:
            return read         # a lone "ó": a word, unless a code or a date's words frame it
        if any(not any(c.isdigit() for c in g) and any(c in _ONES for c in g) and
               not (framed and _in_date(text, match)) for g in groups):
            return read         # "I.1", "II/KH": a Roman numeral, not a 1 read as a letter
        if any(sum(c in LOOKALIKES for c in g) > 1 and
               not (framed and set(g) <= set(_ONES) and len(g) == 2) for g in groups):
            return read         # two letters in one group: no longer a number's shape
        new = "".join(LOOKALIKES.get(c, c) for c in read)
        changes.append((read, new))
        return new

    return _CHUNK.sub(chunk, text), changes


def label(changes: list[tuple[str, str]]) -> str:
    """The doubt's label: what was read and what it was taken for."""
    shown = ", ".join(f"“{a}” đọc thành “{b}”" for a, b in changes)
    return f"chữ số máy đọc nhầm thành chữ cái: {shown}, hãy soát lại"


_FIELDS = {"number": "số văn bản", "issued": "ngày ban hành", "title": "trích yếu",
           "issuer": "cơ quan ban hành", "place": "địa danh", "signer.name": "người ký"}


def field_warnings(lines, values: dict) -> list[str]:
    """For every line of a scan whose digits were corrected, a warning naming the fields
    read from it (or the line, when no field was), so the person checks those values."""
    from .scancrops import field_sources
    fixed = [d for d in getattr(lines, "doubts", []) if getattr(d, "digits", None)]
    if not fixed:
        return []
    sources = field_sources(list(lines), {
        "number": values.get("number"), "title": values.get("title"),
        "issuer": values.get("issuer"), "place": values.get("place"),
        "signer.name": (values.get("signer") or {}).get("name")})
    out = []
    for doubt in fixed:
        names = list(sources.get(doubt.line, []))
        if _holds_date(lines[doubt.line] if 0 <= doubt.line < len(lines) else "",
                       values.get("issued")):
            names.insert(0, "issued")
        what = ", ".join(f"“{a}” → “{b}”" for a, b in doubt.digits)
        where = (", ".join(_FIELDS[n] for n in names if n in _FIELDS) if names else
                 f"dòng “{' '.join(doubt.text.split())[:80]}”")
        out.append(f"Chữ số máy đọc thành chữ cái đã được đọc lại ({what}) ở {where} "
                   f"(trang {doubt.page}): hãy so với bản giấy rồi mới công bố")
    return out


def _holds_date(line: str, issued) -> bool:
    """Whether the line writes the date of issue (in words or with slashes)."""
    found = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", str(issued or ""))
    if not found:
        return False
    year, month, day = found.group(1), int(found.group(2)), int(found.group(3))
    return re.search(rf"(?<!\d)0?{day}\D{{1,12}}?(?<!\d)0?{month}\D{{1,12}}?{year}(?!\d)",
                     line) is not None
