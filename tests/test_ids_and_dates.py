"""Inputs `check` used to accept silently: file names Windows cannot hold, names that differ
only by case or Unicode form, odd names, implausible school years and decision dates, an
http:// address, Markdown nested to take minutes, dates written month first."""
from __future__ import annotations

import time
import unicodedata

import pytest

from bangvang import pipeline
from conftest import run_bangvang, write

EXEMPLAR = """---
name: Phạm Thị Hoa
role: teacher
unit: Tổ Ngữ văn
school_year: "{year}"
summary: Cô giúp học sinh đọc sách.
{extra}---
Câu chuyện.
"""
ROLL = """school_year: "2023-2024"
awards:
  - recipient: Nguyễn Văn Bình
    role: teacher
    title: chien-si-thi-dua-co-so
    level: truong
    decision: {{number: 45/QĐ-THCS, date: {date}}}
"""


def problems(root) -> list[str]:
    return [str(p) for p in pipeline.check(root).problems]


def test_windows_reserved_names_are_refused(project):
    write(project, "exemplars/con.md", EXEMPLAR.format(year="2023-2024", extra=""))
    write(project, "exemplars/com1.md", EXEMPLAR.format(year="2023-2024", extra="")
          .replace("Phạm Thị Hoa", "Phạm Thị Hà"))
    write(project, "plans/campaigns/nul.md", (project / "plans/campaigns/day-tot-hoc-tot.md")
          .read_text("utf-8"))
    found = problems(project)
    for name in ("exemplars/con.md", "exemplars/com1.md", "plans/campaigns/nul.md"):
        assert any(p.startswith(f"{name}: ") and "Windows" in p for p in found), (name, found)
    result = run_bangvang(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_a_reserved_photo_name_is_refused(project):
    write(project, "exemplars/photos/aux.jpg", "x")
    assert any(p.startswith("exemplars/photos/aux.jpg: ") for p in problems(project))


def test_photo_names_differing_only_by_unicode_form_or_case(project):
    nfc = unicodedata.normalize("NFC", "ảnh.jpg")
    nfd = unicodedata.normalize("NFD", "ảnh.jpg")
    write(project, f"exemplars/photos/{nfc}", "x")
    write(project, f"exemplars/photos/{nfd}", "x")
    write(project, "exemplars/photos/Hoa.jpg", "x")
    write(project, "exemplars/photos/hoa.jpg", "x")
    found = problems(project)
    assert sum("exemplars/photos/" in p and "ảnh.jpg" in unicodedata.normalize("NFC", p)
               for p in found) == 1, found
    assert sum("exemplars/photos/" in p and "hoa.jpg" in p.lower() for p in found) == 1, found


@pytest.mark.parametrize("name", ["..md", ".md", "...yml"])
def test_odd_file_names_are_reported_not_dropped(project, name):
    folder = "exemplars/honours" if name.endswith(".yml") else "exemplars"
    write(project, f"{folder}/{name}", EXEMPLAR.format(year="2023-2024", extra=""))
    found = problems(project)
    assert any(p.startswith(f"{folder}/{name}: ") for p in found), found


@pytest.mark.parametrize("year", ["1900-1901", "2099-2100", "1974-1975"])
def test_implausible_school_years(project, year):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(year=year, extra=""))
    found = problems(project)
    assert len(found) == 1 and found[0].startswith("exemplars/hoa.md:5: school_year:"), found


def test_plausible_school_years_pass(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(year="1975-1976", extra=""))
    assert problems(project) == []


@pytest.mark.parametrize("date", ["15/01/1990", "25/05/2023", "01/06/2026"])
def test_a_decision_far_outside_the_school_year(project, date):
    write(project, "exemplars/honours/2023-2024.yml", ROLL.format(date=date))
    found = problems(project)
    assert len(found) == 1, found
    assert found[0].startswith("exemplars/honours/2023-2024.yml:7: awards[1].decision.date:")


@pytest.mark.parametrize("date", ["25/05/2024", "15/10/2024", "20/12/2024", "05/09/2023"])
def test_a_decision_some_months_after_the_year_is_normal(project, date):
    write(project, "exemplars/honours/2023-2024.yml", ROLL.format(date=date))
    assert problems(project) == []


def test_http_site_url_is_refused(project):
    school = project / "data/school.yml"
    school.write_text(school.read_text("utf-8").replace("https://", "http://"), "utf-8")
    found = problems(project)
    assert len(found) == 1 and found[0].startswith("data/school.yml:2: site_url:"), found
    assert "https://" in found[0]


def test_month_first_date_suggests_the_swap(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(year="2023-2024",
                                                       extra="date: 11/24/2023\n"))
    found = problems(project)
    assert len(found) == 1 and found[0].startswith("exemplars/hoa.md:7: date:"), found
    assert "24/11/2023" in found[0]


def test_an_impossible_date_that_is_no_swap_says_so(project):
    write(project, "exemplars/hoa.md", EXEMPLAR.format(year="2023-2024",
                                                       extra="date: 31/02/2024\n"))
    found = problems(project)
    assert len(found) == 1 and "02/31" not in found[0] and "31/02/2024" in found[0]


@pytest.mark.parametrize("body", ["[" * 13000 + "]" * 13000, "[" * 26000, "[x][" * 6500,
                                  "![" * 9000 + "]" * 9000])
def test_markdown_nested_to_take_minutes_is_refused_quickly(project, body):
    before = time.perf_counter()
    assert problems(project) == []
    baseline = time.perf_counter() - before
    write(project, "exemplars/hoa.md", EXEMPLAR.format(year="2023-2024", extra="")
          .replace("Câu chuyện.", "Câu chuyện.\n\n" + body))
    before = time.perf_counter()
    found = problems(project)
    assert time.perf_counter() - before < baseline + 3
    assert len(found) == 1 and found[0].startswith("exemplars/hoa.md:10:"), found


def test_many_ordinary_links_are_fine(project):
    links = "\n".join(f"- [Bài {i}](https://truong.edu.vn/{i})" for i in range(1500))
    table = "| a | b |\n|---|---|\n" + "\n".join(f"| [x{i}](https://a.vn/{i}) | [y](https://b.vn) |"
                                                  for i in range(400))
    write(project, "exemplars/hoa.md", EXEMPLAR.format(year="2023-2024", extra="")
          .replace("Câu chuyện.", f"Câu chuyện.\n\n{links}\n\n{table}\n"))
    assert problems(project) == []
