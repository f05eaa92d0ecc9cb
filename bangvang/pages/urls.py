"""One URL rule for writing pages and for linking to them (after Pelican's *_URL settings).

Every page URL of the site is a pattern here, filled from validated ids (file names, school
years, vocabulary keys: all `[a-z0-9-]`), so a written path can never leave the build folder
and a link can never point at a page that is not written. Templates call `url(name, …)`,
which gives a link relative to the page being rendered: the site works from any folder of a
web server, not only from its root.
"""
from __future__ import annotations

import re
from functools import lru_cache

from bangvang.records import kinds
from bangvang.records.kinds import ALL_KINDS, Kind, of_record

# name → pattern. A pattern ending in "/" is a folder's index page ("bang-vang/" is written to
# bang-vang/index.md); any other is a page of its own ("bang-vang/{id}" → bang-vang/{id}.md).
# Both are served at "<pattern>/" and news posts link to the .md paths, as MkDocs resolves them.
URLS = {
    "home": "",
    "honours": "danh-hieu/",
    "honour": "danh-hieu/{key}",
    "contest_year": "cuoc-thi-viet/{year}/",
    # the contest over the years (contest_review.py); a year is a number: no clash
    "contest_review": "cuoc-thi-viet/tong-ket/",
    "years": "nam-hoc/",
    "year": "nam-hoc/{id}",
    "guide": "huong-dan/",
    "open_data": "du-lieu/",   # open data: the page, and its files beside it (data_file)
    "statistics": "thong-ke/",
    "people": "nguoi/",          # people with a page of their own (people.py)
    "person": "nguoi/{id}",
    "eligible": "du-dieu-kien/",  # who may be proposed for a title next (rules.py)
    # Each record kind's page and index page, as its declaration says (kinds.py).
    **{kind.url: kind.url_pattern for kind in ALL_KINDS.values() if kind.url},
    **{kind.index[0]: kind.index[1] for kind in ALL_KINDS.values() if kind.index[0]},
}
PHOTO_FOLDER = "anh"
SHARE_FOLDER = "chia-se"      # share cards: the picture a shared link shows (sharecards.py)
# Atom feeds (feeds.py): news, and one "what's new" feed of exemplars and honour rolls.
# At the site root: Material's instant navigation reads sitemap.xml beside every
# rel="alternate" link of a page (a feed in a folder made it ask for a missing one).
FEEDS = {"news": "tin-tuc.xml", "honours": "guong-va-bang-vang.xml"}


def feed_about(name: str) -> str:
    """What a feed announces, from the kinds whose declaration names it (Kind.feed):
    "Gương điển hình, bảng vàng và sáng kiến"."""
    sections = [k.section for k in ALL_KINDS.values() if k.feed == name]
    words = sections[:1] + [s[:1].lower() + s[1:] for s in sections[1:]]
    return ", ".join(words[:-1]) + " và " + words[-1] if len(words) > 1 else "".join(words)


def feed_title(name: str, school: str) -> str:
    return f"{feed_about(name)} – {school}"
# Page n ≥ 2 of a page too long for one (a big school's honour roll: pages.paginate) lives
# under the page's own URL: "bang-vang/2024-2025/trang-2/".
PAGE_PATTERN = "trang-{n}"
_SAFE_VALUE = re.compile(r"^[a-z0-9]+([.-][a-z0-9]+)*$")


class UnsafeURL(ValueError):
    pass


def pattern(name: str) -> str:
    """The pattern of a URL name: URLS, or a kind declared since this module was loaded."""
    if name in URLS:
        return URLS[name]
    for kind in kinds.registry():
        if name in (kind.url, kind.index[0]) and name:
            return kind.url_pattern if name == kind.url else kind.index[1]
    raise KeyError(name)


def _fill(name: str, params: dict) -> str:
    for key, value in params.items():
        if not _SAFE_VALUE.match(str(value)):
            raise UnsafeURL(f"{name}: {key}={value!r}")  # ids are checked before this
    return pattern(name).format(**params)


def url_for(name: str, page: int = 1, **params) -> str:
    """Site-relative URL of a page ("guong-dien-hinh/x/"), from validated values only;
    `page` > 1: that page of a paginated one ("bang-vang/2024-2025/trang-2/")."""
    pattern = _fill(name, params)
    url = pattern if not pattern or pattern.endswith("/") else pattern + "/"
    return url + PAGE_PATTERN.format(n=int(page)) + "/" if page > 1 else url


def record_url(record, kind: Kind | None = None) -> str:
    """The site-relative URL of a Catalog record's page: the record knows its own values
    (`Kind.url_params`), so no caller spells them ("cuoc-thi-viet/2025/x/")."""
    kind = kind or of_record(record)
    return url_for(kind.url, **kind.url_params(record.id, record))


def source_for(name: str, page: int = 1, **params) -> str:
    """The generated Markdown file of that page ("guong-dien-hinh/x.md")."""
    pattern = _fill(name, params)
    if page > 1:
        return url_for(name, **params) + PAGE_PATTERN.format(n=int(page)) + ".md"
    return pattern + "index.md" if not pattern or pattern.endswith("/") else pattern + ".md"


def photo_url(name: str) -> str:
    if not _SAFE_VALUE.match(name):
        raise UnsafeURL(name)
    return f"{PHOTO_FOLDER}/{name}"


def share_card_url(key: str) -> str:
    if not _SAFE_VALUE.match(key):
        raise UnsafeURL(key)
    return f"{SHARE_FOLDER}/{key}.png"


def absolute(site_url: str, path: str) -> str:
    """The address of a site path ("guong-dien-hinh/x/", "anh/x.jpg") seen from outside, for
    share previews and feeds: `site_url` is the school's address (share.site_address)."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def data_file(name: str) -> str:
    """A file of the open data (opendata.py), in the folder of its page: "du-lieu/x.csv"."""
    if not all(_SAFE_VALUE.match(part) for part in name.split("/")) and name:
        raise UnsafeURL(name)
    return URLS["open_data"] + name


def url_of_source(path: str) -> str:
    """The URL MkDocs gives a Markdown file: "a/b.md" → "a/b/", "a/index.md" → "a/"."""
    stem = path[:-3] if path.endswith(".md") else path
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


@lru_cache(maxsize=65536)
def relative(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url`, both site-relative ("a/b/"). Called for
    every link of every page: plain string work, no os.path."""
    anchor = ""
    if "#" in to_url:
        to_url, anchor = to_url.split("#", 1)
        anchor = "#" + anchor
    base = from_url.split("/")[:-1]           # folders of the page: "a/b/" → ["a", "b"]
    target = to_url.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    link = "../" * (len(base) - common) + "/".join(target[common:])
    return (link or "./") + anchor


def clean(url: str) -> str:
    """Any spelling of a site URL → "/path/" (leading and trailing slash)."""
    url = url.strip().strip("/")
    return f"/{url}/" if url else "/"
