"""Cells of an award list put right before its rows are read, where the school's own
records and the shipped lists leave no doubt; every change is said.

- A cell that lost its marks ("To Toan - Tin", "Giao vien") gets them back where the words
  leave no doubt (diacritics.py); a word with several readings stays and is named.
- A name written without any mark ("Tran Thi Hoa") is never given marks (Trần Thị Hoa and
  Trần Thị Hòa are two people): it is named, with the records it may be.
- From a scan: a unit, a role, a title or a form a letter or two off a known one ("Tổ Khod
  học tự nhiên", "Học sinh xuốt sắc") is read as that one, a class misread ("6AG") as the
  class its shape gives ("6A6"); the cell stays a doubt showing what was read, so the row is
  checked against the paper.
"""
from __future__ import annotations

import re
from pathlib import Path

from bangvang.records.text import fold
from .diacritics import corrected_lines, lost_marks, model_for, nearest, restore_line
from .vietnamese import has_marks, is_syllable

_LOOKALIKES = {"G": "6", "b": "6", "ó": "6", "б": "6", "O": "0", "o": "0", "D": "0", "I": "1",
               "l": "1", "|": "1", "i": "1", "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2",
               "T": "7", "g": "9", "q": "9", "§": "8"}
_DIGIT_LOOKALIKES = str.maketrans(_LOOKALIKES)
# The grade may be read as a look-alike too (Carlito's "6" read "ó": "óA5"); a grade is a
# number, so a cell of a class column starting with one is no other class.
_GRADE = "".join(c for c in _LOOKALIKES if c not in "OoD")      # no grade starts with 0
_CLASS = re.compile(rf"^(?:lớp\s+)?([\d{re.escape(_GRADE)}]{{1,2}})\s*([A-Za-zĐđ])\s*"
                    r"([\dA-Za-z|ó]{0,2})$", re.IGNORECASE)


def class_fixed(text: str) -> str | None:
    """"6AG" → "6A6", "óA5" → "6A5": a class whose number before or after the letter was
    read as letters."""
    found = _CLASS.match(" ".join(text.split()))
    if not found or not found.group(3):     # "SA", "TA": too little to be sure of a class
        return None
    grade = found.group(1).translate(_DIGIT_LOOKALIKES)
    tail = found.group(3).translate(_DIGIT_LOOKALIKES)
    if not grade.isdigit() or not 1 <= int(grade) <= 12 or (tail and not tail.isdigit()):
        return None
    fixed = f"{grade}{found.group(2).upper()}{tail}"
    return fixed if fixed != text.strip() else None


def repair_sheet(sheet, columns, root: Path, people, vocabulary) -> list[str]:
    """Put the sheet's cells right in place; the Vietnamese notes of what was changed or
    left in doubt."""
    from .lexicon_vi import roles, units
    model = model_for(root)
    names = _names_by_fold(people)
    # A title or form cell read from a scan a letter off its label ("Học sinh xuốt sắc",
    # session 29: a row "not read" for each) is read as that label, a doubt, like a unit.
    known = {"unit": units() + [p.unit for p in people if p.unit],
             "role": roles() + [str(label) for label in _labels(vocabulary, "roles")],
             "title": [str(label) for label in _labels(vocabulary, "titles")],
             "form": [str(label) for label in _labels(vocabulary, "forms")]}
    fields = {column: name for name, found in columns.fields.items() for column in found}
    notes: list[str] = []
    for row in range(columns.start, len(sheet.rows)):
        if row in sheet.spans and sheet.scan:
            continue            # a group's heading spanning a scanned table: no person's cells
        for column, field in fields.items():
            if column >= len(sheet.rows[row]) or not sheet.rows[row][column].strip():
                continue
            text = sheet.rows[row][column]
            new, note = _repaired(text, field, model, names, known, bool(sheet.scan))
            where = sheet.where(row)
            if note:
                notes.append(f"{where}, cột “{columns.headings.get(column, '')}”: {note}")
            if new != text:
                sheet.rows[row][column] = new
                _doubt(sheet, row, column, text)
            elif sheet.scan and field in ("unit", "role") and _odd_capitals(new):
                # No known unit to read it as ("TỔ Thể dục - Nghệ thuật" where the school's
                # records hold no such team): a capital inside a word is a misreading all
                # the same, so the cell is a doubt even as read.
                _doubt(sheet, row, column, text)
                notes.append(f"{where}, cột “{columns.headings.get(column, '')}”: “{text}” có "
                             "chữ hoa giữa chữ, có thể máy đọc sai; hãy soát lại")
    if sheet.scan:
        for column in columns.fields.get("class", []):
            notes += _odd_classes(sheet, columns, column)
            notes += _odd_grades(sheet, columns, column)
        for column in columns.fields.get("class", []) + columns.fields.get("unit", []):
            notes += _empty_among_filled(sheet, columns, column)
    return notes


