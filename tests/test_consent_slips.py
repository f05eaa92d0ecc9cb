"""`bangvang phieu-dong-y` (commands/consent_slips.py) and the answers that come back
(data/consent-answers.yml, commands/consent_answers.py), on a copy of the demo school.

PDFs are read back with pypdf and drawn with pypdfium2 (a page that is blank or overflowing
shows there); skipped with the reason when WeasyPrint's libraries are missing."""
from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest

from bangvang.commands import pdfdoc
from conftest import REPO, run_bangvang, write

YEAR = "2025-2026"


def require_pdf() -> None:
    problem = pdfdoc.missing_requirements()
    if problem:
        pytest.skip(problem)


def demo_copy(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(
        ".venv", ".git", "site", ".build", "__pycache__", ".pytest_cache", "tests", ".site-*",
        "giay-khen", "phieu-dong-y", "ho-so-de-nghi", "so-vang", "backups"))
    return root


def text_of(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def ink(path: Path) -> list[float]:
    """The share of non-white pixels of each page drawn at 40 dpi."""
    import pypdfium2
    shares = []
    for page in pypdfium2.PdfDocument(path):
        image = page.render(scale=40 / 72).to_pil().convert("L")
        pixels = image.tobytes()
        shares.append(sum(1 for p in pixels if p < 200) / len(pixels))
    return shares


@pytest.fixture(scope="module")
def slips(tmp_path_factory):
    require_pdf()
    root = demo_copy(tmp_path_factory.mktemp("slips"))
    result = run_bangvang(root, "phieu-dong-y", YEAR, "--han", "10/06/2026")
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result


def test_one_page_per_child_by_class_with_full_name_and_choices(slips):
    root, result = slips
    folder = root / "phieu-dong-y" / YEAR
    assert "Đã ghi 8 phiếu đồng ý" in result.stdout
    pages = text_of(folder / "lop-8a1.pdf")
    assert len(pages) == 2                       # Đỗ Hoàng Đông and Bùi Ngọc Ân, 8A1
    first = next(p for p in pages if "Đỗ Hoàng Đông" in p)
    assert "PHIẾU ĐỒNG Ý CÔNG BỐ THÔNG TIN" in first and "lớp 8A1" in first
    for label in ("Họ tên đầy đủ và ảnh", "Họ tên đầy đủ, không ảnh",
                  "Chỉ chữ cái đầu của họ tên", "Không công bố"):
        assert label in first                    # the choices of data/vocabulary.yml
    assert "Đ.H.Đ., lớp 8A1" in first            # what "initials" would publish
    assert "Cháu ngoan Bác Hồ" in first and "10/06/2026" in first
    assert all(0.02 < share < 0.3 for share in ink(folder / "lop-8a1.pdf"))


def test_team_list_and_nothing_in_site(slips):
    root, _ = slips
    team = (root / "phieu-dong-y" / YEAR / "danh-sach.html").read_text(encoding="utf-8")
    assert "4/8" in team and "Kiều Văn Đức" in team and "chưa trả lời" in team
    assert not (root / "site").exists() or not list((root / "site").rglob("*phieu*"))
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8")
    assert "/phieu-dong-y/" in ignored


def test_one_class_and_only_the_unanswered(tmp_path):
    require_pdf()
    root = demo_copy(tmp_path)
    result = run_bangvang(root, "phieu-dong-y", YEAR, "--lop", "8A1", "--chua-tra-loi")
    assert result.returncode == 0, result.stderr
    pages = text_of(root / "phieu-dong-y" / YEAR / "lop-8a1.pdf")
    assert len(pages) == 1 and "Bùi Ngọc Ân" in pages[0]   # Đông's family answered
    wrong = run_bangvang(root, "phieu-dong-y", YEAR, "--lop", "5C")
    assert wrong.returncode == 1 and "các lớp có học sinh: 6A1, 6A2" in wrong.stderr
    refused = run_bangvang(root, "phieu-dong-y", YEAR, "--out", "site/phieu")
    assert refused.returncode == 1 and "trang web được công bố" in refused.stderr


def test_check_counts_the_unanswered_per_class(tmp_path):
    root = demo_copy(tmp_path)
    result = run_bangvang(root, "check")
    assert result.returncode == 0, result.stderr
    assert ("Phiếu đồng ý năm học 2025-2026: 4/8 học sinh trong bảng vàng chưa có câu trả lời"
            in result.stdout)
    assert "6A1: 1/1, 8A1: 1/2, 9A1: 1/1, 9A2: 1/1" in result.stdout


def test_the_preview_shows_the_team_who_has_answered(tmp_path):
    """/_phieu-dong-y/ in the preview (never in site/): per class, each child of the newest
    roll, what the family chose and when, who has not answered yet."""
    from bangvang.commands import preview
    root = demo_copy(tmp_path)
    app = preview.wrap(lambda environ, start: [b"site"], root, lambda body: body)
    said = {}
    body = b"".join(app({"PATH_INFO": "/_phieu-dong-y/", "REQUEST_METHOD": "GET"},
                        lambda status, headers: said.update(status=status)))
    page = body.decode("utf-8")
    assert said["status"] == "200 OK"
    assert "Phiếu đồng ý công bố thông tin — năm học 2025-2026" in page
    assert "Lớp 8A1 — 1/2 chưa trả lời" in page and "chưa trả lời</span>" in page
    assert "không đưa lên trang web" in page


ANSWER = """\
  - school_year: "2025-2026"
    name: {name}
    unit: {unit}
    consent: {consent}
    received: 2026-06-08
"""


def test_a_no_on_paper_stops_check_and_build_until_the_records_say_it(tmp_path):
    root = demo_copy(tmp_path)
    answers = root / "data" / "consent-answers.yml"
    with answers.open("a", encoding="utf-8") as file:
        file.write(ANSWER.format(name="Mạc Thị Yên", unit="9A2", consent="none"))
    line = len(answers.read_text(encoding="utf-8").splitlines()) - 4
    result = run_bangvang(root, "check")
    assert result.returncode == 1
    assert f"data/consent-answers.yml:{line}: answers[5].consent:" in result.stderr
    assert "hãy ghi `consent: none` vào các khen thưởng của em (exemplars/honours/" \
           "2025-2026.yml dòng 162)" in result.stderr
    build = run_bangvang(root, "build")
    assert build.returncode == 1 and "Mạc Thị Yên" in build.stderr
    from bangvang import pipeline    # the preview's pass says it too (its problem page)
    preview = pipeline.run(root, preview=True)
    assert any(p.file == "data/consent-answers.yml" and p.line == line
               for p in preview.problems.items), preview.problems.report()
    roll = root / "exemplars" / "honours" / f"{YEAR}.yml"
    lines = roll.read_text(encoding="utf-8").splitlines()
    assert lines[161].strip() == "- recipient: Mạc Thị Yên"
    assert lines[168].strip() == "consent: name"
    lines[168] = "    consent: none"
    roll.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_bangvang(root, "check")
    assert result.returncode == 0, result.stderr
    assert "3/8 học sinh" in result.stdout


def test_a_yes_is_a_warning_and_a_misspelt_name_a_problem(tmp_path):
    root = demo_copy(tmp_path)
    with (root / "data" / "consent-answers.yml").open("a", encoding="utf-8") as file:
        file.write(ANSWER.format(name="Phạm Minh Anh", unit="9A1", consent="full"))
    result = run_bangvang(root, "check")
    assert result.returncode == 0, result.stderr
    assert "trang web vẫn chỉ công bố “Họ tên đầy đủ, không ảnh” cho đến khi ghi " \
           "`consent: full`" in result.stderr
    write(root, "data/consent-answers.yml", "answers:\n" + ANSWER.format(
        name="Phạm Minh Anhh", unit="9A1", consent="name"))
    result = run_bangvang(root, "check")
    assert result.returncode == 1
    assert "data/consent-answers.yml:2: answers[1].name: không có học sinh “Phạm Minh Anhh” " \
           "lớp “9A1”" in result.stderr


def test_the_commands_explain_themselves_in_vietnamese(tmp_path):
    root = demo_copy(tmp_path)
    for command, words in (("phieu-dong-y", "chỉ in cho một lớp"),
                           ("ho-so-de-nghi", "chỉ một danh hiệu"),
                           ("so-vang", "thư mục ghi, trong dự án")):
        shown = run_bangvang(root, command, "--help")
        assert "cách dùng: bangvang " + command in shown.stdout and words in shown.stdout
    missing = run_bangvang(root, "phieu-dong-y")
    assert missing.returncode == 1
    assert "hãy ghi năm học, ví dụ `bangvang phieu-dong-y 2025-2026`" in missing.stderr
    bad = run_bangvang(root, "phieu-dong-y", YEAR, "--han", "mai")
    assert bad.returncode == 1 and "hạn “mai” chưa phải một ngày" in bad.stderr
