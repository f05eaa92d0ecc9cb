"""`bangvang import plan`: Word and text documents in, plan records out, end to end.

The documents are written here (fictional school, the project's own words); the .docx files
are built with python-docx the way Word lays out an official document: the header and the
signature in borderless two-column tables, bullets from Word's own list style.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from types import SimpleNamespace

import docx

from conftest import run_bangvang, write

HEADER = [("PHÒNG GD&ĐT QUẬN THỬ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
          ("TRƯỜNG THCS THỬ NGHIỆM", "Độc lập - Tự do - Hạnh phúc"),
          ("Số: 21 /KH-THCS", "Thử Nghiệm, ngày 15 tháng 9 năm 2025")]
TEXT_PLAN = """PHÒNG GD&ĐT QUẬN THỬ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TRƯỜNG THCS THỬ NGHIỆM\tĐộc lập - Tự do - Hạnh phúc
Số: 30/KH-THCS\tThử Nghiệm, ngày 02 tháng 10 năm 2025

KẾ HOẠCH
Tổ chức phong trào đọc sách
năm học 2025 - 2026

Căn cứ Kế hoạch số 12/KH-THCS ngày 10/09/2023 của Trường THCS Thử Nghiệm về thi đua năm học 2023-2024;

I. MỤC ĐÍCH

- Khuyến khích học sinh đọc sách mỗi ngày trong phong trào thi đua “Đọc sách vì ngày mai”.

II. TỔ CHỨC THỰC HIỆN

- Mỗi lớp có tủ sách, tối thiểu 30 đầu sách.

Nơi nhận:
- Các lớp;
- Lưu: VT.\tHIỆU TRƯỞNG

