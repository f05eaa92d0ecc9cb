"""A save from the /admin/ form changes only what was edited (bangvang/commands/editor_merge.py):
every record of the demo saved unchanged through the API, as Decap sends it (re-serialised, keys
in the form's order, its own quoting), is written back byte for byte; an edit changes its lines
only."""
from __future__ import annotations

import difflib
import shutil

import pytest
import yaml

from bangvang.commands import editor
from bangvang.commands.editor_merge import merge_saved
from bangvang.records import kinds
from conftest import REPO, run_bangvang


def _decap_text(text: str, has_body: bool) -> str:
    """What Decap sends for a record it did not change: the same data, written anew (keys
    reordered: private first, as Decap did; no comments, no quotes kept)."""
    if has_body:
        _, front, body = text.split("---\n", 2)
    else:
        front, body = text, None
    data = yaml.safe_load(front) or {}
    if "private" in data:
        data = {"private": data.pop("private"), **data}
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=60)
    return dumped if body is None else f"---\n{dumped}---\n{body.lstrip()}"


def _save(root, path: str, raw: str):
    status, answer = editor.api(root, {"action": "persistEntry", "params": {
        "entry": {"path": path, "raw": raw}, "assets": []}})
    assert status == 200, answer


def _records(root):
    for kind in kinds.ALL_KINDS.values():
        folder = root / kind.folder
        for path in sorted(folder.glob(f"*{kind.endings[0]}")) if folder.is_dir() else []:
            yield kind, path


@pytest.fixture
def demo(tmp_path):
    root = tmp_path / "demo"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(
        ".venv", ".git", "site", ".build", "__pycache__", "tests", ".site-*", "giay-khen"))
    return root


def test_every_demo_record_saved_unchanged_is_byte_identical(demo):
    saved = 0
    for kind, path in _records(demo):
        before = path.read_bytes()
        relative = path.relative_to(demo).as_posix()
        shown = editor.api(demo, {"action": "getEntry", "params": {"path": relative}})[1]["data"]
        _save(demo, relative, _decap_text(shown, kind.has_body))
        assert path.read_bytes() == before, path
        saved += 1
    assert saved > 50                    # plans, rolls, exemplars, entries, news: all of them


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                  lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_honour_roll_edit_changes_only_its_lines_and_passes_check(demo):
    path = demo / "exemplars/honours/2025-2026.yml"
    before = path.read_text("utf-8")
    data = yaml.safe_load(before)
    old_number = data["awards"][1]["decision"]["number"]
    data["awards"][1]["decision"]["number"] = "142/QĐ-PGDĐT"
    data["awards"].insert(2, {"recipient": "thay-pham-quoc-bao", "kind": "", "role": "",
                              "title": "", "form": "giay-khen", "level": "truong",
                              "decision": {"number": "60/QĐ-THCSHA", "date": "20/12/2025"},
                              "reason": "Bồi dưỡng học sinh giỏi"})
    _save(demo, "exemplars/honours/2025-2026.yml",
          yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    after = path.read_text("utf-8")
    changed = _changed_lines(before, after)
    assert changed == [
        f'-    decision: {{number: "{old_number}", date: {data["awards"][1]["decision"]["date"]}}}',
        '+    decision: {number: "142/QĐ-PGDĐT", date: 20/12/2025}'.replace(
            "20/12/2025", data["awards"][1]["decision"]["date"]),
        "+  - recipient: thay-pham-quoc-bao",
        "+    form: giay-khen",
        "+    level: truong",
        '+    decision: {number: "60/QĐ-THCSHA", date: 20/12/2025}',
        '+    reason: "Bồi dưỡng học sinh giỏi"'], changed
    assert after.startswith("# ")                                 # the comment kept
    check = run_bangvang(demo, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_new_award_for_a_name_from_an_earlier_roll_gets_role_and_unit(demo):
    path = demo / "exemplars/honours/2025-2026.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["awards"].append({"recipient": "Trần Văn Bình", "title": "lao-dong-tien-tien",
                           "level": "truong", "decision": {"number": "61/QĐ-THCSHA",
                                                           "date": "21/12/2025"}})
    _save(demo, "exemplars/honours/2025-2026.yml", yaml.safe_dump(data, allow_unicode=True))
    added = yaml.safe_load(path.read_text("utf-8"))["awards"][-1]
    assert added["role"] == "teacher" and added["unit"] == "Tổ Toán - Tin"


def test_a_new_roll_gets_role_and_unit_for_a_name_from_an_earlier_roll(demo):
    raw = ("school_year: 2026-2027\nawards:\n  - recipient: Trần Văn Bình\n"
           "    title: lao-dong-tien-tien\n    level: truong\n"
           "    decision:\n      number: 70/QĐ-THCSHA\n      date: 25/05/2027\n")
    _save(demo, "exemplars/honours/2026-2027.yml", raw)
    saved = (demo / "exemplars/honours/2026-2027.yml").read_text("utf-8")
    assert saved == raw.replace("Bình\n", "Bình\n    role: teacher\n    unit: Tổ Toán - Tin\n")


def test_plan_target_result_edit_keeps_the_rest(demo):
    path = demo / "plans/2023-2024-ke-hoach-thi-dua-khen-thuong.md"
    before = path.read_text("utf-8")
    _, front, body = before.split("---\n", 2)
    data = yaml.safe_load(front)
    shown = editor.api(demo, {"action": "getEntry", "params": {
        "path": "plans/2023-2024-ke-hoach-thi-dua-khen-thuong.md"}})[1]["data"]
    data = yaml.safe_load(shown.split("---\n", 2)[1])
    # The form holds a one-line target as a group with its text (editor_merge.for_form).
    assert all(isinstance(t, dict) for t in data["targets"])
    target = next(t for t in data["targets"] if isinstance(t.get("result"), dict)
                  and "value" in t["result"])
    old_note = target["result"]["note"]
    target["result"]["note"] = "Số liệu của Hội đồng sáng kiến"
    raw = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=True) + "---\n" + body
    _save(demo, path.relative_to(demo).as_posix(), raw)
    changed = _changed_lines(before, path.read_text("utf-8"))
    assert changed == [f'-      note: "{old_note}"',
                       '+      note: "Số liệu của Hội đồng sáng kiến"'], changed


def test_body_and_private_notes_kept_when_a_field_changes(demo):
    path = demo / "exemplars/co-le-thi-anh.md"
    before = path.read_text("utf-8")
    raw = _decap_text(before, True).replace("consent: full", "consent: name")
    if raw == _decap_text(before, True):
        raw = _decap_text(before, True).replace("school_year:", "unit: Tổ Văn\nschool_year:", 1)
    _save(demo, "exemplars/co-le-thi-anh.md", raw)
    after = path.read_text("utf-8")
    assert len(_changed_lines(before, after)) in (1, 2)
    assert after.split("---\n", 2)[2] == before.split("---\n", 2)[2]
    assert 'phone: "0912 345 601"' in after


def test_crlf_and_bom_files_keep_them():
    old = "\ufeff".encode() + b"# note\r\nschool_year: \"2024-2025\"\r\nawards: []\r\n"
    text = old.decode("utf-8-sig")
    assert merge_saved(text, "school_year: 2024-2025\nawards: []\n", False) == text
    assert merge_saved(text, "school_year: 2025-2026\nawards: []\n", False) == \
        '# note\r\nschool_year: "2025-2026"\r\nawards: []\r\n'


def test_a_file_the_form_is_fixing_is_written_as_the_form_says():
    assert merge_saved("a: [unclosed\n", "a: 1\n", False) == "a: 1\n"
