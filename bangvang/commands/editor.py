"""The /admin/ editor of the preview: Decap CMS in forms, its config generated from the kind
declarations, and the small file API its `local_backend` talks to (docs/editor.md says why
Decap and not Sveltia).

Served only by `bangvang serve` on this computer (preview.wrap), never written into site/.
The API is decap-server's JSON POST protocol, answered here so no Node process runs: it
reads and writes only record files of the declared kinds (and photos in the photo folder),
by plain names, without following links, and refuses requests from other sites (a page on
the internet must not be able to write the school's records through the browser).
"""
from __future__ import annotations

import base64
import errno
import hashlib
import ipaddress
import json
import os
import stat
import tempfile
from pathlib import Path

from bangvang.records import kinds
from bangvang.commands.editor_config import (DECAP_VERSION, LOCAL_HOSTS, cms_config, decap_folder,
                                             people_completion, text_shapes)
from bangvang.commands.editor_merge import complete_new, for_form, merge_saved
from bangvang.commands.editor_page import INDEX
from bangvang.records.safepath import MAX_TEXT_BYTES, PathProblem, plain_name, read_project_bytes

PHOTO_ENDINGS = (".jpg", ".jpeg", ".png", ".webp")
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_REQUEST_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 16      # Decap's requests nest 4 deep (params.dataFiles[0].path); more is not Decap
MAX_PATH_BYTES = 1024


def _kind_of(relative: str) -> kinds.Kind | None:
    folder, _, name = relative.rpartition("/")
    for kind in kinds.ALL_KINDS.values():
        if kind.folder == folder and name.endswith(kind.endings):
            return kind
    return None


def checked_path(relative: str, photos: bool = False) -> str:
    """`relative` if it names a record file of a declared kind (or, with `photos`, a photo)
    by plain names; PathProblem otherwise."""
    relative = str(relative).replace("\\", "/")
    if len(relative.encode("utf-8", "replace")) > MAX_PATH_BYTES:
        raise PathProblem(f"tên tệp “{relative[:80]}…” quá dài")
    folder, _, name = relative.rpartition("/")
    if not plain_name(name) or any(not plain_name(part) for part in folder.split("/")):
        raise PathProblem(f"“{relative[:80]}” không phải tên tệp hồ sơ")
    if any(len(part.encode("utf-8", "replace")) > 255 for part in relative.split("/")):
        raise PathProblem(f"tên “{relative[:80]}” quá dài (mỗi phần tối đa 255 byte)")
    if _kind_of(relative) is not None and name[:-len(name.rsplit(".", 1)[-1]) - 1]:
        return relative
    if photos and folder == kinds.PHOTO_FOLDER and name.lower().endswith(PHOTO_ENDINGS):
        return relative
    raise PathProblem(f"trình soạn thảo chỉ sửa hồ sơ trong thư mục của từng loại; "
                      f"“{relative[:80]}” nằm ngoài")


def _real_folder(root: Path, folder: str, create: bool) -> Path:
    """The folder, each part a real folder (not a link) of the project."""
    current = Path(root)
    for part in folder.split("/"):
        current = current / part
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            if not create:
                raise PathProblem(f"không có thư mục “{folder}”") from None
            current.mkdir()
            continue
        if not stat.S_ISDIR(info.st_mode):
            raise PathProblem(f"“{folder}” không phải là một thư mục bình thường")
    return current


def write_file(root: Path, relative: str, data: bytes, photos: bool = False) -> None:
    """Replace (or create) one allowed file at once: a half-written record never exists."""
    relative = checked_path(relative, photos)
    limit = MAX_PHOTO_BYTES if photos else MAX_TEXT_BYTES
    if len(data) > limit:
        raise PathProblem(f"tệp “{relative}” quá lớn")
    folder_path, _, name = relative.rpartition("/")
    folder = _real_folder(root, folder_path, create=True)
    target = folder / name
    if os.path.lexists(target) and not stat.S_ISREG(os.lstat(target).st_mode):
        raise PathProblem(f"“{relative}” không phải là một tệp bình thường")
    handle, temporary = tempfile.mkstemp(prefix=".bangvang-", dir=folder)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)   # an ordinary file, like one saved by an editor
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def delete_file(root: Path, relative: str) -> None:
    relative = checked_path(relative, photos=True)
    folder_path, _, name = relative.rpartition("/")
    target = _real_folder(root, folder_path, create=False) / name
    if os.path.lexists(target) and stat.S_ISREG(os.lstat(target).st_mode):
        os.unlink(target)


