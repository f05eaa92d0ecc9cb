"""The record kinds, each declared once: fields, folder, file endings, labels, `bangvang new`
name and scaffold, and the URL of its pages (one URL rule, urls.py, writes and links them).

Loader, checker, Catalog building, scaffolds, JSON Schema, the docs' field tables (tested
against these declarations), the preview's watch list and the page sections iterate over
`KINDS`. Adding a kind means adding a declaration here and its model (model.py), its page
section (sections.py) and templates; validate.py builds it from the declaration unless the kind
needs rules of its own (docs/architecture.md, "Adding a record kind").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bangvang.records.fields import (
    Choice, Date, Field, Flag, Integer, List, Mapping, NameOrRef, Number, PhotoName, Private, Ref,
    SchoolYear, Slug, Text, TextOrMapping, Url, Vocab)
from bangvang.records.model import Campaign, ContestEntry, Exemplar, HonourRoll, Initiative, Plan


@dataclass(frozen=True)
class Column:
    """A column of a kind's open-data table (opendata.py: one generic resource per kind that
    declares columns). Its name is published: never renamed or removed."""
    name: str
    source: str               # attribute of the Catalog record, dotted ("person.name")
    description: str = ""     # Vietnamese; default: the help of the field named `source`
    type: str = ""            # Table Schema type; default: from the field's class, else string
    vocabulary: str = ""      # the value is a key of this list: the column holds its label


@dataclass(frozen=True)
class Kind:
    name: str                 # internal name, also the JSON Schema file name
    label: str                # Vietnamese, used in messages
    folder: str               # relative to the project root
    endings: tuple[str, ...]  # accepted file endings; the first is used by `bangvang new`
    fields: dict[str, Field]
    new_name: str             # `bangvang new <new_name> <id>`
    scaffold: str             # template file in bangvang/scaffolds/
    url: str | None           # URL name of one record's page (None: no page of its own) …
    url_pattern: str = ""     # … and its pattern in urls.URLS, e.g. "guong-dien-hinh/{id}"
    index: tuple[str, str] = ("", "")   # (URL name, pattern) of the kind's index page
    has_body: bool = True     # Markdown after the front matter
    # The Catalog's dataclass of the kind. A kind with no builder of its own in validate.py
    # has it made by keyword from the checked fields (plus id, file, body, body_line).
    model: type | None = None
    # What the kind publishes (docs/architecture.md, "A kind declares its output"): the
    # generic section and resource, year pages, counts and share previews read these.
    section: str = ""            # the kind's pages in a word: index title, share cards
    title: str = "title"         # attribute (dotted) of a Catalog record: its page's title
    summary: str | None = "summary"    # … a sentence or two about it (lists, previews)
    year: str | None = "school_year"   # … the school year it belongs to (year pages, data)
    # URL values besides the id, (pattern name, attribute or field): read from a Catalog
    # record or from a record as written, so every address of a record is made one way.
    url_fields: tuple[tuple[str, str], ...] = ()
    count: str = ""              # `check`'s count of the records: "{n} kế hoạch" ({items} …
    items: str = ""              # … counts this list of each record: an honour roll's awards)
    home_count: str = ""         # the home page's count of the kind: "gương điển hình"
    about: str = ""              # its index page in a sentence ({school}): share previews
    describe: str = ""           # a record without a summary in a sentence ({r}, {school})
    # Atom feeds (feeds.py): the feed (urls.FEEDS name) that announces the kind's records, and
    # the attribute dating each entry (absent or empty: the end of the record's school year).
    feed: str = ""
    dated: str | None = None
    # schema.org type of its pages' JSON-LD (jsonld.py; a kind with relations of its own, the
    # exemplar's awards or an author's consent, has a builder there); "": none.
    schema_type: str = ""
    # Open data: the name of the kind's table (published: never changed), and the columns of
    # the table the generic resource makes for a kind that declares them (opendata_tables).
    data_name: str = ""
    columns: tuple[Column, ...] = ()
    data_about: str = ""

    def url_params(self, record_id: str, values) -> dict[str, str]:
        """The values of the kind's URL pattern for one record: its id and `url_fields`, read
        from a Catalog record (attributes) or a record's data as written (a mapping)."""
        params = {"id": record_id}
        for param, name in self.url_fields:
            value = values.get(name) if isinstance(values, dict) else getattr(values, name, None)
            params[param] = str(value if value is not None else "").strip()
        return params

    def value(self, record, attribute: str | None):
        """A dotted attribute of a Catalog record ("person.name"); None when absent."""
        if not attribute:
            return None
        for name in attribute.split("."):
            record = getattr(record, name, None)
        return record


