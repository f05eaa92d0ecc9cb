"""A build costs what changed, and gives the site a cold build gives (hooks/bangvang_build.py).

`bangvang build` keeps the pages of the previous site whose inputs did not change. After each
kind of edit a team makes — a story's text, an award line, a summary, a rename, a record set
back to draft, consent lowered — the site of that build is compared file by file with the
site a cold build of the same records makes (nothing kept). A small school: a few builds of
about a second each.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from bangvang.pages import urls
from conftest import make_project, run_bangvang, write
from searchfinds import finds

STATE = ".build/cache/pages-built.json"
LIGHT_KEPT = "giữ nguyên chỉ mục tìm kiếm nhanh"
FULL_KEPT = "chỉ mục đầy đủ giữ từ lần trước"
TEACHERS = ("Trần Thị Bích", "Phạm Quốc Hùng", "Võ Thị Lan")


def _school(tmp_path: Path) -> Path:
    """The mini school and three teachers with a story and an award each."""
    root = make_project(tmp_path / "school")
    roll = root / "exemplars/honours/2023-2024.yml"
    lines = roll.read_text("utf-8")
    for number, name in enumerate(TEACHERS, 1):
        write(root, f"exemplars/gv-{number}.md",
              f"---\nname: {name}\nrole: teacher\nunit: Tổ Toán\nschool_year: \"2023-2024\"\n"
              f"summary: Cô thầy số {number} dạy giỏi.\n---\nCâu chuyện số {number}.\n")
        lines += (f"  - recipient: gv-{number}\n    title: lao-dong-tien-tien\n    level: truong\n"
                  f"    decision: {{number: 47/QĐ-THCS, date: 25/05/2024}}\n")
    roll.write_text(lines, "utf-8")
    return root


def _site(root: Path) -> dict[str, bytes]:
    """Every file of site/ but Pagefind's, whose bytes and names follow a hash map's order
    and whose bundles a rebuild keeps (compared by what a search finds: `_search`)."""
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.relative_to(site).parts[0] != "pagefind"}


def _build(root: Path, *args: str) -> str:
    result = run_bangvang(root, "build", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _sorted(found: dict[str, list]) -> dict[str, list]:
    return {path: sorted(values) for path, values in found.items()}


def _search(site: Path) -> tuple[dict, dict, bytes]:
    """What a search of the light index and of the full one finds: an incremental build
    keeps each bundle and folds in the pages changed since, a cold one makes them whole
    (searchkept.py); a reader must find the same, word by word and filter by filter, and
    the search box must offer the same filter values (pagefind/bo-loc.json: read from the
    kept view's list on a rebuild, from the pages on a cold build)."""
    return finds(site, "light"), finds(site), (site / "pagefind/bo-loc.json").read_bytes()


def _kept(output: str) -> int:
    found = re.search(r"Giữ nguyên (\d+) trang", output)
    assert found, output
    return int(found.group(1))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


def _story(root):
    _edit(root / "exemplars/gv-1.md", "Câu chuyện số 1.", "Câu chuyện số 1.\n\nTừ mới zqtruyen.")
    return "guong-dien-hinh/gv-1/index.html", "zqtruyen"


def _award(root):
    _edit(root / "exemplars/honours/2023-2024.yml", "reason: Xuất sắc", "reason: Zqthanhtich")
    return "bang-vang/2023-2024/index.html", "Zqthanhtich"


def _summary(root):
    _edit(root / "exemplars/gv-2.md", "summary: Cô thầy số 2 dạy giỏi.",
          "summary: Zqtomtat dạy giỏi.")
    return "guong-dien-hinh/gv-2/index.html", "Zqtomtat"


def _rename(root):
    done = run_bangvang(root, "rename", "gv-3", "gv-ba")
    assert done.returncode == 0, done.stdout + done.stderr
    return "guong-dien-hinh/gv-ba/index.html", "Võ Thị Lan"


def _draft(root):
    _edit(root / "exemplars/gv-2.md", "school_year:", "status: draft\nschool_year:")
    return "guong-dien-hinh/gv-2/index.html", "không còn được công bố"


def _consent(root):
    _edit(root / "exemplars/gv-1.md", "school_year:", "consent: initials\nschool_year:")
    return "guong-dien-hinh/gv-1/index.html", "<h1>T.T.B."


EDITS = [_story, _award, _summary, _rename, _draft, _consent]


def test_a_build_after_each_kind_of_edit_is_the_cold_build_file_by_file(tmp_path):
    root = _school(tmp_path)
    _build(root)
    before = _site(root)
    for edit in EDITS:
        page, shown = edit(root)
        output = _build(root)
        kept, incremental = _kept(output), _site(root)
        incremental_search = _search(root / "site")
        assert shown in incremental[page].decode("utf-8"), (edit.__name__, page)
        assert incremental != before
        shutil.rmtree(root / ".build/cache")          # nothing to keep: a cold build
        cold_output = _build(root, "--force")
        assert _kept(cold_output) == 0
        cold = _site(root)
        assert sorted(incremental) == sorted(cold), edit.__name__
        differ = [path for path in cold if incremental[path] != cold[path]]
        assert not differ, (edit.__name__, differ)
        assert incremental_search == _search(root / "site"), edit.__name__
        # Pages were kept (the comparison is not of two cold builds) yet not all of them.
        assert 0 < kept, (edit.__name__, output)
        # Only a story's text leaves the light search index as it was (search.py); the full
        # one is kept, and the story's page indexed again alone with its group.
        assert (LIGHT_KEPT in output) == (edit is _story), (edit.__name__, output)
        assert edit is not _story or FULL_KEPT in output, output
        before = cold


def test_a_page_changed_by_hand_in_site_is_rendered_again(tmp_path):
    root = _school(tmp_path)
    _build(root)
    page = root / "site/guong-dien-hinh/gv-2/index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"</body>", b"<p>sua tay</p></body>"))
    _story(root)
    output = _build(root)
    assert page.read_bytes() == original and _kept(output) > 0


def test_share_cards_are_kept_from_the_last_build_unless_changed_in_site(tmp_path):
    root = _school(tmp_path)
    _build(root)
    cards = sorted((root / "site").rglob("*.png"))
    cards = [c for c in cards if c.parent.name == urls.SHARE_FOLDER]
    assert len(cards) > 3, cards
    spoiled, kept = cards[0], cards[1]
    original = spoiled.read_bytes()
    spoiled.write_bytes(original[:100])   # changed by hand after the build
    inode = kept.stat().st_ino
    _story(root)
    _build(root)
    # The card changed in site/ is the cache's card again; the others are the same files.
    assert spoiled.read_bytes() == original
    assert kept.stat().st_ino == inode


@pytest.mark.parametrize("broken", ["{not json", '{"version": 1, "engine": "x", "pages": 3}'])
def test_an_unreadable_record_of_the_last_build_means_a_cold_build(tmp_path, broken):
    root = _school(tmp_path)
    _build(root)
    (root / STATE).write_text(broken, "utf-8")
    _story(root)
    output = _build(root)
    assert _kept(output) == 0 and "zqtruyen" in (
        root / "site/guong-dien-hinh/gv-1/index.html").read_text("utf-8")
