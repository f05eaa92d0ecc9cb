"""Statistics (/thong-ke/, charts on year and campaign pages) and plan targets against results.

The built demo's charts are read back from the SVG and compared with the tables beside them
and with counts made here straight from the record files; targets are checked on small
projects, in-process (pipeline.run makes every page in memory, without MkDocs).
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from lxml import html

from bangvang import pipeline
from bangvang.pages.sections import Index
from bangvang.pages.statistics import compute
from bangvang.checking.validate import build_catalog
from conftest import make_project, write
from sitecheck import main_content, page

SVG_NS = "{http://www.w3.org/2000/svg}"


def number(text: str) -> float:
    return float(text.strip().rstrip("%").replace(",", "."))


def charts_of(document) -> dict[str, dict]:
    """{chart id: {"bars": [(label, value, width)], "rows": [(label, value)], "svg": element}}
    of every chart on a page, read from the SVG and from the table beside it."""
    found = {}
    for chart in document.cssselect("div.bv-chart"):
        heading = chart.getprevious()
        svg = chart.cssselect("svg")[0]
        bars = []
        for group in svg.iter(f"{SVG_NS}g", "g"):
            if "bv-chart__bar" not in (group.get("class") or ""):
                continue
            title = next(group.iter(f"{SVG_NS}title", "title")).text
            label, _, value = title.rpartition(": ")
            shown = [t for t in group.iter(f"{SVG_NS}text", "text")
                     if "bv-chart__value" in t.get("class", "")][0].text
            assert number(shown) == number(value)
            width = float([r for r in group.iter(f"{SVG_NS}rect", "rect")][-1].get("width"))
            bars.append((label, number(value), width))
        rows = [(row.cssselect("th")[0].text_content().strip(),
                 number(row.cssselect("td")[-1].text_content()))
                for row in chart.cssselect("tbody tr")]
        found[heading.get("id")] = {"bars": bars, "rows": rows, "svg": svg}
    return found


@pytest.fixture(scope="module")
def statistics_page(demo_root):
    return charts_of(main_content(page(demo_root / "site", "thong-ke/")))


def test_every_chart_draws_the_numbers_of_its_table(statistics_page):
    assert len(statistics_page) >= 10
    for chart_id, chart in statistics_page.items():
        assert [(label, value) for label, value, _ in chart["bars"]] == chart["rows"], chart_id
        top = 100 if chart_id == "ty-le-co-danh-hieu" else max(v for _, v, _ in chart["bars"])
        for label, value, width in chart["bars"]:   # bar length in proportion (300 units: full)
            assert width == pytest.approx(value / top * 300, abs=0.1), (chart_id, label)


def test_charts_are_images_with_a_name_and_text_as_text(statistics_page):
    for chart in statistics_page.values():
        svg = chart["svg"]
        assert svg.get("role") == "img" and svg.get("aria-label")
        assert next(svg.iter(f"{SVG_NS}title", "title")).text == svg.get("aria-label")
        assert not list(svg.iter(f"{SVG_NS}script", "script", f"{SVG_NS}image", "image"))


def _award_lines(root: Path) -> dict[str, list[dict]]:
    """Award lines of the published honour rolls, read from the YAML files as they are."""
    lines = {}
    for file in sorted((root / "exemplars/honours").glob("*.yml")):
        data = yaml.safe_load(file.read_text("utf-8"))
        if data.get("status") != "draft":
            lines[str(data["school_year"])] = data["awards"]
    return lines


def test_chart_numbers_equal_counts_made_from_the_record_files(demo_root, statistics_page):
    lines = _award_lines(demo_root)
    assert statistics_page["khen-thuong-theo-nam-hoc"]["rows"] == [
        (year, len(lines[year])) for year in sorted(lines)]
    vocabulary = yaml.safe_load((demo_root / "data/vocabulary.yml").read_text("utf-8"))
    for year, awards in lines.items():
        expected = Counter(vocabulary["titles"][a["title"]]["label"] if a.get("title")
                           else vocabulary["forms"][a["form"]]["label"] for a in awards)
        assert dict(statistics_page[f"danh-hieu-{year}"]["rows"]) == expected, year
        levels = Counter(vocabulary["levels"][a["level"]]["label"] for a in awards)
        assert dict(statistics_page[f"cap-{year}"]["rows"]) == levels, year
    entries = Counter()
    for file in (demo_root / "exemplars/contest").glob("*.md"):
        front = yaml.safe_load(file.read_text("utf-8").split("---")[1])
        if front.get("status") != "draft":
            entries[int(front["contest_year"])] += 1
    assert statistics_page["bai-du-thi-theo-nam"]["rows"] == [
        (f"Năm {year}", count) for year, count in sorted(entries.items())]


def test_staff_share_is_people_with_a_title_over_the_staff_count(demo_root, statistics_page):
    school = yaml.safe_load((demo_root / "data/school.yml").read_text("utf-8"))
    staff = {row["school_year"]: row["count"] for row in school["staff_counts"]}
    rows = dict(statistics_page["ty-le-co-danh-hieu"]["rows"])
    assert set(rows) == set(staff)
    content = main_content(page(demo_root / "site", "thong-ke/"))
    table = content.get_element_by_id("ty-le-co-danh-hieu").getnext()
    for row in table.cssselect("tbody tr"):
        year, people, count, share = [c.text_content().strip() for c in row]
        assert int(count) == staff[year]
        assert number(share) == round(100 * int(people) / staff[year], 1) == rows[year]


def test_year_and_campaign_pages_show_their_own_charts(demo_root):
    site = demo_root / "site"
    year = charts_of(main_content(page(site, "nam-hoc/2024-2025/")))
    assert set(year) == {"danh-hieu-2024-2025", "doi-tuong-2024-2025"}
    everything = charts_of(main_content(page(site, "thong-ke/")))
    assert year["danh-hieu-2024-2025"]["rows"] == everything["danh-hieu-2024-2025"]["rows"]
    campaign = charts_of(main_content(page(site, "phong-trao/day-tot-hoc-tot/")))
    by_year = campaign["khen-thuong-theo-nam-hoc"]["rows"]
    lines = _award_lines(demo_root)
    assert by_year == [(y, n) for y, n in ((y, sum(1 for a in lines[y] if a.get("campaign")
                                                   == "day-tot-hoc-tot")) for y in sorted(lines))
                       if n]


def test_the_demo_plans_show_each_state_of_a_target(demo_root):
    content = main_content(page(demo_root / "site",
                                "ke-hoach/2024-2025-ke-hoach-thi-dua-khen-thuong/"))
    states = [s.text_content() for s in content.cssselect(".bv-targets .bv-state")]
    assert {"Đạt", "Chưa đạt", "Chưa có số liệu"} <= set(states)
    evidence = content.cssselect('.bv-targets a[href^="https://"]')
    assert evidence and evidence[0].get("rel") == "nofollow noopener"


# --- targets on a small project ---------------------------------------------------------------

PLAN = """---
issued: 2024-09-12
issuer: Trường THCS Thử Nghiệm
title: Kế hoạch thi đua năm học 2023-2024
school_year: "2023-2024"
targets:
{targets}
---
Nội dung.
"""


def plan_project(tmp_path, targets: str, staff: str = "") -> Path:
    root = make_project(tmp_path / "school")
    write(root, "plans/2023-2024-ke-hoach.md", PLAN.format(targets=targets))
    if staff:
        school = root / "data/school.yml"
        school.write_text(school.read_text("utf-8") + staff, encoding="utf-8")
    return root


def checks_of(root: Path) -> list:
    catalog, problems = build_catalog(root)
    assert catalog is not None, problems.items
    return compute(catalog, Index.of(catalog, {})).plan_targets["2023-2024-ke-hoach"]


THREE_STATES = """  - text: "Tối thiểu 15% giáo viên có sáng kiến"
    value: 15
    unit: "%"
    result: {value: 16, unit: "%", date: 25/05/2024, evidence: "https://truong.example.vn/bc.pdf"}
  - text: "Ít nhất 70% sáng kiến được áp dụng"
    value: 70
    unit: "%"
    result:
      value: 62,5
      note: 5/8 sáng kiến
  - {text: "Mỗi lớp có sổ việc tốt", value: 100, unit: "%"}
  - text: "Học sinh bỏ học không quá 1%"
    value: 1
    unit: "%"
    comparison: toi-da
    result: {value: 0.4}
  - text: "Không có học sinh vi phạm an toàn giao thông"
    result: {achieved: false, note: "một trường hợp"}
