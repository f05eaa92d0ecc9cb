"""`bangvang serve` on an address other than this computer's own, and on a busy port.

The preview shows drafts and the problem list (names, private notes) and serves the /admin/
editor, which writes files: none of it may reach the school's Wi-Fi unless asked for.
"""
from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import types

import pytest

from bangvang.commands import cli, editor

from conftest import run_bangvang_in_process as run_bangvang   # the glue is replaced in process


@pytest.fixture
def fake_glue(monkeypatch):
    """The serve glue replaced by one that records the address instead of serving."""
    served = []
    module = types.SimpleNamespace(serve=lambda root, addr: served.append(addr) or 0,
                                   _logging=lambda: None)
    monkeypatch.setattr(cli, "_glue", lambda root, name="bangvang_build": module)
    return served


@pytest.mark.parametrize("addr", ["0.0.0.0:8000", "192.168.1.10:8000", "[::]:8000"])
def test_other_addresses_are_refused_without_lan(project, fake_glue, addr):
    result = run_bangvang(project, "serve", "--addr", addr)
    assert result.returncode != 0
    assert fake_glue == []                     # nothing served
    assert "--lan" in result.stderr            # says how to allow it
    assert "Traceback" not in result.stderr


def test_lan_serves_with_a_warning(project, fake_glue):
    result = run_bangvang(project, "serve", "--addr", "0.0.0.0:8000", "--lan")
    assert result.returncode == 0 and fake_glue == ["0.0.0.0:8000"]
    assert "/admin/" in result.stdout + result.stderr


@pytest.mark.parametrize("addr", ["127.0.0.1:8000", "127.0.0.2:8001", "localhost:8000",
                                  "[::1]:8000"])
def test_this_computer_needs_no_flag(project, fake_glue, addr):
    result = run_bangvang(project, "serve", "--addr", addr)
    assert result.returncode == 0 and fake_glue == [addr]


@pytest.mark.parametrize("addr", ["8000", "127.0.0.1:http", "127.0.0.1:70000", ":8000",
                                  "truong.local:8000"])
def test_a_malformed_address_is_explained(project, fake_glue, addr):
    result = run_bangvang(project, "serve", "--addr", addr)
    assert result.returncode != 0 and fake_glue == []
    assert "Traceback" not in result.stderr and result.stderr.strip()


def _post(app, remote: str, host: str = "127.0.0.1:8000") -> str:
    data = json.dumps({"action": "info"}).encode()
    environ = {"PATH_INFO": "/admin/api/v1", "REQUEST_METHOD": "POST", "HTTP_HOST": host,
               "REMOTE_ADDR": remote, "CONTENT_TYPE": "application/json",
               "CONTENT_LENGTH": str(len(data)), "wsgi.input": io.BytesIO(data)}
    status = []
    app(environ, lambda s, h: status.append(s))
    return status[0]


def test_editor_answers_only_this_computer_even_on_the_lan(project):
    """With --lan another device can send `Host: 127.0.0.1`: the peer address decides."""
    app = editor.EditorApp(project)
    for remote in ("127.0.0.1", "127.8.9.1", "::1", "::ffff:127.0.0.1"):
        assert _post(app, remote).startswith("200"), remote
    for remote in ("192.168.1.23", "10.0.0.5", "::ffff:192.168.1.23", "fe80::1", ""):
        assert _post(app, remote).startswith("403"), remote
        assert _post(app, remote, host="localhost:8000").startswith("403"), remote


def test_a_busy_port_is_explained(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PYTHONUTF8": "1", "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run([sys.executable, "-m", "bangvang", "--root", str(project),
                                 "serve", "--addr", f"127.0.0.1:{port}"], cwd=project, env=env,
                                capture_output=True, text=True, encoding="utf-8", timeout=180)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "--addr" in result.stderr           # says how to choose another port
