"""A school's published data checked against what it declares: each table's CSV against its
own Table Schema (header, types, required cells, primary key), and the columns the district
reads present. A problem is said in Vietnamese by school, file, line and column, and the
school is left out of this build (fetch.py), never the whole build.

The check is our own, not frictionless': the tables are the ones this tool publishes (types
string, integer, number, date, boolean; no other constraint than `required`), and the build
would otherwise carry frictionless and its ~30 dependencies at run time only to say the same.
The merged package is validated with frictionless in the tests (tests/test_district.py).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

from bangvang.district.config import School
from bangvang.exports.opendata_tables import tables

MAX_PROBLEMS = 8       # per school: enough to fix the first ones, not a wall of text
# The columns the district's pages read, per table (every other column is carried as is).
NEEDED = {
    "khen-thuong": ("nam_hoc", "ho_ten", "khen_thuong", "ma_cap"),
    "guong": ("ma", "ho_ten", "nam_hoc", "dia_chi"),
    "nguoi": ("ma", "ho_ten"),
    "ke-hoach": ("ma", "so_ky_hieu", "ngay_ban_hanh", "trich_yeu", "nam_hoc", "dia_chi"),
    "ke-hoach-can-cu": ("ma_ke_hoach", "so_ky_hieu", "ngay_ban_hanh", "co_quan_ban_hanh"),
    "bang-vang": ("nam_hoc", "so_luot_khen_thuong", "dia_chi"),
}


def known_tables() -> set[str]:
    return {r.name for r in tables()}


def package(data: bytes, school: School) -> tuple[dict | None, list[str]]:
    """The school's datapackage.json, or None with the problem."""
    where = f"{school.name} ({school.code}): du-lieu/datapackage.json"
    try:
        package = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        return None, [f"{where}: không đọc được (không phải JSON hợp lệ: {error}); trường cần "
                      "tạo lại trang web bằng `bangvang build`"]
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        return None, [f"{where}: thiếu danh sách “resources”; trường cần tạo lại trang web"]
    code = package.get("ma_truong")
    if code and str(code) != school.code:
        return None, [f"{where}: mã trường trong dữ liệu là “{code}”, khác mã “{school.code}” "
                      "ghi trong data/district.yml; hãy kiểm tra lại mã hoặc địa chỉ trang"]
    return package, []


def files_to_read(package: dict) -> list[tuple[str, str | None]]:
    """(path, sha256 hash or None) of the whole-set CSV tables the district knows and of
    their Table Schemas: only files the package lists."""
    found, schemas = [], set()
    for resource in _resources(package):
        found.append((resource["path"], resource.get("hash")))
        schemas.add(resource["schema"])
    return found + [(path, None) for path in sorted(schemas)]


def _resources(package: dict) -> list[dict]:
    known = known_tables()
    return [r for r in package["resources"] if isinstance(r, dict)
            and r.get("format") == "csv" and r.get("name") in known
            and r.get("path") == f"{r.get('name')}.csv" and isinstance(r.get("schema"), str)]


def copy(folder: Path, package: dict, school: School) -> list[str]:
    """Problems of the fetched copy in `folder` (empty: valid)."""
    problems: list[str] = []
    for resource in _resources(package):
        where = f"{school.name} ({school.code}): du-lieu/{resource['path']}"
        try:
            schema = json.loads((folder / resource["schema"]).read_text("utf-8"))
            fields = [(f["name"], f.get("type", "string"),
                       bool((f.get("constraints") or {}).get("required")))
                      for f in schema["fields"]]
        except (OSError, ValueError, KeyError, TypeError):
            problems.append(f"{school.name} ({school.code}): du-lieu/{resource['schema']}: lược "
                            "đồ cột (Table Schema) không đọc được")
            continue
        text = (folder / resource["path"]).read_bytes().decode("utf-8-sig", "replace")
        problems += _table(where, resource["name"], text, fields,
                           schema.get("primaryKey") or [])
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems[:MAX_PROBLEMS]


def _table(where: str, name: str, text: str, fields: list[tuple[str, str, bool]],
           key: list[str]) -> list[str]:
    rows = csv.reader(io.StringIO(text, newline=""))
    header = next(rows, [])
    names = [f[0] for f in fields]
    if header != names:
        return [f"{where}, dòng 1: tên cột không khớp lược đồ của bảng (có {', '.join(header)[:120]}"
                f"; lược đồ ghi {', '.join(names)[:120]}); trường cần tạo lại trang web"]
    missing = [c for c in NEEDED.get(name, ()) if c not in names]
    if missing:
        return [f"{where}: thiếu cột {', '.join(missing)} mà cổng của Phòng cần; trường cần "
                "cập nhật Bảng vàng rồi tạo lại trang web"]
    problems, seen = [], set()
    positions = [names.index(k) for k in key if k in names]
    for number, row in enumerate(rows, start=2):
        if len(row) != len(names):
            problems.append(f"{where}, dòng {number}: có {len(row)} ô, cần {len(names)}")
            continue
        for (column, type_, required), cell in zip(fields, row):
            problem = cell_problem(cell, type_, required)
            if problem:
                problems.append(f"{where}, dòng {number}, cột {column}: {problem}")
        identity = tuple(row[i] for i in positions)
        if positions and identity in seen:
            problems.append(f"{where}, dòng {number}: khoá {', '.join(key)} = "
                            f"{', '.join(identity)} trùng một dòng trước")
        seen.add(identity)
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


_INTEGER = re.compile(r"^-?\d+$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


def cell_problem(cell: str, type_: str, required: bool) -> str | None:
    """What is wrong with one CSV cell of a Table Schema type (None: nothing)."""
    if cell == "":
        return "ô bắt buộc bị trống" if required else None
    if type_ == "integer" and not _INTEGER.match(cell):
        return f"“{cell[:40]}” không phải số nguyên"
    if type_ == "number" and not _NUMBER.match(cell):
        return f"“{cell[:40]}” không phải số"
    if type_ == "boolean" and cell not in ("true", "false"):
        return f"“{cell[:40]}” phải là true hoặc false"
    if type_ == "date":
        try:
            dt.date.fromisoformat(cell)
        except ValueError:
            return f"“{cell[:40]}” không phải ngày dạng năm-tháng-ngày (ví dụ 2025-05-24)"
    return None
