"""Raw records → Catalog: check every record against its kind's declaration, decide each
person's consent once, link records to each other.

Consent is decided once (consent.py, `public_person`): a person's own record decides
(students default to initials); an honour-roll line, a contest entry or an initiative can
only lower it, never raise it, and cannot change who the person is (role, person or
collective). Drafts and people who are not listed never enter the Catalog with their names.

The concerns live apart: consent (consent.py), the text of a record (record_text.py), plans
and their targets (plan_checks.py), people across records (linking.py); this module is the
pass over the records that calls them.
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from pathlib import Path

from bangvang.records import kinds
from bangvang.checking import rename, rules
from bangvang.checking.consent import CONSENT_ORDER, lower_consent, public_person
from bangvang.records.data import load_data_file, load_school, load_vocabulary
from bangvang.records.fields import Context, Reference, check_mapping, line_at
from bangvang.checking.linking import PeopleLinks, _roll_lines
from bangvang.records.loader import RawRecord, load_records
from bangvang.records.model import (
    Campaign, Catalog, ContestEntry, Exemplar, HonourRoll, Initiative, Plan)
from bangvang.checking.news import load_news
from bangvang.checking.permalinks import read_published
from bangvang.checking.plan_checks import link_plans, plan_of
from bangvang.records.plausible import decision_date_problem
from bangvang.checking.privacy import HiddenNames
from bangvang.checking.privacy_scan import check_privacy
from bangvang.problems import Problems
from bangvang.checking.record_text import Checked, no_placeholder, renderable, text_values
from bangvang.records.text import slugify
from bangvang.pages.urls import clean, url_for


@dataclass
class Read:
    """Records as written and checked, drafts included (Catalog.read): exemplar id → its
    checked values (with "path" and "draft"); school year → (the roll's RawRecord, its checked
    values)."""
    exemplars: dict
    rolls: dict


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
    records, unreadable = load_records(root, problems, keep=True)
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
    catalog.read = builder.read
    if builder.to_withhold and withhold is None:
        return build_catalog(root, preview, builder.to_withhold)
    for (kind, record_id), names in builder.withhold.items():
        problems.warn(builder.all_ids[kind].get(record_id, record_id), None, None,
                      f"trang này đã công bố nhưng ghi tên “{names}”, người nay không còn đồng ý "
                      "công bố họ tên: trang được thay bằng trang “không còn được công bố”. Hãy "
                      "bỏ tên hoặc chỉ ghi chữ cái đầu để trang hiện lại")
    return (None if problems else catalog), problems


def award_key(award: dict) -> tuple:
    """What makes two checked lines of a roll the same award: one person (the unit counts:
    two students of one name in two classes are two people), honour and decision."""
    return (award["recipient"], award["unit"], award["title"] or award["form"],
            award["decision"]["number"])


class _CatalogBuilder(PeopleLinks):
    """Every record checked against its kind's declaration and built into the Catalog; the
    people it names are linked by `PeopleLinks` (linking.py)."""

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
        self.pending_initiatives: list[tuple[RawRecord, dict]] = []
        # Every honour-roll line's recipient as written (file, line, recipient, role, kind):
        # lines of a roll with problems elsewhere are not linked, yet their recipients are
        # checked, so one `check` lists every problem of a file.
        self.roll_lines: list[tuple[str, int, str, str | None, str | None]] = []
        self._published_urls: frozenset[str] | None = None
        self.preview = False
        self.read = Read(self.people, {})
        self.withhold: dict = {}       # pages taken down after a withdrawal (build_catalog)
        self.to_withhold: dict = {}    # … found by this pass (privacy_scan.py)

    def add(self, raw: RawRecord) -> None:
        status = raw.data.get("status")
        ctx = Context(raw.path, self.vocabulary, self.problems, draft=status == "draft")
        values = check_mapping(kinds.KINDS[raw.kind].fields, raw.data, ctx)
        self.references += ctx.references
        if raw.kind == "honour_roll":
            self.roll_lines += _roll_lines(raw)
            self.read.rolls.setdefault(raw.id, (raw, values))
        previous = self.all_ids[raw.kind].get(raw.id)
        if previous:
            self.problems.add(raw.path, None, None, f"trùng mã “{raw.id}” với {previous}; mỗi hồ sơ "
                              "cần một tên tệp riêng")
            return
        self.all_ids[raw.kind][raw.id] = raw.path
        if not renderable(raw, self.problems):
            ctx.ok = False    # drafts too: the preview renders them
        draft = values.get("status") == "draft"
        if draft:
            self.catalog.drafts.append(raw.path)
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
        self._builder(kinds.KINDS[raw.kind])(raw, values)

    def _builder(self, kind: kinds.Kind):
        """The kinds with rules of their own, known by their model; any other is built from
        its declaration (`_add_declared`)."""
        own = {Campaign: self._add_campaign, Plan: self._add_plan,
               Exemplar: self._add_exemplar, HonourRoll: self._add_honour_roll,
               ContestEntry: self._add_contest_entry, Initiative: self._add_initiative}
        return own.get(kind.model, self._add_declared)

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
        plan = plan_of(raw, v, self.vocabulary, self.problems)
        if plan is not None:
            self.catalog.plans[raw.id] = plan
            self.published.append(raw)

    def _add_exemplar(self, raw: RawRecord, v: dict) -> None:
        from bangvang.exports.images import (  # Pillow loads only when a record has a photo
            check_photo)
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
        drafts = 0
        for index, (award, item) in enumerate(zip(v["awards"] or [], items)):
            path = f"awards[{index + 1}]"
            line = getattr(item, "line", None) or raw.data.line
            if award is None:
                continue
            if award["status"] == "draft":   # read from a scan, not checked against paper yet
                drafts += 1
                continue
            if bool(award["title"]) == bool(award["form"]):
                self.problems.add(raw.path, line, path, "mỗi khen thưởng ghi đúng một trong hai: "
                                  "`title` (danh hiệu) hoặc `form` (hình thức)")
                continue
            key = award_key(award)
            if key in seen:
                self.problems.add(raw.path, line, path, f"khen thưởng này trùng với mục ở dòng "
                                  f"{seen[key]} (cùng người, cùng danh hiệu, cùng quyết định); "
                                  "hãy xoá một mục")
                continue
            seen[key] = line
            late = decision_date_problem(raw.id, award["decision"]["date"])
            if late:
                self.problems.add(raw.path, line_at(item, "decision.date") or line,
                                  f"{path}.decision.date", late)
            self.pending_awards.append((raw, line, award))
        if drafts:
            self.problems.warn(raw.path, None, "awards", f"{drafts} khen thưởng là bản nháp "
                               "(`status: draft`, thường là nhập từ bản quét) nên chưa được công "
                               "bố: so với bản giấy, sửa, rồi xoá dòng `status: draft` của từng "
                               "khen thưởng")

    def _add_contest_entry(self, raw: RawRecord, v: dict) -> None:
        self.pending_entries.append((raw, v))

    def _add_initiative(self, raw: RawRecord, v: dict) -> None:
        self.pending_initiatives.append((raw, v))

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

    def link(self) -> None:
        self._resolve_people()
        for raw, line, award in self.pending_awards:
            self._link_award(raw, line, award)
        for raw, v in self.pending_entries:
            self._link_entry(raw, v)
        for raw, v in self.pending_initiatives:
            self._link_initiative(raw, v)
        self._unlinked_recipients()
        self._person_pages()
        self._check_rules()
        link_plans(self.catalog)
        self._withheld()

    def _withheld(self) -> None:
        """Exemplars on disk that may not be shown (consent none, draft): if their address was
        published, it answers "not published" (permalinks.py) instead of stopping the build."""
        kind = kinds.KINDS["exemplar"]
        for exemplar_id in self.all_ids["exemplar"]:
            if exemplar_id not in self.catalog.exemplars and exemplar_id not in self.broken:
                self.catalog.withheld_urls.add(clean(url_for(kind.url,
                                                             **kind.url_params(exemplar_id, {}))))

    def _check_rules(self) -> None:
        """Warnings for awards whose prerequisites the records lack; who may be proposed."""
        found = rules.load_rules(self.root, self.vocabulary, self.problems)
        held = rules.held_by_person(self.catalog, self.identities, self.award_lines,
                                    self.initiative_years)
        rules.check_awards(found, held, self.vocabulary, self.problems)
        years = sorted(self.catalog.honour_rolls)
        self.catalog.eligibility = rules.eligible(found, held, years[-1]) if years else []


__all__ = ["build_catalog", "public_person", "lower_consent", "load_data_file", "Checked",
           "text_values", "CONSENT_ORDER"]
