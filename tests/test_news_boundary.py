"""News go through the same boundary as records: the authors' file, printed by the blog on
every post, and pictures of posts (only https:// or the site's own, as in records)."""
from __future__ import annotations

from lxml import html

from conftest import make_project, write
from sitecheck import scripts_mentioning, unsafe_markup
from test_trust import POST, bangvang, build, line_of, news_post

AUTHORS = "content/tin-tuc/.authors.yml"


def test_markup_in_an_authors_name_or_description_is_shown_as_text(tmp_path):
    root = make_project(tmp_path / "school")
    write(root, AUTHORS, "authors:\n  ban-truyen-thong:\n    name: Ban <script>alert(1)</script>"
          "\n    description: Trường <img src=x onerror=alert(2)>\n"
          "    avatar: assets/ban-truyen-thong.svg\n")
    write(root, POST, news_post("tin-a"))
    site = build(root)
    for path in (site / "tin-tuc/tin-a/index.html", site / "tin-tuc/index.html"):
        text = path.read_text("utf-8")
        assert not scripts_mentioning(text), path
        assert not unsafe_markup(html.fromstring(text)), path
    assert "Ban" in (site / "tin-tuc/tin-a/index.html").read_text("utf-8")


def test_pictures_of_news_follow_the_records_rule(tmp_path):
    root = make_project(tmp_path / "school")
    write(root, POST, news_post("tin-a", body="![a](http://theo-doi.example/px.gif)\n\n"
                                "![b](//theo-doi.example/px2.gif)\n\n"
                                "![c](https://anh.example/ok.png)\n"))
    checked = bangvang(root, "check")
    assert checked.returncode == 0, checked.stderr
    for needle in ("http://theo-doi", "//theo-doi.example/px2"):
        assert f"{POST}:{line_of(root, POST, needle)}:" in checked.stderr, checked.stderr
    page = (build(root) / "tin-tuc/tin-a/index.html").read_text("utf-8")
    assert "theo-doi.example" not in page
    assert "https://anh.example/ok.png" in page
