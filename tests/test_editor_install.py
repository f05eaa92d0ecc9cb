"""Installing the /admin/ editor without Node.js (bangvang/commands/editor_install.py) and the
Windows launchers that run it (Xem-truoc.bat, Tao-trang-web.bat, Cai-dat.bat at the project's
root). What only Windows can show is listed in docs/editor.md."""
from __future__ import annotations

import functools
import hashlib
import http.server
import io
import re
import tarfile
import threading

import pytest

from bangvang.commands import cli, editor_install
from bangvang.commands.editor_install import InstallProblem, install, open_when_ready
from conftest import REPO, run_bangvang

LAUNCHERS = ("Xem-truoc.bat", "Tao-trang-web.bat", "Cai-dat.bat")


def _tarball(path, members: dict[str, bytes]) -> str:
    """A .tgz like npm's (`package/…`) with these files; its SHA-512 (hex)."""
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return hashlib.sha512(path.read_bytes()).hexdigest()


BUNDLE = {"package/package.json": b"{}", "package/dist/decap-cms.js": b"window.CMS = {};",
          "package/dist/decap-cms.js.map": b"{}", "package/dist/103.decap-cms.js": b"chunk",
          "package/dist/cms.js": b"copy", "package/dist/12.cms.js": b"copy chunk"}


def test_installs_only_the_bundle_after_checking_the_pinned_checksum(tmp_path):
    tgz = tmp_path / "decap.tgz"
    digest = _tarball(tgz, BUNDLE)
    target = tmp_path / "share" / "decap-cms-x"
    folder, how = install(target, tarball=tgz, expected=digest)
    assert sorted(p.name for p in folder.iterdir()) == ["103.decap-cms.js", "decap-cms.js"]
    assert install(target, tarball=tgz, expected=digest)[1] == "đã có"     # once only
    assert [p.name for p in target.parent.iterdir()] == ["decap-cms-x"]    # no leftovers


def test_a_tarball_that_is_not_the_pinned_one_installs_nothing(tmp_path):
    tgz = tmp_path / "decap.tgz"
    _tarball(tgz, BUNDLE)
    target = tmp_path / "share" / "decap-cms-x"
    with pytest.raises(InstallProblem, match="SHA-512"):
        install(target, tarball=tgz, expected="0" * 128)
    assert not target.exists()
    evil = tmp_path / "evil.tgz"
    digest = _tarball(evil, {**BUNDLE, "package/dist/../../../outside.js": b"x"})
    with pytest.raises(InstallProblem, match="đường dẫn lạ"):
        install(target, tarball=evil, expected=digest)
    assert not target.exists() and not (tmp_path / "outside.js").exists()


def _serving(folder):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def test_without_npm_it_downloads_and_checks_the_tarball(tmp_path):
    served = tmp_path / "registry"
    served.mkdir()
    digest = _tarball(served / "decap.tgz", BUNDLE)
    server, base = _serving(served)
    try:
        target = tmp_path / "share" / "decap-cms-x"
        folder, how = install(target, url=base + "decap.tgz", expected=digest, use_npm=False)
        assert (folder / "decap-cms.js").read_bytes() == b"window.CMS = {};"
        assert how.startswith("tải từ")
        with pytest.raises(InstallProblem, match="kết nối mạng"):
            install(tmp_path / "other", url=base + "missing.tgz", expected=digest,
                    use_npm=False)
    finally:
        server.shutdown()


def test_the_command_says_why_in_vietnamese_without_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("BANGVANG_DECAP_DIR", str(tmp_path / "decap"))
    broken = tmp_path / "decap-cms.tgz"
    broken.write_bytes(b"not a tarball")
    result = run_bangvang(tmp_path, "cai-trinh-soan", "--tep", str(broken))
    assert result.returncode == 1
    assert "Chưa cài được trình soạn hồ sơ" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "decap").exists()


def test_the_launcher_opens_the_editor_once_the_preview_answers(tmp_path):
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin" / "index.html").write_text("ok")
    server, base = _serving(tmp_path)
    opened = []
    try:
        assert open_when_ready(base + "admin/", timeout=10, opener=opened.append)
    finally:
        server.shutdown()
        server.server_close()
    assert opened == [base + "admin/"]
    assert not open_when_ready(base + "admin/", timeout=1.5, opener=opened.append)  # stopped


@pytest.mark.parametrize("name", LAUNCHERS)
def test_launchers_are_windows_batch_files_cmd_can_read(name):
    data = (REPO / name).read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")       # a BOM breaks `@echo off` in cmd.exe
    assert b"\n" not in data.replace(b"\r\n", b"")     # CRLF only: labels and goto need it
    text = data.decode("utf-8")
    assert text.startswith("@echo off\r\nrem ") and "chcp 65001" in text   # Vietnamese shown
    labels = set(re.findall(r"^:(\w+)", text, re.M))
    assert set(re.findall(r"goto :(\w+)", text)) <= labels


def test_launchers_run_commands_that_exist():
    commands = set(cli.build_parser()._subparsers._group_actions[0].choices)
    used = set()
    for name in LAUNCHERS:
        text = (REPO / name).read_text("utf-8")
        used |= set(re.findall(r'bangvang\.exe" ([a-z-]+)', text))
        for called in re.findall(r'call "%~dp0([^"]+)"', text):
            assert (REPO / called).is_file()
        for module in re.findall(r"python\.exe\" -m (bangvang[\w.]+)", text):
            assert (REPO / (module.replace(".", "/") + ".py")).is_file()
    assert used == {"cai-trinh-soan", "serve", "build"} and used <= commands
    setup = (REPO / "Cai-dat.bat").read_text("utf-8")
    assert "-r requirements.lock" in setup and "--no-deps -e ." in setup
    assert "py -3" in setup and "python.org" in setup


def test_the_pinned_checksum_is_npms_integrity_of_the_pinned_version():
    # `npm view decap-cms@3.16.3 dist.integrity`
    integrity = ("sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6"
                 "+z0oIpwUYhUJDYtYw==")
    assert editor_install.DECAP_VERSION == "3.16.3"
    assert editor_install.integrity_to_hex(integrity) == editor_install.DECAP_SHA512
