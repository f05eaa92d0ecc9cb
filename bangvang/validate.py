"""Raw records → Catalog: check every record, apply consent, link records to each other."""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from . import schema
from .checking import FieldChecker, Reference
from .encoding import EncodingProblem, read_text
from .loader import RawRecord, load_records, split_front_matter
from .model import (Award, Campaign, Catalog, ContestEntry, Document, Exemplar, HonourRoll,
                    NewsPost, Plan, PublicPerson, Target)
from .problems import Problems
from .text import DateError, initials, nfc, normalise_number, parse_date, slugify
from .vocabulary import VOCABULARY_NAMES, Vocabulary
from .yamlload import LineDict, YamlProblem, load_yaml

VOCABULARY_FILE = "data/vocabulary.yml"
SCHOOL_FILE = "data/school.yml"
NEWS_FOLDER = "content/tin-tuc/posts"


def public_person(name: str, role: str | None, unit: str | None, photo: str | None,
                  consent: str | None, kind: str | None) -> PublicPerson:
    """Apply consent once, here: students default to initials, adults to their full name."""
    kind = kind or ("collective" if role == "collective" else "person")
    if kind == "collective":
        return PublicPerson(name, role, unit, photo, kind)
    consent = consent or ("initials" if role == "student" else "full")
    if consent == "none":
        return PublicPerson(None, role, None, None, kind, listed=False)
    shown = initials(name) if consent == "initials" else name
    return PublicPerson(shown, role, unit, photo if consent == "full" else None, kind)


def load_data_file(root: Path, relative: str, problems: Problems) -> LineDict | None:
    path = root / relative
    if not path.is_file():
        problems.add(relative, None, None, "không tìm thấy tệp này; hãy lấy lại tệp mẫu từ "
                     "bản gốc của dự án")
        return None
    try:
        data = load_yaml(read_text(path))
    except EncodingProblem as problem:
        problems.add(relative, None, None, str(problem))
        return None
    except YamlProblem as problem:
        problems.add(relative, problem.line, None, problem.message)
        return None
    if not isinstance(data, LineDict):
        problems.add(relative, 1, None, "tệp phải là các dòng “tên: giá trị”")
        return None
    return data


def check_vocabulary(data: LineDict, problems: Problems) -> bool:
    """The school edits data/vocabulary.yml by hand: every entry needs a label, nothing else."""
    before = len(problems)
    for name in VOCABULARY_NAMES:
        entries = data.get(name)
        if not isinstance(entries, LineDict) or not entries:
            problems.add(VOCABULARY_FILE, data.line_of(name), name, "danh mục này thiếu hoặc "
                         "trống; hãy lấy lại từ tệp mẫu của dự án")
            continue
        for key, entry in entries.items():
            line = entries.line_of(key)
            if not isinstance(entry, LineDict) or not isinstance(entry.get("label"), str):
                problems.add(VOCABULARY_FILE, line, f"{name}.{key}", "mỗi mục cần nhãn, ví dụ "
                             f"`{key}: {{label: \"Nhãn tiếng Việt\"}}`")
                continue
            for extra in set(entry) - {"label", "for"}:
                problems.add(VOCABULARY_FILE, entry.line_of(extra), f"{name}.{key}.{extra}",
                             "trường lạ; nếu nhãn có dấu phẩy, hãy đặt nhãn trong ngoặc kép: "
                             f"`{{label: \"{entry['label']}, {extra}\"}}`")
    return len(problems) == before


def build_catalog(root: Path) -> tuple[Catalog | None, Problems]:
    """Load and check every record under `root`; the Catalog is None when anything is wrong."""
    root = Path(root)
    problems = Problems()
    vocabulary_data = load_data_file(root, VOCABULARY_FILE, problems)
    school = load_data_file(root, SCHOOL_FILE, problems)
    if vocabulary_data is None or school is None:
        return None, problems
    if not check_vocabulary(vocabulary_data, problems):
        return None, problems
    vocabulary = Vocabulary.from_data(vocabulary_data)
    catalog = Catalog(vocabulary, {k: nfc(str(v)) if isinstance(v, str) else v
                                   for k, v in school.items()})
    if not catalog.school.get("name"):
        problems.add(SCHOOL_FILE, school.line, "name", "thiếu tên trường; hãy thêm `name: Trường …`")

    builder = _CatalogBuilder(root, catalog, problems)
    records, unreadable = load_records(root, problems)
    for kind, record_id in unreadable:
        builder.all_ids[kind].setdefault(record_id, "")
    for raw in records:
        builder.add(raw)
    builder.check_references()
    builder.link()
    catalog.news = load_news(root, problems)
    return (None if problems else catalog), problems


