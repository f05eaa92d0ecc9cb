"""Page generation: grouping, escaping, links, and files rewritten only when they change."""
from __future__ import annotations

import os

from bangvang.pages import pages
from bangvang import pipeline
from bangvang.pages.pages import demote_headings, split_groups, write_output
from bangvang.pages.sections import Index
from bangvang.checking.validate import build_catalog
from conftest import write


def test_record_text_is_escaped_in_the_page_html(project):
    path = project / "exemplars/dang-van-do.md"
    write(project, "exemplars/dang-van-do.md", path.read_text("utf-8").replace(
        "unit: Tổ Toán", "unit: 7A <b>đậm</b> | *x*", 1))
    result = pipeline.run(project)
    assert not result.problems, result.problems.report()
    html = result.output.pages["guong-dien-hinh/dang-van-do.md"].html
    assert "7A &lt;b&gt;đậm&lt;/b&gt; | *x*" in html and "<b>" not in html


def test_record_headings_sit_under_the_page_sections():
    assert demote_headings("## I. MỤC ĐÍCH\n```\n## code\n```\n### 1. Mục đích") == \
        "### I. MỤC ĐÍCH\n```\n## code\n```\n#### 1. Mục đích"


def test_honour_groups_follow_vocabulary_order_and_count_unlisted_people(project):
    catalog, problems = build_catalog(project)
    assert not problems
    groups = Index.of(catalog, {}).groups(catalog.honour_rolls["2023-2024"].awards)
    assert [(g["label"], g["level"], g["count"], g["unlisted"]) for g in groups] == [
        ("Chiến sĩ thi đua cơ sở", "Trường", 1, 0),
        ("Học sinh xuất sắc", "Trường", 2, 1)]
    assert [a.person.name for a in groups[1]["awards"]] == ["N.T.A."]


def test_awards_are_grouped_once_per_catalog_and_again_when_one_is_corrected(project):
    """The home, roll and year pages group the same awards; the preview's quick path makes
    a new Index over the same Award objects but the corrected one (sections.Index.groups)."""
    from dataclasses import replace
    catalog, _problems = build_catalog(project)
    awards = catalog.honour_rolls["2023-2024"].awards
    first = Index.of(catalog, {}).groups(awards)
    assert Index.of(catalog, {}).groups(list(awards)) is first      # a new Index, same awards
    corrected = [replace(awards[0], decision_number="99/QĐ-SUA"), *awards[1:]]
    again = Index.of(catalog, {}).groups(corrected)
    shown = [a.decision_number for g in again for a in g["awards"]]
    assert again is not first and "99/QĐ-SUA" in shown
    other, _problems = build_catalog(project)                       # a whole pass
    assert Index.of(other, {}).groups(other.honour_rolls["2023-2024"].awards) is not first


def test_links_between_pages_are_relative_to_the_page(project):
    output = pipeline.run(project).output
    exemplar = output.pages["guong-dien-hinh/dang-van-do.md"].html
    assert 'href="../../bang-vang/2023-2024/"' in exemplar
    assert 'href="guong-dien-hinh/dang-van-do/"' in output.pages["index.md"].html


def test_a_link_in_a_body_to_a_page_that_does_not_exist_is_a_problem(project):
    path = project / "exemplars/dang-van-do.md"
    write(project, "exemplars/dang-van-do.md", path.read_text("utf-8").replace(
        "Câu chuyện.", "Xem [bảng vàng](/bang-vang/2023-2024.md) và [trang cũ](/khong-co.md)."))
    result = pipeline.run(project)
    problems = [str(p) for p in result.problems]
    assert len(problems) == 1 and "exemplars/dang-van-do.md:" in problems[0]
    assert "khong-co.md" in problems[0]


def test_generated_files_are_rewritten_only_when_their_content_changes(project, tmp_path):
    folder = tmp_path / "pages"
    write_output(pipeline.run(project).output, folder)
    exemplar, honour = folder / "guong-dien-hinh/dang-van-do.md", folder / "bang-vang/2023-2024.md"
    os.utime(exemplar, (1, 1))
    os.utime(honour, (1, 1))
    write(project, "exemplars/dang-van-do.md",
          (project / "exemplars/dang-van-do.md").read_text("utf-8").replace("Câu chuyện.", "Mới."))
    write_output(pipeline.run(project).output, folder)
    assert exemplar.stat().st_mtime > 1 and "Mới." in exemplar.read_text("utf-8")
    assert honour.stat().st_mtime == 1


def test_pages_of_removed_records_are_removed(project, tmp_path):
    folder = tmp_path / "pages"
    write_output(pipeline.run(project).output, folder)
    (project / "exemplars/contest/bai-1.md").unlink()
    paths = write_output(pipeline.run(project).output, folder)
    assert not (folder / "cuoc-thi-viet/2024/bai-1.md").exists()
    assert not (folder / "cuoc-thi-viet/2024").exists()
    assert "cuoc-thi-viet/index.md" in paths


