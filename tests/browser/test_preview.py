"""The preview (`bangvang serve`) in Chromium: a record error shows the problem list instead of
freezing, the page comes back by itself when the file is fixed, and drafts are shown there
with a banner (never by `bangvang build`)."""
from __future__ import annotations

from browser_support import chromium
from conftest import make_project, run_bangvang, write
from serve_support import running_serve

RECORD = "exemplars/dang-van-do.md"
DRAFT = """---
name: Lê Thị Nháp
role: teacher
school_year: "2023-2024"
summary: Câu chuyện chưa xong.
status: draft
---
Đang viết.
"""


def test_preview_shows_drafts_and_record_errors_and_comes_back(tmp_path):
    """One preview (starting one takes a while): drafts with their banner, then a record
    error shown in the open tab, then the page back once the file is fixed."""
    root = make_project(tmp_path / "school")
    write(root, "exemplars/le-thi-nhap.md", DRAFT)
    good = (root / RECORD).read_text("utf-8")
    with chromium() as browser, running_serve(root) as base:
        page = browser.new_page()
        page.goto(base + "guong-dien-hinh/le-thi-nhap/")
        banner = page.locator(".bv-draft-banner")
        assert banner.count() == 1 and "Bản nháp — chưa công bố" in banner.inner_text()
        assert "Lê Thị Nháp" in page.content()

        page.goto(base + "guong-dien-hinh/dang-van-do/")   # a published record: no banner
        assert page.locator(".bv-draft-banner").count() == 0
        assert "Đặng Văn Đỗ" in page.locator("h1").first.inner_text()
        # An edit of the story alone: live reload shows it in the open tab (the quick path
        # renders this page first), and the whole pass after it changes nothing more.
        (root / RECORD).write_text(good.rstrip("\n") + "\n\nThầy mở lớp học tối thứ Bảy.\n",
                                   "utf-8")
        page.wait_for_selector("text=Thầy mở lớp học tối thứ Bảy.", timeout=30000)
        # The same quick edit naming a person withheld by consent: the problem list instead.
        (root / RECORD).write_text(good.rstrip("\n") + "\n\nEm Lê Văn Ân giúp thầy.\n", "utf-8")
        page.wait_for_selector("main.bv-problems", timeout=30000)
        withheld = page.locator("main.bv-problems li").first.inner_text()
        assert withheld.startswith(f"{RECORD}:") and "không được công bố họ tên" in withheld
        (root / RECORD).write_text(good, "utf-8")
        page.wait_for_selector("main.bv-problems", state="detached", timeout=30000)
        page.wait_for_load_state()
        assert "Thầy mở lớp" not in page.content() and "Lê Văn Ân" not in page.content()
        (root / RECORD).write_text(good.replace("role: teacher", "role: khong-co"), "utf-8")
        # Live reload brings the problem page into the open tab, without a click.
        page.wait_for_selector("main.bv-problems", timeout=30000)
        problems = page.locator("main.bv-problems li").all_inner_texts()
        assert problems and problems[0].startswith(f"{RECORD}:3: role: “khong-co”")
        assert "Hồ sơ có 1 lỗi" in page.locator("h1").inner_text()
        (root / RECORD).write_text(good, "utf-8")
        page.wait_for_selector("main.bv-problems", state="detached", timeout=30000)
        page.wait_for_load_state()
        assert "Đặng Văn Đỗ" in page.locator("h1").first.inner_text()
        # An award line edited (a YAML roll): the core's pass first, the pages it changed
        # shown, then MkDocs' pass; the open roll page shows the new reason.
        page.goto(base + "bang-vang/2023-2024/")
        roll = root / "exemplars/honours/2023-2024.yml"
        roll.write_text(roll.read_text("utf-8").replace("reason: Xuất sắc",
                                                        "reason: Dạy giỏi cấp huyện"), "utf-8")
        page.wait_for_selector("text=Dạy giỏi cấp huyện", timeout=30000)

    assert run_bangvang(root, "build").returncode == 0
    site = root / "site"
    assert not (site / "guong-dien-hinh" / "le-thi-nhap").exists()
    assert not any("Lê Thị Nháp" in p.read_text("utf-8", "ignore") for p in site.rglob("*.html"))
    assert not (site / "admin").exists()    # the editor is only ever served by the preview
