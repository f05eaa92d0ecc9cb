"""Measurable targets in a plan: "tối thiểu 15% …", "ít nhất 05 giáo viên …", with the unit."""
from __future__ import annotations

import re

from .documents import clean_value
from .vietnamese import folded

_TARGET_CUE = re.compile(r"\b(toi thieu|it nhat|phan dau|chi tieu|dat tu|dat tren|"
                         r"dat|tren|tu|duoi|khong co|khong de|100\s*%|moi)\b")
_NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7,
                 "tam": 8, "chin": 9, "muoi": 10}
_KNOWN_UNITS = {"sang kien", "chuyen de", "tiet day", "giao vien", "hoc sinh", "tap the", "ca nhan",
              "bai viet", "viec tot", "de tai", "tiet hoc", "hoat dong", "cong trinh", "dien hinh",
              "guong dien hinh", "bai du thi", "giai thuong", "to chuyen mon", "goc than thien",
              "goc hoc tap", "doan vien", "dang vien", "lop hoc", "ngay cong",
              "ngay luong", "san pham", "video clip", "bai giang", "nha giao", "bo quan ao",
              "bong hoa diem tot", "cong trinh mang non"}
# Counts: "1.500" is one thousand five hundred; "78,6" is a decimal.
_COUNT = r"(\d{1,3}(?:\.\d{3})+(?![\d,])|\d{1,5}(?:,\d{1,2})?)"


def _count_value(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _unit_after(text: str, fold: str, position: int) -> str | None:
    """The noun after a number: "30 đầu sách", "01 bài viết mỗi lớp", "05 giáo viên đạt …"."""
    after = fold[position:]
    skipped = len(after) - len(after.lstrip())
    words = re.split(r"\s+", re.split(r"[,;:.()%]", after)[0].strip())
    known = next((" ".join(words[:n]) for n in (4, 3, 2)
                  if len(words) >= n and " ".join(words[:n]) in _KNOWN_UNITS), None)
    if known:
        unit_fold = known
    else:
        kept = []
        for word in words[:1 if words[0] in _MEASURES else 2]:
            if not word or word in _UNIT_STOP or not word.isalpha():
                break
            kept.append(word)
        unit_fold = " ".join(kept)
    start = position + skipped
    unit = text[start:start + len(unit_fold)].strip(" ,.;") if unit_fold else ""
    return unit or None


_MEASURES = {"kg", "tan", "m", "km", "lit", "trieu", "nghin", "ty", "gio", "phut", "tieng", "buoi",
             "lan", "nguoi", "em"}
_UNIT_STOP = {"co", "duoc", "trong", "cua", "tham", "dat", "moi", "tren", "o", "tai", "va", "cho",
              "ve", "tu", "den", "la", "se", "phai", "khong", "cac", "nhung", "nam", "thang"}


# "Không quá 0,5% học sinh bỏ học" is met by a result at or below the number (`comparison:
# toi-da`); the first cue of either kind decides ("tối thiểu 90% … không quá 2 lần" is ≥).
_AT_MOST = re.compile(r"\b(toi da|khong qua|khong vuot qua|khong vuot|duoi|it hon|thap hon)\b")
_AT_LEAST = re.compile(r"\b(toi thieu|it nhat|phan dau|dat tu|dat tren)\b")


def comparison_of(fold: str) -> str | None:
    """"toi-da" when the target is a ceiling; None for the default (a floor)."""
    at_most, at_least = _AT_MOST.search(fold), _AT_LEAST.search(fold)
    if at_most and (not at_least or at_most.start() < at_least.start()):
        return "toi-da"
    return None


def target_of(clause: str, in_section: bool) -> dict | None:
    text = clause.strip().lstrip("-+•*– ").strip()
    text = re.sub(r"^[a-zđ]\)\s*|^\d{1,2}(?:\.\d{1,2})*[.)]\s+", "", text)
    fold = folded(text)
    percent = re.search(r"(\d{1,3}(?:[.,]\d{1,2})?)\s*%", fold)
    cue = re.search(r"\b(toi thieu|it nhat|phan dau|chi tieu)\s+(?:(?:dat|la|co|tu)\s+)*"
                    r"(" + _COUNT[1:-1] + r"|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\b", fold)
    if cue and cue.group(2) == "nam" and re.match(r"\s+(hoc|\d{4})\b", fold[cue.end():]):
        cue = None   # "chỉ tiêu năm học": năm is the year here, not the number five
    value = None
    unit = None
    if percent:
        starts = fold.strip().startswith(percent.group(0)) or re.match(r"^\d{1,3}(?:[.,]\d+)?\s*%",
                                                                      fold.strip())
        if not (in_section or starts or _TARGET_CUE.search(fold[:percent.start()] + " ")
                and re.search(r"\b(toi thieu|it nhat|phan dau|chi tieu|dat|tren|"
                              r"duoi)\b", fold[max(0, percent.start() - 30):percent.start()])):
            if not starts and not in_section:
                return None
        value = float(percent.group(1).replace(",", "."))
        unit = "%"
    elif cue:
        word = cue.group(2)
        value = float(_NUMBER_WORDS.get(word, 0) or _count_value(word))
        unit = _unit_after(text, fold, cue.end())
    elif in_section and re.search(r"\d", fold) and len(text) > 10:
        number = re.search(r"\b" + _COUNT + r"(?![\d/])", fold)
        if number:
            value = _count_value(number.group(1))
            unit = _unit_after(text, fold, number.end())
    else:
        return None
    if len(text) < 8:
        return None
    text = clean_value(text)
    text = text[:1].upper() + text[1:]
    if value is not None and value == int(value):
        value = int(value)
    target = {"text": text, "value": value, "unit": unit}
    if value is not None and comparison_of(fold):
        target["comparison"] = comparison_of(fold)
    return target
