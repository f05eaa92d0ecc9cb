"""The record loader on bad and odd input: a problem with file and line, a warning, or the
exact text the author wrote. Never a traceback, never a silent change, never a read outside
the project."""
from __future__ import annotations

import codecs
import os
import sys

import pytest

from bangvang.records import encoding, safepath
from bangvang.records.encoding import EncodingProblem, clean_controls, decode, read_text
from bangvang.records.loader import (
    MAX_ID_LENGTH, find_record_files, load_records, read_project_text, read_record)
from bangvang.problems import Problems
from bangvang.records.yamlload import MAX_DEPTH, LineDict, LineList, YamlProblem, load_yaml
from conftest import write

# --- YAML: every scalar is the text as written ------------------------------------------------

AS_WRITTEN = [
    ("phone: 0135", "phone", "0135"),             # YAML 1.1: octal 93
    ("time: 1:20", "time", "1:20"),               # YAML 1.1: sexagesimal 80
    ("flag: true", "flag", "true"),
    ("flag: no", "flag", "no"),
    ("date: 2024-02-30", "date", "2024-02-30"),   # not a date, still text to explain
    ("date: 2024-02-29", "date", "2024-02-29"),   # a date, but the declarations convert it
    ("value: 15", "value", "15"),
    ("value: 1.5", "value", "1.5"),
    ("value: 1_000", "value", "1_000"),
    ("value: 0x1F", "value", "0x1F"),
    ("value: .inf", "value", ".inf"),
    ("value: 1e3", "value", "1e3"),
    ('value: "0135"', "value", "0135"),
    ("value: '15'", "value", "15"),
    ("value: !!str 15", "value", "15"),           # !!str only says "text"
    ("value: ~", "value", None),
    ("value: null", "value", None),
    ("value: Null", "value", None),
    ("value:", "value", None),
    ('value: ""', "value", ""),
    ('value: "null"', "value", "null"),
    ("name: Nguyễn Văn An", "name", "Nguyễn Văn An"),
    ("name: Nguye\u0302\u0303n", "name", "Nguyễn"),   # NFC
    ("15: mười lăm", "15", "mười lăm"),           # keys are text as well
    ("true: x", "true", "x"),
    ("~: x", "~", "x"),
]


@pytest.mark.parametrize("text, key, value", AS_WRITTEN, ids=[c[0] for c in AS_WRITTEN])
def test_scalars_stay_as_written(text, key, value):
    data = load_yaml(text)
    assert isinstance(data, LineDict)
    assert list(data) == [key]
    assert data[key] == value and type(data[key]) is type(value)


def test_lists_and_nested_values_are_text_with_lines():
    data = load_yaml("a:\n  - 1\n  - [2, 3]\n  - {b: 4}\n  -\n", first_line=2)
    items = data["a"]
    assert isinstance(items, LineList) and items == ["1", ["2", "3"], {"b": "4"}, None]
    assert items.line == 3 and items.lines == [3, 4, 5, 6]
    assert items.line_of(2) == 5 and items.line_of(99) == 3
    assert items[2].line == 5 and items[2].line_of("b") == 5
    assert data.line == 2 and data.line_of("a") == 2 and data.line_of("missing") == 2


def test_scalar_and_empty_documents():
    assert load_yaml("") is None
    assert load_yaml("# only a comment\n") is None
    assert load_yaml("just text") == "just text"
    assert load_yaml("- a\n- b") == ["a", "b"]


def test_line_numbers_in_front_matter_are_those_of_the_file(project):
    write(project, "exemplars/hoa.md", "---\nname: Hoa\nrole: teacher\n\nunit: Tổ Văn\n"
          "campaigns:\n  - a\n  - b\n---\nBody\nmore\n")
    problems = Problems()
    raw = read_record(project, "exemplar", project / "exemplars/hoa.md", problems)
    assert not problems and not problems.warnings
    assert raw.data.line == 2
    assert [raw.data.line_of(k) for k in ("name", "role", "unit", "campaigns")] == [2, 3, 5, 6]
    assert raw.data["campaigns"].lines == [7, 8]
    assert raw.body == "Body\nmore\n" and raw.body_line == 10


