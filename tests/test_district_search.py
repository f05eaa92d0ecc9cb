"""The district's search after warm builds (bangvang/district/search.py, indexmerge.py).

Five schools collected as folders of the district project (copies of their published
sites) and a sixth, Trường Tiểu học Võ Thị Sáu, whose project is changed between builds:
- cold: one index, built whole;
- warm 1: the school published a new teacher and rewrote a story: the index is kept, the
  changed groups of that school's pages indexed anew and folded in, no old word left;
- warm 2: the school renamed a teacher: the same, and no file of the site keeps the old
  name;
- warm 3: a school leaves the district's list: its pages are taken out of the kept index.

Each stage's site is copied aside for the browser test (tests/browser/test_district.py).
"""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

import sitecheck
from conftest import run_bangvang, write

from bangvang.district import search
from bangvang.exports import subindex
from bangvang.records.text import fold


def _district_tests():
    """tests/test_district.py, loaded by path: the browser tests have a module of its
    basename (tests/browser/test_district.py), which imports this one."""
    name = "district_tests_test_district"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            name, Path(__file__).resolve().parent / "test_district.py")
        sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


_TESTS = _district_tests()
ISSUER, SCHOOLS, school_project = _TESTS.ISSUER, _TESTS.SCHOOLS, _TESTS.school_project
served = _TESTS.served      # its fixture, used here

CHANGING = ("79000107", "Trường Tiểu học Võ Thị Sáu", "TH", "Cụm 2")
OLD_STORY, NEW_STORY = "Dạy kèm miễn phí cho học sinh xóm Bàu Sen.", \
    "Mở thư viện sách xanh ở điểm trường Gò Mây."
NEW_TEACHER = "Khổng Thị Ngọc Hân"
KEPT, RENAMED = "Ngụy Thị Thu Trang", "Lục Thị Thu Trang"   # a teacher there from the start
FOLDERS = [code for code, *_ in SCHOOLS if code != "79000106"]      # 106: an invalid table


def _district_file(root: Path, codes: list[str]) -> None:
    rows = [(c, n, lv, cl) for c, n, lv, cl, *_ in SCHOOLS if c in codes] + [CHANGING]
    write(root, "data/district.yml", f"name: {ISSUER}\nschool_year: \"2024-2025\"\nschools:\n"
          + "".join(f"  - {{code: \"{c}\", name: \"{n}\", level: {lv}, cluster: \"{cl}\", "
                    f"site: truong/{c}}}\n" for c, n, lv, cl in rows))


