"""MkDocs glue: run the Bảng vàng core once per build, map its pages into the site, hand the
theme the core's finished HTML, and write the core's exports after MkDocs.

Kept thin on purpose: all logic lives in the `bangvang` package, which knows nothing of
MkDocs, so the project can move to another engine by replacing only this file and
overrides/. State of one build is kept on that build's config object (`pipeline.GLUE_KEY`):
`bangvang build` puts the result of its own core pass there, so the core runs once; the
preview (`bangvang serve`, `mkdocs serve`: MkDocs' `on_startup` says which) runs the core
here on every rebuild.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from bangvang.exports import compact, exports, search
from bangvang.commands import engine_messages, preview
from bangvang.pages import newsindex, safe, urls
from bangvang import pipeline
from bangvang.records import text

log = logging.getLogger("mkdocs.bangvang")
GENERATED_BY = "bangvang"
NAV_KEY = "bangvang_nav"


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_startup(command, dirty):
    # Whether this process serves a live preview: MkDocs says so once, before the first
    # build ("serve" from `bangvang serve` and `mkdocs serve`, "build" and "gh-deploy"
    # otherwise). Kept by the core (preview.STATE), which every later rebuild's config and
    # glue share.
    preview.STATE.serving = command == "serve"


def on_shutdown():
    preview.STATE.serving = False


def _previewing() -> bool:
    return preview.STATE.serving


def on_config(config):
    # MkDocs' own warnings (a broken link in a hand-written page…) in Vietnamese, file:line.
    engine_messages.install(_root(config), config.docs_dir)
    result = config.get(pipeline.GLUE_KEY)
    if result is None:   # the preview: run the core here (bangvang build has run it already)
        result = pipeline.generate(_root(config), preview=_previewing())
        config[pipeline.GLUE_KEY] = result
        if result.problems.warnings:   # info: a warning would stop a strict build
            listing = result.folder.parent / pipeline.WARNINGS_FILE
            for line in result.problems.warning_report(listing).splitlines():
                log.info(line)
    if result.problems and _previewing():
        # The preview never stops on a record error: this build changes nothing, live reload
        # fires, and every page shows the problem list until the file is fixed (preview.py).
        log.warning("\n" + result.problems.report() + "\nTrang xem trước hiện danh sách lỗi "
                    "này; sửa xong và lưu tệp, trang tự tải lại.")
        preview.show_problems(result.problems)
        config.nav = None   # the nav's generated pages are not built this time: no warnings
        return config
    if result.problems:
        # Never start a build on invalid data; list every problem, no traceback.
        raise Abort("\n" + result.problems.report())
    if _previewing():
        preview.show_problems(None)
    school = result.catalog.school
    if school.get("site_url") and not _previewing():
        # Written once, in data/school.yml; the preview keeps its own local address.
        config.site_url = school["site_url"].rstrip("/") + "/"
    config.site_name = safe.theme_text(school.get("short_name") or school["name"])
    config.copyright = "© " + safe.theme_text(school["name"])
    # The lines a printed page carries (overrides/partials/content.html).
    config.extra["bv_school"] = safe.theme_text(school["name"])
    config.extra["bv_updated"] = text.format_date(dt.date.today())
    return config


def on_files(files: Files, config) -> Files:
    result = config[pipeline.GLUE_KEY]
    if result.problems:
        # The preview while records have problems: no generated page, no news post (a broken
        # post would stop the blog plugin); MkDocs rebuilds nothing that changed.
        return Files([f for f in files if not f.src_uri.startswith("tin-tuc/posts/")])
    # News posts already online that name somebody who has since withdrawn consent
    # (privacy_scan.py): left out, their address answers "không còn được công bố".
    withheld = getattr(result.catalog, "news_withheld", set()) if result.catalog else set()
    if withheld:
        files = Files([f for f in files if f"{pipeline.CONTENT_FOLDER}/{f.src_uri}" not in withheld])
    in_nav = result.index_pages
    for path in result.paths:
        inclusion = InclusionLevel.INCLUDED if path in in_nav else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, path, abs_src_path=str(result.folder / path),
                              inclusion=inclusion)
        if path not in in_nav:   # the nav's own pages keep their titles from mkdocs.yml
            _GeneratedPage(None, file, config)
        files.append(file)
    return files


class _GeneratedPage(Page):
    """A page out of the nav made by the core (most are record pages): its front matter and
    finished HTML are taken from the core's Page, not read back from the file under
    .build/pages/ (kept for `--dirty`'s dates) through PyYAML and Python-Markdown, which cost
    about 3 s of a 6,000-record build for nothing."""

    def read_source(self, config) -> None:
        made = config[pipeline.GLUE_KEY].output.pages[self.file.src_uri]
        self.markdown, self.meta = made.html, made.meta()

    def render(self, config, files) -> None:
        # on_page_markdown kept the HTML and left no Markdown; on_page_content hands it on.
        self.content, self.toc, self._title_from_render = "", get_toc([]), None
        self.present_anchor_ids = set()


def on_nav(nav, config, files):
    config[NAV_KEY] = nav
    _clean_authors(config)
    return nav


def _clean_authors(config) -> None:
    """The news authors (.authors.yml, read by the blog in its on_config) through the one
    boundary before any post is rendered: the theme prints name and description unescaped
    on every post (safe.theme_text), avatar and url as a picture and a link (https:// or the
    site's own only; `check` refuses others with their line, so this only guards)."""
    blog = config.plugins.get("material/blog")
    for author in (getattr(blog, "authors", None) or {}).values():
        for key in ("name", "description"):
            author[key] = safe.theme_text(author.get(key))
        for key in ("avatar", "url"):
            if author.get(key) and not safe.site_or_https(author[key]):
                author[key] = "" if key == "avatar" else None


def on_env(env, config, files):
    # News text in the theme's templates: the allow-list, and pictures as in records.
    env.filters["bv_clean"] = safe.clean_news_html
    reuse = config.get(pipeline.REUSE_KEY)
    if reuse is not None and not config[pipeline.GLUE_KEY].problems:
        # `bangvang build`: pages whose inputs did not change are kept (bangvang_build.Reuse).
        reuse.plan(files, config.get(NAV_KEY), config)
    if _previewing():   # what the preview's quick path renders one page with (bangvang_serve)
        config[pipeline.PREVIEW_RENDER_KEY] = (files, config.get(NAV_KEY), env)
    return env


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri in config[pipeline.GLUE_KEY].output.pages:
        # A generated page is finished HTML: Python-Markdown must not read record text.
        page.bangvang_html = markdown
        return ""
    if page.file.src_uri.startswith("tin-tuc/posts/"):
        page.meta["bv_news"] = True
        if page.meta.get("title"):
            page.meta["title"] = safe.theme_text(page.meta["title"])
    return markdown


def on_page_content(html, page, config, files):
    # JSON-LD made and escaped by the core (bangvang/exports/jsonld.py), printed by the theme outside
    # the sanitiser (overrides/partials/content.html); set for every page, so that no front
    # matter can put its own.
    page.meta["bv_jsonld"] = config[pipeline.GLUE_KEY].jsonld.get("/" + page.url)
    generated = getattr(page, "bangvang_html", None)
    if generated is None:
        if page.meta.get("bv_news") and not page.meta.get("title") and page.title:
            page.meta["title"] = safe.theme_text(page.title)
        if page.meta.get("bv_news") and page.meta.get("draft") is True and _previewing():
            return preview.DRAFT_BANNER + html   # the blog shows drafts only in the preview
        return html
    page.toc = get_toc(_nested(page.meta.get("bv_toc") or []))
    page.present_anchor_ids = set(item["id"] for item in page.meta.get("bv_toc") or [])
    page.present_anchor_ids |= set(safe.ids_in(generated))
    if page.file.src_uri in config[pipeline.GLUE_KEY].drafts:   # only ever in the preview
        return preview.DRAFT_BANNER + generated
    return generated


def on_page_context(context, page, config, nav):
    # Share previews (Open Graph) for the theme's head (overrides/main.html): the core's own
    # pages are described from the Catalog; other pages from their title and front matter.
    shares = config[pipeline.GLUE_KEY].shares
    if shares is not None:
        context["bv_share"] = shares.meta(page.url, page.title, page.meta.get("description"),
                                          page.content)
    context.update(_news_links(page, config))
    return context


def on_post_page(output, page, config):
    return compact.html(output)   # the theme's indentation out: lighter on a phone


def _news_links(page, config) -> dict:
    """The blog's month archives (by school year) and categories, for the news page and the
    two index pages content/tin-tuc/luu-tru/ and chu-de/ (overrides/blog.html and
    bv-news-links.html); their folders are those of the blog's URL formats in mkdocs.yml."""
    blog = config.plugins.get("material/blog")
    if blog is None or getattr(blog, "blog", None) is None:
        return {}
    def index_of(url_format: str) -> str:
        return f"{blog.config.blog_dir}/{url_format.split('/')[0]}/index.md"
    archive, topics, news = (index_of(blog.config.archive_url_format),
                             index_of(blog.config.categories_url_format), urls.source_for("news"))
    if page.file.src_uri not in (archive, topics, news):
        return {}
    from material.plugins.blog.structure import Archive, Category
    views = blog.blog.views
    def link(view):
        return newsindex.Link(view.name, view.url, len(view.posts))
    months = [(view.posts[0].config.date.created.date(), link(view)) for view in views
              if isinstance(view, Archive) and view.posts]
    on_topics, on_archive = page.file.src_uri == topics, page.file.src_uri == archive
    links = {"bv_archive": [] if on_topics else newsindex.archive_by_school_year(months),
             "bv_categories": [] if on_archive else newsindex.categories(
                 [link(view) for view in views if isinstance(view, Category)])}
    if page.file.src_uri == news:
        links["bv_archive_url"], links["bv_topics_url"] = (urls.url_of_source(archive),
                                                           urls.url_of_source(topics))
    return links


def _nested(flat: list[dict]) -> list[dict]:
    """[{level, id, name}] → the nested tokens MkDocs' get_toc expects (h2 with h3 under)."""
    tokens: list[dict] = []
    for item in flat:
        token = {**item, "children": []}
        if item["level"] > 2 and tokens:
            tokens[-1]["children"].append(token)
        else:
            tokens.append(token)
    return tokens


def on_post_build(config):
    site = Path(config.site_dir)
    result = config[pipeline.GLUE_KEY]
    if result.problems:
        return   # the preview while records have problems: nothing to write
    files = dict(result.output.files)
    if result.shares is not None:   # the share cards the pages point at, drawn or cached
        files.update(result.shares.files())
    try:
        # The preview rebuilds into one folder: the exports of its last build may be written
        # again. A build writes into a fresh folder and refuses any clash; the share cards
        # the previous build wrote are linked from it (bangvang_build.Reuse.cards).
        reuse = config.get(pipeline.REUSE_KEY)
        exports.write_site_files(site, files, preview.exported(files) if _previewing() else None,
                                 reuse.cards(files) if reuse is not None else None)
    except exports.ExportError as error:
        raise Abort(f"Lỗi: {error}") from None
    if _previewing():
        # The preview shows the page first; the search index follows a few seconds later.
        preview.SEARCH_INDEX.submit(lambda: _index_quietly(site))
        return
    try:  # Pagefind search index of the built site (bangvang/exports/search.py)
        figures = search.build_index(site, reuse.search_view if reuse else None,
                                     kept=reuse.search_index() if reuse else None)
    except search.SearchIndexError as error:
        raise Abort(f"Lỗi: {error}") from None
    log.info(search.summary(figures))
    if reuse is not None:   # what each page was made from, for the next build
        reuse.search = {name: made.record for name, made in (figures.made or {}).items()}
        light = (figures.made or {}).get("light")
        reuse.light_kept = light is not None and light.mode == "kept" and not light.changed
        reuse.record()
        log.info(reuse.summary())


def _index_quietly(site: Path) -> None:
    """The preview's search index, in the background after each pass: each bundle of the
    previous pass kept, the pages changed since indexed alone and folded in (searchkept.py),
    from the preview's own kept view; whole at the first pass or after a failure."""
    view, previous = preview.search_places(site)
    shutil.rmtree(previous, ignore_errors=True)
    kept = (None, None, {})
    if preview.SEARCH_RECORDS and (site / search.INDEX_FOLDER).is_dir():
        previous.mkdir(parents=True)
        os.replace(site / search.INDEX_FOLDER, previous / search.INDEX_FOLDER)
        kept = (previous, dict(preview.SEARCH_RECORDS), {})
    preview.SEARCH_RECORDS.clear()
    try:
        figures = search.build_index(site, view, background=True, kept=kept)
    except search.SearchIndexError as error:
        log.info(f"Tìm kiếm trong bản xem trước chưa dùng được: {error}")
    else:
        preview.SEARCH_RECORDS.update({name: made.record
                                       for name, made in (figures.made or {}).items()})
        log.info(search.summary(figures))
    finally:
        shutil.rmtree(previous, ignore_errors=True)


def on_serve(server, config, builder):
    # Live preview: rebuild when a record or a vocabulary changes, not only content/.
    root = _root(config)
    for folder in pipeline.watched_folders(root):
        server.watch(str(folder))
    # The /admin/ editor and the problem page exist only here, never in site/ (preview.py).
    server.set_app(preview.wrap(server.get_app(), root, lambda html: _inject(server, html)))
    return server


def _inject(server, html: bytes) -> bytes:
    """MkDocs' live-reload script in a page the preview makes itself (the problem page)."""
    try:
        return server._inject_js_into_html(html, server._visible_epoch)
    except AttributeError:   # another MkDocs: reload every few seconds instead
        return html.replace(b"<head>", b'<head><meta http-equiv="refresh" content="3">', 1)
