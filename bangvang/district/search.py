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
is kept from the build that made it whole, and the pages of the groups changed since (a
school's pages, or the district's own) go into a small second index, `pagefind-moi/`,
merged in the browser (subindex.py; the plan below, docs/district.md "A warm build").
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

from bangvang.exports import subindex
from bangvang.exports.search import LANGUAGE, pagefind_command
from bangvang.records.text import sort_key

INDEX_FOLDER = "pagefind"
NEW_FOLDER = "pagefind-moi"
FILTERS_FILE = "bo-loc.json"
TIMEOUT = 1200
# A school's pages are split into this many groups by address: a school that edits one story
# re-indexes an eighth of its pages, not all of them, and the small index grows slowly (a
# whole school per group made the third warm build of the benchmark cost a third of a cold
# one). More groups make the `nhom` filter file, which a first search downloads, larger.
BUCKETS = 8
# Above this share of the pages in changed groups, the index is rebuilt whole: the small
# index costs Pagefind's time per page like the whole one, so at a quarter of the pages it
# saves at most three quarters; and the kept index's excluded pages still weigh on every
# search (its word chunks, downloaded by a first search, keep their entries).
WHOLE_SHARE = 0.25
# The district's own records: a change to one of these pages rebuilds the index whole (a
# line taken off a decision must leave no word behind; their titles do not name people).
OWN_RECORDS = ("khen-thuong/", "tin-tuc/")


def engine() -> str:
    """What makes the index besides its pages: Pagefind's version and these modules."""
    try:
        version = metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        version = os.environ.get("BANGVANG_PAGEFIND", "")
    return version + hashlib.sha256(Path(__file__).read_bytes() + Path(
        subindex.__file__).read_bytes()).hexdigest()


class SearchError(Exception):
    """Pagefind could not build the index; the message is Vietnamese."""


def group_of(path: str) -> str:
    """A page's group: a share of the pages of the school whose data made it, by address
    (`79000103-5`: one of BUCKETS), or the district's own pages (`phong`)."""
    parts = path.split("/")
    if parts[0] == "truong" and len(parts) > 2:
        return f"{parts[1]}-{zlib.crc32(path.encode('utf-8')) % BUCKETS}"
    return "phong"


def signature(path: str, data: bytes, digest: str) -> str:
    """What must stay published for the kept index to keep a page out of sight: its title
    (a person's name), or for the district's own records the page itself."""
    return digest if path.startswith(OWN_RECORDS) else subindex.title(data)


@dataclass
class Outcome:
    pages: int = 0                  # pages the search finds (kept index + small one)
    mode: str = "whole"             # "whole", "kept" (unchanged) or "kept+new"
    new_pages: int = 0              # pages in the small index
    excluded: list[str] = field(default_factory=list)   # groups left out of the kept one
    record: dict = field(default_factory=dict)


def indexed_groups(files: dict[str, bytes]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for path, data in files.items():
        if path.endswith(".html") and b"data-pagefind-body" in data:
            groups.setdefault(group_of(path), []).append(path)
    return groups


def index(staging: Path, previous: Path | None, files: dict[str, bytes],
          digests: dict[str, str], filters: dict[str, list[str]], recorded) -> Outcome:
    """The staged site's search: kept, kept with a small index, or built whole."""
    groups = indexed_groups(files)
    now = {}
    for group, paths in groups.items():
        digest = hashlib.sha256("".join(p + digests[p] for p in sorted(paths)).encode())
        now[group] = [digest.hexdigest(), {p: signature(p, files[p], digests[p]) for p in paths}]
    outcome = _reuse(staging, previous, files, now, recorded) if previous else None
    if outcome is None:
        outcome = Outcome(pages=run_pagefind(staging, staging / INDEX_FOLDER))
        outcome.record = {"engine": engine(), "groups": now, "pages": outcome.pages}
    moi = ({"thu_muc": NEW_FOLDER + "/", "bo_nhom": outcome.excluded}
           if outcome.mode == "kept+new" else None)
    (staging / INDEX_FOLDER / FILTERS_FILE).write_text(json.dumps(
        {**{name: sorted(set(v), key=sort_key) for name, v in filters.items()}, "moi": moi},
        ensure_ascii=False) + "\n", "utf-8")
    return outcome


def _changes(now: dict, kept: dict) -> tuple[list[str], bool]:
    """The groups changed since the kept index, and whether it can stay: no group gone, no
    page of a changed group gone or renamed (a name the kept index holds must still be
    published, or its word lists would keep it: then the index is built whole)."""
    changed = sorted(g for g in set(now) | set(kept) if (now.get(g) or [None])[0]
                     != (kept.get(g) or [None])[0])
    for group in changed:
        if group not in now:
            return changed, False
        titles = now[group][1]
        if any(titles.get(path) != sign for path, sign in kept.get(group, [0, {}])[1].items()):
            return changed, False
    return changed, True


def _reuse(staging: Path, previous: Path, files: dict[str, bytes], now: dict,
           recorded) -> Outcome | None:
    """Keep the previous build's index (and its small one) when the plan allows; None:
    build it whole."""
    if not isinstance(recorded, dict) or recorded.get("engine") != engine() \
            or not (previous / INDEX_FOLDER).is_dir():
        return None
    kept = recorded.get("groups") or {}
    changed, possible = _changes(now, kept)
    # The previous site's kept index lacks the fragments of the groups left out then: each
    # must still be left out (a group changed back to what the kept index holds cannot be).
    possible = possible and set(recorded.get("pruned") or []) <= set(changed)
    total = sum(len(g[1]) for g in now.values())
    new = [p for g in changed for p in now[g][1]] if possible else []
    if not possible or len(new) > WHOLE_SHARE * total:
        return None
    leave_out = {FILTERS_FILE}
    if changed:
        try:
            fragments = subindex.group_fragments(previous / INDEX_FOLDER)
        except subindex.IndexFormatError:
            return None
        leave_out |= {f for g in changed for f in fragments.get(g, [])}
    if not subindex.link_kept(previous / INDEX_FOLDER, staging / INDEX_FOLDER, leave_out):
        return None
    outcome = Outcome(pages=recorded["pages"], mode="kept+new" if changed else "kept",
                      excluded=changed, record=dict(recorded))
    outcome.record["moi"], outcome.record["pruned"] = None, changed
    if changed:
        key = hashlib.sha256(json.dumps([now[g][0] for g in changed]).encode()).hexdigest()
        before = recorded.get("moi") or [None, 0]
        if before[0] == key and subindex.link_kept(previous / NEW_FOLDER,
                                                   staging / NEW_FOLDER, set()):
            outcome.new_pages = before[1]
        else:
            outcome.new_pages = subindex.build_subset(
                {p: files[p] for p in new}, staging / NEW_FOLDER, run_pagefind, scratch=staging)
        outcome.record["moi"] = [key, outcome.new_pages]
        outcome.pages += outcome.new_pages - sum(len(kept.get(g, [0, {}])[1]) for g in changed)
    return outcome


def run_pagefind(site: Path, output: Path) -> int:
    """Index the pages under `site` into `output`; the number of pages indexed."""
    command = [*pagefind_command(), "--site", str(site), "--output-path", str(output),
               "--force-language", LANGUAGE]
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
