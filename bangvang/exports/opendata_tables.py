"""The tables of the open data (/du-lieu/, opendata.py makes the files): each declares its
columns once (`Column`: name, Table Schema type, Vietnamese description, how to read the value
from a Catalog item), and the CSV header, the JSON keys, the Table Schema and the page's column
tables all come from that declaration.

The hand-declared tables below hold what a record's own fields do not say (people across
records, a plan's targets with their results, an honour roll's counts). A kind that declares
its columns (kinds.Kind.columns) gets its table from the declaration (`kind_table`): one row
per published record, its id first and its page's address last.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable

from bangvang.records import kinds
from bangvang.pages import urls
from bangvang.records.fields import Date, Flag, Integer, Number, Ref
from bangvang.records.model import PublicPerson


from bangvang.exports.opendata_types import Column, Context, Item, Resource

# ------------------------------------------------------------ rows of each resource

def _campaigns(ctx: Context) -> list[Item]:
    return [Item(c, ctx) for c in sorted(ctx.catalog.campaigns.values(), key=lambda c: c.id)]


def _plans(ctx: Context) -> list[Item]:
    return [Item(p, ctx) for p in sorted(ctx.catalog.plans.values(),
                                         key=lambda p: (p.issued, p.id))]


def _targets(ctx: Context) -> list[Item]:
    return [Item(t, ctx, number=n, parent=p.obj) for p in _plans(ctx)
            for n, t in enumerate(p.obj.targets, start=1)]


def _plan_campaigns(ctx: Context) -> list[Item]:
    return [Item(c, ctx, parent=p.obj) for p in _plans(ctx) for c in sorted(p.obj.campaign_ids)
            if c in ctx.catalog.campaigns]


def _exemplars(ctx: Context) -> list[Item]:
    return [Item(e, ctx, person=ctx.person_id(e.person, e.id)) for e in
            sorted(ctx.catalog.exemplars.values(), key=lambda e: (e.school_year, e.id))]


def _exemplar_campaigns(ctx: Context) -> list[Item]:
    return [Item(c, ctx, parent=e.obj) for e in _exemplars(ctx)
            for c in sorted(e.obj.campaign_ids) if c in ctx.catalog.campaigns]


def _people(ctx: Context) -> list[Item]:
    return [Item(person, ctx, person=pid, parent=exemplar_id)
            for pid, (person, exemplar_id) in sorted(ctx.people.items())]


def _rolls(ctx: Context) -> list[Item]:
    return [Item(ctx.catalog.honour_rolls[y], ctx) for y in sorted(ctx.catalog.honour_rolls)]


def _awards(ctx: Context) -> list[Item]:
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


def _entries(ctx: Context) -> list[Item]:
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


_BASIS_COLUMNS = (
    ("so_ky_hieu", "string", "Số, ký hiệu", lambda i: i.obj.number),
    ("ngay_ban_hanh", "date", "Ngày ban hành", lambda i: i.obj.date),
    ("co_quan_ban_hanh", "string", "Cơ quan ban hành", lambda i: i.obj.issuer),
    ("trich_yeu", "string", "Trích yếu", lambda i: i.obj.title),
    ("ma_ke_hoach_duoc_can_cu", "string", "Mã kế hoạch trên trang (khi có)",
     lambda i: i.obj.plan_id))


def _plan_basis(ctx: Context) -> list[Item]:
    """Each document a plan's basis cites ("Căn cứ …"), numbered within the plan: a district's
    portal finds the school plans that cite its own plan by number, date and issuer."""
    return [Item(d, ctx, number=n, parent=p.obj) for p in _plans(ctx)
            for n, d in enumerate(p.obj.basis, start=1)]


def _initiative_authors(ctx: Context) -> list[Item]:
    """Each author of each initiative, numbered within it; authors not listed are left out
    (the initiative's own row says how many it has)."""
    items = []
    for initiative in sorted(ctx.catalog.initiatives(), key=lambda i: (i.school_year, i.id)):
        items += [Item(a, ctx, number=n, parent=initiative,
                       person=ctx.person_id(a.person, a.exemplar_id, a.person_id))
                  for n, a in enumerate(initiative.shown_authors, start=1)]
    return items


# -------------------------------------------------------------- column helpers

def _label(name: str, vocabulary: str, description: str, key: Callable[[Item], Any],
           required: bool = False) -> Column:
    """The Vietnamese label of a vocabulary key (the key itself has its own column)."""
    return Column(name, "string", description, lambda i: i.ctx.label(vocabulary, key(i)), required)


def _address() -> Column:
    """The site-relative address of the item's page, as the record gives it (urls.record_url)."""
    return Column("dia_chi", "string", "Địa chỉ trang của mục này trên trang web (ghép sau tên "
                  "miền của trường)", lambda i: "/" + urls.record_url(i.obj))


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


def _old_ids(current: Callable[[Item], str | None]) -> Column:
    return Column("ma_cu", "string", "Các mã cũ của mục này trước khi đổi mã (bangvang rename), "
                  "cách nhau bởi dấu cách: dữ liệu đã tải về theo mã cũ vẫn ghép được",
                  lambda i: " ".join(i.ctx.aliases.get(current(i) or "", [])) or None)


# Every table says whose it is (a district's portal merges the tables of its schools).
SCHOOL_COLUMNS = (
    Column("ma_truong", "string", "Mã trường theo cơ sở dữ liệu ngành (data/school.yml: code)",
           lambda i: i.ctx.catalog.school.get("code")),
    Column("ten_truong", "string", "Tên trường công bố dữ liệu này",
           lambda i: i.ctx.catalog.school.get("name")),
)


def _with_school(resource: Resource) -> Resource:
    """The resource with the school's code and name as its last columns (added once)."""
    if any(c.name == "ma_truong" for c in resource.columns):
        return resource
    return replace(resource, columns=(*resource.columns, *SCHOOL_COLUMNS))


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
                 _address(),
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
                 _address(),
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
                 _old_ids(lambda i: i.parent or i.person),
             ), ("ma",), (("ma_guong", "guong", "ma"),)),
    Resource("guong", "Gương điển hình", "Các gương người tốt việc tốt trên trang.", _exemplars, (
                 Column("ma", "string", "Mã gương điển hình", lambda i: i.obj.id, True),
                 Column("ma_nguoi", "string", "Mã người (tệp nguoi)", lambda i: i.person),
                 *_person("", lambda i: i.obj.person),
                 Column("nam_hoc", "string", "Năm học", lambda i: i.obj.school_year, True),
                 Column("ngay", "date", "Ngày của việc tốt, câu chuyện", lambda i: i.obj.date),
                 Column("tom_tat", "string", "Tóm tắt", lambda i: i.obj.summary),
                 _address(),
                 _old_ids(lambda i: i.obj.id),
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
                 _address(),
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
                 _address(),
             ), ("ma",), (("ma_tac_gia", "nguoi", "ma"), ("ma_guong_nhan_vat", "guong", "ma")),
             year=lambda i: i.obj.school_year),
)
# Tables that follow the kinds' own (kind_table): plans' basis, the authors of the initiatives.
_AFTER_KINDS: tuple[Resource, ...] = (
    Resource("ke-hoach-can-cu", "Căn cứ của kế hoạch", "Các văn bản mỗi kế hoạch nêu ở phần "
             "“Căn cứ”: kế hoạch của cấp trên được trích theo số, ngày và cơ quan ban hành.",
             _plan_basis, (
                 Column("ma_ke_hoach", "string", "Mã kế hoạch (tệp ke-hoach)",
                        lambda i: i.parent.id, True),
                 Column("stt", "integer", "Số thứ tự của văn bản trong phần căn cứ",
                        lambda i: i.number, True),
                 *(Column(name, type_, f"{what} của văn bản được căn cứ", getter) for
                   name, type_, what, getter in _BASIS_COLUMNS),
             ), ("ma_ke_hoach", "stt"), (("ma_ke_hoach", "ke-hoach", "ma"),),
             year=lambda i: i.parent.period_year),
    Resource("sang-kien-tac-gia", "Tác giả của sáng kiến", "Từng tác giả của mỗi sáng kiến, như "
             "trang sáng kiến công bố; người không công bố tên không có ở đây.",
             _initiative_authors, (
                 Column("ma_sang_kien", "string", "Mã sáng kiến (tệp sang-kien)",
                        lambda i: i.parent.id, True),
                 Column("stt", "integer", "Số thứ tự của tác giả trong sáng kiến",
                        lambda i: i.number, True),
                 Column("ma_nguoi", "string", "Mã người (tệp nguoi)", lambda i: i.person),
                 *_person("", lambda i: i.obj.person),
                 Column("ma_guong", "string", "Mã gương điển hình của tác giả (nếu có)",
                        lambda i: i.obj.exemplar_id),
             ), ("ma_sang_kien", "stt"),
             (("ma_sang_kien", "sang-kien", "ma"), ("ma_nguoi", "nguoi", "ma"),
              ("ma_guong", "guong", "ma")), year=lambda i: i.parent.school_year),
)