def text(help: str, required: bool = False, prose: bool = False) -> Text:
    return Text(help, required, prose)


PHOTO_FOLDER = "exemplars/photos"   # photos of exemplars (images.py), not records
# Sample text of the scaffolds (`bangvang new`) is written «like this»: a published record or
# news post that still holds some is refused by `check`.
PLACEHOLDER = re.compile(r"«[^»\n]{0,80}»")

STATUS = Choice({"published": "công bố", "draft": "bản nháp"}, "published: công bố; draft: bản "
                "nháp, kiểm tra nhưng không công bố")
PRIVATE = Private("Thông tin riêng tư (điện thoại, ngày sinh, địa chỉ, ghi chú): không bao giờ "
                  "được công bố")
CONSENT = Vocab("consent", "Mức đồng ý công bố: full, name, initials, none")
PERSON_KIND = Choice({"person": "cá nhân", "collective": "tập thể"},
                     "person: cá nhân; collective: tập thể")
DOCUMENT = {
    "number": text("Số, ký hiệu văn bản, ví dụ 51/KH-PGDĐT"),
    "date": Date("Ngày ban hành"),
    "issuer": text("Cơ quan ban hành"),
    "title": text("Trích yếu"),
    "plan": Ref("plan", "Mã hồ sơ kế hoạch trên trang này (nếu có); không ghi thì tự khớp theo số"),
}

# A plan target's comparison and result (statistics.py decides Đạt / Chưa đạt / Chưa có số liệu).
COMPARISON = Choice({"toi-thieu": "tối thiểu", "toi-da": "tối đa"},
                    "toi-thieu: kết quả phải từ con số trở lên (tối "
                    "thiểu, ít nhất; mặc định); toi-da: không vượt quá con số (tối đa, không quá)")
TARGET_RESULT = {
    "value": Number("Con số đạt được, ví dụ 21 hoặc 78,6"),
    "unit": text("Đơn vị, trùng đơn vị của chỉ tiêu, ví dụ %"),
    "date": Date("Ngày có số liệu"),
    "evidence": Url("Địa chỉ minh chứng (báo cáo, quyết định), bắt đầu bằng https://"),
    "note": text("Ghi chú, ví dụ 9/43 người"),
    "achieved": Flag("Với chỉ tiêu không có con số: true (đạt) hoặc false (chưa đạt)"),
}

CAMPAIGN = Kind("campaign", "phong trào", "plans/campaigns", (".md",), {
    "name": text("Tên phong trào, ví dụ Dạy tốt - Học tốt", required=True),
    "level": Vocab("levels", "Cấp phát động", required=True),
    "kind": Vocab("campaign_kinds", "Loại: phong-trao hoặc cuoc-van-dong"),
    "launched_by": text("Cơ quan phát động"),
    "period": Mapping({"from": Date("Từ ngày"), "to": Date("Đến ngày")}, "Thời gian"),
    "status": Vocab("campaign_statuses", "active: đang triển khai; ended: đã kết thúc; "
                    "draft: bản nháp"),
    "summary": text("Một câu giới thiệu, hiện trong danh sách", prose=True),
}, "phong-trao", "campaign.md", "campaign", "phong-trao/{id}", ("campaigns", "phong-trao/"),
   model=Campaign, section="Phong trào thi đua", title="name", year=None,
   count="{n} phong trào", home_count="phong trào thi đua", data_name="phong-trao",
   about="Các phong trào thi đua và cuộc vận động {school} đang triển khai và đã tổng kết.",
   describe="{r.name}: phong trào thi đua của {school}.")

