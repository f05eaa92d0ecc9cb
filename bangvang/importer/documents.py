"""Official documents cited in a plan: numbers, dates, and "Căn cứ …" lines.

Patterns run on the folded line (see vietnamese.folded) and values are cut from the
original at the same offsets, so OCR text without accents reads the same way.
"""
from __future__ import annotations

import datetime as dt
import re

from bangvang.records.text import DateError, normalise_number, parse_date
from .clean import strip_emphasis
from .vietnamese import folded

_CODE_PART = r"[A-ZĐƯ][A-Za-zĐđƯư0-9&]*"
DOC_NUMBER = re.compile(
    r"(?<![\w/.,-])(\d{1,5}(?:\s*/\s*\d{4})?)\s*([/-])\s*(" + _CODE_PART +
    r"(?:\s*[-/.]\s*" + _CODE_PART + r")*)")
# Folded: "ngay 07 thang 02 nam 2022", "ngay 7/4/2014", "ngay  thang 02 nam 2022".
_DAY = r"(\d{1,2}|[._…\s]*)"
DATE_WORDS = re.compile(r"\bng[a-z]{0,2}y\s*" + _DAY + r"\s*th[a-z]{1,3}g\s*(\d{1,2}|[._…\s]*?)\s*"
                        r"n[a-z]{1,2}m\s*(\d{4,5})\b")
DATE_SLASH = re.compile(r"\b(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4,5})\b")
DATE_AFTER = re.compile(r"^\s*[,(]?\s*(?:ban hanh\s+|ky\s+)?(?:ngay|vao ngay)\s*(?:"
                        r"(\d{1,2})\s*th[a-z]{1,3}g\s*(\d{1,2})\s*n[a-z]{1,2}m\s*(\d{4})|"
                        r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}))")
SCHOOL_YEAR = re.compile(r"\b(20\d\d|19\d\d)\s*[-–—/]\s*(20\d\d|19\d\d)\b")
YEAR = re.compile(r"\bn[a-z]{1,2}m\s+(20\d\d|19\d\d)\b(?!\s*[-–—/]\s*\d)")
BASIS_START = re.compile(r"^[-+•*]?\s*(can cu|thuc hien|thi hanh|trien khai thuc hien|"
                          r"quan triet|theo (?=(?:ke hoach|quyet dinh|cong van|huong dan|chi thi|"
                          r"thong tu|nghi dinh|luat|van ban|nghi quyet)))\b")
_DOC_KIND = re.compile(r"^(luat|nghi dinh|nghi quyet|thong tu|quyet dinh|chi thi|ke hoach|"
                       r"cong van|huong dan|van ban|dieu le|quy che|quy dinh|thong bao|"
                       r"chuong trinh|bo luat|phap lenh|hien phap|cv|kh|qd|ct|tt|nd|hd)\b")


def clean_value(text: str) -> str:
    text = strip_emphasis(text)
    text = text.strip(" \t-–—:;,./")
    return " ".join(text.split())


# A document a school keeps is dated between the first documents of the Vietnamese state
# and the next year (a plan for the coming school year): "20283" or "2923" is a digit misread
# (OCR, a slip of the keyboard), never a date. (Dates match 5-digit years for that reason:
# the line is found and said to be doubtful instead of another line's date being taken.)
FIRST_YEAR = 1945
YEARS_AHEAD = 1


def plausible_year(year: int | str) -> bool:
    """Whether a document could be dated in this year."""
    try:
        return FIRST_YEAR <= int(year) <= dt.date.today().year + YEARS_AHEAD
    except (TypeError, ValueError):
        return False


def make_date(day: str | None, month: str | None, year: str | None) -> dt.date | None:
    """The date, or None when it is not on the calendar or its year is not plausible."""
    if not plausible_year(year):
        return None
    try:
        return parse_date(f"{int(day)}/{int(month)}/{int(year)}")
    except (DateError, TypeError, ValueError):
        return None


