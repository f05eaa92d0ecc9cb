"""The header row of an award list and what each column holds.

The header is found anywhere in the first rows (a title block above it is common) by its
Vietnamese headings, with or without accents, in any case and order: STT, Họ và tên,
Chức vụ / Lớp, Đơn vị / Tổ, Danh hiệu / Hình thức, Thành tích / Lý do, Ghi chú. A second
header row under merged headings ("Thành tích" over "Danh hiệu" │ "Hình thức", "Họ và tên"
over "Họ đệm" │ "Tên") and a row of column numbers "(1) (2) (3)" are read as part of it.

Columns of private data (birth date, phone, address, ID numbers, parents) are recognised so
that they are named in the summary, and never read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bangvang.records.text import fold
from .tables import Sheet

HEADER_SEARCH_ROWS = 25
LABELS = {  # field → how the summary names it
    "number": "STT", "name": "Họ và tên", "role": "Chức vụ", "class": "Lớp", "unit": "Đơn vị",
    "title": "Danh hiệu", "form": "Hình thức", "reason": "Thành tích", "note": "Ghi chú",
    "consent": "Đồng ý công bố", "decision": "Số quyết định", "decision_date": "Ngày quyết định",
    "level": "Cấp khen", "given": "Tên"}
_PRIVATE = ("ngay sinh", "nam sinh", "sinh ngay", "dien thoai", "sdt", "so dt", "dia chi",
            "email", "e mail", "thu dien tu", "cccd", "cmnd", "can cuoc", "chung minh",
            "dinh danh", "tai khoan", "gioi tinh", "dan toc", "ton giao", "que quan", "noi sinh",
            "noi o", "cho o", "ho khau", "phu huynh", "cha me", "ho ten cha", "ho ten me",
            "bhxh", "bao hiem", "ma so thue", "zalo", "facebook")
_EXACT = {
    "number": ("stt", "tt", "so tt", "so thu tu", "thu tu"),
    "name": ("ho", "ho dem", "ho va dem", "ho va ten dem", "ho ten dem", "ho lot", "ho va lot",
             "ho chu lot", "ho va chu lot", "dem", "ten dem", "ten lot", "chu lot", "ten",
             "ten tap the", "ten ca nhan", "ca nhan", "tap the", "ca nhan tap the",
             "tap the ca nhan", "ten don vi ca nhan", "ten ca nhan tap the", "ten tap the ca nhan",
             "nguoi duoc khen"),
    "class": ("lop", "lop hoc", "chi doi", "lop chi doi"),
    "unit": ("to", "to chuyen mon", "to cong tac", "bo phan", "noi cong tac", "don vi",
             "don vi cong tac", "to bo phan", "to khoi", "khoi"),
    "consent": ("dong y", "dong y cong bo", "muc dong y", "muc dong y cong bo", "cong bo",
                "duoc cong bo", "dong y dang"),
    "note": ("ghi chu",),
    "decision": ("so qd", "so quyet dinh", "quyet dinh", "quyet dinh so", "qd so", "so qd khen",
                 "so hieu quyet dinh", "so ky hieu quyet dinh", "so ky hieu"),
    "decision_date": ("ngay qd", "ngay quyet dinh", "ngay ky", "ngay ky quyet dinh",
                      "ngay ban hanh", "ngay khen"),
    "level": ("cap", "cap khen", "cap khen thuong", "cap quyet dinh"),
}
_PREFIX = (  # heading starts with …
    ("name", ("ho va ten", "ho ten", "ten hoc sinh", "ten giao vien")),
    ("role", ("chuc vu", "chuc danh", "nghe nghiep", "vi tri")),
    ("unit", ("don vi", "to chuyen mon", "noi cong tac")),
    ("title", ("danh hieu",)),
    ("form", ("hinh thuc", "loai khen", "khen thuong", "muc khen")),
    ("reason", ("thanh tich", "ly do", "noi dung", "tom tat thanh tich", "thanh tich dat")),
    ("note", ("ghi chu",)),
)
# A name split in two columns, as lists sorted by the given name print it: "Họ và tên đệm"
# (or "Họ đệm", the South's "Họ và tên lót") │ "Tên". The full name is the two cells joined.
FAMILY_PART = ("ho", "ho dem", "ho va dem", "ho va ten dem", "ho ten dem", "ho lot",
               "ho va lot", "ho va ten lot", "ho chu lot", "ho va chu lot",
               # … or in three: "Họ" │ "Tên đệm" │ "Tên" (the middle name may be empty)
               "dem", "ten dem", "ten lot", "chu lot")
GIVEN_PART = ("ten",)
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?\.?$|^\([a-z]\)$")


def heading_key(text: str) -> str:
    """ "Họ và tên (1)" → "ho va ten"; "Chức vụ/Lớp" → "chuc vu lop"."""
    text = re.sub(r"\([^)]*\)", " ", text)
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def heading_field(text: str) -> str | None:
    """The field a column heading names, "private" for private data, or None. A heading a
    scan's OCR misread by one letter ("Họ vỏ tên": Be Vietnam Pro's "a") is the heading it
    is when exactly one field results (a private one always wins)."""
    key = heading_key(text)
    if not key or len(key) > 48:
        return None
    found = _field_of(key)
    if found is None and len(key.split()) <= 4:      # a heading is short; a row's text is not
        from .ocrletters import SWAPS
        results = set()
        words = key.split()
        for i, word in enumerate(words):
            for j, letter in enumerate(word):
                for other in SWAPS.get(letter, ""):
                    swapped = words[:i] + [word[:j] + other + word[j + 1:]] + words[i + 1:]
                    results.add(_field_of(" ".join(swapped)))
        results.discard(None)
        found = "private" if "private" in results else \
            results.pop() if len(results) == 1 else None
    if found is None and len(key.split()) <= 4:
        found = _near_field(key)
    return found


def _near_field(key: str) -> str | None:
    """The field of the one known heading (or the start of one) a letter away from `key`: a
    letter OCR misread that no swap above covers (a photocopy's "Họ và tân" for "Họ và tên":
    the list was refused, its header row not found). Only headings of six letters or more, so
    a short word is never taken for another; a private heading always wins."""
    if len(key) < 6:
        return None
    results = set()
    for name, words in list(_EXACT.items()) + [("private", _PRIVATE)]:
        results |= {name for word in words if len(word) >= 6 and _one_apart(key, word)}
    for name, starts in _PREFIX:
        for start in starts:
            head = " ".join(key.split()[:len(start.split())])
            if len(start) >= 6 and _one_apart(head, start):
                results.add(name)
    if "private" in results:
        return "private"
    return results.pop() if len(results) == 1 else None


def _one_apart(one: str, two: str) -> bool:
    """Whether two strings differ by one letter changed, added or left out."""
    if one == two or abs(len(one) - len(two)) > 1:
        return False
    if len(one) == len(two):
        return sum(a != b for a, b in zip(one, two)) == 1
    short, long = sorted((one, two), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _field_of(key: str) -> str | None:
    if any(f" {word} " in f" {key} " for word in _PRIVATE):
        return "private"
    for name, words in _EXACT.items():
        if key in words:
            return name
    for name, starts in _PREFIX:
        if any(key == start or key.startswith(start + " ") for start in starts):
            return name
    return None


@dataclass
class Columns:
    header: int                              # index of the (first) header row
    start: int                               # index of the first data row
    fields: dict[str, list[int]] = field(default_factory=dict)
    headings: dict[int, str] = field(default_factory=dict)   # column → heading as written
    ignored: list[str] = field(default_factory=list)
    private: list[str] = field(default_factory=list)
    by_content: list[tuple[str, str]] = field(default_factory=list)  # (heading, field)
    # (family-and-middle column, given-name column) of a name split in two columns, either
    # None when it was not found; None when the name is in one column.
    split_name: tuple[int | None, int | None] | None = None

    def has(self, name: str) -> bool:
        return bool(self.fields.get(name))

    def value(self, row: list[str], name: str) -> str:
        """The row's text for a field; columns of one field (Họ đệm │ Tên) are joined."""
        parts: list[str] = []
        for column in self.fields.get(name, []):
            cell = row[column] if column < len(row) else ""
            if cell and (not parts or cell != parts[-1]):
                parts.append(cell)
        return (" " if name == "name" else "; ").join(parts).strip()