PLAN = Kind("plan", "kế hoạch", "plans", (".md",), {
    "number": text("Số, ký hiệu, ví dụ 23/KH-THCD; để trống nếu văn bản chưa có số"),
    "issued": Date("Ngày ban hành", required=True),
    "place": text("Địa danh ghi ở đầu văn bản"),
    "issuer": text("Đơn vị ban hành", required=True),
    "issuer_parent": text("Cơ quan cấp trên ghi ở đầu văn bản"),
    "title": text("Trích yếu (tên kế hoạch)", required=True),
    "school_year": SchoolYear("Năm học, ví dụ 2023-2024"),
    "year": Integer("Năm (kế hoạch theo năm dương lịch)", minimum=1945, maximum=2200),
    "basis": List(Mapping(DOCUMENT), "Căn cứ: các văn bản cấp trên"),
    "references": List(Mapping({"number": text("Số, ký hiệu", required=True),
                                "date": Date("Ngày")}), "Các văn bản được nhắc đến"),
    "campaigns": List(Ref("campaign"), "Mã các phong trào"),
    "themes": List(Text(), "Chủ đề năm"),
    "programmes": List(Text(), "Đề án"),
    "contests": List(Text(), "Cuộc thi"),
    "targets": List(TextOrMapping({
        "text": text("Nội dung chỉ tiêu", required=True),
        "value": Number("Con số"),
        "unit": text("Đơn vị, ví dụ %"),
        "comparison": COMPARISON,
        "result": TextOrMapping(TARGET_RESULT, "Kết quả đạt được: value (con số), unit, date, "
                                "evidence (địa chỉ minh chứng), note", text_field="note"),
        "computed": text("Kết quả tính từ hồ sơ trên trang, thay cho result, ví dụ "
                         "`computed: ty-le-danh-hieu:lao-dong-tien-tien` (xem hướng dẫn)")}),
        "Chỉ tiêu"),
    "signer": Mapping({"name": text("Họ tên"), "title": text("Chức vụ, ví dụ HIỆU TRƯỞNG")},
                      "Người ký"),
    "recipients": List(Text(), "Nơi nhận"),
    "warnings": List(Text(), "Ghi chú của công cụ nhập văn bản (không công bố)"),
    "status": STATUS,
}, "ke-hoach", "plan.md", "plan", "ke-hoach/{id}", ("plans", "ke-hoach/"),
   model=Plan, section="Kế hoạch", summary=None, year="period_year", count="{n} kế hoạch",
   schema_type="CreativeWork", dated="issued",
   data_name="ke-hoach",
   about="Kế hoạch thi đua, khen thưởng của {school} qua từng năm học.",
   describe="{r.title} ({r.number_phrase}ngày {r.issued:%d/%m/%Y}, {r.issuer}).")

EXEMPLAR = Kind("exemplar", "gương điển hình", "exemplars", (".md",), {
    "name": text("Họ tên, hoặc tên tập thể", required=True),
    "kind": PERSON_KIND,
    "role": Vocab("roles", "Vai trò", required=True),
    "unit": text("Lớp hoặc tổ, ví dụ 7A2, Tổ Toán - Tin"),
    "school_year": SchoolYear("Năm học, ví dụ 2024-2025", required=True),
    "date": Date("Ngày của việc tốt / câu chuyện"),
    "campaigns": List(Ref("campaign"), "Mã các phong trào"),
    "summary": text("Tóm tắt một hai câu", required=True, prose=True),
    "photo": PhotoName(PHOTO_FOLDER, "Tên tệp ảnh (JPG, PNG hoặc WebP) trong thư mục "
                       "exemplars/photos/"),
    "consent": CONSENT,
    "private": PRIVATE,
    "status": STATUS,
}, "guong", "exemplar.md", "exemplar", "guong-dien-hinh/{id}", ("exemplars", "guong-dien-hinh/"),
   model=Exemplar, section="Gương điển hình", title="person.name", feed="honours", dated="date",
   schema_type="Person",
   count="{n} gương điển hình", home_count="gương điển hình", data_name="guong",
   about="Những tấm gương thầy cô, nhân viên, học sinh và phụ huynh của {school}: người tốt, "
         "việc tốt được ghi nhận qua từng năm học.")

