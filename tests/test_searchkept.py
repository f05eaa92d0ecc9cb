"""A rebuild keeps each search index and re-indexes only the groups whose pages changed,
folded into the kept one (exports/searchkept.py, indexmerge.py): a reader finds what a cold
build's index finds, ranked by the same figures, and no file of the new site holds a word of
a page changed or gone."""
from __future__ import annotations

import gzip
import os
import shutil

from bangvang.exports import search, searchview
from searchfinds import finds

PAGE = ('<!doctype html><html lang="vi"><head><title>{title}</title></head><body>'
        '<nav>menu</nav><article data-pagefind-body><h1>{title}</h1><p>{text}</p></article>'
        '</body></html>')


def _write(site, number, text):
    path = site / f"nguoi/{number}/index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)   # a new file, as a build writes a rendered page
    path.write_text(PAGE.format(title=f"Trang {number}", text=text), "utf-8")


def _site(folder, pages):
    folder.mkdir(parents=True)
    for number, text in pages.items():
        _write(folder, number, text)
    return folder


class _Made(dict):
    """Each bundle's outcome; `.record`, `.mode` … of the full one, and `records` of both."""
    def __getattr__(self, name):
        return self.records if name == "record" else getattr(self["full"], name)

    @property
    def records(self):
        return {name: made.record for name, made in self.items()}


def _build(site, view, previous=None, recorded=None):
    """A build's index: kept from `previous` (a site) and its `recorded` bundles when it
    can be; each page's light digest is its view's (these pages have no record text)."""
    return _Made(search.build_index(site, view, kept=(previous, recorded, {})).made)


def _words(site):
    """Every word chunk of the site's index, decompressed, as one byte string."""
    return b"".join(gzip.decompress(p.read_bytes()) for p in site.rglob("*.pf_index"))


PAGES = {n: f"Học sinh chăm ngoan số{n} cùng lớp" for n in range(64)}


def _edited(tmp_path, name, pages):
    """A new site of `pages` (its files new, as a build writes them), beside the first."""
    return _site(tmp_path / name, pages)


def test_a_rebuild_finds_what_a_cold_build_finds_and_keeps_no_old_word(tmp_path):
    view = tmp_path / "view"
    first = _site(tmp_path / "one", {**PAGES, 5: "Câu chuyện có từ cuxoadi của em"})
    record = _build(first, view).record
    assert b"cuxoadi" in _words(first)
    pages = {**PAGES, 5: "Câu chuyện đã sửa thành tumoiday"}
    del pages[9]                                   # a page unpublished since
    second = _edited(tmp_path, "two", pages)
    full = _build(second, view, first, record)
    assert full.mode == "kept"
    changed = {searchview.group_of("nguoi/5/index.html"), searchview.group_of("nguoi/9/index.html")}
    assert set(full.changed) == changed
    assert full.new_pages == sum(1 for n in pages
                                 if searchview.group_of(f"nguoi/{n}/index.html") in changed)
    # No word of the changed page's old text and no fragment of the page gone, anywhere.
    assert b"cuxoadi" not in _words(second)
    assert not any(b'"/nguoi/9/"' in gzip.decompress(p.read_bytes())
                   for p in second.rglob("*.pf_fragment"))
    cold = _edited(tmp_path, "cold", pages)
    assert search.build_index(cold, tmp_path / "cold-view").made["full"].mode == "whole"
    assert finds(second) == finds(cold)
    assert "tumoiday" in finds(second) and "cuxoadi" not in finds(second)
    # The light index alike (here the same words: these pages have no record text).
    assert full["light"].mode == "kept"
    assert finds(second, "light") == finds(cold, "light")
    # One bundle each, nothing of the work left in the site.
    assert sorted(p.name for p in (second / search.INDEX_FOLDER).iterdir() if p.is_dir()) == \
        ["filter", "fragment", "index", search.TEXT_FOLDER]
    assert not list(second.glob(".*"))