# --- YAML: what records never need is refused with the line -----------------------------------

REFUSED = [
    ("date: !!timestamp 2025-02-30", 1, "“!!timestamp”"),
    ("x: 1\nvalue: !!float x", 2, "“!!float”"),
    ("value: !!int 15", 1, "“!!int”"),
    ("value: !!binary aGVsbG8=", 1, "“!!binary”"),
    ("value: !!python/object:os.system ls", 1, "“!!python/object:os.system”"),
    ("value: !!python/object/apply:os.system [ls]", 1, "!!python/object/apply"),
    ("value: !foo bar", 1, "“!foo”"),
    ("value: ! bar", 1, "“!”"),
    ("value: !!map {a: 1}", 1, "“!!map”"),
    ("value: !!set {a, b}", 1, "“!!set”"),
    ("a: &anchor 1\nb: *anchor", 1, "mốc “&anchor”"),
    ("a: 1\nb: *anchor", 2, "bí danh “*anchor”"),
    ("base: &b {x: 1}\nother:\n  <<: *b", 1, "mốc “&b”"),
    ("other:\n  <<: {x: 1}", 2, "khoá gộp “<<”"),
    ("name: a\nname: b", 2, "“name” được viết hai lần (lần đầu ở dòng 1)"),
    ("a:\n  x: 1\n  x: 2", 3, "“x” được viết hai lần (lần đầu ở dòng 2)"),
    ("15: a\n'15': b", 2, "“15” được viết hai lần"),
    ("? [a, b]\n: c", 1, "tên trường phải là chữ đơn giản"),
    ("? {a: b}\n: c", 1, "tên trường phải là chữ đơn giản"),
    ('"": x', 1, "không có tên trường"),
    ("a: 1\n---\nb: 2", 2, "dòng `---`"),
    ("a: [1, 2\nb: 3", None, "lỗi cú pháp YAML"),
    ("a:\n\tb: 1", 2, "Tab"),
    ("a: \ufffe", 1, "U+FFFE"),
]


@pytest.mark.parametrize("text, line, message", REFUSED, ids=[c[0] for c in REFUSED])
def test_yaml_features_records_never_need_are_refused(text, line, message):
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text)
    assert message in caught.value.message
    if line is not None:
        assert caught.value.line == line


def test_tag_message_says_to_remove_the_tag():
    with pytest.raises(YamlProblem) as caught:
        load_yaml("---\ndate: !!timestamp 2025-02-30", first_line=5)
    assert caught.value.line == 6
    assert "hãy xoá “!!timestamp”" in caught.value.message


def test_nesting_up_to_the_limit_is_read_deeper_is_refused():
    def nested(depth: int) -> str:
        return "[" * depth + "x" + "]" * depth

    value = load_yaml(nested(MAX_DEPTH))
    for _ in range(MAX_DEPTH):
        assert isinstance(value, LineList)
        value = value[0]
    assert value == "x"
    with pytest.raises(YamlProblem) as caught:
        load_yaml(nested(MAX_DEPTH + 1))
    assert "lồng nhau quá sâu" in caught.value.message


@pytest.mark.parametrize("text", [
    "[" * 200_000 + "]" * 200_000,              # LibYAML's flow scanner is quadratic
    "- " * 300_000 + "x",                       # LibYAML's composer segfaults on this
    "a:\n" + "".join(" " * i + "b:\n" for i in range(1, 400)),
    "{a: " * 100_000 + "}" * 100_000,
])
def test_very_deep_nesting_is_refused_quickly(text):
    import time
    start = time.perf_counter()
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text)
    assert "lồng nhau quá sâu" in caught.value.message
    assert time.perf_counter() - start < 2


def test_billion_laughs_is_refused_at_the_first_anchor():
    text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n"
        for i in range(8))
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text)
    assert caught.value.line == 1 and "mốc" in caught.value.message


