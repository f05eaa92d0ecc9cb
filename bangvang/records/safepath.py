"""Reading files of the project, and only of the project.

Every path read from a record (a photo name, say) or from the project's folders goes through
`project_file`: it must be a plain regular file inside the given folder of the project, reached
without a symbolic link, not a FIFO or a device (opening a FIFO would hang the build), and not
larger than a limit. The caller turns `PathProblem` into a Vietnamese `file:line: field:` message.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path

MAX_TEXT_BYTES = 2 * 1024 * 1024      # a record or data file; the largest demo plan is 30 KB
_DRIVE = re.compile(r"^[A-Za-z]:")


class PathProblem(ValueError):
    """The path is not a readable file of the project; the message is Vietnamese."""


def plain_name(name: str) -> bool:
    """A bare file name: no folder, no '..', no drive letter, no absolute path."""
    return bool(name) and name not in (".", "..") and not any(c in name for c in "/\\\0") \
        and not _DRIVE.match(name)


def project_file(root: Path, relative: str, max_bytes: int = MAX_TEXT_BYTES) -> Path:
    """The checked path of `relative` (forward slashes) under `root`, or PathProblem."""
    if not relative or relative.startswith(("/", "\\")) or _DRIVE.match(relative) \
            or any(part in ("", ".", "..") for part in relative.replace("\\", "/").split("/")):
        raise PathProblem(f"đường dẫn “{relative}” phải là tên tệp nằm trong thư mục dự án "
                          "(không bắt đầu bằng / hay ổ đĩa, không có ..)")
    current = os.fspath(root)   # strings, not Path: this runs for every file of every pass
    for part in relative.replace("\\", "/").split("/"):
        current = os.path.join(current, part)
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            raise PathProblem(f"không tìm thấy “{relative}”") from None
        except OSError as error:
            raise PathProblem(f"không đọc được “{relative}” ({error.strerror})") from None
        if stat.S_ISLNK(info.st_mode):
            raise PathProblem(f"“{relative}” là một liên kết (shortcut/symlink) tới nơi khác; "
                              "hãy chép tệp thật vào thư mục dự án")
    if not stat.S_ISREG(info.st_mode):
        raise PathProblem(f"“{relative}” không phải là một tệp bình thường")
    if info.st_size > max_bytes:
        raise PathProblem(f"tệp “{relative}” quá lớn ({info.st_size // 1024} KB, tối đa "
                          f"{max_bytes // 1024} KB); hãy tách nhỏ hoặc thu nhỏ tệp")
    return Path(current)


def read_project_bytes(root: Path, relative: str, max_bytes: int = MAX_TEXT_BYTES) -> bytes:
    """The bytes of a checked project file (see `project_file`), at most `max_bytes`.

    The file is opened without following a link and without waiting (a link or a FIFO put
    in its place after the check is still refused), checked again on the open descriptor,
    and read no further than the limit (a file that grows while it is read).
    """
    path = project_file(root, relative, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise PathProblem(f"không đọc được “{relative}” ({error.strerror})") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise PathProblem(f"“{relative}” không phải là một tệp bình thường")
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(descriptor, min(1 << 20, max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as error:
        raise PathProblem(f"không đọc được “{relative}” ({error.strerror})") from None
    finally:
        os.close(descriptor)
    if size > max_bytes:
        raise PathProblem(f"tệp “{relative}” quá lớn (hơn {max_bytes // 1024} KB); hãy tách nhỏ "
                          "hoặc thu nhỏ tệp")
    return b"".join(chunks)