# ------------------------------------------------------------ tables of declared kinds

# Table Schema types of the field classes (any other field is text).
_TYPES = ((Date, "date"), (Flag, "boolean"), (Integer, "integer"), (Number, "number"))


def kind_table(kind: kinds.Kind) -> Resource:
    """The table of a kind that declares its columns (kinds.Kind.columns): the record's id
    ("ma"), the declared columns (type, description and a foreign key from the field they
    read when they do not say), the address of its page ("dia_chi")."""
    columns, keys = [Column("ma", "string", f"Mã {kind.label}", lambda i: i.obj.id, True)], []
    for declared in kind.columns:
        field = kind.fields.get(declared.source) or kind.fields.get(
            declared.source.removesuffix("_id"))
        kind_type = next((t for cls, t in _TYPES if isinstance(field, cls)), "string")
        columns.append(Column(declared.name, declared.type or kind_type,
                              declared.description or (field.help if field else ""),
                              _reader(kind, declared), bool(field and field.required)))
        if isinstance(field, Ref) and kinds.KINDS[field.kind].data_name:
            keys.append((declared.name, kinds.KINDS[field.kind].data_name, "ma"))
    if kind.url:
        columns.append(_address())
    year = (lambda i: kind.value(i.obj, kind.year)) if kind.year else None
    return Resource(kind.data_name, kind.section or kind.label, kind.data_about,
                    lambda ctx: _records(ctx, kind), tuple(columns), ("ma",), tuple(keys), year)


def _reader(kind: kinds.Kind, declared: kinds.Column) -> Callable[[Item], Any]:
    if declared.vocabulary:
        return lambda i: i.ctx.label(declared.vocabulary, kind.value(i.obj, declared.source))
    return lambda i: kind.value(i.obj, declared.source)


def _records(ctx: Context, kind: kinds.Kind) -> list[Item]:
    return [Item(r, ctx) for r in sorted(ctx.catalog.records(kind.name), key=lambda r: (
        str(kind.value(r, kind.year) or ""), r.id))]


def tables() -> tuple[Resource, ...]:
    """Every table: the hand-declared ones and one per kind that declares columns, in the
    registry's order (a kind registered since this module was loaded too)."""
    known = {r.name for r in RESOURCES}
    later = tuple(_with_school(kind_table(k)) for k in kinds.KINDS.values()
                  if k.columns and k.data_name and k.data_name not in known)
    return (*(BY_NAME.get(r.name, r) for r in RESOURCES), *later)


RESOURCES = tuple(_with_school(r) for r in (
    *RESOURCES, *(kind_table(k) for k in kinds.KINDS.values() if k.columns), *_AFTER_KINDS))
BY_NAME = {r.name: r for r in RESOURCES}
