"""The fields of every record kind, declared once.

The validator walks these declarations to check and convert values, and `bangvang schema`
turns them into JSON Schema files so that editors offer completion in front matter.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    type: str                  # text, date, school_year, integer, number, mapping, list,
                               # vocab, ref, enum, any_mapping, text_or_mapping
    help: str = ""             # Vietnamese, shown by editors and in messages
    required: bool = False
    vocab: str | None = None   # for type vocab: name in data/vocabulary.yml
    ref: str | None = None     # for type ref: record kind referred to by id
    choices: tuple = ()        # for type enum
    fields: dict = field(default_factory=dict)  # for mapping / text_or_mapping
    items: "Field | None" = None                 # for list


def text(help: str, required: bool = False) -> Field:
    return Field("text", help, required)


def text_list(help: str) -> Field:
    return Field("list", help, items=Field("text"))


STATUS = Field("enum", "published: công bố; draft: bản nháp, kiểm tra nhưng không công bố",
               choices=("published", "draft"))
PRIVATE = Field("any_mapping", "Thông tin riêng tư (điện thoại, ngày sinh, địa chỉ, ghi chú): "
                               "không bao giờ được công bố")
CONSENT = Field("vocab", "Mức đồng ý công bố: full, name, initials, none", vocab="consent")
DOCUMENT = {
    "number": text("Số, ký hiệu văn bản, ví dụ 51/KH-PGDĐT"),
    "date": Field("date", "Ngày ban hành"),
    "issuer": text("Cơ quan ban hành"),
    "title": text("Trích yếu"),
    "plan": Field("ref", "Mã hồ sơ kế hoạch trên trang này (nếu có); không ghi thì tự khớp theo số",
                  ref="plan"),
}

CAMPAIGN = {
    "name": text("Tên phong trào, ví dụ Dạy tốt - Học tốt", required=True),
    "level": Field("vocab", "Cấp phát động", required=True, vocab="levels"),
    "kind": Field("vocab", "Loại: phong-trao hoặc cuoc-van-dong", vocab="campaign_kinds"),
    "launched_by": text("Cơ quan phát động"),
    "period": Field("mapping", "Thời gian", fields={
        "from": Field("date", "Từ ngày"), "to": Field("date", "Đến ngày")}),
    "status": Field("vocab", "active: đang triển khai; ended: đã kết thúc; draft: bản nháp",
                    vocab="campaign_statuses"),
    "summary": text("Một câu giới thiệu, hiện trong danh sách"),
}

PLAN = {
    "number": text("Số, ký hiệu, ví dụ 23/KH-THCD; để trống nếu văn bản chưa có số"),
    "issued": Field("date", "Ngày ban hành", required=True),
    "place": text("Địa danh ghi ở đầu văn bản"),
    "issuer": text("Đơn vị ban hành", required=True),
    "issuer_parent": text("Cơ quan cấp trên ghi ở đầu văn bản"),
    "title": text("Trích yếu (tên kế hoạch)", required=True),
    "school_year": Field("school_year", "Năm học, ví dụ 2023-2024"),
    "year": Field("integer", "Năm (kế hoạch theo năm dương lịch)"),
    "basis": Field("list", "Căn cứ: các văn bản cấp trên", items=Field("mapping", fields=DOCUMENT)),
    "references": Field("list", "Các văn bản được nhắc đến", items=Field("mapping", fields={
        "number": text("Số, ký hiệu", required=True), "date": Field("date", "Ngày")})),
    "campaigns": Field("list", "Mã các phong trào", items=Field("ref", ref="campaign")),
    "themes": text_list("Chủ đề năm"),
    "programmes": text_list("Đề án"),
    "contests": text_list("Cuộc thi"),
    "targets": Field("list", "Chỉ tiêu", items=Field("text_or_mapping", fields={
        "text": text("Nội dung chỉ tiêu", required=True),
        "value": Field("number", "Con số"),
        "unit": text("Đơn vị, ví dụ %"),
        "result": text("Kết quả đạt được")})),
    "signer": Field("mapping", "Người ký", fields={
        "name": text("Họ tên"), "title": text("Chức vụ, ví dụ HIỆU TRƯỞNG")}),
    "recipients": text_list("Nơi nhận"),
    "warnings": text_list("Ghi chú của công cụ nhập văn bản (không công bố)"),
    "status": STATUS,
}

EXEMPLAR = {
    "name": text("Họ tên, hoặc tên tập thể", required=True),
    "kind": Field("enum", "person: cá nhân; collective: tập thể", choices=("person", "collective")),
    "role": Field("vocab", "Vai trò", required=True, vocab="roles"),
    "unit": text("Lớp hoặc tổ, ví dụ 7A2, Tổ Toán - Tin"),
    "school_year": Field("school_year", "Năm học, ví dụ 2024-2025", required=True),
    "date": Field("date", "Ngày của việc tốt / câu chuyện"),
    "campaigns": Field("list", "Mã các phong trào", items=Field("ref", ref="campaign")),
    "summary": text("Tóm tắt một hai câu", required=True),
    "photo": text("Tên tệp ảnh trong thư mục exemplars/photos/"),
    "consent": CONSENT,
    "private": PRIVATE,
    "status": STATUS,
}

AWARD = {
    "recipient": text("Họ tên người / tập thể được khen, hoặc mã gương điển hình", required=True),
    "kind": EXEMPLAR["kind"],
    "role": Field("vocab", "Vai trò", vocab="roles"),
    "unit": text("Lớp hoặc tổ"),
    "title": Field("vocab", "Danh hiệu thi đua", vocab="titles"),
    "form": Field("vocab", "Hình thức khen thưởng", vocab="forms"),
    "level": Field("vocab", "Cấp khen", required=True, vocab="levels"),
    "decision": Field("mapping", "Quyết định khen thưởng", required=True, fields={
        "number": text("Số quyết định, ví dụ 45/QĐ-THCD", required=True),
        "date": Field("date", "Ngày quyết định", required=True)}),
    "campaign": Field("ref", "Mã phong trào", ref="campaign"),
    "reason": text("Thành tích"),
    "consent": CONSENT,
    "private": PRIVATE,
}

HONOUR_ROLL = {
    "school_year": Field("school_year", "Năm học, trùng tên tệp", required=True),
    "awards": Field("list", "Danh sách khen thưởng", required=True,
                    items=Field("mapping", fields=AWARD)),
}

CONTEST_ENTRY = {
    "contest_year": Field("integer", "Năm của cuộc thi", required=True),
    "title": text("Tên bài viết", required=True),
    "author": Field("mapping", "Tác giả", required=True, fields={
        "name": text("Họ tên", required=True),
        "role": Field("vocab", "Vai trò", required=True, vocab="roles"),
        "unit": text("Lớp hoặc tổ"),
        "consent": CONSENT}),
    "subject": text("Nhân vật: mã gương điển hình hoặc họ tên", required=True),
    "prize": Field("vocab", "Giải", vocab="prizes"),
    "summary": text("Tóm tắt"),
    "private": PRIVATE,
    "status": STATUS,
}

KINDS = {
    "campaign": CAMPAIGN,
    "plan": PLAN,
    "exemplar": EXEMPLAR,
    "honour_roll": HONOUR_ROLL,
    "contest_entry": CONTEST_ENTRY,
}

KIND_LABELS = {
    "campaign": "phong trào", "plan": "kế hoạch", "exemplar": "gương điển hình",
    "honour_roll": "bảng vàng", "contest_entry": "bài dự thi",
}
