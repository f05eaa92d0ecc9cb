"""`bangvang import awards` stays bounded and honest on large or hostile files.

An .xlsx/.docx is a zip: its declared unpacked size and compression ratio are checked before
openpyxl or python-docx opens it, so a small file that inflates to hundreds of MB is refused
fast with little memory. A list longer than the row limit is refused (never silently cut),
naming the file, the limit and what to do. Import time grows linearly with the rows.
All large files are generated here; none is committed.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
import zipfile

import docx
import openpyxl
import pytest

from bangvang.commands.cli import main
from bangvang.importer import awards as awards_module
from bangvang.importer import tables
from bangvang.importer.award_rows import Item, Rows, Table
from bangvang.importer.columns import Columns
from bangvang.records.data import load_vocabulary
from bangvang.problems import Problems
from conftest import REPO, make_project

DECISION = "Kèm theo Quyết định số 52/QĐ-THCS ngày 25/5/2025 của Hiệu trưởng Trường THCS Thử Nghiệm"
TITLE = "DANH SÁCH HỌC SINH ĐẠT DANH HIỆU HỌC SINH XUẤT SẮC NĂM HỌC 2024-2025"


@pytest.fixture
def root(tmp_path):
    return make_project(tmp_path / "school")


def run(root, capsys, *args):
    code = main(["--root", str(root), "import", "awards", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def student_rows(count: int) -> list[list]:
    return [[i + 1, f"Học Sinh Số {i + 1}", f"{6 + i % 4}A{1 + i % 5}"] for i in range(count)]


def sheet_bytes(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [[TITLE], [DECISION], ["STT", "Họ và tên", "Lớp"]] + rows:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def padded(data: bytes, member: str, megabytes: int) -> bytes:
    """The package with `megabytes` of spaces added inside one XML part: a zip bomb that is
    still a valid workbook or document (about 1 KB compressed per MB)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename != member:
                target.writestr(info.filename, content)
                continue
            head, tail = content.rsplit(b"</", 1)
            with target.open(member, "w", force_zip64=True) as part:
                part.write(head)
                block = b" " * (1 << 20)
                for _ in range(megabytes):
                    part.write(block)
                part.write(b"</" + tail)
    return out.getvalue()


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    path = tmp_path_factory.mktemp("bomb") / "danh-sach.xlsx"
    path.write_bytes(padded(sheet_bytes(student_rows(3)), "xl/worksheets/sheet1.xml", 300))
    return path


def measured(root, path) -> tuple[int, str, float, int]:
    """Runs the import in a child process (capped at 1.5 GB of address space, so a bomb that
    gets through cannot hurt the machine): exit code, stderr, CPU seconds, peak memory in MB.
    CPU seconds, not wall seconds: on a machine busy with other work the wall clock of the
    same refusal went past the limit once, though the child did no more work."""
    script = ("import resource, sys\n"
              "resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))\n"
              "from bangvang.commands.cli import main\n"
              "code = main(sys.argv[1:])\n"
              "used = resource.getrusage(resource.RUSAGE_SELF)\n"
              "print('CPU', used.ru_utime + used.ru_stime, 'MAXRSS', used.ru_maxrss, "
              "file=sys.stderr)\n"
              "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", script, "--root", str(root), "import", "awards",
                           str(path)], capture_output=True, text=True, timeout=300, cwd=REPO)
    found = re.search(r"CPU (\S+) MAXRSS (\d+)", done.stderr)
    seconds = float(found.group(1)) if found else -1.0
    peak = int(found.group(2)) // 1024 if found else -1
    return done.returncode, done.stderr, seconds, peak


def test_a_small_xlsx_that_inflates_to_300_mb_is_refused_fast_with_little_memory(root, bomb):
    assert bomb.stat().st_size < 1 << 20
    code, err, seconds, peak = measured(root, bomb)
    assert code == 1 and "Traceback" not in err
    assert "danh-sach.xlsx" in err and "MB" in err, err
    assert 0 <= seconds < 20 and 0 < peak < 200, (seconds, peak, err)
    assert not (root / "exemplars/honours/2024-2025.yml").exists()


def test_an_unusually_compressed_part_is_refused_even_under_the_size_limit(root, tmp_path, capsys):
    path = tmp_path / "nen.xlsx"
    path.write_bytes(padded(sheet_bytes(student_rows(3)), "xl/worksheets/sheet1.xml", 40))
    code, out, err = run(root, capsys, path)
    assert code == 1 and "nen.xlsx" in err and "sheet1.xml" in err, err
    assert not (root / "exemplars/honours/2024-2025.yml").exists()


def test_a_docx_bomb_is_refused_before_python_docx_opens_it(root, tmp_path, capsys):
    document = docx.Document()
    document.add_paragraph(DECISION)
    data = io.BytesIO()
    document.save(data)
    path = tmp_path / "quyet-dinh.docx"
    path.write_bytes(padded(data.getvalue(), "word/document.xml", 150))
    code, out, err = run(root, capsys, path)
    assert code == 1 and "quyet-dinh.docx" in err and "MB" in err, err


@pytest.fixture
def small_limit(monkeypatch):
    """The row limit made small, so the refusal is tested without a 100,000-row file."""
    monkeypatch.setattr(tables, "MAX_ROWS", 40)
    return 40


