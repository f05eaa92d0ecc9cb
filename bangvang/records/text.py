"""Vietnamese text helpers: normalisation, folding, slugs, sorting, display formats."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

# Vietnamese alphabet order. Letters with a modifier (ă â đ ê ô ơ ư) are letters of their
# own, sorted after their base; tone marks are compared only after the letters.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Tone marks (combining), in the order dictionaries use.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case, without tones or letter marks, đ→d: "Đặng Văn Đỗ" → "dang van do"."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def slugify(text: str, separator: str = "-") -> str:
    """ASCII kebab-case slug; đ→d explicitly since NFD stripping keeps it."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    return separator.join(words)


def _split_letter(ch: str) -> tuple[str, int]:
    """One precomposed character → (base letter with its letter mark, tone rank)."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base, tone = decomposed[0], 0
    for mark in decomposed[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark == "\u0306":
            base = "ă"
        elif mark == "\u0302":
            base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
        elif mark == "\u031b":
            base = {"o": "ơ", "u": "ư"}.get(base, base)
    return base, tone


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple:
    """Vietnamese alphabetical key: letters first (a < ă < â < b …), tones as a tie-break."""
    letters, tones = [], []
    for ch in nfc(text.strip()):
        base, tone = _split_letter(ch)
        letters.append(_LETTER_RANK.get(base, 100 + ord(base)) if base.isalpha() else
                       (0 if base.isspace() else 50 + ord(base)))
        tones.append(tone)
    return (tuple(letters), tuple(tones))


@lru_cache(maxsize=65536)
def name_sort_key(name: str) -> tuple:
    """People sort by given name (last word), then middle names, then family name."""
    words = name.split()
    if not words:
        return ()
    ordered = [words[-1], *words[1:-1], words[0]] if len(words) > 1 else words
    # Each word compares whole (letters, then tones) before the next: Anh < Ánh < Ăn.
    return tuple(sort_key(w) for w in ordered)


def initials(name: str) -> str:
    """ "Nguyễn Văn Ánh" → "N.V.A.": first letters without tones (Đ, Ư … keep their marks)."""
    return "".join(_split_letter(word[0])[0].upper() + "." for word in name.split())


def normalise_number(number: str) -> str:
    """Document numbers as written officially: "12 /KH-THCS" → "12/KH-THCS"."""
    return re.sub(r"\s*([/-])\s*", r"\1", number.strip())


def format_date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("d", "m", "y")),
]


class DateError(ValueError):
    """The text is not a date, or names a day that does not exist; message in Vietnamese."""


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern, order in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups())))
            try:
                return dt.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                raise DateError(_impossible_date(text, parts)) from None
    raise DateError(f"“{text}” không phải là ngày; hãy viết theo dạng 25/05/2024 hoặc 2024-05-25")


def _impossible_date(text: str, parts: dict[str, int]) -> str:
    """Why `text` is no date; a date written month first (11/24/2025, as English software
    writes it) gets the day-first reading it most likely means."""
    year, month, day = parts["y"], parts["m"], parts["d"]
    if not 1 <= month <= 12:
        where = f"không có tháng {month}"
    else:
        where = f"tháng {month}/{year} không có ngày {day}"
    message = f"ngày “{text}” không có thật trên lịch ({where})"
    try:
        swapped = dt.date(year, day, month)
    except ValueError:
        return message + "; hãy viết ngày/tháng/năm, ví dụ 25/05/2024"
    return (message + f"; có phải là {format_date(swapped)}? Ngày viết theo thứ tự "
            "ngày/tháng/năm")


SCHOOL_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def school_year_of(day: dt.date) -> str:
    """A school year runs from September to the summer: 15/10/2024 → "2024-2025"."""
    start = day.year if day.month >= 8 else day.year - 1
    return f"{start}-{start + 1}"
