"""Search in a real browser: Chromium types into the real search box of a built site.

The site is tests/fixtures/mini-school plus tests/browser/fixtures/search-school (names with
Đ next to names with D, "Ánh" next to "Anh"), built with `bangvang build` and served on
127.0.0.1. One test also searches the repository's demo school. Skipped, with the reason,
when Chromium is missing; .ci/run sets BANGVANG_REQUIRE_BROWSER=1 so they must run there.
"""
from __future__ import annotations

import pytest
from lxml import html

from browser_support import (Console, build_demo, build_search_school, chromium, open_search,
                             require_chromium, results, search, serve, titles)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    require_chromium()
    site = build_search_school(tmp_path_factory.mktemp("search"))
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _opened(browser, url: str, viewport: dict):
    """A fresh page at `url`; fails the test on any console error."""
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    console = Console(page)
    page.goto(url)
    yield page
    context.close()
    assert console.errors == []


@pytest.fixture
def page(browser, site_url):
    """A desktop page on an exemplar page."""
    yield from _opened(browser, site_url + "guong-dien-hinh/hs-2024-nhat-vi/", DESKTOP)


def test_folded_name_finds_the_name_written_with_đ(page):
    open_search(page)
    found = search(page, "dang van do")
    assert found[0]["title"] == "Đặng Văn Đỗ"
    assert found[0]["kind"] == "Gương điển hình" and found[0]["year"] == "Năm học 2023-2024"
    # The excerpt highlights the real words, with their accents.
    assert {"Đặng", "Văn", "Đỗ"} <= {m.strip(".,") for m in found[0]["marks"]}


@pytest.mark.parametrize("query", ["DANG VAN DO", "Dang Van Do", "dang văn đỗ", "Đặng Văn Đỗ"])
def test_any_mix_of_accents_and_case_finds_the_đ_name_first(page, query):
    open_search(page)
    assert search(page, query)[0]["title"] == "Đặng Văn Đỗ"


def test_exact_đ_word_ranks_its_pages_first_then_the_d_pages(page):
    open_search(page)
    found = titles(search(page, "Đường"))
    assert found[0] == "Trần Văn Đường"
    assert "Lê Thị Dương" in found
    # Every page with the word Đường comes before the page that only has Dương.
    assert found.index("Lê Thị Dương") > max(found.index(t) for t in
                                              ("Trần Văn Đường", "Lễ khai giảng năm học mới"))


def test_exact_d_word_ranks_its_page_first_then_the_đ_pages(page):
    open_search(page)
    found = titles(search(page, "dương"))
    assert found[0] == "Lê Thị Dương"
    assert found.index("Trần Văn Đường") > 0


def test_query_without_accents_finds_both_d_and_đ(page):
    open_search(page)
    found = titles(search(page, "duong"))
    assert {"Lê Thị Dương", "Trần Văn Đường"} <= set(found[:2])


def test_exact_tone_ranks_the_exact_name_first(page):
    open_search(page)
    tone, bare = {"Phạm Văn Ánh", "Lê Minh Ánh"}, {"Phạm Văn Anh", "Lê Minh Anh"}
    found = titles(search(page, "Ánh"))
    assert set(found[:2]) == tone and bare <= set(found[2:])
    found = titles(search(page, "Anh"))
    assert set(found[:2]) == bare and tone <= set(found[2:])
    assert titles(search(page, "pham van anh"))[:2] in (["Phạm Văn Anh", "Phạm Văn Ánh"],
                                                          ["Phạm Văn Ánh", "Phạm Văn Anh"])


def test_campaign_typed_without_accents(page):
    open_search(page)
    found = search(page, "nguoi tot viec tot")
    assert found[0]["title"] == "Người tốt, việc tốt" and found[0]["kind"] == "Phong trào"
    assert "Người" in found[0]["marks"][0]


