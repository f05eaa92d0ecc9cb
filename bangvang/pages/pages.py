"""Catalog → pages: the renderer the page sections (sections.py) write through.

Templates are HTML with autoescape on (bangvang/templates/html/): record text is escaped
unless it went through `md()`, the sanitising boundary (safe.py). Links come from `url()`
(the URL rule, urls.py), relative to the page being written. A generated page is a Markdown
file for MkDocs holding front matter and the finished HTML; the glue (hooks/) hands that
HTML to the theme as is, so Python-Markdown never re-reads record text.

Every address a template fills (`url()`, `url_file()`, `permalink()`) is kept with the record
the page is about (`origin`) and checked, with the links of record text, against the pages
and files of the build (`check_links`): no page links a page that is not written.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from bangvang.pages import memo, pagekey, safe, urls
from bangvang.records.kinds import of_record
from bangvang.records.model import Award, Catalog
from bangvang.pages.reads import Reads
from bangvang.problems import Problems
from bangvang.records.text import format_date, school_year_of

_TEMPLATES_VERSION = 1
_HEADING = re.compile(r'<h([23]) id="([^"]+)">(.*?)</h\1>')


@dataclass
class Page:
    url: str                  # site-relative URL, "guong-dien-hinh/x/"
    source: str               # generated Markdown file, "guong-dien-hinh/x.md"
    title: str                # plain text
    html: str                 # the article, finished
    kind: str | None = None   # search kind (Vietnamese); None: not indexed
    year: str | None = None   # search filter school_year
    in_nav: bool = False
    hide: tuple = ("navigation",)
    later_page: bool = False  # page 2, 3 … of a paginated page: not a permanent URL

    def meta(self) -> dict:
        """The page's front matter: title, hidden parts, search kind and year, headings."""
        meta = {"title": str(safe.theme_text(self.title)), "hide": list(self.hide)}
        if self.kind:
            meta["bv_kind"] = self.kind
        if self.year:
            meta["bv_year"] = self.year
        toc = [{"level": int(l), "id": i, "name": n} for l, i, n in _HEADING.findall(self.html)]
        meta["bv_toc"] = toc
        return meta

    def markdown(self) -> str:
        """The file MkDocs reads: front matter (JSON is valid YAML) and the HTML."""
        lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}"
                 for key, value in self.meta().items()]
        return "---\n" + "\n".join(lines) + "\n---\n\n" + self.html


@dataclass
class Output:
    pages: dict[str, Page] = field(default_factory=dict)       # source path → page
    files: dict[str, bytes] = field(default_factory=dict)      # site path → content (exports)

    @property
    def index_pages(self) -> set[str]:
        return {p.source for p in self.pages.values() if p.in_nav}