# Pins who a line is about when a name alone cannot tell (two students of the same name):
# the same id is the same person in every record and year (people.py).
PERSON_ID = Slug("Mã người (chữ thường không dấu, gạch ngang), chỉ cần khi hai người trùng "
                 "tên: cùng một mã cho cùng một người qua các năm")

AWARD = {
    "recipient": NameOrRef("exemplar", "Họ tên người / tập thể được khen, hoặc mã gương điển "
                           "hình", required=True),
    "kind": PERSON_KIND,
    "role": Vocab("roles", "Vai trò"),
    "unit": text("Lớp hoặc tổ"),
    "title": Vocab("titles", "Danh hiệu thi đua"),
    "form": Vocab("forms", "Hình thức khen thưởng"),
    "level": Vocab("levels", "Cấp khen", required=True),
    "decision": Mapping({"number": text("Số quyết định, ví dụ 45/QĐ-THCD", required=True),
                         "date": Date("Ngày quyết định", required=True)},
                        "Quyết định khen thưởng", required=True),
    "campaign": Ref("campaign", "Mã phong trào"),
    "reason": text("Thành tích"),
    "consent": Vocab("consent", "Mức đồng ý công bố; với người đã có hồ sơ gương điển hình chỉ "
                     "được hạ thấp, không nâng lên"),
    "person": PERSON_ID,
    "private": PRIVATE,
    # An award read from a scan waits for a person to check it against the paper: a draft
    # line is checked but not published, the rest of the roll is (importer/honours.py).
    "status": STATUS,
    "warnings": List(Text("Một chỗ công cụ nhập chưa chắc"), "Ghi chú của công cụ nhập: chỗ "
                     "chưa chắc khi đọc bản quét (không bao giờ được công bố)"),
}

HONOUR_ROLL = Kind("honour_roll", "bảng vàng", "exemplars/honours", (".yml", ".yaml"), {
    "school_year": SchoolYear("Năm học, trùng tên tệp", required=True),
    "awards": List(Mapping(AWARD), "Danh sách khen thưởng", required=True),
    "status": STATUS,
}, "bang-vang", "honour_roll.yml", "honour_roll", "bang-vang/{id}", ("honour_rolls", "bang-vang/"),
   has_body=False, model=HonourRoll, section="Bảng vàng", summary=None, feed="honours",
   dated="latest_decision",
   count="{items} lượt khen thưởng trong {n} năm học", items="awards",
   home_count="lượt khen thưởng", data_name="bang-vang",
   about="Bảng vàng khen thưởng của {school} theo từng năm học: danh hiệu, hình thức khen "
         "thưởng và quyết định.",
   describe="Bảng vàng năm học {r.school_year} của {school}: {items} lượt khen thưởng.")

CONTEST_ENTRY = Kind("contest_entry", "bài dự thi", "exemplars/contest", (".md",), {
    "contest_year": Integer("Năm của cuộc thi", required=True, minimum=1945, maximum=2200),
    "title": text("Tên bài viết", required=True),
    "author": Mapping({
        "name": text("Họ tên", required=True),
        "role": Vocab("roles", "Vai trò", required=True),
        "unit": text("Lớp hoặc tổ"),
        "consent": CONSENT,
        "person": PERSON_ID}, "Tác giả", required=True),
    "subject": NameOrRef("exemplar", "Nhân vật: mã gương điển hình hoặc họ tên", required=True),
    "prize": Vocab("prizes", "Giải"),
    "summary": text("Tóm tắt", prose=True),
    "private": PRIVATE,
    "status": STATUS,
}, "bai-du-thi", "contest_entry.md", "contest_entry", "cuoc-thi-viet/{year}/{id}",
   ("contest", "cuoc-thi-viet/"), model=ContestEntry, section="Cuộc thi viết",
   url_fields=(("year", "contest_year"),), count="{n} bài dự thi", home_count="bài dự thi viết",
   data_name="bai-du-thi",
   about="Cuộc thi viết về gương điển hình tiên tiến, người tốt, việc tốt của {school}: các bài "
         "dự thi và giải thưởng.",
   describe="Bài dự thi “{r.title}”, Cuộc thi viết năm {r.contest_year}.", schema_type="Article")

