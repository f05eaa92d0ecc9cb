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
    assert _fragments(tmp_path / "from-site") == _fragments(tmp_path / "from-view")