def _entry(root: Path, relative: str, label=None) -> dict:
    try:
        data = read_project_bytes(root, checked_path(relative))
        text, digest = data.decode("utf-8-sig"), hashlib.sha256(data).hexdigest()
        kind = _kind_of(relative)
        text = for_form(text, kind.has_body, text_shapes(kind.fields))
    except (PathProblem, UnicodeDecodeError):
        text, digest = None, None
    return {"data": text, "file": {"path": relative, "label": label, "id": digest}}


def _media(root: Path, relative: str) -> dict:
    data = read_project_bytes(root, checked_path(relative, photos=True), MAX_PHOTO_BYTES)
    return {"id": hashlib.sha256(data).hexdigest(), "content": base64.b64encode(data).decode(),
            "encoding": "base64", "path": relative, "name": relative.rpartition("/")[2]}


def _listing(root: Path, folder: str, endings: tuple[str, ...]) -> list[str]:
    try:
        path = _real_folder(root, folder, create=False)
    except PathProblem:
        return []
    return sorted(f"{folder}/{entry.name}" for entry in os.scandir(path)
                  if entry.is_file(follow_symlinks=False) and entry.name.lower().endswith(endings)
                  and not entry.name.startswith("."))


# ------------------------------------------------------------------ decap-server's API

class BadRequest(ValueError):
    """A request outside the protocol (wrong types, missing fields, not a photo); the message
    is Vietnamese and is answered with 400."""


