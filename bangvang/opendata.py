"""Open data at /du-lieu/: the Catalog's records as CSV and JSON, described by a Frictionless
Data Package (docs/open-data.md).

Each resource declares its columns once (`Column`: name, Table Schema type, Vietnamese
description, how to read the value from a Catalog item); the CSV header, the JSON keys, the
Table Schema and the /du-lieu/ page's column tables all come from that declaration. The data is
made from the same Catalog as the pages, so it can hold only what the pages may show: people
not listed are left out (the honour-roll resource keeps the counts true), initials stay
initials. Published file and column names are recorded in `data/published-data.txt` and may
never disappear (`check_published`), like published URLs (permalinks.py).

Bytes are deterministic (rows sorted, no build time) so two builds give identical files.
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import kinds, urls
from .loader import read_project_text
from .model import Catalog, PublicPerson
from .problems import Problems
from .text import school_year_of, slugify

PUBLISHED_FILE = "data/published-data.txt"
PACKAGE_FILE = "datapackage.json"
SCHEMA_FOLDER = "luoc-do"      # du-lieu/luoc-do/<resource>.json: one Table Schema per kind
FORMATS = ("csv", "json")
DEFAULT_LICENCE = "CC-BY-4.0"
LICENCES = kinds.DATA_LICENCES
TYPE_LABELS = {"string": "chữ", "integer": "số nguyên", "number": "số",
               "date": "ngày (năm-tháng-ngày)", "boolean": "true/false"}


@dataclass(frozen=True)
class Column:
    name: str                      # published: never renamed or removed (check_published)
    type: str                      # Table Schema type
    description: str               # Vietnamese, shown in the schema and on /du-lieu/
    get: Callable[[Any], Any]      # Catalog item → value (None: empty)
    required: bool = False


@dataclass(frozen=True)
class Resource:
    name: str                      # file name without ending; published, like a column
    title: str
    description: str
    items: Callable[["_Context"], list]
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()   # (column, resource, its column)
    year: Callable[[Any], str | None] | None = None       # school year of an item: year files


@dataclass
class Item:
    """One row's source: a Catalog object and what the row adds to it."""
    obj: Any
    ctx: "_Context"
    number: int | None = None       # position within its parent (an award in its roll …)
    person: str | None = None       # id of the person in the "nguoi" resource
    parent: Any = None


@dataclass
class Part:
    """One published table: the whole set of a resource, or one school year of it."""
    name: str                       # file name without ending, e.g. "khen-thuong-2023-2024"
    year: str | None
    rows: int
    files: list[tuple[str, str, int]]   # (format, site path, bytes)


@dataclass
class Figures:
    """What /du-lieu/ shows about one resource."""
    resource: Resource
    whole: Part
    years: list[Part]
    schema_path: str


@dataclass
class DataSet:
    files: dict[str, bytes]         # site path → bytes
    figures: list[Figures]
    licence: str
    package_path: str

    @property
    def licence_title(self) -> str:
        return LICENCES[self.licence][0]

    @property
    def licence_url(self) -> str:
        return LICENCES[self.licence][1]


class _Context:
    """The Catalog with each listed person under one id (people appear in several records)."""

    def __init__(self, catalog: Catalog, checks: dict | None = None):
        self.catalog = catalog
        self.checks = checks or {}   # plan id → [statistics.TargetCheck], one per target
        self.people: dict[str, tuple[PublicPerson, str | None]] = {}
        self._ids: dict[tuple, str] = {}
        for exemplar in sorted(catalog.exemplars.values(), key=lambda e: e.id):
            self.person_id(exemplar.person, exemplar.id)
        for year in sorted(catalog.honour_rolls):
            for award in catalog.honour_rolls[year].awards:
                self.person_id(award.person, award.exemplar_id, award.person_id)
        for entry in sorted(catalog.contest_entries.values(), key=lambda e: e.id):
            self.person_id(entry.author, entry.author_exemplar_id, entry.author_id)

    def person_id(self, person: PublicPerson, exemplar_id: str | None = None,
                  page_id: str | None = None) -> str | None:
        """An exemplar's person is known by the exemplar's id; a person with a page of their
        own by its id (people.py decided who they are across the years, e.g. a student in a
        new class each year); anyone else by what the site shows (name, role, unit)."""
        if not person.listed or not person.name:
            return None
        if page_id and not exemplar_id and page_id in self.catalog.people:
            person = self.catalog.people[page_id].person   # as of their latest year
        key = (exemplar_id,) if exemplar_id else ("page", page_id) if page_id else \
            (person.name, person.role, person.unit)
        if key not in self._ids:
            base = exemplar_id or page_id or slugify(" ".join(filter(
                None, (person.name, person.role, person.unit)))) or "nguoi"
            wanted, n = base, 1
            while wanted in self.people:
                n += 1
                wanted = f"{base}-{n}"
            self._ids[key] = wanted
            self.people[wanted] = (person, exemplar_id)
        return self._ids[key]

    def label(self, vocabulary: str, key: str | None) -> str | None:
        return self.catalog.vocabulary.label(vocabulary, key) if key else None