def demote_headings(markdown: str) -> str:
    """Move a record body's headings one level down, under the page's own sections."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not fenced and re.match(r"#{1,5} ", line):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines)


class Renderer:
    """Renders templates into `Output`; links in record bodies are checked here."""

    def __init__(self, catalog: Catalog, problems: Problems, site_url: str = "",
                 reuse: bool = True):
        """`reuse`: keep rendered pages for the next pass (memo.RENDERED: in this process,
        and between builds in .build/cache/), and use
        those whose key and reads are unchanged."""
        self.catalog = catalog
        self.site_url = site_url
        self.reuse = reuse
        self.problems = problems
        self.pending_links: list[tuple] = []   # (tag, URL, file, line, as written)
        self.output = Output()
        self.keys = pagekey.Keys()   # digests of the records the pages' contexts hold
        shown = {"catalog": catalog, "school": catalog.school, "vocabulary": catalog.vocabulary}
        # What the templates read of the Catalog-wide values, page by page (reuse only).
        self.reads = Reads(shown) if reuse else None
        if self.reads is not None:
            shown = self.reads.watched
        vocabulary = shown["vocabulary"]
        env = Environment(loader=PackageLoader("bangvang", "templates"), autoescape=True,
                          undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        env.filters.update(
            date=format_date,
            label=lambda key, name: vocabulary.label(name, key),
            honour_label=lambda award: vocabulary.label(*award.honour),
            demote_headings=demote_headings,
            school_year=school_year_of,
        )
        env.globals.update(shown,
                           # a page's permanent address, as a citation gives it (site_url)
                           permalink=lambda name, **kw: urls.absolute(site_url, urls.url_for(name, **kw)))
        self.env = env
        self._templates = set(env.list_templates())

    def has_template(self, name: str) -> bool:
        """Whether templates/html/<name>.html.j2 exists (templates by convention)."""
        return f"html/{name}.html.j2" in self._templates

    def paged(self, template: str, url_name: str, params: dict, title: str, groups: list[dict],
              *, items: str = "awards", name=lambda item: item.person.name, **options) -> None:
        """A page whose `groups` (each with a list under `items`) may outgrow one page: split
        into pages of at most ROWS_PER_PAGE rows; the template gets its page's `groups`, a
        `paging` (None when one page is enough) and `group_pages` (anchor → URL of the page
        where the group starts). Page 1 keeps the URL; the others are under it."""
        chunks = split_groups(groups, ROWS_PER_PAGE, items)
        page_urls = [urls.url_for(url_name, page=n, **params) for n in range(1, len(chunks) + 1)]
        starts = {}
        for chunk, url in zip(chunks, page_urls):
            for group in chunk:
                starts.setdefault(group["anchor"], url)
        labels = [_range_label(chunk, items, name) for chunk in chunks]
        # What every page of the list is given alike (a roll's page gets the whole roll too),
        # digested once for all of them, not once per page (a roll of 4,400 lines is 9 pages).
        shared = {name: value for name, value in options.items() if name not in PAGE_OPTIONS}
        once = (frozenset(shared), self._key(template, "", shared)) if len(chunks) > 1 else None
        for number, chunk in enumerate(chunks, 1):
            paging = Paging(number, list(zip(range(1, len(chunks) + 1), page_urls, labels))) \
                if len(chunks) > 1 else None
            extra = options if number == 1 else {**options, "in_nav": False}
            self.page(template, url_name, {**params, "page": number},
                      title if number == 1 else f"{title} (trang {number})",
                      groups=chunk, paging=paging, group_pages=starts, _digested=once, **extra)

    def page(self, template: str, url_name: str, params: dict, title: str, *,
             search_kind: str | None = None, search_year: str | None = None, in_nav: bool = False,
             hide: tuple = ("navigation",), origin: str | None = None,
             _digested: tuple | None = None, **context) -> None:
        """`origin`: the file of the record the page is about, named by a problem when the page
        links a page or file the build does not write. `_digested`: (names, digest) of
        entries of `context` already digested together (paged)."""
        url = urls.url_for(url_name, **params)
        source = urls.source_for(url_name, **params)
        if _digested is None or _digested[1] is None:
            key = self._key(template, url, context)
        else:
            names, digest = _digested
            key = self._key(template, url, {"": digest, **{name: value for name, value in
                                                          context.items() if name not in names}})
        cached = memo.RENDERED.get(source)
        if cached and cached[0] == key and self.reads.unchanged(cached[1]):
            html, links, warnings = cached[2:]
            self.pending_links += links
            self.problems.warnings += warnings
        else:
            html = self._render(template, url, source, origin, key, context)
        self.output.pages[source] = Page(url, source, title, html, search_kind, search_year, in_nav,
                                         hide, params.get("page", 1) > 1)

    def record_page(self, template: str, of, title: str, **options) -> None:
        """The page of a Catalog record `of`, at the address it gives (urls.record_url)."""
        kind = of_record(of)
        self.page(template, kind.url, kind.url_params(of.id, of), title, **options)

    def _render(self, template: str, url: str, source: str, origin: str | None,
                key: bytes | None, context: dict) -> str:
        links_before, warnings_before = len(self.pending_links), len(self.problems.warnings)
        problems_before = len(self.problems.items)
        filled = self._filled(url, source, origin)
        if self.reads is not None:
            self.reads.start()
        html = self.env.get_template(f"html/{template}.html.j2").render(
            url=lambda name, **kw: urls.relative(url, filled(urls.url_for(name, **kw))),
            url_of=lambda record: urls.relative(url, filled(urls.record_url(record))),
            url_file=lambda path: urls.relative(url, filled(path)),
            permalink=lambda name, **kw: urls.absolute(
                self.site_url, filled(urls.url_for(name, **kw))),
            md=lambda text, file, line: self.markdown(text, url, source, file, line),
            **context)
        read = self.reads.stop() if self.reads is not None else None
        if key and read is not None and len(self.problems.items) == problems_before:
            memo.RENDERED[source] = (key, read, html, self.pending_links[links_before:],
                                 self.problems.warnings[warnings_before:])
        return html

    def _filled(self, page_url: str, page_source: str, origin: str | None):
        """A function that notes an address a template fills (kept, with the page, for
        `check_links`) and returns it."""
        def note(target: str) -> str:
            self.pending_links.append(("page", target, origin, page_source, page_url))
            return target
        return note

    def _key(self, template: str, url: str, context: dict) -> bytes | None:
        """What a page is made of besides the Catalog-wide values its templates read (`Reads`,
        checked apart): template, address and what its section gives it. Equal keys and
        unchanged reads, equal pages: the preview re-renders only what an edit changed."""
        if not self.reuse:
            return None
        try:
            return self.keys.digest((template, url, context, self.site_url, _TEMPLATES_VERSION))
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
            return None

    def markdown(self, text: str, page_url: str, page_source: str, file: str, line: int):
        def links(tag: str, target: str) -> str | None:
            return self._link(tag, target, page_url, page_source, file, line, text)
        try:
            # .bv-text: the light search index leaves it out (search.TEXT_SELECTOR)
            return Markup('<div class="bv-text">') + safe.markdown_html(text, links) + \
                Markup("</div>")
        except safe.TooDeep:
            self.problems.add(file, line, None, "nội dung có danh sách lồng nhau quá nhiều tầng "
                              "(hàng trăm dấu “-” thụt vào); hãy viết lại thành danh sách thường")
            return safe.Markup("")

    def _link(self, tag, target, page_url, page_source, file, line, text) -> str | None:
        """Links in record bodies: outside links as written (images over https only); links
        to pages and files of the site by their .md path, URL or file path, made relative and
        checked once every page is known (`check_links`)."""
        row = next((i for i, l in enumerate(text.split("\n")) if target in l), 0)
        parts = urlsplit(target)
        if parts.scheme or parts.netloc:
            if tag == "a" or safe.image_allowed(target):   # news posts: the same rule
                return target
            self.problems.warn(file, line + row, None, f"đã bỏ ảnh “{target[:80]}”: chỉ dùng ảnh "
                               "có địa chỉ https:// hoặc ảnh của trang web")
            return None
        if not parts.path:
            return target                    # "#anchor" on the same page
        path = unquote(parts.path)
        if path.startswith("/"):
            wanted = path.lstrip("/")
        else:
            wanted = posixpath.normpath(posixpath.join(posixpath.dirname(page_source), path))
        last = wanted.rsplit("/", 1)[-1]
        if wanted.endswith(".md"):
            resolved = urls.url_of_source(wanted)
        elif "." in last:
            resolved = wanted                # a file of the site (an image in assets/ …)
        else:
            resolved = wanted.strip("/") + "/" if wanted.strip("/") not in ("", ".") else ""
        self.pending_links.append((tag, resolved, file, line + row, target))
        if wanted.startswith(".."):
            return None
        return urls.relative(page_url, resolved) + (f"#{parts.fragment}" if parts.fragment else "")

    def check_links(self, targets: set[str]) -> None:
        """`targets`: every page URL and file path of the site."""
        reported = set()
        for tag, resolved, file, line, target in self.pending_links:
            if resolved in targets:
                continue
            if tag == "page":   # an address a template filled (`_filled`)
                if (file, line, resolved) not in reported:
                    reported.add((file, line, resolved))
                    self._unwritten(resolved, file, line, target)
            elif tag == "img":   # shown as nothing either way: a warning, not a stop
                self.problems.warn(file, line, None, f"ảnh “{target[:80]}” không có trong trang "
                                   "web nên không hiện; hãy sửa hoặc xoá")
            else:
                self.problems.add(file, line, None, f"liên kết “{target[:80]}” không dẫn tới "
                                  "trang hay tệp nào của trang web; hãy sửa địa chỉ (ví dụ "
                                  "/guong-dien-hinh/ma-ho-so.md) hoặc xoá liên kết")


    def _unwritten(self, resolved: str, origin: str | None, source: str, page_url: str) -> None:
        """A page links an address the build does not write: named at the record the page is
        about; a page about no record (an index) is Bảng vàng's own mistake."""
        if origin:
            self.problems.add(origin, None, None, f"trang /{page_url} của hồ sơ này dẫn tới "
                              f"/{resolved}, một địa chỉ không có trang nào; hãy kiểm tra năm "
                              "học, mã hồ sơ được dẫn trong hồ sơ này (hoặc báo lỗi Bảng vàng "
                              "nếu hồ sơ đúng)")
        else:
            self.problems.add(f".build/pages/{source}", None, None, f"trang /{page_url} (Bảng "
                              f"vàng tự tạo) dẫn tới /{resolved}, một địa chỉ không có trang "
                              "nào; đây là lỗi của Bảng vàng, hãy báo người bảo trì")


