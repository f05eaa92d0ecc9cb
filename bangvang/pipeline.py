"""The whole flow in one place: records on disk → checked Catalog → pages and exports.

`run` is one pass of the core; `bangvang check`, `bangvang build` and the preview all use it,
and nothing after it can fail on the records (a build fails only on the machine: disk,
Pagefind). Nothing here imports MkDocs, so another site engine can reuse it by replacing only
the glue (hooks/).
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bangvang.exports import jsonld, opendata, share
from bangvang.records import kinds, loader, parsecache
from bangvang.checking import permalinks
from bangvang.commands import stamp
from bangvang.pages import memo, qrcodes, safe, urls
from bangvang.records.loader import read_project_text, split_front_matter
from bangvang.exports.exports import (
    export_open_data, export_photos, export_redirects, export_withheld)
from bangvang.exports.feeds import export_feeds
from bangvang.records.model import Catalog
from bangvang.pages.pages import Output, Renderer, write_output
from bangvang.problems import Problems
from bangvang.pages import sections
from bangvang.pages.sections import Index, generate_pages
from bangvang.checking.validate import build_catalog
from bangvang.records.yamlload import LineDict, YamlProblem, load_yaml

BUILD_FOLDER = ".build/pages"   # generated Markdown, git-ignored
CONTENT_FOLDER = "content"      # hand-written pages (MkDocs docs_dir)
GLUE_KEY = "bangvang"           # where the glue keeps this build's Result on the MkDocs config
PREVIEW_RENDER_KEY = "bangvang_render"   # … and, in the preview, the engine's files/nav/env
REUSE_KEY = "bangvang_reuse"    # … and, in `bangvang build`, the pages kept from the last build
MARKDOWN_CACHE = ".build/cache/markdown.json"
QR_CACHE = ".build/cache/qr.json"
WARNINGS_FILE = "canh-bao.txt"   # in .build/: every warning, when some were only counted


@dataclass
class Result:
    catalog: Catalog | None
    problems: Problems
    folder: Path
    output: Output = field(default_factory=Output)
    urls: set[str] = field(default_factory=set)        # every page URL, "/a/b/"
    paths: list[str] = field(default_factory=list)     # generated Markdown files written
    jsonld: dict[str, str] = field(default_factory=dict)  # page URL → JSON-LD (jsonld.py)
    shares: share.Shares | None = None                 # share previews and cards (share.py)
    drafts: set[str] = field(default_factory=set)      # pages of drafts (preview only)
    consent_line: str | None = None   # who has not answered the consent slips (check's line)
    # Kept for the preview's quick path (preview.quick_update): the relations, the renderer
    # and every URL and file a link in a record's text may point at.
    index: Index | None = None
    renderer: Renderer | None = None
    targets: set[str] = field(default_factory=set)

    @property
    def index_pages(self) -> set[str]:
        return self.output.index_pages


def run(root: Path, today: dt.date | None = None, preview: bool = False) -> Result:
    """Check everything and make every page and export in memory; write nothing but caches
    (.build/cache/, re-encoded photos in .build/images/)."""
    root = Path(root)
    # Before checking: the privacy check reads record bodies as rendered (privacy_scan.py).
    safe.load_cache(root / MARKDOWN_CACHE)
    catalog, problems = build_catalog(root, preview)
    _check_content_pages(root, problems)
    result = Result(catalog, problems, root / BUILD_FOLDER)
    if catalog is None:
        return result
    # The families' answers against the rolls: a "no" still published stops check, build and
    # the preview alike. (Imported here: the paper commands import this module.)
    from bangvang.commands import consent_answers
    result.consent_line = consent_answers.check(root, catalog.vocabulary, problems, catalog.read)
    if not preview:   # the records as read serve only the preview's later passes
        _forget_records(catalog)
    photo_paths, photo_files = export_photos(catalog, root, problems)
    content = _content_pages(root)
    # The school's address (mkdocs.yml site_url): citations, JSON-LD, previews and feeds.
    site_url = share.site_address(catalog.school, problems)
    published_data = opendata.read_published(root, problems)
    opendata.check_published(published_data, problems)
    index = Index.of(catalog, photo_paths)
    opendata.load(root, stamp.code_version())   # the tables of the last pass (opendata_kept.py)
    open_data = export_open_data(catalog, published_data, site_url or "",
                                 index.stats.plan_targets)
    index.open_data = open_data
    renderer = Renderer(catalog, problems, site_url or "")
    _render_pages(root, catalog, index, renderer, today)
    result.output = output = renderer.output
    result.drafts = draft_pages(catalog)
    for source in sorted(set(output.pages) & set(content)):
        problems.add(f"{CONTENT_FOLDER}/{source}", None, None, "trang viết tay này trùng địa "
                     "chỉ với một trang Bảng vàng tự tạo; hãy đổi tên hoặc xoá tệp này")
    known = {**content, **{s: p.url for s, p in output.pages.items()}}
    result.index, result.renderer = index, renderer
    # News posts are served at the blog's address (/tin-tuc/<slug>/), not their file's.
    result.targets = (set(known.values()) | _content_files(root) | set(photo_files)
                      | set(open_data.files) | {post.url for post in catalog.news})
    renderer.check_links(result.targets)
    withdrawn = getattr(catalog.news, "withdrawn", {})   # news.NewsList: posts back to draft
    _check_news_links(catalog, set(known) | _content_files(root), withdrawn, problems)
    # Permanent: every page but news posts (added below by their own URL) and the later pages of
    # a paginated list, which come and go as the list grows.
    later = {s for s, p in output.pages.items() if p.later_page}
    result.urls = {urls.clean(u) for s, u in known.items()
                   if not s.startswith("tin-tuc/posts/") and s not in later}
    result.urls |= {urls.clean(post.url) for post in catalog.news}
    files = set(photo_files) | _content_files(root) | set(open_data.files)
    redirects, withheld = permalinks.check_links(root, result.urls, files, problems,
                                                 catalog.withheld_urls | set(withdrawn))
    output.files.update(photo_files)
    output.files.update(open_data.files)
    result.jsonld = jsonld.for_pages(catalog, site_url or "", open_data)
    output.files.update(export_redirects(redirects))
    output.files.update(export_withheld(withheld))
    if site_url:   # previews and feeds need the school's address (mkdocs.yml site_url)
        found = share.previews(catalog, output, photo_paths, photo_files)
        result.shares = share.Shares(site_url, catalog, found, root / share.CARD_CACHE)
        output.files.update(export_feeds(catalog, site_url))
    return result


def _render_pages(root: Path, catalog: Catalog, index: Index, renderer: Renderer,
                  today: dt.date | None) -> None:
    """Every page, with what earlier passes kept: rendered pages (memo.py, under this code's
    version), Markdown (safe.py) and the printed roll's QR codes (qrcodes.py)."""
    memo.load(root, stamp.code_version())
    qrcodes.load_cache(root / QR_CACHE)
    generate_pages(catalog, index, renderer, today or dt.date.today())
    safe.save_cache(root / MARKDOWN_CACHE)
    qrcodes.save_cache(root / QR_CACHE)