@pytest.mark.parametrize("text", [
    "a: \ud800",                # a lone surrogate cannot reach the parser as UTF-8
    "a: [\n" * 50,
    "\x00" * 10,
    "%YAML 9.9\n---\na: 1",
    "%TAG !! tag:evil.example,2000:\n---\na: !!str x",
    "a: 'unterminated",
    "a: \"\\x\"",
    "- a\nb: c",
    "&a",
    "*",
    "? ? ? ?",
])
def test_nothing_but_yaml_problem_leaves_load_yaml(text):
    try:
        load_yaml(text)
    except YamlProblem as problem:
        assert problem.message
        assert problem.line is None or problem.line >= 1


# --- Control characters: cleaned and reported as warnings -------------------------------------

CONTROLS = [
    ("\x0b", "VT", "Nguyễn Văn An"),       # Shift+Enter in Word
    ("\x0c", "FF", "Nguyễn Văn An"),       # page break
    ("\u2028", "U+2028", "Nguyễn Văn An"),
    ("\u2029", "U+2029", "Nguyễn Văn An"),
    ("\x00", "NUL", "Nguyễn VănAn"),
    ("\x07", "U+0007", "Nguyễn VănAn"),
    ("\x1b", "U+001B", "Nguyễn VănAn"),
    ("\x7f", "U+007F", "Nguyễn VănAn"),
    ("\x85", "NEL", "Nguyễn Văn An"),
    ("\x9f", "U+009F", "Nguyễn VănAn"),
    ("\ufeff", "U+FEFF", "Nguyễn VănAn"),
]


@pytest.mark.parametrize("character, name, value", CONTROLS, ids=[c[1] for c in CONTROLS])
def test_control_characters_are_cleaned_with_a_warning(project, character, name, value):
    write(project, "exemplars/hoa.md", f"---\nrole: teacher\nname: Nguyễn Văn{character}An\n"
          f"summary: Một câu.\n---\nDòng một{character}dòng hai.\nDòng ba.\n")
    problems = Problems()
    raw = read_record(project, "exemplar", project / "exemplars/hoa.md", problems)
    assert not problems, problems.report()
    assert raw.data["name"] == value
    assert raw.data.line_of("summary") == 4          # line numbers unchanged
    assert character not in raw.body and raw.body.endswith("Dòng ba.\n")
    assert [(w.file, w.line) for w in problems.warnings] == [("exemplars/hoa.md", 3),
                                                            ("exemplars/hoa.md", 6)]
    message = problems.warnings[0].message
    assert message.startswith("đã bỏ ký tự điều khiển") and name in message
    assert "(thường do dán từ Word) ở dòng 3" in message


def test_control_characters_in_an_honour_roll(project):
    roll = project / "exemplars/honours/2023-2024.yml"
    text = roll.read_text("utf-8").replace("reason: Xuất sắc", "reason: Xuất\x0bsắc\x0c")
    roll.write_text(text, "utf-8")
    problems = Problems()
    raw = read_record(project, "honour_roll", roll, problems)
    line = text.split("\n").index("    reason: Xuất\x0bsắc\x0c") + 1
    assert raw.data["awards"][0]["reason"] == "Xuất sắc"   # trailing space dropped by YAML
    assert [w.line for w in problems.warnings] == [line]


def test_a_later_pass_in_one_process_says_the_same_of_each_file(project):
    """The preview's passes keep what the last one decoded (loader._TEXTS): a file read
    again says its cleaned characters again, a file whose bytes changed is read anew, and
    a file that cannot be decoded is refused each time."""
    write(project, "exemplars/hoa.md", "---\nrole: teacher\nname: Nguyễn Văn\x0bAn\n"
          "summary: Một câu.\n---\nDòng một.\n")
    (project / "exemplars/cu.md").write_bytes("---\nname: Lê Vân\n---\n".encode("cp1258"))
    said = []
    for _ in range(2):
        problems = Problems()
        records, _unreadable = load_records(project, problems)
        said.append(([(w.file, w.line) for w in problems.warnings],
                     [p.file for p in problems]))
    assert said[0] == said[1]
    assert ("exemplars/hoa.md", 3) in said[1][0] and "exemplars/cu.md" in said[1][1]
    write(project, "exemplars/hoa.md", "---\nrole: teacher\nname: Nguyễn Văn An\n"
          "summary: Câu mới.\n---\nDòng một.\n")
    problems = Problems()
    records, _unreadable = load_records(project, problems)
    assert ("exemplars/hoa.md", 3) not in [(w.file, w.line) for w in problems.warnings]
    assert {r.id: r.data.get("summary") for r in records}["hoa"] == "Câu mới."


