"""Exports written into the built site (exports.write_site_files): never over a page MkDocs
wrote, never where a folder of the site is a file."""
from __future__ import annotations

import pytest

from bangvang.exports.exports import ExportError, write_site_files


def test_exports_are_written_and_many_share_a_folder(tmp_path):
    files = {f"assets/the/{n:04d}.png": bytes([n % 256]) for n in range(300)}
    files["du-lieu/khen-thuong.json"] = b"[]"
    write_site_files(tmp_path, files)
    assert (tmp_path / "assets/the/0299.png").read_bytes() == bytes([299 % 256])
    assert (tmp_path / "du-lieu/khen-thuong.json").read_bytes() == b"[]"


def test_an_export_never_replaces_a_page_of_the_site(tmp_path):
    (tmp_path / "nguoi/a").mkdir(parents=True)
    (tmp_path / "nguoi/a/index.html").write_text("trang", "utf-8")
    with pytest.raises(ExportError, match="đã có trong trang web"):
        write_site_files(tmp_path, {"nguoi/a/index.html": b"redirect"})
    assert (tmp_path / "nguoi/a/index.html").read_text("utf-8") == "trang"


def test_an_export_under_a_file_is_refused(tmp_path):
    (tmp_path / "cu").write_text("tệp", "utf-8")
    with pytest.raises(ExportError, match="trùng với tệp cu"):
        write_site_files(tmp_path, {"cu/index.html": b"x"})
    with pytest.raises(ExportError, match="trùng với tệp moi"):
        write_site_files(tmp_path / "khac", {"moi": b"a", "moi/index.html": b"b"})


def test_the_preview_rewrites_only_exports_that_changed(tmp_path):
    site, cache = tmp_path / "xem-truoc", tmp_path / "cache"
    cache.mkdir()
    (cache / "a.png").write_bytes(b"the A")
    (cache / "b.png").write_bytes(b"the B")
    first = {"chia-se/x.png": cache / "a.png", "chia-se/y.png": cache / "a.png",
             "du-lieu/d.csv": b"1"}
    write_site_files(site, first)
    (site / "chia-se/x.png").write_bytes(b"stale")   # would show if it were written again
    second = {"chia-se/x.png": cache / "a.png", "chia-se/y.png": cache / "b.png",
              "du-lieu/d.csv": b"2"}
    write_site_files(site, second, replace=first)
    assert (site / "chia-se/x.png").read_bytes() == b"stale"   # the same card: left as is
    assert (site / "chia-se/y.png").read_bytes() == b"the B"   # a new card for that page
    assert (site / "du-lieu/d.csv").read_bytes() == b"2"
    assert (cache / "a.png").read_bytes() == b"the A"          # the cache is never written
