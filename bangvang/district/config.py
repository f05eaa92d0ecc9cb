"""A district project's declared data file, `data/district.yml`: the district, its member
schools (Ministry code, name, level, cluster, where their site is published) and its plans.

Declared with the field classes of the school's records (records/fields.py) and checked the
same way: every problem is a Vietnamese `file:line: field: message`.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bangvang.district.address import plan_key
from bangvang.problems import Problems
from bangvang.records.data import load_data_file
from bangvang.records.fields import (Choice, Context, Date, Field, Integer, List, Mapping,
                                     SchoolYear, Slug, Text, check_mapping, shown)
from bangvang.records.text import normalise_number, school_year_of
from bangvang.records.vocabulary import Vocabulary

DISTRICT_FILE = "data/district.yml"
LEVELS = {"MN": "Mầm non", "TH": "Tiểu học", "THCS": "Trung học cơ sở"}
DEFAULT_TIMEOUT = 20          # seconds a school's whole fetch may take
LOOPBACK = ("127.0.0.1", "localhost", "::1")


class SiteAddress(Field):
    """Where a school publishes its site: an https:// address, or a folder inside the
    district project (a copy of its site/, for districts that collect sites by copy)."""
    expected = ("địa chỉ trang web của trường (https://…) hoặc thư mục chứa bản chép trang web "
                "trong dự án (ví dụ truong/thcs-hoa-an)")

    def convert(self, value, ctx, path, line):
        text = str(value).strip()
        parts = urlsplit(text)
        if parts.scheme in ("http", "https"):
            if not parts.hostname or parts.query or parts.fragment:
                return self.wrong(value, ctx, path, line)
            if parts.scheme == "http" and parts.hostname not in LOOPBACK:
                ctx.error(line, path, f"địa chỉ {shown(value)} dùng http:// (không mã hoá); hãy "
                          f"ghi “https://{text[7:80]}”")
                return None
            return text.rstrip("/") + "/"
        if parts.scheme or text.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", text) \
                or ".." in text.replace("\\", "/").split("/"):
            ctx.error(line, path, f"{shown(value)} không phải địa chỉ https:// hay thư mục trong "
                      "dự án (không bắt đầu bằng / hay ổ đĩa, không có ..)")
            return None
        return text.replace("\\", "/").strip("/")

    def schema(self, vocabulary):
        return {"type": "string"}


SCHOOL = {
    "code": Slug("Mã trường theo cơ sở dữ liệu ngành, ví dụ 79000701", required=True),
    "name": Text("Tên trường, ví dụ Trường THCS Hòa An", required=True),
    "level": Choice(LEVELS, "Cấp học: MN, TH hoặc THCS", required=True),
    "cluster": Text("Cụm thi đua, ví dụ Cụm 1", required=True),
    "site": SiteAddress("Địa chỉ trang web của trường (https://…) hoặc thư mục bản chép trang "
                        "web trong dự án", required=True),
    "staff": Integer("Số cán bộ, giáo viên, nhân viên (để tính số lượt khen trên 100 người)",
                     minimum=1, maximum=100000),
}
PLAN = {
    "id": Slug("Mã kế hoạch (địa chỉ trang), ví dụ 2025-2026-thi-dua; không ghi: lấy số và "
               "ngày, ví dụ 85-kh-pgddt-2025-08-25 (địa chỉ các trường tự tính được)"),
    "number": Text("Số, ký hiệu, ví dụ 85/KH-PGDĐT", required=True),
    "issued": Date("Ngày ban hành, ví dụ 25/08/2025", required=True),
    "title": Text("Trích yếu", required=True),
    "school_year": SchoolYear("Năm học, ví dụ 2025-2026", required=True),
    "issuer": Text("Cơ quan ban hành (mặc định: tên ở dòng name)"),
    "summary": Text("Tóm tắt nội dung"),
}
DISTRICT = {
    "name": Text("Tên đơn vị, ví dụ Phòng Giáo dục và Đào tạo huyện Bình Sơn", required=True),
    "short_name": Text("Tên ngắn hiện ở đầu trang"),
    "school_year": SchoolYear("Năm học hiện tại (mặc định: theo ngày tạo trang)"),
    "timeout": Integer("Số giây tối đa chờ dữ liệu của một trường (mặc định 20)", minimum=1,
                       maximum=600),
    "schools": List(Mapping(SCHOOL), "Các trường trong huyện, mỗi trường một mục",
                    required=True),
    "plans": List(Mapping(PLAN), "Kế hoạch của Phòng (các trường trích ở phần căn cứ)"),
}


@dataclass(frozen=True)
class School:
    code: str
    name: str
    level: str
    cluster: str
    site: str            # "https://…/" or a folder of the project
    staff: int | None = None

    @property
    def remote(self) -> bool:
        return self.site.startswith(("https://", "http://"))

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]


@dataclass(frozen=True)
class DistrictPlan:
    id: str
    number: str
    issued: dt.date
    title: str
    school_year: str
    issuer: str
    summary: str | None = None

    @property
    def key(self) -> str:
        """Its address computed from number and date (address.py): what schools link to."""
        return plan_key(self.number, self.issued) or self.id


@dataclass
class District:
    name: str
    short_name: str
    school_year: str
    timeout: int
    schools: list[School] = field(default_factory=list)
    plans: list[DistrictPlan] = field(default_factory=list)

    def school(self, code: str) -> School | None:
        return next((s for s in self.schools if s.code == code), None)


def load_district(root: Path, problems: Problems, today: dt.date | None = None) -> District | None:
    """data/district.yml checked, or None after every problem is reported."""
    if not (Path(root) / DISTRICT_FILE).exists():
        problems.add(DISTRICT_FILE, None, None, "không tìm thấy tệp này: thư mục này chưa phải "
                     "dự án cổng thông tin của Phòng. Tạo dự án mới bằng `bangvang district new "
                     "<thư-mục>`, hoặc chỉ đúng thư mục bằng `bangvang --root <thư-mục> district "
                     "build`")
        return None
    data = load_data_file(root, DISTRICT_FILE, problems)
    if data is None:
        return None
    ctx = Context(DISTRICT_FILE, Vocabulary({}), problems)
    values = check_mapping(DISTRICT, data, ctx)
    schools = [School(**s) for s in values.get("schools") or [] if s and None not in (
        s["code"], s["name"], s["level"], s["cluster"], s["site"])]
    _unique(data, "schools", [s.code for s in schools], "mã trường", ctx)
    plans = [DistrictPlan(p["id"] or plan_key(p["number"], p["issued"]),
                          normalise_number(p["number"]), p["issued"], p["title"],
                          p["school_year"], p["issuer"] or values["name"], p["summary"])
             for p in values.get("plans") or [] if p and None not in (
                 p["number"], p["issued"], p["title"], p["school_year"])]
    _unique(data, "plans", [p.id for p in plans], "mã kế hoạch", ctx)
    if not ctx.ok:
        return None
    year = values["school_year"] or school_year_of(today or dt.date.today())
    return District(values["name"], values["short_name"] or values["name"], year,
                    values["timeout"] or DEFAULT_TIMEOUT, schools, plans)


def _unique(data, key: str, values: list[str], what: str, ctx: Context) -> None:
    seen = set()
    for index, value in enumerate(values):
        if value in seen:
            lines = getattr(data.get(key), "lines", None) or []
            ctx.error(lines[index] if index < len(lines) else data.line_of(key),
                      f"{key}[{index + 1}]", f"{what} “{value}” đã có ở một mục trước; mỗi "
                      "mục một mã riêng")
        seen.add(value)


SAMPLE = """\
# Cổng thông tin thi đua, khen thưởng của Phòng: danh sách trường và kế hoạch của Phòng.
# Sau khi sửa, chạy: bangvang district build
name: {name}
short_name: {short}
# Số giây tối đa chờ dữ liệu của một trường (trường không trả lời: giữ bản lần trước).
timeout: 20
schools:
  # code: mã trường theo cơ sở dữ liệu ngành; level: MN, TH hoặc THCS; cluster: cụm thi đua;
  # site: địa chỉ trang web Bảng vàng của trường, hoặc thư mục chép trang web trong dự án.
  - code: "79000701"
    name: Trường THCS Hòa An
    level: THCS
    cluster: Cụm 1
    site: https://thcs-hoaan.edu.vn/
    staff: 44
plans:
  # Kế hoạch của Phòng: trang kế hoạch liệt kê kế hoạch của các trường có trích dẫn nó
  # (theo số, ngày, cơ quan ban hành ở phần căn cứ) và các trường chưa ban hành.
  # Trang kế hoạch ở địa chỉ ke-hoach/<số>-<ngày>/ (ở đây ke-hoach/85-kh-pgddt-2025-08-25/):
  # trường ghi `district_site:` trong data/school.yml thì phần căn cứ tự dẫn tới trang này.
  - number: 85/KH-PGDĐT
    issued: 25/08/2025
    title: về công tác thi đua, khen thưởng năm học 2025-2026
    school_year: "2025-2026"
"""