def test_pages_added_and_removed_keep_every_page_once_and_rank_as_a_cold_build(tmp_path):
    # More new pages than gone ones in one group, fewer in another: the numbers stay
    # 0..n-1 (finds() fails on a gap or a page twice), the word counts are a cold build's.
    view = tmp_path / "view"
    first = _site(tmp_path / "one", PAGES)
    record = _build(first, view).record
    one = searchview.group_of("nguoi/1/index.html")
    pages = {n: t for n, t in PAGES.items() if searchview.group_of(f"nguoi/{n}/index.html") != one}
    extra = [n for n in range(100, 2000) if searchview.group_of(f"nguoi/{n}/index.html") == one][:3]
    pages.update({n: f"Trang mới thêm số{n} hocsinhmoi" for n in extra})
    del pages[2]
    second = _edited(tmp_path, "two", pages)
    made = _build(second, view, first, record)
    assert made.mode == "kept" and made.new_pages == 3
    cold = _edited(tmp_path, "cold", pages)
    search.build_index(cold, tmp_path / "cold-view")
    assert finds(second) == finds(cold)
    assert len(finds(second)["hocsinhmoi"]) == 3 and "/nguoi/2/" not in finds(second)["#pages"]


def test_the_chunks_a_change_does_not_touch_are_the_kept_files(tmp_path):
    view = tmp_path / "view"
    first = _site(tmp_path / "one", PAGES)
    record = _build(first, view).record
    second = _edited(tmp_path, "two", {**PAGES, 3: "Một từ mới riêng"})
    assert _build(second, view, first, record).mode == "kept"
    bundle = search.INDEX_FOLDER + "/" + search.TEXT_FOLDER
    old = {p.relative_to(first).as_posix(): os.stat(p).st_ino
           for p in (first / bundle).rglob("*") if p.is_file()}
    new = {p.relative_to(second).as_posix(): os.stat(p).st_ino
           for p in (second / bundle).rglob("*") if p.is_file()}
    linked = [path for path in new if old.get(path) == new[path]]
    assert len(linked) >= len(new) - 10 > 0   # fragments, filters, untouched chunks: links


def test_nothing_changed_keeps_the_index_whole(tmp_path):
    view = tmp_path / "view"
    first = _site(tmp_path / "one", PAGES)
    record = _build(first, view).record
    full = _build(_edited(tmp_path, "two", PAGES), view, first, record)
    assert full.mode == "kept" and full.changed == []
    assert finds(tmp_path / "two") == finds(first)


def test_a_page_gone_alone_is_taken_out_with_nothing_to_index(tmp_path):
    # A news post withdrawn: its group may hold no other page; nothing to index anew.
    view = tmp_path / "view"
    alone = next(n for n in PAGES if sum(
        searchview.group_of(f"nguoi/{m}/index.html") == searchview.group_of(f"nguoi/{n}/index.html")
        for m in PAGES) == 1)
    first = _site(tmp_path / "one", {**PAGES, alone: "Tin có từ riengbiet"})
    record = _build(first, view).record
    pages = {n: t for n, t in PAGES.items() if n != alone}
    made = _build(_edited(tmp_path, "two", pages), view, first, record)
    assert made.mode == "kept" and made.changed == [searchview.group_of(f"nguoi/{alone}/index.html")]
    assert made.new_pages == 0
    cold = _edited(tmp_path, "cold", pages)
    search.build_index(cold, tmp_path / "cold-view")
    assert finds(tmp_path / "two") == finds(cold) and "riengbiet" not in finds(tmp_path / "two")


def test_a_quarter_of_the_pages_changed_makes_the_index_whole(tmp_path):
    view = tmp_path / "view"
    first = _site(tmp_path / "one", PAGES)
    record = _build(first, view).record
    many = {n: f"Trang đã sửa số{n}" if n % 3 == 0 else text for n, text in PAGES.items()}
    assert _build(_edited(tmp_path, "two", many), view, first, record).mode == "whole"


def test_a_kept_index_changed_by_hand_is_made_whole(tmp_path):
    view = tmp_path / "view"
    first = _site(tmp_path / "one", PAGES)
    record = _build(first, view).record
    chunk = next((first / search.INDEX_FOLDER / search.TEXT_FOLDER / "index").iterdir())
    chunk.write_bytes(chunk.read_bytes() + b"x")
    second = _edited(tmp_path, "two", {**PAGES, 3: "Một từ mới riêng"})
    assert _build(second, view, first, record).mode == "whole"


