"""Phone photos taken at an angle (issue 24): the page's four corners found on the desk, the
page made upright before it is read."""
from __future__ import annotations

import json
from pathlib import Path

from PIL import Image, ImageDraw

from bangvang.commands.cli import main
from bangvang.importer.perspective import flattened, page_corners
from conftest import make_project

import scanpages
from test_scans import DATE, NUMBER, ROWS, SCHOOL, TITLE, needs_ocr


def _page() -> Image.Image:
    page = Image.new("RGB", (1240, 1754), "white")
    draw = ImageDraw.Draw(page)
    for row in range(20):
        draw.rectangle((120, 150 + row * 70, 1100, 175 + row * 70), fill="black")
    return page


def test_the_corners_of_a_page_photographed_at_an_angle_are_found():
    page = _page()
    photo = scanpages.on_desk(page, 0.08)
    corners = page_corners(photo)
    margin, (width, height), pull = int(page.width * 0.08), page.size, 0.08
    expected = [(margin + pull * width, margin + 0.2 * pull * height),
                (margin + width - 0.7 * pull * width, margin),
                (margin + width, margin + height), (margin, margin + height - 0.1 * pull * height)]
    assert corners is not None
    for (x, y), (ex, ey) in zip(corners, expected):
        assert abs(x - ex) < 0.015 * width and abs(y - ey) < 0.015 * height, (corners, expected)
    upright = flattened(photo)
    assert abs(upright.width - width) < 0.03 * width and abs(upright.height - height) < 0.03 * height
    # The bars are level again: the first bar's ink starts at the same height left and right.
    grey = upright.convert("L")
    def first_ink(x):
        return next(y for y in range(upright.height) if grey.getpixel((x, y)) < 100)
    assert abs(first_ink(int(upright.width * 0.15)) - first_ink(int(upright.width * 0.85))) < 12


def test_a_page_that_fills_the_frame_or_a_scan_is_left_as_it_is():
    page = _page()
    assert page_corners(page) is None
    photo = scanpages.damaged(page, scanpages.PHOTO)     # turned, toned, no desk around it
    assert page_corners(photo) is None and flattened(photo) is photo
    assert page_corners(Image.new("RGB", (800, 1000), (96, 78, 60))) is None  # only desk


def test_an_award_list_photographed_at_an_angle_is_read(tmp_path, capsys):
    needs_ocr()
    root = make_project(tmp_path / "school")
    image = scanpages.award_page(scanpages.fonts()["be-vietnam-pro"], SCHOOL, NUMBER, DATE,
                                 TITLE, ROWS)
    photo = scanpages.save(scanpages.damaged(image, scanpages.ANGLED), tmp_path / "anh.jpg",
                           scanpages.ANGLED)
    main(["--root", str(root), "import", "awards", str(photo), "--dry-run", "--json"])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    summary = json.loads(captured.out)
    names = [item["name"] for table in summary["tables"] for item in table["added"]]
    assert names == [row[1] for row in ROWS[1:]]


ENTRY = """BÀI DỰ THI VIẾT VỀ GƯƠNG NGƯỜI TỐT, VIỆC TỐT NĂM 2025
Tên bài: Người thầy của những chuyến đò
Họ và tên: Phan Minh Khôi
Lớp: 8A2
Viết về: thầy Đoàn Văn Lượng

Mỗi sáng mùa lũ, thầy Lượng chèo chiếc đò nhỏ đón chúng em qua con kênh đầu xóm.
Thầy dặn chúng em mặc áo phao, ngồi yên và giữ sách vở trong túi ni lông cho khỏi ướt.
Có hôm nước lên cao, thầy đưa từng bạn lên bờ rồi mới quay về trường dạy tiết đầu.
Em viết bài này để cảm ơn thầy và để các bạn biết về một người thầy tận tụy.
"""


def test_a_photographed_contest_entry_saves_its_doubtful_lines_as_images(tmp_path, capsys):
    """An entry read from a phone photo at an angle is a draft whose doubtful lines each
    name an image of the page region, saved in the project's scan-crops/ (never site/)."""
    import re
    needs_ocr()
    root = make_project(tmp_path / "school")
    page = scanpages.text_page(scanpages.fonts()["be-vietnam-pro"], ENTRY.splitlines())[0]
    photo = scanpages.save(scanpages.damaged(page, scanpages.ANGLED), tmp_path / "bai.jpg",
                           scanpages.ANGLED)
    main(["--root", str(root), "import", "entry", str(photo)])
    assert "Traceback" not in capsys.readouterr().err
    written = list((root / "exemplars/contest").glob("*khoi*.md")) or \
        [p for p in (root / "exemplars/contest").glob("*.md") if "bai.jpg" in p.read_text("utf-8")]
    assert len(written) == 1
    text = written[0].read_text("utf-8")
    assert "status: draft" in text and "Người thầy của những chuyến đò" in text
    named = re.findall(r"ảnh: (scan-crops/[\w/.-]+\.png)", text)
    assert named, text[:1500]
    for image_path in named:
        assert image_path.startswith("scan-crops/entries/")
        assert Image.open(root / image_path).width > 20
    # Imported again: a record of its own ("…-2"), its doubts kept under its own id, and the
    # preview shows each record's panel.
    import json
    from bangvang.commands import preview_scans
    main(["--root", str(root), "import", "entry", str(photo)])
    capsys.readouterr()
    stems = sorted(p.stem for p in (root / "exemplars/contest").glob("*.md")
                   if "bai.jpg" in p.read_text("utf-8"))
    assert len(stems) == 2 and stems[1] == stems[0] + "-2"
    year = re.search(r"contest_year: (\d{4})", text).group(1)
    for stem in stems:
        kept = json.loads((root / "scan-crops/entries" / stem / "doubts.json").read_text("utf-8"))
        assert kept and all((root / d["image"]).is_file() for d in kept)
        # Each record's images lie in its own folder: the second reading adds none to the
        # first's, and every image there is one its record names.
        folder = root / "scan-crops/entries" / stem
        assert all(d["image"].startswith(f"scan-crops/entries/{stem}/") for d in kept)
        assert {p.name for p in folder.glob("*.png")} == \
            {Path(d["image"]).name for d in kept if d["image"]}
        page = ("<html><body><article><div class=\"bv-draft-banner\">x</div><h1>Bài</h1>"
                "</article></body></html>").encode("utf-8")

        def site(environ, start_response, page=page):
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
            return [page]
        answer = b"".join(preview_scans.wrap(site, root)(
            {"PATH_INFO": f"/cuoc-thi-viet/{year}/{stem}/", "REQUEST_METHOD": "GET"},
            lambda status, headers, exc_info=None: None)).decode("utf-8")
        assert f"Đọc từ bản quét: {len(kept)} dòng chưa chắc" in answer
