"""The schools' good copies read into rows (fetch.py kept them, check.py passed them): one
`SchoolData` per school shown, with its tables as lists of dicts of text cells, as published.

Every row gets the school's code and name (ma_truong, ten_truong) from the district's own
list when the school's version of Bảng vàng did not write them yet, so merged tables always
say whose a row is.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

from bangvang import caches
from bangvang.district.check import files_to_read
from bangvang.district.config import School
from bangvang.district.fetch import PACKAGE, Fetched

_SITE_PATH = re.compile(r"^/([a-z0-9][a-z0-9._-]*/)*([a-z0-9][a-z0-9._-]*)?$")


@dataclass
class SchoolData:
    school: School
    state: str                  # fetch.Fetched.state: fresh, unchanged, stale
    date: str                   # when the copy shown was last confirmed (YYYY-MM-DD)
    site_url: str               # the school's public address, "https://…/" ("" if unknown)
    tables: dict[str, list[dict]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    digest: str = ""            # sha256 of its datapackage.json (which holds its tables' hashes)
    changed: str = ""           # when the copy shown last changed (its page's date)
    key: str = ""               # what its tables were read from (_tables: package, entry)
    cache: Path | None = None   # its folder in .build/cache/truong/, for what is kept per school

    def rows(self, name: str) -> list[dict]:
        return self.tables.get(name, [])

    def link(self, address: str | None) -> str | None:
        """A site-relative address of the school ("/guong-dien-hinh/x/") as a full link."""
        if not address or not self.site_url or not _SITE_PATH.match(address):
            return None    # published text, not trusted: only a plain path of the school's site
        return self.site_url + address.lstrip("/")

    @property
    def years(self) -> list[str]:
        """School years with an honour roll, newest first."""
        return sorted({r["nam_hoc"] for r in self.rows("bang-vang") if r.get("nam_hoc")},
                      reverse=True)


def read_school(fetched: Fetched) -> SchoolData | None:
    """The rows of a school's good copy; None for a school left out."""
    if fetched.folder is None:
        return None
    folder = fetched.folder
    package_bytes = (folder / PACKAGE).read_bytes()
    package = json.loads(package_bytes.decode("utf-8-sig"))
    school = fetched.school
    data = SchoolData(school, fetched.state, fetched.date or "", _site_url(school, package),
                      problems=list(fetched.problems),
                      digest=hashlib.sha256(package_bytes).hexdigest(),
                      changed=fetched.changed or fetched.date or "")
    data.tables, data.key = _tables(folder, package, school, data.digest)
    data.cache = folder.parent
    return data


# What the rows depend on besides the package: this module (how cells are read and filled).
_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def _tables(folder: Path, package: dict, school: School,
            digest: str) -> tuple[dict[str, list[dict]], str]:
    """The good copy's tables as rows, kept beside it (`bang.pickle`) with the hash of its
    package (which holds every table's hash) and the school's entry: an unchanged school's
    CSV files are not parsed again (a warm build reads 40 schools' tables in a third of the
    time)."""
    paths = [path for path, _ in files_to_read(package) if path.endswith(".csv")]
    # The files' size and time too: a school on an older version publishes no table hashes.
    stats = [(p, os.stat(folder / p).st_size, os.stat(folder / p).st_mtime_ns) for p in paths]
    key = hashlib.sha256(repr((_VERSION, digest, school.code, school.name, stats)).encode())
    key = key.hexdigest()
    kept = folder.parent / "bang.pickle"
    try:
        with open(kept, "rb") as stored:
            found = pickle.load(stored)
        if isinstance(found, dict) and found.get("key") == key:
            return found["tables"], key
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass      # no copy kept, or one this version cannot read: read the tables
    tables = {}
    for path in paths:
        text = (folder / path).read_bytes().decode("utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        for row in rows:
            row["ma_truong"] = row.get("ma_truong") or school.code
            row["ten_truong"] = row.get("ten_truong") or school.name
        tables[path[:-4]] = rows
    caches.write(kept, pickle.dumps({"key": key, "tables": tables}, pickle.HIGHEST_PROTOCOL))
    return tables, key


def _site_url(school: School, package: dict) -> str:
    """The school's address: its `site` when published over https, else the package's
    homepage (…/du-lieu/) when the copy says where the school publishes."""
    if school.remote:
        return school.site
    homepage = str(package.get("homepage") or "")
    if homepage.startswith("https://") and homepage.endswith("/du-lieu/"):
        return homepage[: -len("du-lieu/")]
    return ""
