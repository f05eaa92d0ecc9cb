"""`bangvang district build`: the district's site from its schools' published sites.

district.yml checked → each school fetched (fetch.py, in parallel, cached) and checked
(check.py) → rows (data.py) → figures (stats.py) → open data (opendata.py) → pages (site.py)
→ written into a staging folder, indexed by Pagefind (search.py) and swapped in as site/
only when all of it succeeded (commands/publish.py, the school build's own publisher).

A school that cannot be reached or whose data is invalid is reported and does not stop the
build; a problem of the district's own file does (nothing is built from a wrong list).
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from bangvang.commands.publish import publish, published_folder
from bangvang.district import opendata, search, site, stats
from bangvang.district.config import District, load_district
from bangvang.district.data import SchoolData, read_school
from bangvang.district.fetch import Fetched, fetch_all
from bangvang.district.own import Own, load_own
from bangvang.district.reuse import Reuse
from bangvang.problems import Problems

SITE_FOLDER = "site"
PAGE_CACHE = ".build/cache/trang-truong"    # each school's person pages (site.py)
WORDS_STORE = ".build/cache/tim-kiem-pagefind.pickle"   # the index's word chunks (search.py)


@dataclass
class Report:
    problems: Problems
    district: District | None = None
    own: Own | None = None
    fetched: list[Fetched] = field(default_factory=list)
    schools: list[SchoolData] = field(default_factory=list)
    pages: int = 0
    indexed: int = 0
    kept: int = 0               # files linked from the previous site (reuse.py)
    index_mode: str = "whole"   # search.Outcome.mode: "whole" or "kept"
    index_new: int = 0          # pages indexed anew and folded into the kept index
    index_changed: int = 0      # groups (shares of a school's pages) they are the pages of
    seconds: dict[str, float] = field(default_factory=dict)   # stage → wall seconds

    @property
    def requests(self) -> int:
        return sum(f.requests for f in self.fetched)


def build(root: Path, today: dt.date | None = None) -> Report:
    """Build the district's site into `root/site`; the report says what happened."""
    root = Path(root)
    report = Report(Problems())
    district = load_district(root, report.problems, today)
    if district is None:
        return report
    own = load_own(root, district, report.problems)
    if own is None:
        return report
    report.district, report.own = district, own
    clock = time.perf_counter()
    report.fetched = fetch_all(root, district.schools, district.timeout, today)
    report.seconds["fetch"] = time.perf_counter() - clock
    clock = time.perf_counter()
    report.schools = [d for d in map(read_school, report.fetched) if d is not None]
    figures = stats.compute(district, report.schools)
    data_files = opendata.build(district, report.schools, figures, own)
    files = {**data_files, **site.pages(district, report.fetched, report.schools, figures,
                                        data_files, root / PAGE_CACHE, own)}
    report.pages = sum(path.endswith(".html") for path in files)
    report.seconds["pages"] = time.perf_counter() - clock
    filters = {"truong": [d.school.name for d in report.schools],
               "cum": [d.school.cluster for d in report.schools]}

    def write(staging: Path) -> None:
        clock = time.perf_counter()
        reuse = Reuse(root, published_folder(staging))
        reuse.write(staging, files)
        report.kept = reuse.kept
        report.seconds["write"] = time.perf_counter() - clock
        clock = time.perf_counter()
        outcome = search.index(staging, reuse.previous, files, reuse.digests(), filters,
                               reuse.recorded_index(), root / WORDS_STORE)
        reuse.record_index(outcome.record)
        report.indexed, report.index_mode = outcome.pages, outcome.mode
        report.index_new, report.index_changed = outcome.new_pages, len(outcome.changed)
        report.seconds["search"] = time.perf_counter() - clock
        states.append(reuse)

    states: list[Reuse] = []
    publish(root, write, SITE_FOLDER)
    states[0].save()      # only now: the record describes the site in place
    return report


def summary(report: Report) -> list[str]:
    """What the build did, in Vietnamese, one line each: per school when it matters."""
    lines = []
    for f in report.fetched:
        name = f"{f.school.name} ({f.school.code})"
        if f.state == "stale":
            lines.append(f"{name}: không lấy được bản mới, giữ bản lấy ngày "
                         f"{site.vn_date(f.date)} — {f.problems[0]}")
        elif f.state == "left-out":
            lines.append(f"{name}: chưa đưa lên cổng lần này:")
            lines += [f"  {p}" for p in f.problems]
    shown = len(report.schools)
    lines.append(f"Cổng thông tin: {shown}/{len(report.fetched)} trường, {report.pages} trang, "
                 f"{report.indexed} trang trong chỉ mục tìm kiếm, {report.requests} yêu cầu "
                 "tới trang web các trường.")
    if report.kept:
        lines.append(f"Giữ nguyên {report.kept} tệp không đổi từ lần trước"
                     + (" và cả chỉ mục tìm kiếm." if report.index_mode == "kept" and
                        not report.index_changed else "."))
    if report.index_mode == "kept" and report.index_changed:
        lines.append(f"Chỉ mục tìm kiếm: giữ chỉ mục cũ, lập lại {report.index_new} trang của "
                     f"{report.index_changed} nhóm trang đã thay đổi.")
    return lines
