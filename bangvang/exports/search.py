"""Site search: build the Pagefind index of a built site (plain Python, no MkDocs import).

What is indexed is decided by the page templates (overrides/partials/content.html): only
the article of pages that have a kind (record pages and news posts) carries
`data-pagefind-body`, with the filters `kind` and `school_year`. Navigation, header, footer
and table of contents are outside it; repeated boxes are excluded here.

Vietnamese đ: Pagefind folds tones ("nguoi" finds "người") but not đ, which is a letter of
its own ("duong" does not find "Đường"). Adding đ-less copies of the words to the index was
tried and rejected: the copies show up in excerpts ("Dặng Dỗ") and push the real page down.
The search box (content/assets/search.js) instead also searches the query with d↔đ swapped
and merges the results, the query as typed first. See docs/search.md.
"""
from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bangvang.exports import searchkept, searchview, subindex

INDEX_FOLDER = "pagefind"
# Inside the indexed article, boxes that repeat what the page says elsewhere, and tables'
# header rows: Pagefind joins header cells without a space, so every excerpt of a plan read
# "Chỉ tiêuMứcKết quảĐánh giá", words that are the same on every page.
EXCLUDE_SELECTORS = [".bv-summary", ".bv-list", ".headerlink", ".bv-cite",   # "Trích dẫn"
                     "thead"]
LANGUAGE = "vi"
# The text of a record (its Markdown body, pages.Renderer.markdown wraps it): left out of the
# light bundle, in the full one under pagefind/noi-dung/.
TEXT_SELECTOR = ".bv-text"
# … and the award tables of honour rolls: every name that may be shown has a page of its own
# (people.py), which the light index holds; the rows stay in the full index.
LIGHT_EXCLUDED = [TEXT_SELECTOR, ".bv-roll"]
TEXT_FOLDER = "noi-dung"
FILTERS_FILE = "bo-loc.json"   # the filters' values, for the search box (filter_values)
TIMEOUT = 600  # seconds; a 5,000-page site indexes in a few seconds


class SearchIndexError(Exception):
    """Pagefind could not build the index; the message is Vietnamese and says what to do."""


@dataclass
class IndexFigures:
    pages: int          # pages in the index
    words: int          # distinct words indexed
    seconds: float      # time Pagefind took, start to finish
    bytes: int          # total size of the index folder on disk (compressed files)
    files: int          # number of files in the index folder
    made: dict[str, searchkept.Made] | None = None   # how each bundle was made (a build's)


def pagefind_command() -> list[str]:
    """The Pagefind binary shipped by the `pagefind[bin]` package, run with this Python;
    the environment variable BANGVANG_PAGEFIND may name another Pagefind executable."""
    other = os.environ.get("BANGVANG_PAGEFIND")
    return [other] if other else [sys.executable, "-m", "pagefind"]


