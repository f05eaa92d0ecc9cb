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
    assert page.index("bv-draft-banner") < page.index("bv-scan-doubts")
    # Nothing published yet: the draft line stands in a table of its own after the panel,
    # its name marked beside what was read and the image it was read from.
    row = page[page.index('<tr class="bv-scan-draft"'):]
    row = row[:row.index("</tr>")]
    assert page.index("bv-scan-doubts") < page.index("bv-scan-draft")
    assert "Lao động tiên tiến — cấp Trường — bản nháp" in page
    assert "đọc lần hai ra “Lê Văn Hải”" in row and "Nháp" in row
    assert '<img src="/_scan-crops/honours/2024-2025/le-van-hoi-1.png"' in row
    assert '<mark class="bv-scan-doubt"' in row and 'title="Lê Văn Hỏi"' in page  # not in tags
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
    # Every doubt (the warning names twelve) is kept with its image for the preview, and
    # the title is tied to the line it was read from when that line is a doubt.
    import json
    kept = json.loads((root / "scan-crops/plans" / written[0].stem / "doubts.json")
                      .read_text("utf-8"))
    assert len(kept) >= len(named) and all((root / d["image"]).is_file() for d in kept)
    record = yaml.safe_load(written[0].read_text("utf-8").split("\n---", 1)[0][3:])
    for doubt in kept:
        if "title" in doubt["fields"]:
            assert set(record["title"].split()[:2]) & set(doubt["text"].split())


