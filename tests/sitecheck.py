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


def all_text(site: Path):
    """(relative path, text) for every file under the site; gzip files are opened."""
    for file in sorted(site.rglob("*")):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
        yield file.relative_to(site).as_posix(), data.decode("utf-8", errors="ignore")
