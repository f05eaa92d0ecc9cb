"""A scanned award list ends as a draft honour roll whose doubtful cells the preview shows
beside the page regions they were read from (issue 24, item 3)."""
from __future__ import annotations

import io
import re

import yaml
from PIL import Image

from bangvang import pipeline
from bangvang.commands import preview_scans
from bangvang.commands.cli import main
from conftest import make_project, write

import scanpages
from test_scans import NUMBER, DATE, ROWS, SCHOOL, TITLE, needs_ocr

CROP = "scan-crops/honours/2024-2025/le-van-hoi-1.png"
ROLL = """# Bảng vàng năm học 2024-2025
school_year: "2024-2025"
status: draft
awards:
  - recipient: Lê Văn Hỏi
    role: teacher
    unit: Tổ Toán - Tin
    title: lao-dong-tien-tien
    level: truong
    decision: {number: "52/QĐ-THCSHA", date: 25/05/2025}
    status: draft
    warnings:
      - "Chưa chắc (quét): trang 1, cột “Họ và tên”: “Lê Văn Hỏi” (độ tin cậy 40 %, đọc lần hai ra “Lê Văn Hải”) — ảnh: scan-crops/honours/2024-2025/le-van-hoi-1.png"
"""
PAGE = ("<html><body><nav title=\"Lê Văn Hỏi\">x</nav><article><div class=\"bv-draft-banner\">"
        "Bản nháp</div><h1>Bảng vàng</h1><p>Lê Văn Hỏi — Tổ Toán - Tin</p></article>"
        "</body></html>").encode("utf-8")


def _call(app, path):
    answer = {}

    def start(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    body = b"".join(app({"PATH_INFO": path, "REQUEST_METHOD": "GET"}, start))
    return answer["status"], answer["headers"], body


def _site(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                              ("Content-Length", str(len(PAGE)))])
    return [PAGE]


def test_preview_lists_doubtful_cells_with_their_crops_and_marks_the_names(tmp_path):
    root = make_project(tmp_path / "school")
    write(root, "exemplars/honours/2024-2025.yml", ROLL)
    (root / CROP).parent.mkdir(parents=True)
    Image.new("L", (300, 60), 255).save(root / CROP)
    app = preview_scans.wrap(_site, root)
    status, headers, body = _call(app, "/bang-vang/2024-2025/")
    page = body.decode("utf-8")
    assert status.startswith("200") and int(headers["Content-Length"]) == len(body)
    panel = page[page.index('class="bv-scan-doubts"'):]
    assert page.index("bv-draft-banner") < page.index("bv-scan-doubts")
    assert "đọc lần hai ra “Lê Văn Hải”" in panel
    assert '<img src="/_scan-crops/honours/2024-2025/le-van-hoi-1.png"' in panel
    assert '<mark class="bv-scan-doubt"' in page and 'title="Lê Văn Hỏi"' in page  # not in tags
    status, headers, body = _call(app, "/_scan-crops/honours/2024-2025/le-van-hoi-1.png")
    assert status.startswith("200") and headers["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(body)).size == (300, 60)
    for outside in ("/_scan-crops/../data/school.yml", "/_scan-crops/honours/x.yml"):
        assert _call(app, outside)[0].startswith("404")
    # Another page is passed through untouched.
    assert _call(app, "/bang-vang/2023-2024/")[2] == PAGE


def test_scanned_decision_becomes_a_draft_roll_with_crops(tmp_path, capsys):
    """The whole path: a scanned list imported, the roll a draft whose doubtful cells name an
    image saved in the project (not under site/), which the preview shows."""
    needs_ocr()
    root = make_project(tmp_path / "school")
    rows = [row[:] for row in ROWS]
    rows[2][1] = "Lê Văn Hỏi"          # not a name: a doubt whatever Tesseract's confidence
    image = scanpages.award_page(scanpages.fonts()["be-vietnam-pro"], SCHOOL, NUMBER, DATE,
                                 TITLE, rows)
    source = scanpages.save(scanpages.damaged(image, scanpages.CLEAN), tmp_path / "qd.png",
                            scanpages.CLEAN)
    code = main(["--root", str(root), "import", "awards", str(source)])
    assert "Traceback" not in capsys.readouterr().err and code == 0
    roll = yaml.safe_load((root / "exemplars/honours/2024-2025.yml").read_text("utf-8"))
    assert roll["status"] == "draft"
    doubtful = [a for a in roll["awards"] if a.get("warnings")]
    assert doubtful, roll
    for award in doubtful:
        for warning in award["warnings"]:
            image_path = warning.split(" — ảnh: ")[1]
            assert image_path.startswith("scan-crops/honours/2024-2025/")
            assert Image.open(root / image_path).width > 20
    lines = preview_scans.doubtful_lines(root, "2024-2025")   # every line waits, some doubtful
    assert [line.name for line in lines] == [a["recipient"] for a in roll["awards"]]
    assert {line.name for line in lines if line.doubts} == {a["recipient"] for a in doubtful}
    result = pipeline.check(root)
    assert not result.problems, result.problems.report()
    assert not (root / "site").exists() or not list((root / "site").rglob("*.png"))


def test_scanned_plan_saves_its_doubtful_lines_as_images(tmp_path, capsys):
    needs_ocr()
    root = make_project(tmp_path / "school")
    text = (scanpages.REPO_DOCUMENTS / "b_tieu_hoc_binh_minh.txt").read_text(encoding="utf-8")
    page = scanpages.text_page(scanpages.fonts()["be-vietnam-pro"], text.splitlines()[:30])[0]
    source = scanpages.save(scanpages.damaged(page, scanpages.PHOTO), tmp_path / "kh.jpg",
                            scanpages.PHOTO)
    main(["--root", str(root), "import", "plan", str(source)])
    assert "Traceback" not in capsys.readouterr().err
    written = [p for p in (root / "plans").glob("*.md") if "status: draft" in p.read_text("utf-8")
               and "bản quét" in p.read_text("utf-8")]
    assert len(written) == 1
    named = re.findall(r"ảnh: (scan-crops/[\w/.-]+\.png)", written[0].read_text("utf-8"))
    assert named, "a photographed plan has doubtful lines, each with its image"
    for image_path in named:
        assert image_path.startswith("scan-crops/plans/")
        assert Image.open(root / image_path).width > 20
