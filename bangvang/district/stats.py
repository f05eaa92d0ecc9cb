"""The district's figures, computed once from the schools' published tables: per school and
school year, per cluster and school year, awards by title and level. The pages show them and
the same rows are published as tables (district/opendata.py), so a reviewer's spreadsheet and
the page never disagree.

Award counts come from `bang-vang` (every award, people not named included); the breakdown
by title and level from `khen-thuong`, which holds the named people only (consent), so it
can be lower: the page says so.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from bangvang.district.config import District
from bangvang.district.data import SchoolData

# (column, Table Schema type, Vietnamese description) of a per-school / per-cluster row.
COLUMNS = (
    ("nam_hoc", "string", "Năm học"),
    ("so_luot_khen_thuong", "integer", "Số lượt khen thưởng trên bảng vàng (cả người không "
     "công bố tên)"),
    ("khen_thuong_tren_100_nguoi", "number", "Số lượt khen thưởng trên 100 cán bộ, giáo viên, "
     "nhân viên (khi biết số người)"),
    ("so_guong", "integer", "Số gương điển hình"),
    ("so_bai_du_thi", "integer", "Số bài dự thi"),
    ("so_ke_hoach", "integer", "Số kế hoạch"),
    ("chi_tieu_dat", "integer", "Số chỉ tiêu Đạt"),
    ("chi_tieu_chua_dat", "integer", "Số chỉ tiêu Chưa đạt"),
    ("chi_tieu_chua_co_so_lieu", "integer", "Số chỉ tiêu chưa có số liệu"),
    ("so_sang_kien", "integer", "Số sáng kiến được công nhận"),
    ("so_can_bo", "integer", "Số cán bộ, giáo viên, nhân viên (data/district.yml)"),
    ("so_sang_kien_ap_dung", "integer", "Số sáng kiến được công nhận đã được áp dụng (toàn bộ "
     "hay một phần: da_ap_dung = true)"),
    ("so_nguoi_co_sang_kien", "integer", "Số cán bộ, giáo viên, nhân viên là tác giả của sáng "
     "kiến được công nhận trong năm học, mỗi người một lần (chỉ người được công bố tên)"),
    ("ty_le_co_sang_kien", "number", "Tỷ lệ % cán bộ, giáo viên, nhân viên có sáng kiến được "
     "công nhận = so_nguoi_co_sang_kien / so_can_bo × 100 (mục tiêu ≥ 15)"),
    ("ty_le_sang_kien_ap_dung", "number", "Tỷ lệ % sáng kiến được áp dụng = "
     "so_sang_kien_ap_dung / so_sang_kien × 100 (mục tiêu ≥ 70)"),
)
COUNTED = [c for c, t, _ in COLUMNS if t == "integer"]
# The goals plans set (docs/district.md): at least 15 % of staff with a recognised initiative,
# at least 70 % of recognised initiatives applied.
GOAL_STAFF_SHARE, GOAL_APPLIED_SHARE = 15, 70
NOT_STAFF_ROLES = ("student", "parent", "collective")


@dataclass
class Figures:
    by_school: list[dict]       # one row per school and school year (ma_truong … + COLUMNS)
    by_cluster: list[dict]      # one row per cluster and school year (cum + COLUMNS)
    by_title: list[dict]        # school, year, title, level, count (named people only)
    years: list[str]            # newest first


def compute(district: District, schools: list[SchoolData]) -> Figures:
    by_school = [row for data in schools for row in school_rows(data)]
    years = sorted({r["nam_hoc"] for r in by_school}, reverse=True)
    clusters: dict[tuple[str, str], dict] = {}
    for row in by_school:
        key = (row["cum"], row["nam_hoc"])
        total = clusters.setdefault(key, {"cum": row["cum"], "nam_hoc": row["nam_hoc"],
                                          "so_truong": 0, **{c: 0 for c in COUNTED}})
        total["so_truong"] += 1
        for column in COUNTED:
            total[column] += row[column] or 0
    for total in clusters.values():
        _ratios(total)
    return Figures(by_school, sorted(clusters.values(), key=lambda r: (r["nam_hoc"], r["cum"])),
                   _by_title(schools), years)


def school_rows(data: SchoolData) -> list[dict]:
    """One row per school year the school has anything in (honour roll, exemplars, plans)."""
    count = defaultdict(Counter)   # year → what → how many
    for name, what in (("guong", "so_guong"), ("bai-du-thi", "so_bai_du_thi"),
                       ("ke-hoach", "so_ke_hoach"), ("sang-kien", "so_sang_kien")):
        for row in data.rows(name):
            count[row.get("nam_hoc") or ""][what] += 1
    _initiatives(data, count)
    for row in data.rows("bang-vang"):
        count[row["nam_hoc"]]["so_luot_khen_thuong"] += int(row["so_luot_khen_thuong"] or 0)
    verdicts = {"met": "chi_tieu_dat", "not_met": "chi_tieu_chua_dat",
                "no_data": "chi_tieu_chua_co_so_lieu"}
    plan_year = {r["ma"]: r.get("nam_hoc") or "" for r in data.rows("ke-hoach")}
    for row in data.rows("chi-tieu"):
        verdict = verdicts.get(row.get("ma_danh_gia") or "no_data", "chi_tieu_chua_co_so_lieu")
        count[plan_year.get(row["ma_ke_hoach"], "")][verdict] += 1
    school, rows = data.school, []
    for year in sorted(y for y in count if y):
        row = {"ma_truong": school.code, "ten_truong": school.name, "cap_hoc": school.level,
               "cum": school.cluster, "nam_hoc": year,
               **{c: count[year][c] for c in COUNTED}, "so_can_bo": school.staff}
        _ratios(row)
        rows.append(row)
    return rows


def _ratios(row: dict) -> None:
    """The row's shares, from its counts (a cluster's from its summed counts)."""
    row["khen_thuong_tren_100_nguoi"] = per_hundred(row["so_luot_khen_thuong"], row["so_can_bo"])
    row["ty_le_co_sang_kien"] = per_hundred(row["so_nguoi_co_sang_kien"], row["so_can_bo"])
    row["ty_le_sang_kien_ap_dung"] = per_hundred(row["so_sang_kien_ap_dung"],
                                                 row["so_sang_kien"])


def _initiatives(data: SchoolData, count: dict) -> None:
    """Applied initiatives and staff authors per school year, from `sang-kien` and
    `sang-kien-tac-gia` as the school published them: an author whose name is not published
    is not in the second table, so the district's count can be below the school's own."""
    year_of = {}
    for row in data.rows("sang-kien"):
        year_of[row["ma"]] = row.get("nam_hoc") or ""
        if (row.get("da_ap_dung") or "").lower() == "true":
            count[year_of[row["ma"]]]["so_sang_kien_ap_dung"] += 1
    authors = defaultdict(set)
    for row in data.rows("sang-kien-tac-gia"):
        if (row.get("ma_vai_tro") or "") in NOT_STAFF_ROLES or not row.get("ho_ten"):
            continue
        year = year_of.get(row.get("ma_sang_kien") or "")
        if year is not None:
            authors[year].add(row.get("ma_nguoi") or (row["ho_ten"], row.get("ma_vai_tro")))
    for year, people in authors.items():
        count[year]["so_nguoi_co_sang_kien"] = len(people)


def per_hundred(awards: int, staff: int | None) -> float | None:
    return round(100 * awards / staff, 1) if staff else None


def _by_title(schools: list[SchoolData]) -> list[dict]:
    counted = Counter()
    for data in schools:
        for row in data.rows("khen-thuong"):
            counted[(data.school.code, data.school.name, row["nam_hoc"], row["khen_thuong"],
                     row.get("cap") or row.get("ma_cap") or "")] += 1
    return [{"ma_truong": code, "ten_truong": name, "nam_hoc": year, "khen_thuong": title,
             "cap": level, "so_luot": n}
            for (code, name, year, title, level), n in sorted(counted.items())]


def latest(data: SchoolData, figures: Figures) -> dict | None:
    """The school's row of its latest school year (the school page's figures)."""
    rows = [r for r in figures.by_school if r["ma_truong"] == data.school.code]
    return max(rows, key=lambda r: r["nam_hoc"]) if rows else None


def not_published(data: SchoolData, year: str) -> list[str]:
    """What the school has not published for the district's current school year."""
    missing = []
    if not any(r["nam_hoc"] == year for r in data.rows("bang-vang")):
        missing.append(f"chưa công bố bảng vàng năm học {year}")
    if not any(r.get("nam_hoc") == year for r in data.rows("ke-hoach")):
        missing.append(f"chưa công bố kế hoạch thi đua năm học {year}")
    if not any(r.get("nam_hoc") == year for r in data.rows("guong")):
        missing.append(f"chưa có gương điển hình năm học {year}")
    return missing


def bar_width(value: float | None, top: float | None) -> int:
    """A bar's width in percent of the largest (charts drawn as HTML bars)."""
    return int(round(100 * (value or 0) / top)) if top else 0
