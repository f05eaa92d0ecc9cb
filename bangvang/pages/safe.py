"""The one boundary where record text becomes HTML.

Record text is untrusted: contest entries are written by students, plans come from Word
documents, names and labels are typed by whoever edits the files. It reaches HTML only here:

- plain text (names, titles, summaries, reasons, labels) is escaped by the page templates,
  which autoescape (pages.py); nothing marks record text safe except `markdown_html`;
- Markdown (bodies, the school's intro) is rendered by Python-Markdown WITHOUT attribute
  lists or Markdown-in-HTML, then cleaned by nh3 (the Ammonia sanitiser) with the allow-list
  below: no script, style, iframe, form, event attribute, `style` attribute, `javascript:` or
  `data:` URL, HTML comment or DOM id that could clobber the theme's own (`__drawer` …);
- text handed to the theme's own templates (page titles, the school name, the news authors'
  names and descriptions), which print it without escaping and sometimes through `striptags`
  (which decodes entities), goes through `theme_text`, which leaves no `<`, `>` or `"` and
  escapes `&`;
- addresses: a picture is shown only from https:// or from the site itself (`image_allowed`:
  an http:// or protocol-relative `//host/x.gif` picture is mixed content or a tracking
  pixel, loaded by every reader's browser); an address the theme prints as a link or picture
  of its own (an author's avatar and page) must be https:// or site-relative
  (`site_or_https`).

What a school may use in a body is documented in the authoring guide (content/huong-dan/).
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Callable

from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup

from bangvang import caches
from bangvang.records.text import slugify

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del",
    "ins", "mark", "sub", "sup", "small", "code", "pre", "blockquote", "ul", "ol", "li", "dl",
    "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "a", "img",
    "div", "span", "abbr", "figure", "figcaption", "details", "summary",
}
_CELL = {"align", "colspan", "rowspan"}
ATTRIBUTES = {
    "a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
    "th": _CELL, "td": _CELL, "ol": {"start"}, "abbr": {"title"},
    **{f"h{n}": {"id"} for n in range(1, 7)}, "dt": {"id"}, "li": {"id"}, "sup": {"id"},
}
ADMONITIONS = {"admonition", "note", "abstract", "info", "tip", "success", "question",
               "warning", "failure", "danger", "bug", "example", "quote"}
CLASSES = {"div": ADMONITIONS | {"footnote"}, "p": {"admonition-title"},
           "details": ADMONITIONS, "a": {"footnote-ref", "footnote-backref"}}
SCHEMES = {"http", "https", "mailto", "tel"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")   # slugs only: never the theme's "__…" ids
_EXTENSIONS = ["tables", "sane_lists", "def_list", "admonition", "footnotes", "toc"]
_CONFIG = {"tables": {"use_align_attribute": True},
           "toc": {"slugify": lambda value, separator: slugify(value, separator),
                   "permalink": False}}

class TooDeep(ValueError):
    """The Markdown nests too deeply to be rendered (hundreds of list levels)."""


LinkFilter = Callable[[str, str], "str | None"]   # (tag, url) → url to keep, or None


class _Renderer:
    """One Python-Markdown instance, reset between texts (creating one costs ~1 ms), and a
    cache of its output by text: Python-Markdown is most of the core's time, and its output
    depends on the text alone (links are resolved afterwards, per page, by `clean_html`).
    The cache is kept between builds by `load_cache`/`save_cache` (pipeline.py)."""
    def __init__(self):
        self.md = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_CONFIG)
        self.cache: dict[str, str] = {}
        self.used: set[str] = set()
        self.loaded: set[Path] = set()   # cache files read by this process (the preview: once)
        self.added = False               # something rendered that the file does not hold

    def render(self, text: str) -> str:
        key = hashlib.sha1(text.encode("utf-8")).hexdigest()
        self.used.add(key)
        html = self.cache.get(key)
        if html is None:
            self.md.reset()
            self.added = True
            try:
                html = self.cache[key] = self.md.convert(text)
            except RecursionError:   # lists nested hundreds deep: Python-Markdown recurses
                self.md = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_CONFIG)
                raise TooDeep() from None
        return html


_renderer = _Renderer()
CACHE_VERSION = f"markdown {markdown.__version__}; {_EXTENSIONS}"


def load_cache(path: Path) -> None:
    """Rendered Markdown of earlier builds (JSON: only text, nothing executable)."""
    _renderer.used = set()
    if path in _renderer.loaded:
        return
    _renderer.loaded.add(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(data, dict) and data.get("version") == CACHE_VERSION \
            and isinstance(data.get("html"), dict):
        _renderer.cache.update(data["html"])


def forget() -> None:
    """Nothing rendered kept in this process (a build's later stages, pipeline.release);
    the cache file stays."""
    _renderer.cache.clear()
    _renderer.loaded.clear()
    _renderer.used = set()


def save_cache(path: Path) -> None:
    """Keep what this build used; write only when something new was rendered."""
    if not _renderer.added and path.is_file():
        return
    _renderer.added = False
    kept = {k: v for k, v in _renderer.cache.items() if k in _renderer.used}
    caches.write(path, json.dumps({"version": CACHE_VERSION, "html": kept},
                                  ensure_ascii=False).encode("utf-8"))


def clean_html(html: str, links: LinkFilter | None = None) -> Markup:
    """HTML from anywhere → HTML with only the allow-list left."""
    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id":
            return value if _ID.match(value) else None
        if attribute in ("href", "src") and links is not None:
            return links(tag, value)
        return value
    return Markup(nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=SCHEMES,
                            allowed_classes=CLASSES, attribute_filter=attribute_filter,
                            link_rel="noopener noreferrer", strip_comments=True))


def image_allowed(src: str) -> bool:
    """A picture a page may load: over https, or a file of the site (relative, no host)."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc:
        return parts.scheme.lower() == "https" and bool(parts.netloc)
    return True


def site_or_https(address: str) -> bool:
    """An address the theme prints as a link or picture: https://host/… or a path of the site
    (no scheme, no host, no backslash a browser would read as a slash)."""
    address = address.strip()
    if "\\" in address or any(ord(c) < 32 for c in address):
        return False
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        return parts.scheme.lower() == "https" and bool(parts.netloc)
    return bool(parts.path or parts.fragment)


def news_links(tag: str, target: str) -> str | None:
    """News posts (rendered by MkDocs, cleaned in the theme): the records' rule for pictures."""
    return target if tag != "img" or image_allowed(target) else None


def clean_news_html(html: str) -> Markup:
    """A news post or excerpt as MkDocs rendered it → the allow-list, pictures as in records."""
    return clean_html(html, news_links)


def markdown_html(text: str | None, links: LinkFilter | None = None) -> Markup:
    """Record Markdown → clean HTML, ready for a template."""
    if not text or not text.strip():
        return Markup("")
    return clean_html(_renderer.render(text), links)


def rendered_markdown(text: str) -> str:
    """Python-Markdown's HTML of `text` before cleaning (cached): what privacy.py reads."""
    return _renderer.render(text) if text and text.strip() else ""


def theme_text(text: str | None) -> str:
    """Plain text for the theme's unescaped slots (titles, site name): inert even after
    `striptags`, and shown as typed (apart from <, > and " turned into look-alikes)."""
    text = " ".join(str(text or "").split())
    return (text.replace("&", "&amp;").replace("<", "‹").replace(">", "›")
            .replace('"', "”"))


_TAG = re.compile(r"<[^>]*>")
_IDS = re.compile(r'\sid="([^"]+)"')


def ids_in(html: str) -> list[str]:
    """The element ids of a piece of HTML (anchors other pages may link to)."""
    return _IDS.findall(html)


def plain(html: str) -> str:
    """Text of a piece of clean HTML (for descriptions and search excerpts)."""
    return " ".join(_TAG.sub(" ", html).split())
