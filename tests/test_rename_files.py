"""`bangvang rename` reads files as `check` does (UTF-16 included) and never leaves them half
renamed when Ctrl-C comes; an interruption ends with "Đã dừng", never a traceback."""
from __future__ import annotations

import codecs
import signal
import subprocess
import sys

import pytest

from bangvang.commands import cli
from bangvang import pipeline
from bangvang.checking import rename
from conftest import REPO

ROLL = "exemplars/honours/2023-2024.yml"


def run(root, *args, capsys):
    code = cli.main(["--root", str(root), "rename", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def snapshot(root) -> dict:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and ".build" not in p.parts}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le-bom", "utf-8-sig-crlf"])
def test_a_file_check_accepts_can_be_renamed_in(project, capsys, encoding):
    roll = project / ROLL
    text = roll.read_text("utf-8")
    if encoding == "utf-16":
        roll.write_bytes(text.encode("utf-16"))
    elif encoding == "utf-16-le-bom":
        roll.write_bytes(codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le"))
    else:
        roll.write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))
    assert not pipeline.check(project).problems
    code, out = run(project, "dang-van-do", "thay-do", capsys=capsys)
    assert code == 0 and "Traceback" not in out, out
    data = roll.read_bytes()
    if encoding == "utf-8-sig-crlf":     # a UTF-8 file keeps its BOM and line endings
        assert data.startswith(codecs.BOM_UTF8) and b"recipient: thay-do\r\n" in data
    else:                                # anything else is written back in UTF-8
        assert "recipient: thay-do\n" in data.decode("utf-8")
    assert not pipeline.check(project).problems


def test_ctrl_c_while_writing_changes_nothing(project, capsys, monkeypatch):
    (project / "data/published-urls.txt").write_text("/guong-dien-hinh/dang-van-do/\n", "utf-8")
    before = snapshot(project)
    written = []

    def interrupted(root, relative, data):
        if written:
            raise KeyboardInterrupt
        written.append(relative)
        return original(root, relative, data)
    original = rename._temporary
    monkeypatch.setattr(rename, "_temporary", interrupted)
    code, out = run(project, "dang-van-do", "thay-do", capsys=capsys)
    assert code == 130 and "Đã dừng" in out and "Traceback" not in out, out
    assert snapshot(project) == before          # no file changed, no temporary left


@pytest.fixture
def terminal_ctrl_c():
    """Ctrl-C as in a terminal (pytest-xdist's workers start with SIGINT ignored)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_while_files_are_put_in_place_finishes_them(project, capsys, monkeypatch,
                                                          terminal_ctrl_c):
    def interrupted(temporary, target):
        signal.raise_signal(signal.SIGINT)       # Ctrl-C between two files
        original(temporary, target)
    original = rename._replace
    monkeypatch.setattr(rename, "_replace", interrupted)
    code, out = run(project, "dang-van-do", "thay-do", capsys=capsys)
    assert code == 130 and "Đã dừng" in out and "Traceback" not in out, out
    assert (project / "exemplars/thay-do.md").exists()
    assert not (project / "exemplars/dang-van-do.md").exists()
    assert not pipeline.check(project).problems   # every citation followed the move
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_while_python_loads_the_command_is_no_traceback(tmp_path):
    """The console entry (bangvang.commands.console:main) catches an interrupt during the imports."""
    script = ("import builtins, sys\n"
              "real = builtins.__import__\n"
              "def fake(name, *a, **k):\n"
              "    if name.endswith('cli') or name == 'cli':\n"
              "        raise KeyboardInterrupt\n"
              "    return real(name, *a, **k)\n"
              "from bangvang.commands import console\n"
              "builtins.__import__ = fake\n"
              "sys.exit(console.main())\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            encoding="utf-8", cwd=REPO)
    assert result.returncode == 130 and "Đã dừng" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
