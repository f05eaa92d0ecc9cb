"""Raw records → Catalog: check every record against its kind's declaration, decide each
person's consent once, link records to each other.

Consent is decided here and nowhere else (`public_person`): a person's own record decides
(students default to initials); an honour-roll line or a contest entry can only lower it,
never raise it, and cannot change who the person is (role, person or collective). Drafts and
people who are not listed never enter the Catalog with their names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields as dataclass_fields
from pathlib import Path

from . import kinds, people, rules
from .data import load_data_file, load_school, load_vocabulary
from .fields import Context, Reference, check_mapping
from .loader import RawRecord, load_records
from .model import (Award, Campaign, Catalog, ContestEntry, Document, Exemplar, HonourRoll,
                    Person, Plan, PublicPerson, Target, TargetResult)
from .news import load_news
from .plausible import decision_date_problem, markdown_cost_problem
from .privacy import HiddenNames
from .privacy_scan import body_html, check_privacy
from .problems import Problems
from . import rename
from .permalinks import read_published
from .statistics import metric_problem
from .text import initials, normalise_number, slugify
from .urls import clean, url_for
from .yamlload import LineDict

CONSENT_ORDER = ("none", "initials", "name", "full")


def text_values(value, path: str = "", line: int = 0):
    """(line, field path, text) of every text in a record's data."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from text_values(item, f"{path}.{key}" if path else str(key), value.line_of(key))
    elif isinstance(value, list):
        lines = getattr(value, "lines", None)
        for index, item in enumerate(value):
            item_line = getattr(item, "line", None) or (lines[index] if lines else line)
            yield from text_values(item, f"{path}[{index + 1}]", item_line)
    elif isinstance(value, str):
        yield line, path, value
ID_LIKE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+")


def lower_consent(*levels: str | None) -> str | None:
    """The most restrictive of the given consent levels (None: not given)."""
    given = [level for level in levels if level]
    return min(given, key=CONSENT_ORDER.index) if given else None


def public_person(name: str, role: str | None, unit: str | None, photo: str | None,
                  consent: str | None, kind: str | None) -> PublicPerson:
    """Apply consent once, here: students default to initials, adults and collectives to
    their full name; `consent: none` hides collectives too."""
    kind = kind or ("collective" if role == "collective" else "person")
    consent = consent or ("initials" if role == "student" and kind == "person" else "full")
    if consent == "none":
        return PublicPerson(None, role, None, None, kind, listed=False, consent=consent)
    shown = initials(name) if consent == "initials" and kind == "person" else name
    return PublicPerson(shown, role, unit, photo if consent == "full" else None, kind,
                        consent=consent)


def build_catalog(root: Path, preview: bool = False, withhold: dict | None = None
                  ) -> tuple[Catalog | None, Problems]:
    """Load and check every record under `root`; the Catalog is None when anything is wrong.
    `preview` (only `bangvang serve`): complete drafts enter the Catalog too, marked in
    `catalog.previewed_drafts`, so the team sees them before publishing. `withhold`: pages
    already online that name somebody whose consent was since lowered, {(kind, id): names}
    (privacy_scan.py): checked again without them, so every relation and export is as if they
    were not there."""
    root = Path(root)
    problems = Problems()
    vocabulary = load_vocabulary(root, problems)
    school = load_school(root, problems)
    if vocabulary is None or school is None:
        return None, problems
    catalog = Catalog(vocabulary, school)
    builder = _CatalogBuilder(root, catalog, problems)
    builder.preview = preview
    builder.withhold = withhold or {}
    records, unreadable = load_records(root, problems)
    for kind, record_id in unreadable:
        # A file refused for its name is cited by the name its message suggests: neither is
        # reported again by the records that cite it.
        for known in {record_id, slugify(record_id)} - {""}:
            builder.all_ids[kind].setdefault(known, "")
            if kind == "exemplar":
                builder.broken.add(known)
    for raw in records:
        builder.add(raw)
    builder.check_references()
    builder.link()
    catalog.news, catalog.news_authors = load_news(root, problems)
    check_privacy(builder)
    catalog.checked = Checked({raw.path: (raw.kind, raw.id, raw.front) for raw in builder.published},
                              builder.hidden, frozenset(i for found in builder.all_ids.values()
                                                        for i in found))
    if builder.to_withhold and withhold is None:
        return build_catalog(root, preview, builder.to_withhold)
    for (kind, record_id), names in builder.withhold.items():
        problems.warn(builder.all_ids[kind].get(record_id, record_id), None, None,
                      f"trang này đã công bố nhưng ghi tên “{names}”, người nay không còn đồng ý "
                      "công bố họ tên: trang được thay bằng trang “không còn được công bố”. Hãy "
                      "bỏ tên hoặc chỉ ghi chữ cái đầu để trang hiện lại")
    return (None if problems else catalog), problems


