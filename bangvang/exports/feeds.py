"""Atom feeds, made from the Catalog in the exports stage: one for news, one for what is new
among exemplars, honour rolls and initiatives (the kinds whose declaration names it).

Why not mkdocs-rss-plugin: it reads pages, not the Catalog, so it cannot know what consent
hides, and it would see only news. Why one feed for exemplars, honour rolls and initiatives
together: all say "who the school has honoured"; a parent or a district reviewer follows that with
one subscription, and a feed per kind would double the links in every page's head for
little gain. The XML is built with xml.etree (every text escaped by the serializer); each
entry's date is the record's own, so the same records give the same bytes.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import xml.etree.ElementTree as ET

from bangvang.pages import urls
from bangvang.records.model import Catalog
from bangvang.exports.share import plain_text, record_summary
from bangvang.records import kinds

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50                  # newest entries kept in a feed
TIMEZONE = "+07:00"           # Việt Nam
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def export_feeds(catalog: Catalog, site_url: str) -> dict[str, bytes]:
    """{site path: Atom XML} of every feed (urls.FEEDS); a kind's records go into the feed its
    declaration names (Kind.feed)."""
    school = catalog.school["name"]
    short = catalog.school.get("short_name") or school
    entries: dict[str, list[tuple]] = {name: [] for name in urls.FEEDS}
    # Summaries are made only for the entries a feed keeps (the newest ENTRIES of thousands).
    entries["news"] = [(post.date, post.title, post.url,
                        functools.partial(plain_text, post.excerpt), kinds.NEWS.section)
                       for post in catalog.news]   # the blog's own URLs
    for kind in kinds.KINDS.values():
        if kind.feed:
            entries[kind.feed] += [_entry(kind, record, school)
                                   for record in catalog.records(kind.name)]
    pages = {"news": urls.url_for("news"), "honours": urls.url_for("exemplars")}
    return {path: feed(urls.feed_title(name, short), f"{urls.feed_about(name)} của {school}",
                       pages[name], path, entries[name], site_url, school)
            for name, path in urls.FEEDS.items()}


def _entry(kind: kinds.Kind, record, school: str) -> tuple:
    """(date, title, page URL, summary, category) of a record, all as its kind declares."""
    day = kind.value(record, kind.dated) or _year_end(kind.value(record, kind.year))
    return (day, kind.value(record, kind.title) or "", urls.record_url(record, kind),
            lambda: plain_text(record_summary(kind, record, school)), kind.section)


def feed(title: str, subtitle: str, page: str, path: str, entries: list[tuple], site_url: str,
         author: str) -> bytes:
    """An Atom 1.0 document: `entries` are (date, title, page URL, summary, category), the
    summary a function that makes it."""
    newest = sorted(entries, key=lambda e: (e[0], e[2]), reverse=True)[:ENTRIES]
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "vi"})
    _text(root, "title", title)
    _text(root, "subtitle", subtitle)
    ET.SubElement(root, "link", rel="self", type="application/atom+xml",
                  href=urls.absolute(site_url, path))
    ET.SubElement(root, "link", rel="alternate", type="text/html",
                  href=urls.absolute(site_url, page))
    _text(root, "id", urls.absolute(site_url, path))
    _text(root, "updated", _stamp(newest[0][0] if newest else dt.date(2000, 1, 1)))
    _text(ET.SubElement(root, "author"), "name", author)
    _text(root, "generator", "Bảng vàng")
    for day, entry_title, url, make_summary, category in newest:
        summary = make_summary()
        entry = ET.SubElement(root, "entry")
        _text(entry, "title", entry_title)
        ET.SubElement(entry, "link", rel="alternate", type="text/html",
                      href=urls.absolute(site_url, url))
        _text(entry, "id", urls.absolute(site_url, url))   # permanent: URLs never change
        _text(entry, "updated", _stamp(day))
        ET.SubElement(entry, "category", term=category)
        if summary:
            _text(entry, "summary", summary)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _NOT_XML.sub("", " ".join(str(text).split()))
    return element


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00{TIMEZONE}"


def _year_end(school_year: str) -> dt.date:
    """An undated record of a school year: the end of that year, when honours are given."""
    return dt.date(int(school_year[-4:]), 5, 31)
