"""Open data at /du-lieu/: the Catalog's records as CSV and JSON, described by a Frictionless
Data Package (docs/open-data.md).

The tables and their columns are declared once (opendata_tables.py; a kind that declares its
columns gets its table from the declaration); the CSV header, the JSON keys, the Table Schema
and the /du-lieu/ page's column tables all come from that declaration. The data is made from
the same Catalog as the pages, so it can hold only what the pages may show: people not listed
are left out (the honour-roll resource keeps the counts true), initials stay initials.
Published file and column names are recorded in `data/published-data.txt` and may never
disappear (opendata_published.py), like published URLs (permalinks.py).

Bytes are deterministic (rows sorted, no build time) so two builds give identical files.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import pickle
import zipfile
from dataclasses import dataclass

from bangvang.records import kinds
from bangvang.pages import urls
from bangvang.records.model import Catalog
from bangvang.exports import opendata_kept as kept
from bangvang.exports.opendata_published import (
    FORMATS, PACKAGE_FILE, PUBLISHED_FILE, ZIP_FILE, SCHEMA_FOLDER, Published, check_published,
    read_published, record_published)
from bangvang.exports.opendata_tables import (
    BY_NAME, RESOURCES, Column, Context, Item, Resource, tables)

DEFAULT_LICENCE = "CC-BY-4.0"
LICENCES = kinds.DATA_LICENCES
TYPE_LABELS = {"string": "chữ", "integer": "số nguyên", "number": "số",
               "date": "ngày (năm-tháng-ngày)", "boolean": "true/false"}


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


def build(catalog: Catalog, published: "Published", site_url: str = "",
          checks: dict | None = None) -> DataSet:
    """Every data file of /du-lieu/, and the figures its page shows. A school-year file
    published once is written again (with only its header) when that year has no rows now.
    `checks`: the plan targets' results as the plan pages show them (statistics.py)."""
    ctx = Context(catalog, checks, aliases(catalog, published.redirects))
    licence = catalog.school.get("data_licence") or DEFAULT_LICENCE
    files: dict[str, bytes] = {}
    entries, figures = [], []
    for resource in tables():
        made, made_entries, made_figures = _resource(resource, ctx, published)
        files.update(made)
        entries += made_entries
        figures.append(made_figures)
    package_path = urls.data_file(PACKAGE_FILE)
    files[package_path] = _dump(_package(catalog, licence, entries, site_url))
    files[urls.data_file(ZIP_FILE)] = _zip(files)
    return DataSet(files, figures, licence, package_path)


# The last pass's files of each resource and the zip (opendata_kept.py: in this process and
# in .build/cache/): most edits change no row of most tables. A resource is made again when
# its rows, their school years or its published years differ in any way (compared pickled:
# equal pickles, equal values).
_MADE, _ZIPPED = kept.MADE, kept.ZIPPED
load, save = kept.load, kept.save


def forget() -> None:
    """Nothing kept in this process: `bangvang build` makes one pass (pipeline.release); the
    tables, their rows pickled and the zip are some 100 MB at 6,000 records."""
    kept.forget()


def _resource(resource: Resource, ctx: Context, published: "Published") -> tuple:
    """({site path: bytes}, Data Package entries, Figures) of one resource."""
    items = resource.items(ctx)
    rows = [[c.get(item) for c in resource.columns] for item in items]
    row_years = [resource.year(item) for item in items] if resource.year else []
    years = sorted(set(row_years) | published.years_of(resource.name)) if resource.year else []
    key = hashlib.blake2b(pickle.dumps((rows, row_years, years), pickle.HIGHEST_PROTOCOL),
                          digest_size=16).digest()
    earlier = _MADE.get(resource.name)
    if earlier is None or earlier[0] != key:
        earlier = _MADE[resource.name] = (key, *_made(resource, rows, row_years, years))
    _key, files, entries, parts, schema_path = earlier
    parts = [Part(name, year, count, list(part_files)) for name, year, count, part_files in parts]
    return files, entries, Figures(resource, parts[0], parts[1:], schema_path)


