"""The whole flow in one place: records on disk → checked Catalog → pages and exports.

`run` is one pass of the core; `bangvang check`, `bangvang build` and the preview all use it,
and nothing after it can fail on the records (a build fails only on the machine: disk,
Pagefind). Nothing here imports MkDocs, so another site engine can reuse it by replacing only
the glue (hooks/).
"""
from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from . import jsonld, kinds, opendata, permalinks, safe, share, urls
from .exports import export_open_data, export_photos, export_redirects, export_withheld
from .feeds import export_feeds
from .model import Catalog
from .pages import Output, Renderer, write_output
from .problems import Problems
from .sections import Index, generate_pages
from .validate import build_catalog

BUILD_FOLDER = ".build/pages"   # generated Markdown, git-ignored
CONTENT_FOLDER = "content"      # hand-written pages (MkDocs docs_dir)
GLUE_KEY = "bangvang"           # where the glue keeps this build's Result on the MkDocs config
PREVIEW_RENDER_KEY = "bangvang_render"   # … and, in the preview, the engine's files/nav/env
MARKDOWN_CACHE = ".build/cache/markdown.json"


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
    result = Result(catalog, problems, root / BUILD_FOLDER)
    if catalog is None:
        return result
    photo_paths, photo_files = export_photos(catalog, root, problems)
    content = _content_pages(root)
    # The school's address (mkdocs.yml site_url): citations, JSON-LD, previews and feeds.
    site_url = share.site_address(root, problems)
    published_data = opendata.read_published(root, problems)
    opendata.check_published(published_data, problems)
    index = Index.of(catalog, photo_paths)
    open_data = export_open_data(catalog, published_data, site_url or "",
                                 index.stats.plan_targets)
    index.open_data = open_data
    renderer = Renderer(catalog, problems, site_url or "", reuse=preview)
    generate_pages(catalog, index, renderer, today or dt.date.today())
    safe.save_cache(root / MARKDOWN_CACHE)
    result.output = output = renderer.output
    result.drafts = draft_pages(catalog)
    for source in sorted(set(output.pages) & set(content)):
        problems.add(f"{CONTENT_FOLDER}/{source}", None, None, "trang viết tay này trùng địa "
                     "chỉ với một trang Bảng vàng tự tạo; hãy đổi tên hoặc xoá tệp này")
    known = {**content, **{s: p.url for s, p in output.pages.items()}}
    result.index, result.renderer = index, renderer
    result.targets = (set(known.values()) | _content_files(root) | set(photo_files)
                      | set(open_data.files))
    renderer.check_links(result.targets)
    _check_news_links(catalog, known, problems)
    # Permanent: every page but news posts (added below by their own URL) and the later pages of
    # a paginated list, which come and go as the list grows.
    later = {s for s, p in output.pages.items() if p.later_page}
    result.urls = {urls.clean(u) for s, u in known.items()
                   if not s.startswith("tin-tuc/posts/") and s not in later}
    result.urls |= {urls.clean(post.url) for post in catalog.news}
    files = set(photo_files) | _content_files(root) | set(open_data.files)
    redirects, withheld = permalinks.check_links(root, result.urls, files, problems,
                                                 catalog.withheld_urls)
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


def check(root: Path, today: dt.date | None = None) -> Result:
    """Everything a build checks, without writing anything."""
    return run(root, today)


def generate(root: Path, today: dt.date | None = None, preview: bool = False) -> Result:
    """Check everything; only when all is valid, (re)write the generated pages."""
    result = run(root, today, preview)
    if not result.problems:
        result.paths = write_output(result.output, result.folder)
    return result


def draft_pages(catalog: Catalog) -> set[str]:
    """Generated pages of the drafts the preview shows (the glue marks them)."""
    pages = set()
    for kind_name, record_id in catalog.previewed_drafts:
        params = {"id": record_id}
        if kind_name == "contest_entry":
            entry = catalog.contest_entries.get(record_id)
            if entry is None:
                continue
            params["year"] = entry.contest_year
        kind = kinds.KINDS[kind_name]
        if kind.url:
            pages.add(urls.source_for(kind.url, **params))
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


def _check_news_links(catalog: Catalog, known: dict[str, str], problems: Problems) -> None:
    """Links in news posts to pages of the site (MkDocs would stop the build on them)."""
    for post in catalog.news:
        for line, target in post.links:
            if "://" in target or target.startswith(("#", "mailto:", "tel:")):
                continue
            path = target.split("#")[0]
            if not path.endswith(".md"):
                continue
            base = posixpath.dirname(post.src_uri)
            wanted = path.lstrip("/") if path.startswith("/") else \
                posixpath.normpath(posixpath.join(base, path))
            if wanted not in known:
                problems.add(post.file, line, None, f"liên kết “{target[:80]}” không dẫn tới trang "
                             "nào; hãy sửa đường dẫn (ví dụ ../../guong-dien-hinh/ma-ho-so.md) hoặc "
                             "xoá liên kết")
