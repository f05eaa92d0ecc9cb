"""What each member school publishes, read as a client should: its `du-lieu/datapackage.json`
and the tables and Table Schemas it lists (nothing else), all schools in parallel, each
within a time limit, with conditional requests (ETag / Last-Modified) against a cache in the
district project (`.build/cache/truong/<code>/`).

A school whose package did not change costs one request (304). A school whose package
changed refetches only the files whose `hash` (sha256, written by the school's build) or
validators changed. The copy that passed validation (check.py) is kept as the school's last
good copy; a school that cannot be reached keeps it, shown with its date; a school whose new
copy is invalid is left out with its problems (check.py), and neither stops the build.

A school published as a folder of the district project (a copy of its site) is read the
same way, from the folder, through the project's safe reader (records/safepath.py).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import socket
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from bangvang.district.config import School
from bangvang.district import check
from bangvang.records.safepath import PathProblem, read_project_bytes

CACHE = ".build/cache/truong"
DATA_FOLDER = "du-lieu/"
PACKAGE = "datapackage.json"
MAX_FILE = 64 * 1024 * 1024       # a table larger than this is refused (a school has ~1 MB)
WORKERS = 8
USER_AGENT = "BangVang-district/1 (+https://bangvang.example/; doc: docs/district.md)"


class Unreachable(Exception):
    """The school's site did not answer as it should; the message is Vietnamese."""


@dataclass
class Fetched:
    """One school after fetching: where its good copy is, and what to say about it."""
    school: School
    state: str                    # "fresh", "unchanged", "stale" (last good copy), "left-out"
    folder: Path | None = None    # the good copy: datapackage.json and its files
    date: str | None = None       # when the good copy was last confirmed (YYYY-MM-DD)
    changed: str | None = None    # when it last changed (first seen): the school page's date
    requests: int = 0
    downloaded: int = 0           # bytes received
    problems: list[str] = field(default_factory=list)   # Vietnamese, one per line


def fetch_all(root: Path, schools: list[School], timeout: float,
              today: dt.date | None = None) -> list[Fetched]:
    """Every school fetched in parallel; the results in the order of `schools`."""
    day = (today or dt.date.today()).isoformat()
    with ThreadPoolExecutor(max_workers=max(1, min(WORKERS, len(schools)))) as pool:
        return list(pool.map(lambda s: fetch_school(root, s, timeout, day), schools))


def fetch_school(root: Path, school: School, timeout: float, day: str) -> Fetched:
    cache = Path(root) / CACHE / school.code
    meta = _read_meta(cache)
    if meta.get("site") != school.site:     # another address: nothing of the old one holds
        meta = {"site": school.site}
    reader = _Reader(root, school, meta, time.monotonic() + timeout)
    try:
        result = _fetch(reader, cache, meta, day)
    except Unreachable as error:
        result = _last_good(school, cache, meta, str(error))
    result.requests, result.downloaded = reader.requests, reader.downloaded
    return result


def _fetch(reader: "_Reader", cache: Path, meta: dict, day: str) -> Fetched:
    school = reader.school
    good = cache / "hien-tai"
    package_bytes = reader.get(PACKAGE, good)
    if package_bytes is None:               # 304: the package and its files are unchanged
        meta["date"] = day
        meta.setdefault("changed", day)
        _write_meta(cache, meta)
        return Fetched(school, "unchanged", good, day, meta["changed"])
    package, problems = check.package(package_bytes, school)
    if package is None:
        return Fetched(school, "left-out", problems=problems)
    new = cache / "moi"
    shutil.rmtree(new, ignore_errors=True)
    new.mkdir(parents=True)
    (new / PACKAGE).write_bytes(package_bytes)
    for path, digest in check.files_to_read(package):
        kept = good / path
        if digest and kept.is_file() and _sha256(kept.read_bytes()) == digest:
            data = kept.read_bytes()          # the package says this file did not change
        else:
            data = reader.get(path, good)
            data = kept.read_bytes() if data is None else data
        (new / path).parent.mkdir(parents=True, exist_ok=True)
        (new / path).write_bytes(data)
    problems = check.copy(new, package, school)
    if problems:
        shutil.rmtree(new, ignore_errors=True)
        return Fetched(school, "left-out", problems=problems)
    shutil.rmtree(good, ignore_errors=True)
    new.rename(good)
    meta.update(reader.validators, date=day, changed=day)
    _write_meta(cache, meta)
    return Fetched(school, "fresh", good, day, day)


def _last_good(school: School, cache: Path, meta: dict, why: str) -> Fetched:
    good = cache / "hien-tai"
    if (good / PACKAGE).is_file() and meta.get("date"):
        return Fetched(school, "stale", good, meta["date"], meta.get("changed") or meta["date"],
                       problems=[why])
    return Fetched(school, "left-out", problems=[why + "; chưa có bản nào lấy được trước đây"])


class _Reader:
    """Reads one school's files: over HTTP with its validators, or from a project folder."""

    def __init__(self, root: Path, school: School, meta: dict, deadline: float):
        self.root, self.school, self.deadline = root, school, deadline
        self.known = dict(meta.get("validators") or {})
        self.validators: dict = {"validators": self.known}
        self.requests = self.downloaded = 0

    def get(self, path: str, good: Path) -> bytes | None:
        """The file's bytes, or None when unchanged since the good copy (HTTP 304)."""
        if not _plain(path):
            raise Unreachable(f"tệp “{path[:80]}” nằm ngoài thư mục dữ liệu của trường")
        if not self.school.remote:
            return self._local(path)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise Unreachable(_too_slow(self.school))
        request = urllib.request.Request(self.school.site + DATA_FOLDER + path,
                                         headers={"User-Agent": USER_AGENT})
        known = self.known.get(path) if (good / path).is_file() else None
        if known and known.get("etag"):
            request.add_header("If-None-Match", known["etag"])
        if known and known.get("modified"):
            request.add_header("If-Modified-Since", known["modified"])
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=remaining) as response:
                data = response.read(MAX_FILE + 1)
                headers = response.headers
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return None
            raise Unreachable(f"{self.school.site}{DATA_FOLDER}{path}: máy chủ trả lời "
                              f"{error.code} {error.reason}") from None
        except (urllib.error.URLError, OSError, socket.timeout) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise Unreachable(_too_slow(self.school)) from None
            raise Unreachable(f"không kết nối được {self.school.site} ({reason})") from None
        if len(data) > MAX_FILE:
            raise Unreachable(f"{path}: tệp lớn quá {MAX_FILE // 1024 // 1024} MB")
        self.downloaded += len(data)
        self.known[path] = {"etag": headers.get("ETag"), "modified": headers.get("Last-Modified")}
        return data

    def _local(self, path: str) -> bytes:
        relative = f"{self.school.site}/{DATA_FOLDER}{path}"
        try:
            return read_project_bytes(self.root, relative, MAX_FILE)
        except PathProblem as problem:
            raise Unreachable(str(problem)) from None


def _plain(path: str) -> bool:
    """A path a package may name: inside its folder, no scheme, no .., no absolute path."""
    parts = PurePosixPath(path).parts
    return bool(parts) and ":" not in path and "\\" not in path and not path.startswith("/") \
        and all(p not in ("..", ".", "") for p in parts)


def _too_slow(school: School) -> str:
    return f"{school.site} không trả lời kịp trong thời gian cho phép (timeout trong district.yml)"


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _read_meta(cache: Path) -> dict:
    try:
        data = json.loads((cache / "meta.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_meta(cache: Path, meta: dict) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cache / "meta.json.tmp"
    temporary.write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True), "utf-8")
    temporary.replace(cache / "meta.json")