EMPTY = "(ô trống)"      # what a doubt shows for a cell read empty


def _empty_among_filled(sheet, columns, column: int) -> list[str]:
    """A person's class or unit cell read empty from a scan, in a column that holds one in
    other rows, is a doubt: a cell merged down over several rows that was not seen as one
    (its text went to one row, or none), or letters lost to the scan, would put the person
    in no class without a word (session 28: 73 pupils and teachers so, in lists whose class
    was merged down, most of the column empty)."""
    rows = [row for row in range(columns.start, len(sheet.rows)) if row not in sheet.spans
            and columns.value(sheet.rows[row], "name").strip()]
    empty = [row for row in rows
             if column >= len(sheet.rows[row]) or not sheet.rows[row][column].strip()]
    heading = columns.headings.get(column, '')
    if empty and len(rows) == len(empty):
        # A column read empty throughout (a class merged down the whole list, letters a fax
        # or the seal took): each person's cell a doubt all the same, said once for the column.
        for row in empty:
            _empty_doubt(sheet, row, column)
        return [f"Cột “{heading}”: mọi ô đọc ra trống (dòng {sheet.numbers[empty[0]]} đến "
                f"{sheet.numbers[empty[-1]]}): có thể chữ bị mất khi quét hoặc ô gộp cả cột; "
                "hãy điền cho đúng bản giấy"]
    notes = []
    for row in empty:
        _empty_doubt(sheet, row, column)
        notes.append(f"{sheet.where(row)}, cột “{heading}”: ô đọc ra "
                     "trống trong khi các dòng khác của cột có: có thể là ô gộp nhiều dòng hoặc "
                     "chữ bị mất khi quét; hãy điền cho đúng bản giấy")
    return notes


def _empty_doubt(sheet, row: int, column: int) -> None:
    found = sheet.scan.get((row, column))
    if found is not None:
        sheet.scan[(row, column)] = (0.0, found[1], found[2], EMPTY)


def _shape(text: str) -> str:
    return re.sub(r"[^\W\d_]", "A", re.sub(r"\d", "9", "".join(text.split())))


def _odd_classes(sheet, columns, column: int) -> list[str]:
    """A class of a scanned list whose shape is not that of the others ("6A" in a column of
    "6A5", "9A2" …) is a doubt: a digit lost to a speck or the copier's grain gives a class
    that exists in some school, read with confidence ("6A4" read "6A" at 88 %), and the pupil
    would be put in another class without a warning. Only when two thirds of the column's
    classes, four at least, share one shape."""
    from collections import Counter
    cells = {row: sheet.rows[row][column] for row in range(columns.start, len(sheet.rows))
             if column < len(sheet.rows[row]) and sheet.rows[row][column].strip() and
             row not in sheet.spans}
    shapes = Counter(_shape(text) for text in cells.values())
    if not shapes:
        return []
    usual, count = shapes.most_common(1)[0]
    if count < 4 or count < 2 * len(cells) / 3:
        return []
    example = next(text for text in cells.values() if _shape(text) == usual)
    notes = []
    for row, text in cells.items():
        if _shape(text) != usual:
            _doubt(sheet, row, column, text)
            notes.append(f"{sheet.where(row)}, cột “{columns.headings.get(column, '')}”: lớp "
                         f"“{text}” khác dạng các lớp khác của cột (như “{example}”): có thể "
                         "máy đọc sót hay thừa chữ số; hãy soát lại")
    return notes


_LEVELS = ((1, 5), (6, 9), (10, 12))         # tiểu học, THCS, THPT


def _level(grade: int) -> int | None:
    return next((n for n, (low, high) in enumerate(_LEVELS) if low <= grade <= high), None)


def _odd_grades(sheet, columns, column: int) -> list[str]:
    """A class of a scanned list in a grade of another school level than two thirds of its
    column's classes, four at least ("1A5" among classes of grades 6 to 9: a serif face's 7
    read 1 at 90 %, the pupil put in a class no such school has, without a doubt)."""
    from collections import Counter
    grades = {}
    for row in range(columns.start, len(sheet.rows)):
        text = sheet.rows[row][column] if column < len(sheet.rows[row]) else ""
        found = re.match(r"\s*(\d{1,2})\s*[^\W\d_]", text)
        if found and row not in sheet.spans:
            grades[row] = (text, int(found.group(1)))
    levels = Counter(_level(grade) for _, grade in grades.values())
    if not levels:
        return []
    usual, count = levels.most_common(1)[0]
    if usual is None or count < 4 or count < 2 * len(grades) / 3:
        return []
    example = next(text for text, grade in grades.values() if _level(grade) == usual)
    notes = []
    for row, (text, grade) in grades.items():
        if _level(grade) != usual:
            _doubt(sheet, row, column, text)
            notes.append(f"{sheet.where(row)}, cột “{columns.headings.get(column, '')}”: lớp "
                         f"“{text}” thuộc khối {grade}, khác cấp học của các lớp khác trong "
                         f"cột (như “{example}”): có thể máy đọc nhầm chữ số; hãy soát lại")
    return notes


