"""One search across a district (bangvang/district/), in Chromium at phone width: the
district of tests/test_district.py (six schools built and served on 127.0.0.1), its portal
built with `bangvang district build` and served the same way.

A parent types a student's full name without accents (đ included) and finds her at the
school that published her, the school's name on the result; the school filter narrows the
results to one school's pages.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from browser_support import Console, chromium, require_chromium, serve


def _district_tests():
    """tests/test_district.py, under another name: this module has its basename."""
    path = Path(__file__).resolve().parent.parent / "test_district.py"
    spec = importlib.util.spec_from_file_location("district_tests", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_TESTS = _district_tests()
STUDENT = _TESTS.STUDENT
served, district = _TESTS.served, _TESTS.district     # its fixtures, used here

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def portal(district):
    require_chromium()
    root, *_ = district
    with serve(root / "site") as url:
        yield url


@pytest.fixture
def page(portal):
    with chromium() as browser:
        context = browser.new_context(viewport=PHONE, locale="vi-VN")
        page = context.new_page()
        console = Console(page)
        page.goto(portal)
        yield page
        context.close()
        assert console.errors == []


def results(page) -> list[tuple[str, str]]:
    page.wait_for_selector("#pg-results li, #pg-results p", timeout=20000)
    return [(item.locator("a").inner_text(), item.locator(".pg-school-name").inner_text())
            for item in page.locator("#pg-results li").all()]


def test_a_student_is_found_by_her_full_name_without_accents_with_her_school(page):
    page.fill("#pg-q", "dang thi thuy duong")
    found = results(page)
    assert found[0] == (STUDENT, "Trường THCS Nguyễn Du"), found
    link = page.locator("#pg-results li a").first.get_attribute("href")
    assert "/truong/79000103/nguoi/" in link and link.endswith(".html")
    page.locator("#pg-results li a").first.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == STUDENT
    assert "Trường THCS Nguyễn Du" in page.locator("main").inner_text()
    # The result fits the phone's width: nothing to scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_school_filter_keeps_one_schools_pages(page):
    page.wait_for_function("document.querySelectorAll('#pg-truong option').length > 2")
    page.select_option("#pg-truong", "Trường THCS Hòa An")
    page.fill("#pg-q", "dang thi thuy duong")
    page.wait_for_timeout(300)
    found = results(page)
    assert STUDENT not in [title for title, _ in found]
    assert all(school == "Trường THCS Hòa An" for _, school in found), found
    page.select_option("#pg-truong", "")
    page.wait_for_function(f"document.querySelector('#pg-results a') && "
                           f"document.querySelector('#pg-results a').textContent === '{STUDENT}'")


def test_a_teacher_named_in_the_districts_own_decision_is_found_on_it(page):
    page.fill("#pg-q", "le thi hong nhung")
    found = results(page)
    decision = [(title, school) for title, school in found if title.startswith("Quyết định")]
    assert decision and decision[0][1] == _TESTS.ISSUER, found
    page.locator("#pg-results li a", has_text="Quyết định số 120").first.click()
    page.wait_for_selector(".pg-awards")
    assert "Lê Thị Hồng Nhung" in page.locator(".pg-awards").inner_text()
    # The district's students are shown by initials: nobody finds them by name.
    page.goto(page.url.split("/khen-thuong/")[0] + "/")
    page.fill("#pg-q", "pham gia bao ngoc")
    assert not any(t.startswith("Quyết định") for t, _ in results(page))
