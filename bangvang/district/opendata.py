"""The district's open data at /du-lieu/: one Frictionless Data Package merging the schools'
tables (each row keeps its school's code, `ma_truong`, which joins the primary and foreign
keys), whole and per school year, plus the statistics the pages show (stats.py).

Columns are the ones this version of Bảng vàng declares (exports/opendata_tables.py); a
school on an older version leaves the columns it does not have empty. Cells are written as
the schools published them (already defused against spreadsheet formulas), in CSV UTF-8 with
a byte-order mark for Excel, rows in school then published order: same data, same bytes.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import pickle
from pathlib import Path

from bangvang import caches
from bangvang.district.config import District
from bangvang.district.data import SchoolData
from bangvang.district.own import Own
from bangvang.district.stats import COLUMNS, Figures
from bangvang.exports.opendata import table_schema
from bangvang.exports.opendata_tables import Resource, tables

FOLDER = "du-lieu/"
SCHEMAS = "luoc-do/"
_STAT_TABLES = (
    ("thong-ke-truong", "Thống kê theo trường", (
        ("ma_truong", "string", "Mã trường"), ("ten_truong", "string", "Tên trường"),
        ("cap_hoc", "string", "Cấp học: MN, TH, THCS"), ("cum", "string", "Cụm thi đua"),
        *COLUMNS), ("ma_truong", "nam_hoc")),
    ("thong-ke-cum", "Thống kê theo cụm thi đua", (
        ("cum", "string", "Cụm thi đua"), ("so_truong", "integer", "Số trường có số liệu"),
        *COLUMNS), ("cum", "nam_hoc")),
    ("thong-ke-danh-hieu", "Khen thưởng theo danh hiệu và cấp (người được công bố tên)", (
        ("ma_truong", "string", "Mã trường"), ("ten_truong", "string", "Tên trường"),
        ("nam_hoc", "string", "Năm học"), ("khen_thuong", "string", "Danh hiệu, hình thức"),
        ("cap", "string", "Cấp khen"), ("so_luot", "integer", "Số lượt")),
     ("ma_truong", "nam_hoc", "khen_thuong", "cap")),
)


# The district's own award decisions (own.py): one row per published line, as the page shows
# it (a student by initials unless the family agreed; a person with consent none not at all).
_OWN_AWARDS = ("khen-thuong-phong", "Khen thưởng của Phòng", (
    ("ma_quyet_dinh", "string", "Mã quyết định (tên tệp trong khen-thuong/ của Phòng)"),
    ("stt", "integer", "Số thứ tự của dòng trong quyết định"),
    ("so_quyet_dinh", "string", "Số quyết định"),
    ("ngay_quyet_dinh", "date", "Ngày quyết định"),
    ("nam_hoc", "string", "Năm học"),
    ("ma_truong", "string", "Mã trường của người được khen"),
    ("ten_truong", "string", "Tên trường"),
    ("ho_ten", "string", "Họ tên hoặc tên tập thể, như trang công bố (học sinh thường chỉ ghi "
     "chữ cái đầu)"),
    ("vai_tro", "string", "Vai trò"),
    ("don_vi", "string", "Lớp hoặc tổ"),
    ("danh_hieu", "string", "Danh hiệu thi đua"),
    ("hinh_thuc", "string", "Hình thức khen thưởng"),
    ("cap", "string", "Cấp khen"),
    ("thanh_tich", "string", "Thành tích")), ("ma_quyet_dinh", "stt"))


def build(district: District, schools: list[SchoolData], figures: Figures,
          own: Own | None = None) -> dict[str, bytes]:
    """Site path → bytes of every file of /du-lieu/ (the page is made by site.py)."""
    files: dict[str, bytes] = {}
    entries: list[dict] = []
    resources = tables()
    parts = [_school_parts(data, resources) for data in schools]
    for resource in resources:
        names = [c.name for c in resource.columns]
        schema = merged_schema(resource)
        own_parts = [p[resource.name] for p in parts]
        _add(files, entries, resource.name, resource.title, schema, names,
             "".join(p[""] for p in own_parts))
        if "nam_hoc" in names:
            for year in sorted({year for p in own_parts for year in p if year}):
                _add(files, entries, f"{resource.name}-{year}", f"{resource.title}, năm học "
                     f"{year}", schema, names, "".join(p.get(year, "") for p in own_parts),
                     schema_name=resource.name)
    stat_rows = {"thong-ke-truong": figures.by_school, "thong-ke-cum": figures.by_cluster,
                 "thong-ke-danh-hieu": figures.by_title, _OWN_AWARDS[0]: own_rows(own)}
    for name, title, columns, key in (*_STAT_TABLES, _OWN_AWARDS):
        names = [c for c, _, _ in columns]
        schema = {"fields": [{"name": c, "type": t, "description": d} for c, t, d in columns],
                  "missingValues": [""], "primaryKey": list(key)}
        rows = [[_text(row.get(n)) for n in names] for row in stat_rows[name]]
        _add(files, entries, name, title, schema, names, _lines(rows))
    files[FOLDER + "datapackage.json"] = _dump({
        "profile": "tabular-data-package", "name": "bang-vang-phong",
        "title": f"Dữ liệu mở Bảng vàng — {district.name}",
        "description": f"Dữ liệu mở của {len(schools)} trường thuộc {district.name}, ghép từ "
                       "dữ liệu từng trường công bố; cột ma_truong cho biết dòng của trường nào.",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "sources": [{"title": d.school.name, "path": d.site_url + "du-lieu/datapackage.json"}
                    for d in schools if d.site_url],
        "resources": entries})
    return files


def own_rows(own: Own | None) -> list[dict]:
    """The rows of khen-thuong-phong: every published line of the district's decisions."""
    return [{"ma_quyet_dinh": d.id, "stt": a.number, "so_quyet_dinh": d.number,
             "ngay_quyet_dinh": d.date.isoformat(), "nam_hoc": d.school_year,
             "ma_truong": a.school.code, "ten_truong": a.school.name, "ho_ten": a.person.name,
             "vai_tro": a.role, "don_vi": a.person.unit, "danh_hieu": a.title,
             "hinh_thuc": a.form, "cap": a.level, "thanh_tich": a.reason}
            for d in (own.decisions if own else []) for a in d.awards]