def test_many_cleaned_lines_give_a_bounded_number_of_warnings(project):
    lines = "".join(f"l{i}: a\x0bb\n" for i in range(50))
    write(project, "exemplars/honours/2024-2025.yml", "school_year: '2024-2025'\n" + lines)
    problems = Problems()
    raw = read_record(project, "honour_roll", project / "exemplars/honours/2024-2025.yml",
                      problems)
    assert raw.data["l49"] == "a b"
    assert len(problems.warnings) == encoding.MAX_CLEANUP_WARNINGS + 1
    assert "40 dòng khác" in problems.warnings[-1].message


def test_a_delimiter_line_with_a_control_character_still_delimits(project):
    write(project, "exemplars/hoa.md", "---\x0c\nname: Hoa\n---\x00\nBody\n")
    problems = Problems()
    raw = read_record(project, "exemplar", project / "exemplars/hoa.md", problems)
    assert raw.data == {"name": "Hoa"} and raw.body == "Body\n" and not problems


def test_control_characters_without_a_place_to_warn_are_a_yaml_problem():
    with pytest.raises(YamlProblem) as caught:
        load_yaml("a: 1\nb: x\x0by", first_line=3)
    assert caught.value.line == 4 and "VT" in caught.value.message


def test_clean_controls_keeps_tabs_newlines_and_lines():
    text, cleanups = clean_controls("a\tb\nc\x0bd\ne\x00f", first_line=10)
    assert text == "a\tb\nc d\nef"
    assert [(c.line, c.characters) for c in cleanups] == [(11, ("\x0b",)), (12, ("\x00",))]
    assert clean_controls("x\x0cy", markdown=True)[0] == "x\ny"


# --- Encodings: EncodingProblem and nothing else ----------------------------------------------

