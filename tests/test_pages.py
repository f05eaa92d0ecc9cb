"""Page generation: grouping, escaping, and files rewritten only when they change."""
from __future__ import annotations

import os

from bangvang.pages import demote_headings, honour_groups, md_escape, render_pages, write_output
from bangvang.validate import build_catalog
from conftest import write


def test_names_with_markdown_characters_cannot_break_a_table():
    assert md_escape("A | B *C* <script>") == "A \\| B \\*C\\* &lt;script&gt;"


def test_record_headings_sit_under_the_page_sections():
    assert demote_headings("## I. MỤC ĐÍCH\n```\n## code\n```\n### 1. Mục đích") == \
        "### I. MỤC ĐÍCH\n```\n## code\n```\n#### 1. Mục đích"


def test_honour_groups_follow_vocabulary_order_and_count_unlisted_people(project):
    catalog, problems = build_catalog(project)
    assert not problems
    groups = honour_groups(catalog.honour_rolls["2023-2024"].awards, catalog)
    assert [(g["label"], g["level"], g["count"], g["unlisted"]) for g in groups] == [
        ("Chiến sĩ thi đua cơ sở", "Trường", 1, 0),
        ("Học sinh xuất sắc", "Trường", 2, 1)]
    assert [a.person.name for a in groups[1]["awards"]] == ["N.T.A."]


def test_generated_files_are_rewritten_only_when_their_content_changes(project, tmp_path):
    catalog, _ = build_catalog(project)
    folder = tmp_path / "pages"
    write_output(render_pages(catalog, project), folder)
    exemplar, honour = folder / "guong-dien-hinh/dang-van-do.md", folder / "bang-vang/2023-2024.md"
    os.utime(exemplar, (1, 1))
    os.utime(honour, (1, 1))
    write(project, "exemplars/dang-van-do.md",
          (project / "exemplars/dang-van-do.md").read_text("utf-8").replace("Câu chuyện.", "Mới."))
    catalog, _ = build_catalog(project)
    write_output(render_pages(catalog, project), folder)
    assert exemplar.stat().st_mtime > 1 and "Mới." in exemplar.read_text("utf-8")
    assert honour.stat().st_mtime == 1


def test_pages_of_removed_records_are_removed(project, tmp_path):
    catalog, _ = build_catalog(project)
    folder = tmp_path / "pages"
    write_output(render_pages(catalog, project), folder)
    (project / "exemplars/contest/bai-1.md").unlink()
    catalog, _ = build_catalog(project)
    paths = write_output(render_pages(catalog, project), folder)
    assert not (folder / "cuoc-thi-viet/2024/bai-1.md").exists()
    assert not (folder / "cuoc-thi-viet/2024").exists()
    assert "cuoc-thi-viet/index.md" in paths