def _mapping(row: list[str]) -> dict[int, str]:
    return {i: f for i, cell in enumerate(row) if cell and (f := heading_field(cell))}


def _is_header(row: list[str]) -> bool:
    found = _mapping(row)
    if "name" not in found.values():
        return False
    filled = [cell for cell in row if cell]
    distinct = set(found.values()) - {"private"}
    return len(distinct) >= 2 or len(found) == len(filled)


def find_columns(sheet: Sheet) -> Columns | None:
    """The header of the table and its columns, or None when no row looks like one."""
    rows = sheet.rows
    header = next((i for i in range(min(len(rows), HEADER_SEARCH_ROWS)) if _is_header(rows[i])),
                  None)
    if header is None:
        return None
    columns = _mapping(rows[header])
    start = header + 1
    while start < len(rows) and start <= header + 2:
        below = _subheadings(rows[header], rows[start])
        if below is None:
            break
        columns.update(below)
        start += 1
    while start < len(rows) and _column_numbers(rows[start]):
        start += 1
    result = _columns(rows, header, start, columns)
    if sheet.scan:
        _by_content(result, rows)
    _split_name(result, rows)
    return result


def _split_name(result: Columns, rows: list[list[str]]) -> None:
    """A name in two columns ("Họ và tên đệm" │ "Tên"): which they are. When the given
    name's heading was not read (a scan), the column just right of the family names is
    taken for it if most of its cells are one or two name syllables ("Hường", "Bảo An") —
    said in the summary; without it every row would be a half-name ("Nguyễn Thị")."""
    names = result.fields.get("name", [])
    family = next((c for c in names if heading_key(result.headings.get(c, "")) in FAMILY_PART),
                  None)
    if family is None:
        # A lone "Tên" column of given names ("Hường", one word each), the family names under
        # a heading not known: every row would be a given name alone.
        if len(names) == 1 and heading_key(result.headings.get(names[0], "")) in GIVEN_PART \
                and _given_names(rows, result.start, names[0], words=1):
            result.split_name = (None, names[0])
        return
    given = next((c for c in names if c != family and
                  heading_key(result.headings.get(c, "")) in GIVEN_PART), None)
    after = family + 1
    taken = {c for columns in result.fields.values() for c in columns}
    heading = result.headings.get(after)
    if given is None and heading is not None and after not in taken and \
            heading not in result.private and _given_names(rows, result.start, after):
        names.append(after)
        names.sort()
        if heading in result.ignored:
            result.ignored.remove(heading)
        result.by_content.append((heading or f"thứ {after + 1}", "given"))
        given = after
    result.split_name = (family, given)