# ------------------------------------------------------------ rows of each resource

def _campaigns(ctx: _Context) -> list[Item]:
    return [Item(c, ctx) for c in sorted(ctx.catalog.campaigns.values(), key=lambda c: c.id)]


def _plans(ctx: _Context) -> list[Item]:
    return [Item(p, ctx) for p in sorted(ctx.catalog.plans.values(),
                                         key=lambda p: (p.issued, p.id))]


def _targets(ctx: _Context) -> list[Item]:
    return [Item(t, ctx, number=n, parent=p.obj) for p in _plans(ctx)
            for n, t in enumerate(p.obj.targets, start=1)]


def _plan_campaigns(ctx: _Context) -> list[Item]:
    return [Item(c, ctx, parent=p.obj) for p in _plans(ctx) for c in sorted(p.obj.campaign_ids)
            if c in ctx.catalog.campaigns]


def _exemplars(ctx: _Context) -> list[Item]:
    return [Item(e, ctx, person=ctx.person_id(e.person, e.id)) for e in
            sorted(ctx.catalog.exemplars.values(), key=lambda e: (e.school_year, e.id))]


def _exemplar_campaigns(ctx: _Context) -> list[Item]:
    return [Item(c, ctx, parent=e.obj) for e in _exemplars(ctx)
            for c in sorted(e.obj.campaign_ids) if c in ctx.catalog.campaigns]


def _people(ctx: _Context) -> list[Item]:
    return [Item(person, ctx, person=pid, parent=exemplar_id)
            for pid, (person, exemplar_id) in sorted(ctx.people.items())]


def _rolls(ctx: _Context) -> list[Item]:
    return [Item(ctx.catalog.honour_rolls[y], ctx) for y in sorted(ctx.catalog.honour_rolls)]


def _awards(ctx: _Context) -> list[Item]:
    """Awards of listed people, numbered within their year. Unlisted people are left out and
    not counted in the numbering, so no gap shows where they were; "bang-vang" keeps the
    counts true, as the honour-roll page does."""
    items = []
    for year in sorted(ctx.catalog.honour_rolls):
        listed = [a for a in ctx.catalog.honour_rolls[year].awards if a.person.listed]
        items += [Item(a, ctx, number=n, person=ctx.person_id(a.person, a.exemplar_id,
                                                             a.person_id))
                  for n, a in enumerate(listed, start=1)]
    return items


def _entries(ctx: _Context) -> list[Item]:
    return [Item(e, ctx, person=ctx.person_id(e.author, e.author_exemplar_id, e.author_id))
            for e in
            sorted(ctx.catalog.contest_entries.values(), key=lambda e: (e.contest_year, e.id))]


def _subject(item: Item) -> str | None:
    """Whom an entry is about, as its page says: the exemplar's shown name or the name given."""
    exemplar = item.ctx.catalog.exemplars.get(item.obj.subject_exemplar_id or "")
    return exemplar.person.name if exemplar else item.obj.subject_name


def _check(attribute: str) -> Callable[[Item], Any]:
    """What the plan page shows for a target (statistics.py): its result, recorded or computed
    from the records, and whether it is met (met / not_met / no_data and its label)."""
    def get(item: Item):
        checks = item.ctx.checks.get(item.parent.id) or []
        check = checks[item.number - 1] if len(checks) >= item.number else None
        return getattr(check, attribute, None)
    return get


def _result(attribute: str) -> Callable[[Item], Any]:
    """A field of the result the school recorded for a target (model.TargetResult)."""
    return lambda item: getattr(item.obj.result, attribute, None)


# -------------------------------------------------------------- column helpers

def _label(name: str, vocabulary: str, description: str, key: Callable[[Item], Any],
           required: bool = False) -> Column:
    """The Vietnamese label of a vocabulary key (the key itself has its own column)."""
    return Column(name, "string", description, lambda i: i.ctx.label(vocabulary, key(i)), required)