def check(root: Path, today: dt.date | None = None) -> Result:
    """Everything a build checks, writing nothing but what later passes reuse (.build/cache/:
    the rendered pages too, so that a `check` after an upgrade of the tool renders them once)."""
    result = run(root, today)
    if not result.problems:
        memo.save(root, stamp.code_version(), result.output.pages)
        opendata.save(root, stamp.code_version())
    return result


def generate(root: Path, today: dt.date | None = None, preview: bool = False) -> Result:
    """Check everything; only when all is valid, (re)write the generated pages."""
    result = run(root, today, preview)
    if not result.problems:
        result.paths = write_output(result.output, result.folder)
        if not preview:   # the preview keeps its pages and tables in memory
            memo.save(root, stamp.code_version(), result.output.pages)
            opendata.save(root, stamp.code_version())
    return result


def release(result: Result) -> None:
    """After a build's core pass (`bangvang build`, one pass per process; the records as
    read and their parsed YAML went before the pages were made, `_forget_records`): drop the
    rest that only a later pass in the same process reads — the preview's quick paths (the
    renderer with its record digests and Jinja environment, the index) and the in-process
    copies of the page memo and the rendered Markdown, saved in .build/cache/ already, and
    the open data's tables kept for a next pass (opendata.forget) — so that MkDocs and the
    last gate run beside less of it (with `_forget_records`, 422 → 263 MB of Python objects
    at 6,000 records, before the tables were dropped too). The gate still needs
    `checked.hidden`; `written` drops the rest once MkDocs is done."""
    result.renderer = result.index = None
    memo.forget()
    safe.forget()
    opendata.forget()
    sections.forget()


def written(result: Result) -> None:
    """After MkDocs has written the site into its staging folder (`bangvang build`): drop
    what only that writing read — every page's Markdown, every export's bytes (their names
    stay: data/published-data.txt records them after the gate), the JSON-LD, the share
    previews and the Catalog (the caller keeps its hidden names, `checked.hidden`, for the
    gate) — so that the gate, which reads the largest open-data files whole, runs in
    the memory they held rather than beside it."""
    result.output.files = dict.fromkeys(result.output.files, b"")
    result.output.pages = {}
    result.jsonld, result.shares, result.targets = {}, None, set()
    result.catalog = None


def _forget_records(catalog: Catalog) -> None:
    """The records as read and their parsed YAML (saved in .build/cache/ when loaded), which
    only a later pass in this process reads: dropped before the pages are made, so a build's
    or check's peak is not both (about 90 MB at 6,000 records)."""
    catalog.read = None
    if catalog.checked is not None:
        catalog.checked.fronts = {}
    parsecache.forget()
    loader.forget()


