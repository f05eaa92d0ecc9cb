"""Who is who across the school years: every award line and contest author resolves to one
person, whose consent is then decided once for all their lines (validate.py applies it).

The rule (documented in docs/records.md, "One person across the years"):

1. A line that cites an exemplar (`recipient: <exemplar id>`) is that exemplar's person.
2. A line with `person: <id>` is the person of that id: the same id is the same person
   everywhere, different ids are different people even with the same name. This pins an
   identity the rule below cannot decide. A school may keep a list of its people with
   stable ids (data/people.yml, a staff list say): then every `person:` must be one of
   them, a name written on a line that is exactly one listed person's name (same kind of
   role) is that person, and their page is at their id.
3. Otherwise the same full name — as written: tones and đ count, case and spacing do not —
   with the same kind of role (students; staff: managers, teachers, staff; parents;
   collectives) is one person in every school year. Students change class every year, so
   the unit does not count, except when one school year has the name with two different
   units: then those are two people, told apart by unit, and `check` warns that the
   identity is ambiguous and how to pin it (rule 2).
4. A name that rule 3 resolves and that is exactly the name of one exemplar of the same kind
   of role is that exemplar's person too.

Engine-free; no MkDocs.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bangvang.records.data import load_data_file
from bangvang.records.fields import Context, List, Mapping, Slug, Text, Vocab, check_mapping
from bangvang.problems import Problems
from bangvang.records.text import nfc, slugify

PEOPLE_FILE = "data/people.yml"
LISTED_PERSON = {
    "id": Slug("Mã người, không đổi qua các năm (tạo địa chỉ trang /nguoi/<mã>/)", required=True),
    "name": Text("Họ và tên", required=True),
    "role": Vocab("roles", "Vai trò", required=True),
    "unit": Text("Tổ, lớp"),
}
PEOPLE = {"people": List(Mapping(LISTED_PERSON), "Danh sách người (ví dụ cán bộ, giáo viên)",
                         required=True)}

ROLE_GROUPS = {"manager": "staff", "teacher": "staff", "staff": "staff", "student": "student",
               "parent": "parent", "collective": "collective"}


@dataclass
class Mention:
    """One place a person is named: an award line or a contest entry's author."""
    name: str
    role: str | None
    kind: str               # person / collective
    unit: str | None
    school_year: str
    consent: str | None     # as written on this line (None: not given)
    file: str
    line: int | None
    exemplar: str | None = None   # the exemplar the line cites
    pin: str | None = None        # `person:` id written on the line


@dataclass
class Identity:
    key: str                          # internal, stable within a build
    name: str
    group: str
    mentions: list[Mention] = field(default_factory=list)
    exemplar: str | None = None
    page_id: str | None = None        # set by assign_page_ids

    @property
    def explicit_consents(self) -> list[str]:
        return [m.consent for m in self.mentions if m.consent]

    @property
    def latest(self) -> Mention:
        return max(self.mentions, key=lambda m: m.school_year)


def same_name(name: str) -> str:
    """The form two spellings of one name share: tones and đ kept, case and spaces not."""
    return " ".join(nfc(name).split()).casefold()


def role_group(role: str | None, kind: str) -> str:
    return "collective" if kind == "collective" else ROLE_GROUPS.get(role or "", role or "?")


class Listed(dict):
    """The school's list of people, id → {name, role, unit}. `complete` is False when the file
    has problems of its own: a `person:` pin is then not refused for missing from it (the
    file's problem says it all, and the pin may be the one person whose line is broken)."""
    complete = True


def load_listed(root, vocabulary, problems: Problems) -> Listed | None:
    """data/people.yml: id → {name, role, unit}, only people whose id, name and role are
    valid; None when the school keeps no such list."""
    data = load_data_file(root, PEOPLE_FILE, problems, required=False)
    if data is None:
        if (Path(root) / PEOPLE_FILE).exists():   # there, but unreadable: reported
            broken = Listed()
            broken.complete = False
            return broken
        return None
    ctx = Context(PEOPLE_FILE, vocabulary, problems)
    values = check_mapping(PEOPLE, data, ctx)
    listed, rows = Listed(), data.get("people") or []
    listed.complete = ctx.ok
    for index, person in enumerate(values.get("people") or []):
        if not person or not all(person[key] for key in ("id", "name", "role")):
            continue   # reported by check_mapping; pins are not judged (complete is False)
        if person["id"] in listed:
            line = getattr(rows[index], "line", None) if index < len(rows) else None
            problems.add(PEOPLE_FILE, line, f"people[{index + 1}].id", f"mã “{person['id']}” "
                         "đã dùng cho một người khác trong danh sách; mỗi người một mã riêng")
            continue
        listed[person["id"]] = person
    return listed