def _address(page: str, **params: Callable[[Item], Any]) -> Column:
    """The site-relative address of the item's page, through the one URL rule."""
    return Column("dia_chi", "string", "Địa chỉ trang của mục này trên trang web (ghép sau tên "
                  "miền của trường)",
                  lambda i: "/" + urls.url_for(page, **{k: get(i) for k, get in params.items()}))


def _person(suffix: str, person: Callable[[Item], PublicPerson]) -> tuple[Column, ...]:
    """Name, role and unit as the site shows them; empty for a person not listed."""
    def shown(attribute):
        return lambda i: getattr(person(i), attribute) if person(i).listed else None
    return (
        Column(f"ho_ten{suffix}", "string", "Họ tên hoặc tên tập thể, như trang web công bố "
               "(học sinh thường chỉ ghi chữ cái đầu, ví dụ N.V.A.)", shown("name")),
        Column(f"ma_vai_tro{suffix}", "string", "Mã vai trò (danh mục roles)", shown("role")),
        _label(f"vai_tro{suffix}", "roles", "Vai trò: giáo viên, học sinh, tập thể …",
               shown("role")),
        Column(f"don_vi{suffix}", "string", "Lớp hoặc tổ", shown("unit")),
    )


def _obj(item: Item):
    return item.obj


# ---------------------------------------------------------------- the declarations