# Where a number is a year in a document's text: a date in words or digits, the year part of
# a document number ("98/2023/NĐ-CP"), a school year or period ("2024-2025").
_YEAR_SPOTS = (
    re.compile(r"\bng[a-z]{0,2}y\s*\d{1,2}\s*th[a-z]{1,3}g\s*\d{1,2}\s*n[a-z]{1,2}m\s*(\d{3,6})\b"),
    re.compile(r"\b\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*(\d{3,6})\b"),
    re.compile(r"(?<![\d/])\d{1,5}\s*/\s*(\d{3,6})\s*/\s*[A-Z]", re.IGNORECASE),
)
_PERIOD = re.compile(r"\b((?:19|20)\d{2,4})\s*[-–—]\s*((?:19|20)\d{2,4})\b")
_AFTER_NAM = re.compile(r"\bn[a-z]{1,2}m\s+(?:hoc\s+)?((?:19|20)\d{1,4})\b")


def odd_years(text: str) -> list[str]:
    """Numbers standing where a year is written (a date, a document number, a school year)
    that cannot be one: "ngày 03 tháng 10 năm 20283", "2023 - 20245". Never corrected:
    the line they are on is shown to a person (scan.py)."""
    fold = folded(text)
    found = [m.group(1) for spot in _YEAR_SPOTS for m in spot.finditer(fold)
             if not plausible_year(m.group(1))]
    # A period ("giai đoạn 2021-2030") or a year named ("đến năm 2030") may reach far ahead,
    # never past the century nor to a year of 3 or 5 digits.
    spans = [m.group(1) for m in _AFTER_NAM.finditer(fold)]
    spans += [y for m in _PERIOD.finditer(fold) for y in m.groups()]
    found += [y for y in spans if len(y) != 4 or not FIRST_YEAR <= int(y) <= 2100]
    return list(dict.fromkeys(found))


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None

# Codes that OCR or a keyboard without Vietnamese writes without Đ: put it back.
_CODES_WITH_D = {code.replace("Đ", "D"): code for code in (
    "QĐ", "NĐ", "GDĐT", "PGDĐT", "SGDĐT", "BGDĐT", "HĐTĐKT", "TĐKT", "BTĐKT", "ĐU", "ĐTN",
    "TWĐTN", "LĐLĐ", "CĐ", "CĐGD", "BCĐ", "HĐND", "ĐHĐ", "UBTVQH")}


def normal_number(text: str) -> str:
    text = normalise_number(text).rstrip(".,;:")
    text = re.sub(r"\s+", "", text)
    head, slash, codes = text.partition("/") if "/" in text else ("", "", text)
    codes = re.sub(r"[A-Za-z]+", lambda m: _CODES_WITH_D.get(m.group(0).upper(), m.group(0)), codes)
    return f"{head}{slash}{codes}"


_TYPE_CODES = {"KH", "QĐ", "QD", "CT", "TT", "NĐ", "ND", "NQ", "HD", "HĐ", "CV", "TB", "BC",
               "TTR", "KL", "QH", "QC", "CTR", "TTLT", "PL", "UBND", "TU", "TW", "SGDĐT",
               "PGDĐT", "BGDĐT", "VP", "GDĐT", "TCCB", "HĐTĐKT", "BTĐKT", "TĐKT", "BNV", "CP",
               "TTG", "TTg", "UBTVQH", "HU", "QU", "TƯ", "ĐU", "ĐTN", "TWĐTN", "LĐLĐ", "CĐ",
               "CĐGD", "SNV", "BCĐ", "KH-UBND"}


def is_document_number(number: str) -> bool:
    codes = re.findall(r"[A-Za-zĐđƯư&]+\d*", number)
    if not codes:
        return False
    upper = sum(1 for ch in number if ch.isupper())
    if upper < 2:
        return False
    return any(re.sub(r"\d+$", "", c).upper() in _TYPE_CODES or len(c) >= 2 for c in codes)


