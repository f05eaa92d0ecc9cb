"""The Pagefind index itself (no browser): what is in it, what is not, and clean failures."""
from __future__ import annotations

import json
import os
import sys

import pytest

from bangvang.exports import search
from bangvang.records.text import fold
from browser_support import build_search_school
from conftest import REPO, make_project, run_bangvang
from sitecheck import all_text, pagefind_files

# Pages that must be in the index, with their kind and school year; nothing else is.
EXPECTED = {
    "/guong-dien-hinh/dang-van-do/": ("Gương điển hình", "2023-2024"),
    "/guong-dien-hinh/hs-2024-nhat-vi/": ("Gương điển hình", "2023-2024"),
    "/guong-dien-hinh/tran-van-duong/": ("Gương điển hình", "2024-2025"),
    "/guong-dien-hinh/le-thi-duong/": ("Gương điển hình", "2023-2024"),
    "/guong-dien-hinh/pham-van-anh/": ("Gương điển hình", "2023-2024"),
    "/guong-dien-hinh/pham-van-anh-dau/": ("Gương điển hình", "2024-2025"),
    "/bang-vang/2023-2024/": ("Bảng vàng", "2023-2024"),
    "/bang-vang/2024-2025/": ("Bảng vàng", "2024-2025"),
    "/phong-trao/day-tot-hoc-tot/": ("Phong trào", None),
    "/phong-trao/nguoi-tot-viec-tot/": ("Phong trào", None),
    "/ke-hoach/2023-2024-ke-hoach/": ("Kế hoạch", "2023-2024"),
    "/ke-hoach/2024-2025-ke-hoach/": ("Kế hoạch", "2024-2025"),
    "/cuoc-thi-viet/2024/bai-1/": ("Bài dự thi", "2023-2024"),
    "/tin-tuc/le-khai-giang-nam-hoc-moi/": ("Tin tức", "2024-2025"),
    # Award recipients whose names may be shown have pages of their own (people.py).
    "/nguoi/bui-thi-dao/": ("Người được khen thưởng", "2024-2025"),
    "/nguoi/dang-hai-dang/": ("Người được khen thưởng", "2024-2025"),
    "/nguoi/dinh-thi-hoa/": ("Người được khen thưởng", "2024-2025"),
    "/nguoi/hoang-minh-duc/": ("Người được khen thưởng", "2024-2025"),
    "/nguoi/le-minh-anh-6a1/": ("Người được khen thưởng", "2024-2025"),
    "/nguoi/le-minh-anh/": ("Người được khen thưởng", "2024-2025"),
    "/nguoi/lop-8a/": ("Người được khen thưởng", "2024-2025"),
    "/nguoi/luu-hai-dang/": ("Người được khen thưởng", "2024-2025"),
    "/nguoi/ngo-van-dung/": ("Người được khen thưởng", "2024-2025"),
    "/nguoi/phan-thi-dao-to-ngu-van/": ("Người được khen thưởng", "2024-2025"),
    "/nguoi/phan-thi-dao/": ("Người được khen thưởng", "2024-2025"),
    "/nguoi/vu-duc-thang/": ("Người được khen thưởng", "2024-2025"),
}


@pytest.fixture(scope="module")
def fragments(tmp_path_factory):
    site = build_search_school(tmp_path_factory.mktemp("index"))
    decoded = {}
    for path, text in pagefind_files(site).items():
        if path.endswith(".pf_fragment"):
            fragment = json.loads(text)
            decoded[fragment["url"]] = fragment
    return site, decoded


def test_only_record_pages_and_news_are_indexed_with_kind_and_school_year(fragments):
    _, pages = fragments
    assert set(pages) == set(EXPECTED)
    for url, (kind, year) in EXPECTED.items():
        assert pages[url]["filters"]["kind"] == [kind], url
        assert pages[url]["filters"].get("school_year") == ([year] if year else None), url


def test_only_the_article_is_indexed_not_nav_header_footer_or_repeated_boxes(fragments):
    _, pages = fragments
    person = pages["/guong-dien-hinh/dang-van-do/"]
    assert person["meta"]["title"] == "Đặng Văn Đỗ"
    text = person["content"]
    assert text.startswith("Đặng Văn Đỗ.")
    assert "Tổ Toán" in text and "Thầy giúp học sinh nghèo" in text  # facts and summary
    for chrome in ("Trang chủ", "Tra cứu", "Mục lục", "Bỏ qua", "Material for MkDocs",
                   "Trường THCS Thử Nghiệm", "Tìm kiếm"):
        assert chrome not in text, chrome
    roll = pages["/bang-vang/2024-2025/"]["content"]
    assert "Vũ Đức Thắng" in roll and "Tổng cộng" not in roll  # .bv-summary is left out


def test_drafts_and_private_fields_are_not_in_the_index(fragments):
    site, _ = fragments
    files = pagefind_files(site)
    assert any(p.endswith(".pf_index") for p in files)
    for path, text in files.items():
        assert "zqbanthao" not in fold(text), path  # the draft exemplar
        assert "0900" not in text, path              # Đặng Văn Đỗ's private phone


def test_no_lunr_search_index_is_shipped(fragments):
    site, _ = fragments
    assert not list(site.rglob("search_index.json"))
    assert (site / "pagefind" / "pagefind.js").is_file()
    home = (site / "index.html").read_text("utf-8")
    assert "assets/search.js" in home and "md-search" not in home


def test_build_index_reports_figures(fragments):
    site, _ = fragments
    figures = search.build_index(site)
    assert figures.pages == len(EXPECTED) and figures.words > 100
    assert figures.bytes > 0 and figures.seconds > 0
    assert f"Chỉ mục tìm kiếm: {len(EXPECTED)} trang" in search.summary(figures)


def test_pagefind_failure_is_a_vietnamese_message(tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text("<html><body>x</body></html>", "utf-8")
    failing = tmp_path / "pagefind-hong"
    failing.write_text(f"#!{sys.executable}\nimport sys\nprint('Error: boom', file=sys.stderr)\n"
                       "sys.exit(3)\n", "utf-8")
    failing.chmod(0o755)
    monkeypatch.setenv("BANGVANG_PAGEFIND", str(failing))
    with pytest.raises(search.SearchIndexError, match="không tạo được chỉ mục tìm kiếm: Pagefind báo: Error: boom"):
        search.build_index(tmp_path)
    monkeypatch.setenv("BANGVANG_PAGEFIND", str(tmp_path / "khong-co"))
    with pytest.raises(search.SearchIndexError, match="không chạy được Pagefind"):
        search.build_index(tmp_path)


def test_build_stops_cleanly_when_pagefind_fails(tmp_path):
    root = make_project(tmp_path / "school")
    env_before = os.environ.get("BANGVANG_PAGEFIND")
    os.environ["BANGVANG_PAGEFIND"] = str(tmp_path / "khong-co-pagefind")
    try:
        result = run_bangvang(root, "build")
    finally:
        if env_before is None:
            del os.environ["BANGVANG_PAGEFIND"]
        else:
            os.environ["BANGVANG_PAGEFIND"] = env_before
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "không chạy được Pagefind" in output and "Traceback" not in output


def test_material_search_plugin_stays_off():
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    plugins = config[config.index("\nplugins:"):config.index("\nmarkdown_extensions:")]
    assert "- search" not in plugins