\tTrần Thị Mai
"""


def build_docx(path, body_paragraphs, signer=("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG",
                                               "", "Lê Văn Đức")):
    document = docx.Document()
    header = document.add_table(rows=len(HEADER), cols=2)
    for row, (left, right) in zip(header.rows, HEADER):
        row.cells[0].text, row.cells[1].text = left, right
    for text in body_paragraphs:
        if text.startswith("• "):
            document.add_paragraph(text[2:], style="List Bullet")
        else:
            document.add_paragraph(text)
    footer = document.add_table(rows=1, cols=2)
    footer.rows[0].cells[0].text = "Nơi nhận:\n- Phòng GD&ĐT quận (để báo cáo);\n- Lưu: VT."
    footer.rows[0].cells[1].text = "\n".join(signer)
    document.save(path)
    return path


WORD_BODY = [
    "KẾ HOẠCH",
    "Thực hiện công tác thi đua, khen thưởng",
    "năm học 2025 - 2026",
    "Căn cứ Kế hoạch số 12/KH-THCS ngày 10/09/2023 của Trường THCS Thử Nghiệm về thi đua "
    "năm học 2023-2024;",
    "Trường THCS Thử Nghiệm xây dựng kế hoạch như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "• Tiếp tục phong trào thi đua “Dạy tốt, học tốt” trong toàn trường.",
    "• Phát động cuộc vận động “Mỗi ngày một việc tốt” trong học sinh.",
    "II. CHỈ TIÊU",
    "• Tối thiểu 20% giáo viên có sáng kiến được công nhận.",
    "• Ít nhất 80% học sinh tham gia Cuộc thi viết về gương người tốt, việc tốt.",
    "III. TỔ CHỨC THỰC HIỆN",
    "Các tổ chuyên môn triển khai kế hoạch này./.",
]


def front(path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n")[0]


def test_word_plan_becomes_a_record_that_checks_builds_and_is_cited(project, tmp_path):
    source = build_docx(tmp_path / "Kế hoạch thi đua.docx", WORD_BODY)
    result = run_bangvang(project, "import", "plan", str(source))
    assert result.returncode == 0, result.stderr
    record = project / "plans/2025-2026-ke-hoach-thuc-hien-cong-tac-thi-dua-khen-thuong.md"
    fields = front(record)
    assert 'number: "21/KH-THCS"' in fields          # "21 /KH-THCS" normalised
    assert 'issued: "15/09/2025"' in fields
    assert "issuer: Trường THCS Thử Nghiệm" in fields
    assert "issuer_parent: Phòng GD&ĐT quận Thử" in fields
    assert "title: Thực hiện công tác thi đua, khen thưởng năm học 2025 - 2026" in fields
    assert "- day-tot-hoc-tot" in fields              # "Dạy tốt, học tốt" = "Dạy tốt - Học tốt"
    assert "title: KT. HIỆU TRƯỞNG / PHÓ HIỆU TRƯỞNG" in fields and "name: Lê Văn Đức" in fields
    assert "Mỗi ngày một việc tốt" in fields          # not on the site yet: said, not invented
    # A warning is left (a campaign with no record): the record stays a draft until reviewed.
    assert "status: draft" in fields and "warnings:" in fields
    body = record.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert "## I. MỤC ĐÍCH, YÊU CẦU" in body and "### 1. Mục đích" in body
    assert "- Tiếp tục phong trào thi đua" in body   # Word's bullets became a Markdown list
    assert "Đã kiểm tra: hồ sơ vừa nhập hợp lệ" in result.stdout

    reviewed = re.sub(r"\nwarnings:\n(  - .*\n)+", "\n", record.read_text(encoding="utf-8"))
    record.write_text(reviewed.replace("status: draft", "status: published"), encoding="utf-8")
    built = run_bangvang(project, "build")
    assert built.returncode == 0, built.stderr + built.stdout
    new_page = (project / "site/ke-hoach/2025-2026-ke-hoach-thuc-hien-cong-tac-thi-dua-khen-thuong"
                "/index.html").read_text(encoding="utf-8")
    assert 'href="../2023-2024-ke-hoach/"' in new_page    # its basis links to the cited plan
    cited = (project / "site/ke-hoach/2023-2024-ke-hoach/index.html").read_text(encoding="utf-8")
    assert "2025-2026-ke-hoach-thuc-hien-cong-tac-thi-dua-khen-thuong/" in cited


def test_json_prints_the_extraction_and_writes_nothing(project, tmp_path):
    source = write(tmp_path, "doc-sach.txt", TEXT_PLAN)
    result = run_bangvang(project, "import", "plan", str(source), "--json")
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    for key in ("number", "issued", "place", "issuer", "title", "year", "school_year", "basis",
                "references", "campaigns", "themes", "programmes", "contests", "targets",
                "signer", "recipients", "sections", "warnings"):
        assert key in record
    assert record["number"] == "30/KH-THCS" and record["issued"] == "2025-10-02"
    assert record["school_year"] == "2025-2026"
    assert record["basis"][0]["number"] == "12/KH-THCS"
    assert record["basis"][0]["date"] == "2023-09-10"
    assert record["campaigns"] == ["Đọc sách vì ngày mai"]
    assert record["signer"] == {"name": "Trần Thị Mai", "title": "HIỆU TRƯỞNG"}
    assert record["recipients"] == ["Các lớp", "Lưu: VT"]
    assert {"text": "Mỗi lớp có tủ sách, tối thiểu 30 đầu sách", "value": 30,
            "unit": "đầu sách"} in record["targets"]
    assert not list((project / "plans").glob("*doc-sach*"))
    assert len(list((project / "plans").glob("*.md"))) == 2


def test_a_bad_file_is_named_and_the_batch_goes_on(project, tmp_path):
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 this is not really a Word file")
    empty = write(tmp_path, "rong.txt", "")
    # Legacy-looking text that neither TCVN3 nor VNI reads as Vietnamese (a readable TCVN3
    # or VNI file is converted since session 24: tests/importer/test_legacy.py).
    legacy = write(tmp_path, "cu.txt", "KẾ HOẠCH\nÕÖ¹µ¸ ®«¬÷ùø ïñ¹ µÕ¸Ö ¬®«\n")
    good = write(tmp_path, "doc-sach.txt", TEXT_PLAN)
    result = run_bangvang(project, "import", "plan", str(broken), str(empty), str(legacy),
                          str(good))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"hong\.docx: .*tệp Word", result.stderr)
    assert re.search(r"rong\.txt: tệp rỗng", result.stderr)
    assert re.search(r"cu\.txt: .*TCVN3", result.stderr)
    assert (project / "plans/2025-2026-ke-hoach-to-chuc-phong-trao-doc-sach.md").exists()
    assert "Đã nhập 1/4 tệp" in result.stdout
    assert "[4/4]" in result.stderr                     # progress for the batch


def test_an_existing_record_is_never_overwritten_and_force_keeps_a_backup(project, tmp_path):
    source = write(tmp_path, "doc-sach.txt", TEXT_PLAN)
    assert run_bangvang(project, "import", "plan", str(source)).returncode == 0
    record = project / "plans/2025-2026-ke-hoach-to-chuc-phong-trao-doc-sach.md"
    record.write_text(record.read_text(encoding="utf-8").replace("Trần Thị Mai", "Đã sửa tay"),
                      encoding="utf-8")
    again = run_bangvang(project, "import", "plan", str(source))
    assert again.returncode == 1 and "đã có, không ghi đè" in again.stderr
    assert "Đã sửa tay" in record.read_text(encoding="utf-8")
    forced = run_bangvang(project, "import", "plan", str(source), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "Đã sửa tay" not in record.read_text(encoding="utf-8")
    backups = list((project / "backups/plans").glob("2025-2026-ke-hoach-to-chuc-*.md"))
    assert len(backups) == 1 and "Đã sửa tay" in backups[0].read_text(encoding="utf-8")
    assert run_bangvang(project, "check").returncode == 0   # a backup is not a stray record


def test_two_forced_imports_in_the_same_second_keep_two_backups(project, tmp_path, monkeypatch,
                                                               capsys):
    from bangvang.importer import cli as import_cli

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2025, 10, 2, 8, 30, 15)          # both runs within the same second

    monkeypatch.setattr(import_cli, "dt", SimpleNamespace(datetime=Clock))
    parser = argparse.ArgumentParser()
    import_cli.add_plan_parser(parser.add_subparsers())
    source = write(tmp_path, "doc-sach.txt", TEXT_PLAN)

    def run(*extra: str) -> int:
        args = parser.parse_args(["plan", str(source), "--root", str(project), *extra])
        return args.func(args)

    assert run() == 0
    record = project / "plans/2025-2026-ke-hoach-to-chuc-phong-trao-doc-sach.md"
    for edit in ("Sửa lần một", "Sửa lần hai"):
        record.write_text(record.read_text(encoding="utf-8").replace("Trần Thị Mai", edit),
                          encoding="utf-8")
        assert run("--force") == 0
    backups = sorted((project / "backups/plans").iterdir())
    assert [p.name for p in backups] == [
        "2025-2026-ke-hoach-to-chuc-phong-trao-doc-sach-20251002-083015-2.md",
        "2025-2026-ke-hoach-to-chuc-phong-trao-doc-sach-20251002-083015.md"]
    assert "Sửa lần hai" in backups[0].read_text(encoding="utf-8")
    assert "Sửa lần một" in backups[1].read_text(encoding="utf-8")
    assert "Sửa lần" not in record.read_text(encoding="utf-8")
    shown = capsys.readouterr().out
    assert "backups/plans/2025-2026-ke-hoach-to-chuc-phong-trao-doc-sach-20251002-083015-2.md" \
        in shown.replace("\\", "/")


def test_create_campaigns_writes_records_that_check(project, tmp_path):
    source = write(tmp_path, "doc-sach.txt", TEXT_PLAN)
    result = run_bangvang(project, "import", "plan", str(source), "--create-campaigns")
    assert result.returncode == 0, result.stderr
    campaign = project / "plans/campaigns/doc-sach-vi-ngay-mai.md"
    assert 'name: Đọc sách vì ngày mai' in campaign.read_text(encoding="utf-8")
    record = project / "plans/2025-2026-ke-hoach-to-chuc-phong-trao-doc-sach.md"
    assert "- doc-sach-vi-ngay-mai" in front(record)
    assert run_bangvang(project, "check").returncode == 0


def test_ocr_without_diacritics_is_imported_as_a_draft(project, tmp_path):
    ocr = """TRUONG THCS THU NGHIEM