class _CatalogBuilder:
    def __init__(self, root: Path, catalog: Catalog, problems: Problems):
        self.root = root
        self.catalog = catalog
        self.problems = problems
        self.vocabulary = catalog.vocabulary
        self.references: list[Reference] = []
        self.all_ids: dict[str, dict[str, str]] = {k: {} for k in schema.KINDS}  # incl. drafts
        self.raw_exemplars: dict[str, dict] = {}  # checked exemplar fields, drafts included
        self.pending_awards: list[tuple[str, str, int, dict]] = []
        self.pending_entries: list[tuple[RawRecord, dict]] = []

    def add(self, raw: RawRecord) -> None:
        status = raw.data.get("status")
        checker = FieldChecker(raw.path, self.vocabulary, self.problems, draft=status == "draft")
        values = checker.mapping(schema.KINDS[raw.kind], raw.data)
        self.references += checker.references
        previous = self.all_ids[raw.kind].get(raw.id)
        if previous:
            self.problems.add(raw.path, None, None, f"trùng mã “{raw.id}” với {previous}; mỗi hồ sơ "
                              "cần một tên tệp riêng")
            return
        self.all_ids[raw.kind][raw.id] = raw.path
        if raw.kind == "exemplar" and checker.ok:
            self.raw_exemplars[raw.id] = {**values, "path": raw.path}
        if not checker.ok or values.get("status") == "draft":
            return
        getattr(self, f"_add_{raw.kind}")(raw, values)

    def _add_campaign(self, raw: RawRecord, v: dict) -> None:
        period = v["period"] or {}
        self.catalog.campaigns[raw.id] = Campaign(
            raw.id, v["name"], v["level"], v["kind"] or "phong-trao", v["launched_by"],
            period.get("from"), period.get("to"), v["status"] or "active", v["summary"], raw.body)

    def _add_plan(self, raw: RawRecord, v: dict) -> None:
        if not v["school_year"] and not v["year"]:
            self.problems.add(raw.path, raw.data.line, "school_year",
                              "kế hoạch cần `school_year: \"2024-2025\"` hoặc `year: 2024`")
            return
        signer = v["signer"] or {}
        self.catalog.plans[raw.id] = Plan(
            raw.id, v["number"] and normalise_number(v["number"]), v["issued"], v["place"],
            v["issuer"], v["issuer_parent"],
            v["title"], v["school_year"], v["year"],
            [Document(d["number"] and normalise_number(d["number"]), d["date"], d["issuer"],
                      d["title"], d["plan"]) for d in v["basis"] or []],
            [Document(normalise_number(d["number"]), d["date"], None, None)
             for d in v["references"] or []],
            v["campaigns"] or [], v["themes"] or [], v["programmes"] or [], v["contests"] or [],
            [Target(t["text"], t.get("value"), t.get("unit"), t.get("result"))
             for t in v["targets"] or []],
            signer.get("name"), signer.get("title"), v["recipients"] or [], raw.body)

    def _add_exemplar(self, raw: RawRecord, v: dict) -> None:
        if v["photo"] and not (self.root / "exemplars/photos" / v["photo"]).is_file():
            self.problems.add(raw.path, raw.data.line_of("photo"), "photo",
                              f"không thấy ảnh “{v['photo']}” trong thư mục exemplars/photos/; "
                              "hãy chép ảnh vào đó hoặc sửa tên tệp")
            return
        person = public_person(v["name"], v["role"], v["unit"], v["photo"], v["consent"], v["kind"])
        if person.name != v["name"] and _id_reveals_name(raw.id, v["name"]):
            self.problems.add(raw.path, None, None, "tên tệp chứa họ tên của người chỉ được công "
                              "bố chữ cái đầu (hoặc không công bố); tên tệp tạo địa chỉ trang nên "
                              "sẽ lộ họ tên. Hãy đổi tên tệp, ví dụ "
                              f"“hs-{v['school_year'][:4]}-{raw.id.split('-')[-1][:1]}-viec-tot.md”")
            return
        if not person.listed:
            return  # validated, never published
        self.catalog.exemplars[raw.id] = Exemplar(
            raw.id, person, v["school_year"], v["date"], v["campaigns"] or [], v["summary"],
            raw.body)

    def _add_honour_roll(self, raw: RawRecord, v: dict) -> None:
        if v["school_year"] != raw.id:
            self.problems.add(raw.path, raw.data.line_of("school_year"), "school_year",
                              f"năm học “{v['school_year']}” khác tên tệp “{raw.id}”; hãy sửa "
                              "cho trùng nhau")
            return
        if v["school_year"] in self.catalog.honour_rolls:
            self.problems.add(raw.path, None, None, f"năm học {raw.id} đã có một tệp bảng vàng "
                              "khác; hãy gộp vào một tệp")
            return
        self.catalog.honour_rolls[raw.id] = HonourRoll(raw.id, [])
        seen = {}
        for index, (award, item) in enumerate(zip(v["awards"] or [], raw.data.get("awards") or [])):
            path = f"awards[{index + 1}]"
            line = item.line if isinstance(item, LineDict) else raw.data.line
            if award is None:
                continue
            if bool(award["title"]) == bool(award["form"]):
                self.problems.add(raw.path, line, path, "mỗi khen thưởng ghi đúng một trong hai: "
                                  "`title` (danh hiệu) hoặc `form` (hình thức)")
                continue
            key = (award["recipient"], award["title"] or award["form"], award["decision"]["number"])
            if key in seen:
                self.problems.add(raw.path, line, path, f"khen thưởng này trùng với mục ở dòng "
                                  f"{seen[key]} (cùng người, cùng danh hiệu, cùng quyết định); "
                                  "hãy xoá một mục")
                continue
            seen[key] = line
            self.pending_awards.append((raw.id, raw.path, line, award))

    def _add_contest_entry(self, raw: RawRecord, v: dict) -> None:
        self.pending_entries.append((raw, v))

    def check_references(self) -> None:
        for ref in self.references:
            if ref.id not in self.all_ids[ref.kind]:
                known = sorted(self.all_ids[ref.kind])
                close = difflib.get_close_matches(ref.id, known, n=1, cutoff=0.5)
                hint = f"có phải ý bạn là “{close[0]}”? " if close else ""
                self.problems.add(ref.file, ref.line, ref.field,
                                  f"không có {schema.KIND_LABELS[ref.kind]} mã “{ref.id}”; {hint}"
                                  f"mã là tên tệp không có đuôi .md")

    def _exemplar_ref(self, value: str) -> dict | None:
        """The exemplar a recipient/subject names by id, if it is an id."""
        return self.raw_exemplars.get(value)

    def link(self) -> None:
        catalog = self.catalog
        for year, path, line, a in self.pending_awards:
            exemplar = self._exemplar_ref(a["recipient"])
            if exemplar is None and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", a["recipient"]):
                self.problems.add(path, line, "recipient", f"“{a['recipient']}” trông như mã gương "
                                  "điển hình nhưng không có hồ sơ exemplars/"
                                  f"{a['recipient']}.md; hãy sửa mã hoặc ghi họ tên đầy đủ")
                continue
            if exemplar is None and not a["role"]:
                self.problems.add(path, line, "role", "thiếu vai trò (role) của người được khen; "
                                  "hãy thêm ví dụ `role: teacher` hoặc `role: student`")
                continue
            source = exemplar or a
            person = public_person(source["name"] if exemplar else a["recipient"],
                                   a["role"] or source["role"], a["unit"] or source["unit"],
                                   source.get("photo") if exemplar else None,
                                   a["consent"] or source["consent"], a["kind"] or source["kind"])
            if not self._title_fits(a, person, path, line):
                continue
            linked = a["recipient"] if exemplar and a["recipient"] in catalog.exemplars else None
            catalog.honour_rolls[year].awards.append(Award(
                year, person, linked, a["title"], a["form"], a["level"],
                normalise_number(a["decision"]["number"]), a["decision"]["date"], a["campaign"],
                a["reason"]))
        for raw, v in self.pending_entries:
            author = v["author"]
            subject = self._exemplar_ref(v["subject"])
            if subject is not None:
                shown = catalog.exemplars.get(v["subject"])
                subject_id = v["subject"] if shown else None
                subject_name = shown.person.name if shown else None
            else:
                subject_id, subject_name = None, v["subject"]
            catalog.contest_entries[raw.id] = ContestEntry(
                raw.id, v["contest_year"], v["title"],
                public_person(author["name"], author["role"], author["unit"], None,
                              author["consent"], None),
                subject_id, subject_name, v["prize"], v["summary"], raw.body)
        self._link_plans()

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