"""


def test_targets_are_met_not_met_or_without_data(tmp_path):
    checks = checks_of(plan_project(tmp_path, THREE_STATES))
    assert [c.state for c in checks] == ["met", "not_met", "no_data", "met", "not_met"]
    assert checks[1].value == 62.5 and checks[1].unit == "%"


def test_the_plan_page_shows_target_result_and_state(tmp_path):
    result = pipeline.run(plan_project(tmp_path, THREE_STATES))
    assert not result.problems, result.problems.items
    document = html.fromstring(result.output.pages["ke-hoach/2023-2024-ke-hoach.md"].html)
    rows = [[cell.text_content().strip() for cell in row]
            for row in document.cssselect(".bv-targets tbody tr")]
    assert rows[0][1:] == ["≥ 15%", "16% (ngày 25/05/2024) — minh chứng", "Đạt"]
    assert rows[1][3] == "Chưa đạt" and rows[2][3] == "Chưa có số liệu"
    assert rows[3][1] == "≤ 1%" and rows[3][3] == "Đạt"


COMPUTED = """  - text: "Ít nhất 50% cán bộ, giáo viên đạt Chiến sĩ thi đua cơ sở"
    value: 50
    unit: "%"
    computed: ty-le-danh-hieu:chien-si-thi-dua-co-so
  - {text: "Ít nhất 2 học sinh xuất sắc", value: 2, computed: "so-khen-thuong:hoc-sinh-xuat-sac"}
  - {text: "Ít nhất 3 lượt khen thưởng", value: 3, computed: so-khen-thuong}
