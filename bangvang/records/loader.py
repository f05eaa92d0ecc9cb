"""Find record files on disk and read them into raw records (data + body + line numbers).

Records come from the school's folders, which anyone may have filled by copying, syncing or
unzipping. So the walk never follows a symbolic link (a link is reported, nothing is read
through it, and a link loop cannot hang), never opens a FIFO, socket or device (opening a
FIFO waits forever), refuses files larger than safepath.MAX_TEXT_BYTES before reading them,
and reads through safepath, so a record can only ever be a regular file of the project.

Control characters pasted from Word are cleaned (encoding.clean_controls) and reported as
warnings with their line; line numbers are unchanged by the cleaning.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from bangvang.records import filenames, kinds, parsecache
from bangvang.records.encoding import EncodingProblem, clean_controls, cleanup_messages, decode
from bangvang.problems import Problems
from bangvang.records.safepath import MAX_TEXT_BYTES, PathProblem, read_project_bytes
from bangvang.records.text import slugify
from bangvang.records.yamlload import LineDict, YamlProblem, load_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80     # the id is the last part of the page's URL

# kind → (folder, file endings). Photos live beside exemplars but are not records.
# kind → (folder, file endings), from the kind declarations.
LOCATIONS = {kind.name: (kind.folder, kind.endings) for kind in kinds.KINDS.values()}
NOT_RECORD_FOLDERS = {kinds.PHOTO_FOLDER}   # photos live beside exemplars but are not records
IGNORED_FILES = {".gitkeep", "README.md", ".DS_Store", "Thumbs.db", "desktop.ini"}
# Names starting with a dot are hidden files (an editor's, the system's) and are skipped,
# except a name that is nothing but dots and a record's ending (`..md`, `.md`): a record
# whose name was lost, reported rather than silently dropped.
_DOTS_ONLY = re.compile(r"\.+(md|ya?ml)", re.IGNORECASE)

LINK_MESSAGE = ("là một liên kết (shortcut/symlink) tới nơi khác; chương trình không đọc qua "
                "liên kết: hãy chép tệp thật (hoặc thư mục thật) vào đây thay cho liên kết")


@dataclass
class RawRecord:
    kind: str
    id: str
    path: str          # relative to the project root, forward slashes
    data: LineDict
    body: str = ""
    body_line: int = 1
    front: str = ""    # the front matter as written: the preview compares it between edits


def find_record_files(root: Path, problems: Problems) -> list[tuple[str, Path]]:
    """Every record file as (kind, path); stray files in record folders are problems."""
    root = Path(root)
    found = []
    record_folders = {folder for folder, _ in LOCATIONS.values()}
    refused: set[str] = set()     # links and unreadable folders, reported once
    for kind, (folder, endings) in LOCATIONS.items():
        if not _plain_folder(root, folder, problems, refused):
            continue
        found += _folder_records(root, kind, folder, endings, record_folders, problems, refused)
    if _plain_folder(root, kinds.PHOTO_FOLDER, Problems(), set()):   # a link: refused by images.py
        filenames.check_plain_folder(root, kinds.PHOTO_FOLDER, problems, shown_path)
    return found


def _folder_records(root: Path, kind: str, folder: str, endings: tuple[str, ...],
                    record_folders: set[str], problems: Problems,
                    refused: set[str]) -> list[tuple[str, Path]]:
    """The record files of one kind's folder, in name order; anything else in it said."""
    try:
        with os.scandir(root / folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        _once(problems, refused, folder, f"không đọc được thư mục này ({error.strerror}); "
              "hãy kiểm tra quyền truy cập thư mục")
        return []
    found = []
    for entry in entries:
        relative = f"{folder}/{entry.name}"
        shown = shown_path(relative)
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError as error:
            problems.add(shown, None, None, f"không đọc được tệp này ({error.strerror})")
            continue
        mode = info.st_mode
        ignored = entry.name in IGNORED_FILES or entry.name.startswith("~$") or (
            entry.name.startswith(".") and not _DOTS_ONLY.fullmatch(entry.name))
        if stat.S_ISLNK(mode):
            if not ignored:
                _once(problems, refused, relative, f"“{shown}” {LINK_MESSAGE}")
            continue
        if stat.S_ISDIR(mode):
            if relative not in record_folders and relative not in NOT_RECORD_FOLDERS:
                problems.add(shown, None, None, "thư mục lạ trong thư mục hồ sơ; hồ sơ "
                             "phải nằm đúng thư mục của loại mình (xem Hướng dẫn soạn hồ sơ)")
            continue
        if ignored:
            continue
        if entry.name.startswith("."):
            problems.add(shown, None, None, _hidden_message(entry.name))
            continue
        if not stat.S_ISREG(mode):
            problems.add(shown, None, None, f"đây không phải tệp bình thường mà là "
                         f"{_special_kind(mode)}, nên không được đọc; hãy xoá nó khỏi thư "
                         "mục hồ sơ")
            continue
        path = root / folder / entry.name
        suffix = path.suffix
        if suffix.lower() in endings and suffix in endings:
            found.append((kind, path))
        elif suffix.lower() == ".docx" and kind == "plan":
            problems.add(shown, None, None, "tệp Word không được đọc trực tiếp; hãy chạy "
                         f"`bangvang import plan {shown}` để chuyển thành hồ sơ kế hoạch, "
                         "rồi chuyển tệp Word ra khỏi thư mục plans/")
        else:
            problems.add(shown, None, None, "tệp này không phải hồ sơ nên sẽ không được "
                         f"đăng; hồ sơ ở đây phải có đuôi {' hoặc '.join(endings)}. Hãy đổi "
                         "đuôi tệp hoặc chuyển tệp ra khỏi thư mục")
    return found


def _hidden_message(name: str) -> str:
    suffix = name.lstrip(".").lower()
    return ("tên tệp chỉ có dấu chấm, không có tên, nên là tệp ẩn (nhiều máy không hiện) và "
            "không được đọc như hồ sơ; nếu đây là hồ sơ, hãy đặt tên cho tệp, ví dụ "
            f"“ten-ho-so.{suffix}”, nếu không hãy xoá tệp")


def _plain_folder(root: Path, folder: str, problems: Problems, refused: set[str]) -> bool:
    """Whether `folder` is a real folder of the project reached without a link; a missing
    folder is no problem (the school may have no contest entries), a link is."""
    current = root
    walked = []
    for part in folder.split("/"):
        current = current / part
        walked.append(part)
        relative = "/".join(walked)
        try:
            info = os.lstat(current)
        except (FileNotFoundError, NotADirectoryError):
            return False
        except OSError as error:
            _once(problems, refused, relative, f"không đọc được thư mục này ({error.strerror}); "
                  "hãy kiểm tra quyền truy cập thư mục")
            return False
        if stat.S_ISLNK(info.st_mode):
            _once(problems, refused, relative, f"thư mục “{relative}” {LINK_MESSAGE}")
            return False
        if not stat.S_ISDIR(info.st_mode):
            return False
    return True


def _once(problems: Problems, refused: set[str], relative: str, message: str) -> None:
    if relative not in refused:
        refused.add(relative)
        problems.add(shown_path(relative), None, None, message)


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "một ống dẫn (FIFO)"
    if stat.S_ISSOCK(mode):
        return "một socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "một thiết bị"
    return "một loại tệp đặc biệt"


def shown_path(relative: str) -> str:
    """A path that can be printed: bytes of a file name that are not UTF-8 become "?"."""
    try:
        relative.encode("utf-8")
        return relative
    except UnicodeEncodeError:
        pass
    try:
        raw = relative.encode("utf-8", "surrogateescape")   # how os gives undecodable bytes
    except UnicodeEncodeError:
        raw = relative.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace").replace("\ufffd", "?")


def read_record(root: Path, kind: str, path: Path, problems: Problems,
                kept: dict | None = None, used: dict | None = None) -> RawRecord | None:
    """One record file, or None after a problem saying what to do. `kept`: values parsed by
    an earlier pass (parsecache.py); `used`: where this pass's values are put to be kept."""
    root, path = Path(root), Path(path)
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        problems.add(shown_path(str(path)), None, None, "tệp này nằm ngoài thư mục dự án nên "
                     "không được đọc; hãy chép tệp vào đúng thư mục hồ sơ của dự án")
        return None
    shown = shown_path(relative)
    record_id = path.stem
    if not _check_id(record_id, path.suffix, shown, problems):
        return None
    text = read_project_text(root, relative, problems)
    if text is None:
        return None
    if not text.strip():
        problems.add(shown, 1, None, "tệp rỗng; hãy điền nội dung (chạy `bangvang new` để có "
                     "tệp mẫu) hoặc xoá tệp")
        return None
    if path.suffix in (".yml", ".yaml"):
        front, body, body_line = text, "", 1
        first_line = 1
    else:
        split = split_front_matter(text)
        if split is None:
            problems.add(shown, 1, None, "thiếu phần thông tin đầu tệp: dòng đầu tiên phải là "
                         "`---`, tiếp theo là các trường (name: …), rồi một dòng `---` nữa trước "
                         "phần nội dung")
            return None
        front, body, body_line = split
        first_line = 2
    try:
        data = _parsed(front, first_line, kept, used)
    except YamlProblem as problem:
        problems.add(shown, problem.line, None, problem.message)
        return None
    if data is None:
        problems.add(shown, first_line, None, "phần thông tin đầu tệp đang trống; hãy điền "
                     "các trường bắt buộc (xem Hướng dẫn soạn hồ sơ)")
        return None
    if not isinstance(data, LineDict):
        problems.add(shown, first_line, None, "phần thông tin phải là các dòng “tên: giá trị”, "
                     "không phải một danh sách hay một đoạn chữ")
        return None
    return RawRecord(kind, record_id, relative, data, body, body_line, front)


_PARSED: dict[tuple[str, int], object] = {}
_PARSED_LIMIT = 50_000


def forget() -> None:
    """Nothing parsed or decoded kept in this process (a build's later stages,
    pipeline.release)."""
    _PARSED.clear()
    _TEXTS["earlier"], _TEXTS["now"] = {}, {}


def _parsed(front: str, first_line: int, kept: dict | None = None, used: dict | None = None):
    """YAML of a record, parsed once per process for the same text (the preview, `bangvang
    serve`, rebuilds on every edit and most files have not changed) and, with `kept`, once
    while its text stays the same (parsecache.py). Records' data is never modified after
    loading, so the same object can be handed out again."""
    key = (front, first_line)
    data = _PARSED.get(key)
    digest = parsecache.key(front, first_line) if kept is not None else None
    if data is None and digest is not None:
        data = kept.get(digest)
    if data is None:
        data = load_yaml(front, first_line)
    if key not in _PARSED:
        if len(_PARSED) > _PARSED_LIMIT:
            _PARSED.clear()
        _PARSED[key] = data
    if used is not None and digest is not None:
        used[digest] = data
    return data


def _check_id(record_id: str, suffix: str, shown: str, problems: Problems) -> bool:
    """File names are record ids and become URLs: plain lower-case ASCII words, not too long."""
    if not ID_PATTERN.match(record_id):
        suggestion = _shorten(slugify(shown_path(record_id))) or "ten-ho-so"
        problems.add(shown, None, None, "tên tệp là mã của hồ sơ và tạo địa chỉ trang, nên chỉ "
                     "gồm chữ thường không dấu, số và dấu gạch ngang; hãy đổi tên tệp thành "
                     f"“{suggestion}{shown_path(suffix)}”")
        return False
    reserved = filenames.reserved_message(record_id)
    if reserved:
        problems.add(shown, None, None, reserved)
        return False
    if len(record_id) > MAX_ID_LENGTH:
        problems.add(shown, None, None, f"tên tệp dài {len(record_id)} ký tự; tên tệp là mã của "
                     f"hồ sơ và tạo địa chỉ trang, nên tối đa {MAX_ID_LENGTH} ký tự. Hãy đặt tên "
                     f"ngắn hơn, ví dụ “{_shorten(record_id)}{suffix}”")
        return False
    return True


def _shorten(record_id: str) -> str:
    """At most MAX_ID_LENGTH characters, cut between words."""
    if len(record_id) <= MAX_ID_LENGTH:
        return record_id
    cut = record_id[:MAX_ID_LENGTH + 1]
    return cut[:cut.rfind("-")] if "-" in cut else cut[:MAX_ID_LENGTH]


# The text of each file's bytes as decoded and cleaned by this pass and the one before, in
# this process: the preview reads every record again on each pass, and decoding (the check
# for old Vietnamese fonts, NFC, control characters) was most of that reading (about 0.5 s
# of a pass at 6,000 records). Keyed by the bytes' digest: the same bytes, the same text.
_TEXTS: dict[str, dict[bytes, tuple]] = {"now": {}, "earlier": {}}


def next_pass() -> None:
    """A pass of the records begins: what the last one decoded stays for this one only."""
    _TEXTS["earlier"], _TEXTS["now"] = _TEXTS["now"], {}


def read_project_text(root: Path, relative: str, problems: Problems,
                      max_bytes: int = MAX_TEXT_BYTES) -> str | None:
    """The text of a file of the project, or None after a problem saying what to do.

    Read through safepath (a regular file inside the project, no link, not too large),
    decoded (encoding.decode), and cleaned of control characters, each cleaned line being
    a warning. Line numbers are those of the file: nothing is added or removed but the
    control characters themselves (a vertical tab becomes a space).
    """
    shown = shown_path(relative)
    try:
        data = read_project_bytes(root, relative, max_bytes)
        digest = hashlib.blake2b(data, digest_size=16).digest()
        decoded = _TEXTS["now"].get(digest) or _TEXTS["earlier"].get(digest)
        if decoded is None:
            decoded = clean_controls(decode(data))
    except (PathProblem, EncodingProblem) as problem:
        problems.add(shown, None, None, str(problem))
        return None
    _TEXTS["now"][digest] = decoded
    text, cleanups = decoded
    for line, message in cleanup_messages(cleanups):
        problems.warn(shown, line, None, message)
    return text


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """'---\\nyaml\\n---\\nbody' → (yaml, body, line of the body's first line in the file).

    Blank lines around the body are dropped; the line number counts them, so that a line
    found in the body is `body_line + its index` in the file.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            stripped = body.lstrip("\n")
            # The body's first line is the first line after the blank lines it loses here.
            return front, stripped.rstrip("\n") + "\n", index + 2 + len(body) - len(stripped)
    return None


def load_records(root: Path, problems: Problems, keep: bool = False
                 ) -> tuple[list[RawRecord], set[tuple[str, str]]]:
    """Readable records, and the (kind, id) of files that could not be read: references to
    those are not reported again as missing, since the file's own problem says it all.
    `keep`: use and keep the parsed YAML of earlier passes (parsecache.py; the pipeline's
    passes, not a command that promises to write nothing)."""
    records, unreadable = [], set()
    next_pass()
    kept, used = (parsecache.earlier(root), {}) if keep else (None, None)
    for kind, path in find_record_files(root, problems):
        record = read_record(root, kind, path, problems, kept, used)
        if record is not None:
            records.append(record)
        else:
            unreadable.add((kind, path.stem))
    if keep:
        parsecache.save(root, used)
    return records, unreadable
