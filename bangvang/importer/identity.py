"""Who is the same person, for `bangvang import awards`: the site's own rule (bangvang/checking/people.py),
so that the importer never merges two people the site keeps apart, nor the reverse.

- A line citing an exemplar (`recipient: <id>`) is that exemplar; `person: <id>` pins a person.
- A name written exactly as one person of the school's list (data/people.yml) is that person.
- Otherwise the same full name as written (`people.same_name`: tones and đ count, case and
  spacing do not) with the same kind of role (`people.role_group`) is one person; exactly one
  exemplar of that name and kind makes it that exemplar.
- Within one honour roll (one school year) two different units make two people: students of
  one name in two classes, adults of one name in two teams. A unit written on one side only
  does not: the award is the one already there (adding it again would make the site count a
  second person, published without the first one's consent).

An award is already present when the same person has the same title or form from the same
decision number. Names that fold to the same letters but are written differently ("Hương" and
"Hường", "Dũng" and "Đũng") are two people: both awards go in, and a note names the pair in
case one is a typo.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bangvang.checking.people import load_listed, role_group, same_name
from bangvang.problems import Problems
from bangvang.records.text import fold
from bangvang.records.vocabulary import Vocabulary
from .people import Person, class_of


@dataclass(frozen=True)
class Who:
    """One person as the site tells people apart."""
    base: tuple               # ("exemplar", id) / ("pin", id) / ("name", group, same name)
    unit: str | None          # compared form of the unit; None: any (a cited or pinned person)
    name: str                 # as written, for messages
    group: str
    shown_unit: str           # as written, for messages

    def fits(self, other: Who) -> bool:
        return self.base == other.base and (
            not self.unit or not other.unit or self.unit == other.unit)


class People:
    """The exemplars and the school's list of people, indexed once per run."""

    def __init__(self, root: Path, vocabulary: Vocabulary, exemplars: list[Person]):
        self.by_id = {person.id: person for person in exemplars}
        self.exemplars = defaultdict(list)
        for person in exemplars:
            self.exemplars[(same_name(person.name), _group(person))].append(person.id)
        # Unreadable data/people.yml: `bangvang check` reports it; the importer goes on.
        listed = load_listed(root, vocabulary, Problems()) or {}
        self.listed = defaultdict(list)
        for person_id, person in listed.items():
            if not person.get("name") or not person.get("role"):
                continue     # a broken line of the list is matched by no name (people.py)
            self.listed[(same_name(person["name"]), role_group(person["role"], "person"))].append(
                person_id)

    def who(self, award: dict) -> Who:
        recipient = str(award.get("recipient") or "")
        unit = str(award.get("unit") or "")
        person = self.by_id.get(recipient)
        if person:
            return Who(("exemplar", person.id), None, person.name, _group(person),
                       unit or person.unit or "")
        group = role_group(award.get("role"), str(award.get("kind") or "person"))
        if award.get("person"):
            return Who(("pin", str(award["person"])), None, recipient, group, unit)
        key = (same_name(recipient), group)
        if len(self.listed.get(key, [])) == 1:
            return Who(("pin", self.listed[key][0]), None, recipient, group, unit)
        compared = (class_of(unit) or same_name(unit)) if group == "student" else same_name(unit)
        exemplars = self.exemplars.get(key, [])
        base = ("exemplar", exemplars[0]) if len(exemplars) == 1 else ("name", *key[::-1])
        return Who(base, compared, recipient, group, unit)


def _group(person: Person) -> str:
    return role_group(person.role, person.kind or "person")


@dataclass
class Ledger:
    """The awards of one honour roll, old and new, by (person, title or form, decision):
    each lookup is a dictionary access, so sorting n rows takes time in proportion to n."""
    people: People
    vocabulary: Vocabulary
    awards: dict = field(default_factory=lambda: defaultdict(list))
    spellings: dict = field(default_factory=lambda: defaultdict(dict))
    noted: set = field(default_factory=set)

    def add(self, award: dict, where: str, place: str | None = None,
            old: bool = False) -> str | None:
        """Record an award (`old`: already in the honour roll; `where` says where for a
        repeat, `place` for a note about the name); the note about a near name, if any."""
        who = self.people.who(award)
        self.awards[self._key(who, award)].append((who, where, old))
        return self.spelling(who, place or where)

    def find(self, award: dict) -> tuple[str, bool] | None:
        """(where, in the honour roll already) of the same award of the same person, or None."""
        who = self.people.who(award)
        return next(((where, old) for other, where, old in self.awards.get(
            self._key(who, award), []) if who.fits(other)), None)

    def spelling(self, who: Who, where: str) -> str | None:
        """Remember how this person's name is written; when another person of the same kind
        has a name with the same letters written otherwise, the note saying so (once)."""
        letters = (fold(same_name(who.name)), who.group)
        known = self.spellings[letters]
        written = same_name(who.name)
        note = None
        for other, (name, unit, there) in known.items():
            pair = frozenset((written, other))
            if other != written and pair not in self.noted:
                self.noted.add(pair)
                note = (f"{where[:1].upper()}{where[1:]}: {_shown(who.name, who.shown_unit)} và "
                        f"{_shown(name, unit, there)}: hai người khác nhau (tên khác dấu thanh "
                        "hoặc chữ đ/d) — nếu là một người, hãy sửa tệp cho cùng một cách viết "
                        "rồi nhập lại")
                break
        known.setdefault(written, (who.name, who.shown_unit, where))
        return note

    def _key(self, who: Who, award: dict) -> tuple:
        what = ""
        for name, vocab in (("title", "titles"), ("form", "forms")):
            if award.get(name):
                value = str(award[name])
                what = self.vocabulary.resolve(vocab, value) or fold(value)
        decision = award.get("decision") if isinstance(award.get("decision"), dict) else {}
        # Decision numbers are codes, not names: "52/QD-THCS" is "52/QĐ-THCS".
        number = re.sub(r"\s+", "", fold(str(decision.get("number") or "")))
        return who.base, what, number


def _shown(name: str, *facts: str) -> str:
    said = ", ".join(fact for fact in facts if fact)
    return f"{name} ({said})" if said else name


def seed(ledger: Ledger, roll_items: list[tuple[dict, int | None]], shown: str) -> None:
    """The awards already in the honour roll, and the exemplars' names, into the ledger."""
    for person in ledger.people.by_id.values():
        who = Who(("exemplar", person.id), None, person.name, _group(person),
                  person.unit or "")
        ledger.spelling(who, f"hồ sơ {person.id}")
    ledger.noted.clear()     # names of the records themselves are not this list's business
    for award, line in roll_items:
        ledger.add(award, f"dòng {line}", f"dòng {line} của {shown}", old=True)
    ledger.noted.clear()