def draft_pages(catalog: Catalog) -> set[str]:
    """Generated pages of the drafts the preview shows (the glue marks them)."""
    pages = set()
    for kind_name, record_id in catalog.previewed_drafts:
        kind, record = kinds.KINDS[kind_name], catalog.of_kind(kind_name).get(record_id)
        if kind.url and record is not None:
            pages.add(urls.source_for(kind.url, **kind.url_params(record_id, record)))
    return pages


def watched_folders(root: Path) -> list[Path]:
    """Folders the preview watches besides content/: every kind's folder and data/."""
    folders = {kind.folder.split("/")[0] for kind in kinds.ALL_KINDS.values()} | {"data"}
    return [root / f for f in sorted(folders) if (root / f).is_dir() and f != CONTENT_FOLDER]


def _content_pages(root: Path) -> dict[str, str]:
    """Hand-written pages: docs-relative source → URL."""
    folder = root / CONTENT_FOLDER
    return {p.relative_to(folder).as_posix(): urls.url_of_source(p.relative_to(folder).as_posix())
            for p in sorted(folder.rglob("*.md"))} if folder.is_dir() else {}


def _content_files(root: Path) -> set[str]:
    folder = root / CONTENT_FOLDER
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and p.suffix != ".md"} if folder.is_dir() else set()


def _check_news_links(catalog: Catalog, sources: set[str], withdrawn: dict[str, str],
                      problems: Problems) -> None:
    """Links and pictures of news posts, as MkDocs resolves them (its strict build stops on
    any other): a path, relative to the post or to content/, of a Markdown file of the site
    (`sources`: docs-relative, generated pages included) or of a file in content/. A folder
    or a page's address ("../../bang-vang/", "bang-vang") is not a file to MkDocs; nor is a
    withdrawn post (the blog leaves it out of the build)."""
    sources = sources - {Path(f).relative_to(CONTENT_FOLDER).as_posix()
                         for f in withdrawn.values()}
    for post in catalog.news:
        base = posixpath.dirname(post.src_uri)
        for line, target in post.links:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue   # outside addresses, mailto:, tel:, "#anchor" on the post
            path = unquote(parts.path)
            wanted = posixpath.normpath(path.lstrip("/") if path.startswith("/")
                                        else posixpath.join(base, path))
            if wanted in sources:
                continue
            guess = next((c for c in (f"{wanted}/index.md", f"{wanted}.md") if c in sources),
                         None)
            hint = f"hãy viết “{posixpath.relpath(guess, base)}” (đường dẫn tới tệp .md của " \
                   "trang)" if guess else "hãy sửa đường dẫn (ví dụ " \
                   "../../guong-dien-hinh/ma-ho-so.md) hoặc xoá liên kết"
            problems.add(post.file, line, None, f"liên kết “{target[:80]}” không dẫn tới trang "
                         f"hay tệp nào của trang web; {hint}")


# A template name MkDocs can look up: a file of overrides/ or of the theme, never a path out.
_TEMPLATE = re.compile(r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\.html$")


def _check_content_pages(root: Path, problems: Problems) -> None:
    """Hand-written pages (content/, news aside: news.py) that MkDocs cannot build: bytes that
    are not UTF-8 (a traceback there) and a `template:` that names no template."""
    folder = root / CONTENT_FOLDER
    if not folder.is_dir():
        return
    seen = {(p.file, p.message) for p in problems.items}   # privacy_scan may have read one
    for path in sorted(folder.rglob("*.md")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(kinds.NEWS.folder + "/"):
            continue
        found = Problems()
        text = read_project_text(root, relative, found)
        problems.items += [p for p in found.items if (p.file, p.message) not in seen]
        split = split_front_matter(text) if text is not None else None
        if split is None:
            continue
        try:
            front = load_yaml(split[0], 2)
        except YamlProblem:
            continue   # MkDocs reads such a page as having no front matter: it builds
        if isinstance(front, LineDict) and "template" in front:
            _check_template(root, relative, front, problems)


def _check_template(root: Path, relative: str, front: LineDict, problems: Problems) -> None:
    name = front["template"]
    line = front.line_of("template")
    if not isinstance(name, str) or not _TEMPLATE.match(name.strip()):
        problems.add(relative, line, "template", "`template:` là tên một khuôn trang, ví dụ "
                     "`template: main.html`; hãy sửa hoặc xoá dòng này")
    elif not any((folder / name.strip()).is_file() for folder in _template_folders(root)):
        problems.add(relative, line, "template", f"không có khuôn trang “{name[:60]}” trong "
                     "overrides/ hay trong giao diện; hãy dùng `template: main.html` hoặc xoá "
                     "dòng này")


def _template_folders(root: Path) -> list[Path]:
    """overrides/ and the theme's own templates (found without importing the theme)."""
    folders = [root / "overrides"]
    spec = importlib.util.find_spec("material")
    if spec is not None and spec.submodule_search_locations:
        folders += [Path(p) / "templates" for p in spec.submodule_search_locations]
    return folders