RESOURCES: tuple[Resource, ...] = (
    Resource("phong-trao", "Phong trào thi đua", "Các phong trào thi đua, cuộc vận động nhà "
             "trường triển khai (không chia theo năm học: một phong trào kéo dài nhiều năm).",
             _campaigns, (
                 Column("ma", "string", "Mã phong trào", lambda i: i.obj.id, True),
                 Column("ten", "string", "Tên phong trào", lambda i: i.obj.name, True),
                 Column("ma_cap", "string", "Mã cấp phát động (danh mục levels)",
                        lambda i: i.obj.level),
                 _label("cap", "levels", "Cấp phát động", lambda i: i.obj.level),
                 Column("ma_loai", "string", "phong-trao: phong trào; cuoc-van-dong: cuộc vận động",
                        lambda i: i.obj.kind),
                 Column("co_quan_phat_dong", "string", "Cơ quan phát động",
                        lambda i: i.obj.launched_by),
                 Column("tu_ngay", "date", "Ngày bắt đầu", lambda i: i.obj.period_from),
                 Column("den_ngay", "date", "Ngày kết thúc", lambda i: i.obj.period_to),
                 Column("ma_trang_thai", "string", "active: đang triển khai; ended: đã kết thúc",
                        lambda i: i.obj.status),
                 Column("tom_tat", "string", "Giới thiệu ngắn", lambda i: i.obj.summary),
                 _address("campaign", id=lambda i: i.obj.id),
             ), ("ma",)),
    Resource("ke-hoach", "Kế hoạch", "Các kế hoạch thi đua, khen thưởng nhà trường ban hành; "
             "từng chỉ tiêu ở tệp chi-tieu.", _plans, (
                 Column("ma", "string", "Mã kế hoạch", lambda i: i.obj.id, True),
                 Column("so_ky_hieu", "string", "Số, ký hiệu văn bản (trống nếu văn bản chưa có "
                        "số)", lambda i: i.obj.number),
                 Column("ngay_ban_hanh", "date", "Ngày ban hành", lambda i: i.obj.issued, True),
                 Column("dia_danh", "string", "Địa danh ghi ở đầu văn bản", lambda i: i.obj.place),
                 Column("don_vi_ban_hanh", "string", "Đơn vị ban hành", lambda i: i.obj.issuer),
                 Column("co_quan_cap_tren", "string", "Cơ quan cấp trên ghi ở đầu văn bản",
                        lambda i: i.obj.issuer_parent),
                 Column("trich_yeu", "string", "Trích yếu (tên kế hoạch)", lambda i: i.obj.title,
                        True),
                 Column("nam_hoc", "string", "Năm học của kế hoạch (kế hoạch theo năm dương lịch: "
                        "năm học của ngày ban hành)", lambda i: i.obj.period_year, True),
                 Column("nam", "integer", "Năm dương lịch (chỉ với kế hoạch theo năm)",
                        lambda i: i.obj.year),
                 Column("nguoi_ky", "string", "Người ký", lambda i: i.obj.signer_name),
                 Column("chuc_vu_nguoi_ky", "string", "Chức vụ người ký",
                        lambda i: " / ".join((i.obj.signer_title or "").splitlines()) or None),
                 Column("so_chi_tieu", "integer", "Số chỉ tiêu (chi tiết ở tệp chi-tieu)",
                        lambda i: len(i.obj.targets), True),
                 _address("plan", id=lambda i: i.obj.id),
             ), ("ma",), year=lambda i: i.obj.period_year),
    Resource("chi-tieu", "Chỉ tiêu của kế hoạch", "Từng chỉ tiêu của mỗi kế hoạch và kết quả "
             "nhà trường ghi nhận.", _targets, (
                 Column("ma_ke_hoach", "string", "Mã kế hoạch (tệp ke-hoach)",
                        lambda i: i.parent.id, True),
                 Column("stt", "integer", "Số thứ tự của chỉ tiêu trong kế hoạch",
                        lambda i: i.number, True),
                 Column("noi_dung", "string", "Nội dung chỉ tiêu", lambda i: i.obj.text, True),
                 Column("muc", "number", "Con số của chỉ tiêu", lambda i: i.obj.value),
                 Column("don_vi", "string", "Đơn vị của con số, ví dụ %", lambda i: i.obj.unit),
                 Column("so_sanh", "string", "toi-thieu: kết quả phải từ con số trở lên; toi-da: "
                        "không được vượt quá con số", lambda i: i.obj.comparison),
                 Column("ket_qua", "number", "Con số đạt được, như trang kế hoạch ghi: do nhà "
                        "trường nhập, hoặc tính từ hồ sơ trên trang (xem tinh_tu_ho_so)",
                        _check("value")),
                 Column("don_vi_ket_qua", "string", "Đơn vị của kết quả", _check("unit")),
                 Column("ngay_ket_qua", "date", "Ngày có số liệu", _result("date")),
                 Column("minh_chung", "string", "Địa chỉ minh chứng (báo cáo, quyết định)",
                        _result("evidence")),
                 Column("ghi_chu_ket_qua", "string", "Ghi chú về kết quả", _result("note")),
                 Column("dat", "boolean", "Với chỉ tiêu không có con số: true (đạt) hoặc false "
                        "(chưa đạt), như nhà trường ghi", _result("achieved")),
                 Column("tinh_tu_ho_so", "string", "Mã cách tính, khi kết quả được tính từ hồ sơ "
                        "trên trang", lambda i: i.obj.computed),
                 Column("ma_danh_gia", "string", "met: đạt; not_met: chưa đạt; no_data: chưa có "
                        "số liệu", _check("state")),
                 Column("danh_gia", "string", "Đánh giá như trang kế hoạch ghi: Đạt, Chưa đạt, "
                        "Chưa có số liệu", _check("state_label")),
             ), ("ma_ke_hoach", "stt"), (("ma_ke_hoach", "ke-hoach", "ma"),),
             year=lambda i: i.parent.period_year),
    Resource("ke-hoach-phong-trao", "Phong trào của kế hoạch", "Kế hoạch nào triển khai phong "
             "trào nào.", _plan_campaigns, (
                 Column("ma_ke_hoach", "string", "Mã kế hoạch (tệp ke-hoach)",
                        lambda i: i.parent.id, True),
                 Column("ma_phong_trao", "string", "Mã phong trào (tệp phong-trao)", _obj, True),
             ), ("ma_ke_hoach", "ma_phong_trao"),
             (("ma_ke_hoach", "ke-hoach", "ma"), ("ma_phong_trao", "phong-trao", "ma")),
             year=lambda i: i.parent.period_year),
    Resource("nguoi", "Người và tập thể", "Những người, tập thể được nêu tên trên trang, đúng như "
             "trang công bố. Người không công bố tên không có ở đây.", _people, (
                 Column("ma", "string", "Mã người trong bộ dữ liệu: mã gương điển hình nếu có, "
                        "nếu không thì mã trang riêng /nguoi/<mã>/ (cùng một người qua các năm "
                        "học), nếu không nữa thì ghép từ họ tên, vai trò, đơn vị",
                        lambda i: i.person, True),
                 *_person("", _obj),
                 Column("loai", "string", "person: cá nhân; collective: tập thể",
                        lambda i: i.obj.kind),
                 Column("muc_cong_bo", "string", "Mức công bố: full (họ tên và ảnh), name (họ "
                        "tên), initials (chữ cái đầu)", lambda i: i.obj.consent),
                 Column("ma_guong", "string", "Mã gương điển hình của người này (nếu có)",
                        lambda i: i.parent),
             ), ("ma",), (("ma_guong", "guong", "ma"),)),
    Resource("guong", "Gương điển hình", "Các gương người tốt việc tốt trên trang.", _exemplars, (
                 Column("ma", "string", "Mã gương điển hình", lambda i: i.obj.id, True),
                 Column("ma_nguoi", "string", "Mã người (tệp nguoi)", lambda i: i.person),
                 *_person("", lambda i: i.obj.person),
                 Column("nam_hoc", "string", "Năm học", lambda i: i.obj.school_year, True),
                 Column("ngay", "date", "Ngày của việc tốt, câu chuyện", lambda i: i.obj.date),
                 Column("tom_tat", "string", "Tóm tắt", lambda i: i.obj.summary),
                 _address("exemplar", id=lambda i: i.obj.id),
             ), ("ma",), (("ma_nguoi", "nguoi", "ma"),), year=lambda i: i.obj.school_year),
    Resource("guong-phong-trao", "Phong trào của gương điển hình", "Gương điển hình nào thuộc "
             "phong trào nào.", _exemplar_campaigns, (
                 Column("ma_guong", "string", "Mã gương điển hình (tệp guong)",
                        lambda i: i.parent.id, True),
                 Column("ma_phong_trao", "string", "Mã phong trào (tệp phong-trao)", _obj, True),
             ), ("ma_guong", "ma_phong_trao"),
             (("ma_guong", "guong", "ma"), ("ma_phong_trao", "phong-trao", "ma")),
             year=lambda i: i.parent.school_year),
    Resource("bang-vang", "Bảng vàng theo năm học", "Số lượt khen thưởng mỗi năm học, kể cả của "
             "những người không công bố tên (họ không có trong tệp khen-thuong).", _rolls, (
                 Column("nam_hoc", "string", "Năm học", lambda i: i.obj.school_year, True),
                 Column("so_luot_khen_thuong", "integer", "Tổng số lượt khen thưởng",
                        lambda i: len(i.obj.awards), True),
                 Column("so_luot_khong_cong_bo_ten", "integer", "Số lượt của người không công bố "
                        "tên", lambda i: sum(not a.person.listed for a in i.obj.awards), True),
                 _address("honour_roll", id=lambda i: i.obj.school_year),
             ), ("nam_hoc",), year=lambda i: i.obj.school_year),
    Resource("khen-thuong", "Khen thưởng", "Từng lượt khen thưởng trên bảng vàng của người được "
             "công bố tên.", _awards, (
                 Column("nam_hoc", "string", "Năm học", lambda i: i.obj.school_year, True),
                 Column("stt", "integer", "Số thứ tự trong năm học", lambda i: i.number, True),
                 Column("ma_nguoi", "string", "Mã người (tệp nguoi)", lambda i: i.person),
                 *_person("", lambda i: i.obj.person),
                 Column("ma_guong", "string", "Mã gương điển hình (nếu có)",
                        lambda i: i.obj.exemplar_id),
                 Column("ma_danh_hieu", "string", "Mã danh hiệu thi đua (danh mục titles)",
                        lambda i: i.obj.title),
                 Column("ma_hinh_thuc", "string", "Mã hình thức khen thưởng (danh mục forms)",
                        lambda i: i.obj.form),
                 Column("khen_thuong", "string", "Danh hiệu thi đua hoặc hình thức khen thưởng",
                        lambda i: i.ctx.label(*i.obj.honour), True),
                 Column("ma_cap", "string", "Mã cấp khen (danh mục levels)", lambda i: i.obj.level,
                        True),
                 _label("cap", "levels", "Cấp khen", lambda i: i.obj.level),
                 Column("so_quyet_dinh", "string", "Số quyết định khen thưởng",
                        lambda i: i.obj.decision_number, True),
                 Column("ngay_quyet_dinh", "date", "Ngày quyết định", lambda i: i.obj.decision_date,
                        True),
                 Column("ma_phong_trao", "string", "Mã phong trào (nếu có)",
                        lambda i: i.obj.campaign_id),
                 Column("thanh_tich", "string", "Thành tích", lambda i: i.obj.reason),
             ), ("nam_hoc", "stt"),
             (("nam_hoc", "bang-vang", "nam_hoc"), ("ma_nguoi", "nguoi", "ma"),
              ("ma_guong", "guong", "ma"), ("ma_phong_trao", "phong-trao", "ma")),
             year=lambda i: i.obj.school_year),
    Resource("bai-du-thi", "Bài dự thi viết", "Các bài viết dự thi về người tốt việc tốt.",
             _entries, (
                 Column("ma", "string", "Mã bài dự thi", lambda i: i.obj.id, True),
                 Column("nam_cuoc_thi", "integer", "Năm của cuộc thi", lambda i: i.obj.contest_year,
                        True),
                 Column("nam_hoc", "string", "Năm học của cuộc thi", lambda i: i.obj.school_year,
                        True),
                 Column("ten_bai", "string", "Tên bài viết", lambda i: i.obj.title, True),
                 Column("ma_tac_gia", "string", "Mã tác giả (tệp nguoi); trống khi tác giả không "
                        "công bố tên", lambda i: i.person),
                 *_person("_tac_gia", lambda i: i.obj.author),
                 Column("ma_guong_nhan_vat", "string", "Mã gương điển hình được viết về (nếu có)",
                        lambda i: i.obj.subject_exemplar_id),
                 Column("nhan_vat", "string", "Người được viết về, như trang công bố", _subject),
                 Column("ma_giai", "string", "Mã giải (danh mục prizes)", lambda i: i.obj.prize),
                 _label("giai", "prizes", "Giải", lambda i: i.obj.prize),
                 Column("tom_tat", "string", "Tóm tắt", lambda i: i.obj.summary),
                 _address("contest_entry", year=lambda i: i.obj.contest_year,
                          id=lambda i: i.obj.id),
             ), ("ma",), (("ma_tac_gia", "nguoi", "ma"), ("ma_guong_nhan_vat", "guong", "ma")),
             year=lambda i: i.obj.school_year),
)
BY_NAME = {r.name: r for r in RESOURCES}