So: 40/KH-THCS
Thu Nghiem, ngay 05 thang 11 nam 2025
KE HOACH
To chuc hoi giang chao mung ngay Nha giao Viet Nam
Can cu Ke hoach so 12/KH-THCS ngay 10/09/2023 cua Truong THCS Thu Nghiem;
I. MUC DICH
- Dong vien giao vien doi moi phuong phap day hoc, nang cao chat luong giang day cho hoc sinh.
- Moi to chuyen mon dang ky it nhat hai tiet day tot trong dot thi dua nay.
II. TO CHUC THUC HIEN
- Cac to chuyen mon xay dung lich du gio va bao cao ket qua ve ban giam hieu truoc ngay hoi giang.
HIEU TRUONG
Tran Thi Mai
"""
    source = write(tmp_path, "hoi-giang-ocr.txt", ocr)
    result = run_bangvang(project, "import", "plan", str(source))
    assert result.returncode == 0, result.stderr
    assert "bản nháp" in result.stdout and "mất dấu" in result.stdout
    record = next((project / "plans").glob("*hoi-giang*.md"))
    fields = front(record)
    assert "status: draft" in fields and 'number: "40/KH-THCS"' in fields
    assert 'issued: "05/11/2025"' in fields
    assert run_bangvang(project, "check").returncode == 0
    built = run_bangvang(project, "build")
    assert built.returncode == 0
    assert not (project / "site/ke-hoach" / record.stem).exists()   # never published as is


def test_unknown_kind_of_file_gets_a_vietnamese_answer(project, tmp_path):
    pdf = tmp_path / "ke-hoach.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    result = run_bangvang(project, "import", "plan", str(pdf), str(tmp_path / "khong-co.docx"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "ke-hoach.pdf: tệp PDF" in result.stderr
    assert "khong-co.docx: không tìm thấy tệp" in result.stderr


def test_two_documents_with_the_same_title_in_one_batch_are_both_kept(project, tmp_path):
    first = write(tmp_path, "a/doc-sach.txt", TEXT_PLAN)
    second = write(tmp_path, "b/doc-sach.txt", TEXT_PLAN.replace("30/KH-THCS", "31/KH-THCS"))
    result = run_bangvang(project, "import", "plan", str(first), str(second))
    assert result.returncode == 0, result.stderr
    kept = sorted(p.name for p in (project / "plans").glob("2025-2026-ke-hoach-to-chuc-*.md"))
    assert kept == ["2025-2026-ke-hoach-to-chuc-phong-trao-doc-sach-2.md",
                    "2025-2026-ke-hoach-to-chuc-phong-trao-doc-sach.md"]
    assert "31/KH-THCS" in (project / "plans" / kept[0]).read_text(encoding="utf-8")


def test_another_document_with_the_same_year_and_title_gets_its_own_id(project, tmp_path):
    first = write(tmp_path, "a/doc-sach.txt", TEXT_PLAN)
    second = write(tmp_path, "b/doc-sach.txt", TEXT_PLAN.replace("30/KH-THCS", "31/KH-THCS"))
    assert run_bangvang(project, "import", "plan", str(first)).returncode == 0
    later = run_bangvang(project, "import", "plan", str(second))      # another day, no --force
    assert later.returncode == 0, later.stderr
    record = project / "plans/2025-2026-ke-hoach-to-chuc-phong-trao-doc-sach-2.md"
    assert "31/KH-THCS" in record.read_text(encoding="utf-8")
    assert "30/KH-THCS" in (project / "plans/2025-2026-ke-hoach-to-chuc-phong-trao-doc-sach.md"
                            ).read_text(encoding="utf-8")
    assert "status: draft" in front(record)     # its warning (the shared id) is not reviewed yet