# Rows (awards, exemplars) on one page of a list that grows with the school: about 120 KB of
# HTML, light enough for a phone; names are still found by the site's search.
ROWS_PER_PAGE = 500
# page()'s own parameters among a paged list's options: not part of the pages' context.
PAGE_OPTIONS = frozenset({"search_kind", "search_year", "in_nav", "hide", "origin"})


@dataclass
class Paging:
    number: int                          # this page, from 1
    pages: list[tuple[int, str, str]]    # (number, site URL, "from … to …" label)


def split_groups(groups: list[dict], limit: int, key: str) -> list[list[dict]]:
    """Groups of rows → pages of at most `limit` rows, in order. A group that does not fit
    continues on the next page (`continued`, with `start`: rows before it, for numbering)."""
    pages: list[list[dict]] = [[]]
    room = limit
    for group in groups:
        rows, start = group[key], 0
        while True:
            take = rows[start:start + room]
            pages[-1].append({**group, key: take, "start": start, "continued": start > 0,
                              "ends": start + len(take) >= len(rows)})
            start += len(take)
            room -= len(take)
            if start >= len(rows):
                break
            pages.append([])
            room = limit
        if room == 0 and group is not groups[-1]:
            pages.append([])
            room = limit
    return pages


def _range_label(chunk: list[dict], key: str, name) -> str:
    rows = [(group, row) for group in chunk for row in group[key]]
    if not rows:
        return ", ".join(group["label"] for group in chunk)
    (first_group, first), (last_group, last) = rows[0], rows[-1]
    if first_group["label"] == last_group["label"]:
        return f"{first_group['label']}: {name(first)} … {name(last)}"
    return f"{first_group['label']}: {name(first)} … {last_group['label']}: {name(last)}"


