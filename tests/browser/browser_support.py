"""Helpers for the search tests: build a site once, serve it on localhost, drive Chromium.

Not a conftest.py on purpose: tests/conftest.py is imported as the module `conftest` by the
other tests, and a second conftest.py outside a package would shadow it.
"""
from __future__ import annotations

import functools
import os
import shutil
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import MINI, built_demo, make_project, run_bangvang

HERE = Path(__file__).resolve().parent
SEARCH_RECORDS = HERE / "fixtures" / "search-school"
CHROMIUM = Path(os.environ.get("BANGVANG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
_built: dict[str, Path] = {}


def build_search_school(base: Path) -> Path:
    """tests/fixtures/mini-school + the search fixture records, built with `bangvang build`."""
    if "search" not in _built:
        root = make_project(base / "search-school", MINI)
        shutil.copytree(SEARCH_RECORDS, root, dirs_exist_ok=True)
        result = run_bangvang(root, "build")
        assert result.returncode == 0, result.stdout + result.stderr
        _built["search"] = root / "site"
    return _built["search"]


def build_demo(base: Path) -> Path:
    """The repository's demo school, built once per test session (conftest.built_demo)."""
    return built_demo(base) / "site"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(site: Path):
    """A threaded static server on 127.0.0.1, random port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def require_chromium():
    """Skip with the reason when Chromium or Playwright is missing; fail under CI."""
    problem = None
    if not CHROMIUM.exists():
        problem = (f"Chromium không có ở {CHROMIUM}: các bài kiểm tra trên trình duyệt bị bỏ qua. "
                   "Cài bằng `make browser` (cần root và apt-get: chromium chromium-driver).")
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "chưa cài Playwright (pip install playwright): bỏ qua các bài kiểm tra trên trình duyệt."
    if problem:
        if os.environ.get("BANGVANG_REQUIRE_BROWSER") == "1":
            pytest.fail(problem + " (BANGVANG_REQUIRE_BROWSER=1: bắt buộc chạy)", pytrace=False)
        pytest.skip(problem)


@contextmanager
def chromium():
    require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Console:
    """Console errors and uncaught exceptions of a page, to assert there are none."""

    def __init__(self, page):
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))


# ------------------------------------------------------------------ driving the search box

def open_search(page, how: str = "click"):
    if how == "click":
        page.click("[data-bv-search-open]")
    elif how == "slash":
        page.keyboard.press("/")
    elif how == "ctrl-k":
        page.keyboard.press("Control+k")
    page.wait_for_selector("dialog.bv-search[open] .bv-search__input")


def search(page, query: str, kind: str = "", year: str = "") -> list[dict]:
    """Type a query into the real box (key by key), set filters, wait, read the results."""
    page.select_option("select[name=kind]", label=kind or "Tất cả")
    page.select_option("select[name=school_year]", label=year or "Tất cả")
    box = page.locator(".bv-search__input")
    box.fill("")
    box.press_sequentially(query, delay=15)
    done = f"{query.strip()}|{kind}|{year}"
    page.wait_for_function(
        "done => document.querySelector('dialog.bv-search')?.getAttribute('data-done') === done",
        arg=done, timeout=15000)
    return results(page)


def results(page) -> list[dict]:
    return page.eval_on_selector_all(".bv-search__result > a.bv-search__link", """links => links.map(a => ({
        title: a.querySelector('.bv-search__title').textContent,
        kind: a.querySelector('.bv-search__badge').textContent,
        year: (a.querySelector('.bv-search__year') || {}).textContent || '',
        excerpt: a.querySelector('.bv-search__excerpt').textContent,
        marks: [...a.querySelectorAll('.bv-search__excerpt mark')].map(m => m.textContent),
        href: a.getAttribute('href')}))""")


def titles(found: list[dict]) -> list[str]:
    return [r["title"] for r in found]