def merged_schema(resource: Resource) -> dict:
    """The school table's schema with the school's code in every key: rows of two schools
    never collide, and a row points only at rows of its own school."""
    schema = table_schema(resource)
    for entry in schema["fields"]:
        if entry["name"] == "ma_truong":
            entry["constraints"] = {"required": True}
    schema["primaryKey"] = ["ma_truong", *schema["primaryKey"]]
    # A key of two columns whose second may be empty (a person without an exemplar) is a
    # violation for frictionless (a partly empty key is looked up as is): only links whose
    # column is always filled are kept; the others are described in docs/district.md.
    required = {f["name"] for f in schema["fields"] if (f.get("constraints") or {}).get("required")}
    keys = [{"fields": ["ma_truong", key["fields"]], "reference": {
        "resource": key["reference"]["resource"],
        "fields": ["ma_truong", key["reference"]["fields"]]}}
        for key in schema.pop("foreignKeys", []) if key["fields"] in required]
    if keys:
        schema["foreignKeys"] = keys
    return schema


# What a school's part of the merged tables depends on besides its rows: this module.
_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _school_parts(data: SchoolData, resources: list[Resource]) -> dict[str, dict[str, str]]:
    """Table → {"": the school's rows as CSV lines, year: its rows of that school year}:
    the merged tables are these parts joined in school order. Kept beside the school's copy
    with what its rows were read from (data.key) and the columns: a warm build writes only
    the changed schools' parts."""
    columns = [(r.name, [c.name for c in r.columns]) for r in resources]
    key = hashlib.sha256(repr((_VERSION, data.key, columns)).encode()).hexdigest()
    kept = data.cache / "du-lieu.pickle" if data.cache and data.key else None
    if kept:
        try:
            with open(kept, "rb") as stored:
                found = pickle.load(stored)
            if isinstance(found, dict) and found.get("key") == key:
                return found["parts"]
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass      # not kept, or not readable by this version: made again
    parts: dict[str, dict[str, str]] = {}
    for name, names in columns:
        rows = [[row.get(n) or "" for n in names] for row in data.rows(name)]
        parts[name] = {"": _lines(rows)}
        if "nam_hoc" in names:
            at = names.index("nam_hoc")
            for year in {r[at] for r in rows if r[at]}:
                parts[name][year] = _lines([r for r in rows if r[at] == year])
    if kept:
        caches.write(kept, pickle.dumps({"key": key, "parts": parts}, pickle.HIGHEST_PROTOCOL))
    return parts


def _add(files: dict, entries: list, name: str, title: str, schema: dict, names: list[str],
         body: str, schema_name: str | None = None) -> None:
    schema_path = f"{SCHEMAS}{schema_name or name}.json"
    files.setdefault(FOLDER + schema_path, _dump(schema))
    data = ("\ufeff" + _lines([names]) + body).encode("utf-8")
    files[f"{FOLDER}{name}.csv"] = data
    entries.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
                    "title": title, "format": "csv", "mediatype": "text/csv",
                    "encoding": "utf-8", "schema": schema_path, "bytes": len(data),
                    "hash": "sha256:" + hashlib.sha256(data).hexdigest()})


def _lines(rows: list[list[str]]) -> str:
    """Rows as CSV lines (CRLF), as Excel and frictionless read them."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value)


def _dump(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
