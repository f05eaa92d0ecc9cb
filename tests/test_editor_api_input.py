"""The /admin/ file API (bangvang/commands/editor.py) given malformed requests: a 400 with a
Vietnamese reason, never a 500, and nothing written."""
from __future__ import annotations

import base64
import io
import json

import pytest
from PIL import Image

from bangvang.commands import editor
from bangvang.records import kinds


def _call(project, data: bytes, length: int | None = None) -> tuple[str, dict | None]:
    environ = {"PATH_INFO": "/admin/api/v1", "REQUEST_METHOD": "POST",
               "HTTP_HOST": "127.0.0.1:8000", "REMOTE_ADDR": "127.0.0.1",
               "CONTENT_TYPE": "application/json",
               "CONTENT_LENGTH": str(len(data) if length is None else length),
               "wsgi.input": io.BytesIO(data)}
    status = []
    body = b"".join(editor.EditorApp(project)(environ, lambda s, h: status.append(s)))
    return status[0], json.loads(body) if body else None


def _refused(project, data: bytes, length: int | None = None) -> None:
    status, answer = _call(project, data, length)
    assert status.startswith("400"), (status, data[:80])
    reason = answer["error"]
    assert reason and any(ord(c) > 127 for c in reason), reason   # a Vietnamese sentence


def _files(project) -> set[str]:
    return {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, "JPEG")
    return out.getvalue()


PHOTO = f"{kinds.PHOTO_FOLDER}/moi.jpg"
MALFORMED = [
    {"action": {"name": "info"}},
    {"action": ["info"]},
    {"action": 7},
    {"action": None},
    {},
    {"action": "noSuchAction"},
    ["info"],
    "info",
    {"action": "info", "params": []},
    {"action": "getEntry", "params": {"path": {"a": 1}}},
    {"action": "getEntry", "params": {"path": 5}},
    {"action": "getMediaFile", "params": {}},
    {"action": "entriesByFolder", "params": {"folder": ["exemplars"]}},
    {"action": "entriesByFiles", "params": {"files": "exemplars/dang-van-do.md"}},
    {"action": "entriesByFiles", "params": {"files": [1, 2]}},
    {"action": "entriesByFiles", "params": {"files": [{"path": "exemplars/dang-van-do.md",
                                                       "label": {"x": 1}}]}},
    {"action": "persistEntry", "params": {}},
    {"action": "persistEntry", "params": {"entry": "exemplars/moi.md"}},
    {"action": "persistEntry", "params": {"dataFiles": [1]}},
    {"action": "persistEntry", "params": {"dataFiles": {"path": "exemplars/moi.md"}}},
    {"action": "persistEntry", "params": {"entry": {"path": "exemplars/moi.md"}}},
    {"action": "persistEntry", "params": {"entry": {"path": "exemplars/moi.md", "raw": 5}}},
    {"action": "persistEntry", "params": {"entry": {"path": "exemplars/moi.md", "raw": "x",
                                                    "newPath": 3}}},
    {"action": "persistEntry", "params": {"entry": {"path": "exemplars/moi.md", "raw": "x"},
                                          "assets": "no"}},
    {"action": "persistEntry", "params": {"entry": {"path": "exemplars/moi.md", "raw": "x"},
                                          "assets": [{"path": PHOTO, "content": "!!"}]}},
    {"action": "persistEntry", "params": {"entry": {"path": "exemplars/moi\ud800.md",
                                                    "raw": "x"}}},
    {"action": "persistEntry", "params": {"entry": {"path": "exemplars/moi.md",
                                                    "raw": "lone \udc80 surrogate"}}},
    {"action": "persistEntry", "params": {"entry": {"path": "exemplars/mo\u0000i.md",
                                                    "raw": "x"}}},
    {"action": "persistMedia", "params": {}},
    {"action": "persistMedia", "params": {"asset": "x"}},
    {"action": "persistMedia", "params": {"asset": {"path": PHOTO}}},
    {"action": "persistMedia", "params": {"asset": {"path": PHOTO, "content": 12}}},
    {"action": "persistMedia", "params": {"asset": {"path": 1, "content": "aGk="}}},
    {"action": "deleteFile", "params": {"path": ["exemplars/dang-van-do.md"]}},
    {"action": "deleteFiles", "params": {"paths": "exemplars/dang-van-do.md"}},
    {"action": "deleteFiles", "params": {"paths": [None]}},
]