def honour_groups(awards: list[Award], catalog: Catalog, sort_name) -> list[dict]:
    """Awards grouped by (title or form, level) in vocabulary order, names sorted."""
    vocabulary = catalog.vocabulary
    groups: dict[tuple, list[Award]] = {}
    for award in awards:
        groups.setdefault((*award.honour, award.level), []).append(award)

    def order(key):
        kind, honour, level = key
        return (0 if kind == "titles" else 1, vocabulary.order(kind, honour),
                vocabulary.order("levels", level))

    result = []
    for key in sorted(groups, key=order):
        kind, honour, level = key
        members = groups[key]
        listed = sorted((a for a in members if a.person.listed), key=lambda a: sort_name(a.person.name))
        result.append({
            "anchor": f"{honour}-{level}",
            "label": vocabulary.label(kind, honour),
            "level": vocabulary.label("levels", level),
            "awards": listed,
            "count": len(members),
            "unlisted": len(members) - len(listed),
            "start": 0, "continued": False, "ends": True,   # one page (see split_groups)
        })
    return result


def write_output(output: Output, folder: Path) -> list[str]:
    """Write the generated Markdown under `folder`, touching only what changed; remove stale
    files. Returns the docs-relative paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {}
    for source, page in output.pages.items():
        wanted[source] = page.markdown().encode("utf-8")
    for path, data in wanted.items():
        target = folder / path
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    for existing in sorted(folder.rglob("*"), reverse=True):
        relative = existing.relative_to(folder).as_posix()
        if existing.is_file() and relative not in wanted:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return sorted(wanted)