# An initiative's author: a name written out, or the id of their exemplar (whose consent then
# applies and can only be lowered here); one person across records and years (people.py).
INITIATIVE_AUTHOR = {
    "name": NameOrRef("exemplar", "Họ tên tác giả, hoặc mã hồ sơ gương điển hình của người "
                      "đó", required=True),
    "role": Vocab("roles", "Vai trò (không ghi: teacher, giáo viên)"),
    "unit": text("Tổ hoặc bộ phận, ví dụ Tổ Toán - Tin"),
    "consent": Vocab("consent", "Mức đồng ý công bố; với người đã có hồ sơ gương điển hình chỉ "
                     "được hạ thấp, không nâng lên"),
    "person": PERSON_ID,
}

# Whether an initiative is in use. true/false, this field's first form, are still read.
APPLIED = Choice({"yes": "đã áp dụng có hiệu quả", "partly": "áp dụng một phần",
                  "no": "chưa áp dụng"},
                 "yes: đã áp dụng có hiệu quả; partly: áp dụng một phần (một số lớp, một tổ); "
                 "no: chưa áp dụng", aliases={"true": "yes", "có": "yes", "false": "no",
                                              "không": "no", "một phần": "partly"})

INITIATIVE = Kind("initiative", "sáng kiến", "initiatives", (".md",), {
    "title": text("Tên sáng kiến", required=True),
    "authors": List(Mapping(INITIATIVE_AUTHOR), "Tác giả; mỗi người một mục “- name: …”",
                    required=True),
    "school_year": SchoolYear("Năm học sáng kiến được công nhận, ví dụ 2024-2025",
                              required=True),
    "field": Vocab("initiative_fields", "Lĩnh vực (danh mục initiative_fields)"),
    "level": Vocab("initiative_levels", "Cấp công nhận (danh mục initiative_levels)",
                   required=True),
    "decision": Mapping({"number": text("Số quyết định công nhận, ví dụ 12/QĐ-THCSHA",
                                        required=True),
                         "date": Date("Ngày quyết định")}, "Quyết định công nhận"),
    "applied": APPLIED,
    "applied_scope": text("Phạm vi áp dụng, ví dụ toàn trường; 5 trường trong phường"),
    "campaign": Ref("campaign", "Mã phong trào (nếu có)"),
    "summary": text("Tóm tắt một hai câu: sáng kiến giải quyết việc gì, hiệu quả ra sao",
                    required=True, prose=True),
    "private": PRIVATE,
    "status": STATUS,
}, "sang-kien", "initiative.md", "initiative", "sang-kien/{id}", ("initiatives", "sang-kien/"),
   model=Initiative, section="Sáng kiến", count="{n} sáng kiến", home_count="sáng kiến",
   feed="honours", dated="decision_date", schema_type="CreativeWork",
   about="Các sáng kiến của cán bộ, giáo viên, nhân viên {school} được công nhận qua từng năm "
         "học: tác giả, cấp công nhận và phạm vi áp dụng.",
   columns=(
       Column("ten", "title"),
       Column("nam_hoc", "school_year"),
       Column("tac_gia", "author_names", "Tác giả, như trang web công bố (cách nhau bởi “; ”; "
              "người không đồng ý công bố tên không được ghi)"),
       Column("ma_linh_vuc", "field", "Mã lĩnh vực (danh mục initiative_fields)"),
       Column("linh_vuc", "field", "Lĩnh vực", vocabulary="initiative_fields"),
       Column("ma_cap", "level", "Mã cấp công nhận (danh mục initiative_levels)"),
       Column("cap", "level", "Cấp công nhận", vocabulary="initiative_levels"),
       Column("so_quyet_dinh", "decision_number", "Số quyết định công nhận"),
       Column("ngay_quyet_dinh", "decision_date", "Ngày quyết định công nhận", "date"),
       Column("da_ap_dung", "applied_any", "true: đã được áp dụng (toàn bộ hay một phần); "
              "false: chưa; trống: chưa ghi", "boolean"),
       Column("ma_muc_ap_dung", "applied", "Mã mức áp dụng: yes (có hiệu quả), partly (một "
              "phần), no (chưa)"),
       Column("muc_ap_dung", "applied_label", "Mức áp dụng"),
       Column("pham_vi_ap_dung", "applied_scope"),
       Column("ma_phong_trao", "campaign_id", "Mã phong trào (tệp phong-trao)"),
       Column("tom_tat", "summary", "Tóm tắt"),
   ), data_name="sang-kien",
   data_about="Các sáng kiến được công nhận, theo năm học; từng tác giả ở tệp sang-kien-tac-gia.")