def test_results_link_to_the_pages(page, site_url):
    open_search(page)
    found = search(page, "tran van duong")
    assert found[0]["href"] == "/guong-dien-hinh/tran-van-duong/"
    page.keyboard.press("Enter")
    page.wait_for_url(site_url + "guong-dien-hinh/tran-van-duong/")


def test_kind_filter(page):
    open_search(page)
    everything = search(page, "van")
    assert len({r["kind"] for r in everything}) >= 3
    rolls = search(page, "van", kind="Bảng vàng")
    assert rolls and {r["kind"] for r in rolls} == {"Bảng vàng"}
    news = search(page, "duong", kind="Tin tức")
    assert titles(news) == ["Lễ khai giảng năm học mới"]
    assert news[0]["year"] == "Năm học 2024-2025"  # from the post's date, 05/09/2024


def test_school_year_filter(page):
    open_search(page)
    found = search(page, "van", year="2024-2025")
    assert found and {r["year"] for r in found} == {"Năm học 2024-2025"}
    assert "Trần Văn Đường" in titles(found) and "Đặng Văn Đỗ" not in titles(found)
    both = search(page, "van", kind="Gương điển hình", year="2023-2024")
    assert {(r["kind"], r["year"]) for r in both} == {("Gương điển hình", "Năm học 2023-2024")}
    assert {"Đặng Văn Đỗ", "Phạm Văn Anh"} <= set(titles(both))
    assert "Phạm Văn Ánh" not in titles(both)


def test_filter_alone_lists_the_pages_of_a_kind(page):
    open_search(page)
    page.select_option("select[name=kind]", label="Kế hoạch")
    page.wait_for_function("document.querySelector('dialog.bv-search').getAttribute('data-done') === '|Kế hoạch|'")
    assert set(titles(results(page))) == {"Kế hoạch thi đua năm học 2023-2024",
                                          "Kế hoạch thi đua năm học 2024-2025"}


def test_nothing_found_says_so_in_vietnamese(page):
    open_search(page)
    assert search(page, "xqzv") == []
    assert "Không tìm thấy" in page.inner_text(".bv-search__status")


def test_slash_and_ctrl_k_open_the_search_and_escape_closes_it(page):
    page.keyboard.press("/")
    page.wait_for_selector("dialog.bv-search[open]")
    assert page.evaluate("document.activeElement.classList.contains('bv-search__input')")
    page.keyboard.press("Escape")
    page.wait_for_selector("dialog.bv-search", state="hidden")
    page.keyboard.press("Control+k")
    page.wait_for_selector("dialog.bv-search[open]")
    # Inside the box, "/" is just a character.
    page.keyboard.type("45/QĐ")
    assert page.input_value(".bv-search__input") == "45/QĐ"
    page.click(".bv-search__close")
    page.wait_for_selector("dialog.bv-search", state="hidden")


def test_header_button_is_in_the_material_header_with_vietnamese_ui(page):
    button = page.locator(".md-header [data-bv-search-open]")
    assert button.is_visible() and "Tìm kiếm" in button.inner_text()
    open_search(page)
    assert "gõ không dấu" in page.get_attribute(".bv-search__input", "placeholder")
    assert page.inner_text(".bv-search__filters").count("Tất cả") == 2


def test_phone_viewport(browser, site_url):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="vi-VN")
    page = context.new_page()
    console = Console(page)
    page.goto(site_url)
    button = page.locator(".md-header [data-bv-search-open]")
    box = button.bounding_box()
    assert button.is_visible() and box["x"] + box["width"] <= PHONE["width"]
    button.tap()
    page.wait_for_selector("dialog.bv-search[open] .bv-search__input")
    found = search(page, "dang van do")
    assert found[0]["title"] == "Đặng Văn Đỗ"
    dialog = page.locator("dialog.bv-search").bounding_box()
    assert dialog["width"] == pytest.approx(PHONE["width"], abs=1)
    first = page.locator(".bv-search__result").first.bounding_box()
    assert first["y"] + 40 < PHONE["height"] and first["x"] >= 0
    assert first["x"] + first["width"] <= PHONE["width"]
    assert page.evaluate("document.querySelector('dialog.bv-search').scrollWidth") <= PHONE["width"]
    context.close()
    assert console.errors == []