def _check_shape(body: object) -> None:
    """Nesting at most MAX_DEPTH deep and every string writable as UTF-8 (JSON allows lone
    surrogates, which no file name or file can hold), checked once for the whole request so
    that no action has to."""
    stack = [(body, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadRequest(f"yêu cầu lồng nhau quá {MAX_DEPTH} tầng")
        if isinstance(value, dict):
            stack.extend((key, depth) for key in value)
            stack.extend((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise BadRequest("yêu cầu có ký tự không hợp lệ (nửa cặp UTF-16)") from None


def _mapping(value: object, name: str) -> dict:
    if not isinstance(value, dict):
        raise BadRequest(f"thiếu trường “{name}”" if value is None
                         else f"trường “{name}” phải là một đối tượng {{…}}")
    return value


def _text(fields: dict, name: str, required: bool = True) -> str | None:
    value = fields.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise BadRequest(f"thiếu trường “{name}”" if value is None
                         else f"trường “{name}” phải là một chuỗi")
    return value


def _items(fields: dict, name: str) -> list:
    value = fields.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadRequest(f"trường “{name}” phải là một danh sách […]")
    return value


def _photo(asset: object) -> tuple[str, bytes]:
    """(path, bytes) of an uploaded photo, checked as a build checks it (images.py), so that
    nothing is written that `bangvang check` would then refuse."""
    asset = _mapping(asset, "asset")
    path = checked_path(_text(asset, "path"), photos=True)
    name = path.rpartition("/")[2]
    if asset.get("encoding", "base64") != "base64":
        raise BadRequest(f"ảnh “{name}” phải được gửi dạng base64")
    try:
        data = base64.b64decode(_text(asset, "content"), validate=True)
    except ValueError:   # binascii.Error, or a character outside ASCII
        raise BadRequest(f"nội dung ảnh “{name}” không phải base64 hợp lệ; hãy tải ảnh lên "
                         "lại") from None
    if len(data) > MAX_PHOTO_BYTES:
        raise BadRequest(f"ảnh “{name}” quá lớn (tối đa {MAX_PHOTO_BYTES // 1024 // 1024} MB)")
    from bangvang.exports import images    # Pillow, loaded only when a photo is uploaded
    try:
        images.check_photo_data(data, name)
    except images.ImageProblem as problem:
        raise BadRequest(str(problem)) from None
    return path, data


def _kept(root: Path, path: str, raw: bytes) -> bytes:
    """What to write for Decap's `raw` over the file at `path`: the file's own text wherever
    the form did not change it (editor_merge), with its byte-order mark if it had one."""
    kind = _kind_of(path)
    complete = people_completion(root) if kind is kinds.HONOUR_ROLL else None
    try:
        old = read_project_bytes(root, path)
    except PathProblem:             # a new record: Decap's text, its awards completed
        return complete_new(raw.decode("utf-8"), kind.has_body, complete).encode("utf-8") \
            if complete else raw
    try:
        old_text = old.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw                  # not UTF-8: check says how to convert; the form rewrote it
    merged = merge_saved(old_text, raw.decode("utf-8"), kind.has_body, complete=complete)
    bom = "\ufeff" if old.startswith(b"\xef\xbb\xbf") else ""
    return (bom + merged).encode("utf-8")


def _persist_entry(root: Path, params: dict) -> dict:
    files = _items(params, "dataFiles") or [_mapping(params.get("entry"), "entry")]
    # Everything is checked before anything is written: a refused photo or name leaves every
    # file as it was.
    planned = []
    for data_file in files:
        data_file = _mapping(data_file, "dataFiles")
        path = checked_path(_text(data_file, "path"))
        raw = _text(data_file, "raw").encode("utf-8")
        if len(raw) > MAX_TEXT_BYTES:
            raise BadRequest(f"hồ sơ “{path}” quá lớn")
        new_path = _text(data_file, "newPath", required=False)
        planned.append((path, _kept(root, path, raw), checked_path(new_path) if new_path
                        else path))
    photos = [_photo(asset) for asset in _items(params, "assets")]
    for path, data in photos:
        write_file(root, path, data, photos=True)
    for path, raw, new_path in planned:
        write_file(root, new_path, raw)
        if new_path != path:
            delete_file(root, path)
    return {"message": "entry persisted"}


def _persist_media(root: Path, params: dict) -> dict:
    path, data = _photo(params.get("asset"))
    write_file(root, path, data, photos=True)
    return _media(root, path)


def _by_folder(root: Path, params: dict) -> list[dict]:
    folder = _text(params, "folder").strip("/")
    endings = tuple(k.endings for k in kinds.ALL_KINDS.values() if k.folder == folder)
    if not endings:
        raise PathProblem(f"“{folder[:80]}” không phải thư mục hồ sơ")
    return [_entry(root, path) for path in _listing(root, folder, endings[0])]


def _by_files(root: Path, params: dict) -> list[dict]:
    files = [_mapping(f, "files") for f in _items(params, "files")]
    return [_entry(root, _text(f, "path"), _text(f, "label", required=False)) for f in files]


def _delete_files(root: Path, params: dict) -> dict:
    paths = _items(params, "paths")
    if not all(isinstance(path, str) for path in paths):
        raise BadRequest("trường “paths” phải là danh sách các chuỗi")
    for path in [checked_path(path, photos=True) for path in paths]:   # all checked first
        delete_file(root, path)
    return {"message": "deleted"}


ACTIONS = {
    "info": lambda root, p: {"repo": Path(root).resolve().name, "publish_modes": ["simple"],
                             "type": "local_fs"},
    "entriesByFolder": _by_folder,
    "entriesByFiles": _by_files,
    "getEntry": lambda root, p: _entry(root, _text(p, "path")),
    "persistEntry": _persist_entry,
    "getMedia": lambda root, p: [_media(root, path) for path in
                                 _listing(root, kinds.PHOTO_FOLDER, PHOTO_ENDINGS)],
    "getMediaFile": lambda root, p: _media(root, _text(p, "path")),
    "persistMedia": _persist_media,
    "deleteFile": lambda root, p: delete_file(root, _text(p, "path")) or {"message": "deleted"},
    "deleteFiles": _delete_files,
    "getDeployPreview": lambda root, p: None,
}


def _request(body: object) -> tuple:
    """(the action's function, its params) of a parsed request, or BadRequest."""
    _check_shape(body)
    if not isinstance(body, dict):
        raise BadRequest("yêu cầu phải là một đối tượng JSON {…}")
    name = body.get("action")
    if not isinstance(name, str) or name not in ACTIONS:
        raise BadRequest("thiếu trường “action”" if name is None else
                         "“action” phải là tên một thao tác của trình soạn")
    params = body.get("params")
    return ACTIONS[name], {} if params is None else _mapping(params, "params")


def api(root: Path, body: object) -> tuple[int, object]:
    """One request of the protocol → (HTTP status, JSON answer)."""
    try:
        action, params = _request(body)
        return 200, action(Path(root), params)
    except (BadRequest, PathProblem) as error:
        return 400, {"error": f"Yêu cầu không hợp lệ: {error}"}
    except OSError as error:
        full = " (ổ đĩa đã đầy)" if error.errno == errno.ENOSPC else ""
        return 500, {"error": f"Không ghi được tệp{full} ({error.strerror})"}


# ------------------------------------------------------------------ the WSGI app

MISSING = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Chưa cài trình soạn thảo</title></head>
<body><h1>Chưa cài trình soạn thảo</h1>
<p>Trình soạn hồ sơ bằng biểu mẫu (Decap CMS {version}) chưa được cài trên máy này.
Trên Windows hãy đóng cửa sổ xem trước rồi bấm đúp lại <code>Xem-truoc.bat</code> (máy cần
mạng, không cần Node.js); hoặc chạy <code>bangvang cai-trinh-soan</code> (<code>make editor</code>),
rồi mở lại trang này.
Bản xem trước vẫn dùng được bình thường.</p></body></html>"""


def _local(environ) -> str | None:
    """`http://host:port` of this request when it comes from this computer's own pages."""
    if not _from_this_computer(environ.get("REMOTE_ADDR")):
        return None     # another device: `serve --lan` shows the preview, never the editor
    host = environ.get("HTTP_HOST", "")
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if name not in LOCAL_HOSTS:
        return None     # a DNS-rebinding name: some other site's page
    origin = environ.get("HTTP_ORIGIN")
    if origin and origin != f"http://{host}":
        return None
    return f"http://{host}"


def _from_this_computer(remote: str | None) -> bool:
    """Whether the peer address is a loopback one. The Host header alone is what the client
    says, and any device on the network can say `Host: 127.0.0.1`. Without REMOTE_ADDR (the
    preview's server always sets it) nothing proves where the request comes from: refused."""
    if remote is None:
        return False
    try:
        peer = ipaddress.ip_address(remote.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(peer, "ipv4_mapped", None)   # ::ffff:127.0.0.1 on a dual-stack socket
    return peer.is_loopback or bool(mapped and mapped.is_loopback)


FORBIDDEN = ("Trình soạn hồ sơ chỉ dùng được trên chính máy đang chạy `bangvang serve`, "
             "tại http://127.0.0.1:<cổng>/admin/.")
REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 415: "Unsupported Media Type",
           500: "Internal Server Error"}


class EditorApp:
    """WSGI app for /admin/…: the page, its config, the vendored bundle and the API."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        base = _local(environ)
        if base is None:
            return self._send(start_response, "403 Forbidden", FORBIDDEN.encode(),
                              "text/plain; charset=utf-8")
        if path == "/admin":
            start_response("302 Found", [("Location", "/admin/")])
            return []
        if path == "/admin/api/v1" and environ.get("REQUEST_METHOD") == "POST":
            return self._api(environ, start_response)
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return self._send(start_response, "405 Method Not Allowed", b"", "text/plain")
        name = path[len("/admin/"):]
        if name in ("", "index.html"):
            page = INDEX if (decap_folder() / "decap-cms.js").is_file() else \
                MISSING.format(version=DECAP_VERSION)
            return self._send(start_response, "200 OK", page.encode(), "text/html; charset=utf-8")
        if name == "config.yml":
            config = json.dumps(cms_config(self.root, base), ensure_ascii=False, indent=1)
            return self._send(start_response, "200 OK", config.encode(),
                              "application/json; charset=utf-8")
        return self._asset(start_response, name)

    def _asset(self, start_response, name: str):
        path = decap_folder() / name
        if not plain_name(name) or not path.is_file() or path.is_symlink():
            return self._send(start_response, "404 Not Found", b"", "text/plain")
        types = {".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm"}
        return self._send(start_response, "200 OK", path.read_bytes(),
                          types.get(path.suffix, "application/octet-stream"))

    def _api(self, environ, start_response):
        if not environ.get("CONTENT_TYPE", "").startswith("application/json"):
            # A cross-site form cannot send JSON without a preflight, which is never granted.
            return self._answer(start_response, 415, "Yêu cầu phải gửi dạng JSON "
                                "(Content-Type: application/json)")
        length = environ.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or not 0 < int(length) <= MAX_REQUEST_BYTES:
            return self._answer(start_response, 400, "Yêu cầu không hợp lệ: rỗng hoặc quá "
                                f"lớn (tối đa {MAX_REQUEST_BYTES // 1024 // 1024} MB; ảnh tối "
                                f"đa {MAX_PHOTO_BYTES // 1024 // 1024} MB)")
        try:
            body = json.loads(environ["wsgi.input"].read(int(length)).decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return self._answer(start_response, 400, "Yêu cầu không hợp lệ: không phải JSON")
        except RecursionError:   # the parser's own limit, far above MAX_DEPTH
            return self._answer(start_response, 400, "Yêu cầu không hợp lệ: lồng nhau quá "
                                f"{MAX_DEPTH} tầng")
        status, answer = api(self.root, body)
        return self._send(start_response, f"{status} {REASONS.get(status, 'Error')}",
                          json.dumps(answer, ensure_ascii=False).encode(),
                          "application/json; charset=utf-8")

    def _answer(self, start_response, status: int, error: str):
        return self._send(start_response, f"{status} {REASONS[status]}",
                          json.dumps({"error": error}, ensure_ascii=False).encode(),
                          "application/json; charset=utf-8")

    @staticmethod
    def _send(start_response, status: str, body: bytes, content_type: str):
        start_response(status, [("Content-Type", content_type),
                                ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
        return [body]
