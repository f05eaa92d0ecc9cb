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

from .fields import (Choice, Date, Field, Flag, Integer, List, Mapping, NameOrRef, Number,
                     PhotoName, Private, Ref, SchoolYear, Slug, Text, TextOrMapping, Url, Vocab)


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
    # The Catalog's dataclass for a kind with no builder of its own in validate.py: made by
    # keyword from the checked fields (plus id, file, body, body_line when it has them).
    model: type | None = None


def text(help: str, required: bool = False) -> Text:
    return Text(help, required)


PHOTO_FOLDER = "exemplars/photos"   # photos of exemplars (images.py), not records
# Sample text of the scaffolds (`bangvang new`) is written «like this»: a published record or
# news post that still holds some is refused by `check`.
PLACEHOLDER = re.compile(r"«[^»\n]{0,80}»")

STATUS = Choice(("published", "draft"), "published: công bố; draft: bản nháp, kiểm tra nhưng "
                "không công bố")
PRIVATE = Private("Thông tin riêng tư (điện thoại, ngày sinh, địa chỉ, ghi chú): không bao giờ "
                  "được công bố")
CONSENT = Vocab("consent", "Mức đồng ý công bố: full, name, initials, none")
PERSON_KIND = Choice(("person", "collective"), "person: cá nhân; collective: tập thể")
DOCUMENT = {
    "number": text("Số, ký hiệu văn bản, ví dụ 51/KH-PGDĐT"),
    "date": Date("Ngày ban hành"),
    "issuer": text("Cơ quan ban hành"),
    "title": text("Trích yếu"),
    "plan": Ref("plan", "Mã hồ sơ kế hoạch trên trang này (nếu có); không ghi thì tự khớp theo số"),
}

# A plan target's comparison and result (statistics.py decides Đạt / Chưa đạt / Chưa có số liệu).
COMPARISON = Choice(("toi-thieu", "toi-da"), "toi-thieu: kết quả phải từ con số trở lên (tối "
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
    "summary": text("Một câu giới thiệu, hiện trong danh sách"),
}, "phong-trao", "campaign.md", "campaign", "phong-trao/{id}", ("campaigns", "phong-trao/"))

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
}, "ke-hoach", "plan.md", "plan", "ke-hoach/{id}", ("plans", "ke-hoach/"))

EXEMPLAR = Kind("exemplar", "gương điển hình", "exemplars", (".md",), {
    "name": text("Họ tên, hoặc tên tập thể", required=True),
    "kind": PERSON_KIND,
    "role": Vocab("roles", "Vai trò", required=True),
    "unit": text("Lớp hoặc tổ, ví dụ 7A2, Tổ Toán - Tin"),
    "school_year": SchoolYear("Năm học, ví dụ 2024-2025", required=True),
    "date": Date("Ngày của việc tốt / câu chuyện"),
    "campaigns": List(Ref("campaign"), "Mã các phong trào"),
    "summary": text("Tóm tắt một hai câu", required=True),
    "photo": PhotoName(PHOTO_FOLDER, "Tên tệp ảnh (JPG, PNG hoặc WebP) trong thư mục "
                       "exemplars/photos/"),
    "consent": CONSENT,
    "private": PRIVATE,
    "status": STATUS,
}, "guong", "exemplar.md", "exemplar", "guong-dien-hinh/{id}", ("exemplars", "guong-dien-hinh/"))

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
}

HONOUR_ROLL = Kind("honour_roll", "bảng vàng", "exemplars/honours", (".yml", ".yaml"), {
    "school_year": SchoolYear("Năm học, trùng tên tệp", required=True),
    "awards": List(Mapping(AWARD), "Danh sách khen thưởng", required=True),
    "status": STATUS,
}, "bang-vang", "honour_roll.yml", "honour_roll", "bang-vang/{id}", ("honour_rolls", "bang-vang/"),
   has_body=False)

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
    "summary": text("Tóm tắt"),
    "private": PRIVATE,
    "status": STATUS,
}, "bai-du-thi", "contest_entry.md", "contest_entry", "cuoc-thi-viet/{year}/{id}",
   ("contest", "cuoc-thi-viet/"))

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
}, "tin", "news.md", "news_post", "tin-tuc/{slug}", ("news", "tin-tuc/"))

KINDS: dict[str, Kind] = {k.name: k for k in (CAMPAIGN, PLAN, EXEMPLAR, HONOUR_ROLL, CONTEST_ENTRY)}
ALL_KINDS: dict[str, Kind] = {**KINDS, NEWS.name: NEWS}
BY_NEW_NAME: dict[str, Kind] = {k.new_name: k for k in ALL_KINDS.values()}

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
    "site_url": Url("Địa chỉ trang web của trường, ví dụ https://thcs-hoaan.edu.vn/ (ghi một lần ở "
                    "đây; cần cho nút chia sẻ, nguồn tin và sơ đồ trang)"),
    "short_name": text("Tên ngắn hiện ở đầu trang"),
    "place": text("Địa danh"),
    "parent_body": text("Cơ quan quản lý trực tiếp"),
    "address": text("Địa chỉ"),
    "email": text("Thư điện tử"),
    "phone": text("Điện thoại của trường"),
    "intro": Text("Lời giới thiệu trên trang chủ (Markdown)"),
    "principal": text("Họ tên hiệu trưởng, ghi dưới chữ ký trên giấy khen"),
    "data_licence": Choice(tuple(DATA_LICENCES), "Giấy phép của dữ liệu "
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
