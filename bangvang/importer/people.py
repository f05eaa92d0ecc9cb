"""Who a row of an award list is: a role from "Chức vụ / Lớp", a class, a collective, and
the exemplar record (exemplars/*.md) of the same person when there is one.

A class ("7A2", "Lớp 8A1") in the role or class column makes a student of that class; a
name that is itself a collective ("Tổ Toán - Tin", "Chi đội 8A1", "Lớp 6A3") or a title
for collectives makes a collective. Collective words are compared with their accents:
"Tổ Ngữ văn" is a team, "Tô Thị Hoa" a person.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bangvang.records.loader import load_records
from bangvang.checking.people import same_name
from bangvang.problems import Problems
from bangvang.records.text import fold, nfc

CLASS = re.compile(r"^(?:lop|chi doi|hoc sinh lop|hs lop)?\s*(\d{1,2})\s*([a-z])\s*(\d{0,2})$")
ROLE_WORDS = [  # folded start of a Chức vụ cell → role
    ("manager", ("pho hieu truong", "hieu truong", "hieu pho", "pht", "ht", "ban giam hieu",
                 "bgh", "can bo quan ly", "cbql", "quan ly", "giam doc", "pho giam doc")),
    ("teacher", ("giao vien", "gv", "gvcn", "giao vien chu nhiem", "gv chu nhiem", "to truong", "to pho", "tong phu trach", "tpt",
                 "nhom truong", "giang vien", "co giao", "thay giao", "bi thu chi doan",
                 "chu tich cong doan")),
    ("staff", ("nhan vien", "nv", "ke toan", "van thu", "thu vien", "y te", "bao ve",
               "thiet bi", "phuc vu", "lao cong", "tap vu", "thu quy", "cap duong", "cong nhan",
               "lai xe", "ky thuat vien", "can bo thu vien", "can bo y te")),
    ("student", ("hoc sinh", "hs", "doi vien", "lop truong", "lop pho", "chi doi truong",
                 "lien doi truong", "lien doi pho", "bi thu chi doan lop")),
    ("parent", ("phu huynh", "cha me hoc sinh", "cmhs", "ban dai dien cha me", "hoi truong hoi")),
    ("collective", ("tap the", "to chuyen mon")),
]
COLLECTIVE_STARTS = ("tổ ", "chi đội", "liên đội", "lớp ", "khối ", "tập thể", "ban giám hiệu",
                     "ban đại diện", "ban chấp hành", "công đoàn", "chi đoàn", "đoàn trường",
                     "đoàn thanh niên", "nhóm ", "câu lạc bộ", "clb ", "bộ phận", "trường ",
                     "đội ", "phòng ", "hội ", "văn phòng", "thư viện trường")
_FORMULA_ERROR = re.compile(r"^#(N/A|REF!|VALUE!|DIV/0!|NAME\?|NULL!|NUM!|SPILL!|CALC!)", re.I)


def class_of(text: str) -> str | None:
    """ "Lớp 8a1" → "8A1"; None when the text is not a class."""
    match = CLASS.match(" ".join(re.findall(r"[a-z0-9]+", fold(text or ""))))
    if not match or not 1 <= int(match.group(1)) <= 12:
        return None
    return f"{int(match.group(1))}{match.group(2).upper()}{match.group(3)}"


def is_collective_name(name: str) -> bool:
    lower = nfc(name).lower()
    return lower.startswith(COLLECTIVE_STARTS) or lower in ("tổ", "lớp")


def role_in(text: str) -> tuple[str | None, str]:
    """(role, the rest of the text) for a Chức vụ cell: "Giáo viên Tổ Toán" → teacher,
    "Tổ Toán"; "Học sinh lớp 7A2" → student, "lớp 7A2"."""
    words = text.split()
    keys = [" ".join(re.findall(r"[a-z0-9]+", fold(w))) for w in words]
    best = None
    for role, starts in ROLE_WORDS:
        for start in starts:
            size = len(start.split())
            if " ".join(k for k in keys[:size] if k) == start and (best is None or size > best[1]):
                best = (role, size)
    if best is None:
        return None, text
    return best[0], " ".join(words[best[1]:]).strip(" ,;:-–")


def clean_name(text: str) -> str:
    """NFC, one space between words, no list number, a name in capitals in name case."""
    name = " ".join(nfc(text).split()).strip(" .,;:-–*")
    name = re.sub(r"^\d{1,3}[.)]\s+", "", name)
    letters = [ch for ch in name if ch.isalpha()]
    if letters and not is_collective_name(name) and (all(ch.isupper() for ch in letters) or
                                                     all(ch.islower() for ch in letters)):
        name = " ".join(w[:1].upper() + w[1:].lower() for w in name.split())
    return name


def name_problem(name: str) -> str | None:
    """Why a cell cannot be a recipient's name, or None."""
    if not name:
        return "thiếu họ tên"
    if _FORMULA_ERROR.match(name):
        return f"ô họ tên có lỗi công thức Excel “{name.upper()}”; hãy sửa công thức hoặc gõ họ tên"
    if not any(ch.isalpha() for ch in name):
        return f"“{name}” không phải họ tên"
    if len(name) > 120:
        return "ô họ tên quá dài (hơn 120 ký tự); có thể đây là một đoạn văn, không phải họ tên"
    return None