def test_honour_roll_filter_narrows_the_table_in_place_without_the_index(browser, site_url):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    console = Console(page)
    loaded = []
    page.on("request", lambda r: "/pagefind/" in r.url and loaded.append(r.url))
    page.goto(site_url + "bang-vang/2024-2025/")
    rows = page.locator(".bv-roll tbody tr")
    total = rows.count()
    assert total == 14
    box = page.locator(".bv-filter input")
    assert page.inner_text(".bv-filter__count") == f"Đang hiện {total} / {total}"

    def visible_names():
        return [r.locator("td").nth(1).inner_text() for r in rows.all() if r.is_visible()]

    box.press_sequentially("duc")
    assert sorted(visible_names()) == ["Hoàng Minh Đức", "Vũ Đức Thắng"]
    assert page.inner_text(".bv-filter__count") == f"Đang hiện 2 / {total}"
    # Groups with no match disappear whole; the others keep their heading.
    headings = [h.inner_text() for h in page.locator(".bv-roll h2").all() if h.is_visible()]
    assert len(headings) == 2 and any("Học sinh xuất sắc" in h for h in headings)
    box.fill("")
    box.press_sequentially("8a")
    assert sorted(visible_names()) == ["Lưu Hải Đăng", "Lớp 8A"]
    box.fill("")
    box.press_sequentially("to ngu van")  # a team, without accents
    assert sorted(visible_names()) == ["Phan Thị Đào", "Trần Văn Đường", "Vũ Đức Thắng"]
    box.fill("")
    assert len(visible_names()) == total
    assert loaded == []  # no round trip: the search index is never fetched
    context.close()
    assert console.errors == []


def test_honour_roll_without_javascript_shows_the_whole_table(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "bang-vang/2024-2025/")
    assert page.locator(".bv-filter").count() == 0
    assert page.locator(".bv-roll tbody tr").count() == 14
    assert not page.locator("[data-bv-search-open]").is_visible()
    context.close()


def test_demo_school_names_with_đ_are_found_typed_without_accents(browser, tmp_path_factory):
    """On the repository's demo school: every exemplar shown with a full name containing
    Đ/đ is the first result when its name is typed without any accent."""
    from bangvang.records.text import fold

    site = build_demo(tmp_path_factory.mktemp("demo-search"))
    names = []
    for file in sorted((site / "guong-dien-hinh").glob("*/index.html")):
        h1 = html.fromstring(file.read_text("utf-8")).cssselect("article h1")
        name = h1[0].text_content().strip() if h1 else ""
        if "đ" in name.lower() and "." not in name:
            names.append(name)
    assert names, "the demo school has no published name with Đ"
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    console = Console(page)
    with serve(site) as url:
        page.goto(url)
        open_search(page, "slash")
        for name in names:
            found = titles(search(page, fold(name)))
            assert found and found[0] == name, (name, found[:3])
    context.close()
    assert console.errors == []


# A parent types a child's full name on a phone: the child's own page comes first.
NAME_CASES = [
    ("dang hai dang", ["Đặng Hải Đăng"]),
    ("DANG HAI DANG", ["Đặng Hải Đăng"]),
    ("Đặng Hải Đăng", ["Đặng Hải Đăng"]),
    ("Lê Minh Ánh", ["Lê Minh Ánh"]),            # differs from Lê Minh Anh by a tone only
    ("Lê Minh Anh", ["Lê Minh Anh"]),
    ("le minh anh", ["Lê Minh Anh", "Lê Minh Ánh"]),   # without accents: both, nothing before
    ("Phan Thị Đào", ["Phan Thị Đào"]),          # differs from Phan Thị Dao by đ/d (and a tone)
    ("Phan Thị Dao", ["Phan Thị Dao"]),
    ("phan thi dao", ["Phan Thị Dao", "Phan Thị Đào"]),
]


