"""The author's commands: scaffolds that pass the checks, schemas that match the code."""
from __future__ import annotations

import json

import pytest

from bangvang.commands.jsonschema import write_schemas
from bangvang.commands.scaffold import KINDS
from conftest import REPO, run_bangvang


@pytest.mark.parametrize("kind, record_id", [
    ("phong-trao", "an-toan-giao-thong"), ("ke-hoach", "2025-ke-hoach-moi"),
    ("guong", "co-lan-thu-vien"), ("bang-vang", "2025-2026"), ("bai-du-thi", "bai-moi"),
    ("tin", "tin-moi")])
def test_new_record_from_template_passes_the_check(project, kind, record_id):
    result = run_bangvang(project, "new", kind, record_id)
    assert result.returncode == 0, result.stderr
    declared = KINDS[kind]
    assert (project / declared.folder / f"{record_id}{declared.endings[0]}").is_file()
    check = run_bangvang(project, "check")
    assert check.returncode == 0, check.stderr


def test_new_never_overwrites(project):
    result = run_bangvang(project, "new", "guong", "dang-van-do")
    assert result.returncode == 1
    assert "đã có" in result.stderr
    assert "Đặng Văn Đỗ" in (project / "exemplars/dang-van-do.md").read_text("utf-8")


def test_new_refuses_an_id_with_accents(project):
    result = run_bangvang(project, "new", "guong", "Cô Hoa")
    assert result.returncode == 1 and "“co-hoa”" in result.stderr


def test_checked_in_schemas_match_the_code(tmp_path):
    for path in write_schemas(REPO, tmp_path):
        committed = REPO / "schemas" / path.name
        assert committed.is_file(), f"run `make schema`: {path.name} missing"
        assert json.loads(committed.read_text("utf-8")) == json.loads(path.read_text("utf-8")), \
            f"schemas/{path.name} is out of date: run `make schema`"


def test_exemplar_schema_offers_vocabulary_keys_and_labels():
    schema = json.loads((REPO / "schemas/exemplar.schema.json").read_text("utf-8"))
    roles = schema["properties"]["role"]["enum"]
    assert "teacher" in roles and "Giáo viên" in roles
    assert "role" in schema["required"] and schema["additionalProperties"] is False


@pytest.mark.parametrize("kind,record_id,draft,published", [
    ("bang-vang", "2025-2026", "status: draft", "status: published"),
    ("guong", "co-lan-thu-vien", "status: draft", "status: published"),
    ("tin", "tin-moi", "draft: true", "draft: false")])
def test_a_scaffold_published_without_editing_is_refused(project, kind, record_id, draft,
                                                          published):
    """`bangvang new` writes a draft; publishing it with its «sample» text is refused."""
    assert run_bangvang(project, "new", kind, record_id).returncode == 0
    declared = KINDS[kind]
    path = project / declared.folder / f"{record_id}{declared.endings[0]}"
    path.write_text(path.read_text("utf-8").replace(draft, published), "utf-8")
    check = run_bangvang(project, "check")
    assert check.returncode == 1
    assert f"{declared.folder}/{record_id}{declared.endings[0]}:" in check.stderr
    assert "chữ mẫu «" in check.stderr and "Traceback" not in check.stderr


def test_help_and_argument_errors_are_vietnamese(project):
    help_text = run_bangvang(project, "--help").stdout
    assert "cách dùng:" in help_text and "tuỳ chọn" in help_text and "usage:" not in help_text
    wrong = run_bangvang(project, "chec")
    assert wrong.returncode == 2 and "lỗi:" in wrong.stderr and "không có lựa chọn" in wrong.stderr
    missing = run_bangvang(project, "new")
    assert "còn thiếu: LOẠI, MÃ" in missing.stderr