# News posts are pages of the Material blog (content/), checked here so that a build never
# fails after `check` passed.
NEWS = Kind("news", "tin bài", "content/tin-tuc/posts", (".md",), {
    "date": Date("Ngày đăng, ví dụ 2024-09-05", required=True),
    "title": text("Tiêu đề (nếu không ghi, lấy dòng “# …” đầu tiên)"),
    "description": text("Mô tả ngắn"),
    "categories": List(Text(), "Chủ đề, mỗi chủ đề một dòng “- …”", one_item_as_text=False),
    "authors": List(Text(), "Mã người viết trong content/tin-tuc/.authors.yml",
                    one_item_as_text=False),
    "slug": text("Phần cuối địa chỉ trang, chữ thường không dấu"),
    "draft": Flag("true: bản nháp, không công bố"),
    "pin": Flag("true: ghim lên đầu"),
    "readtime": Integer("Số phút đọc", maximum=600),
    "hide": List(Text(), "Phần ẩn của trang (navigation, toc)", one_item_as_text=False),
}, "tin", "news.md", "news_post", "tin-tuc/{slug}", ("news", "tin-tuc/"),
   section="Tin tức", summary="excerpt", year=None, count="{n} tin bài", feed="news",
   dated="date")

KINDS: dict[str, Kind] = {k.name: k for k in (CAMPAIGN, PLAN, EXEMPLAR, HONOUR_ROLL, CONTEST_ENTRY,
                                              INITIATIVE)}
ALL_KINDS: dict[str, Kind] = {**KINDS, NEWS.name: NEWS}
BY_NEW_NAME: dict[str, Kind] = {k.new_name: k for k in ALL_KINDS.values()}


def registry() -> list[Kind]:
    """Every kind, records first and news last, as declared now (a kind a test or a later
    module registers in KINDS included)."""
    return [*KINDS.values(), *(k for k in ALL_KINDS.values() if k.name not in KINDS)]


def of_record(record) -> Kind:
    """The kind of a Catalog record, by its dataclass (`Kind.model`)."""
    for kind in KINDS.values():
        if kind.model is type(record):
            return kind
    raise KeyError(type(record).__name__)

