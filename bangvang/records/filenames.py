"""File names that every computer the project travels to can hold.

The records are a folder that is copied, synced, zipped and checked out on the team's
machines, many of them Windows, and `site/` may be copied to a Windows server. A name
Windows reserves (`con`, `nul`, `aux`, `prn`, `com1`…`com9`, `lpt1`…`lpt9`, with any
extension), a character Windows refuses, or two names that differ only by case or Unicode
form (`ảnh.jpg` typed on a Mac is NFD, on Windows NFC: one file there, two here) cannot be
checked out there, or one silently overwrites the other. So `check` refuses them here, where
the name is made, instead of on the day the folder is copied.
"""
from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

from bangvang.problems import Problems

WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(1, 10)}
                             | {f"lpt{n}" for n in range(1, 10)})
_WINDOWS_REFUSED = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def reserved_message(name: str) -> str | None:
    """Why Windows cannot hold a file called `name`, in Vietnamese; None when it can."""
    base = name.split(".", 1)[0].strip().lower()
    if base in WINDOWS_RESERVED:
        return (f"“{base}” là tên Windows dành riêng cho thiết bị: trên máy Windows không lấy "
                "về, không chép được tệp này (kể cả khi chép thư mục site/ lên máy chủ Windows). "
                f"Hãy đổi tên tệp, ví dụ thành “{base}-1{name[len(base):]}”")
    if _WINDOWS_REFUSED.search(name):
        return ("tên tệp có ký tự Windows không cho phép (< > : \" / \\ | ? *); hãy đổi tên tệp, "
                "chỉ dùng chữ, số và dấu gạch ngang")
    if name.endswith((".", " ")):
        return ("tên tệp kết thúc bằng dấu chấm hoặc dấu cách, Windows không giữ được tên này; "
                "hãy đổi tên tệp")
    return None


def same_name_key(name: str) -> str:
    """The form under which Windows and macOS see two names as one file."""
    return unicodedata.normalize("NFC", name).casefold()


def collisions(names: list[str]) -> dict[str, str]:
    """name → the earlier name (sorted) it cannot live beside on Windows or macOS."""
    first: dict[str, str] = {}
    found = {}
    for name in sorted(names):
        key = same_name_key(name)
        if key in first:
            found[name] = first[key]
        else:
            first[key] = name
    return found


def collision_message(name: str, other: str) -> str:
    how = "chỉ khác nhau chữ hoa, chữ thường" if unicodedata.normalize("NFC", name) != \
        unicodedata.normalize("NFC", other) else "viết giống hệt nhau nhưng mã hoá dấu khác nhau " \
        "(NFC và NFD, thường do chép từ máy Mac)"
    return (f"tên tệp này và “{other}” {how}: trên Windows và macOS hai tên là một tệp, tệp này "
            "sẽ đè mất tệp kia. Hãy xoá một tệp, hoặc đổi tên một tệp cho khác hẳn")


def check_plain_folder(root: Path, folder: str, problems: Problems, shown) -> None:
    """Names in `folder` (not records: photos) that Windows cannot hold or that collide.
    Links, folders and special files are left to the folder's own reader."""
    try:
        with os.scandir(Path(root) / folder) as listing:
            names = [entry.name for entry in listing
                     if stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode)]
    except OSError:
        return   # a missing or unreadable folder is reported where it is read
    for name in sorted(names):
        message = reserved_message(name)
        if message:
            problems.add(shown(f"{folder}/{name}"), None, None, message)
    for name, other in collisions(names).items():
        problems.add(shown(f"{folder}/{name}"), None, None, collision_message(name, other))
