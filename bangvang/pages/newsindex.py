"""The news page's way into older news: the blog's month archives grouped by school year, and
its categories (the Material blog makes those pages; the glue hands over what it made, as
plain values, and the theme prints this with autoescape: overrides/blog.html).

A school thinks in school years (September to the summer), which the blog's date formats
cannot express; a month archive belongs to the school year of its month (text.school_year_of).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bangvang.records.text import school_year_of, sort_key


@dataclass(frozen=True)
class Link:
    title: str
    url: str      # site-relative, as MkDocs gives it
    count: int    # news posts on that page


def archive_by_school_year(months: list[tuple[dt.date, Link]]) -> list[tuple[str, list[Link]]]:
    """[(school year, month archives oldest first)], newest school year first; `months` are
    (a day of that month, its archive page)."""
    years: dict[str, list[tuple[dt.date, Link]]] = {}
    for day, link in months:
        years.setdefault(school_year_of(day), []).append((day, link))
    return [(year, [link for _, link in sorted(years[year], key=lambda m: m[0])])
            for year in sorted(years, reverse=True)]


def categories(links: list[Link]) -> list[Link]:
    """Categories in Vietnamese alphabetical order (Đ after D, tones after plain letters)."""
    return sorted(links, key=lambda link: sort_key(link.title))
