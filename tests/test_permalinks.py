"""Published URLs keep working: a vanished page fails the build unless it redirects."""
from __future__ import annotations

from conftest import run_bangvang


def test_a_published_page_that_disappears_fails_the_build_until_redirected(project):
    first = run_bangvang(project, "build")
    assert first.returncode == 0, first.stderr
    published = (project / "data/published-urls.txt").read_text("utf-8").splitlines()
    assert "/guong-dien-hinh/hs-2024-nhat-vi/" in published and "/" in published

    (project / "exemplars/hs-2024-nhat-vi.md").unlink()
    roll = project / "exemplars/honours/2023-2024.yml"
    roll.write_text(roll.read_text("utf-8").replace(
        "recipient: hs-2024-nhat-vi", "recipient: Nguyễn Thị An\n    role: student"), "utf-8")
    second = run_bangvang(project, "build")
    assert second.returncode == 1
    assert "trang “/guong-dien-hinh/hs-2024-nhat-vi/” đã được công bố" in second.stderr
    assert "Traceback" not in second.stderr
    assert (project / "site/guong-dien-hinh/hs-2024-nhat-vi/index.html").is_file(), \
        "a failed check must leave the previous site untouched"

    (project / "data/redirects.yml").write_text(
        "/guong-dien-hinh/hs-2024-nhat-vi/: /guong-dien-hinh/\n", "utf-8")
    third = run_bangvang(project, "build")
    assert third.returncode == 0, third.stderr
    redirect = (project / "site/guong-dien-hinh/hs-2024-nhat-vi/index.html").read_text("utf-8")
    assert 'http-equiv="refresh" content="0; url=../"' in redirect


def test_a_redirect_to_a_missing_page_is_refused(project):
    (project / "data/redirects.yml").write_text("/cu/: /khong-co/\n", "utf-8")
    for command in ("check", "build"):
        result = run_bangvang(project, command)
        assert result.returncode == 1
        assert "chuyển hướng tới “/khong-co/”" in result.stderr


def test_the_published_list_is_read_once_per_version_and_its_problems_still_said(
        project, monkeypatch):
    """A build asks for data/published-urls.txt in four places; it is read and parsed once,
    a wrong line is still a message with its line, and an edited list is read again."""
    from bangvang import pipeline
    from bangvang.checking import permalinks
    parsed = []
    real = permalinks._parse_published
    monkeypatch.setattr(permalinks, "_parse_published",
                        lambda root, problems: parsed.append(1) or real(root, problems))
    listing = project / "data/published-urls.txt"
    listing.write_text("/guong-dien-hinh/\nkhong phai dia chi\n", "utf-8")
    result = pipeline.run(project)
    assert len(parsed) == 1
    assert any(p.file == "data/published-urls.txt" and "không phải địa chỉ" in p.message
               and p.line == len(listing.read_text("utf-8").splitlines())
               for p in result.problems.items), result.problems.report()
    listing.write_text(listing.read_text("utf-8").replace("khong phai dia chi\n", ""), "utf-8")
    assert not pipeline.run(project).problems
    assert len(parsed) == 2