def no_placeholder(raw: RawRecord, problems: Problems) -> bool:
    """A published record may not keep the «…» sample text of its `bangvang new` scaffold."""
    found = [(line, path, text) for line, path, text in text_values(raw.data)
             if kinds.PLACEHOLDER.search(text)]
    found += [(raw.body_line + i, None, row) for i, row in enumerate(raw.body.split("\n"))
              if kinds.PLACEHOLDER.search(row)]
    for line, path, text in found[:20]:
        sample = kinds.PLACEHOLDER.search(text).group(0)
        problems.add(raw.path, line, path, f"còn chữ mẫu {sample} của tệp mẫu; hãy thay "
                     "bằng thông tin thật, hoặc để `status: draft` nếu chưa xong")
    return not found


def renderable(raw: RawRecord, problems: Problems) -> bool:
    """Whether the body can be rendered in reasonable time (plausible.py); refused if not."""
    found = markdown_cost_problem(raw.body, raw.body_line) if raw.body else None
    if found:
        problems.add(raw.path, found[0], None, found[1])
    return not found


@dataclass
class Checked:
    """What checking one published record's text again needs, once its front matter is known
    unchanged (the preview's quick path, preview.quick_update): every other check depends
    only on front matter."""
    fronts: dict[str, tuple[str, str, str]]   # record file → (kind, id, front matter as written)
    hidden: HiddenNames                       # names that may not be published
    ids: frozenset[str]                       # every record id (references are not text)

    def text_problems(self, raw: RawRecord) -> Problems:
        problems = Problems()
        if renderable(raw, problems) and no_placeholder(raw, problems):
            self.hidden.scan_record(raw, problems, self.ids,
                                    body_html(raw.body) if raw.body else None)
        return problems