def date_after(fold: str, position: int) -> str | None:
    match = DATE_AFTER.match(fold[position:])
    if not match:
        return None
    groups = match.groups()
    day, month, year = groups[0:3] if groups[0] else groups[3:6]
    return iso(make_date(day, month, year))


def split_documents(text: str) -> list[str]:
    pieces = []
    for part in re.split(r";\s*|\.\s+(?=(?:Căn cứ|Thực hiện|Can cu|Thuc hien))", text):
        part = part.strip(" .;")
        if not part:
            continue
        # "… năm 2021, Kế hoạch số 29/KH-UBND …": a second document after a comma.
        fold = folded(part)
        cut = [m.start() for m in re.finditer(r",\s*(?:va\s+)?(?=(?:ke hoach|quyet dinh|cong van|"
                                               r"huong dan|chi thi|thong tu|nghi dinh|nghi quyet)"
                                               r"\s+(?:so\s+)?\d)", fold)]
        start = 0
        for position in cut:
            pieces.append(part[start:position].strip(" ,"))
            start = position + 1
        pieces.append(part[start:].strip(" ,"))
    return [p for p in pieces if p]


def parse_document(text: str) -> dict | None:
    fold = folded(text)
    lead = BASIS_START.match(fold)
    if lead:
        text, fold = text[lead.end():].strip(), fold[lead.end():].strip()
        if fold.startswith("vao "):
            text, fold = text[4:].strip(), fold[4:].strip()
    number_match = DOC_NUMBER.search(text)
    if number_match and not is_document_number(normal_number(number_match.group(0))):
        number_match = None
    if not number_match and not _DOC_KIND.match(fold):
        return None  # "Căn cứ tình hình thực tế của nhà trường"
    number = normal_number(number_match.group(0)) if number_match else None
    after = number_match.end() if number_match else 0
    date = None
    date_end = after
    match = DATE_AFTER.match(fold[after:]) if number_match else None
    if match:
        date = date_after(fold, after)
        date_end = after + match.end()
    else:
        found = re.search(r"\bngay\s*(\d{1,2})\s*(?:th[a-z]{1,3}g|[/.-])\s*(\d{1,2})\s*"
                          r"(?:n[a-z]{1,2}m|[/.-])\s*(\d{4})", fold)
        if found:
            date = iso(make_date(*found.groups()))
            if not number_match:
                date_end = found.end()
    issuer = None
    title = None
    rest = text[date_end:]
    rest_fold = fold[date_end:]
    of = re.search(r"(?:^|\s)cua\s+", rest_fold)
    if of and of.start() < 8:
        issuer_text = rest[of.end():]
        issuer_fold = rest_fold[of.end():]
        stop = re.search(r"\s(?:ve|v/v|quy dinh|huong dan|ban hanh|trien khai|phat dong|"
                         r"thuc hien|to chuc|sua doi|tiep tuc|veviec)\b|[,;(]\s*(?=ve\b)",
                         issuer_fold)
        if stop:
            issuer = issuer_text[:stop.start()]
            title = issuer_text[stop.start():]
        else:
            issuer = issuer_text
    else:
        title = rest
    if not number_match:
        # "Luật Thi đua, khen thưởng ngày 15/6/2022": the name is the title.
        name_end = re.search(r"\s(?:ngay|so)\s", fold)
        head = text[:name_end.start()] if name_end else text
        title = clean_value(head) if not title or not clean_value(title) else title
        if name_end and not title:
            title = clean_value(head)
    issuer = clean_value(re.sub(r"\s*\([A-ZĐ&]{2,}\)", "", issuer)) if issuer else None
    title = clean_value(title) if title else None
    if title:
        # "… của UBND huyện về phát động …": the cited title starts after "về" / "V/v".
        lead = re.match(r"(?:ve|v/v)\s+", folded(title))
        title = title[lead.end():] if lead else title
    if title and number_match is None and folded(title).startswith(("ngay", "so ")):
        title = None
    return {"number": number, "date": date, "issuer": issuer or None, "title": title or None}
