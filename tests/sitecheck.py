"""Helpers for tests that read a built site: pages, links, files as text."""
from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html


def page(site: Path, url_path: str):
    """Parsed HTML of the page at a site URL path like "bang-vang/2023-2024/"."""
    target = site / url_path.strip("/") / "index.html" if not url_path.endswith(".html") \
        else site / url_path
    return html.fromstring(target.read_text("utf-8"))


def main_content(document):
    return document.cssselect("article.md-content__inner")[0]


def broken_links(site: Path) -> list[str]:
    """Every internal href/src in every HTML file that points at nothing."""
    broken = []
    for file in site.rglob("*.html"):
        document = html.fromstring(file.read_text("utf-8"))
        for element, attribute, link, _ in document.iterlinks():
            if attribute not in ("href", "src"):
                continue
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "javascript:")):
                continue
            path = unquote(parts.path)
            base = site if path.startswith("/") else file.parent
            target = (base / path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{file.relative_to(site)} → {link}")
    return broken


PAGEFIND_SIGNATURE = b"pagefind_dcd"


def all_text(site: Path):
    """(relative path, text) for every file under the site, as a leak would show in it.

    Gzip files are opened. Pagefind's search files (pagefind/: fragments, index chunks,
    filters, metadata) are gzip with a "pagefind_dcd" signature in front of JSON (fragments)
    or CBOR (index, filters, metadata), whose strings are plain UTF-8: the words of the
    index, lower-cased and without tones, are there to be found.
    """
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
        if data.startswith(PAGEFIND_SIGNATURE):
            data = data[len(PAGEFIND_SIGNATURE):]
        yield file.relative_to(site).as_posix(), data.decode("utf-8", errors="ignore")


def pagefind_files(site: Path) -> dict[str, str]:
    """The decoded data files of the Pagefind index (not its JavaScript and CSS)."""
    return {path: text for path, text in all_text(site)
            if path.startswith("pagefind/") and path.endswith((".pf_fragment", ".pf_index",
                                                                ".pf_filter", ".pf_meta"))}