class _CatalogBuilder:
    def __init__(self, root: Path, catalog: Catalog, problems: Problems):
        self.root = root
        self.catalog = catalog
        self.problems = problems
        self.vocabulary = catalog.vocabulary
        self.references: list[Reference] = []
        self.all_ids: dict[str, dict[str, str]] = {k: {} for k in kinds.KINDS}  # incl. drafts
        self.people: dict[str, dict] = {}        # checked exemplar fields, drafts included
        self.broken: set[str] = set()            # exemplars with problems of their own
        self.published: list[RawRecord] = []     # raw records whose text is published
        self.hidden = HiddenNames()
        self.pending_awards: list[tuple[RawRecord, int, dict]] = []
        self.pending_entries: list[tuple[RawRecord, dict]] = []
        # Every honour-roll line's recipient as written (file, line, recipient, role, kind):
        # lines of a roll with problems elsewhere are not linked, yet their recipients are
        # checked, so one `check` lists every problem of a file.
        self.roll_lines: list[tuple[str, int, str, str | None, str | None]] = []
        self._published_urls: set[str] | None = None
        self.preview = False
        self.withhold: dict = {}       # pages taken down after a withdrawal (build_catalog)
        self.to_withhold: dict = {}    # … found by this pass (privacy_scan.py)

    def add(self, raw: RawRecord) -> None:
        status = raw.data.get("status")
        ctx = Context(raw.path, self.vocabulary, self.problems, draft=status == "draft")
        values = check_mapping(kinds.KINDS[raw.kind].fields, raw.data, ctx)
        self.references += ctx.references
        if raw.kind == "honour_roll":
            self.roll_lines += _roll_lines(raw)
        previous = self.all_ids[raw.kind].get(raw.id)
        if previous:
            self.problems.add(raw.path, None, None, f"trùng mã “{raw.id}” với {previous}; mỗi hồ sơ "
                              "cần một tên tệp riêng")
            return
        self.all_ids[raw.kind][raw.id] = raw.path
        if not renderable(raw, self.problems):
            ctx.ok = False    # drafts too: the preview renders them
        draft = values.get("status") == "draft"
        if raw.kind == "exemplar" and ctx.ok:
            self.people[raw.id] = {**values, "path": raw.path, "draft": draft}
        elif raw.kind == "exemplar":
            self.broken.add(raw.id)   # its own problems say it: nothing citing it repeats them
        if draft and self.preview and ctx.ok and self._complete(raw):
            self.catalog.previewed_drafts.add((raw.kind, raw.id))
            values = {**values, "status": None}   # shown as if published, in the preview only
        elif not ctx.ok or draft:
            return
        elif not self._no_placeholder(raw):
            return
        getattr(self, f"_add_{raw.kind}", self._add_declared)(raw, values)

    def _add_declared(self, raw: RawRecord, v: dict) -> None:
        """A kind without rules of its own: its model (kinds.Kind.model) by keyword."""
        model = kinds.KINDS[raw.kind].model
        names = {f.name for f in dataclass_fields(model)}
        given = {**v, "id": raw.id, "file": raw.path, "body": raw.body, "body_line": raw.body_line}
        self.catalog.of_kind(raw.kind)[raw.id] = model(**{k: x for k, x in given.items()
                                                          if k in names})
        self.published.append(raw)

    def _complete(self, raw: RawRecord) -> bool:
        """A draft the preview can show: every required field there (a draft may lack some)."""
        scratch = Problems()
        check_mapping(kinds.KINDS[raw.kind].fields, raw.data,
                      Context(raw.path, self.vocabulary, scratch))
        return not scratch

    def _no_placeholder(self, raw: RawRecord) -> bool:
        return no_placeholder(raw, self.problems)

    def _add_campaign(self, raw: RawRecord, v: dict) -> None:
        if v["status"] == "draft":
            return
        period = v["period"] or {}
        self.catalog.campaigns[raw.id] = Campaign(
            id=raw.id, name=v["name"], level=v["level"], kind=v["kind"] or "phong-trao",
            launched_by=v["launched_by"], period_from=period.get("from"),
            period_to=period.get("to"), status=v["status"] or "active", summary=v["summary"],
            body=raw.body, body_line=raw.body_line, file=raw.path)
        self.published.append(raw)

    def _add_plan(self, raw: RawRecord, v: dict) -> None:
        if not v["school_year"] and not v["year"]:
            self.problems.add(raw.path, raw.data.line, "school_year",
                              "kế hoạch cần `school_year: \"2024-2025\"` hoặc `year: 2024`")
            return
        signer = v["signer"] or {}
        self.catalog.plans[raw.id] = Plan(
            id=raw.id, number=v["number"] and normalise_number(v["number"]), issued=v["issued"],
            place=v["place"], issuer=v["issuer"], issuer_parent=v["issuer_parent"],
            title=v["title"], school_year=v["school_year"], year=v["year"],
            basis=[Document(d["number"] and normalise_number(d["number"]), d["date"],
                            d["issuer"], d["title"], d["plan"]) for d in v["basis"] or [] if d],
            references=[Document(normalise_number(d["number"]), d["date"], None, None)
                        for d in v["references"] or [] if d],
            campaign_ids=v["campaigns"] or [], themes=v["themes"] or [],
            programmes=v["programmes"] or [], contests=v["contests"] or [],
            targets=self._targets(raw, v["targets"] or []),
            signer_name=signer.get("name"), signer_title=signer.get("title"),
            recipients=v["recipients"] or [], body=raw.body, body_line=raw.body_line,
            file=raw.path)
        self.published.append(raw)

    def _targets(self, raw: RawRecord, values: list) -> list[Target]:
        """A plan's targets; a result must be comparable with its target (statistics.py)."""
        items = raw.data.get("targets") or []
        items = [item for item in (items if isinstance(items, list) else [items]) if item is not None]
        targets = []
        for index, (t, item) in enumerate(zip(values, items)):
            if not t:
                continue
            result = t["result"] and TargetResult(**t["result"])
            target = Target(t["text"], t["value"], t["unit"], result,
                            t["comparison"] or "toi-thieu", t["computed"])
            for path, message in _target_problems(target, self.vocabulary):
                self.problems.add(raw.path, _line_of(item, path) or raw.data.line_of("targets"),
                                  f"targets[{index + 1}].{path}", message)
            targets.append(target)
        return targets

    def _add_exemplar(self, raw: RawRecord, v: dict) -> None:
        from .images import check_photo  # Pillow loads only when a record has a photo
        if v["photo"]:
            problem = check_photo(self.root, v["photo"])
            if problem:  # reported; the record still counts, so nothing cascades from it
                self.problems.add(raw.path, raw.data.line_of("photo"), "photo", problem)
        person = public_person(v["name"], v["role"], v["unit"], v["photo"], v["consent"], v["kind"])
        if person.name != v["name"]:
            self.hidden.add(v["name"], raw.path, person.name, withdrawn=bool(v["consent"]))
        if not person.listed or ("exemplar", raw.id) in self.withhold:
            return  # validated, never published
        self.catalog.exemplars[raw.id] = Exemplar(
            id=raw.id, person=person, school_year=v["school_year"], date=v["date"],
            campaign_ids=v["campaigns"] or [], summary=v["summary"], body=raw.body,
            body_line=raw.body_line, file=raw.path)
        self.published.append(raw)

    def _add_honour_roll(self, raw: RawRecord, v: dict) -> None:
        if v["school_year"] != raw.id:
            self.problems.add(raw.path, raw.data.line_of("school_year"), "school_year",
                              f"năm học “{v['school_year']}” khác tên tệp “{raw.id}”; hãy sửa "
                              "cho trùng nhau")
            return
        self.catalog.honour_rolls[raw.id] = HonourRoll(raw.id, [])
        self.published.append(raw)
        seen = {}
        items = raw.data.get("awards") or []
        for index, (award, item) in enumerate(zip(v["awards"] or [], items)):
            path = f"awards[{index + 1}]"
            line = getattr(item, "line", None) or raw.data.line
            if award is None:
                continue
            if bool(award["title"]) == bool(award["form"]):
                self.problems.add(raw.path, line, path, "mỗi khen thưởng ghi đúng một trong hai: "
                                  "`title` (danh hiệu) hoặc `form` (hình thức)")
                continue
            # The unit counts: two students of one name in two classes are two people.
            key = (award["recipient"], award["unit"], award["title"] or award["form"],
                   award["decision"]["number"])
            if key in seen:
                self.problems.add(raw.path, line, path, f"khen thưởng này trùng với mục ở dòng "
                                  f"{seen[key]} (cùng người, cùng danh hiệu, cùng quyết định); "
                                  "hãy xoá một mục")
                continue
            seen[key] = line
            late = decision_date_problem(raw.id, award["decision"]["date"])
            if late:
                self.problems.add(raw.path, _line_of(item, "decision.date") or line,
                                  f"{path}.decision.date", late)
            self.pending_awards.append((raw, line, award))

    def _add_contest_entry(self, raw: RawRecord, v: dict) -> None:
        self.pending_entries.append((raw, v))

    def check_references(self) -> None:
        for ref in self.references:
            if ref.id not in self.all_ids[ref.kind]:
                hint = self._hint(ref.kind, ref.id)
                self.problems.add(ref.file, ref.line, ref.field,
                                  f"không có {kinds.KINDS[ref.kind].label} mã “{ref.id[:80]}”; "
                                  f"{hint}mã là tên tệp không có đuôi .md")

    def _hint(self, kind: str, old: str) -> str:
        """After “no record `old`”: the rename to run, only when the records show it is one
        (rename.hint), else a spelling suggestion."""
        if self._published_urls is None:
            self._published_urls = read_published(self.root, Problems())   # reported by permalinks
        fits = self._fits_exemplar(old) if kind == "exemplar" else (lambda new: True)
        return rename.hint(kinds.KINDS[kind], old, self.all_ids[kind], self._published_urls, fits)

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

    def link(self) -> None:
        self._resolve_people()
        for raw, line, award in self.pending_awards:
            self._link_award(raw, line, award)
        for raw, v in self.pending_entries:
            self._link_entry(raw, v)
        self._unlinked_recipients()
        self._person_pages()
        self._check_rules()
        self._link_plans()
        self._withheld()

    def _withheld(self) -> None:
        """Exemplars on disk that may not be shown (consent none, draft): if their address was
        published, it answers "not published" (permalinks.py) instead of stopping the build."""
        kind = kinds.KINDS["exemplar"]
        for exemplar_id in self.all_ids["exemplar"]:
            if exemplar_id not in self.catalog.exemplars and exemplar_id not in self.broken:
                self.catalog.withheld_urls.add(clean(url_for(kind.url, id=exemplar_id)))

    def _check_rules(self) -> None:
        """Warnings for awards whose prerequisites the records lack; who may be proposed."""
        found = rules.load_rules(self.root, self.vocabulary, self.problems)
        held = rules.held_by_person(self.catalog, self.identities, self.award_lines)
        rules.check_awards(found, held, self.vocabulary, self.problems)
        years = sorted(self.catalog.honour_rolls)
        self.catalog.eligibility = rules.eligible(found, held, years[-1]) if years else []

    def _resolve_people(self) -> None:
        """Who each award line and contest author is (people.py), and each person's consent,
        decided once: the lowest any of their lines gives (a line that gives none does not
        lower it), or the default of their role when no line gives one."""
        self.identity_of: dict[tuple, people.Identity] = {}
        self.consent_of: dict[str, str] = {}
        self.linked: list[tuple] = []   # (Award or ContestEntry, identity key) to give pages to
        self.award_lines: list[tuple] = []   # (identity key, title, year, file, line): rules.py
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
            self.catalog.withheld_urls.add(clean(url_for(kinds.KINDS["contest_entry"].url,
                                                         id=raw.id, year=v["contest_year"])))
            return
        self.catalog.contest_entries[raw.id] = ContestEntry(
            id=raw.id, contest_year=v["contest_year"], title=v["title"], author=writer,
            subject_exemplar_id=subject_id, subject_name=subject_name, prize=v["prize"],
            summary=v["summary"], body=raw.body, body_line=raw.body_line, file=raw.path)
        self.linked.append((self.catalog.contest_entries[raw.id], identity.key))
        self.published.append(raw)

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

    def _link_plans(self) -> None:
        by_number = {_number_key(p.number): p.id for p in self.catalog.plans.values() if p.number}
        for plan in self.catalog.plans.values():
            for document in plan.basis:
                cited = document.plan_id or by_number.get(_number_key(document.number or ""))
                document.plan_id = None  # link only to plans that are published
                if cited in self.catalog.plans and cited != plan.id:
                    document.plan_id = cited
                    self.catalog.plans[cited].cited_by.append(plan.id)


