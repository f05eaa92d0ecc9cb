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
