"""Diacritics put back only where the words leave no doubt (issue 24, item 4)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from bangvang.commands.cli import main
from bangvang.importer.diacritics import Model, model_for, restore_line, restore_lines
from conftest import REPO, make_project, write

import scanscore


def test_phrases_the_model_knows_get_their_marks():
    model = model_for(None)
    lines, warnings = restore_lines(["KE HOACH", "Cong tac thi dua, khen thuong nam hoc 2024 - "
                                     "2025", "Can cu Ké hoach so 12/KH-PGDDT"], model)
    assert lines[0] == "KẾ HOẠCH"
    assert lines[1] == "Công tác thi đua, khen thưởng năm học 2024 - 2025"
    assert lines[2].startswith("Căn cứ Kế hoạch số 12/KH-PGDDT")   # "Ké" kept its tone
    assert any("dòng 1, 2, 3" in w for w in warnings)


def test_a_word_with_several_readings_is_left_and_named_with_its_line():
    model = model_for(None)
    lines, warnings = restore_lines(["Tieu de", "ban toi di"], model)
    assert lines == ["Tieu de", "ban toi di"]
    doubts = " ".join(warnings)
    assert "dòng 2: “ban”" in doubts and "sửa tay" in doubts


def test_a_name_is_restored_whole_or_not_at_all():
    model = Model()
    model.add("Nguyễn Thị Hồng")                  # known, but "Nhung" is not
    result = restore_line("Nguyen Thi Hong Nhung ky", model)
    assert result.text.startswith("Nguyen Thi Hong Nhung")


def test_text_with_its_marks_is_never_changed():
    """Every line of the demo's plans is left exactly as written, with no warning."""
    model = model_for(REPO)
    for plan in sorted((REPO / "plans").glob("*.md")):
        lines = plan.read_text(encoding="utf-8").splitlines()
        restored, warnings = restore_lines(lines, model)
        changed = [(a, b) for a, b in zip(lines, restored) if a != b]
        assert changed == [] and warnings == [], (plan.name, changed[:3], warnings)


def test_plan_without_marks_gets_title_and_issuer_from_the_schools_records(tmp_path, capsys):
    root = make_project(tmp_path / "school")
    school = yaml.safe_load((root / "data/school.yml").read_text(encoding="utf-8"))
    school["name"] = "Trường THCS Lạc Long"
    (root / "data/school.yml").write_text(yaml.safe_dump(school, allow_unicode=True),
                                          encoding="utf-8")
    document = REPO / "tests/importer/documents/a_thcs_lac_long.txt"
    stripped = tmp_path / "ke-hoach.txt"
    stripped.write_text(scanscore.stripped(document.read_text(encoding="utf-8")),
                        encoding="utf-8")
    code = main(["import", "plan", str(stripped), "--root", str(root), "--json"])
    values = json.loads(capsys.readouterr().out)
    assert code == 0
    assert values["issuer"] == "Trường THCS Lạc Long"
    assert values["title"] == "Thực hiện công tác thi đua, khen thưởng năm học 2024 - 2025"
    assert values["status"] == "draft"         # restored marks are read by a person first
    assert any("mất dấu" in w for w in values["warnings"])


def test_award_cells_without_marks(tmp_path, capsys):
    """A unit that lost its marks is restored; a name never is (two people may differ by a
    tone), and the summary names it."""
    root = make_project(tmp_path / "school")
    listed = write(tmp_path, "ds.csv", "STT,Họ và tên,Chức vụ,Tổ\n"
                   "1,Tran Thi Hoa,Giáo viên,To Toan - Tin\n"
                   "2,Lê Văn Hải,Giáo viên,Tổ Ngữ văn\n")
    code = main(["--root", str(root), "import", "awards", str(listed), "--decision",
                 "52/QĐ-THCSHA", "--date", "25/05/2025", "--level", "truong", "--title",
                 "Lao động tiên tiến", "--dry-run", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert code == 0
    added = {item["name"]: item["award"] for item in summary["tables"][0]["added"]}
    assert added["Tran Thi Hoa"]["unit"] == "Tổ Toán - Tin"
    notes = " ".join(summary["tables"][0]["notes"])
    assert "“Tran Thi Hoa” không có dấu" in notes


def test_marks_misread_by_ocr_are_put_right_only_in_known_phrases():
    from bangvang.importer.diacritics import corrected_lines
    model = model_for(None)
    lines, warnings = corrected_lines(["Công tác thị đua, khen thưởng", "Ông Nguyễn Văn Thi dạy",
                                       "Mỗi tối thứ Bảy, thầy mở lớp"], model)
    # "tối" is a word as it is: two known words after it ("tới thứ") are not enough.
    assert lines == ["Công tác thi đua, khen thưởng", "Ông Nguyễn Văn Thi dạy",
                     "Mỗi tối thứ Bảy, thầy mở lớp"]
    assert warnings and "“thị” → “thi”" in warnings[0]


def test_a_capitalised_word_no_name_holds_is_put_right_like_any_other():
    """A phone photo's JPEG turns the hook above into an acute: "Tố chức …" at the start of
    a title, "Trường Tiếu học …" in an issuer. A capitalised word was taken for a name's and
    never changed; one that is no syllable of Vietnamese names is a sentence's or a school
    type's, put right by the known runs. Names' words stay as read."""
    from bangvang.importer.diacritics import corrected_lines
    lines, warnings = corrected_lines(["Tố chức các phong trào thi đua năm 2025",
                                       "Trường Tiếu học Bình Minh", "Triến khai các phong trào",
                                       "Ông Nguyễn Văn Thi dạy"], model_for(None))
    assert lines == ["Tổ chức các phong trào thi đua năm 2025", "Trường Tiểu học Bình Minh",
                     "Triển khai các phong trào", "Ông Nguyễn Văn Thi dạy"]
    assert "“Tố” → “Tổ”" in warnings[0] and "“Tiếu” → “Tiểu”" in warnings[0]


def test_a_word_is_put_right_only_when_the_runs_on_each_side_know_it():
    """One known run beside a word is not enough when the word has a neighbour on the other
    side that no known run joins: a real word the model never saw (or saw less than its
    look-alike) stays as read."""
    from bangvang.importer.diacritics import corrected_lines
    model = Model()
    for text in ("khen thưởng kịp thời", "tổ chức đúng lúc", "giao lưu văn nghệ",
                 "thời gian giao lưu"):
        model.add(text)
    lines, warnings = corrected_lines(["Trao thưởng kịp thòi giờ", "tổ chức đụng lúc",
                                       "thời gian giao lưu văn nghe"], model)
    # "thòi": "kịp thời" is known, "thời giờ" is not: left as read.
    # "đụng": "đúng lúc" is known on its only side: put right. "nghe" ends its run: right.
    assert lines == ["Trao thưởng kịp thòi giờ", "tổ chức đúng lúc",
                     "thời gian giao lưu văn nghệ"]
    assert warnings and "“đụng” → “đúng”" in warnings[0] and "thòi" not in warnings[0]