def test_scanned_decision_number_and_date_are_doubts_with_one_image(tmp_path, capsys):
    """The decision's number and date read from the scan are doubts of their own on every
    line (a digit misread there is wrong everywhere), with their confidence and one image
    of where they were read, saved once for the whole list; an option given by hand is not
    a doubt."""
    needs_ocr()
    root = make_project(tmp_path / "school")
    image = scanpages.award_page(scanpages.fonts()["be-vietnam-pro"], SCHOOL, NUMBER, DATE,
                                 TITLE, ROWS)
    source = scanpages.save(scanpages.damaged(image, scanpages.CLEAN), tmp_path / "qd.png",
                            scanpages.CLEAN)
    assert main(["--root", str(root), "import", "awards", str(source)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    roll = yaml.safe_load((root / "exemplars/honours/2024-2025.yml").read_text("utf-8"))
    pictures = set()
    for award in roll["awards"]:
        number = [w for w in award["warnings"] if ", số quyết định: " in w]
        date = [w for w in award["warnings"] if ", ngày quyết định: " in w]
        assert len(number) == 1 and f"“{NUMBER}”" in number[0], award["warnings"]
        assert len(date) == 1 and "25" in date[0] and "2025" in date[0], award["warnings"]
        assert re.search(r"độ tin cậy \d+ %", number[0]) and re.search(r"độ tin cậy \d+ %",
                                                                       date[0])
        pictures |= {w.split(" — ảnh: ")[1] for w in number + date}
    assert len(pictures) == 2, pictures                 # one image each, not one per line
    for picture in pictures:
        assert picture.startswith("scan-crops/honours/2024-2025/")
        width, height = Image.open(root / picture).size
        assert 40 < width < image.width * 0.8 and height < 200   # the words, not the page
    lines = preview_scans.doubtful_lines(root, "2024-2025")
    assert all(line.doubt_in("decision") for line in lines)
    # Given by hand, the decision is not a doubt.
    other = make_project(tmp_path / "other")
    assert main(["--root", str(other), "import", "awards", str(source), "--decision",
                 NUMBER, "--date", DATE]) == 0
    roll = yaml.safe_load((other / "exemplars/honours/2024-2025.yml").read_text("utf-8"))
    assert not any("quyết định:" in w for a in roll["awards"] for w in a.get("warnings", []))


DRAFTS = """# Bảng vàng năm học 2024-2025
school_year: "2024-2025"
awards:
  - recipient: Lê Văn Hỏi
    role: teacher
    unit: Tổ Toán - Tin
    title: lao-dong-tien-tien
    level: truong
    decision: {number: "52/QĐ-THCSHA", date: 25/05/2025}
    status: draft
    warnings:
      - "Chưa chắc (quét): trang 1, cột “Họ và tên”: “Lê Văn Hỏi” (độ tin cậy 40 %) — ảnh: scan-crops/honours/2024-2025/le-van-hoi-1.png"
      - "Chưa chắc (quét): trang 1, số quyết định: “52/QĐ-THCSHA” (độ tin cậy 71 %) — ảnh: scan-crops/honours/2024-2025/so-quyet-dinh-1.png"
  - recipient: "Tổ <b>Sử</b>"
    role: teacher
    unit: Tổ Xã hội
    title: chien-si-thi-dua-co-so
    level: truong
    decision: {number: "52/QĐ-THCSHA", date: 25/05/2025}
    status: draft
    warnings:
      - "Chưa chắc (quét): trang 1, số quyết định: “52/QĐ-THCSHA” (độ tin cậy 71 %) — ảnh: scan-crops/honours/2024-2025/so-quyet-dinh-1.png"
"""


def test_draft_lines_stand_in_the_roll_own_list_of_the_real_page(tmp_path, demo_root):
    """On the roll page as the site draws it, a draft line goes at the end of its group's
    table (the same title and level), a line of a group the page does not show yet gets a
    table of its own inside the roll, the decision's image stands once above the roll, and
    record text is escaped."""
    root = make_project(tmp_path / "school")
    write(root, "exemplars/honours/2024-2025.yml", DRAFTS)
    body = (demo_root / "site/bang-vang/2024-2025/index.html").read_bytes()
    page = preview_scans.annotate(body, "2024-2025", root).decode("utf-8")
    group = page.index('<h2 id="lao-dong-tien-tien-truong"')
    table_end = page.index("</tbody>", group)
    row = page.index('<tr class="bv-scan-draft" id="nhap-dong-1"')
    assert group < row < table_end
    assert page.index("</tr>", row) + len("</tr>") == table_end  # the last row of that table
    cell = page[row:page.index("</tr>", row)]
    assert '<mark class="bv-scan-doubt"' in cell and "le-van-hoi-1.png" in cell
    assert "so-quyet-dinh-1.png" not in cell and "52/QĐ-THCSHA ngày 25/05/2025" in cell
    # A group with nothing published: its own table, inside the roll's block.
    roll = page.index('<div class="bv-roll">')
    own = page.index('<h2 id="nhap-chien-si-thi-dua-co-so-truong"')
    assert roll < own < page.index('<nav class="bv-pager"', roll) if 'bv-pager' in page[roll:] \
        else roll < own
    assert "Tổ &lt;b&gt;Sử&lt;/b&gt;" in page and "<b>Sử</b>" not in page
    # The decision's number as read, with its image, once, in the panel above the roll.
    panel = page[page.index('class="bv-scan-doubts"'):page.index("</section>",
                                                                   page.index("bv-scan-doubts"))]
    assert panel.count("so-quyet-dinh-1.png") == 1 and "độ tin cậy 71 %" in panel
    assert page.count("so-quyet-dinh-1.png") == 1
    assert page.index("bv-scan-doubts") < roll


def test_a_build_carries_no_trace_of_scanned_draft_lines(tmp_path, capsys):
    """Lines read from a scan into a published roll are drafts: the preview shows them, a
    build leaves no trace of them in any file under site/ (pages, search index, data)."""
    import unicodedata
    from conftest import run_bangvang
    from sitecheck import all_text
    needs_ocr()
    root = make_project(tmp_path / "school")
    image = scanpages.award_page(scanpages.fonts()["be-vietnam-pro"], SCHOOL, NUMBER, DATE,
                                 TITLE, ROWS)
    source = scanpages.save(scanpages.damaged(image, scanpages.CLEAN), tmp_path / "qd.png",
                            scanpages.CLEAN)
    assert main(["--root", str(root), "import", "awards", str(source), "--year",
                 "2023-2024"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    roll = yaml.safe_load((root / "exemplars/honours/2023-2024.yml").read_text("utf-8"))
    assert "status" not in roll                       # the roll itself stays published
    drafts = [a["recipient"] for a in roll["awards"] if a.get("status") == "draft"]
    assert len(drafts) == len(ROWS) - 1
    done = run_bangvang(root, "build")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "site/bang-vang/2023-2024/index.html").exists()

    def folded(text: str) -> str:
        text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
        return "".join(c for c in text if not unicodedata.combining(c))

    files = list(all_text(root / "site"))
    assert files
    for path, text in files:
        lowered = text.lower()
        for name in drafts:
            assert name not in text and folded(name) not in lowered, (name, path)
        assert "scan-crops" not in text and "quyết định: “" not in text, path


def test_the_panel_counts_lines_doubtful_for_their_own_cells(tmp_path):
    """The decision's doubts stand on every line; the count of doubtful lines is of lines
    with a doubtful cell of their own (here the first, not the second)."""
    root = make_project(tmp_path / "school")
    write(root, "exemplars/honours/2024-2025.yml", DRAFTS)
    page = preview_scans.annotate(PAGE, "2024-2025", root).decode("utf-8")
    assert "chờ soát: 2 dòng, 1 dòng có chỗ chưa chắc" in page


def test_a_list_over_two_scanned_pages_gives_every_row_with_crops_from_its_page(tmp_path,
                                                                                 capsys):
    """A long list printed over two pages, its header row repeated at the top of the second
    (Word's "repeat as header row"), and a last page with little ink (a few rows and the
    signature): every row is a draft line of the roll the preview shows, and a doubt of a
    row on page 2 names page 2 and shows a region of page 2."""
    needs_ocr()
    root = make_project(tmp_path / "school")
    rows = [row[:] for row in ROWS]
    rows[5][1] = "Đặng Văn Đỗi"       # on page 2; not a name: a doubt whatever the confidence
    pages = scanpages.award_pages(scanpages.fonts()["be-vietnam-pro"], SCHOOL, NUMBER, DATE,
                                  TITLE, rows, first=3)
    source = scanpages.save_pages([scanpages.damaged(p, scanpages.CLEAN, seed=n)
                                   for n, p in enumerate(pages)], tmp_path / "qd.pdf",
                                  scanpages.CLEAN)
    assert main(["--root", str(root), "import", "awards", str(source)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    lines = preview_scans.doubtful_lines(root, "2024-2025")
    assert [line.name for line in lines][:3] == [row[1] for row in ROWS[1:4]]
    assert len(lines) == len(ROWS) - 1            # the rows of page 2 too, none twice
    (odd,) = [line for line in lines if line.name == "Đặng Văn Đỗi"]
    (doubt,) = odd.doubt_in("name")
    assert doubt[1].startswith("trang 2, ")
    crop = Image.open(root / doubt[2])
    assert 40 < crop.height < 300              # one row of the table, not the page
    page = preview_scans.annotate(PAGE, "2024-2025", root).decode("utf-8")
    assert page.count('<tr class="bv-scan-draft"') == len(ROWS) - 1


PLAN = """---
# Nhập từ “kh.pdf” bằng `bangvang import plan`; hãy soát lại rồi xoá dòng này.
number: "21/KH-THCSHA"
issued: "18/09/2025"
issuer: Trường THCS Hòa An
title: Tổ chức phong trào thi đua <b>khen thưởng</b> năm học 2025 - 2026
school_year: "2025-2026"
warnings:
- "Đọc từ bản quét/ảnh chụp (1 trang) bằng nhận dạng chữ: hồ sơ luôn là bản nháp."
status: draft
---

Nội dung.
"""
PLAN_DOUBTS = [
    {"page": 1, "text": "Tổ chức phong tròo thi đua <b>khen thưởng</b>", "conf": 61,
     "image": "scan-crops/plans/kh/dong-1.png", "label": "", "fields": ["title"]},
    {"page": 1, "text": "năm học 2025 - 2026", "conf": 70,
     "image": "scan-crops/plans/kh/dong-2.png", "label": "", "fields": ["title"]},
    {"page": 2, "text": "- Lưu: VT.", "conf": 52, "image": "scan-crops/plans/kh/dong-3.png",
     "label": "", "fields": []},
]
RECORD_PAGE = ("<html><body><nav>x</nav><article><div class=\"bv-draft-banner\">Bản nháp</div>"
               "<h1>Kế hoạch</h1><p>Nội dung.</p></article></body></html>").encode("utf-8")


def _record_site(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                              ("Content-Length", str(len(RECORD_PAGE)))])
    return [RECORD_PAGE]


def test_preview_of_a_scanned_plan_shows_its_doubtful_fields_beside_their_lines(tmp_path):
    """A draft plan read from a scan: its page in the preview shows the title (as the
    record holds it now) beside the images of the two lines it was read from, then the other
    doubtful lines; a published plan, or another page, is passed through untouched."""
    import json
    root = make_project(tmp_path / "school")
    write(root, "plans/kh.md", PLAN)
    write(root, "scan-crops/plans/kh/doubts.json", json.dumps(PLAN_DOUBTS, ensure_ascii=False))
    app = preview_scans.wrap(_record_site, root)
    status, headers, body = _call(app, "/ke-hoach/kh/")
    page = body.decode("utf-8")
    assert status.startswith("200") and int(headers["Content-Length"]) == len(body)
    panel = page[page.index('class="bv-scan-doubts"'):page.index("</section>")]
    assert page.index("bv-draft-banner") < page.index("bv-scan-doubts") < page.index("<h1>")
    assert "Đọc từ bản quét: 3 dòng chưa chắc" in panel
    title = panel[panel.index("Trích yếu"):panel.index("</tr>", panel.index("Trích yếu"))]
    assert "phong trào thi đua &lt;b&gt;khen thưởng&lt;/b&gt;" in title    # the record, escaped
    assert "tròo" in title and "/_scan-crops/plans/kh/dong-1.png" in title
    assert "/_scan-crops/plans/kh/dong-2.png" in title
    others = panel[panel.index("Các dòng khác chưa chắc (1)"):]
    assert "/_scan-crops/plans/kh/dong-3.png" in others and "trang 2" in others
    assert "<b>" not in page.replace(RECORD_PAGE.decode("utf-8"), "")
    write(root, "plans/kh.md", PLAN.replace("status: draft", "status: published"))
    assert _call(app, "/ke-hoach/kh/")[2] == RECORD_PAGE
    assert _call(app, "/ke-hoach/khac/")[2] == RECORD_PAGE


def test_preview_of_a_scanned_contest_entry_shows_its_author_beside_the_line(tmp_path):
    import json
    root = make_project(tmp_path / "school")
    write(root, "exemplars/contest/2025-co-giao-cua-em.md",
          "---\ncontest_year: 2025\ntitle: Cô giáo của em\nauthor:\n  name: Lê Thị Hoa\n"
          "  role: student\n  unit: 7A1\nsubject: cô Hương\nstatus: draft\n---\n\nBài viết.\n")
    write(root, "scan-crops/entries/2025-co-giao-cua-em/doubts.json", json.dumps([
        {"page": 1, "text": "Họ và tên: Lê Thị Hod", "conf": 44, "fields": ["author.name"],
         "image": "scan-crops/entries/2025-co-giao-cua-em/dong-1.png", "label": ""}],
        ensure_ascii=False))
    app = preview_scans.wrap(_record_site, root)
    page = _call(app, "/cuoc-thi-viet/2025/2025-co-giao-cua-em/")[2].decode("utf-8")
    row = page[page.index("Tác giả"):page.index("</tr>", page.index("Tác giả"))]
    assert "Lê Thị Hoa" in row and "Lê Thị Hod" in row
    assert "/_scan-crops/entries/2025-co-giao-cua-em/dong-1.png" in row


def _roll_page(summary: str, groups: str) -> bytes:
    return ("<html><body><article><div class=\"bv-draft-banner\">x</div><div class=\"bv-summary\">"
            f"<ul>{summary}</ul></div><div class=\"bv-roll\">{groups}</div></article></body>"
            "</html>").encode("utf-8")


def test_a_roll_split_into_pages_shows_each_draft_line_on_the_page_of_its_group(tmp_path):
    """A roll too long for one page (trang-2/): the draft line of a group drawn on page 2
    stands in that group's table there, not on page 1, whose panel says where it is; a
    group no page shows yet gets its own table on page 1 only."""
    root = make_project(tmp_path / "school")
    write(root, "exemplars/honours/2024-2025.yml", DRAFTS)
    table = ('<h2 id="{0}">G</h2><div><table><tbody><tr><td>1</td><td>A</td></tr></tbody>'
             "</table></div>")
    one = _roll_page('<li><a href="./#hoc-sinh-xuat-sac-truong">HS</a></li>'
                     '<li><a href="trang-2/#lao-dong-tien-tien-truong">LĐTT</a></li>',
                     table.format("hoc-sinh-xuat-sac-truong"))
    two = _roll_page('<li><a href="../#hoc-sinh-xuat-sac-truong">HS</a></li>'
                     '<li><a href="./#lao-dong-tien-tien-truong">LĐTT</a></li>',
                     table.format("lao-dong-tien-tien-truong"))
    first = preview_scans.annotate(one, "2024-2025", root, 1).decode("utf-8")
    second = preview_scans.annotate(two, "2024-2025", root, 2).decode("utf-8")
    assert "Lê Văn Hỏi" not in first.split("bv-roll")[1] and "Lê Văn Hỏi" in second
    group = second.index('id="lao-dong-tien-tien-truong"')
    assert group < second.index('id="nhap-dong-1"') < second.index("</tbody>", group)
    assert 'href="trang-2/">trang 2</a>: 1 dòng' in first
    # "Tổ Sử" is of a group no page shows: its own table, on page 1 only.
    assert first.count('id="nhap-chien-si-thi-dua-co-so-truong"') == 1
    assert 'id="nhap-chien-si-thi-dua-co-so-truong"' not in second
    assert 'href="../">trang 1</a>: 1 dòng' in second
    # The preview's server annotates page 2 of a roll too.
    def site(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [two]
    body = _call(preview_scans.wrap(site, root), "/bang-vang/2024-2025/trang-2/")[2]
    assert 'id="nhap-dong-1"' in body.decode("utf-8")
