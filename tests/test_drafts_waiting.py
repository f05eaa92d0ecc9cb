"""Nothing imported is published unread: importers write drafts, and `check` lists the drafts
waiting for the team (issue: imported plans used to be written `status: published`)."""
from __future__ import annotations

from pathlib import Path

from conftest import make_project, run_bangvang, write

DOCUMENTS = Path(__file__).parent / "importer" / "documents"


def test_a_clean_plan_is_imported_as_a_draft_and_check_lists_it(tmp_path):
    root = make_project(tmp_path / "school")
    before = set((root / "plans").glob("*.md"))
    result = run_bangvang(root, "import", "plan", str(DOCUMENTS / "a_thcs_lac_long.txt"))
    assert result.returncode == 0, result.stdout + result.stderr
    written = sorted(set((root / "plans").glob("*.md")) - before)
    assert written and all("\nstatus: draft\n" in p.read_text("utf-8") for p in written)
    checked = run_bangvang(root, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert any(p.relative_to(root).as_posix() in checked.stdout for p in written)


def test_check_says_how_many_drafts_wait(tmp_path):
    root = make_project(tmp_path / "school")
    write(root, "exemplars/gv-nhap.md", "---\nname: Phạm Thị Hoa\nrole: teacher\nschool_year: "
          "\"2023-2024\"\nsummary: Cô dạy giỏi.\nstatus: draft\n---\nChuyện.\n")
    checked = run_bangvang(root, "check")
    assert checked.returncode == 0 and "exemplars/gv-nhap.md" in checked.stdout
