"""What the text around an award list says: the decision, its date and issuer, the level,
the school year, and the title or form that the whole list shares.

Read from a sheet's title block ("Kèm theo Quyết định số 52/QĐ-THCSHA ngày 25/5/2025 của
Hiệu trưởng Trường THCS Hòa An") and from a Word decision's header and articles ("Số:
52/QĐ-…", "Hòa An, ngày 25 tháng 5 năm 2025", "HIỆU TRƯỞNG TRƯỜNG THCS HÒA AN",
"Điều 1. Công nhận danh hiệu “Lao động tiên tiến” …"). Patterns run on the folded line
(vietnamese.folded keeps offsets), values are cut from the original.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bangvang.records.text import fold
from bangvang.records.vocabulary import Vocabulary
from .documents import (DATE_WORDS, DOC_NUMBER, SCHOOL_YEAR, clean_value, is_document_number, make_date, normal_number)
from .vietnamese import folded, is_upper_line, name_case

# Short forms used in lists: folded text → vocabulary key (used only when the key exists).
ALIASES = {
    "ldtt": "lao-dong-tien-tien", "cstdcs": "chien-si-thi-dua-co-so",
    "cstd co so": "chien-si-thi-dua-co-so", "cstd cap co so": "chien-si-thi-dua-co-so",
    "chien si thi dua cap co so": "chien-si-thi-dua-co-so",
    "cstd cap tinh": "chien-si-thi-dua-cap-tinh",
    "chien si thi dua cap thanh pho": "chien-si-thi-dua-cap-tinh",
    "cstd toan quoc": "chien-si-thi-dua-toan-quoc",
    "tt ldtt": "tap-the-lao-dong-tien-tien", "tap the ldtt": "tap-the-lao-dong-tien-tien",
    "tt ldxs": "tap-the-lao-dong-xuat-sac", "tap the ldxs": "tap-the-lao-dong-xuat-sac",
    "hsxs": "hoc-sinh-xuat-sac", "hs xuat sac": "hoc-sinh-xuat-sac",
    "hstb": "hoc-sinh-tieu-bieu", "hs tieu bieu": "hoc-sinh-tieu-bieu",
    "cnbh": "chau-ngoan-bac-ho", "gk": "giay-khen", "bk": "bang-khen", "knc": "ky-niem-chuong",
}
_LEADS = re.compile(r"^(?:duoc\s+)?(?:tang thuong|tang|cong nhan|dat|de nghi|khen thuong)?\s*"
                    r"(?:danh hieu|hinh thuc)?\s*(?:thi dua)?\s*[:“\"']*\s*")
LEVEL_WORDS = [  # folded words in an issuer → level; the earliest (then longest) match wins
    (r"thu tuong|chinh phu|chu tich nuoc|trung uong", "trung-uong"),
    (r"bo truong|bo giao duc|bo gd|bo noi vu|bo\b", "bo-nganh"),
    (r"giam doc so|so giao duc|so gd|so\b|tinh|thanh pho", "tinh"),
    (r"truong phong|phong giao duc|phong gd|quan|huyen|thi xa", "huyen"),
    (r"phuong|xa|thi tran", "xa"),
    (r"hieu truong|truong|lien doi|tong phu trach", "truong"),
]
NUMBER_CODES = [  # the issuer's code in a number ("52/QĐ-THCSHA") → level
    (r"^(thcs|thpt|th|mn|mg|tieu hoc|ptdt|ptcs|tr)", "truong"), (r"^pgd", "huyen"),
    (r"^sgd", "tinh"), (r"^bgd", "bo-nganh"), (r"^ttg", "trung-uong"),
]


CITING = _CITING = re.compile(r"^\W*(?:can cu|thuc hien|xet de nghi|theo de nghi|xet|theo|trich)\b")
_DAY_SLASH = re.compile(r"\bngay\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4,5})\b")


@dataclass
class Facts:
    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    school_year: str | None = None
    award: tuple[str, str] | None = None     # ("titles" | "forms", key) shared by the list
    group: str | None = None                 # "collective", "student" or "person"
    # Where "number" and "date" were read: (line as read, start, end) — a scan's doubt
    # about them is cut from the words at those offsets (scan.value_doubt).
    where: dict = field(default_factory=dict)


def find_award(text: str, vocabulary: Vocabulary, prefer: str = "titles") -> tuple[str, str] | None:
    """A title or form named by a cell ("Lao động tiên tiến", "LĐTT", "Giấy khen của Hiệu
    trưởng", "Đạt danh hiệu CSTĐ cơ sở"): (vocabulary list, key), or None."""
    key = " ".join(re.findall(r"[a-z0-9]+", fold(text)))
    if not key:
        return None
    order = (prefer, "forms" if prefer == "titles" else "titles")
    for name in order:
        found = vocabulary.resolve(name, text.strip(" \"'“”"))
        if found:
            return name, found
    key = _LEADS.sub("", key).strip() or key
    for alias, target in ALIASES.items():
        if key == alias:
            for name in order:
                if target in vocabulary.lists[name]:
                    return name, target
    best = None
    for name in order:
        for term in vocabulary.lists[name].values():
            label = " ".join(re.findall(r"[a-z0-9]+", fold(term.label)))
            if label and (key == label or key.startswith(label + " ")):
                if best is None or len(label) > best[0]:
                    best = (len(label), name, term.key)
    return (best[1], best[2]) if best else None


def terms_in(text: str, vocabulary: Vocabulary) -> list[tuple[str, str]]:
    """Every title or form whose label (or short form) is written in a line, longest first,
    without overlaps: "Tập thể lao động tiên tiến" is not also "Lao động tiên tiến"."""
    words = " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "
    candidates = []
    for name in ("titles", "forms"):
        for term in vocabulary.lists[name].values():
            label = " ".join(re.findall(r"[a-z0-9]+", fold(term.label)))
            candidates.append((label, name, term.key))
    for alias, target in ALIASES.items():
        for name in ("titles", "forms"):
            if target in vocabulary.lists[name]:
                candidates.append((alias, name, target))
    found, taken = [], []
    for label, name, key in sorted(candidates, key=lambda c: -len(c[0])):
        for match in re.finditer(re.escape(f" {label} "), words):
            span = (match.start(), match.end())
            if label and not any(a < span[1] and span[0] < b for a, b in taken):
                taken.append(span)
                if (name, key) not in found:
                    found.append((name, key))
    return found


def level_of(issuer: str | None, number: str | None, vocabulary: Vocabulary) -> str | None:
    """The award level from who signed ("Hiệu trưởng …" → truong, "Chủ tịch UBND phường …"
    → xa) or, failing that, from the issuer's code in the decision number."""
    levels = vocabulary.lists["levels"]
    text = fold(issuer or "")
    best = None
    for pattern, level in LEVEL_WORDS:
        for match in re.finditer(rf"\b(?:{pattern})", text):
            rank = (match.start(), -(match.end() - match.start()))
            if level in levels and (best is None or rank < best[0]):
                best = (rank, level)
    if best:
        return best[1]
    code = fold(number or "").partition("/")[2]
    code = re.sub(r"^(qd|q)\s*[-/]\s*", "", code)
    for pattern, level in NUMBER_CODES:
        if re.match(pattern, code) and level in levels:
            return level
    return None


def read_facts(lines: list[str], vocabulary: Vocabulary) -> Facts:
    """Facts written in these lines (a title block, or a decision's text)."""
    facts = Facts()
    clean = [" ".join(line.split()) for line in lines if line and line.strip()]
    folds = [folded(line) for line in clean]
    for line, fline in zip(clean, folds):
        if _CITING.match(fline):
            continue   # "Căn cứ Quyết định số …": another document's number and date
        if facts.number is None:
            _number_in(line, fline, facts)
        if facts.date is None:
            facts.date, span = _date_span(fline)
            if facts.date:
                facts.where["date"] = (line, *span)
    facts.issuer = _issuer(clean, folds)
    years = {f"{a}-{b}" for fline in folds for a, b in SCHOOL_YEAR.findall(fline)
             if int(b) == int(a) + 1}
    if len(years) == 1:
        facts.school_year = years.pop()
    return facts


def _number_in(line: str, fline: str, facts: Facts) -> None:
    for lead in re.finditer(r"\b(?:quyet dinh|qd)\s*(?:so)?\s*[:.]?\s*|^\W*so\s*[:.]\s*|"
                            r"\bso\s*:\s*", fline):
        match = DOC_NUMBER.match(line, lead.end())
        if match and is_document_number(normal_number(match.group(0))):
            facts.number = normal_number(match.group(0))
            facts.where["number"] = (line, match.start(), match.end())
            if facts.date is None:
                facts.date, span = _date_span(fline, match.end())
                if facts.date:
                    facts.where["date"] = (line, *span)
            return


def _date_span(fline: str, start: int = 0) -> tuple[dt.date | None, tuple[int, int]]:
    """The first date written in the folded line from `start`, and its offsets."""
    match = DATE_WORDS.search(fline, start)
    if match:
        found = make_date(*(g.strip(" ._…") for g in match.groups()))
        if found:
            return found, match.span()
    match = _DAY_SLASH.search(fline, start)
    found = make_date(*match.groups()) if match else None
    return found, (match.span() if found else (0, 0))


def _issuer(lines: list[str], folds: list[str]) -> str | None:
    """Who decided: "… của Hiệu trưởng Trường X" in a title block, the authority line under
    the decision's title ("HIỆU TRƯỞNG TRƯỜNG THCS HÒA AN"), or the unit in its header."""
    for line, fline in zip(lines, folds):
        match = None if _CITING.match(fline) else \
            re.search(r"\b(?:quyet dinh|qd)\s*(?:so\b|:).*?\bcua\s+", fline)
        if match:
            rest = line[match.end():]
            stop = re.search(r"\s+(?:ve\s|v/v)|[()\];]", folded(rest))
            value = clean_value(rest[:stop.start()] if stop else rest)
            if value:
                return name_case(value)
    for index, fline in enumerate(folds):
        if re.match(r"^\W*quyet dinh\W*$", fline):
            for line, after in zip(lines[index + 1:index + 5], folds[index + 1:index + 5]):
                if re.match(r"(hieu truong|chu tich|giam doc|truong phong|bo truong|thu tuong|"
                            r"hoi dong|ban chap hanh|ban thuong vu)\b", after):
                    return _authority(line)
    units = [line for line, fline in zip(lines[:8], folds[:8])
             if re.match(r"(truong|uy ban|ubnd|phong|so |hoi dong|lien doi)\b", fline)
             and not re.match(r"truong\s*(ban|phong)\b", fline)]
    return name_case(units[-1].strip(" .:")) if units else None


def _authority(line: str) -> str:
    """"HIỆU TRƯỞNG TRƯỜNG THCS HÒA AN" → "Hiệu trưởng Trường THCS Hòa An"."""
    line = line.strip(" .:")
    if not is_upper_line(line):
        return line
    words = line.split()
    for size in (3, 2):    # "CHỦ TỊCH ỦY BAN …", "HIỆU TRƯỞNG TRƯỜNG …": the office, then the body
        head = " ".join(words[:size])
        if fold(head) in ("hieu truong", "chu tich", "giam doc", "truong phong", "bo truong",
                          "thu tuong", "pho chu tich", "pho giam doc", "pho hieu truong"):
            rest = name_case(" ".join(words[size:]))
            return f"{head.capitalize()} {rest[:1].upper()}{rest[1:]}".strip()
    return name_case(line)


def group_of(lines: list[str]) -> str | None:
    """Who the list is for, from its title: "Danh sách tập thể …", "… học sinh …"."""
    text = " ".join(fold(line) for line in lines)
    collective = re.search(r"\btap the\b(?!\s+(?:va|,)?\s*ca nhan)", text) and \
        not re.search(r"\bca nhan\b", text)
    if collective:
        return "collective"
    if re.search(r"\bhoc sinh\b", text) and not re.search(r"\b(giao vien|can bo|nhan vien)\b", text):
        return "student"
    return None
