"""Every link the site writes points at a page it writes: the year of a contest entry has its
year page, and an address a template fills that no page answers is a problem naming the
record, found by `check`."""
from __future__ import annotations

from bangvang import pipeline
from bangvang.records.model import Catalog
from conftest import make_project, run_bangvang, write
from sitecheck import broken_links, page

ENTRY = "exemplars/contest/bai-2021.md"


def _entry_of_a_year_without_other_records(root):
    # A teacher's entry of the 2021 contest (school year 2020-2021): no roll, exemplar or plan
    # of that year, and the author gets a page of their own listing the year.
    write(root, ENTRY, "---\ncontest_year: 2021\ntitle: Mùa thi năm ấy\nauthor: {name: Lê Thị "
          "Hạnh, role: teacher, unit: Tổ Văn}\nsubject: Cô giáo cũ\nprize: nhat\n---\nBài viết.\n")


def test_a_contest_entrys_year_has_its_year_page_and_no_link_is_broken(tmp_path):
    root = make_project(tmp_path / "school")
    _entry_of_a_year_without_other_records(root)
    built = run_bangvang(root, "build")
    assert built.returncode == 0, built.stderr[-3000:]
    site = root / "site"
    assert (site / "nam-hoc/2020-2021/index.html").is_file()
    assert "Mùa thi năm ấy" in page(site, "nam-hoc/2020-2021/").text_content()
    assert broken_links(site) == []


def test_an_address_no_page_answers_is_a_problem_naming_the_record(tmp_path, monkeypatch):
    """The renderer checks what templates fill, not only links in record text: with year pages
    taken away, the pages that link a year are refused, each at its record's file."""
    root = make_project(tmp_path / "school")
    monkeypatch.setattr(Catalog, "school_years", lambda self: [])
    result = pipeline.check(root)
    named = {p.file for p in result.problems.items if "/nam-hoc/" in p.message}
    assert "exemplars/dang-van-do.md" in named, result.problems.report()


def test_check_refuses_it_before_the_build(tmp_path, monkeypatch):
    root = make_project(tmp_path / "school")
    monkeypatch.setattr(Catalog, "school_years", lambda self: [])
    checked = run_bangvang(root, "check")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "exemplars/dang-van-do.md: " in checked.stderr
