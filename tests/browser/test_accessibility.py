"""Every kind of page of the demo site is usable by everyone, on a desktop and on a phone.

- axe-core (npm, pinned: `make axe`) runs in Chromium over one page of every page kind
  (every URL name of urls.py, the blog's archive and category pages, a hand-written page,
  the 404 page, the search dialog open with results) at 1280 and 390 px: no `serious` or
  `critical` violation, no heading that skips a level;
- links, tabs, footer links, buttons and search results keep 4.5:1 while hovered and
  focused, and the keyboard's focus ring stands out 3:1 on the header and on the page;
- at 390 px no page scrolls sideways and every table of awards is a list of cards;
- printed (Chromium's print media), a page shows the school, its address and date, and
  none of the site's chrome.

Skipped, with the reason, without Chromium or axe-core; .ci/run sets BANGVANG_REQUIRE_BROWSER=1.
"""
from __future__ import annotations

import re

import pytest
from lxml import html

from a11y_support import (WIDTHS, audit, axe_violations, describe, open_search_results, page_kinds,
                          require_axe)
from browser_support import build_demo, chromium, require_chromium, serve


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_chromium()
    return build_demo(tmp_path_factory.mktemp("demo-a11y"))


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def axe_source():
    return require_axe()


@pytest.fixture(scope="module")
def kinds(site):
    return page_kinds(site)


def test_one_page_of_every_url_name_is_checked(kinds):
    from bangvang.pages.urls import URLS
    assert set(URLS) - set(kinds) == set()
    assert {"news_archive", "news_category", "hand_written", "not_found"} <= set(kinds)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_serious_or_critical_axe_violation_on_any_page_kind(browser, base, axe_source, kinds, width):
    found = audit(browser, base, axe_source, width, kinds)
    assert describe(found) == []
    skipped = [f"{kind}: {v['nodes'][0]['target']}" for kind, vs in found.items()
               for v in vs if v["id"] == "heading-order"]
    assert skipped == []


def test_headings_never_skip_a_level_on_any_page(site):
    """Every HTML file of the site, theme-made pages included: one h1, then no jump."""
    bad = []
    for path in sorted(site.rglob("*.html")):
        if "pagefind" in path.parts or "assets" in path.parts:
            continue
        levels = [int(h.tag[1]) for h in html.parse(str(path)).getroot().iter(
            "h1", "h2", "h3", "h4", "h5", "h6")]
        if not levels:   # a redirect page
            continue
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        if levels[0] != 1 or levels.count(1) != 1 or jumps:
            bad.append(f"{path.relative_to(site)}: {levels[:12]}")
    assert bad == []


# What a reader points at or tabs to, by page. Hovered, then focused, each keeps 4.5:1
# (axe's color-contrast on that one element in that state).
INTERACTIVE = {
    "home": [".md-typeset a[href]", ".md-tabs__link", ".md-footer__link", ".md-copyright a",
             "[data-bv-search-open]"],
    "honour_roll": [".bv-roll a[href]", ".bv-filter input"],
    "exemplar": [".bv-facts a[href]"],
}


def test_hovered_and_focused_elements_keep_their_contrast(browser, base, axe_source, kinds):
    context = browser.new_context(viewport=WIDTHS["desktop"])
    page = context.new_page()
    found = {}
    for kind, selectors in INTERACTIVE.items():
        page.goto(base + kinds[kind])
        for selector in selectors:
            element = page.locator(selector).first
            for state in ("hover", "focus"):
                getattr(element, state)()
                page.wait_for_timeout(250)   # the theme's colour transitions
                element.evaluate("e => e.setAttribute('data-bv-probe', '')")
                found[f"{kind} {selector} {state}"] = axe_violations(
                    page, axe_source, "[data-bv-probe]", ["color-contrast"])
                element.evaluate("e => e.removeAttribute('data-bv-probe')")
                page.mouse.move(0, 0)
    # A search result, hovered and focused: its title, badge, year and excerpt on the tint.
    page.goto(base)
    open_search_results(page)
    result = page.locator(".bv-search__link").first
    for state in ("hover", "focus"):
        getattr(result, state)()
        page.wait_for_timeout(250)
        found[f"search result {state}"] = axe_violations(
            page, axe_source, ".bv-search__result", ["color-contrast"])
    context.close()
    assert len(found) == 18
    assert describe(found) == []


