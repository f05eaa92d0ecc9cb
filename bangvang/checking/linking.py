"""Who is who, for the Catalog: every award line, contest author and initiative author is
resolved to one person (people.py), whose consent is decided once (consent.py) and who gets a
page when consent allows (/nguoi/<id>/ or their exemplar's).

`PeopleLinks` is the half of validate._CatalogBuilder that links people; it reads the
builder's `people` (checked exemplars, drafts included), `broken`, `pending_awards`,
`pending_entries`, `pending_initiatives` and `roll_lines`, and fills the Catalog.
"""
from __future__ import annotations

import re

from bangvang.records import kinds
from bangvang.checking import people
from bangvang.checking.consent import lower_consent, public_person
from bangvang.records.loader import RawRecord
from bangvang.records.model import Author, Award, ContestEntry, Initiative, Person, PublicPerson
from bangvang.records.text import normalise_number
from bangvang.pages.urls import clean, url_for
from bangvang.records.yamlload import LineDict

ID_LIKE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+")
AUTHOR_ROLE = "teacher"   # an initiative's author without a role: staff write initiatives


class PeopleLinks:
    """Award lines, contest entries and initiatives linked to the people they name."""

    def _fits_exemplar(self, old: str):
        """Whether exemplar `new` fits what the honour-roll lines citing `old` say of them:
        the same kind of role (a teacher's story is not a renamed pupil's)."""
        said = {people.role_group(self.vocabulary.resolve("roles", role) or role, kind or "person")
                for _, _, recipient, role, kind in self.roll_lines if recipient == old and role}

        def fits(new: str) -> bool:
            own = self.people.get(new)
            if own is None:
                return not said
            return said <= {people.role_group(own["role"], own["kind"] or "person")}
        return fits

    def _missing_exemplar(self, path: str, line: int | None, field: str, cited: str) -> None:
        self.problems.add(path, line, field, f"“{cited}” trông như mã gương điển hình nhưng không "
                          f"có hồ sơ exemplars/{cited}.md; " + (
                              self._hint("exemplar", cited) or "hãy sửa mã hoặc ghi họ tên đầy đủ"))

    def _unlinked_recipients(self) -> None:
        """Recipients of roll lines that were not linked (their roll or line has another
        problem, or is a draft): an id of no exemplar is reported all the same."""
        linked = {(raw.path, line) for raw, line, _ in self.pending_awards}
        for path, line, recipient, _, _ in self.roll_lines:
            if (path, line) not in linked and _looks_like_id(recipient) and \
                    recipient not in self.all_ids["exemplar"]:
                self._missing_exemplar(path, line, "recipient", recipient)

    def _resolve_people(self) -> None:
        """Who each award line, contest author and initiative author is (people.py), and each
        person's consent, decided once: the lowest any of their lines gives (a line that gives
        none does not lower it), or the default of their role when no line gives one."""
        self.identity_of: dict[tuple, people.Identity] = {}
        self.consent_of: dict[str, str] = {}
        self.linked: list[tuple] = []   # (Award, ContestEntry or Author, identity key): pages
        self.award_lines: list[tuple] = []   # (identity key, title, year, file, line): rules.py
        self.initiative_years: dict[str, set[str]] = {}   # identity key → years: rules.py
        mentions, where = self._mentions()
        exemplars = {i: (p["name"], p["role"], p["kind"] or "person") for i, p in self.people.items()}
        self.listed = people.load_listed(self.root, self.vocabulary, self.problems)
        self.identities = people.resolve(mentions, exemplars, self.problems, self.listed)
        by_mention = {id(m): identity for identity in self.identities for m in identity.mentions}
        for mention, place in zip(mentions, where):
            self.identity_of[place] = by_mention[id(mention)]
        for identity in self.identities:
            first = identity.mentions[0]
            default = public_person(first.name, first.role, None, None, None, first.kind).consent
            self.consent_of[identity.key] = lower_consent(*identity.explicit_consents) or default

    def _mentions(self) -> tuple[list[people.Mention], list[tuple]]:
        """Every place a person is named, and where (file, line or field) for `identity_of`."""
        mentions, where = [], []
        for raw, line, a in self.pending_awards:
            cited = a["recipient"] if a["recipient"] in self.people else None
            mentions.append(people.Mention(
                a["recipient"], a["role"], a["kind"] or "person", a["unit"], raw.id, a["consent"],
                raw.path, line, exemplar=cited, pin=a["person"]))
            where.append((raw.path, line))
        for raw, v in self.pending_entries:
            author = v["author"]
            mentions.append(people.Mention(
                author["name"], author["role"], "person", author["unit"],
                f"{v['contest_year'] - 1}-{v['contest_year']}", author["consent"], raw.path,
                raw.data.line_of("author"), pin=author["person"]))
            where.append((raw.path, "author"))
        for raw, v in self.pending_initiatives:
            for index, a in enumerate(v["authors"]):
                cited = a["name"] if a["name"] in self.people else None
                role = self.people[cited]["role"] if cited else a["role"] or AUTHOR_ROLE
                mentions.append(people.Mention(
                    a["name"], role, "person", a["unit"], v["school_year"], a["consent"],
                    raw.path, _author_line(raw, index), exemplar=cited, pin=a["person"]))
                where.append((raw.path, f"authors[{index + 1}]"))
        return mentions, where

    def _person_pages(self) -> None:
        """A page for every person without an exemplar page whose full name may be shown."""
        shown = {i.key: self.consent_of[i.key] in ("full", "name") for i in self.identities}
        people.assign_page_ids(self.identities, shown, set(), frozenset(self.listed or ()))
        for identity in self.identities:
            if not identity.page_id:
                continue
            latest = identity.latest
            self.catalog.people[identity.page_id] = Person(
                id=identity.page_id, file=identity.mentions[0].file,
                person=public_person(latest.name, latest.role, latest.unit, None,
                                     self.consent_of[identity.key], latest.kind),
                school_years=sorted({m.school_year for m in identity.mentions}))
        page_of = {i.key: i.page_id for i in self.identities if i.page_id}
        exemplar_of = {i.key: i.exemplar for i in self.identities
                       if i.exemplar in self.catalog.exemplars}
        for record, key in self.linked:
            if isinstance(record, Award):
                record.person_id = page_of.get(key) if record.person.listed else None
            elif isinstance(record, Author):
                shown = record.person.listed and record.person.consent in ("full", "name")
                record.person_id = page_of.get(key) if shown and not record.exemplar_id else None
            elif record.author.name and record.author.consent in ("full", "name"):
                record.author_id = page_of.get(key)
                record.author_exemplar_id = exemplar_of.get(key)

    def _award_person(self, raw: RawRecord, line: int, a: dict) -> PublicPerson | None:
        """The recipient as far as their own record (if any) and their lines allow."""
        identity = self.identity_of[(raw.path, line)]
        own = self.people.get(identity.exemplar) if identity.exemplar else None
        if own is None and a["recipient"] in self.broken:
            return None   # the exemplar's file has problems of its own, reported there
        if own is None:
            if _looks_like_id(a["recipient"]):
                self._missing_exemplar(raw.path, line, "recipient", a["recipient"])
                return None
            if not a["role"]:
                self.problems.add(raw.path, line, "role", "thiếu vai trò (role) của người được "
                                  "khen; hãy thêm ví dụ `role: teacher` hoặc `role: student`")
                return None
            person = public_person(a["recipient"], a["role"], a["unit"], None,
                                   self.consent_of[identity.key], a["kind"])
            if not person.listed or person.name != a["recipient"]:
                # Not the roll's file as the person's own: its other lines name other people.
                self.hidden.add(a["recipient"], "", person.name,
                                withdrawn=bool(identity.explicit_consents))
            return person
        for name in ("role", "kind"):
            if identity.exemplar != a["recipient"]:
                break   # found by name (people.py rule 4): the same kind of role already
            if a[name] and a[name] != (own[name] or a[name]):
                self.problems.add(raw.path, line, name, f"người này đã có hồ sơ {own['path']} với "
                                  f"{name}: {own[name]}; dòng khen thưởng không được ghi khác. "
                                  f"Hãy xoá dòng `{name}` ở đây")
                return None
        if own["draft"]:
            self.hidden.add(own["name"], "")
            return PublicPerson(None, own["role"], None, None, own["kind"] or "person",
                                listed=False, consent="none")
        consent = lower_consent(own["consent"] or public_person(
            own["name"], own["role"], None, None, None, own["kind"]).consent, a["consent"])
        return public_person(own["name"], own["role"], a["unit"] or own["unit"], own["photo"],
                             consent, own["kind"])

    def _link_award(self, raw: RawRecord, line: int, a: dict) -> None:
        self.award_lines.append((self.identity_of[(raw.path, line)].key, a["title"], raw.id,
                                 raw.path, line))
        person = self._award_person(raw, line, a)
        if person is None or not self._title_fits(a, person, raw.path, line):
            return
        identity = self.identity_of[(raw.path, line)]
        linked = identity.exemplar if identity.exemplar in self.catalog.exemplars and \
            person.listed else None
        award = Award(
            school_year=raw.id, person=person, exemplar_id=linked, title=a["title"],
            form=a["form"], level=a["level"],
            decision_number=normalise_number(a["decision"]["number"]),
            decision_date=a["decision"]["date"], campaign_id=a["campaign"], reason=a["reason"])
        self.catalog.honour_rolls[raw.id].awards.append(award)
        self.linked.append((award, identity.key))

    def _link_entry(self, raw: RawRecord, v: dict) -> None:
        if v["subject"] in self.broken:
            return   # the exemplar's file has problems of its own, reported there
        author = v["author"]
        subject = self.people.get(v["subject"])
        if subject is None and _looks_like_id(v["subject"]):
            self._missing_exemplar(raw.path, raw.data.line_of("subject"), "subject", v["subject"])
            return
        if subject is not None:
            shown = self.catalog.exemplars.get(v["subject"])
            subject_id = v["subject"] if shown else None
            subject_name = shown.person.name if shown else None
            if subject_name != subject["name"]:
                self.hidden.add(subject["name"], raw.path, subject_name,
                                withdrawn=bool(subject["consent"]))
        else:
            subject_id, subject_name = None, v["subject"]
        identity = self.identity_of[(raw.path, "author")]
        writer = public_person(author["name"], author["role"], author["unit"], None,
                               self.consent_of[identity.key], None)
        if writer.name != author["name"]:
            self.hidden.add(author["name"], raw.path, writer.name,
                            withdrawn=bool(identity.explicit_consents))
        if ("contest_entry", raw.id) in self.withhold:
            kind = kinds.KINDS["contest_entry"]
            self.catalog.withheld_urls.add(clean(url_for(kind.url,
                                                         **kind.url_params(raw.id, v))))
            return
        self.catalog.contest_entries[raw.id] = ContestEntry(
            id=raw.id, contest_year=v["contest_year"], title=v["title"], author=writer,
            subject_exemplar_id=subject_id, subject_name=subject_name, prize=v["prize"],
            summary=v["summary"], body=raw.body, body_line=raw.body_line, file=raw.path)
        self.linked.append((self.catalog.contest_entries[raw.id], identity.key))
        self.published.append(raw)

    def _link_initiative(self, raw: RawRecord, v: dict) -> None:
        """An initiative with its authors as their consent allows: each author once, the
        lowest consent any of their records gives (an exemplar's own can only be lowered)."""
        authors = []
        for index, a in enumerate(v["authors"]):
            found = self._author(raw, index, a)
            if found is None:
                return   # said where it is (the exemplar's own file, or this line)
            authors.append(found)
        if ("initiative", raw.id) in self.withhold:   # online, names a withdrawn person
            kind = kinds.KINDS["initiative"]
            self.catalog.withheld_urls.add(clean(url_for(kind.url, **kind.url_params(raw.id, v))))
            return
        decision = v["decision"] or {}
        self.catalog.of_kind("initiative")[raw.id] = Initiative(
            id=raw.id, title=v["title"], authors=[author for author, _ in authors],
            school_year=v["school_year"], field=v["field"], level=v["level"],
            decision_number=decision.get("number") and normalise_number(decision["number"]),
            decision_date=decision.get("date"), applied=v["applied"],
            applied_scope=v["applied_scope"], campaign_id=v["campaign"], summary=v["summary"],
            body=raw.body, body_line=raw.body_line, file=raw.path)
        self.linked += authors
        for _, key in authors:
            self.initiative_years.setdefault(key, set()).add(v["school_year"])
        self.published.append(raw)

    def _author(self, raw: RawRecord, index: int, a: dict) -> tuple[Author, str] | None:
        """(author, identity key) of an initiative's author, or None after a problem."""
        identity = self.identity_of[(raw.path, f"authors[{index + 1}]")]
        own = self.people.get(identity.exemplar) if identity.exemplar else None
        consent = self.consent_of[identity.key]
        if own is None and a["name"] in self.broken:
            return None
        if own is None and _looks_like_id(a["name"]):
            self._missing_exemplar(raw.path, _author_line(raw, index),
                                   f"authors[{index + 1}].name", a["name"])
            return None
        if own is None:
            person = public_person(a["name"], a["role"] or AUTHOR_ROLE, a["unit"], None, consent,
                                   "person")
            if person.name != a["name"]:
                self.hidden.add(a["name"], raw.path, person.name,
                                withdrawn=bool(identity.explicit_consents))
            return Author(person), identity.key
        if own["draft"]:
            self.hidden.add(own["name"], "")
            return Author(PublicPerson(None, own["role"], None, None, "person", listed=False,
                                       consent="none")), identity.key
        level = lower_consent(own["consent"] or public_person(
            own["name"], own["role"], None, None, None, own["kind"]).consent, consent)
        person = public_person(own["name"], own["role"], a["unit"] or own["unit"], None, level,
                               own["kind"])
        if person.name != own["name"]:
            self.hidden.add(own["name"], raw.path, person.name, withdrawn=True)
        # Linked to the exemplar's page only when that page names them as this one does: a
        # link from initials to a page with the full name would undo the lowered consent.
        shown = identity.exemplar in self.catalog.exemplars and person.name == own["name"]
        return Author(person, identity.exemplar if shown else None), identity.key

    def _title_fits(self, award: dict, person: PublicPerson, path: str, line: int) -> bool:
        if not award["title"]:
            return True
        applies = self.vocabulary.lists["titles"][award["title"]].applies_to
        actual = ("collective" if person.kind == "collective" else
                  "student" if person.role == "student" else "person")
        if applies and applies != actual:
            label = self.vocabulary.label("titles", award["title"])
            who = {"collective": "tập thể", "student": "học sinh", "person": "cá nhân cán bộ, "
                   "giáo viên, nhân viên"}[applies]
            self.problems.add(path, line, "title", f"danh hiệu “{label}” chỉ dành cho {who}; hãy "
                              "kiểm tra lại role hoặc danh hiệu")
            return False
        return True


def _author_line(raw: RawRecord, index: int) -> int | None:
    items = raw.data.get("authors")
    item = items[index] if isinstance(items, list) and index < len(items) else None
    return getattr(item, "line", None) or raw.data.line_of("authors")


def _looks_like_id(text: str) -> bool:
    """A recipient or subject written as an exemplar id ("hs-2024-nhat-vi"), not as a name."""
    return bool(ID_LIKE.fullmatch(text)) and not any(c.isupper() for c in text)


def _roll_lines(raw: RawRecord) -> list[tuple[str, int, str, str | None, str | None]]:
    """(file, line, recipient, role, kind) of each award line as written."""
    items = raw.data.get("awards")
    found = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, LineDict) and isinstance(item.get("recipient"), str) \
                and item.get("status") != "draft":   # a draft line names nobody yet
            role, kind = item.get("role"), item.get("kind")
            line = getattr(item, "line", None) or raw.data.line   # as _add_honour_roll
            found.append((raw.path, line, item["recipient"].strip(),
                          role.strip() if isinstance(role, str) else None,
                          kind.strip() if isinstance(kind, str) else None))
    return found


