"""MkDocs glue for `bangvang build`: run MkDocs in this process on the result of the core
pass the command has already made, so the core runs once per build.

A build costs what changed (`Reuse`): every page the core makes outside the nav (record
pages, people, later pages of long lists: nearly all pages of a school) is kept between
builds with a digest of everything the theme renders it from — its HTML, front matter,
JSON-LD and share tags, and, for all pages at once, the navigation (titles and addresses),
the site's settings, the theme and glue files, the code and tools' versions and the day. A
page whose digest is the one recorded for the file now in site/ (same size and modification
time: the file that build wrote) is linked from site/ into the staging folder and not
rendered again; every other page, and all pages of the nav, hand-written pages and news,
are rendered as before. The build writes into a fresh staging folder and is swapped in
whole (publish.py), so a reused page is always part of a complete build.

Loaded by bangvang/commands/cli.py from the project's hooks/ folder (like the hooks themselves), so
that the core never imports MkDocs.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import shutil
import sys
from importlib import metadata
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import InclusionLevel

from bangvang.commands import engine_messages, publish, stamp
from bangvang.exports import search
from bangvang import pipeline

STATE_FILE = ".build/cache/pages-built.json"
SEARCH_VIEW = ".build/tim-kiem-view"   # what Pagefind reads, kept (searchview.update); not
# in .build/cache/, which the publishing workflow caches: it is of use only beside site/
STATE_VERSION = 1
ENGINE_FILES = ("overrides", "hooks", "mkdocs.yml")   # what every page is rendered with


class BuildFailed(Exception):
    """MkDocs stopped; the message (already Vietnamese where it comes from the core) says why."""


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns in English on a `dirty` build (how pages are kept); in a strict build the
    warning would stop it. The pages kept are exactly those whose inputs did not change."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "'dirty' build" not in message and "contains stale files" not in message


def _logging() -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "bangvang", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.bangvang = True
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _NoDirtyWarning) for f in build_log.filters):
        build_log.addFilter(_NoDirtyWarning())


def build_site(root: Path, site_dir: Path, result: pipeline.Result) -> None:
    """`mkdocs build --strict` of `root` into `site_dir`, with the core's `result`; pages of
    the published site whose inputs did not change are kept (`Reuse`)."""
    _logging()
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), strict=True)
        config[pipeline.GLUE_KEY] = result
        reuse = Reuse(root, Path(site_dir), publish.published_folder(Path(site_dir)))
        config[pipeline.REUSE_KEY] = reuse
        config.plugins.on_startup(command="build", dirty=False)
        try:
            # `dirty`: MkDocs skips a page whose File says it is not modified (Reuse.plan);
            # the staging folder is new and empty, so everything else is written.
            build(config, dirty=True)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:
        raise BuildFailed(engine_messages.abort_message(str(error).strip())) from None


class Reuse:
    """Pages of the previous build kept when nothing they are made from changed."""

    def __init__(self, root: Path, staging: Path, previous: Path | None):
        self.root, self.staging, self.previous = root, staging, previous
        self.state = _read_state(root / STATE_FILE)
        self.digests: dict[str, str] = {}     # dest path → digest, of every page kept or not
        self.kept = 0
        self.kept_pages: set[str] = set()   # dest paths linked from the previous site
        self.engine = ""
        self.light: dict[str, str] | None = None   # HTML page → digest without record text
        self.light_kept = False
        self.search: dict | None = None   # each search bundle's record (searchkept.py)
        self.search_view = root / SEARCH_VIEW
        self.card_sources: dict[str, str] = {}   # site path → the cache file of its card

    def plan(self, files, nav, config) -> None:
        """After every page is read (titles known), before any is rendered (hooks' on_env):
        decide page by page, link the pages kept into the staging folder."""
        result = config[pipeline.GLUE_KEY]
        self.engine = _engine_digest(self.root, config, nav)
        same = self.previous is not None and self.state.get("engine") == self.engine
        recorded = self.state.get("pages", {}) if same else {}
        for file in files.documentation_pages():
            page = file.page
            if page is None or file.src_uri not in result.output.pages or \
                    file.inclusion != InclusionLevel.NOT_IN_NAV:
                continue
            digest = _page_digest(page, config, result)
            self.digests[file.dest_uri] = digest
            keep = self._kept(file.dest_uri, digest, recorded.get(file.dest_uri))
            file.is_modified = functools.partial(lambda kept: not kept, keep)

    def _kept(self, dest: str, digest: str, recorded) -> bool:
        if not isinstance(recorded, list) or len(recorded) != 3 or recorded[0] != digest:
            return False
        # Paths as strings: this runs for each of thousands of kept pages (pathlib's joins
        # and mkdir were 1.07 s of CPU for 6,451 pages, strings 0.66 s).
        source = os.path.join(self.previous, dest)
        target = os.path.join(self.staging, dest)
        try:
            found = os.stat(source, follow_symlinks=False)
        except OSError:
            return False
        if [found.st_size, found.st_mtime_ns] != recorded[1:]:
            return False   # not the file that build wrote (site/ changed by hand): render it
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            os.link(source, target)   # same bytes, same time; nothing writes into either
        except OSError:
            shutil.copy2(source, target)
        self.kept += 1
        self.kept_pages.add(dest)
        return True

    def cards(self, files: dict) -> dict[str, Path]:
        """{site path: the previous site's file} of every share card that is the card the
        previous build wrote there (the same cache file, and still the file that build
        wrote: its size and time as recorded), to be linked rather than copied."""
        self.card_sources = {relative: data.name for relative, data in files.items()
                             if isinstance(data, Path)}
        recorded = self.state.get("cards")
        if self.previous is None or not isinstance(recorded, dict):
            return {}
        linked = {}
        for relative, name in self.card_sources.items():
            entry = recorded.get(relative)
            if not isinstance(entry, list) or entry[:1] != [name]:
                continue
            try:
                found = os.stat(self.previous / relative, follow_symlinks=False)
            except OSError:
                continue
            if [name, found.st_size, found.st_mtime_ns] == entry:
                linked[relative] = self.previous / relative
        return linked

    def search_index(self) -> tuple:
        """(the previous site, what its build recorded of its search bundles, {HTML page:
        digest of it without record text}) for search.build_index, which keeps each bundle
        when it can (searchkept.py); the previous site None when made by another engine.
        Read after the exports are written, before Pagefind."""
        same = self.previous is not None and self.state.get("engine") == self.engine
        # A page linked from the previous site has the bytes that build digested.
        earlier = self.state.get("light") if same else None
        known = {dest: earlier[dest] for dest in self.kept_pages
                 if isinstance(earlier, dict) and isinstance(earlier.get(dest), str)}
        self.light = _light_digests(self.staging, known)
        recorded = self.state.get("search")
        if not same or not isinstance(recorded, dict):
            return None, None, self.light
        return self.previous, recorded, self.light

    def record(self) -> None:
        """After MkDocs wrote the pages and Pagefind its index (hooks' on_post_build): what
        each page was made from and the file it is, for the next build; written only whole."""
        pages, cards = self._written(self.digests), self._written(self.card_sources)
        path = self.root / STATE_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps({
            "version": STATE_VERSION, "engine": self.engine, "pages": pages, "cards": cards,
            "light": self.light, "search": self.search},
            sort_keys=True), "utf-8")
        temporary.replace(path)

    def _written(self, made: dict[str, str]) -> dict[str, list]:
        """{site path: [what it was made from, size, modification time]} of the files this
        build wrote or linked (those missing left out)."""
        found = {}
        for relative, source in made.items():
            try:
                entry = os.stat(self.staging / relative)
            except OSError:
                continue
            found[relative] = [source, entry.st_size, entry.st_mtime_ns]
        return found

    def summary(self) -> str:
        light = "; giữ nguyên chỉ mục tìm kiếm nhanh" if self.light_kept else ""
        return (f"Giữ nguyên {self.kept} trang không đổi từ lần tạo trước, tạo lại "
                f"{len(self.digests) - self.kept} trang hồ sơ{light}")


def _read_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION or \
            not isinstance(state.get("pages"), dict):
        return {}   # another version's, or damaged: nothing is kept, the build is cold
    return state


_TEXT_START = b'<div class="bv-text">'   # pages.Renderer.markdown's wrapper of record text
_DIV = re.compile(rb"<div\b|</div>")


def _without_text(html: bytes) -> bytes:
    """A page without its record text (each `.bv-text` element, nested divs counted: the
    sanitised HTML is well formed), as the light search index reads it."""
    out, start = [], 0
    while (found := html.find(_TEXT_START, start)) >= 0:
        out.append(html[start:found])
        depth, position = 1, found + len(_TEXT_START)
        while depth:
            tag = _DIV.search(html, position)
            if tag is None:
                return html   # not as expected: the whole page counts
            depth += 1 if tag.group() == b"<div" else -1
            position = tag.end()
        start = position
    return b"".join(out) + html[start:]


def _light_digests(site: Path, known: dict[str, str]) -> dict[str, str]:
    """{HTML page: digest of it without record text}, search index and its folder aside;
    `known`: the digests of pages whose bytes are those of the previous build."""
    found = {}
    for relative, entry in stamp.entries(site):
        if relative.endswith(".html") and not relative.startswith(f"{search.INDEX_FOLDER}/"):
            found[relative] = known.get(relative) or \
                hashlib.sha256(_without_text(Path(entry.path).read_bytes())).hexdigest()
    return found


def _nav_items(items) -> list:
    """The navigation as every page renders it: titles, addresses, sections, in order."""
    return [[type(item).__name__, item.title, getattr(item, "url", None),
             _nav_items(getattr(item, "children", None) or [])] for item in items]


def _engine_digest(root: Path, config, nav) -> str:
    """What every page is rendered with: the code and tools, the day (each page's footer),
    the theme (overrides/), the glue (hooks/), mkdocs.yml, the site's settings as the hooks
    set them, and the navigation."""
    digest = hashlib.sha256(str(stamp.code_version()).encode())
    for name in stamp.TOOLS:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(name.encode())
    for name, value in sorted(os.environ.items()):
        if name.startswith("BANGVANG_"):
            digest.update(f"{name}={value}".encode())
    for name in ENGINE_FILES:
        path = root / name
        for file in (stamp.walk(path) if path.is_dir() else [path] if path.is_file() else []):
            if "__pycache__" not in file.parts:
                digest.update(file.relative_to(root).as_posix().encode())
                digest.update(file.read_bytes())
    settings = [config.site_url, config.site_name, config.copyright, config.extra,
                _nav_items(nav.items if nav is not None else [])]
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _page_digest(page, config, result) -> str:
    """What one page is made from: its address, title, HTML, front matter (JSON-LD and
    table of contents included) and share tags."""
    shares = result.shares
    share = shares.meta(page.url, page.title, page.meta.get("description"), page.content) \
        if shares is not None else None
    made = result.output.pages[page.file.src_uri]
    parts = [page.file.src_uri, page.file.dest_uri, page.url, page.title, page.meta, share]
    # The HTML hashed as it is, after the rest (JSON, which ends where it ends): through
    # json.dumps, escaping each Vietnamese letter was most of the digests' time.
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode())
    digest.update(made.html.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()