def _award_tables(site):
    """(page, table) for every table of awards in the built site (its columns say so)."""
    for path in sorted(site.rglob("index.html")):
        if "pagefind" in path.parts:
            continue
        for table in html.parse(str(path)).getroot().iter("table"):
            heads = [th.text_content().strip() for th in table.iter("th")]
            if "Họ tên" in heads and "Quyết định" in heads:
                yield path.relative_to(site).parent.as_posix(), table


def test_every_award_table_is_made_of_cards_on_phones(site):
    tables = list(_award_tables(site))
    pages = {p for p, _ in tables}
    assert any(p.startswith("bang-vang/") for p in pages)
    assert any(p.startswith("danh-hieu/") for p in pages)
    assert any(p.startswith("phong-trao/") for p in pages)
    outside = [p for p, table in tables
               if not any("bv-awards" in (a.get("class") or "").split() for a in table.iterancestors())]
    assert outside == []


def test_on_a_390_px_phone_nothing_is_wider_than_the_screen(browser, base, kinds):
    context = browser.new_context(viewport=WIDTHS["phone"], is_mobile=True, has_touch=True)
    page = context.new_page()
    problems = []
    for kind, path in kinds.items():
        page.goto(base + path)
        page.wait_for_timeout(200)
        found = page.evaluate("""() => {
            const width = document.documentElement.clientWidth;
            const out = [];
            if (document.scrollingElement.scrollWidth > width) out.push('page scrolls sideways');
            for (const row of document.querySelectorAll('.bv-cards tbody tr')) {
                const box = row.getBoundingClientRect();
                if (getComputedStyle(row).display !== 'block') { out.push('row is not a card'); break; }
                if (box.left < 0 || box.right > width) { out.push('card cut: ' + row.textContent.slice(0, 40)); break; }
            }
            for (const wrap of document.querySelectorAll('.bv-cards .md-typeset__scrollwrap'))
                if (wrap.scrollWidth > wrap.clientWidth + 1) out.push('cards scroll sideways');
            return out;
        }""")
        problems += [f"{kind} ({path}): {p}" for p in found]
    context.close()
    assert problems == []


def test_a_printed_honour_roll_shows_school_address_and_date_and_no_chrome(browser, base, kinds):
    context = browser.new_context(viewport=WIDTHS["desktop"])
    page = context.new_page()
    path = kinds["honour_roll"]
    page.goto(base + path)
    assert not page.locator(".bv-print").first.is_visible()   # on screen: not there
    page.emulate_media(media="print")
    head, foot = page.locator(".bv-print--head"), page.locator(".bv-print--foot")
    assert head.is_visible() and foot.is_visible()
    school = page.inner_text(".md-copyright__highlight").strip().removeprefix("©").strip()
    assert school and head.inner_text().strip() == school
    assert re.search(r"In từ trang https?://\S+/" + re.escape(path) + r" — nội dung cập nhật ngày \d\d/\d\d/\d{4}\.",
                     foot.inner_text())
    for chrome in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".bv-filter"):
        assert not page.locator(chrome).first.is_visible(), chrome
    styles = page.evaluate("""() => [...document.querySelectorAll('.bv-roll tr, .bv-cards')]
        .map(e => getComputedStyle(e).breakInside)""")
    assert styles and set(styles) == {"avoid"}
    assert page.pdf(format="A4")[:4] == b"%PDF"
    context.close()


def _luminance(rgb: str) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (float(v) for v in re.findall(r"[\d.]+", rgb)[:3])
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_the_keyboard_focus_ring_stands_out_on_the_header_and_on_the_page(browser, base):
    context = browser.new_context(viewport=WIDTHS["desktop"])
    page = context.new_page()
    page.goto(base)
    seen = {}
    for _ in range(40):   # tab through the header into the page
        page.keyboard.press("Tab")
        ring, background, where = page.evaluate("""() => {
            const e = document.activeElement, style = getComputedStyle(e);
            let b = e, bg = 'rgba(0, 0, 0, 0)';
            while (b && (bg = getComputedStyle(b).backgroundColor) === 'rgba(0, 0, 0, 0)') b = b.parentElement;
            return [style.outlineStyle === 'none' ? null : style.outlineColor,
                    bg === 'rgba(0, 0, 0, 0)' ? 'rgb(255, 255, 255)' : bg,
                    e.closest('.md-header, .md-tabs') ? 'header' : 'page'];
        }""")
        if ring:
            light, dark = sorted((_luminance(ring), _luminance(background)), reverse=True)
            seen.setdefault(where, []).append(round((light + 0.05) / (dark + 0.05), 2))
    context.close()
    assert set(seen) == {"header", "page"}
    assert min(seen["header"]) >= 3 and min(seen["page"]) >= 3, seen
