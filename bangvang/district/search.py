"""The district's one search: a single Pagefind index built over the pages the district
generates from what its schools publish (a page per named person of each school, each
school's page, the district's plans, campaigns, news and award decisions), with the filters
`truong` and `cum`.

Chosen over merging the schools' own Pagefind bundles in the browser (`mergeIndex`), with
figures (docs/district.md, scripts/bench_district.py): a merged search downloads every
school's entry files and the matching chunks of each (1.2–1.6 MB at 20 schools, growing
with each school), one index downloads its entry files once and one chunk per word
(under 0.5 MB at 40 schools); one index ranks all schools' pages together (a full name
typed finds the person whichever school published them), filters by school and cluster
work on it, and it needs nothing from a school but its published data, which the district
checks (a bundle cannot be checked: it would show whatever the school's pages showed).

A warm build does not re-index everything (Pagefind has no incremental mode): the index
is kept from the previous build, and the pages of the groups changed since (a share of a
school's pages, or the district's own) are indexed alone and folded into it, as a school's
build does (exports/indexmerge.py; docs/district.md "A warm build").
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
import zlib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from bangvang.exports import indexmerge, searchkept, subindex
from bangvang.exports.search import LANGUAGE, pagefind_command
from bangvang.records.text import sort_key

INDEX_FOLDER = "pagefind"
FILTERS_FILE = "bo-loc.json"
TIMEOUT = 1200
# A school's pages are split into this many groups by address: a school that edits one story
# re-indexes an eighth of its pages, not all of them. More groups make the `nhom` filter
# file larger (the search box never reads it).
BUCKETS = 8
# Once the pages indexed anew since the index was last built whole pass this share of the
# pages, it is built whole again: a word chunk only grows as words are folded in; Pagefind
# sizes the chunks when it builds the index whole.
WHOLE_SHARE = 0.25


def engine() -> str:
    """What makes the index besides its pages: Pagefind's version and these modules."""
    try:
        version = metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        version = os.environ.get("BANGVANG_PAGEFIND", "")
    return version + hashlib.sha256(b"".join(Path(module).read_bytes() for module in (
        __file__, subindex.__file__, indexmerge.__file__))).hexdigest()


class SearchError(Exception):
    """Pagefind could not build the index; the message is Vietnamese."""


def group_of(path: str) -> str:
    """A page's group: a share of the pages of the school whose data made it, by address
    (`79000103-5`: one of BUCKETS), or the district's own pages (`phong`)."""
    parts = path.split("/")
    if parts[0] == "truong" and len(parts) > 2:
        return f"{parts[1]}-{zlib.crc32(path.encode('utf-8')) % BUCKETS}"
    return "phong"


@dataclass
class Outcome:
    pages: int = 0                  # pages the search finds
    mode: str = "whole"             # "whole" or "kept" (with `changed` groups indexed anew)
    new_pages: int = 0              # pages indexed anew
    changed: list[str] = field(default_factory=list)    # groups indexed anew
    record: dict = field(default_factory=dict)


def indexed_groups(files: dict[str, bytes]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for path, data in files.items():
        if path.endswith(".html") and b"data-pagefind-body" in data:
            groups.setdefault(group_of(path), []).append(path)
    return groups


def index(staging: Path, previous: Path | None, files: dict[str, bytes],
          digests: dict[str, str], filters: dict[str, list[str]], recorded,
          store: Path | None = None) -> Outcome:
    """The staged site's search: the previous build's index with the changed groups'
    pages indexed anew and folded in, or built whole. `store`: the file keeping the word
    chunks as bytes between builds (postings.Store, as a school's build keeps its own)."""
    groups = indexed_groups(files)
    now = {group: hashlib.sha256("".join(p + digests[p] for p in sorted(paths)).encode())
           .hexdigest() for group, paths in groups.items()}
    outcome = _reuse(staging, previous, files, (now, groups, digests), recorded, store) \
        if previous else None
    if outcome is None:
        outcome = Outcome(pages=run_pagefind(staging, staging / INDEX_FOLDER))
        outcome.record = {"engine": engine(), "groups": now, "pages": outcome.pages,
                          "since_whole": 0, "digests": _short(groups, digests)}
    (staging / INDEX_FOLDER / FILTERS_FILE).write_text(json.dumps(
        {name: sorted(set(v), key=sort_key) for name, v in filters.items()},
        ensure_ascii=False) + "\n", "utf-8")
    return outcome


def _reuse(staging: Path, previous: Path, files: dict[str, bytes], found: tuple,
           recorded, store: Path | None) -> Outcome | None:
    """The previous build's index with the groups changed since indexed anew (pages gone,
    renamed or rewritten leave no word behind: indexmerge.update_kept); None: build it
    whole."""
    now, groups, digests = found
    if not isinstance(recorded, dict) or recorded.get("engine") != engine() \
            or not isinstance(recorded.get("since_whole"), int) \
            or not isinstance(recorded.get("groups"), dict) \
            or not (previous / INDEX_FOLDER).is_dir():
        return None
    kept = recorded["groups"]
    changed = indexmerge.changed_groups(now, kept)
    new = [p for g in changed for p in groups.get(g, [])]
    total = sum(len(paths) for paths in groups.values())
    short = _short(groups, digests)
    since = recorded["since_whole"] + searchkept.changed_pages(recorded.get("digests"), short,
                                                               new)
    if since > WHOLE_SHARE * total:
        return None
    outcome = Outcome(pages=total, mode="kept", new_pages=len(new), changed=changed,
                      record={"engine": engine(), "groups": now, "pages": total,
                              "since_whole": since, "digests": short})
    done = indexmerge.fold(previous / INDEX_FOLDER, staging / INDEX_FOLDER, changed,
                           {p: files[p] for p in new}, run_pagefind, staging,
                           frozenset([FILTERS_FILE]), store=store)
    return outcome if done else None


def _short(groups: dict[str, list[str]], digests: dict[str, str]) -> dict[str, str]:
    """The indexed pages' digests as a record keeps them (searchkept.short_digests)."""
    return searchkept.short_digests({p: digests[p] for paths in groups.values() for p in paths})


def run_pagefind(site: Path, output: Path) -> int:
    """Index the pages under `site` into `output`; the number of pages indexed."""
    command = [*pagefind_command(), "--site", str(site), "--output-path", str(output),
               "--force-language", LANGUAGE, "--exclude-selectors", "thead"]   # see search.py
    try:
        # An empty working folder (no stray pagefind.yml read), beside the index in the
        # staging site: nothing is written outside the project.
        with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=output.parent) as empty:
            done = subprocess.run(command, cwd=empty, capture_output=True, text=True,
                                  encoding="utf-8", errors="replace", timeout=TIMEOUT,
                                  env={**os.environ, "PYTHONUTF8": "1"})
    except subprocess.TimeoutExpired:
        raise SearchError(f"Pagefind chạy quá {TIMEOUT} giây mà chưa xong; hãy thử lại") from None
    except OSError as error:
        raise SearchError(f"không chạy được Pagefind ({error}); hãy cài lại các gói bằng "
                          "`make site`") from None
    output_text = (done.stdout or "") + (done.stderr or "")
    if done.returncode != 0:
        lines = [line for line in output_text.splitlines() if line.strip()][-3:]
        raise SearchError("không tạo được chỉ mục tìm kiếm: Pagefind báo: " + " / ".join(lines))
    return subindex.indexed(output_text)
