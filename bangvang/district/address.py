"""Where a district plan's page is, computed from the plan itself: a school whose
data/school.yml names its district's portal (`district_site`) links the plans its basis
cites to the district's pages without fetching anything (pages/sections.py, plan page), and
the district's build writes every plan's page there (district/site.py).

The address is `ke-hoach/<number>-<date>/` of the district's site: the plan's number folded
into an address ("85/KH-PGDĐT" → "85-kh-pgddt", spaces, dots and "&" dropped so that
"85 /KH-PGD&ĐT" as typed in a school's Word file gives the same) and its date
(YYYY-MM-DD). Kept apart from the rest of the district package: the school's build imports
it and nothing else of it.
"""
from __future__ import annotations

import datetime as dt
import re

from bangvang.records.text import fold, normalise_number, slugify

FOLDER = "ke-hoach/"
# Abbreviations of the bodies that issue plans, as schools write them (folded, no accents).
_ABBREVIATIONS = (
    (r"\bgd\s*(&|va|-|/)?\s*dt\b", "giao duc va dao tao"),
    (r"\bpgd\b", "phong giao duc va dao tao"),
    (r"\bsgd\b", "so giao duc va dao tao"),
    (r"\bubnd\b", "uy ban nhan dan"),
    (r"\btp\b", "thanh pho"),
)
_DISTRICT_BODY = "phong giao duc va dao tao"


def plan_key(number: str | None, issued: dt.date | None) -> str | None:
    """"85/KH-PGDĐT", 2024-08-25 → "85-kh-pgddt-2024-08-25"; None without number or date."""
    if not number or not issued:
        return None
    key = slugify(re.sub(r"[\s.&]+", "", normalise_number(number)))
    return f"{key}-{issued.isoformat()}" if key else None


def plan_path(number: str | None, issued: dt.date | None) -> str | None:
    """The plan page's path in the district's site ("ke-hoach/85-kh-pgddt-2024-08-25/")."""
    key = plan_key(number, issued)
    return f"{FOLDER}{key}/" if key else None


def body(text: str) -> str:
    """A body's name in one spelling: folded, abbreviations written out, words only."""
    words = fold(text).lower().replace("&", " & ")
    for pattern, full in _ABBREVIATIONS:
        words = re.sub(pattern, full, words)
    return " ".join(re.findall(r"[a-z0-9]+", words))


def same_body(a: str, b: str) -> bool:
    """Two names of one issuing body ("Phòng GD&ĐT quận Bình Sơn", "Phòng Giáo dục và Đào tạo
    quận Bình Sơn")."""
    return body(a) == body(b)


def district_plan_link(district_site: str | None, parent_body: str | None,
                       number: str | None, issued: dt.date | None,
                       issuer: str | None) -> str | None:
    """The district's page of a document a school plan cites, or None: the school knows its
    district's portal, and the document has a number, a date and an issuer that is the
    school's parent body (data/school.yml `parent_body`) or, without one, a Phòng Giáo dục
    và Đào tạo."""
    path = plan_path(number, issued)
    if not district_site or not path or not issuer:
        return None
    ours = same_body(issuer, parent_body) if parent_body else \
        body(issuer).startswith(_DISTRICT_BODY)
    return district_site.rstrip("/") + "/" + path if ours else None