# ------------------------------------------------------------------- building

def build(catalog: Catalog, published: "Published", site_url: str = "",
          checks: dict | None = None) -> DataSet:
    """Every data file of /du-lieu/, and the figures its page shows. A school-year file
    published once is written again (with only its header) when that year has no rows now.
    `checks`: the plan targets' results as the plan pages show them (statistics.py)."""
    ctx = _Context(catalog, checks)
    licence = catalog.school.get("data_licence") or DEFAULT_LICENCE
    files: dict[str, bytes] = {}
    entries, figures = [], []
    for resource in RESOURCES:
        items = resource.items(ctx)
        # Each row is written once per format; a part (whole set, one year) joins its lines.
        lines = _lines(resource, [[c.get(item) for c in resource.columns] for item in items])
        parts = [(resource.name, None, lines)]
        if resource.year:
            row_years = [resource.year(item) for item in items]
            for year in sorted(set(row_years) | published.years_of(resource.name)):
                parts.append((f"{resource.name}-{year}", year,
                              [line for line, y in zip(lines, row_years) if y == year]))
        made = []
        for name, year, part_lines in parts:
            part = Part(name, year, len(part_lines), [])
            for fmt in FORMATS:
                data = _csv(resource, part_lines) if fmt == "csv" else _json(part_lines)
                path = urls.data_file(f"{name}.{fmt}")
                files[path] = data
                part.files.append((fmt, path, len(data)))
                entries.append(_package_entry(resource, part, fmt, data))
            made.append(part)
        schema_path = urls.data_file(f"{SCHEMA_FOLDER}/{resource.name}.json")
        files[schema_path] = _dump(table_schema(resource))
        figures.append(Figures(resource, made[0], made[1:], schema_path))
    package_path = urls.data_file(PACKAGE_FILE)
    files[package_path] = _dump(_package(catalog, licence, entries, site_url))
    return DataSet(files, figures, licence, package_path)