def build_index(site: Path, kept_view: Path | None = None, background: bool = False,
                kept: tuple | None = None) -> IndexFigures:
    """Index the built site in place; raise SearchIndexError on failure.

    Two bundles, so that a phone's first search stays light (a parent looks for a name):
    site/pagefind/ without the text of stories, plans and entries (`.bv-text`) and without
    honour-roll tables (titles, names, facts, summaries and news stay), and
    site/pagefind/noi-dung/ with everything,
    which the search box loads only when the first finds nothing or the reader asks for it
    (content/assets/search.js). At 5,000 records the first search downloaded 585 KB from
    the full index, 291 KB from the light one (docs/search.md).

    `kept_view`: a folder of the project's .build/ where the view Pagefind reads
    (searchview.py) is kept between builds and only its changed pages are cut again; without
    it the view is made inside the site and removed. `background`: Pagefind runs at a lower
    priority (the preview's index). `kept`: with a kept view, (the previous site or None,
    what its build recorded of its bundles, {page: digest of it without record text}):
    Pagefind has no incremental mode, so each bundle is kept from the previous build with
    the pages changed since indexed anew and folded in, when it can be (searchkept.py)."""
    site = Path(site).resolve()
    if not site.is_dir():
        raise SearchIndexError(f"không tìm thấy thư mục trang web “{site}” để tạo chỉ mục tìm kiếm")
    start = time.perf_counter()
    if kept_view is not None:
        source = kept_view if searchview.update(site, kept_view) else site
        values = searchview.filters(kept_view) if source == kept_view else None
        made = _bundles(site, source, background, kept if source == kept_view else None)
    else:
        # Inside the site, so that a build stopped here leaves it only in its staging
        # folder, which is removed whole (publish.py); gone before the last gate reads it.
        view, values = site / searchview.FOLDER, None
        try:
            source = view if searchview.make(site, view) else site
            made = _bundles(site, source, background)
        finally:
            shutil.rmtree(view, ignore_errors=True)
        if view.exists():
            raise SearchIndexError(f"không xoá được thư mục tạm “{view}”; hãy đóng cửa sổ "
                                   "đang mở thư mục đó rồi chạy lại")
    seconds = time.perf_counter() - start
    whole = [m.report for m in made.values() if m.mode == "whole"]
    pages = _count(whole[0], "pages") if whole else made["full"].record.get("pages", 0)
    if pages == 0:
        raise SearchIndexError("chỉ mục tìm kiếm rỗng: không trang nào có vùng nội dung "
                               "được đánh dấu data-pagefind-body (kiểm tra thư mục overrides/)")
    folder = site / INDEX_FOLDER
    (folder / FILTERS_FILE).write_text(json.dumps(
        filter_values(site, values), ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8")
    for name, bundle in _places(site).items():
        made[name].record.update(pages=pages, listing=searchkept.listing(bundle))
    files = [f for f in folder.rglob("*") if f.is_file()]
    return IndexFigures(pages=pages, words=_count(made["full"].report, "words"),
                        seconds=seconds, bytes=sum(f.stat().st_size for f in files),
                        files=len(files), made=made)


def _places(site: Path) -> dict[str, searchkept.Bundle]:
    """Where each bundle goes in `site` (the full one inside the light one's folder)."""
    folder = site / INDEX_FOLDER
    return {"light": searchkept.Bundle(folder, frozenset([TEXT_FOLDER, FILTERS_FILE])),
            "full": searchkept.Bundle(folder / TEXT_FOLDER)}


def _bundles(site: Path, source: Path, background: bool = False,
             kept: tuple | None = None) -> dict[str, searchkept.Made]:
    """Both bundles of `site`, Pagefind reading `source` (the site or its view), the light
    one first (the full one is a folder inside it). `kept`: when `source` is the kept
    view, as for `build_index`: each bundle kept when it can be (searchkept.py)."""
    excluded = {"light": EXCLUDE_SELECTORS + LIGHT_EXCLUDED, "full": EXCLUDE_SELECTORS}
    if kept is not None:
        previous, recorded, light = kept
        views = searchview.digests(source)   # the view's list, read once for both bundles
        pages = {"full": views, "light": {p: light.get(p) or d for p, d in views.items()}}
    made = {}
    for name, bundle in _places(site).items():
        def run(site_read: Path, output: Path, exclude=excluded[name]) -> str:
            return _run_pagefind(site_read, output, exclude, background, scratch=site)
        if kept is None:
            made[name] = searchkept.Made(report=run(source, bundle.folder))
            continue
        digests = pages[name]
        made[name] = searchkept.index(
            bundle, digests, source, bundle.moved(site, previous) if previous else None,
            (recorded or {}).get(name), run, scratch=site)
    return made


def filter_values(site: Path, read: list[tuple[str, str]] | None = None) -> dict[str, list[str]]:
    """The values of the search box's two filters (page kinds, school years), read from the
    pages: the box fills its lists from this small file instead of Pagefind's filter
    chunks, which a first search then never downloads (21 KB at 5,000 records). `read`:
    the (filter, value) pairs the kept view already read from them (searchview.filters)."""
    found: dict[str, set[str]] = {"kind": set(), "school_year": set()}
    if read is None:
        read = [(name.decode(), value.decode("utf-8", "replace"))
                for path in site.rglob("*.html")
                if INDEX_FOLDER not in path.relative_to(site).parts[:1]
                for name, value in searchview.FILTER.findall(path.read_bytes())]
    for name, value in read:
        found[name].add(html.unescape(value))
    return {name: sorted(values) for name, values in found.items()}


def _run(command: list[str], cwd: str, env: dict, background: bool):
    """Run Pagefind; `background` (the preview's index, made while the team edits): at a
    lower priority, so that the next edit's pages are made first (Pagefind, started by its
    Python wrapper, inherits it: the priority is lowered before the wrapper has loaded)."""
    flags = subprocess.BELOW_NORMAL_PRIORITY_CLASS if background and os.name == "nt" else 0
    with subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, encoding="utf-8", errors="replace", env=env,
                          creationflags=flags) as process:
        if background and hasattr(os, "setpriority"):
            try:
                os.setpriority(os.PRIO_PROCESS, process.pid, 10)
            except OSError:
                pass   # already gone, or not allowed: it runs at the usual priority
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _run_pagefind(site: Path, output: Path, exclude: list[str],
                  background: bool = False, scratch: Path | None = None) -> str:
    """One Pagefind run over the site into `output`; its report, or SearchIndexError.
    `scratch`: the site being built, when `site` is only what Pagefind reads."""
    command = [*pagefind_command(), "--site", str(site), "--output-path", str(output),
               "--force-language", LANGUAGE, "--exclude-selectors", ", ".join(exclude)]
    env = {**os.environ, "PYTHONUTF8": "1"}
    try:
        # An empty working folder: Pagefind would read a pagefind.yml found there. Inside
        # the site being built (a staging folder of the project), removed with it on failure.
        with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=scratch or site) as empty:
            done = _run(command, empty, env, background)
    except subprocess.TimeoutExpired:
        raise SearchIndexError(f"Pagefind chạy quá {TIMEOUT} giây mà chưa xong; "
                               "hãy thử lại, hoặc báo cho người phụ trách kỹ thuật") from None
    except OSError as error:
        raise SearchIndexError(f"không chạy được Pagefind ({error.strerror or error}: "
                               f"{command[0]}); hãy cài lại các gói bằng `make site` "
                               "(gói pagefind[bin])") from None
    output_text = (done.stdout or "") + (done.stderr or "")
    if done.returncode != 0:
        if "No module named pagefind" in output_text:
            hint = "chưa cài gói pagefind[bin]; hãy chạy `make site` để cài đủ các gói"
        else:
            lines = [line for line in output_text.strip().splitlines() if line.strip()]
            hint = "Pagefind báo: " + " / ".join(lines[-3:]) if lines else \
                f"Pagefind dừng với mã lỗi {done.returncode}"
        raise SearchIndexError(f"không tạo được chỉ mục tìm kiếm: {hint}")
    return output_text


def _count(output: str, what: str) -> int:
    return subindex.indexed(output, what)


def summary(figures: IndexFigures) -> str:
    """One Vietnamese line for the build log."""
    made = figures.made or {}
    labels = {"light": "chỉ mục nhanh", "full": "chỉ mục đầy đủ"}
    kept = [f"{labels[name]} giữ nguyên" if not m.changed else
            f"{labels[name]} giữ từ lần trước, lập lại {m.new_pages} trang của "
            f"{len(m.changed)}/{searchview.GROUPS} nhóm"
            for name, m in made.items() if m.mode != "whole"]
    words = f"{figures.words} từ, " if figures.words else ""
    return (f"Chỉ mục tìm kiếm: {figures.pages} trang, {words}"
            + "".join(f"{part}, " for part in kept)
            + f"{figures.bytes / 1024:.0f} KB, {figures.seconds:.1f} giây")