@pytest.mark.parametrize("body", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_requests_are_refused_and_write_nothing(project, body):
    before = _files(project)
    _refused(project, json.dumps(body).encode())
    assert _files(project) == before


@pytest.mark.parametrize("data", [
    b"{not json", b"\xff\xfe{}", b"", b"[" * 100_000 + b"]" * 100_000,
    b'{"action": "info", "params": {"x": ' + b"[" * 500 + b"]" * 500 + b"}}",
    b'{"action": "getEntry", "params": {"path": ' + b'{"a":' * 5000 + b"1" + b"}" * 5000 + b"}}",
], ids=["broken", "not-utf8", "empty", "deep-array", "deep-in-params", "deep-object"])
def test_not_json_or_nested_too_deep_is_refused(project, data):
    _refused(project, data)


def test_too_big_and_bad_lengths_are_refused(project):
    _refused(project, b"{}", length=editor.MAX_REQUEST_BYTES + 1)
    _refused(project, b"{}", length=-5)
    _refused(project, b"{}", length=0)


@pytest.mark.parametrize("content", [
    "%%% không phải base64 %%%",                           # invalid base64
    "aGVsbG8",                                            # wrong padding
    base64.b64encode(b"hello, this is text").decode(),    # valid base64, not an image
    base64.b64encode(b"<svg onload=alert(1)></svg>").decode(),
    base64.b64encode(_jpeg()[:40]).decode(),              # a cut-off JPEG
    "",                                                   # nothing at all
], ids=["garbage", "padding", "text", "svg", "truncated", "empty"])
def test_a_photo_that_is_not_an_image_is_not_written(project, content):
    for body in ({"action": "persistMedia", "params": {"asset": {
                     "path": PHOTO, "content": content, "encoding": "base64"}}},
                 {"action": "persistEntry", "params": {
                     "entry": {"path": "exemplars/moi.md", "raw": "---\nname: A\n---\n"},
                     "assets": [{"path": PHOTO, "content": content, "encoding": "base64"}]}}):
        _refused(project, json.dumps(body).encode())
        assert not (project / PHOTO).exists()
        assert not (project / "exemplars/moi.md").exists()   # the entry waits for its photo


def test_a_real_photo_and_entry_are_still_written(project):
    photo = _jpeg()
    status, answer = _call(project, json.dumps({"action": "persistEntry", "params": {
        "entry": {"path": "exemplars/moi.md", "raw": "---\nname: A\n---\n"},
        "assets": [{"path": PHOTO, "content": base64.b64encode(photo).decode(),
                    "encoding": "base64"}]}}).encode())
    assert status.startswith("200"), answer
    assert (project / PHOTO).read_bytes() == photo
    assert (project / "exemplars/moi.md").read_text() == "---\nname: A\n---\n"
    status, answer = _call(project, json.dumps({"action": "persistMedia", "params": {"asset": {
        "path": f"{kinds.PHOTO_FOLDER}/hai.jpg", "content": base64.b64encode(photo).decode(),
        "encoding": "base64"}}}).encode())
    assert status.startswith("200") and answer["name"] == "hai.jpg"
    status, answer = _call(project, json.dumps({"action": "entriesByFiles", "params": {
        "files": [{"path": "exemplars/moi.md", "label": "Mới"}]}}).encode())
    assert status.startswith("200") and answer[0]["data"].startswith("---")
