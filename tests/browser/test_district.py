"""One search across a district (bangvang/district/), in Chromium at phone width: the
district of tests/test_district.py (six schools built and served on 127.0.0.1), its portal
built with `bangvang district build` and served the same way.

A parent types a student's full name without accents (đ included) and finds her at the
school that published her, the school's name on the result; the school filter narrows the
results to one school's pages. After warm builds (tests/test_district_search.py): the kept
index with a changed school's pages folded in answers for every school, the school's old
text does not; after a rename the old name is found nowhere.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from browser_support import Console, chromium, require_chromium, serve


def _district_tests(name: str):
    """tests/<name>.py, under another name: this module has the basename of one."""
    key = f"district_tests_{name}"
    if key not in sys.modules:
        path = Path(__file__).resolve().parent.parent / f"{name}.py"
        spec = importlib.util.spec_from_file_location(key, path)
        sys.modules[key] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[key])
    return sys.modules[key]


_TESTS = _district_tests("test_district")
_WARM = _district_tests("test_district_search")
STUDENT = _TESTS.STUDENT
served, district = _TESTS.served, _TESTS.district     # its fixtures, used here
stages = _WARM.stages                                 # the warm builds' sites

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
    """The results shown for the query in the box (a filter chosen first shows its own list
    before the query's: wait for the list that answers the query, then read it)."""
    page.wait_for_function(
        "document.getElementById('pg-results').dataset.query === [document.getElementById("
        "'pg-q').value.trim(), document.getElementById('pg-truong').value, "
        "document.getElementById('pg-cum').value].join('|')", timeout=20000)
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


def _search(site, query: str, school: str = "", cluster: str = "") -> list[tuple[str, str]]:
    """The results for `query` on the district site `site`, at phone width."""
    with serve(site) as url, chromium() as browser:
        context = browser.new_context(viewport=PHONE, locale="vi-VN")
        page = context.new_page()
        console = Console(page)
        page.goto(url)
        page.wait_for_function("document.querySelectorAll('#pg-truong option').length > 2")
        if school:
            page.select_option("#pg-truong", school)
        if cluster:
            page.select_option("#pg-cum", cluster)
        page.fill("#pg-q", query)
        found = results(page)
        if found:       # every result's page exists in the site it was found in
            for href in page.locator("#pg-results li a").evaluate_all("as => as.map(a => a.href)"):
                assert page.request.get(href).ok, href
        context.close()
        assert console.errors == []
    return found


CHANGED = _WARM.CHANGING[1]


def test_before_the_change_the_schools_story_is_found(stages):
    found = _search(stages["cold"]["site"], "xom bau sen")
    assert CHANGED in [school for _, school in found], found


def test_after_a_warm_build_the_changed_school_answers_from_the_kept_index(stages):
    site = stages["warm1"]["site"]
    assert not list(site.glob("pagefind-*"))     # one index: the changed pages folded in
    found = _search(site, "khong thi ngoc han")          # the teacher it just published
    assert found[0] == (_WARM.NEW_TEACHER, CHANGED), found
    # Its story's old text is not found any more (taken out of the kept index), the new
    # text is.
    assert CHANGED not in [school for _, school in _search(site, "xom bau sen")]
    assert CHANGED in [school for _, school in _search(site, "thu vien sach xanh go may")]
    # People of the schools that did not change are found as before, from the kept index.
    found = _search(site, "dang thi thuy duong")
    assert found[0] == (STUDENT, "Trường THCS Nguyễn Du"), found


def test_the_school_and_cluster_filters_work_after_a_warm_build(stages):
    site = stages["warm1"]["site"]
    found = _search(site, "thu trang", school=CHANGED)
    assert (_WARM.KEPT, CHANGED) in found and {s for _, s in found} == {CHANGED}, found
    assert STUDENT not in [t for t, _ in _search(site, "dang thi thuy duong", school=CHANGED)]
    found = _search(site, "dang thi thuy duong", cluster="Cụm 2")     # Nguyễn Du: Cụm 2
    assert found[0] == (STUDENT, "Trường THCS Nguyễn Du"), found
    found = _search(site, "khong thi ngoc han", cluster="Cụm 2")      # Võ Thị Sáu: Cụm 2
    assert found[0] == (_WARM.NEW_TEACHER, CHANGED), found
    found = _search(site, "khong thi ngoc han", cluster="Cụm 1")
    assert _WARM.NEW_TEACHER not in [t for t, _ in found], found


def test_after_a_rename_the_old_name_is_not_found_and_the_new_one_is(stages):
    site = stages["warm2"]["site"]
    assert _WARM.KEPT not in [t for t, _ in _search(site, "nguy thi thu trang")]
    found = _search(site, "luc thi thu trang")
    assert found[0] == (_WARM.RENAMED, CHANGED), found
    found = _search(stages["warm1"]["site"], "nguy thi thu trang")   # before the rename
    assert found[0] == (_WARM.KEPT, CHANGED), found