def name_key(name: str) -> str:
    """Folded words of a team or class name, to compare units ("Tổ Toán" in "Tổ Toán - Tin");
    never to compare people's names (that is `people.same_name`)."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(name or "")))


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str | None
    unit: str | None
    school_year: str | None
    kind: str | None = None


class Exemplars(list):
    """The exemplar records, with an index by name as the site compares names, so that a
    row is matched in constant time however many records the school has."""

    def __init__(self, people=()):
        super().__init__(people)
        self.by_name: dict[str, list[Person]] = defaultdict(list)
        for person in self:
            self.by_name[same_name(person.name)].append(person)


def load_people(root: Path) -> Exemplars:
    """The exemplar records of the project (unreadable ones are left out)."""
    records, _ = load_records(root, Problems())
    people = []
    for record in records:
        if record.kind != "exemplar" or not record.data.get("name"):
            continue
        data = record.data
        people.append(Person(record.id, str(data.get("name")), _str(data.get("role")),
                             _str(data.get("unit")), _str(data.get("school_year")),
                             _str(data.get("kind"))))
    return Exemplars(people)


def _str(value) -> str | None:
    return None if value is None else str(value)


ADULTS = {"teacher", "manager", "staff"}


def _roles_fit(row_role: str | None, record_role: str | None) -> bool:
    if not row_role or not record_role or row_role == record_role:
        return True
    return row_role in ADULTS and record_role in ADULTS


def _classes_fit(unit: str | None, year: str | None, person: Person) -> bool:
    """A student's class moves up a grade each school year: 7A2 in 2023-2024 is 8A2 now."""
    mine, theirs = class_of(unit or ""), class_of(person.unit or "")
    if not mine or not theirs or mine == theirs:
        return True
    grade_a, rest_a = re.match(r"(\d+)(.*)", mine).groups()
    grade_b, rest_b = re.match(r"(\d+)(.*)", theirs).groups()
    if rest_a != rest_b or not year or not person.school_year:
        return False
    return int(grade_a) - int(grade_b) == int(year[:4]) - int(person.school_year[:4])


def match_person(name: str, role: str | None, unit: str | None, year: str | None,
                 people: list[Person]) -> tuple[Person | None, list[Person]]:
    """(the one exemplar record of this person, or None; every record with the name). The
    name is compared as the site compares people (`people.same_name`): "Trần Thị Hòa" is not
    the record of Trần Thị Hoa."""
    key = same_name(name)
    index = getattr(people, "by_name", None)
    same = index.get(key, []) if index is not None else [
        p for p in people if same_name(p.name) == key]
    fits = [p for p in same if _roles_fit(role, p.role) and
            (p.role != "student" and role != "student" or _classes_fit(unit, year, p))]
    if len(fits) > 1 and unit:
        # Adults of one name: the team decides ("Tổ Toán" is not "Tổ Ngữ văn").
        closer = [p for p in fits if p.unit and name_key(unit) in name_key(p.unit)]
        fits = closer or fits
    return (fits[0] if len(fits) == 1 else None), same
