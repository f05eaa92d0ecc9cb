"""No script from a record runs in a reader's browser.

One hostile project (tests/payloads.py) puts script payloads into every text field of every
kind of record, the school's data and the vocabulary labels, plus a plan made by the
importer from a text full of markup. It is checked (a one-line field may be refused, naming
its file and line), built once, and then:

- without a browser, every file of site/ is read: no HTML comment from a body, no <script>
  holding a payload, no event handler, script URL, frame, object, base or meta refresh;
- in Chromium, every page is opened: no dialog opens, the live DOM holds none of the above,
  no page navigates away or hides its body, and the search box shows hostile text as text.

Each payload has its own number (`alert(137)`): a failure names the field it came from.
Browser tests are skipped without Chromium, unless BANGVANG_REQUIRE_BROWSER=1.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from lxml import html

import payloads
from browser_support import chromium, open_search, require_chromium, search, serve
from sitecheck import all_text, main_content, markup_files, page, scripts_mentioning, unsafe_markup


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> payloads.HostileSite:
    return payloads.build_hostile_site(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def site(hostile):
    if hostile.failure:
        pytest.fail(hostile.failure, pytrace=False)
    return hostile.site


def named(hostile, findings: list[tuple[str, str]]) -> list[str]:
    """One line per distinct finding: 'snippet ← field it came from (pages)', readable."""
    pages: dict[str, list[str]] = {}
    for where, snippet in findings:
        pages.setdefault(snippet[:160], []).append(where)
    lines = []
    for snippet, where in pages.items():
        shown = ", ".join(sorted(set(where))[:3]) + (f" +{len(set(where)) - 3}" if len(set(where)) > 3 else "")
        lines.append(f"{hostile.describe(snippet)} ← {snippet}  (on {shown})")
    return sorted(lines)


def assert_none(hostile, findings: list[tuple[str, str]], what: str) -> None:
    lines = named(hostile, findings)
    if lines:
        pytest.fail(f"{len(lines)} distinct {what}:\n" + "\n".join(lines[:80])
                    + ("\n…" if len(lines) > 80 else ""), pytrace=False)


# ------------------------------------------------------------------ without a browser

def test_hostile_project_passes_check_and_builds(hostile):
    """Bodies are accepted; a one-line field is either accepted or refused naming file:line."""
    if hostile.failure:
        pytest.fail(hostile.failure, pytrace=False)
    for number, line in hostile.refused.items():
        assert payloads.LOCATION.match(line), line
        assert hostile.registry[number].where, number
    assert (hostile.site / "index.html").is_file()


def test_plan_imported_from_a_text_with_markup_is_published(hostile, site):
    assert hostile.imported_plan is not None, \
        "`bangvang import plan` wrote no record:\n" + hostile.import_output
    assert "Traceback" not in hostile.import_output
    page_file = site / "ke-hoach" / hostile.imported_plan.stem / "index.html"
    assert page_file.is_file(), f"the imported plan was not published at {page_file}"


def test_no_html_comment_reaches_any_file(hostile, site):
    leaks = [(path, marker) for path, text in all_text(site)
             for marker in sorted(set(re.findall(r"zqcomment\d*", text)))]
    assert_none(hostile, leaks, "HTML comments from records in site/ files")


def test_no_script_block_holds_a_payload_in_any_file(hostile, site):
    found = [(path, snippet) for path, text in markup_files(site)
             for snippet in scripts_mentioning(text, "alert(")]
    assert_none(hostile, found, "<script> blocks holding a payload")


def test_no_handler_script_url_frame_or_refresh_in_any_page(hostile, site):
    found = []
    for file in sorted(site.rglob("*.html")):
        document = html.fromstring(file.read_bytes())
        found += [(file.relative_to(site).as_posix(), s) for s in unsafe_markup(document)]
    assert_none(hostile, found, "live elements or attributes from records in built pages")


def test_entity_encoded_markup_stays_visible_text(hostile, site):
    """`&lt;script&gt;` in a body is text the reader sees, never decoded into a tag."""
    entity = [p for p in hostile.registry.values()
              if p.family == "entity-encoded" and p.where == "exemplars/zq-guong.md body"]
    assert entity
    document = page(site, "guong-dien-hinh/zq-guong/")
    text = main_content(document).text_content()
    scripts = " ".join(s.text_content() for s in document.iter("script"))
    for payload in entity:
        assert f"<script>alert({payload.number})</script>" in text, \
            f"{payload}: the escaped markup is no longer visible as text"
        assert f"alert({payload.number})" not in scripts, f"{payload}: decoded into a live <script>"


def test_ordinary_formatting_still_works(site):
    content = main_content(page(site, f"guong-dien-hinh/{payloads.LEGIT_ID}/"))
    assert content.cssselect("table td"), "a Markdown table lost its markup"
    assert [b for b in content.cssselect("strong, b") if "zqbold" in b.text_content()]
    assert len(content.cssselect("ul li")) >= 2
    assert content.cssselect('a[href^="https://example.org"]')
    assert [i for i in content.cssselect("img") if i.get("src", "").endswith("ban-truyen-thong.svg")]


# ------------------------------------------------------------------ in Chromium

DOM_SCAN = """() => {
  const found = [];
  const urlAttributes = new Set(["href", "src", "action", "formaction", "data", "poster",
    "background", "srcset", "cite", "ping", "codebase", "manifest"]);
  const embedding = new Set(["IFRAME", "FRAME", "FRAMESET", "OBJECT", "EMBED", "APPLET", "BASE",
    "PORTAL"]);
  const squeeze = v => v.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toUpperCase();
    for (const a of el.attributes) {
      const name = a.localName.toLowerCase();
      if (name.startsWith("on") && /alert/i.test(a.value)) found.push(`<${tag} ${name}="${a.value}">`);
      else if (urlAttributes.has(name) && /^(javascript|data|vbscript):/.test(squeeze(a.value)))
        found.push(`<${tag} ${name}="${a.value}">`);
      else if (name === "srcdoc") found.push(`<${tag} srcdoc="${a.value}">`);
    }
    // A JSON data island (JSON-LD) is never run; text that broke out of one would be a
    // script element of its own, without the type, and be found here.
    const island = tag === "SCRIPT" && /^application[/](ld[+])?json$/i.test((el.type || "").trim());
    if ((tag === "SCRIPT" || tag === "STYLE") && !island && el.textContent.includes("alert("))
      found.push(`<${tag}>${el.textContent.trim().slice(0, 80)}`);
    if (embedding.has(tag)) found.push(`<${tag} ${el.outerHTML.slice(0, 100)}`);
    if (tag === "META" && (el.getAttribute("http-equiv") || "").trim().toLowerCase() === "refresh")
      found.push(`<META refresh ${el.getAttribute("content")}>`);
  }
  for (const node of [document.documentElement, document.body])
    if (node && getComputedStyle(node).display === "none") found.push(`<${node.tagName}> hidden by a style`);
  return found;
}"""


@dataclass
class Visits:
    pages: int = 0
    dialogs: list[tuple[str, str]] = field(default_factory=list)     # (page, message)
    dom: list[tuple[str, str]] = field(default_factory=list)         # (page, finding)
    moved: list[tuple[str, str]] = field(default_factory=list)       # (page, where it went)


def page_urls(site) -> list[str]:
    urls = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        urls.append(relative[:-len("index.html")] if relative.endswith("index.html") else relative)
    return urls


@pytest.fixture(scope="module")
def served(site):
    require_chromium()
    with serve(site) as base:
        yield base


@pytest.fixture(scope="module")
def browser(served):
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def visits(site, served, browser) -> Visits:
    """Every HTML page of the hostile site opened once, dialogs and live DOM recorded."""
    seen = Visits()
    context = browser.new_context(locale="vi-VN")
    tab = context.new_page()
    current = {"url": ""}

    def on_dialog(dialog):
        seen.dialogs.append((current["url"], f"{dialog.type}: {dialog.message}"))
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    try:
        for url in page_urls(site):
            current["url"] = url
            tab.goto(served + url, wait_until="load")
            tab.wait_for_timeout(40)   # onerror/onload/ontoggle handlers fire after load
            if tab.url != served + url:
                seen.moved.append((url, tab.url))
                continue
            seen.dom += [(url, finding) for finding in tab.evaluate(DOM_SCAN)]
            seen.pages += 1
    finally:
        context.close()
    return seen


def test_no_dialog_opens_on_any_page(hostile, visits):
    assert visits.pages >= 30
    assert_none(hostile, visits.dialogs, "dialogs opened by record payloads")


def test_live_dom_has_no_handler_script_url_or_frame(hostile, visits):
    assert_none(hostile, visits.dom, "live elements or attributes in the browser DOM")


def test_no_page_navigates_away(hostile, visits):
    assert_none(hostile, visits.moved, "pages that navigated away by themselves")


def test_search_box_shows_hostile_text_as_text(hostile, served, browser):
    context = browser.new_context(locale="vi-VN")
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda d: (dialogs.append(("search", d.message)), d.dismiss()))
    try:
        tab.goto(served, wait_until="load")
        open_search(tab)
        found = search(tab, payloads.SEARCH_WORD)
        tab.wait_for_timeout(100)
        dom = [("search results", f) for f in tab.evaluate(DOM_SCAN)]
    finally:
        context.close()
    assert found, "the search box found none of the hostile pages"
    assert_none(hostile, dialogs, "dialogs opened while searching")
    assert_none(hostile, dom, "live elements or attributes on the page with search results")