@pytest.fixture
def phone_page(browser, site_url):
    """A phone-width page on an honour roll, where a parent starts a search."""
    yield from _opened(browser, site_url + "bang-vang/2024-2025/", PHONE)


@pytest.mark.parametrize("query,first", NAME_CASES)
def test_a_full_name_puts_that_person_s_page_first(phone_page, query, first):
    open_search(phone_page)
    found = search(phone_page, query)
    assert sorted(titles(found[:len(first)])) == sorted(first), titles(found)[:5]
    assert found[0]["href"].rstrip("/").rsplit("/", 2)[-2] == "nguoi"   # their own page


def test_a_given_name_alone_finds_everyone_who_has_it(phone_page):
    open_search(phone_page)
    found = titles(search(phone_page, "hai dang"))
    assert {"Đặng Hải Đăng", "Lưu Hải Đăng"} <= set(found)


def test_a_class_finds_the_child_of_that_class(phone_page):
    open_search(phone_page)
    assert "Đặng Hải Đăng" in titles(search(phone_page, "7a2"))


def test_words_only_in_a_story_are_found_in_the_full_index(phone_page):
    """The first search reads the light index (names, facts, summaries); a word that only a
    story's text holds is looked up in the full index by itself."""
    loaded = []
    phone_page.on("request", lambda r: "/pagefind/" in r.url and loaded.append(r.url))
    open_search(phone_page)
    assert titles(search(phone_page, "muoi hai doi")) == ["Phạm Văn Anh"]
    assert any("/pagefind/noi-dung/" in url for url in loaded)


def test_a_name_search_never_downloads_the_full_index_unless_asked(phone_page):
    loaded = []
    phone_page.on("request", lambda r: "/pagefind/" in r.url and loaded.append(r.url))
    open_search(phone_page)
    assert titles(search(phone_page, "dang hai dang"))[0] == "Đặng Hải Đăng"
    assert loaded and not any("/noi-dung/" in url for url in loaded)
    button = phone_page.locator(".bv-search__text")
    assert button.is_visible() and "nội dung" in button.inner_text()
    button.click()
    phone_page.wait_for_function(
        "() => document.querySelector('dialog.bv-search')?.getAttribute('data-done') === 'dang hai dang||'")
    assert any("/noi-dung/" in url for url in loaded)
    assert titles(results(phone_page))[0] == "Đặng Hải Đăng"


def test_after_a_story_edit_the_kept_index_finds_the_new_words_and_not_the_old(
        browser, tmp_path_factory):
    """A rebuild keeps the full index and indexes the changed story's group alone, folded
    into it (exports/searchkept.py, indexmerge.py): the new words are found, the old ones no
    more, and the other stories' words still are."""
    import shutil
    from browser_support import MINI, SEARCH_RECORDS, make_project, run_bangvang

    root = make_project(tmp_path_factory.mktemp("kept-search") / "school", MINI)
    shutil.copytree(SEARCH_RECORDS, root, dirs_exist_ok=True)
    assert run_bangvang(root, "build").returncode == 0
    story = root / "exemplars/pham-van-anh.md"
    story.write_text(story.read_text("utf-8").replace(
        "thu hút mười hai đội", "có xylanhqua tham gia"), "utf-8")
    rebuilt = run_bangvang(root, "build")
    assert "chỉ mục đầy đủ giữ từ lần trước" in rebuilt.stdout + rebuilt.stderr
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    console = Console(page)
    with serve(root / "site") as url:
        page.goto(url + "bang-vang/2024-2025/")
        open_search(page)
        assert titles(search(page, "xylanhqua")) == ["Phạm Văn Anh"]
        assert "Phạm Văn Anh" not in titles(search(page, "muoi hai doi"))
        assert titles(search(page, "kho sach"))[0] == "Lê Thị Dương"   # a story kept as it was
    context.close()
    assert console.errors == []