def _given_names(rows: list[list[str]], start: int, column: int, words: int = 2) -> bool:
    """Whether two thirds of a column's cells (three at least) are given names: one or two
    words (at most `words`), each a syllable of Vietnamese names."""
    from .lexicon_vi import name_syllables
    syllables = set(name_syllables())
    cells = [" ".join(row[column].split()) for row in rows[start:]
             if column < len(row) and row[column].strip()]
    names = sum(len(cell.split()) <= words and all(w.lower() in syllables for w in cell.split())
                for cell in cells)
    return len(cells) >= 3 and names * 3 >= len(cells) * 2


def _by_content(result: Columns, rows: list[list[str]]) -> None:
    """A scan's column whose heading OCR could not read (Carlito's "Tổ" in a phone photo,
    "Lớp" read ".x."): left out, it took the unit or the class of every row with it. When
    two thirds of its cells are classes ("8A4") or units (a known one, or "Tổ …"), it is
    that column, if the list has none; the summary says so, and every cell of a scan is
    checked anyway. Never for a column whose heading names private data."""
    from .lexicon_vi import units
    from .repair import class_fixed
    known = {fold(unit) for unit in units()}
    for column, heading in sorted(result.headings.items()):
        if heading not in result.ignored or heading_field(heading):
            continue
        cells = [row[column] for row in rows[result.start:] if column < len(row) and row[column]]
        if len(cells) < 3:
            continue
        classes = sum(bool(_CLASS_CELL.match(" ".join(c.split())) or class_fixed(c))
                      for c in cells)
        groups = sum(fold(c) in known or fold(c).startswith(("to ", "ban ")) for c in cells)
        for name, count in (("class", classes), ("unit", groups)):
            if count * 3 >= len(cells) * 2 and not result.fields.get(name):
                result.fields[name] = [column]
                result.ignored.remove(heading)
                result.by_content.append((heading, name))
                break


_CLASS_CELL = re.compile(r"^(?:lớp\s+)?\d{1,2}\s?[A-ZĐ]\d{0,2}$", re.IGNORECASE)


def _subheadings(header: list[str], row: list[str]) -> dict[int, str] | None:
    """A second header row: headings, or the merged heading above repeated; else None."""
    found = {}
    for column, cell in enumerate(row):
        if not cell:
            continue
        above = header[column] if column < len(header) else ""
        name = heading_field(cell)
        if name and cell != above:
            found[column] = name
        elif cell != above:
            return None
    return found or None


def _column_numbers(row: list[str]) -> bool:
    filled = [cell for cell in row if cell]
    return len(filled) >= 2 and all(_COLUMN_NUMBER.match(fold(cell)) for cell in filled)


def _columns(rows: list[list[str]], header: int, start: int, mapping: dict[int, str]) -> Columns:
    result = Columns(header, start)
    for column in range(max(len(r) for r in rows[header:start])):
        heading = next((rows[r][column] for r in range(start - 1, header - 1, -1)
                        if column < len(rows[r]) and rows[r][column]), "")
        name = mapping.get(column)
        result.headings[column] = heading
        if name == "private":
            result.private.append(heading)
        elif name is None or (name not in ("name", "reason") and result.fields.get(name)):
            if heading and _has_data(rows, start, column):
                result.ignored.append(heading)
        else:
            result.fields.setdefault(name, []).append(column)
            if name == "note" and _has_data(rows, start, column):
                result.ignored.append(f"{heading} (không chép vào hồ sơ; chỉ đọc để nhận ra "
                                      "“không đồng ý công bố”)")
    result.private = list(dict.fromkeys(result.private))
    result.ignored = list(dict.fromkeys(result.ignored))
    return result


def _has_data(rows: list[list[str]], start: int, column: int) -> bool:
    return any(column < len(row) and row[column] for row in rows[start:])
