"""The district's one search: a single Pagefind index built over the pages the district
generates from what its schools publish (a page per named person of each school, each
school's page, the district's plans), with the filters `truong` and `cum`.

Chosen over merging the schools' own Pagefind bundles in the browser (`mergeIndex`), with
figures (docs/district.md, scripts/bench_district.py): a merged search downloads every
school's entry files and the matching chunks of each (1.2–1.6 MB at 20 schools, growing
with each school), one index downloads its entry files once and one chunk per word
(under 0.5 MB at 40 schools); one index ranks all schools' pages together (a full name
typed finds the person whichever school published them), filters by school and cluster
work on it, and it needs nothing from a school but its published data, which the district
checks (a bundle cannot be checked: it would show whatever the school's pages showed).
"""
from __future__ import annotations

import hashlib
import json
import os
from importlib import metadata
import re
import subprocess
import tempfile
from pathlib import Path

from bangvang.exports.search import LANGUAGE, pagefind_command
from bangvang.records.text import sort_key

INDEX_FOLDER = "pagefind"
FILTERS_FILE = "bo-loc.json"
TIMEOUT = 1200


def engine() -> str:
    """What makes the index besides its pages: Pagefind's version and this module."""
    try:
        version = metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        version = os.environ.get("BANGVANG_PAGEFIND", "")
    return version + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


class SearchError(Exception):
    """Pagefind could not build the index; the message is Vietnamese."""


def build_index(site: Path, filters: dict[str, list[str]]) -> int:
    """Index the staged district site in place; the number of pages indexed. `filters`: the
    values of the school and cluster filters, for the search box's lists (a small file, so a
    first search never downloads Pagefind's filter chunks)."""
    command = [*pagefind_command(), "--site", str(site), "--output-path",
               str(site / INDEX_FOLDER), "--force-language", LANGUAGE]
    try:
        with tempfile.TemporaryDirectory(prefix="bangvang-district-") as empty:
            done = subprocess.run(command, cwd=empty, capture_output=True, text=True,
                                  encoding="utf-8", errors="replace", timeout=TIMEOUT,
                                  env={**os.environ, "PYTHONUTF8": "1"})
    except subprocess.TimeoutExpired:
        raise SearchError(f"Pagefind chạy quá {TIMEOUT} giây mà chưa xong; hãy thử lại") from None
    except OSError as error:
        raise SearchError(f"không chạy được Pagefind ({error}); hãy cài lại các gói bằng "
                          "`make site`") from None
    output = (done.stdout or "") + (done.stderr or "")
    if done.returncode != 0:
        lines = [line for line in output.splitlines() if line.strip()][-3:]
        raise SearchError("không tạo được chỉ mục tìm kiếm: Pagefind báo: " + " / ".join(lines))
    found = re.search(r"Indexed (\d+) pages?", output)
    (site / INDEX_FOLDER / FILTERS_FILE).write_text(json.dumps(
        {name: sorted(set(v), key=sort_key) for name, v in filters.items()},
        ensure_ascii=False) + "\n", "utf-8")
    return int(found.group(1)) if found else 0
