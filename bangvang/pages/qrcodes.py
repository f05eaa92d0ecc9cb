"""QR codes on the printed honour roll: per class, a small code to that class's part of the roll
on the site (the roll's address with the filter's `?lop=` query, which honour-filter.js reads),
so a parent at the school gate scans the paper with Zalo and lands on their child's class.

The codes are drawn by segno (pure Python, pinned) as inline SVG at build time: no script, no
request. The SVG is made from the address alone and checked against a strict shape (one
<svg>, one <path> of drawing commands) before it is marked safe; the class's name reaches the
page only as escaped text and, in the address, percent-encoded. Without `site_url` there is no
absolute address to print, so no code (check already says site_url is missing).

Drawing a code costs segno about 10 ms (mask selection), some 160 a build for a school of 32
classes over five years, the same every build: the codes are kept in .build/cache/qr.json
(address → SVG, text only) and each one read back is checked against the same shape.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from bangvang import caches
from bangvang.pages import urls
from bangvang.records.text import name_sort_key

FILTER_PARAMETER = "lop"     # honour-filter.js fills its box from ?lop=
CACHE_VERSION = 1
_drawn: dict[str, str] = {}  # address → segno's SVG (checked), this process and the cache file
_used: set[str] = set()
_SHAPE = re.compile(r'<svg width="\d+" height="\d+" class="segno"><path transform="scale\(\d+\)"'
                    r' class="qrline" stroke="#000" d="[Mmhv0-9. -]+"/></svg>')


def class_address(site_url: str, year: str, unit: str) -> str:
    page = urls.absolute(site_url, urls.url_for("honour_roll", id=year))
    return f"{page}?{FILTER_PARAMETER}={quote(unit, safe='')}"


def qr_svg(address: str) -> Markup:
    """The code of `address` as inline SVG, refused (ValueError) unless it has the one shape
    segno draws: nothing from a record can become markup here."""
    svg = _drawn.get(address)
    if svg is None:
        import segno
        svg = _drawn[address] = segno.make(address, error="m", micro=False).svg_inline(
            scale=2, border=2)
    _used.add(address)
    if not _SHAPE.fullmatch(svg):
        raise ValueError("unexpected QR code markup")
    return Markup(svg.replace('class="segno"', 'class="bv-qr__code" role="img" aria-hidden="true"'))


def class_codes(roll, site_url: str) -> list[dict]:
    """[{unit, address, svg}] for every class with a student named on the roll, in class order;
    [] without site_url."""
    if not site_url:
        return []
    units = {a.person.unit.strip() for a in roll.awards
             if a.person.listed and a.person.role == "student" and a.person.unit
             and a.person.kind == "person"}
    codes = []
    for unit in sorted(units, key=name_sort_key):
        address = class_address(site_url, roll.school_year, unit)
        codes.append({"unit": unit, "address": address, "svg": qr_svg(address)})
    return codes


def load_cache(path: Path) -> None:
    """Codes drawn by earlier builds; anything not in the expected form is left out (drawn
    again), and every code is checked against `_SHAPE` when used."""
    _used.clear()
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(data, dict) and data.get("version") == CACHE_VERSION and \
            isinstance(data.get("svg"), dict):
        _drawn.update({k: v for k, v in data["svg"].items()
                       if isinstance(k, str) and isinstance(v, str) and _SHAPE.fullmatch(v)})


def save_cache(path: Path) -> None:
    """Keep the codes this build used (written whole, only when they changed)."""
    kept = {address: _drawn[address] for address in sorted(_used)}
    try:
        if json.loads(path.read_text("utf-8")).get("svg") == kept:
            return
    except (OSError, ValueError, AttributeError):
        pass
    caches.write(path, json.dumps({"version": CACHE_VERSION, "svg": kept}).encode("utf-8"))
