"""The rows of one award list → award items for the honour roll, or the reason a row
cannot be read (with its row number).

A row gives a name, who the person is (role, class or team, or a collective), and the
title or form: from its own cells, from a heading row inside the table ("I. TẬP THỂ",
"Tổ Toán - Tin", "Danh hiệu Lao động tiên tiến"), or from the text above the table. The
decision, its date and the level are the table's. Private columns are never read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bangvang.records.text import DateError, fold, format_date, parse_date, school_year_of
from bangvang.records.vocabulary import Vocabulary
from .columns import Columns
from .decision import find_award, level_of, terms_in
from .documents import normal_number
from .people import (Person, class_of, clean_name, is_collective_name, match_person, name_problem, role_in)
from .tables import Sheet

_FOOTER = re.compile(r"^(tong cong|tong so|cong\s*(?=[:\d]|$)|danh sach (nay )?co|an dinh|nguoi lap|"
                     r"hieu truong|kt\.? hieu truong|tm\.?|thu truong|chu tich|ky ten|da ky|"
                     r"noi nhan|xac nhan|.{0,30}ngay \d{1,2} thang)\b")
_SECTION_MARK = re.compile(r"^(?:[IVXLC]{1,5}|[A-E])[.)]\s*\S")
_GROUP_WORDS = {"tap the", "ca nhan", "hoc sinh", "giao vien", "nhan vien", "can bo",
                "can bo giao vien nhan vien", "can bo giao vien", "doi vien", "chi doi"}
CONSENT_WORDS = {
    "name": ("dong y", "co", "x", "dong y cong bo", "cong bo", "day du", "ho ten day du",
             "cong bo ho ten", "duoc cong bo"),
    "none": ("khong", "khong dong y", "khong cong bo", "an", "an danh", "an ten",
             "khong dong y cong bo"),
    "initials": ("chu cai dau", "viet tat", "ten viet tat", "chi chu cai dau"),
}
_NOTE_NO_CONSENT = re.compile(r"\bkhong (dong y|cong bo|dang|muon cong bo)\b")


@dataclass
class Table:
    """What holds for every row of one list."""
    number: str | None              # None: every row has its own (a "Số QĐ" column)
    date: str | None                # dd/mm/yyyy
    level: str | None
    school_year: str | None         # given or written; else each row's from its decision date
    award: tuple[str, str] | None   # shared title/form (list, key), or None
    forced: bool = False            # given on the command line: overrides the cells
    group: str | None = None        # collective / student, from the title block


@dataclass
class Item:
    where: str                      # "Dòng 7" / "trang “LĐTT”, dòng 7"
    row: int
    award: dict
    name: str
    year: str
    linked: str | None = None       # exemplar id
    note: str | None = None
    index: int = -1                 # the sheet's row (two share a line in a list printed two-up)


@dataclass
class Rows:
    items: list[Item] = field(default_factory=list)
    unread: list[tuple[str, int, str]] = field(default_factory=list)   # (where, row, why)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Section:
    group: str | None = None
    unit: str | None = None
    award: tuple[str, str] | None = None


def read_rows(sheet: Sheet, columns: Columns, table: Table, vocabulary: Vocabulary,
              people: list[Person], progress=None) -> Rows:
    out, section = Rows(), _Section()
    total = len(sheet.rows) - columns.start
    for done, index in enumerate(range(columns.start, len(sheet.rows)), 1):
        if progress:
            progress(done, total)
        row = sheet.rows[index]
        if not any(row) or _numbered_blank(row, columns) or _header_again(sheet, index, columns):
            continue
        if _footer(row, columns):
            _after_end(sheet, index, columns, out)
            break
        if _section_row(sheet, index, row, columns):
            _enter_section(section, row, vocabulary)
            # Said when read from a scan, or when the row has a number in STT, as a person's
            # row has (a cell merged from the name across the unit is a heading in Word, but
            # a file whose merges were read wrong would otherwise lose people silently).
            if sheet.scan or re.fullmatch(r"\d{1,5}\.?", columns.value(row, "number").strip()):
                text = columns.value(row, "name") or next((v for v in row if v), "")
                out.notes.append(f"{sheet.where(index)}: “{text}” được đọc là dòng tiêu đề "
                                 "nhóm (không phải một người); các dòng dưới thuộc nhóm đó. "
                                 "Nếu đó là một người, hãy nhập lại dòng này cho đúng")
            continue
        try:
            _read_row(sheet, index, row, columns, table, section, vocabulary, people, out)
        except _RowProblem as problem:
            out.unread.append((sheet.where(index), sheet.numbers[index], str(problem)))
    return out


class _RowProblem(Exception):
    pass


def _after_end(sheet: Sheet, end: int, columns: Columns, out: Rows) -> None:
    """Rows below the end of the list ("Tổng cộng", the signature) are not read; one that
    still looks like a row of the list (a number and a name) is named, never dropped."""
    ended = next((v for v in sheet.rows[end] if v), "")[:40]
    for index in range(end + 1, len(sheet.rows)):
        row = sheet.rows[index]
        number, name = columns.value(row, "number"), columns.value(row, "name")
        if name and re.fullmatch(r"\d{1,5}\.?", number.strip()):
            out.unread.append((sheet.where(index), sheet.numbers[index], f"“{name}” nằm dưới dòng "
                               f"kết thúc danh sách (“{ended}”) nên không được đọc; nếu thuộc danh "
                               "sách, hãy chuyển dòng này lên trên dòng đó rồi nhập lại"))


def _header_again(sheet: Sheet, index: int, columns: Columns) -> bool:
    """The header row repeated inside the list (a list printed over pages with its headings
    at the top of each, joined): no one is called "Họ và tên" in class "Lớp"."""
    def key(row: list[str]) -> list[str]:
        return [fold(" ".join(cell.split())) for cell in row]
    return index != columns.header and any(sheet.rows[index]) and \
        key(sheet.rows[index]) == key(sheet.rows[columns.header])


def _filled(row: list[str], columns: Columns) -> dict[int, str]:
    private = {c for c, h in columns.headings.items() if h in columns.private}
    return {c: v for c, v in enumerate(row) if v and c not in private}


def _numbered_blank(row: list[str], columns: Columns) -> bool:
    """A numbered line of a template left empty: only the STT cell is filled."""
    filled = _filled(row, columns)
    return set(filled) <= set(columns.fields.get("number", [])) and bool(filled)


def _footer(row: list[str], columns: Columns) -> bool:
    """The end of the list: "Tổng cộng: 25", "Ấn định danh sách có …", the signature."""
    if columns.value(row, "number"):
        return False
    name = columns.value(row, "name")
    text = name or next((v for v in row if v), "")
    return bool(_FOOTER.match(fold(text).strip(" .:")))


def _section_row(sheet: Sheet, index: int, row: list[str], columns: Columns) -> bool:
    """A heading inside the table: one cell merged across it, or a roman numeral in STT."""
    name_columns = set(columns.fields.get("name", []))
    others = {c for f, cols in columns.fields.items() if f not in ("name", "number")
              for c in cols}
    if any(sheet.merged_across(index, name_columns | {c}) for c in others):
        return True
    number = columns.value(row, "number")
    name = columns.value(row, "name")
    numbers = set(columns.fields.get("number", []))
    filled = [v for c, v in _filled(row, columns).items() if c not in name_columns | numbers]
    if re.fullmatch(r"[IVXLC]{1,5}|[A-E]", number.strip(" .)")):
        # "II." heads a section; a row whose other cells hold a role, a unit or a title is
        # a person's, its STT read "II" or "I" (a scan of a face whose 1 has serifs: "11").
        return not filled
    if filled or number:
        return False
    key = " ".join(re.findall(r"[a-z]+", fold(name)))
    return bool(_SECTION_MARK.match(name)) or key in _GROUP_WORDS


def _enter_section(section: _Section, row: list[str], vocabulary: Vocabulary) -> None:
    text = next((v for v in row if v and not re.fullmatch(r"[IVXLCivxlc]{1,5}\.?|[A-Ea-e]\.?", v)),
                "")
    text = re.sub(r"^(?:[IVXLC]{1,5}|[A-E]|\d{1,2})[.)]\s*", "", text).strip()
    key = fold(text)
    section.unit = None
    terms = terms_in(text, vocabulary)
    section.award = terms[0] if len(terms) == 1 else None
    if re.search(r"\btap the\b", key) and not re.search(r"\bca nhan\b", key):
        section.group = "collective"
    elif re.search(r"\bhoc sinh\b", key):
        section.group = "student"
    elif re.search(r"\b(ca nhan|can bo|giao vien|nhan vien)\b", key):
        section.group = "person"
    if is_collective_name(text) and not section.award:
        section.unit = text        # "Tổ Toán - Tin": the team of the rows below


def half_name(row: list[str], columns: Columns) -> str | None:
    """Why a row of a list whose name is split in two columns ("Họ và tên đệm" │ "Tên")
    cannot give a full name, or None: its given-name column was not found, or one of its two
    cells is empty (a cell left blank, or a scan that read nothing there). Never a
    half-name for a person: "Nguyễn Thị" or "Hường" alone would be someone else, or nobody."""
    if columns.split_name is None:
        return None
    family, given = columns.split_name
    if family is None:
        return (f"cột “{columns.headings.get(given)}” chỉ có tên (“{row[given].strip()}”), không "
                "thấy cột họ và tên đệm: không ghi tên riêng cho một người. Hãy đặt tiêu đề "
                "“Họ và tên đệm” cho cột họ (hoặc gộp họ tên vào một cột) rồi nhập lại")
    first = row[family].strip() if family < len(row) else ""
    if given is None:
        return (f"họ tên chia hai cột nhưng chỉ thấy cột “{columns.headings.get(family)}” (họ và "
                f"tên đệm), không thấy cột “Tên”: không ghi nửa họ tên “{first}”. Hãy đặt "
                "tiêu đề “Tên” cho cột tên (hoặc gộp họ tên vào một cột) rồi nhập lại")
    last = row[given].strip() if given < len(row) else ""
    if bool(first) == bool(last) or (first and is_collective_name(first)):
        return None       # both parts, nothing, or a collective written across the name
    missing = columns.headings.get(given if first else family) or "Tên"
    return (f"họ tên chia hai cột (“{columns.headings.get(family)}” │ "
            f"“{columns.headings.get(given)}”) nhưng ô “{missing}” trống: chỉ có "
            f"“{first or last}”, không ghi nửa họ tên cho một người. Hãy điền ô “{missing}” "
            "(hoặc gộp họ tên vào một cột) rồi nhập lại")


def _read_row(sheet, index, row, columns, table, section, vocabulary, people, out) -> None:
    name = clean_name(columns.value(row, "name"))
    problem = half_name(row, columns) or name_problem(name)
    if problem:
        raise _RowProblem(problem)
    awards = _awards_of(row, columns, table, section, vocabulary)
    decision, year = _decision(row, columns, table, vocabulary)
    role, unit = _who(row, columns, table, section, name, awards, vocabulary, people)
    consent = _consent(row, columns)
    person, same = match_person(name, role, unit, year, people)
    if role is None and person is None:
        raise _RowProblem(_unknown_role(name, row, columns))
    role = role or person.role
    where = sheet.where(index)
    for vocab, key in awards:
        _fits(vocab, key, role, vocabulary)
        award = _award(name, role, unit, vocab, key, decision, person, consent,
                       columns.value(row, "reason"))
        note = None if person or not same else (
            f"{where}: “{name}” trùng tên với hồ sơ {', '.join(p.id for p in same)} nhưng khác "
            "vai trò hoặc lớp, nên ghi họ tên (không nối với hồ sơ). Nếu là một người, hãy thay "
            "bằng mã hồ sơ")
        out.items.append(Item(where, sheet.numbers[index], award, name, year,
                              person.id if person else None, note, index))


def _awards_of(row, columns, table, section, vocabulary) -> list[tuple[str, str]]:
    if table.forced:
        return [table.award]
    found = []
    for column_field, prefer in (("title", "titles"), ("form", "forms")):
        text = columns.value(row, column_field)
        if not text:
            continue
        award = find_award(text, vocabulary, prefer)
        if award is None:
            known = ", ".join(t.label for t in vocabulary.lists[prefer].values())
            what = "danh hiệu" if prefer == "titles" else "hình thức khen thưởng"
            raise _RowProblem(f"{what} “{text}” không có trong danh mục (data/vocabulary.yml); "
                              f"hãy sửa ô này thành một trong: {known}; hoặc thêm vào danh mục")
        if award not in found:
            found.append(award)
    if not found and (section.award or table.award):
        found.append(section.award or table.award)
    if not found:
        raise _RowProblem("không rõ danh hiệu hay hình thức khen thưởng: bảng không có cột "
                          "“Danh hiệu”/“Hình thức” và phần tiêu đề phía trên không nêu; hãy thêm "
                          "cột, hoặc chạy lại với --title … hay --form …")
    return found


def _who(row, columns, table, section, name, awards, vocabulary, people):
    """(role, unit) of the row; role None when nothing says it."""
    applies = {vocabulary.lists[v][k].applies_to for v, k in awards if v == "titles"}
    role_text = columns.value(row, "role")
    class_text = columns.value(row, "class")
    unit = _unit(columns, row) or section.unit
    role, rest = role_in(role_text) if role_text else (None, "")
    group = section.group or table.group
    if is_collective_name(name) or "collective" in applies or role == "collective" or \
            (group == "collective" and not role):
        return "collective", _unit(columns, row)
    found_class = class_of(class_text) or class_of(rest) or class_of(role_text) or \
        class_of(unit or "")
    if role is None and found_class:
        role = "student"
    if role is None and role_text and not class_of(role_text):
        raise _RowProblem(_unknown_role(name, row, columns))
    if role is None and ("student" in applies or group == "student"):
        role = "student"
    if role == "student":
        return role, found_class or class_text or unit
    if rest and not unit:
        unit = rest[:1].upper() + rest[1:]
    return role, unit


def _unit(columns: Columns, row: list[str]) -> str | None:
    text = columns.value(row, "unit")
    if not text:
        return None
    column = columns.fields["unit"][0]
    heading = fold(columns.headings.get(column, "")).strip()
    # The library and the infirmary are not groups: "Thư viện" in a "Tổ" column stays.
    if heading.startswith("to") and not fold(text).startswith(
            ("to ", "ban ", "bo phan", "thu vien", "y te")):
        text = f"Tổ {text}"        # column "Tổ" with "Toán - Tin" in it
    return text


def _unknown_role(name: str, row: list[str], columns: Columns) -> str:
    shown = columns.value(row, "role") or columns.value(row, "class")
    said = f" (cột Chức vụ/Lớp ghi “{shown}”)" if shown else ""
    return (f"không rõ “{name}” là ai{said}: hãy ghi vào cột Chức vụ/Lớp một trong Giáo viên, "
            "Nhân viên, Hiệu trưởng, Phó hiệu trưởng, Học sinh, Phụ huynh, Tập thể, hoặc lớp "
            "(ví dụ 7A2)")


def _fits(vocab: str, key: str, role: str, vocabulary: Vocabulary) -> None:
    if vocab != "titles":
        return
    term = vocabulary.lists["titles"][key]
    actual = "collective" if role == "collective" else "student" if role == "student" else "person"
    if term.applies_to and term.applies_to != actual:
        who = {"collective": "tập thể", "student": "học sinh",
               "person": "cán bộ, giáo viên, nhân viên"}[term.applies_to]
        this = {"collective": "một tập thể", "student": "một học sinh",
                "person": "một cá nhân cán bộ, giáo viên, nhân viên"}[actual]
        raise _RowProblem(f"danh hiệu “{term.label}” chỉ dành cho {who}, mà dòng này là {this}; "
                          "hãy kiểm tra cột Danh hiệu hoặc Chức vụ/Lớp")


def _consent(row: list[str], columns: Columns) -> str | None:
    """The consent a sheet gives (None: the default). A note saying the family does not
    agree hides the person."""
    if _NOTE_NO_CONSENT.search(fold(columns.value(row, "note"))):
        return "none"
    text = columns.value(row, "consent")
    if not text:
        return None
    key = " ".join(re.findall(r"[a-z0-9]+", fold(text)))
    if key in ("full", "name", "initials", "none"):
        return key
    for level, words in CONSENT_WORDS.items():
        if key in words:
            return level
    raise _RowProblem(f"cột Đồng ý công bố ghi “{text}”, chưa rõ ý; hãy ghi Đồng ý, Không, "
                      "hoặc Chữ cái đầu")


def _decision(row, columns, table, vocabulary) -> tuple[dict, str]:
    """(level and decision of the row, its school year): the table's, or the row's own
    "Số QĐ", "Ngày QĐ", "Cấp khen" cells."""
    number = columns.value(row, "decision")
    number = normal_number(number) if number else table.number
    day = columns.value(row, "decision_date")
    if day:
        try:
            day = format_date(parse_date(day.split()[0]))
        except DateError as error:
            raise _RowProblem(f"cột Ngày quyết định: {error}") from None
    day = day or table.date
    text = columns.value(row, "level")
    level = (vocabulary.resolve("levels", text) or level_of(text, None, vocabulary)) if text \
        else table.level
    if text and not level:
        raise _RowProblem(f"cấp khen “{text}” không có trong danh mục; hãy ghi một trong: "
                          f"{', '.join(t.label for t in vocabulary.lists['levels'].values())}")
    for value, what in ((number, "số quyết định"), (day, "ngày quyết định"), (level, "cấp khen")):
        if not value:
            raise _RowProblem(f"thiếu {what}: hãy điền vào cột của dòng này, hoặc chạy lại với "
                              "--decision, --date, --level")
    year = table.school_year or school_year_of(parse_date(day))
    return {"level": level, "decision": {"number": number, "date": day}}, year


def _award(name, role, unit, vocab, key, decision, person, consent, reason) -> dict:
    award: dict = {}
    if person:
        award["recipient"] = person.id
        if role == "student" and unit and class_of(unit) != class_of(person.unit or ""):
            award["unit"] = unit       # a student's class this year
    else:
        award.update({"recipient": name, "role": role})
        if unit:
            award["unit"] = unit
    award["title" if vocab == "titles" else "form"] = key
    award.update(decision)
    if reason:
        award["reason"] = reason
    if consent:
        award["consent"] = consent
    return award