def _id_reveals_name(record_id: str, name: str) -> bool:
    parts = set(record_id.split("-"))
    words = slugify(name).split("-")
    return len(words) >= 2 and words[0] in parts and words[-1] in parts


def _number_key(number: str) -> str:
    return normalise_number(number).upper()


def load_news(root: Path, problems: Problems) -> list[NewsPost]:
    """News posts (Material blog) for the home page: title, date, excerpt."""
    posts = []
    folder = root / NEWS_FOLDER
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        relative = path.relative_to(root).as_posix()
        try:
            split = split_front_matter(read_text(path))
            data = load_yaml(split[0], 2) if split else None
        except (EncodingProblem, YamlProblem) as problem:
            problems.add(relative, getattr(problem, "line", None), None, str(problem))
            continue
        if not isinstance(data, LineDict) or "date" not in data:
            problems.add(relative, 1, "date", "tin bài cần phần đầu tệp có `date: 2024-09-05`")
            continue
        if data.get("draft"):
            continue
        date = data["date"]
        if isinstance(date, LineDict):
            date = date.get("created")
        try:
            day = parse_date(date)
        except DateError as error:
            problems.add(relative, data.line_of("date"), "date", str(error))
            continue
        body = split[1]
        title = data.get("title") or next(
            (line[2:].strip() for line in body.splitlines() if line.startswith("# ")), path.stem)
        excerpt = body.split("<!-- more -->")[0]
        excerpt = "\n".join(l for l in excerpt.splitlines() if not l.startswith("# ")).strip()
        posts.append(NewsPost(nfc(str(title)), day, path.relative_to(root / "content").as_posix(),
                              excerpt))
    return sorted(posts, key=lambda p: p.date, reverse=True)
