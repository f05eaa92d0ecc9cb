"""What Pagefind reads (exports/searchview.py): each page's head and its indexed elements give
the same search results as the whole pages."""
from __future__ import annotations

import gzip
import json
import shutil

from bangvang.checking import leakgate
from bangvang.exports import search, searchview

PAGE = (b'<!doctype html><html lang="vi"><head><title>T</title></head><body class="x">'
        b'<nav><div>menu</div></nav><div class="bv-search-body" data-pagefind-body>'
        b'<h1>Nguy\xe1\xbb\x85n</h1><div><div>a</div></div><p>b</p></div>'
        b'<footer><div>f</div></footer></body></html>')


def test_the_view_keeps_the_head_and_the_marked_element_whole():
    part = searchview.indexed_part(PAGE)
    assert part.startswith(b'<!doctype html><html lang="vi"><head><title>T</title></head>'
                           b'<body class="x">')
    assert b'data-pagefind-body><h1>Nguy\xe1\xbb\x85n</h1><div><div>a</div></div><p>b</p></div>' \
        in part
    assert b"menu" not in part and b"<footer>" not in part
    assert searchview.indexed_part(PAGE.replace(b"data-pagefind-body", b"")) is None
    unbalanced = PAGE.replace(b"<p>b</p></div>", b"<p>b</p>")
    unbalanced = unbalanced.replace(b"<footer><div>f</div></footer>", b"")
    assert searchview.indexed_part(unbalanced) == unbalanced   # read whole, as before


def _fragments(bundle):
    found = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes())[len(leakgate.PAGEFIND_HEADER):])
        found[data["url"]] = data
    return found


def test_pagefind_finds_the_same_in_the_view_as_in_the_site(demo_root, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(demo_root / "site", site, ignore=shutil.ignore_patterns("pagefind"))
    view = tmp_path / "view"
    assert searchview.make(site, view)
    assert sum(1 for _ in view.rglob("*.html")) < sum(1 for _ in site.rglob("*.html"))
    whole = search._run_pagefind(site, tmp_path / "from-site", search.EXCLUDE_SELECTORS)
    cut = search._run_pagefind(view, tmp_path / "from-view", search.EXCLUDE_SELECTORS)
    assert search._count(whole, "pages") == search._count(cut, "pages") > 20
    assert search._count(whole, "words") == search._count(cut, "words")
    from_view = _fragments(tmp_path / "from-view")
    # Each page of the view carries its search group (searchkept.py), and only that differs.
    groups = {url: data["filters"].pop("nhom") for url, data in from_view.items()}
    assert groups == {url: [searchview.group_of(url.strip("/") + "/index.html")]
                      for url in from_view}
    assert _fragments(tmp_path / "from-site") == from_view


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name != searchview.SOURCES}


def _page(site, relative, text):
    path = site / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)   # a new file, as a build writes a rendered page
    path.write_bytes(PAGE.replace(b"<p>b</p>", f"<p>{text}</p>".encode()))


def test_a_kept_view_is_what_a_fresh_one_would_be_after_pages_change(tmp_path):
    site, kept, fresh = tmp_path / "site", tmp_path / "kept", tmp_path / "fresh"
    for n in range(4):
        _page(site, f"nguoi/{n}/index.html", f"chuyen {n}")
    (site / "plain.html").write_bytes(PAGE.replace(b"data-pagefind-body", b""))
    assert searchview.update(site, kept)
    untouched = (kept / "nguoi/1/index.html").stat().st_mtime_ns
    _page(site, "nguoi/0/index.html", "cau chuyen moi")      # a story edited
    shutil.rmtree(site / "nguoi/2")                           # a page gone
    _page(site, "nguoi/5/index.html", "trang moi")            # a page added
    (kept / "nguoi/9").mkdir(parents=True)
    (kept / "nguoi/9/index.html").write_bytes(b"left by a stopped run")
    assert searchview.update(site, kept)
    assert searchview.make(site, fresh)
    assert _files(kept) == _files(fresh)
    assert b"cau chuyen moi" in _files(kept)["nguoi/0/index.html"]
    assert not (kept / "nguoi/2").exists() and not (kept / "nguoi/9").exists()
    assert (kept / "nguoi/1/index.html").stat().st_mtime_ns == untouched   # not cut again


def test_a_view_whose_list_is_gone_is_made_whole_again(tmp_path):
    site, kept = tmp_path / "site", tmp_path / "kept"
    _page(site, "a/index.html", "mot")
    assert searchview.update(site, kept)
    (kept / searchview.SOURCES).unlink()          # a run stopped while the view changed
    (kept / "a/index.html").write_bytes(b"half written")
    assert searchview.update(site, kept)
    assert _files(kept) == {"a/index.html": searchview.indexed_part(
        (site / "a/index.html").read_bytes(), searchview.group_of("a/index.html"))}


def test_a_search_excerpt_of_a_plan_does_not_run_its_table_header_together(demo_root):
    # Pagefind joins header cells without a space: "Chỉ tiêuMứcKết quảĐánh giá" in every
    # excerpt of a plan, until tables' header rows were left out (search.EXCLUDE_SELECTORS).
    for bundle in (demo_root / "site" / "pagefind", demo_root / "site" / "pagefind" / "noi-dung"):
        plans = [data for data in _fragments(bundle).values() if data["url"].startswith("/ke-hoach/2")]
        assert plans
        for data in plans:
            assert "Chỉ tiêuMức" not in data["content"], data["url"]
    full = _fragments(demo_root / "site" / "pagefind" / "noi-dung")
    assert any("42/42 người nộp bản đăng ký" in data["content"] for data in full.values())
