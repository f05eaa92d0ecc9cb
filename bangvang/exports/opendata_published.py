"""Open data published under stable names: each table, its columns and each file published at
/du-lieu/ are recorded in data/published-data.txt and may never disappear, like published
URLs (permalinks.py): district reviewers' spreadsheets and scripts read them by name."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bangvang.checking import permalinks
from bangvang.pages import urls
from bangvang.records.loader import read_project_text
from bangvang.exports.opendata_tables import BY_NAME, tables
from bangvang.problems import Problems

PUBLISHED_FILE = "data/published-data.txt"
PACKAGE_FILE = "datapackage.json"
SCHEMA_FOLDER = "luoc-do"      # du-lieu/luoc-do/<resource>.json: one Table Schema per kind
FORMATS = ("csv", "json")
ZIP_FILE = "du-lieu.zip"       # the whole package in one download (opendata.package_zip)


@dataclass
class Published:
    """`data/published-data.txt`: each published resource with its columns, and each
    published file, with the line each is on (for messages)."""
    columns: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    # data/redirects.yml (old page URL → new): the ids records had before `bangvang rename`,
    # published beside the current one (`ma_cu`) so a reader's copy keyed by an old id joins.
    redirects: dict[str, str] = field(default_factory=dict)

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
    published = Published(redirects=permalinks.read_redirects(root, Problems()))
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
        resource = BY_NAME.get(name) or next((r for r in tables() if r.name == name), None)
        if resource is None:
            problems.add(PUBLISHED_FILE, line, name, f"bảng dữ liệu “{name}” đã được công bố ở "
                         "/du-lieu/ (có thể đang được dùng trong bảng tính, báo cáo của cấp trên) "
                         "nhưng lần này không còn. Tên tệp dữ liệu không được đổi hay bỏ; hãy giữ "
                         "lại bảng này trong bangvang/exports/opendata_tables.py")
            continue
        current = {c.name for c in resource.columns}
        for column in columns:
            if column not in current:
                problems.add(PUBLISHED_FILE, line, f"{name}.{column}", f"cột “{column}” của bảng "
                             f"dữ liệu “{name}” đã được công bố nhưng lần này không còn (bị đổi tên "
                             "hoặc xoá). Tên cột đã công bố không được đổi hay bỏ vì bảng tính và "
                             "chương trình của người dùng đọc cột theo tên; hãy giữ cột cũ (có "
                             "thể thêm cột mới bên cạnh)")
    producible = _producible(published)
    for path, line in sorted(published.files.items()):
        if path not in producible:
            problems.add(PUBLISHED_FILE, line, None, f"tệp dữ liệu “{path}” đã được công bố "
                         "nhưng lần này không còn; hãy giữ lại bảng dữ liệu của tệp này")


def _producible(published: Published) -> set[str]:
    names = {PACKAGE_FILE, ZIP_FILE} | {f"{SCHEMA_FOLDER}/{r.name}.json" for r in tables()}
    for resource in tables():
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
    for resource in tables():
        known = columns.get(resource.name, [])
        added = [c.name for c in resource.columns if c.name not in known]
        new += len(added)
        columns[resource.name] = known + added
    if new:
        lines = [f"{name}: {', '.join(cols)}\n" for name, cols in sorted(columns.items())]
        lines += [f"{path}\n" for path in sorted(set(published.files) | data_files)]
        (Path(root) / PUBLISHED_FILE).write_text(HEADER + "".join(lines), "utf-8")
    return new