def _publish(school: Path, root: Path) -> None:
    """The school builds its site; the district receives a copy of it (its folder)."""
    result = run_bangvang(school, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    shutil.rmtree(root / "truong" / CHANGING[0], ignore_errors=True)
    shutil.copytree(school / "site", root / "truong" / CHANGING[0])


def _build(root: Path, stages: dict, name: str, base: Path) -> None:
    result = run_bangvang(root, "district", "build")
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    stages[name] = {"out": result.stdout, "site": base / name,
                    "js": (site / "pagefind/pagefind.js").stat().st_ino,
                    "store": (root / ".build/cache/tim-kiem-pagefind.pickle").is_file()}
    shutil.copytree(site, base / name)


@pytest.fixture(scope="module")
def stages(served, tmp_path_factory):
    _url, _handler, web = served
    base = tmp_path_factory.mktemp("district-warm")
    root = base / "pgd"
    for code in FOLDERS:
        shutil.copytree(web / code, root / "truong" / code)
    _district_file(root, FOLDERS)
    school = school_project(base / "projects", CHANGING[0], CHANGING[1], 17, True)
    story = school / "exemplars/gv-107-0.md"
    story.write_text(story.read_text("utf-8").replace("Giúp học sinh khó khăn.", OLD_STORY),
                     "utf-8")
    teacher = school / "exemplars/gv-107-1.md"
    teacher.write_text(re.sub(r"(?m)^name: .*$", f"name: {KEPT}", teacher.read_text("utf-8")),
                       "utf-8")
    _publish(school, root)
    found: dict = {}
    _build(root, found, "cold", base)
    story.write_text(story.read_text("utf-8").replace(OLD_STORY, NEW_STORY), "utf-8")
    write(school, "exemplars/gv-107-9.md", f"---\nname: {NEW_TEACHER}\nrole: teacher\n"
          "unit: Tổ Văn\nschool_year: \"2024-2025\"\nconsent: name\nsummary: Dẫn đội văn "
          "nghệ của trường.\n---\nCâu chuyện.\n")
    _publish(school, root)
    _build(root, found, "warm1", base)
    teacher.write_text(teacher.read_text("utf-8").replace(KEPT, RENAMED), "utf-8")
    _publish(school, root)
    _build(root, found, "warm2", base)
    _district_file(root, FOLDERS[1:])
    _build(root, found, "warm3", base)
    return found


def manifest(site: Path) -> dict:
    return json.loads((site / "pagefind/bo-loc.json").read_text("utf-8"))


def fragments(folder: Path) -> dict[str, dict]:
    """Fragment file → its page (url, content, meta), as Pagefind wrote it."""
    found = {}
    for path in sorted((folder / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())[len(subindex.SIGNATURE):]
        found[path.name] = json.loads(data)
    return found


def words(folder: Path) -> set[str]:
    """Every word of the index's word chunks."""
    return {entry[0] for path in (folder / "index").glob("*.pf_index")
            for entry in subindex.read_file(path)[0]}


def test_a_cold_build_makes_one_whole_index(stages):
    site = stages["cold"]["site"]
    assert "moi" not in manifest(site) and not list(site.glob("pagefind-*"))
    urls = [f["url"] for f in fragments(site / "pagefind").values()]
    assert any(f"/truong/{CHANGING[0]}/" in u for u in urls)
    assert {u.split("/")[2] for u in urls if u.startswith("/truong/")} == {*FOLDERS, CHANGING[0]}


def _groups(site: Path) -> dict[str, set[str]]:
    """Group → the addresses of its pages, as the index's `nhom` filter says."""
    index = site / "pagefind"
    meta = subindex.read_file(next(index.glob("*.pf_meta")))
    names = [page[0] for page in meta[1]]
    chunk = dict(meta[3])[subindex.GROUP_FILTER]
    pages = fragments(index)
    return {group: {pages[f"{names[n]}.pf_fragment"]["url"] for n in numbers}
            for group, numbers in subindex.read_file(index / "filter" / f"{chunk}.pf_filter")[1]}


def test_a_warm_build_indexes_only_the_changed_schools_pages(stages):
    site, out = stages["warm1"]["site"], stages["warm1"]["out"]
    assert "lập lại" in out, out
    # The word chunks were kept as bytes for the next build (a fold reads them from there).
    assert not stages["cold"]["store"] and stages["warm1"]["store"]
    # The kept index's script and WebAssembly are the cold build's (linked, not written).
    assert stages["warm1"]["js"] == stages["cold"]["js"]
    warm, cold = fragments(site / "pagefind"), fragments(stages["cold"]["site"] / "pagefind")
    # Every page once, the changed school's new teacher among them; other schools' pages
    # are the cold build's fragments, the same files.
    urls = [f["url"] for f in warm.values()]
    assert len(urls) == len(set(urls))
    assert any(f["meta"]["title"] == NEW_TEACHER for f in warm.values())
    changed = {name for name, f in warm.items() if name not in cold}
    assert changed and all(f"/truong/{CHANGING[0]}/" in warm[n]["url"] for n in changed)
    # Only some of that school's groups were indexed anew: the rest of its pages kept.
    kept_there = [n for n, f in warm.items() if f"/truong/{CHANGING[0]}/" in f["url"]
                  and n in cold]
    assert kept_there
    # The groups still say whose each page is (a later build takes them out by it), the
    # new pages' included.
    groups = _groups(site)
    assert sum(map(len, groups.values())) == len(urls)
    assert all(u.startswith(f"/truong/{g.split('-')[0]}/") if g != "phong" else
               not u.startswith("/truong/") for g, us in groups.items() for u in us)


def test_the_rewritten_story_is_in_no_readable_file_of_the_warm_site(stages):
    site = stages["warm1"]["site"]
    texts = dict(sitecheck.all_text(site))
    assert not [p for p, t in texts.items() if OLD_STORY in t]
    assert [p for p, t in texts.items() if NEW_STORY in t and p.startswith("pagefind/")]


def test_a_renamed_person_keeps_the_index_and_no_file_keeps_the_old_name(stages):
    site, out = stages["warm2"]["site"], stages["warm2"]["out"]
    assert "lập lại" in out, out
    assert stages["warm2"]["js"] == stages["cold"]["js"]
    # No page, data file or index file holds the old name, not even a word of it.
    for path, text in sitecheck.all_text(site):
        assert KEPT not in text and fold(KEPT).lower() not in text.lower(), path
    assert "nguy" not in words(site / "pagefind")
    assert any(f["meta"]["title"] == RENAMED for f in fragments(site / "pagefind").values())


def test_a_school_taken_off_the_list_leaves_nothing_of_it_in_the_search(stages):
    site = stages["warm3"]["site"]
    gone = FOLDERS[0]
    assert not any(f"/truong/{gone}/" in f["url"] for f in fragments(site / "pagefind").values())
    name = next(n for c, n, *_ in SCHOOLS if c == gone)
    assert name not in manifest(site)["truong"]
    assert name not in "".join(t for _p, t in sitecheck.all_text(site / "pagefind"))
    assert not any(g.startswith(gone) for g in _groups(site))


def _pages(texts: dict[str, str]) -> dict[str, bytes]:
    """Site path → a person page as site.py makes them (indexed element, group mark)."""
    return {path: subindex.mark(
        f'<html lang="vi"><body><main data-pagefind-body><h1 data-pagefind-meta="title">'
        f'{path.rsplit("/", 1)[1][:-5]}</h1><p>{text}</p></main></body></html>'.encode(),
        search.group_of(path)) for path, text in texts.items()}


def _index(staging: Path, previous: Path | None, files: dict[str, bytes], recorded):
    for path, data in files.items():
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_bytes(data)
    digests = {p: hashlib.sha256(d).hexdigest() for p, d in files.items()}
    return search.index(staging, previous, files, digests, {"truong": [], "cum": []}, recorded)


def test_pages_changed_back_are_indexed_anew_and_a_quarter_since_whole_rebuilds(tmp_path):
    texts = {f"truong/{code}/nguoi/nguoi-{i}.html": f"Giáo viên {code} số {i}"
             for code in ("79000001", "79000002") for i in range(20)}
    first = _index(tmp_path / "1", None, _pages(texts), None)
    assert first.mode == "whole" and first.pages == 40
    edited = dict(texts, **{"truong/79000001/nguoi/nguoi-3.html": "Đã sửa câu chuyện"})
    second = _index(tmp_path / "2", tmp_path / "1", _pages(edited), first.record)
    group = search.group_of("truong/79000001/nguoi/nguoi-3.html")
    assert second.mode == "kept" and second.changed == [group] and second.pages == 40
    # The page back as it was: its group indexed anew from the previous build's index.
    third = _index(tmp_path / "3", tmp_path / "2", _pages(texts), second.record)
    assert third.mode == "kept" and third.changed == [group]
    assert "sua" not in words(tmp_path / "3/pagefind")
    # The pages indexed anew since the index was whole passing a quarter: whole.
    many = {p: t + " (sửa)" if int(p[-6]) % 2 else t for p, t in texts.items()}
    fourth = _index(tmp_path / "4", tmp_path / "3", _pages(many), third.record)
    assert fourth.mode == "whole"
