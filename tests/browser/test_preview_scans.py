"""The preview of an honour roll made from a scanned decision, in Chromium: the draft banner,
the lines waiting to be checked inside the roll's own list with their doubtful cells marked,
and beside each the image of the page region it was read from (served by the preview from scan-crops/, never from
site/). Skips without Tesseract unless BANGVANG_REQUIRE_OCR=1."""
from __future__ import annotations

import sys
from pathlib import Path

from browser_support import chromium
from conftest import make_project, run_bangvang
from serve_support import running_serve

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "importer"))
import scanpages  # noqa: E402
from test_scans import DATE, NUMBER, ROWS, SCHOOL, TITLE, needs_ocr  # noqa: E402


def test_preview_of_a_scanned_roll_shows_doubtful_cells_beside_their_crops(tmp_path):
    needs_ocr()
    root = make_project(tmp_path / "school")
    rows = [row[:] for row in ROWS]
    rows[2][1] = "Lê Văn Hỏi"      # read as it is written, it is not a name: a doubt
    image = scanpages.award_page(scanpages.fonts()["be-vietnam-pro"], SCHOOL, NUMBER, DATE,
                                 TITLE, rows)
    scan = scanpages.save(scanpages.damaged(image, scanpages.PHOTO), tmp_path / "anh.jpg",
                          scanpages.PHOTO)
    done = run_bangvang(root, "import", "awards", str(scan))
    assert done.returncode == 0, done.stderr
    with chromium() as browser, running_serve(root) as base:
        page = browser.new_page()
        page.goto(base + "bang-vang/2024-2025/")
        assert page.locator(".bv-draft-banner").count() == 1
        panel = page.locator(".bv-scan-doubts")
        assert panel.count() == 1 and "chờ soát" in panel.locator("h2").inner_text()
        # The lines are in the roll's own list, tagged, as many as the file holds.
        rows = page.locator(".bv-roll tr.bv-scan-draft")
        assert rows.count() == len(ROWS) - 1
        assert all(text.strip().startswith("Nháp") for text in
                   rows.locator("td:nth-child(2)").all_inner_texts())
        marked = rows.locator("td.bv-scan-cell")
        assert marked.count() >= 1
        pictures = page.locator(".bv-roll td.bv-scan-cell img, .bv-scan-doubts img")
        assert pictures.count() >= 3      # the doubtful cells, the decision's number and date
        for index in range(pictures.count()):     # lazy images load once in sight
            pictures.nth(index).scroll_into_view_if_needed()
        page.wait_for_function("[...document.querySelectorAll('.bv-scan-cell img, "
                               ".bv-scan-doubts img')].every(e => e.complete)")
        widths = pictures.evaluate_all("els => els.map(e => e.complete && e.naturalWidth)")
        assert all(width and width > 20 for width in widths), widths
        # The marked cell is the one read wrong: its text and the doubt are side by side.
        assert any("Họ và tên" in text for text in marked.all_inner_texts())
        assert "số quyết định" in panel.inner_text()
        # On a phone the rows are cards: nothing wider than the screen.
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The crops stay in the project's scan-crops/ folder: nothing of them in a built site.
    assert list((root / "scan-crops").rglob("*.png"))
    assert not (root / "site").exists() or not list((root / "site").rglob("*.png"))


DRAFT_LINES = """
  - recipient: Trần Thị Hòe
    role: teacher
    unit: Tổ Toán - Tin
    title: chien-si-thi-dua-co-so
    level: truong
    decision: {number: 45/QĐ-THCS, date: 25/05/2024}
    status: draft
    warnings:
      - "Chưa chắc (quét): trang 2, cột “Họ và tên”: “Trần Thị Hòe” (độ tin cậy 40 %) — ảnh: scan-crops/honours/2023-2024/tran-thi-hoe-1.png"
  - recipient: Ngô Văn Dũng
    role: teacher
    unit: Tổ Ngữ văn
    title: chien-si-thi-dua-co-so
    level: truong
    decision: {number: 45/QĐ-THCS, date: 25/05/2024}
    status: draft
"""
PLAN = """---
number: "21/KH-THCS"
issued: "18/09/2025"
issuer: Trường THCS Thử Nghiệm
title: Tổ chức phong trào thi đua năm học 2025 - 2026
school_year: "2025-2026"
warnings:
- "Đọc từ bản quét/ảnh chụp (1 trang) bằng nhận dạng chữ: hồ sơ luôn là bản nháp."
status: draft
---

Nội dung kế hoạch.
"""


def _crop(path: Path, text: str) -> None:
    from PIL import Image, ImageDraw
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (900, 70), "white")
    ImageDraw.Draw(image).text((10, 25), text, fill="black")
    image.save(path)


def test_preview_counts_drafts_apart_and_shows_a_scanned_plan_fields_beside_crops(tmp_path):
    """The roll's filter says how many published lines it shows and, apart, how many draft
    lines (read from a scan, not published); a draft plan read from a scan shows its title
    beside the image of the line it was read from, at 1280 and at 390 px."""
    import json
    root = make_project(tmp_path / "school")
    roll = root / "exemplars/honours/2023-2024.yml"
    roll.write_text(roll.read_text("utf-8") + DRAFT_LINES.lstrip("\n"), "utf-8")
    _crop(root / "scan-crops/honours/2023-2024/tran-thi-hoe-1.png", "Tran Thi Hoe")
    (root / "plans/2025-2026-kh-quet.md").write_text(PLAN, "utf-8")
    _crop(root / "scan-crops/plans/2025-2026-kh-quet/dong-1.png", "To chuc phong troo thi dua")
    (root / "scan-crops/plans/2025-2026-kh-quet/doubts.json").write_text(json.dumps([
        {"page": 1, "text": "Tổ chức phong tròo thi đua năm học 2025 - 2026", "conf": 61,
         "image": "scan-crops/plans/2025-2026-kh-quet/dong-1.png", "fields": ["title"]}],
        ensure_ascii=False), "utf-8")
    with chromium() as browser, running_serve(root) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + "bang-vang/2023-2024/")
        assert page.locator(".bv-roll tr.bv-scan-draft").count() == 2
        published = page.locator(".bv-roll tbody tr:not(.bv-scan-draft)").count()
        assert published >= 1
        count = page.locator(".bv-filter__count")
        assert count.inner_text() == (f"Đang hiện {published} / {published} dòng đã công bố, "
                                      "2 / 2 dòng nháp")
        page.fill(".bv-filter input", "hoe")
        assert count.inner_text() == f"Đang hiện 0 / {published} dòng đã công bố, 1 / 2 dòng nháp"
        page.goto(base + "ke-hoach/2025-2026-kh-quet/")
        panel = page.locator(".bv-scan-doubts")
        assert panel.count() == 1 and "1 dòng chưa chắc" in panel.inner_text()
        field = panel.locator("tr.bv-scan-field")
        assert "Trích yếu" in field.inner_text() and "tròo" in field.inner_text()
        picture = field.locator("img")
        picture.scroll_into_view_if_needed()
        page.wait_for_function("[...document.querySelectorAll('.bv-scan-doubts img')]"
                               ".every(e => e.complete)")
        assert picture.evaluate("e => e.naturalWidth") == 900
        page.screenshot(path=str(tmp_path / "plan-1280.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(tmp_path / "plan-390.png"), full_page=True)