def _repaired(text: str, field: str, model, names, known, scanned: bool):
    if field == "name":
        return _name(text, names)
    new, note = text, ""
    words = text.split()
    if lost_marks(words):
        result = restore_line(text, model)
        new = result.text
        if result.doubts:
            note = (f"“{text}” mất dấu, chưa thêm được dấu cho "
                    + ", ".join(f"“{word}”" for word, _ in result.doubts)
                    + ": để nguyên, hãy sửa tay")
    if scanned and field in known:
        # What a seal's ring leaves after a unit or role ("Giáoviên `- -", "Tổ Văn phòng |"):
        # trailing marks with no letter or digit are no part of it.
        new = _residue_trimmed(new)
        # A mark or letter misread where the known runs of words leave one way of writing
        # it, as in a scanned plan's text: "Tố Văn phòng" (the hook read as an acute),
        # "Nghệ thuột" — read with confidence, such a unit was written without a doubt.
        # A unit or role holds no one's name: its capitalised words ("Thế dục") are
        # weighed too, and its first word read "Tố", "Tô" … before other words is the team's
        # "Tổ" (the hook read as an acute, with confidence).
        if field == "unit":
            new = re.sub(r"^(?!Tổ\b)T[oóòỏõọôốồổỗộ](?=\s+\w)", "Tổ", new)
        new = corrected_lines([new], model, names=False)[0][0]
        near = nearest(new, known[field]) or _capitals_misread(new, known[field])
        if near:
            new = near
    if scanned and field == "class":
        new = class_fixed(new) or new
    if new != text and not note:
        note = f"“{text}” được đọc là “{new}”; hãy soát lại"
    return new, note


def _capitals_misread(text: str, known: list[str]) -> str | None:
    """The known unit or role a scan's cell is but for a capital read inside a word ("TỔ
    Thể dục - Nghệ thuật", "Tổ Toán - TIn": a fax's or a serif face's small letter read as
    its capital, kept as the list's own writing). A cell in capitals throughout, or one the
    known list writes so ("Tổ KHTN"), stays."""
    if not _odd_capitals(text):
        return None
    same = {unit for unit in known if unit.casefold() == text.casefold() and unit != text}
    return same.pop() if len(same) == 1 and text not in known else None


def _odd_capitals(text: str) -> bool:
    """A capital inside a word of a text not in capitals throughout ("TỔ Thể dục")."""
    return not text.isupper() and any(len(word) > 1 and any(ch.isupper() for ch in word[1:])
                                      for word in text.split())


def _residue_trimmed(text: str) -> str:
    words = text.split()
    while len(words) > 1 and not any(ch.isalnum() for ch in words[-1]):
        words.pop()
    return " ".join(words) if len(words) < len(text.split()) else text


def _name(text: str, names: dict[str, set[str]]):
    """A name is never given marks: the site tells people apart by their names as written
    (tones count), so "Tran Thi Hoa" stays, and the note names the record it may be."""
    words = text.split()
    if len(words) < 2 or any(has_marks(w) for w in words) or \
            not all(is_syllable(w) for w in words):
        return text, ""
    found = sorted(names.get(fold(" ".join(words)), set()))
    maybe = (f"; hồ sơ của trường có {', '.join('“' + n + '”' for n in found)}"
             if found else "")
    return text, (f"tên “{text}” không có dấu{maybe}: để nguyên, hãy sửa tay cho đúng tên "
                  "có dấu trên bản gốc")


def _names_by_fold(people) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for person in people:
        out.setdefault(fold(" ".join(person.name.split())), set()).add(
            " ".join(person.name.split()))
    return out


def _labels(vocabulary, kind: str) -> list[str]:
    return list(vocabulary.labels(kind).values()) if vocabulary is not None else []


def _doubt(sheet, row: int, column: int, was: str) -> None:
    """A cell changed from a scan's reading stays a doubt, showing what was read."""
    found = sheet.scan.get((row, column))
    if found is not None:
        conf, page, box, _ = found
        sheet.scan[(row, column)] = (min(conf, 40.0), page, box, was)