def test_a_page_is_rendered_again_when_anything_it_shows_changes(project):
    """The render cache (pages/memo.py) never serves a page that would now differ."""
    first = pipeline.run(project).output.pages
    campaign = project / "plans/campaigns/day-tot-hoc-tot.md"
    write(project, "plans/campaigns/day-tot-hoc-tot.md",
          campaign.read_text("utf-8").replace("name: ", "name: Mới ", 1))
    second = pipeline.run(project).output.pages
    exemplar = "guong-dien-hinh/dang-van-do.md"   # links to the campaign by its name
    assert "Mới " in second[exemplar].html and "Mới " not in first[exemplar].html
    again = pipeline.run(project).output.pages
    assert {s: p.html for s, p in again.items()} == {s: p.html for s, p in second.items()}


def test_a_big_schools_exemplar_index_lists_the_newest_and_links_every_year(project, monkeypatch):
    from bangvang.pages import sections
    monkeypatch.setattr(sections, "INDEX_LIMIT", 0)
    html = pipeline.run(project).output.pages["guong-dien-hinh/index.md"].html
    assert "Đặng Văn Đỗ" not in html and "gương khác" in html
    assert 'href="../nam-hoc/2023-2024/#teacher"' in html


def test_a_later_page_of_a_list_is_made_again_when_what_every_page_shows_changes(project,
                                                                                 monkeypatch):
    """A paged list's pages share what every page is given (a roll's whole summary), digested
    once for all of them (Renderer.paged): page 2 must still be made again when only that
    changes, and kept when nothing does."""
    import jinja2
    monkeypatch.setattr(pages, "ROWS_PER_PAGE", 1)
    renderer = pipeline.run(project).renderer
    renderer.env = jinja2.Environment(autoescape=True, loader=jinja2.DictLoader(
        {"html/t.html.j2": "{{ note }}|{% for g in groups %}{{ g.label }}{% endfor %}"}))
    groups = [{"anchor": "a", "label": "A", "awards": [1]},
              {"anchor": "b", "label": "B", "awards": [2]}]
    made = []
    real = renderer._render
    monkeypatch.setattr(renderer, "_render", lambda *a: (made.append(a[2]), real(*a))[1])

    def second_page(note: str) -> str:
        renderer.paged("t", "honour_roll", {"id": "2099-2100"}, "T", groups, name=str,
                       note=note)
        return renderer.output.pages["bang-vang/2099-2100/trang-2.md"].html
    assert second_page("một") == "một|B"
    assert second_page("hai") == "hai|B"
    made.clear()
    assert second_page("hai") == "hai|B" and made == []      # nothing changed: both kept


def test_split_groups_keeps_order_and_numbering_across_pages():
    groups = [{"anchor": "a", "label": "A", "awards": list(range(5))},
              {"anchor": "b", "label": "B", "awards": list(range(2))}]
    pages = split_groups(groups, 3, "awards")
    assert [[(g["anchor"], g["awards"], g["start"], g["continued"], g["ends"]) for g in page]
            for page in pages] == [
        [("a", [0, 1, 2], 0, False, False)],
        [("a", [3, 4], 3, True, True), ("b", [0], 0, False, False)],
        [("b", [1], 1, True, True)]]
    assert split_groups(groups[:1], 5, "awards") == [[{**groups[0], "start": 0,
                                                      "continued": False, "ends": True}]]


def test_a_long_honour_roll_is_split_into_linked_pages_that_only_the_first_keeps(project,
                                                                                 monkeypatch):
    # A big school's roll (thousands of rows) as the mini school with pages of 1 row.
    monkeypatch.setattr(pages, "ROWS_PER_PAGE", 1)
    result = pipeline.run(project)
    assert not result.problems, result.problems.report()
    first = result.output.pages["bang-vang/2023-2024.md"]
    second = result.output.pages["bang-vang/2023-2024/trang-2.md"]
    assert second.url == "bang-vang/2023-2024/trang-2/" and second.later_page
    assert "Bảng vàng năm học 2023-2024 (trang 2)" == second.title
    assert 'href="trang-2/">Trang 2: Học sinh xuất sắc' in first.html
    assert 'href="../">Trang 1: Chiến sĩ thi đua cơ sở' in second.html
    # The summary sends each title to the page where its list starts.
    assert 'href="trang-2/#hoc-sinh-xuat-sac-truong"' in first.html
    assert "(tiếp)" not in first.html
    # Later pages come and go with the list: not recorded as permanent addresses.
    assert "/bang-vang/2023-2024/" in result.urls
    assert "/bang-vang/2023-2024/trang-2/" not in result.urls