def resolve(mentions: list[Mention], exemplars: dict[str, tuple[str, str | None, str]],
            problems: Problems, listed: dict[str, dict] | None = None) -> list[Identity]:
    """Identities for `mentions` (each mention lands in exactly one). `exemplars`: id →
    (name, role, kind) of every exemplar whose record is valid, drafts included; `listed`:
    the school's list of people (data/people.yml), if it keeps one."""
    by_exemplar_name = defaultdict(list)
    for exemplar_id, (name, role, kind) in exemplars.items():
        by_exemplar_name[(same_name(name), role_group(role, kind))].append(exemplar_id)
    identities: dict[str, Identity] = {}

    def put(key: str, mention: Mention, exemplar: str | None = None) -> None:
        identity = identities.setdefault(key, Identity(
            key, mention.name, role_group(mention.role, mention.kind), exemplar=exemplar))
        identity.mentions.append(mention)

    by_listed_name = defaultdict(list)
    for person_id, person in (listed or {}).items():
        if not person["name"] or not person["role"]:
            continue   # its own problem is reported (load_listed); matched by no name
        by_listed_name[(same_name(person["name"]), role_group(person["role"], "person"))].append(
            person_id)
    named = defaultdict(list)
    for mention in mentions:
        key = (same_name(mention.name), role_group(mention.role, mention.kind))
        if mention.exemplar:
            put(f"exemplar:{mention.exemplar}", mention, mention.exemplar)
        elif mention.pin:
            if listed is not None and mention.pin not in listed and \
                    getattr(listed, "complete", True):
                problems.add(mention.file, mention.line, "person", f"không có mã người "
                             f"“{mention.pin}” trong {PEOPLE_FILE}; hãy thêm người này vào danh "
                             "sách hoặc sửa mã")
            put(f"pin:{mention.pin}", mention)
        elif len(by_listed_name.get(key, [])) == 1:
            put(f"pin:{by_listed_name[key][0]}", mention)
        else:
            named[(same_name(mention.name), role_group(mention.role, mention.kind))].append(mention)
    for (name, group), group_mentions in sorted(named.items()):
        split = _students(group_mentions) if group == "student" else _by_unit(group_mentions)
        if len(split) > 1:
            _warn_ambiguous(split, problems)
            for number, part in enumerate(split, 1):
                for mention in part:
                    put(f"name:{group}:{name}:{number}", mention)
            continue
        matches = by_exemplar_name.get((name, group), [])
        for mention in group_mentions:
            if len(matches) == 1:
                put(f"exemplar:{matches[0]}", mention, matches[0])
            else:
                put(f"name:{group}:{name}", mention)
    return list(identities.values())


def _by_unit(mentions: list[Mention]) -> list[list[Mention]]:
    """Adults and collectives: one person, unless a school year has the name in two units."""
    units_by_year = defaultdict(set)
    for mention in mentions:
        units_by_year[mention.school_year].add(same_name(mention.unit or ""))
    if all(len(units) == 1 for units in units_by_year.values()):
        return [mentions]
    by_unit = defaultdict(list)
    for mention in mentions:
        by_unit[same_name(mention.unit or "")].append(mention)
    return [by_unit[unit] for unit in sorted(by_unit)]


def _students(mentions: list[Mention]) -> list[list[Mention]]:
    """Students move up a grade a year: 7A2 in 2023-2024 and 8A1 in 2024-2025 can be one
    child, 9A1 in 2023-2024 and 9A1 in 2025-2026 cannot, nor two classes in one year. Each
    chain of classes that fits one child is one person; a unit without a grade fits any."""
    chains: list[list[Mention]] = []
    for mention in sorted(mentions, key=lambda m: (m.school_year, same_name(m.unit or ""))):
        fits = [chain for chain in chains if _continues(chain[-1], mention)]
        # Two fit (7A1 and 7A3 a year before 8A3): the same section (A3) is the likelier child.
        fits.sort(key=lambda chain: _section(chain[-1].unit) != _section(mention.unit))
        if fits:
            fits[0].append(mention)
        else:
            chains.append([mention])
    return chains


def _continues(last: Mention, mention: Mention) -> bool:
    if last.school_year == mention.school_year:
        return same_name(last.unit or "") == same_name(mention.unit or "")
    grades = _grade(last.unit), _grade(mention.unit)
    if None in grades:
        return True
    return grades[1] - grades[0] == int(mention.school_year[:4]) - int(last.school_year[:4])


def _section(unit: str | None) -> str:
    """"8A3" → "a3": the class without its grade."""
    return re.sub(r"^\s*(?:lớp\s*)?\d{1,2}", "", (unit or "").casefold()).strip()


def _grade(unit: str | None) -> int | None:
    match = re.match(r"\s*(?:lớp\s*)?(\d{1,2})(?!\d)", (unit or "").casefold())
    return int(match.group(1)) if match else None


def _warn_ambiguous(parts: list[list[Mention]], problems: Problems) -> None:
    first = parts[0][0]
    seen = "; ".join(", ".join(f"{m.unit or 'không ghi lớp/tổ'} năm {m.school_year}"
                               for m in part[:3]) for part in parts)
    problems.warn(first.file, first.line, "recipient", f"tên “{first.name}” có ở: {seen} — không "
                  f"thể là một người, nên được coi là {len(parts)} người khác nhau. Nếu đúng là "
                  "một người (hoặc để chắc chắn), hãy thêm `person: ma-nguoi` vào các dòng của "
                  "người đó, cùng một mã qua các năm",
                  group="tên trùng ở những lớp không thể là một người, coi là người khác nhau")


def assign_page_ids(identities: list[Identity], published: dict[str, bool],
                    taken: set[str], listed_ids: frozenset[str] = frozenset()) -> None:
    """A page id (URL part) for every identity in `published` (key → True) that has no
    exemplar page: the name's slug, then the unit's, then a number, in a stable order.
    `taken`: ids already used by other pages of the same folder."""
    used = set(taken) | set(listed_ids)   # reserved for the listed people
    for identity in sorted(identities, key=lambda i: (slugify(i.name), i.key)):
        if identity.exemplar or not published.get(identity.key):
            continue
        pinned = identity.key[4:] if identity.key.startswith("pin:") else None
        if pinned and pinned in listed_ids:
            identity.page_id = pinned     # a listed person keeps their school's id
            continue
        base = slugify(identity.name) or "nguoi"
        candidates = [base, f"{base}-{slugify(identity.mentions[0].unit or '')}".rstrip("-")]
        page_id = next((c for c in candidates if c not in used), None)
        number = 2
        while page_id is None:
            page_id = f"{base}-{number}" if f"{base}-{number}" not in used else None
            number += 1
        used.add(page_id)
        identity.page_id = page_id
