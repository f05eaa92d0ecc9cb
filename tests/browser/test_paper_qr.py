"""QR codes on the printed honour roll (pages/qrcodes.py): what only a browser shows — the
codes appear in print and not on screen, and the address a code holds opens the roll filtered
to its class (honour-filter.js reads ?lop=). The code itself is decoded in tests/test_paper_qr.py."""
from __future__ import annotations

import pytest

from browser_support import build_demo, chromium, serve

YEAR = "2025-2026"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    site = build_demo(tmp_path_factory.mktemp("qr-demo"))
    with serve(site) as url:
        yield url


def test_codes_only_in_print_and_the_address_opens_the_class(site_url):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{site_url}bang-vang/{YEAR}/")
        codes = page.locator(".bv-qr__code")
        assert codes.count() == 7
        assert not codes.first.is_visible()                  # screen: not shown
        page.emulate_media(media="print")
        assert codes.first.is_visible()                      # print: shown, one per class
        labels = page.locator(".bv-qr__label").all_text_contents()
        assert labels[:2] == ["Lớp 6A1", "Lớp 6A2"]
        page.emulate_media(media="screen")
        page.goto(f"{site_url}bang-vang/{YEAR}/?lop=8A1")
        box = page.locator(".bv-filter input")
        assert box.input_value() == "8A1"
        shown = page.locator(".bv-roll tbody tr:visible")
        assert shown.count() >= 2
        assert all("8A1" in row for row in shown.all_text_contents())