def test_each_rebuild_indexes_what_changed_since_the_previous_one(tmp_path):
    view = tmp_path / "view"
    first = _site(tmp_path / "one", PAGES)
    one = _build(first, view)
    edited = {**PAGES, 3: "Một từ mới riêng"}
    second = _edited(tmp_path, "two", edited)
    two = _build(second, view, first, one.record)
    third = _edited(tmp_path, "three", edited)    # the same edit kept, another page gone
    shutil.rmtree(third / "nguoi/7")
    three = _build(third, view, second, two.record)
    assert three.mode == "kept"
    assert three.changed == [searchview.group_of("nguoi/7/index.html")]
    cold = _edited(tmp_path, "cold", {n: t for n, t in edited.items() if n != 7})
    search.build_index(cold, tmp_path / "cold-view")
    assert finds(third) == finds(cold)


def test_edits_adding_up_to_a_quarter_of_the_pages_make_the_index_whole(tmp_path):
    # A word chunk only grows as pages are folded in: Pagefind sizes them anew now and then.
    view = tmp_path / "view"
    site, pages = _site(tmp_path / "s0", PAGES), dict(PAGES)
    made = _build(site, view)
    modes = []
    for step in range(1, 12):   # two pages a step, each alone in its group
        pages = {**pages, step * 5: f"Lần sửa thứ {step}", step * 5 + 1: f"Sửa nữa {step}"}
        before, site = site, _edited(tmp_path, f"s{step}", pages)
        made = _build(site, view, before, made.record)
        modes.append(made.mode)
    # 16 pages indexed anew by the eighth step; the ninth would pass 64 / 4, and starts again.
    assert modes == ["kept"] * 8 + ["whole", "kept", "kept"]
    cold = _edited(tmp_path, "cold", pages)
    search.build_index(cold, tmp_path / "cold-view")
    assert finds(site) == finds(cold)


def test_the_quarter_counts_pages_changed_not_their_groups_indexed_again(tmp_path):
    # One page edited re-indexes its whole group (every page of a real school's group, about
    # 25 at 6,000 records), but only that page can add a word: counting the group made the
    # index whole after six edits there, a minute of Pagefind every sixth build.
    pages = {n: f"Trang số{n} của lớp" for n in range(300)}
    crowded = next(g for g, members in searchkept_groups(pages).items() if len(members) >= 3)
    number = searchkept_groups(pages)[crowded][0]
    view, site = tmp_path / "view", _site(tmp_path / "s0", pages)
    made = _build(site, view)
    for step in range(1, 4):
        pages = {**pages, number: f"Lần sửa thứ {step} tusua{step}"}
        before, site = site, _edited(tmp_path, f"s{step}", pages)
        made = _build(site, view, before, made.record)
        assert made.mode == "kept" and made.new_pages >= 3
        assert made.record["full"]["since_whole"] == step   # one page a step, not its group
    pages.pop(number)                                         # a page gone counts too
    before, site = site, _edited(tmp_path, "gone", pages)
    assert _build(site, view, before, made.record).record["full"]["since_whole"] == 4


def searchkept_groups(pages):
    groups = {}
    for number in pages:
        groups.setdefault(searchview.group_of(f"nguoi/{number}/index.html"), []).append(number)
    return groups


def test_the_preview_keeps_its_index_from_pass_to_pass(tmp_path):
    # The preview's background index (hooks/bangvang_hooks._index_quietly) after a page was
    # rewritten in place: the previous pass's bundles kept, the page folded in, as cold.
    import importlib.util
    from pathlib import Path
    from bangvang.commands import preview
    spec = importlib.util.spec_from_file_location(
        "hooks_for_preview_test", Path(__file__).resolve().parent.parent / "hooks/bangvang_hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)
    preview.SEARCH_RECORDS.clear()
    site = _site(tmp_path / "xem-truoc-1", PAGES)
    hooks._index_quietly(site)
    assert preview.SEARCH_RECORDS["full"]["since_whole"] == 0          # the first pass: whole
    page = site / "nguoi/3/index.html"
    page.write_text(page.read_text("utf-8").replace(PAGES[3], "Một từ mới riêng"), "utf-8")
    hooks._index_quietly(site)
    assert preview.SEARCH_RECORDS["full"]["since_whole"] > 0           # kept, one group anew
    cold = _edited(tmp_path, "cold", {**PAGES, 3: "Một từ mới riêng"})
    search.build_index(cold, tmp_path / "cold-view")
    assert finds(site) == finds(cold) and finds(site, "light") == finds(cold, "light")
    assert not preview.search_places(site)[1].exists()                 # the previous pass's
    preview.SEARCH_RECORDS.clear()