def test_a_sheet_longer_than_the_limit_is_refused_not_cut(root, tmp_path, capsys, small_limit):
    path = tmp_path / "dai.xlsx"
    path.write_bytes(sheet_bytes(student_rows(60)))
    code, out, err = run(root, capsys, path)
    assert code == 1 and "dai.xlsx" in err and "40" in err, out + err
    assert not (root / "exemplars/honours/2024-2025.yml").exists()


def test_a_csv_and_a_word_table_longer_than_the_limit_are_refused(root, tmp_path, capsys,
                                                                 small_limit):
    lines = [TITLE, DECISION, "STT;Họ và tên;Lớp"] + [";".join(map(str, r))
                                                      for r in student_rows(60)]
    (tmp_path / "dai.csv").write_text("\n".join(lines), encoding="utf-8")
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph(DECISION)
    table = document.add_table(rows=0, cols=3)
    for row in [["STT", "Họ và tên", "Lớp"]] + student_rows(60):
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = str(value)
    document.save(tmp_path / "dai.docx")
    for name in ("dai.csv", "dai.docx"):
        code, out, err = run(root, capsys, tmp_path / name)
        assert code == 1 and name in err and "40" in err, out + err
    assert not (root / "exemplars/honours/2024-2025.yml").exists()


def test_empty_formatted_rows_below_the_list_do_not_count(root, tmp_path, capsys, small_limit):
    book = openpyxl.load_workbook(io.BytesIO(sheet_bytes(student_rows(30))))
    sheet = book.active
    for row in range(40, 400):        # borders drawn far below the list, no values
        sheet.cell(row, 2).border = openpyxl.styles.Border(bottom=openpyxl.styles.Side("thin"))
    book.save(tmp_path / "ke-o.xlsx")
    code, out, err = run(root, capsys, tmp_path / "ke-o.xlsx", "--dry-run", "--json")
    assert code == 0, out + err
    assert json.loads(out)["added"] == 30


def test_merged_cells_are_still_read_in_streaming_mode(root, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [[TITLE], [DECISION], ["STT", "Họ và tên", "Lớp"], [1, "Lý Thu Hà", "7A2"],
                [2, "Mạc Văn Tài", None]]:
        sheet.append(row)
    sheet.merge_cells("C4:C5")            # the class written once for two rows
    sheet.merge_cells("A1:C1")
    book.save(tmp_path / "gop.xlsx")
    code, out, err = run(root, capsys, tmp_path / "gop.xlsx", "--dry-run", "--json")
    assert code == 0, out + err
    assert [i["award"]["unit"] for i in json.loads(out)["tables"][0]["added"]] == ["7A2", "7A2"]


def placed_seconds(count: int) -> float:
    """CPU time of sorting `count` new awards of one list into new / present / duplicate."""
    vocabulary = load_vocabulary(REPO, Problems())
    rows = Rows()
    for i in range(count):
        name = f"Học Sinh Số {i}"
        award = {"recipient": name, "role": "student", "unit": f"{6 + i % 4}A{1 + i % 5}",
                 "title": "hoc-sinh-xuat-sac", "level": "truong",
                 "decision": {"number": "52/QĐ-THCS", "date": "25/05/2025"}}
        rows.items.append(Item(f"Dòng {i + 4}", i + 4, award, name, "2024-2025"))
    report = awards_module.Report("ds.xlsx", "", Columns(0, 1), Table(
        "52/QĐ-THCS", "25/05/2025", "truong", "2024-2025", None), None, rows)
    batch = awards_module.Batch(REPO / "tests" / "fixtures" / "mini-school", vocabulary, [],
                                dry_run=True)
    start = time.process_time()
    batch.place([report], [])
    seconds = time.process_time() - start
    assert len(report.added) == count
    return seconds


def test_sorting_the_rows_grows_linearly_with_their_number():
    small, large = min(placed_seconds(1000) for _ in range(2)), placed_seconds(8000)
    # Linear: about 8 times; the old pairwise search was about 64 times.
    assert large < 20 * max(small, 0.005), (small, large)


def test_a_part_longer_than_its_declared_size_is_refused_as_damaged(root, tmp_path, capsys):
    """The size check trusts the zip's directory: Python's zipfile stops inflating a part at
    its declared size and fails its CRC, so a part that lies about its size cannot get past
    the limit; the user is told the file is damaged."""
    source, out = zipfile.ZipFile(io.BytesIO(sheet_bytes(student_rows(3)))), io.BytesIO()
    member = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                head, tail = content.rsplit(b"</", 1)
                content = head + b" " * (5 << 20) + b"</" + tail
            target.writestr(info.filename, content)
    data = bytearray(out.getvalue())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member)
    central = data.find(b"PK\x01\x02")
    while data[central + 46:central + 46 + len(member)] != member.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    for offset in (info.header_offset + 22, central + 24):     # uncompressed size fields
        data[offset:offset + 4] = (1000).to_bytes(4, "little")
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member).file_size == 1000
    path = tmp_path / "noi-doi.xlsx"
    path.write_bytes(bytes(data))
    code, out, err = run(root, capsys, path)
    assert code == 1 and "noi-doi.xlsx" in err and "hỏng" in err and "Traceback" not in err, err
