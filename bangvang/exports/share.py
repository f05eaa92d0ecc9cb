"""Share previews: what Zalo and Facebook show when a page of the site is shared — its title,
a description of its own, its canonical address and a picture (Open Graph and Twitter tags,
written by the theme's head, overrides/main.html).

Everything comes from the Catalog (consent applied, drafts absent) and from titles of pages
that passed the same checks: an exemplar's summary and published photo, a news post's
excerpt, an honour roll's count. A page without a published photo gets a share card
(sharecards.py) showing its kind, title and the school's name. Pages the core does not make
(hand-written pages, the blog's archives and categories) are described by the glue from
their title and front matter when the theme renders them, and get a card the same way.

The school's address is `site_url` in data/school.yml, the one place it is written and read
(data.load_school checks it): the glue gives it to MkDocs (canonical links, the sitemap) and
`site_address` takes it from the school's values for the core.
"""
from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

from bangvang.records import kinds
from bangvang.pages import safe, urls
from bangvang.records.model import Catalog
from bangvang.pages.pages import Output
from bangvang.problems import Problems
from bangvang.exports import sharecards
from bangvang.exports.sharecards import HEIGHT, WIDTH, Card

SITE_CONFIG = "data/school.yml"   # site_url: the school's address, written once
CARD_CACHE = ".build/cache/chia-se"
DESCRIPTION_LENGTH = 200    # Facebook shows about two lines; longer is cut at a word
MIN_PHOTO_SIDE = 200        # Facebook ignores smaller pictures
HOME_KIND = "Trang tin thi đua, khen thưởng"

# The kind of page a card and a description name, by the section's URL name (urls.URLS), and
# what each index page holds ({school}: the school's name), for the pages made of several
# kinds; each record kind's index says its own (kinds.Kind.section, .about).
SECTIONS = {"honours": "Danh hiệu thi đua", "years": "Năm học", "guide": "Hướng dẫn"}
INDEX_DESCRIPTIONS = {
    "honours": "Các danh hiệu thi đua và hình thức khen thưởng của {school}, với những người "
               "được nhận qua các năm học.",
    "years": "Gương điển hình, bảng vàng, kế hoạch, bài dự thi và sáng kiến của {school}, xếp "
             "theo năm học.",
}


def sections() -> dict[str, str]:
    """{index URL name: the kind of page}: every kind of the registry, and SECTIONS."""
    return {**{kind.index[0]: kind.section for kind in kinds.registry()
               if kind.section and kind.index[0]}, **SECTIONS}


def index_descriptions() -> dict[str, str]:
    return {**{kind.index[0]: kind.about for kind in kinds.registry()
               if kind.about and kind.index[0]}, **INDEX_DESCRIPTIONS}


def site_address(school: dict, problems: Problems) -> str | None:
    """`site_url` of data/school.yml, the one place the school's address is written, as
    checked when the school's file was read (data.load_school): previews and feeds need the
    address a reader's phone can open. Not written yet: a warning, and the site is built
    without them."""
    address = str(school.get("site_url") or "").strip()
    if not address:
        problems.warn(SITE_CONFIG, None, "site_url", "chưa ghi địa chỉ trang web của trường, ví dụ "
                      "`site_url: https://thcs-hoaan.edu.vn/`: chưa có ảnh xem trước khi chia sẻ "
                      "lên Zalo, Facebook và chưa có nguồn tin")
        return None
    return address.rstrip("/") + "/"


@dataclass(frozen=True)
class Preview:
    title: str
    description: str
    kind: str                                  # the kind of page, as the card names it
    article: bool = False                      # og:type article (a record, a news post)
    photo: tuple[str, int, int] | None = None  # (site path, width, height) of a published photo


def previews(catalog: Catalog, output: Output, photos: dict[str, str],
             photo_files: dict[str, bytes]) -> dict[str, Preview]:
    """{page URL: Preview} for every page the core makes, and every news post."""
    school = catalog.school["name"]
    described = _record_descriptions(catalog)
    found: dict[str, Preview] = {}
    for page in output.pages.values():
        description = described.get(page.url) or _index_description(page.url, school)
        kind = page.kind or _section(page.url) or HOME_KIND
        found[page.url] = Preview(page.title, description or _fallback(page.title, kind, school),
                                  kind, article=page.url in described)
    home = urls.url_for("home")
    if home in found:
        intro = plain_text(catalog.school.get("intro"))
        found[home] = Preview(school, _shorten(intro) or found[home].description, HOME_KIND)
    for exemplar_id, path in photos.items():
        url = urls.record_url(catalog.exemplars[exemplar_id])
        size = _size(photo_files.get(path))
        if url in found and size and min(size) >= MIN_PHOTO_SIDE:
            found[url] = replace(found[url], photo=(path, *size))
    for post in catalog.news:
        excerpt = plain_text(post.excerpt)
        found[post.url] = Preview(post.title, _shorten(excerpt) or
                                  _fallback(post.title, "Tin tức", school), "Tin tức", True)
    return found