def _made(resource: Resource, rows: list, row_years: list, years: list) -> tuple:
    """({site path: bytes}, Data Package entries, parts as plain tuples, schema path)."""
    # Each row is written once per format; a part (whole set, one year) joins its lines.
    lines = _lines(resource, rows)
    parts = [(resource.name, None, lines)]
    for year in years:
        parts.append((f"{resource.name}-{year}", year,
                      [line for line, y in zip(lines, row_years) if y == year]))
    files, entries, made = {}, [], []
    for name, year, part_lines in parts:
        part = Part(name, year, len(part_lines), [])
        for fmt in FORMATS:
            data = _csv(resource, part_lines) if fmt == "csv" else _json(part_lines)
            path = urls.data_file(f"{name}.{fmt}")
            files[path] = data
            part.files.append((fmt, path, len(data)))
            entries.append(_package_entry(resource, part, fmt, data))
        made.append((part.name, part.year, part.rows, part.files))
    schema_path = urls.data_file(f"{SCHEMA_FOLDER}/{resource.name}.json")
    files[schema_path] = _dump(table_schema(resource))
    return files, entries, made, schema_path


def _zip(files: dict[str, bytes]) -> bytes:
    """package_zip, kept while every file it holds is the same (opendata_kept.py)."""
    digest = hashlib.blake2b(digest_size=16)
    for path, data in sorted(files.items()):
        digest.update(f"{path}\0{len(data)}\0".encode())
        digest.update(data)
    if not _ZIPPED or _ZIPPED[0] != digest.digest():
        _ZIPPED[:] = [digest.digest(), package_zip(files)]
    return _ZIPPED[1]


def aliases(catalog: Catalog, redirects: dict[str, str]) -> dict[str, list[str]]:
    """Current id → the ids it had before (`bangvang rename` redirects the old page to the
    new one, never in chains): exemplars, and people known by their /nguoi/<id>/ page."""
    current = {"/" + urls.record_url(e): e.id for e in catalog.exemplars.values()}
    current.update({"/" + urls.url_for("person", id=pid): pid for pid in catalog.people})
    found: dict[str, list[str]] = {}
    for old, new in sorted(redirects.items()):
        now, old_id = current.get(new), old.rstrip("/").rsplit("/", 1)[-1]
        if now and old_id and old_id != now:
            found.setdefault(now, []).append(old_id)
    return found


# A fixed date for every member: the same tables give the same zip, byte for byte.
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def package_zip(files: dict[str, bytes]) -> bytes:
    """The Data Package and every file it names in one zip (du-lieu.zip), paths as in the
    package, so `frictionless validate datapackage.json` works on the unpacked folder."""
    folder = urls.data_file("")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            if path.startswith(folder) and not path.endswith(".zip"):
                info = zipfile.ZipInfo(path[len(folder):], _ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, files[path])
    return out.getvalue()


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


# Each row's lines of the last pass, by resource (opendata_kept.row_lines: in this process and
# in .build/cache/): the pass after an award line is corrected writes the awards' table
# again, but one row of it is new (its lines were 0.9 s of such a pass's CPU at 6,000
# records). A row's lines are those of its values, keyed pickled: True and 1 are equal, but
# neither their pickles nor their lines are.


def _lines(resource: Resource, rows: list[list]) -> list[tuple[str, str]]:
    """(CSV line, JSON line) of every row."""
    names = [c.name for c in resource.columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    earlier, now = kept.row_lines(resource.name), {}
    lines = []
    for row in rows:
        key = pickle.dumps(row, pickle.HIGHEST_PROTOCOL)
        line = earlier.get(key)
        if type(line) is not tuple or len(line) != 2 or type(line[0]) is not str or \
                type(line[1]) is not str:   # none, or not a pair of lines (a file by hand)
            cells = [_cell(v) for v in row]
            writer.writerow([_csv_text(c) for c in cells])
            line = (out.getvalue(), json.dumps(dict(zip(names, cells)), ensure_ascii=False))
            out.seek(0)
            out.truncate()
        now[key] = line
        lines.append(line)
    kept.lines_made(resource.name, now)
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
        # Frictionless counts the bytes of CSV files only (its JSON reader streams). The hash
        # lets a district's portal skip a table that did not change (district/fetch.py).
        **({"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}
           if fmt == "csv" else {}),
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
    # Whose data this is, for a district's portal (bangvang/district/): every table has the
    # same two values as its last columns.
    package["ma_truong"] = catalog.school.get("code")
    package["ten_truong"] = school
    if site_url:
        package["homepage"] = urls.absolute(site_url, urls.url_for("open_data"))
    return package


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
    archive = urls.data_file(ZIP_FILE)
    return {"resources": resources, "package": (data.package_path, kilobytes(size)),
            "zip": (archive, kilobytes(len(data.files[archive]))),
            "licence": (data.licence, data.licence_title, data.licence_url)}


__all__ = ["BY_NAME", "RESOURCES", "Column", "Context", "Item", "Resource", "tables",
           "PUBLISHED_FILE", "Published", "check_published", "read_published",
           "record_published", "build", "page_view", "table_schema", "DataSet"]