def _looks_like_id(text: str) -> bool:
    """A recipient or subject written as an exemplar id ("hs-2024-nhat-vi"), not as a name."""
    return bool(ID_LIKE.fullmatch(text)) and not any(c.isupper() for c in text)


def _roll_lines(raw: RawRecord) -> list[tuple[str, int, str, str | None, str | None]]:
    """(file, line, recipient, role, kind) of each award line as written."""
    items = raw.data.get("awards")
    found = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, LineDict) and isinstance(item.get("recipient"), str):
            role, kind = item.get("role"), item.get("kind")
            line = getattr(item, "line", None) or raw.data.line   # as _add_honour_roll
            found.append((raw.path, line, item["recipient"].strip(),
                          role.strip() if isinstance(role, str) else None,
                          kind.strip() if isinstance(kind, str) else None))
    return found


def _line_of(item, path: str) -> int | None:
    """The line of "result.value" in a target's YAML, or of the nearest group holding it."""
    line = getattr(item, "line", None)
    for key in path.split("."):
        if not isinstance(item, LineDict) or key not in item:
            break
        line, item = item.line_of(key), item[key]
    return line


def _same_unit(a: str | None, b: str | None) -> bool:
    return " ".join((a or "").lower().split()) == " ".join((b or "").lower().split())


