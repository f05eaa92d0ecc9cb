"""Helpers for the accessibility and layout tests: one page of every page kind of a built
site, and axe-core (from npm, installed by `make axe` into .build/node) run inside Chromium.

Usable as a script to print the figures of a built site (before/after a change):

    .venv/bin/python tests/browser/a11y_support.py site/
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / ".build" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
BLOCKING = ("serious", "critical")
# Pages of the theme (blog) and of the site that no URL name of urls.py covers.
EXTRA_KINDS = {
    "news_archive": re.compile(r"^tin-tuc/luu-tru/.+/$"),
    "news_category": re.compile(r"^tin-tuc/chu-de/[^/]+/$"),
    "hand_written": re.compile(r"^gioi-thieu/$"),
}
SEARCH_QUERY = "nguyen"


def require_axe() -> str:
    """The axe-core script; skipped (failed under CI) when `make axe` has not installed it."""
    if not AXE.exists():
        problem = (f"axe-core chưa được cài ở {AXE.relative_to(REPO)}: bỏ qua kiểm tra khả năng "
                   "tiếp cận. Cài bằng `make axe` (npm).")
        if os.environ.get("BANGVANG_REQUIRE_BROWSER") == "1":
            pytest.fail(problem + " (BANGVANG_REQUIRE_BROWSER=1: bắt buộc chạy)", pytrace=False)
        pytest.skip(problem)
    return AXE.read_text(encoding="utf-8")


def _pattern(url_pattern: str) -> re.Pattern:
    """urls.URLS pattern → regex of the served path ("bang-vang/{id}" → ^bang-vang/[^/]+/$)."""
    parts = re.split(r"\{[a-z_]+\}", url_pattern)
    body = "[^/]+".join(re.escape(p) for p in parts)
    if body and not body.endswith("/"):
        body += "/"
    return re.compile(f"^{body}$")


def page_kinds(site: Path) -> dict[str, str]:
    """One served path per page kind: every URL name of urls.URLS, the blog's archive and
    category pages, a hand-written page, the 404 page. The first page in sorted order that
    no more specific pattern claims."""
    from bangvang.pages.urls import URLS
    served = sorted("" if p.parent == site else p.parent.relative_to(site).as_posix() + "/"
                    for p in site.rglob("index.html")
                    if "pagefind" not in p.parts and "assets" not in p.parts)
    patterns = {**{name: _pattern(p) for name, p in URLS.items()}, **EXTRA_KINDS}
    claimed: dict[str, str] = {}
    for path in served:
        names = [n for n, rx in patterns.items() if rx.match(path)]
        # A path matched by a fixed pattern (danh-hieu/) is not also a {key} page.
        fixed = [n for n in names if "{" not in URLS.get(n, "{")]
        for name in fixed or names:
            claimed.setdefault(name, path)
    claimed["not_found"] = "404.html"
    return claimed


def open_search_results(page) -> None:
    page.click("[data-bv-search-open]")
    page.wait_for_selector("dialog.bv-search[open] .bv-search__input")
    page.fill(".bv-search__input", SEARCH_QUERY)
    page.wait_for_function(
        "q => document.querySelector('dialog.bv-search')?.getAttribute('data-done') === q + '||'",
        arg=SEARCH_QUERY, timeout=15000)
    page.wait_for_selector(".bv-search__result")


def axe_violations(page, axe_source: str, context: str | None = None, rules: list[str] | None = None) -> list[dict]:
    """axe-core's violations on the open page (or inside one element): id, impact, nodes."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return page.evaluate("""async ([context, options]) => {
        const result = await axe.run(context ? document.querySelector(context) : document, options);
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                                       html: n.html.slice(0, 160)}))}));
    }""", [context, options])


def audit(browser, base: str, axe_source: str, width: str, kinds: dict[str, str]) -> dict[str, list[dict]]:
    """{page kind: violations} at one width, plus the search dialog open with results."""
    context = browser.new_context(viewport=WIDTHS[width], locale="vi-VN")
    context.add_init_script(axe_source)
    page = context.new_page()
    found = {}
    try:
        for kind, path in kinds.items():
            page.goto(base + path)
            page.wait_for_timeout(200)  # the theme's fade-ins, scroll-regions.js
            found[kind] = axe_violations(page, axe_source)
        page.goto(base)
        open_search_results(page)
        found["search_open"] = axe_violations(page, axe_source)
    finally:
        context.close()
    return found


def describe(found: dict[str, list[dict]], impacts=BLOCKING) -> list[str]:
    """Readable lines: 'kind: rule (impact) ×nodes — first target: failure'."""
    lines = []
    for kind, violations in found.items():
        for v in violations:
            if v["impact"] in impacts:
                first = v["nodes"][0]
                lines.append(f"{kind}: {v['id']} ({v['impact']}) ×{len(v['nodes'])} — "
                             f"{first['target']}: {first['summary'][:200]}")
    return lines


def counts(found: dict[str, list[dict]]) -> dict[str, int]:
    """Violating nodes by impact, over all pages."""
    total: dict[str, int] = {}
    for violations in found.values():
        for v in violations:
            total[v["impact"]] = total.get(v["impact"], 0) + len(v["nodes"])
    return total


def _main(site: str) -> None:
    sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "browser"), str(REPO)]
    from browser_support import chromium, serve
    axe_source = AXE.read_text(encoding="utf-8")
    kinds = page_kinds(Path(site).resolve())
    with serve(Path(site)) as base, chromium() as browser:
        for width in WIDTHS:
            found = audit(browser, base, axe_source, width, kinds)
            print(f"== {width}: {counts(found)}")
            for line in describe(found, ("minor", "moderate", "serious", "critical")):
                print("  ", line)


if __name__ == "__main__":
    _main(*sys.argv[1:])