"""


def test_results_computed_from_the_records(tmp_path):
    with_staff = checks_of(plan_project(tmp_path / "a", COMPUTED, staff="staff_counts:\n  - "
                                        "{school_year: \"2023-2024\", count: 2}\n"))
    # mini-school 2023-2024: one teacher with Chiến sĩ thi đua cơ sở, two Học sinh xuất sắc
    assert [(c.value, c.state) for c in with_staff] == [(50.0, "met"), (2, "met"),
                                                        (3, "met")]
    without = checks_of(plan_project(tmp_path / "b", COMPUTED))
    assert without[0].state == "no_data" and "staff_counts" in without[0].how


@pytest.mark.parametrize("targets, field, words", [
    ('  - {text: "Ít nhất 15% sáng kiến", value: 15, unit: "%", result: "16% (7/42)"}',
     "targets[1].result.value", "value"),
    ('  - {text: "Ít nhất 15%", value: 15, unit: "%", result: {value: 16, unit: người}}',
     "targets[1].result.unit", "đơn vị"),
    ('  - {text: "Ít nhất 15%", value: 15, result: {value: 16, evidence: "bao-cao.pdf"}}',
     "targets[1].result.evidence", "https://"),
    ('  - {text: "Ít nhất 15%", value: 15, computed: "ty-le-sang-kien"}',
     "targets[1].computed", "ty-le-danh-hieu"),
    ('  - {text: "Ít nhất 15%", value: 15, computed: "so-khen-thuong:bang-khen-x"}',
     "targets[1].computed", "data/vocabulary.yml"),
    ('  - {text: "Ít nhất 15%", value: 15, computed: so-guong, result: {value: 3}}',
     "targets[1].result", "một trong hai"),
    ('  - {text: "Không có vi phạm", result: {note: "tốt"}}',
     "targets[1].result.achieved", "achieved: true"),
    ('  - {text: "Ít nhất 15%", value: 15, comparison: ">="}',
     "targets[1].comparison", "toi-thieu"),
])
def test_a_result_that_cannot_be_compared_is_refused_with_file_line_and_field(
        tmp_path, targets, field, words):
    catalog, problems = build_catalog(plan_project(tmp_path, targets))
    assert catalog is None
    found = [p for p in problems.items if p.field == field]
    assert found, problems.items
    assert found[0].file == "plans/2023-2024-ke-hoach.md" and found[0].line == 7
    assert words in found[0].message


def test_staff_counts_are_checked_with_a_vietnamese_message(tmp_path):
    root = plan_project(tmp_path, '  - "Mỗi lớp có sổ việc tốt"',
                        staff="staff_counts:\n  - {school_year: \"2023-2025\", count: nhiều}\n")
    _, problems = build_catalog(root)
    fields = {p.field: p.message for p in problems.items}
    assert "năm học" in fields["staff_counts[1].school_year"]
    assert "số nguyên" in fields["staff_counts[1].count"]


HOSTILE = '<script>alert(1)</script></svg><img src=x onerror=alert(2)>"&'


def test_a_hostile_label_in_a_chart_is_text(tmp_path):
    root = plan_project(tmp_path, '  - "Mỗi lớp có sổ việc tốt"')
    vocabulary = root / "data/vocabulary.yml"
    text = vocabulary.read_text("utf-8").replace(
        "hoc-sinh-xuat-sac: {label: Học sinh xuất sắc,",
        f"hoc-sinh-xuat-sac: {{label: '{HOSTILE}',")
    assert HOSTILE in text
    vocabulary.write_text(text, encoding="utf-8")
    campaign = root / "plans/campaigns/day-tot-hoc-tot.md"
    campaign.write_text(re.sub(r"^name: .*$", f"name: '{HOSTILE} phong trào'",
                               campaign.read_text("utf-8"), count=1, flags=re.M), encoding="utf-8")
    result = pipeline.run(root)
    assert not result.problems, result.problems.items
    for source in ("thong-ke/index.md", "nam-hoc/2023-2024.md", "phong-trao/day-tot-hoc-tot.md"):
        page_html = result.output.pages[source].html
        assert "<script" not in page_html and "<img" not in page_html, source
        assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/svg&gt;" in page_html, source
    for source in ("thong-ke/index.md", "nam-hoc/2023-2024.md"):   # parsed back: text, not tags
        document = html.fromstring(result.output.pages[source].html)
        labels = [t.text for t in document.iter(f"{SVG_NS}text", "text")
                  if "bv-chart__label" in t.get("class", "")]
        assert any(label and label.startswith("<script>alert(1)") for label in labels), source


def test_docs_list_every_target_and_result_field_and_nothing_else():
    from bangvang.records import kinds
    doc = (Path(__file__).resolve().parent.parent / "docs/records.md").read_text("utf-8")
    section = doc.split("## Plan targets and their results", 1)[1].split("\n## ", 1)[0]
    targets, result = section.split("`result`:", 1)
    names = lambda text: set(re.findall(r"^\| (\w+) \| [^|]+ \| (?:yes|no)[^|]*\|", text, re.M))
    assert names(targets) == set(kinds.PLAN.fields["targets"].item.fields)
    assert names(result) == set(kinds.TARGET_RESULT)


def test_a_school_year_counted_twice_is_refused(tmp_path):
    root = plan_project(tmp_path, '  - "Mỗi lớp có sổ việc tốt"',
                        staff="staff_counts:\n  - {school_year: \"2023-2024\", count: 40}\n"
                              "  - {school_year: \"2023-2024\", count: 42}\n")
    _, problems = build_catalog(root)
    found = [p for p in problems.items if p.field == "staff_counts[2].school_year"]
    assert found and found[0].file == "data/school.yml" and "đã có" in found[0].message
    assert found[0].line == len((root / "data/school.yml").read_text("utf-8").splitlines())