def _target_problems(target: Target, vocabulary) -> list[tuple[str, str]]:
    """(field, Vietnamese message) of what keeps a target's result from being compared."""
    result, number = target.result, target.value is not None
    if target.computed:
        if result:
            return [("result", "ghi một trong hai: `result` (kết quả nhà trường ghi) hoặc "
                     "`computed` (kết quả tính từ hồ sơ trên trang), không ghi cả hai")]
        problem = metric_problem(target.computed, vocabulary, target.unit)
        if problem:
            return [("computed", problem)]
        return [] if number else [("computed", "kết quả tính từ hồ sơ cần chỉ tiêu có con số; "
                                   "hãy thêm `value:` vào chỉ tiêu, ví dụ `value: 15`")]
    if not result:
        return []
    if number and result.value is None:
        written = f" (đang ghi bằng chữ: “{result.note[:40]}”)" if result.note else ""
        return [("result.value", f"kết quả cần con số `value:`{written} để so với chỉ tiêu "
                 f"{target.value}{target.unit or ''}, ví dụ `result: {{value: 21, unit: \"%\", "
                 "note: \"9/43 người\"}`; nếu chưa có số liệu, hãy xoá `result`")]
    if number and result.achieved is not None:
        return [("result.achieved", "chỉ tiêu có con số: trang tự so kết quả với chỉ tiêu; hãy xoá "
                 "dòng `achieved`")]
    if not number and result.achieved is None:
        return [("result.achieved", "chỉ tiêu không có con số: hãy ghi `achieved: true` (đạt) hoặc "
                 "`achieved: false` (chưa đạt) trong `result`")]
    if not number and result.value is not None:
        return [("result.value", "chỉ tiêu không có con số để so; hãy thêm `value:` vào chỉ tiêu, hoặc "
                 "xoá con số của kết quả và ghi `achieved: true` / `false`")]
    if result.unit and not _same_unit(result.unit, target.unit):
        return [("result.unit", f"đơn vị của kết quả “{result.unit[:30]}” khác đơn vị của chỉ tiêu "
                 f"“{target.unit or 'không ghi'}”; hãy ghi cùng đơn vị (hoặc bỏ `unit` của kết "
                 "quả)")]
    return []


def _number_key(number: str) -> str:
    return normalise_number(number).upper()


__all__ = ["build_catalog", "public_person", "lower_consent", "load_data_file"]