_PLAIN = (str, int, bool, type(None))


def _cell(value):
    """A value as JSON holds it: dates ISO (YYYY-MM-DD), whole numbers without “.0”."""
    if type(value) in _PLAIN:
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    return value.isoformat()


# Excel runs a cell that starts with one of these as a formula (“CSV injection”); record text
# is untrusted, so such a text cell is written with a leading apostrophe, which Excel hides.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(cell) -> str:
    if cell is None:
        return ""
    if cell is True or cell is False:
        return "true" if cell else "false"
    if type(cell) is str:
        return "'" + cell if cell.startswith(_FORMULA_START) else cell
    return str(cell)


def _lines(resource: Resource, rows: list[list]) -> list[tuple[str, str]]:
    """(CSV line, JSON line) of every row."""
    names = [c.name for c in resource.columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    lines = []
    for row in rows:
        cells = [_cell(v) for v in row]
        writer.writerow([_csv_text(c) for c in cells])
        lines.append((out.getvalue(), json.dumps(dict(zip(names, cells)), ensure_ascii=False)))
        out.seek(0)
        out.truncate()
    return lines


def _csv(resource: Resource, lines: list[tuple[str, str]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Windows reads Vietnamese letters right."""
    header = ",".join(c.name for c in resource.columns) + "\r\n"
    return ("\ufeff" + header + "".join(line for line, _ in lines)).encode("utf-8")


def _json(lines: list[tuple[str, str]]) -> bytes:
    """An array of objects, one per line; letters as they are (not \\u escapes)."""
    body = ",\n".join(line for _, line in lines)
    return ("[\n" + body + "\n]\n" if lines else "[]\n").encode("utf-8")


def _dump(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def table_schema(resource: Resource) -> dict:
    """The resource's Table Schema (https://specs.frictionlessdata.io/table-schema/)."""
    fields = []
    for column in resource.columns:
        entry = {"name": column.name, "type": column.type, "description": column.description}
        if column.required or column.name in resource.primary_key:
            entry["constraints"] = {"required": True}
        fields.append(entry)
    schema = {"fields": fields, "missingValues": [""], "primaryKey": list(resource.primary_key)}
    if resource.foreign_keys:
        schema["foreignKeys"] = [{"fields": column, "reference": {"resource": other,
                                                                  "fields": field_}}
                                 for column, other, field_ in resource.foreign_keys]
    return schema


def _package_entry(resource: Resource, part: Part, fmt: str, data: bytes) -> dict:
    """A resource of the Data Package. The CSV file is the resource other resources' foreign
    keys point at; the JSON twin holds the same rows."""
    title = resource.title + (f", năm học {part.year}" if part.year else "")
    return {
        "name": part.name if fmt == "csv" else f"{part.name}-json",
        "path": f"{part.name}.{fmt}",
        "profile": "tabular-data-resource",
        "title": title + (" (JSON)" if fmt == "json" else ""),
        "description": resource.description,
        "format": fmt,
        "mediatype": "text/csv" if fmt == "csv" else "application/json",
        "encoding": "utf-8",
        "schema": f"{SCHEMA_FOLDER}/{resource.name}.json",
        # Frictionless counts the bytes of CSV files only (its JSON reader streams).
        **({"bytes": len(data)} if fmt == "csv" else {}),
    }


def _package(catalog: Catalog, licence: str, resources: list[dict], site_url: str) -> dict:
    school = catalog.school["name"]
    title, path = LICENCES[licence]
    package = {
        "profile": "tabular-data-package",
        "name": "bang-vang",
        "title": f"Dữ liệu mở Bảng vàng — {school}",
        "description": f"Thi đua, khen thưởng, gương người tốt việc tốt của {school}: đúng những "
                       "gì trang web công bố, theo mức đồng ý công bố của từng người. Mỗi bảng có "
                       "tệp CSV (UTF-8) và JSON, cả bộ và theo năm học.",
        "licenses": [{"name": licence, "title": title, "path": path}],
        "contributors": [{"title": school, "role": "publisher"}],
        "keywords": ["thi đua", "khen thưởng", "gương điển hình", "bảng vàng"],
        "resources": resources,
    }
    if site_url:
        package["homepage"] = urls.absolute(site_url, urls.url_for("open_data"))
    return package


# ---------------------------------------------------- published names stay published

@dataclass
class Published:
    """`data/published-data.txt`: each published resource with its columns, and each
    published file, with the line each is on (for messages)."""
    columns: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)

    def years_of(self, resource: str) -> set[str]:
        years = set()
        for path in self.files:
            match = _YEAR_FILE.match(path)
            if match and match["name"] == resource:
                years.add(match["year"])
        return years


_YEAR_FILE = re.compile(r"^.*/(?P<name>[a-z0-9-]+?)-(?P<year>\d{4}-\d{4})\.(csv|json)$")
HEADER = ("# Dữ liệu mở đã công bố ở /du-lieu/ (tên tệp, tên cột): không xoá, không sửa dòng "
          "nào. Bảng vàng tự thêm dòng mới sau mỗi lần build.\n")


def read_published(root: Path, problems: Problems) -> Published:
    published = Published()
    if not (Path(root) / PUBLISHED_FILE).exists():
        return published
    text = read_project_text(root, PUBLISHED_FILE, problems) or ""
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if ":" in line:
            name, _, columns = line.partition(":")
            published.columns[name.strip()] = [c.strip() for c in columns.split(",") if c.strip()]
            published.lines[name.strip()] = number
        elif re.match(r"^[a-z0-9./-]+$", line):
            published.files[line] = number
        else:
            problems.add(PUBLISHED_FILE, number, None, f"“{line[:80]}” không phải tên tệp dữ liệu "
                         "hay dòng “bảng: cột, cột”; hãy lấy lại dòng này từ bản đã lưu")
    return published


def check_published(published: Published, problems: Problems) -> None:
    """A published column or file that would disappear is refused, like a published URL:
    district reviewers' spreadsheets and scripts read them by name."""
    for name, columns in sorted(published.columns.items()):
        line = published.lines.get(name)
        resource = BY_NAME.get(name)
        if resource is None:
            problems.add(PUBLISHED_FILE, line, name, f"bảng dữ liệu “{name}” đã được công bố ở "
                         "/du-lieu/ (có thể đang được dùng trong bảng tính, báo cáo của cấp trên) "
                         "nhưng lần này không còn. Tên tệp dữ liệu không được đổi hay bỏ; hãy giữ "
                         "lại bảng này trong bangvang/opendata.py")
            continue
        current = {c.name for c in resource.columns}
        for column in columns:
            if column not in current:
                problems.add(PUBLISHED_FILE, line, f"{name}.{column}", f"cột “{column}” của bảng "
                             f"dữ liệu “{name}” đã được công bố nhưng lần này không còn (bị đổi tên "
                             "hoặc xoá). Tên cột đã công bố không được đổi hay bỏ vì bảng tính và "
                             "chương trình của người dùng đọc cột theo tên; hãy giữ cột cũ (có "
                             "thể thêm cột mới bên cạnh)")
    for path, line in sorted(published.files.items()):
        if path not in _producible(published):
            problems.add(PUBLISHED_FILE, line, None, f"tệp dữ liệu “{path}” đã được công bố "
                         "nhưng lần này không còn; hãy giữ lại bảng dữ liệu của tệp này")


def _producible(published: Published) -> set[str]:
    names = {PACKAGE_FILE} | {f"{SCHEMA_FOLDER}/{r.name}.json" for r in RESOURCES}
    for resource in RESOURCES:
        names |= {f"{resource.name}.{fmt}" for fmt in FORMATS}
        if resource.year:
            names |= {f"{resource.name}-{y}.{fmt}" for y in published.years_of(resource.name)
                      for fmt in FORMATS}
    return {urls.data_file(n) for n in names}


def record_published(root: Path, files: set[str]) -> int:
    """Add this build's resources, columns and data files to the record; how many are new."""
    published = read_published(root, Problems())
    data_files = {f for f in files if f.startswith(urls.data_file(""))}
    new = len(data_files - set(published.files))
    columns = dict(published.columns)
    for resource in RESOURCES:
        known = columns.get(resource.name, [])
        added = [c.name for c in resource.columns if c.name not in known]
        new += len(added)
        columns[resource.name] = known + added
    if new:
        lines = [f"{name}: {', '.join(cols)}\n" for name, cols in sorted(columns.items())]
        lines += [f"{path}\n" for path in sorted(set(published.files) | data_files)]
        (Path(root) / PUBLISHED_FILE).write_text(HEADER + "".join(lines), "utf-8")
    return new


# ------------------------------------------------------------------ the page

def kilobytes(size: int) -> str:
    """1234 → "1,2 KB" (Vietnamese decimal comma)."""
    return f"{max(size, 1) / 1024:.1f}".replace(".", ",") + " KB"


def page_view(data: DataSet) -> dict:
    """What /du-lieu/ shows, as plain values (the preview's render cache pickles it)."""
    def files(part: Part) -> list[tuple[str, str, str]]:
        return [(fmt.upper(), path, kilobytes(size)) for fmt, path, size in part.files]
    resources = []
    for f in data.figures:
        r = f.resource
        keys = {column: (other, field_) for column, other, field_ in r.foreign_keys}
        resources.append({
            "name": r.name, "title": r.title, "description": r.description,
            "rows": f.whole.rows, "files": files(f.whole), "schema": f.schema_path,
            "years": [(p.year, p.rows, files(p)) for p in sorted(f.years, key=lambda p: p.year,
                                                                  reverse=True)],
            "columns": [(c.name, TYPE_LABELS[c.type], c.description, c.name in r.primary_key,
                         keys.get(c.name)) for c in r.columns],
        })
    size = len(data.files[data.package_path])
    return {"resources": resources, "package": (data.package_path, kilobytes(size)),
            "licence": (data.licence, data.licence_title, data.licence_url)}
