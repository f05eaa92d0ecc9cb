"""`bangvang import entry`: contest entries from Word and text files → contest entry records.

The entries are written here the way schools collect them: a bold banner, the entry form's
labels (in a small table or on one line), the title, the text, the author's signature.
"""
from __future__ import annotations

import docx
import pytest

from bangvang import pipeline
from bangvang.commands.cli import main
from bangvang.records.yamlload import load_yaml
from conftest import make_project

BODY = ["Chiều nào thầy cũng ở lại lớp muộn để giảng thêm cho những bạn chưa hiểu bài.",
        "Có lần trời mưa to, thầy đưa bạn Nam về tận nhà rồi mới về.",
        "Em mong sau này mình cũng trở thành người tốt như thầy."]


@pytest.fixture
def root(tmp_path):
    return make_project(tmp_path / "school")


def run(root, capsys, *args):
    code = main(["--root", str(root), "import", "entry", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def record(path):
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return load_yaml(front), body.strip(), text


def entry_docx(path, form=(("Họ và tên", "Hứa Quang Vinh"), ("Lớp", "7A1"),
                           ("Số điện thoại", "0912 000 333"),
                           ("Viết về", "thầy Đặng Văn Đỗ"))):
    document = docx.Document()
    banner = document.add_paragraph()
    banner.add_run("BÀI DỰ THI VIẾT VỀ GƯƠNG ĐIỂN HÌNH TIÊN TIẾN NĂM 2025").bold = True
    table = document.add_table(rows=len(form), cols=2)
    for row, (label, value) in zip(table.rows, form):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_heading("NGƯỜI THẦY Ở LẠI LỚP MUỘN", level=1)
    for text in BODY:
        document.add_paragraph(text)
    document.add_paragraph("Hứa Quang Vinh")
    document.save(path)
    return path


def test_an_entry_from_word(root, tmp_path, capsys):
    code, out, err = run(root, capsys, entry_docx(tmp_path / "bai.docx"))
    assert code == 0, out + err
    path = root / "exemplars/contest/2025-nguoi-thay-o-lai-lop-muon.md"
    data, body, text = record(path)
    assert data["contest_year"] == "2025" and data["title"] == "Người thầy ở lại lớp muộn"
    assert data["author"] == {"name": "Hứa Quang Vinh", "role": "student", "unit": "7A1"}
    # Complete, but nobody has read it yet: a draft until the team publishes it.
    assert data["subject"] == "dang-van-do" and data["status"] == "draft"
    assert body.split("\n\n") == BODY                    # the signature is not in the text
    assert "0912" not in text and "Số điện thoại" in out and "riêng tư" in out
    assert "hồ sơ dang-van-do" in out and "hợp lệ" in out
    assert not pipeline.check(root).problems


def test_an_entry_from_text_with_a_missing_field_is_a_draft(root, tmp_path, capsys):
    source = tmp_path / "bai.txt"
    source.write_text("Tên bài: Cô giáo của lớp em\n"
                      "Tác giả: Lê Minh Châu    Chức vụ: Giáo viên Tổ Toán\n\n"
                      "Cô đến lớp từ sáng sớm, khi sân trường còn\n"
                      "ướt sương.\n"
                      "Cô dạy chúng em đọc từng chữ.\n", encoding="utf-8-sig")
    code, out, err = run(root, capsys, source, "--year", "2024")
    assert code == 0, out + err
    path = root / "exemplars/contest/2024-co-giao-cua-lop-em.md"
    data, body, text = record(path)
    assert data["status"] == "draft" and data["subject"] is None
    assert data["author"] == {"name": "Lê Minh Châu", "role": "teacher", "unit": "Tổ Toán"}
    assert body == ("Cô đến lớp từ sáng sớm, khi sân trường còn ướt sương.\n\n"
                    "Cô dạy chúng em đọc từng chữ.")
    assert "# Chưa tìm thấy: nhân vật được viết về" in text
    assert "Chưa tìm thấy: nhân vật được viết về (“Viết về:”)" in out
    assert not pipeline.check(root).problems


def test_nothing_found_but_the_text_is_still_a_valid_draft(root, tmp_path, capsys):
    source = tmp_path / "ghi-chep.txt"
    source.write_text("Một buổi sáng ở trường, chúng em cùng nhau dọn vệ sinh sân trường.\n",
                      encoding="utf-8")
    code, out, err = run(root, capsys, source)
    assert code == 0, out + err
    [path] = (root / "exemplars/contest").glob("*-bai-du-thi.md")
    data, body, _ = record(path)
    assert data["status"] == "draft" and data["title"] is None and data["author"]["name"] is None
    assert body.startswith("Một buổi sáng")
    for missing in ("tên bài", "họ tên tác giả", "nhân vật", "năm cuộc thi"):
        assert missing in out
    assert not pipeline.check(root).problems


def test_an_existing_file_is_never_overwritten(root, tmp_path, capsys):
    source = entry_docx(tmp_path / "bai.docx")
    run(root, capsys, source)
    first = root / "exemplars/contest/2025-nguoi-thay-o-lai-lop-muon.md"
    before = first.read_bytes()
    code, out, _ = run(root, capsys, source, "--status", "draft")
    assert first.read_bytes() == before
    second = root / "exemplars/contest/2025-nguoi-thay-o-lai-lop-muon-2.md"
    assert record(second)[0]["status"] == "draft" and "muon-2.md" in out


def test_a_student_authors_name_stays_out_of_the_file_name(root, tmp_path, capsys):
    source = tmp_path / "bai.txt"
    source.write_text("Họ và tên: Trần Gia Huy\nLớp: 8A2\nViết về: Nguyễn Thị An\n"
                      "Tên bài: Huy và người bạn tốt\n\nBạn An luôn giúp đỡ mọi người.\n",
                      encoding="utf-8")
    code, out, err = run(root, capsys, source, "--year", "2025")
    assert code == 0, out + err
    [path] = (root / "exemplars/contest").glob("2025-*.md")
    assert path.name == "2025-va-nguoi-ban-tot.md"
    assert record(path)[0]["subject"] == "hs-2024-nhat-vi"


@pytest.mark.parametrize("name, data, message", [
    ("cu.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "đời cũ (.doc)"),
    ("rong.txt", b"", "tệp rỗng"),
    ("ban-quet.pdf", b"%PDF-1.4", "PDF"),
    ("hong.docx", b"PK\x03\x04hong", "không phải tệp Word .docx thật"),
])
def test_files_that_cannot_be_read(root, tmp_path, capsys, name, data, message):
    source = tmp_path / name
    source.write_bytes(data)
    code, out, err = run(root, capsys, source)
    assert code == 1 and message in err and name in err and "Traceback" not in out + err
    assert not (root / "exemplars/contest").exists() or \
        sorted(p.name for p in (root / "exemplars/contest").iterdir()) == ["bai-1.md"]
