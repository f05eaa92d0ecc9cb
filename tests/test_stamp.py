"""A rebuild with nothing changed is skipped; any change to what a build reads rebuilds."""
from __future__ import annotations

from bangvang.commands import stamp
from conftest import make_project, run_bangvang, write


def test_a_rebuild_with_nothing_changed_is_skipped_and_a_change_rebuilds(tmp_path):
    root = make_project(tmp_path / "school")
    assert run_bangvang(root, "build").returncode == 0
    again = run_bangvang(root, "build")
    assert again.returncode == 0 and "Không có gì thay đổi" in again.stdout
    story = root / "exemplars/dang-van-do.md"
    write(root, "exemplars/dang-van-do.md", story.read_text("utf-8").replace("Câu chuyện.", "Mới."))
    changed = run_bangvang(root, "build")
    assert "Đã đưa trang web mới" in changed.stdout
    assert "Mới." in (root / "site/guong-dien-hinh/dang-van-do/index.html").read_text("utf-8")


def test_a_site_changed_by_hand_is_not_taken_for_the_build(tmp_path):
    root = make_project(tmp_path / "school")
    (root / "site").mkdir()
    stamp.write(root, root / "site")
    assert stamp.current(root, root / "site")
    (root / "site/extra.html").write_text("x", "utf-8")
    assert not stamp.current(root, root / "site")
