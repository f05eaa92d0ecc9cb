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


# ------------------------------------------------------------------ trust checks (added)

import re  # noqa: E402  (kept with the helpers that use it)

DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background",
                  "srcset", "cite", "ping", "codebase", "manifest"}
EMBEDDING_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
SEARCH_DATA_SUFFIXES = (".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta")


def dangerous_url(value: str) -> bool:
    """Whether a browser would run or render `value` as a script or document URL.

    Browsers drop ASCII whitespace and control characters inside a scheme ("java\\tscript:")
    and fold its case, so the check does too.
    """
    squeezed = "".join(c for c in value if ord(c) > 0x20).lower()
    return squeezed.startswith(DANGEROUS_SCHEMES)


def unsafe_markup(document, word: str = "alert") -> list[str]:
    """What in a parsed HTML page could run a script or load a foreign document.

    Event handler attributes whose code mentions `word`, URL attributes with a javascript:,
    data: or vbscript: scheme, srcdoc, scripts and styles whose text mentions `word(`,
    iframes, objects, embeds, base and meta refresh elements.
    """
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.rsplit("}", 1)[-1].lower()
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()   # xlink:href → href
            if name.startswith("on") and word in value.lower():
                found.append(f"<{tag} {name}={value!r}>")
            elif name in URL_ATTRIBUTES and dangerous_url(value):
                found.append(f"<{tag} {name}={value!r}>")
            elif name == "srcdoc":
                found.append(f"<{tag} srcdoc={value!r}>")
        island = tag == "script" and re.fullmatch(r"application/(ld\+)?json",
                                                  (element.get("type") or "").strip(), re.I)
        # A JSON data island is never run; text breaking out of it would be a script element
        # of its own, without the type, and be found here.
        text = element.text_content() if tag in ("script", "style") and not island else ""
        if f"{word}(" in text:
            found.append(f"<{tag}>{text.strip()[:80]}</{tag}>")
        if tag in EMBEDDING_TAGS:
            found.append(f"<{tag} {dict(element.attrib)!r}>")
        if tag == "meta" and (element.get("http-equiv") or "").strip().lower() == "refresh":
            found.append(f"<meta http-equiv=refresh content={element.get('content')!r}>")
    return found


SCRIPT_BLOCK = re.compile(r"<script\b([^>]*)>(.*?)(?:</script\s*>|$)", re.I | re.S)


def scripts_mentioning(text: str, word: str = "alert(") -> list[str]:
    """Bodies of <script> blocks in raw text that mention `word` (JSON data islands aside)."""
    found = []
    for match in SCRIPT_BLOCK.finditer(text):
        if re.search(r"type\s*=\s*[\"']?application/(ld\+)?json", match[1], re.I):
            continue
        if word in match[2]:
            found.append(match[0][:120])
    return found


def markup_files(site: Path):
    """(path, text) of every file a browser could parse as markup: all but the search data.

    Pagefind's data files hold the visible text of each page, where an escaped payload is
    rightly plain text; the browser tests show the search box keeps it text. The open data
    (du-lieu/*.csv, *.json: text/csv and application/json, never parsed as markup) holds
    record text as written, which is what data is; tests/test_opendata.py checks it.
    """
    for path, text in all_text(site):
        if path.startswith("du-lieu/") and path.endswith((".csv", ".json")):
            continue
        if not path.endswith(SEARCH_DATA_SUFFIXES):
            yield path, text


def tree_snapshot(folder: Path, skip: tuple[Path, ...] = ()) -> dict[str, tuple[int, int]]:
    """Every file (and symlink) under `folder`, but the `skip` subtrees: size and mtime."""
    snapshot = {}
    skip = tuple(p.resolve() for p in skip)
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            continue
        if any(s == path.parent.resolve() / path.name or s in path.parents for s in skip):
            continue
        info = path.lstat()
        snapshot[path.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns)
    return snapshot