# Licences a school may give its open data (/du-lieu/, opendata.py): id → (title, text).
DATA_LICENCES = {
    "CC-BY-4.0": ("Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
                  "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Ghi công - Chia sẻ tương tự 4.0 Quốc tế (CC BY-SA 4.0)",
                     "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons CC0 1.0: dành cho công chúng, không giữ quyền",
                "https://creativecommons.org/publicdomain/zero/1.0/"),
}
# Data files of the project, declared like records.
SCHOOL = {
    "name": text("Tên trường, ví dụ Trường THCS Hòa An", required=True),
    # The Ministry's school code: the school's column in every open-data table, so a
    # district's portal (bangvang/district/) merges schools' tables without guessing.
    "code": Slug("Mã trường theo cơ sở dữ liệu ngành (Bộ GDĐT), ví dụ 79000701: ghi vào mọi "
                 "bảng dữ liệu mở để Phòng GDĐT ghép dữ liệu các trường"),
    "site_url": Url("Địa chỉ trang web của trường, ví dụ https://thcs-hoaan.edu.vn/ (ghi một lần ở "
                    "đây; cần cho nút chia sẻ, nguồn tin và sơ đồ trang)"),
    # The district's portal (bangvang/district/): a plan's basis citing a plan of the district
    # links to its page there (district/address.py computes the address, nothing is fetched).
    "district_site": Url("Địa chỉ cổng thông tin của Phòng GDĐT, ví dụ https://pgd-binhson.edu.vn/ "
                         "(không bắt buộc): phần căn cứ của kế hoạch dẫn tới trang kế hoạch của "
                         "Phòng"),
    "short_name": text("Tên ngắn hiện ở đầu trang"),
    "place": text("Địa danh"),
    "parent_body": text("Cơ quan quản lý trực tiếp"),
    "address": text("Địa chỉ"),
    "email": text("Thư điện tử"),
    "phone": text("Điện thoại của trường"),
    "intro": Text("Lời giới thiệu trên trang chủ (Markdown)"),
    "principal": text("Họ tên hiệu trưởng, ghi dưới chữ ký trên giấy khen"),
    "data_licence": Choice({k: v[0] for k, v in DATA_LICENCES.items()}, "Giấy phép của dữ liệu "
                           "mở (trang Dữ liệu mở, /du-lieu/): CC-BY-4.0 (mặc định: ai cũng được "
                           "dùng lại, chỉ cần ghi nguồn là nhà trường), CC-BY-SA-4.0 (ghi nguồn, "
                           "chia sẻ lại theo cùng giấy phép), CC0-1.0 (không giữ quyền gì)"),
    "staff_counts": List(Mapping({
        "school_year": SchoolYear("Năm học, ví dụ 2024-2025", required=True),
        "count": Integer("Số cán bộ, giáo viên, nhân viên của trường năm học đó", required=True,
                         minimum=1, maximum=100000)}),
        "Số cán bộ, giáo viên, nhân viên theo năm học (không bắt buộc), để tính tỷ lệ có danh "
        "hiệu thi đua trên trang Thống kê"),
}
# data/consent-answers.yml: the families' answers to the consent slips (`bangvang phieu-dong-y`,
# commands/consent_answers.py). Not published; checked against the honour rolls by `check`.
CONSENT_ANSWER = {
    "school_year": SchoolYear("Năm học của phiếu, ví dụ 2025-2026", required=True),
    "name": text("Họ tên học sinh, như trong bảng vàng", required=True),
    "unit": text("Lớp, ví dụ 7A2", required=True),
    "consent": Vocab("consent", "Gia đình chọn: full (họ tên và ảnh), name (họ tên, không ảnh), "
                     "initials (chỉ chữ cái đầu), none (không công bố)", required=True),
    "received": Date("Ngày nhà trường nhận lại phiếu", required=True),
    "child_signed": Flag("true: học sinh cũng ký phiếu (cần khi học sinh từ đủ 7 tuổi)"),
    "note": text("Ghi chú của nhà trường (không công bố)"),
}
CONSENT_ANSWERS = {"answers": List(Mapping(CONSENT_ANSWER), "Các phiếu đồng ý đã nhận lại, mỗi "
                                   "phiếu một mục “- name: …”", required=True)}
PERSON_SHAPES = ("person", "collective", "student")
# Vocabulary keys the code relies on: their labels may change, the keys may not.
REQUIRED_TERMS = {
    "roles": ("student", "collective"),
    "consent": ("full", "name", "initials", "none"),
    "campaign_statuses": ("active", "ended", "draft"),
    "campaign_kinds": ("phong-trao",),
    "levels": ("truong",),          # the school's own level: Giấy khen (certificates.py)
    "forms": ("giay-khen",),
}