_BLOCK = re.compile(r"</?(p|br|li|ul|ol|h[1-6]|div|blockquote|table|tr|td|th|pre)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")


def plain_text(markdown: str | None) -> str:
    """Record or news Markdown as one line of plain text (a description, a feed summary):
    rendered by the one sanitiser, tags dropped (blocks become spaces), entities decoded."""
    clean = str(safe.markdown_html(markdown or ""))
    return " ".join(html.unescape(_TAG.sub("", _BLOCK.sub(" ", clean))).split())


def _record_descriptions(catalog: Catalog) -> dict[str, str]:
    """{page URL: description} of every record page: its summary, else the sentence its kind
    declares (kinds.Kind.describe)."""
    school = catalog.school["name"]
    found = {}
    for kind in kinds.KINDS.values():
        if not kind.url:
            continue
        for record in catalog.records(kind.name):
            summary = record_summary(kind, record, school)
            if summary:
                found[urls.record_url(record, kind)] = summary
    return {url: _shorten(text) for url, text in found.items()}


def record_summary(kind: kinds.Kind, record, school: str) -> str | None:
    """A record in a sentence or two: its summary, else the sentence its kind declares."""
    summary = kind.value(record, kind.summary)
    if not summary and kind.describe:
        items = len(getattr(record, kind.items)) if kind.items else None
        summary = kind.describe.format(r=record, school=school, items=items)
    return summary


def _index_description(url: str, school: str) -> str | None:
    for name, text in index_descriptions().items():
        if url == urls.url_for(name):
            return text.format(school=school)
    return None


def _section(url: str) -> str | None:
    return {urls.pattern(name).split("/")[0]: label
            for name, label in sections().items()}.get(url.split("/")[0])


def _fallback(title: str, kind: str, school: str) -> str:
    """A page with nothing of its own to say: its title, kind and school (still its own)."""
    return _shorten(f"{title} – {kind} – {school}." if kind and kind != title
                    else f"{title} – {school}.")


def _shorten(text: str | None) -> str:
    text = " ".join(str(text or "").split())
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    cut = text[:DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:–- ") + "…"


def _first_paragraph(content: str | None) -> str:
    match = re.search(r"<p\b[^>]*>(.*?)</p>", content or "", re.S)
    return " ".join(html.unescape(_TAG.sub("", match.group(1))).split()) if match else ""


def _size(data: bytes | None) -> tuple[int, int] | None:
    if not data:
        return None
    from PIL import Image
    with Image.open(io.BytesIO(data)) as image:   # reads the header only
        return image.size


class Shares:
    """Preview tags for the theme, page by page, and the share cards they point at."""

    def __init__(self, site_url: str, catalog: Catalog, found: dict[str, Preview],
                 cache_dir: Path | None = None):
        self.site_url = site_url
        self.school = catalog.school["name"]
        self.short = catalog.school.get("short_name") or self.school
        self.found = found
        self.cache_dir = cache_dir
        self.cards: dict[str, Card] = {}        # site path → card, as pages ask for them
        # The home page's card has the school's name as its title, and its address below.
        self.home_footer = catalog.school.get("address") or self.school
        for preview in found.values():
            if not preview.photo:
                self._card(preview)

    def meta(self, url: str, title: str | None = None, description: str | None = None,
             content: str | None = None) -> dict:
        """The tags of the page at `url`; a page the core did not make is described from the
        title the theme shows (HTML entities decoded), its front matter `description` or
        else the first paragraph of its `content` (HTML)."""
        preview = self.found.get(url)
        if preview is None:
            title = " ".join(html.unescape(title or "").split()) or self.school
            kind = _section(url) or HOME_KIND
            text = description if isinstance(description, str) else _first_paragraph(content)
            preview = Preview(title, _shorten(text) or _fallback(title, kind, self.school), kind)
        if preview.photo:
            image, width, height = preview.photo
        else:
            image, (width, height) = self._card(preview), (WIDTH, HEIGHT)
        return {
            "title": preview.title, "description": preview.description,
            "url": urls.absolute(self.site_url, url), "type": "article" if preview.article
            else "website", "site_name": self.school, "locale": "vi_VN",
            "image": urls.absolute(self.site_url, image), "image_width": width,
            "image_height": height, "image_alt": f"{preview.kind}: {preview.title}",
            "feeds": self.feeds(),
        }

    def feeds(self) -> list[tuple[str, str]]:
        """(title, site path) of each feed, for the pages' autodiscovery links."""
        return [(urls.feed_title(name, self.short), path) for name, path in urls.FEEDS.items()]

    def _card(self, preview: Preview) -> str:
        footer = self.home_footer if preview.title == self.school else self.school
        card = Card(preview.title, preview.kind, footer)
        path = urls.share_card_url(card.key)
        self.cards[path] = card
        return path

    def files(self) -> dict[str, bytes | Path]:
        """Every card a page points at: its file in the cache, drawn if missing (sharecards)."""
        return sharecards.files(self.cards, self.cache_dir)