ENCODINGS = [
    (codecs.BOM_UTF8 + "tên: Hoà".encode("cp1258"), "dấu đầu tệp (BOM) của UTF-8"),
    (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "byte lạ ở dòng 1"),
    (codecs.BOM_UTF8 + b"a: 1\nb: \xc3", "byte lạ ở dòng 2"),
    ("name: Hoa\nrole: teacher\n".encode("utf-16-le"), "UTF-16 (Unicode) không có dấu đầu tệp"),
    ("name: Hoa\nrole: teacher\n".encode("utf-16-be"), "UTF-16 (Unicode) không có dấu đầu tệp"),
    (codecs.BOM_UTF16_LE + b"a\x00b", "UTF-16 nhưng nội dung bị hỏng"),
    (codecs.BOM_UTF32_LE + "a: 1".encode("utf-32-le"), "UTF-32"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "tệp Word .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "tệp Word đời cũ .doc"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "tệp PDF"),
    (b"\x89PNG\r\n\x1a\n" + bytes(50), "ảnh PNG"),
    (bytes(range(256)) * 4, "không phải tệp văn bản"),
    (b"name: a" + b"\x00" * 50 + b"\n", "không phải tệp văn bản"),
    ("tên: Hoà".encode("cp1258"), "không ở bảng mã UTF-8"),
    ("Nguy\u00ean V\u00a8n \u00b8nh \u00b5 \u00b6 \u00b7 ".encode("utf-8"), "phông TCVN3"),
]


@pytest.mark.parametrize("data, message", ENCODINGS, ids=[m for _, m in ENCODINGS])
def test_encoding_problems(data, message):
    with pytest.raises(EncodingProblem) as caught:
        decode(data)
    assert message in str(caught.value)


@pytest.mark.parametrize("data, text", [
    (codecs.BOM_UTF8 + "a: Hoà\r\n".encode(), "a: Hoà\n"),
    (codecs.BOM_UTF16_LE + "a: Hoà\r\n".encode("utf-16-le"), "a: Hoà\n"),
    (codecs.BOM_UTF16_BE + "a: Hoà\r".encode("utf-16-be"), "a: Hoà\n"),
    (b"a: 1\x00\n", "a: 1\x00\n"),     # a stray NUL is text with a control character
    (b"", ""),
])
def test_accepted_encodings(data, text):
    assert decode(data) == text


def test_read_text_refuses_what_it_cannot_read(tmp_path):
    for target in (tmp_path, tmp_path / "missing.md"):
        with pytest.raises(EncodingProblem):
            read_text(target)
    big = tmp_path / "big.md"
    big.write_bytes(b"a" * (safepath.MAX_TEXT_BYTES + 1))
    with pytest.raises(EncodingProblem, match="quá lớn"):
        read_text(big)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_read_text_never_opens_a_fifo(tmp_path):
    os.mkfifo(tmp_path / "pipe.md")
    with pytest.raises(EncodingProblem, match="không phải một tệp bình thường"):
        read_text(tmp_path / "pipe.md")


def test_encoding_problem_in_a_record_names_the_file(project):
    (project / "exemplars/hoa.md").write_bytes(codecs.BOM_UTF8 + b"---\nname: \xff\n---\n")
    problems = Problems()
    assert read_record(project, "exemplar", project / "exemplars/hoa.md", problems) is None
    (problem,) = problems
    assert problem.file == "exemplars/hoa.md" and "byte lạ ở dòng 2" in problem.message


# --- The filesystem: links, FIFOs, big files, names -------------------------------------------

def problems_of_walk(root) -> tuple[list, Problems]:
    problems = Problems()
    records, _ = load_records(root, problems)
    return records, problems


def messages_for(problems: Problems, file: str) -> list[str]:
    return [p.message for p in problems if p.file == file]


symlinks = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")


@symlinks
def test_a_symlinked_record_file_is_reported_and_not_read(project, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\nname: Bí mật\n---\n", "utf-8")
    os.symlink(secret, project / "exemplars/lien-ket.md")
    records, problems = problems_of_walk(project)
    (message,) = messages_for(problems, "exemplars/lien-ket.md")
    assert "liên kết" in message and "hãy chép tệp thật" in message
    assert all(r.id != "lien-ket" for r in records)


@symlinks
def test_a_symlinked_record_folder_is_reported_and_not_walked(project, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "bai-2.md").write_text("---\ntitle: x\n---\n", "utf-8")
    contest = project / "exemplars/contest"
    for path in contest.iterdir():
        path.unlink()
    contest.rmdir()
    os.symlink(outside, contest, target_is_directory=True)
    records, problems = problems_of_walk(project)
    (message,) = messages_for(problems, "exemplars/contest")
    assert "liên kết" in message and "hãy chép tệp thật" in message
    assert not [r for r in records if r.kind == "contest_entry"]


@symlinks
def test_a_symlinked_plans_folder_is_reported_once(project, tmp_path):
    os.rename(project / "plans", tmp_path / "plans")
    os.symlink(tmp_path / "plans", project / "plans", target_is_directory=True)
    records, problems = problems_of_walk(project)
    assert len(messages_for(problems, "plans")) == 1
    assert not [r for r in records if r.kind in ("plan", "campaign")]


@symlinks
def test_symlink_loops_cannot_hang_the_walk(project):
    os.symlink("loop-b", project / "exemplars/loop-a")
    os.symlink("loop-a", project / "exemplars/loop-b")
    os.symlink(".", project / "exemplars/honours/self")
    os.symlink("..", project / "exemplars/contest/up.md")
    records, problems = problems_of_walk(project)
    for name in ("exemplars/loop-a", "exemplars/loop-b", "exemplars/honours/self",
                 "exemplars/contest/up.md"):
        (message,) = messages_for(problems, name)
        assert "liên kết" in message
    assert {r.id for r in records} >= {"dang-van-do", "2023-2024"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_reported_and_never_opened(project):
    os.mkfifo(project / "exemplars/ong-dan.md")
    records, problems = problems_of_walk(project)   # would hang if the FIFO were opened
    (message,) = messages_for(problems, "exemplars/ong-dan.md")
    assert "ống dẫn (FIFO)" in message and "hãy xoá" in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_read_record_on_a_fifo_does_not_hang(project):
    os.mkfifo(project / "exemplars/ong-dan.md")
    problems = Problems()
    assert read_record(project, "exemplar", project / "exemplars/ong-dan.md", problems) is None
    assert "không phải là một tệp bình thường" in problems.items[0].message


def test_a_socket_is_reported(project):
    socket = pytest.importorskip("socket")
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets")
    server = socket.socket(socket.AF_UNIX)
    path = project / "exemplars/o-cam.md"
    try:
        server.bind(str(path))
    except OSError:
        pytest.skip("cannot bind a Unix socket here (path too long?)")
    try:
        _, problems = problems_of_walk(project)
        assert "socket" in messages_for(problems, "exemplars/o-cam.md")[0]
    finally:
        server.close()


def test_an_oversized_file_is_refused_before_reading(project, monkeypatch):
    path = project / "exemplars/honours/2024-2025.yml"
    path.write_bytes(b"school_year: '2024-2025'\nawards:\n" + b"#" * safepath.MAX_TEXT_BYTES)
    opened = []
    real_open = os.open
    monkeypatch.setattr(os, "open",
                        lambda p, *a, **k: opened.append(str(p)) or real_open(p, *a, **k))
    _, problems = problems_of_walk(project)
    (message,) = messages_for(problems, "exemplars/honours/2024-2025.yml")
    assert "quá lớn" in message and "KB" in message and "hãy tách nhỏ" in message
    assert not [p for p in opened if p.endswith("2024-2025.yml")]


def test_a_file_growing_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    (tmp_path / "a.md").write_bytes(b"x" * 100)
    monkeypatch.setattr(safepath, "project_file", lambda root, rel, limit: tmp_path / rel)
    with pytest.raises(safepath.PathProblem, match="quá lớn"):
        safepath.read_project_bytes(tmp_path, "a.md", max_bytes=50)


@pytest.mark.parametrize("name, message", [
    ("Nguyen Van An.md", "“nguyen-van-an.md”"),
    ("hoà.md", "“hoa.md”"),
    ("a" * (MAX_ID_LENGTH + 1) + ".md", f"tối đa {MAX_ID_LENGTH} ký tự"),
    ("-".join(["tam-guong"] * 12) + ".md", "tối đa 80 ký tự"),
])
def test_file_names_that_cannot_be_ids(project, name, message):
    write(project, f"exemplars/{name}", "---\nname: x\n---\n")
    _, problems = problems_of_walk(project)
    (found,) = messages_for(problems, f"exemplars/{name}")
    assert message in found


def test_a_long_id_gets_a_shorter_suggestion(project):
    name = "-".join(["tam-guong"] * 12)
    write(project, f"exemplars/{name}.md", "---\nname: x\n---\n")
    _, problems = problems_of_walk(project)
    (found,) = messages_for(problems, f"exemplars/{name}.md")
    suggestion = found.split("ví dụ “")[1].split(".md”")[0]
    assert len(suggestion) <= MAX_ID_LENGTH and name.startswith(suggestion)


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="needs byte file names")
def test_a_file_name_that_is_not_utf8_is_reported_printably(project):
    os.close(os.open(os.fsencode(project / "exemplars") + b"/ho\xe0.md", os.O_CREAT | os.O_WRONLY))
    _, problems = problems_of_walk(project)
    (found,) = [p for p in problems if p.file.startswith("exemplars/ho")]
    str(found).encode("utf-8")                      # printable, no surrogates
    assert found.file == "exemplars/ho?.md"


def test_a_record_outside_the_project_is_not_read(project, tmp_path):
    outside = write(tmp_path, "elsewhere/x.md", "---\nname: x\n---\n")
    problems = Problems()
    assert read_record(project, "exemplar", outside, problems) is None
    assert "ngoài thư mục dự án" in problems.items[0].message


@pytest.mark.parametrize("content, line, message", [
    (b"", 1, "tệp rỗng"),
    (b"  \n\n", 1, "tệp rỗng"),
    (b"name: x\n", 1, "thiếu phần thông tin đầu tệp"),
    (b"---\nname: x\n", 1, "thiếu phần thông tin đầu tệp"),
    (b"---\n---\nBody", 2, "đang trống"),
    (b"---\n- a\n---\n", 2, "không phải một danh sách"),
    (b"---\nname: [a\n---\n", None, "lỗi cú pháp YAML"),
    (b"---\nname: a\nname: b\n---\n", 3, "lần đầu ở dòng 2"),
    (b"---\nphone: !!int 0135\n---\n", 2, "“!!int”"),
])
def test_bad_record_files(project, content, line, message):
    (project / "exemplars/hoa.md").write_bytes(content)
    problems = Problems()
    assert read_record(project, "exemplar", project / "exemplars/hoa.md", problems) is None
    (problem,) = problems
    assert problem.file == "exemplars/hoa.md" and message in problem.message
    if line is not None:
        assert problem.line == line


def test_stray_files_and_folders_are_reported_as_before(project):
    write(project, "exemplars/notes.txt", "x")
    write(project, "plans/ke-hoach.docx", "x")
    write(project, "exemplars/extra/x.md", "x")
    write(project, "exemplars/.hidden.md", "x")
    write(project, "exemplars/~$hoa.md", "x")
    write(project, "exemplars/README.md", "x")
    problems = Problems()
    files = find_record_files(project, problems)
    assert {p.file for p in problems} == {"exemplars/notes.txt", "plans/ke-hoach.docx",
                                          "exemplars/extra"}
    assert [path.name for kind, path in files if kind == "exemplar"] == sorted(
        path.name for kind, path in files if kind == "exemplar")


def test_read_project_text_warns_and_refuses_links(project, tmp_path):
    write(project, "data/x.yml", "a: b\x0bc\n")
    problems = Problems()
    assert read_project_text(project, "data/x.yml", problems) == "a: b c\n"
    assert [(w.file, w.line) for w in problems.warnings] == [("data/x.yml", 1)]
    if sys.platform != "win32":
        os.symlink(tmp_path, project / "data/linked")
        assert read_project_text(project, "data/linked/x.yml", problems) is None
        assert "liên kết" in problems.items[0].message


@pytest.mark.parametrize("text, body, body_line", [
    ("---\na: 1\n---\nBody\n", "Body\n", 4),
    ("---\na: 1\n---\n\n\n# Title\n\ntext\n\n\n", "# Title\n\ntext\n", 6),
    ("---\na: 1\n...\nBody", "Body\n", 4),
    ("---\na: 1\n---\n", "\n", 4),
])
def test_body_line_is_the_line_of_the_first_body_line(text, body, body_line):
    from bangvang.records.loader import split_front_matter
    front, found_body, found_line = split_front_matter(text)
    assert (front, found_body, found_line) == ("a: 1", body, body_line)
    first = found_body.split("\n")[0]
    if first:
        assert text.split("\n")[found_line - 1] == first


def test_without_libyaml_the_pure_python_parser_gives_the_same_results(monkeypatch):
    import yaml

    from bangvang.records import yamlload
    samples = [text for text, _, _ in AS_WRITTEN] + [
        "a:\n  - 1\n  - [2, 3]\n  - {b: 4}\n", "- a\n-\n  b: c\n", "x: 'quoted'\ny: |\n  block\n"]
    expected = [(load_yaml(text, 3), getattr(load_yaml(text, 3), "lines", None))
                for text in samples]
    refused = []
    for text, _, _ in REFUSED:
        with pytest.raises(YamlProblem) as caught:
            load_yaml(text)
        refused.append(caught.value.line)
    monkeypatch.setattr(yamlload, "_PARSER", yaml.SafeLoader)
    assert [(load_yaml(text, 3), getattr(load_yaml(text, 3), "lines", None))
            for text in samples] == expected
    for (text, line, message), libyaml_line in zip(REFUSED, refused):
        with pytest.raises(YamlProblem) as caught:
            load_yaml(text)
        assert message in caught.value.message or "cú pháp" in caught.value.message, text
        if line is not None:
            assert caught.value.line == line == libyaml_line, text
    with pytest.raises(YamlProblem, match="lồng nhau quá sâu"):
        load_yaml("- " * 100_000 + "x")


def test_sample_text_written_with_a_yaml_escape_is_still_found(project):
    """The «…» of a scaffold is looked for in the values, not only in the text as typed:
    an escape (\\u00ab) writes it too."""
    from bangvang import pipeline
    path = project / "exemplars/dang-van-do.md"
    path.write_text(path.read_text("utf-8").replace(
        "summary: Thầy giúp học sinh nghèo.", 'summary: "\\u00abTóm tắt\\u00bb"'), "utf-8")
    problems = pipeline.check(project).problems
    assert any("chữ mẫu «Tóm tắt»" in p.message and p.file == "exemplars/dang-van-do.md"
               for p in problems.items), problems.report()


# --- Parsed YAML kept between passes (parsecache.py) -----------------------------------------

def _parses(monkeypatch) -> list[int]:
    from bangvang.records import loader, parsecache
    calls = []
    monkeypatch.setattr(loader, "load_yaml", lambda text, first=1, *a: (
        calls.append(first), load_yaml(text, first, *a))[1])
    monkeypatch.setattr(loader, "_PARSED", {})        # a new process
    monkeypatch.setattr(parsecache, "_loaded", {})
    return calls


def test_a_second_pass_parses_only_the_file_that_changed(tmp_path, monkeypatch):
    write(tmp_path, "exemplars/gv-an.md", "---\nname: Lê Văn An\nrole: teacher\n---\nBài.\n")
    write(tmp_path, "exemplars/gv-binh.md", "---\nname: Lê Thị Bình\nrole: teacher\n---\nBài.\n")
    load_records(tmp_path, Problems(), keep=True)
    calls = _parses(monkeypatch)
    records, _ = load_records(tmp_path, Problems(), keep=True)
    assert calls == [] and sorted(r.data["name"] for r in records) == ["Lê Thị Bình", "Lê Văn An"]
    assert records[0].data.line_of("role") == 3                  # line numbers kept
    write(tmp_path, "exemplars/gv-an.md", "---\nname: Lê Văn Ân\nrole: teacher\n---\nBài.\n")
    calls = _parses(monkeypatch)
    records, _ = load_records(tmp_path, Problems(), keep=True)
    assert calls == [2] and {r.data["name"] for r in records} == {"Lê Thị Bình", "Lê Văn Ân"}


def test_a_planted_parse_cache_runs_nothing_and_is_parsed_over(tmp_path, monkeypatch):
    import pickle
    from bangvang.records import parsecache
    write(tmp_path, "exemplars/gv-an.md", "---\nname: Lê Văn An\nrole: teacher\n---\nBài.\n")
    load_records(tmp_path, Problems(), keep=True)
    cache = tmp_path / parsecache.CACHE
    saved = pickle.loads(cache.read_bytes())
    marker = tmp_path / "ran"
    saved["values"] = {k: eval_marker(marker) for k in saved["values"]}
    cache.write_bytes(pickle.dumps(saved))
    _parses(monkeypatch)
    records, _ = load_records(tmp_path, Problems(), keep=True)
    assert not marker.exists() and records[0].data["name"] == "Lê Văn An"


class eval_marker:
    """Unpickled, it would create a file: what a planted cache would try."""
    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))
