"""A published news post set back to `draft: true` is withdrawn like a record: its address
answers "no longer published", with a warning, and no redirect is needed."""
from __future__ import annotations

from conftest import make_project
from test_trust import POST, bangvang, build, news_post


def test_a_withdrawn_news_post_answers_no_longer_published(tmp_path):
    root = make_project(tmp_path / "school")
    (root / POST).parent.mkdir(parents=True, exist_ok=True)
    (root / POST).write_text(news_post("tin-a", body="Zqnoidungrieng.\n"), "utf-8")
    build(root)
    assert "/tin-tuc/tin-a/" in (root / "data/published-urls.txt").read_text("utf-8").split()
    (root / POST).write_text(news_post("tin-a", front="draft: true\n",
                                       body="Zqnoidungrieng.\n"), "utf-8")
    checked = bangvang(root, "check")
    assert checked.returncode == 0, checked.stderr
    assert "/tin-tuc/tin-a/" in checked.stderr   # the warning names the address
    site = build(root)
    page = (site / "tin-tuc/tin-a/index.html").read_text("utf-8")
    assert "không còn được công bố" in page
    assert "Zqnoidungrieng" not in page and "Tin hoạt động" not in page
    assert "Zqnoidungrieng" not in (site / "tin-tuc/index.html").read_text("utf-8")
