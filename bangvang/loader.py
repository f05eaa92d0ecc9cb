"""Find record files on disk and read them into raw records (data + body + line numbers)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .encoding import EncodingProblem, read_text
from .problems import Problems
from .text import slugify
from .yamlload import LineDict, YamlProblem, load_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# kind → (folder, file endings). Photos live beside exemplars but are not records.
LOCATIONS = {
    "campaign": ("plans/campaigns", (".md",)),
    "plan": ("plans", (".md",)),
    "exemplar": ("exemplars", (".md",)),
    "honour_roll": ("exemplars/honours", (".yml", ".yaml")),
    "contest_entry": ("exemplars/contest", (".md",)),
}
NOT_RECORD_FOLDERS = {"exemplars/photos"}
IGNORED_FILES = {".gitkeep", "README.md", ".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass
class RawRecord:
    kind: str
    id: str
    path: str          # relative to the project root, forward slashes
    data: LineDict
    body: str = ""
    body_line: int = 1


def find_record_files(root: Path, problems: Problems) -> list[tuple[str, Path]]:
    """Every record file as (kind, path); stray files in record folders are problems."""
    found = []
    record_folders = {folder for folder, _ in LOCATIONS.values()}
    for kind, (folder, endings) in LOCATIONS.items():
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            relative = path.relative_to(root).as_posix()
            if path.is_dir():
                if relative not in record_folders and relative not in NOT_RECORD_FOLDERS:
                    problems.add(relative, None, None, "thư mục lạ trong thư mục hồ sơ; hồ sơ "
                                 "phải nằm đúng thư mục của loại mình (xem Hướng dẫn soạn hồ sơ)")
                continue
            if path.name in IGNORED_FILES or path.name.startswith((".", "~$")):
                continue
            if path.suffix.lower() in endings and path.suffix in endings:
                found.append((kind, path))
            elif path.suffix.lower() == ".docx" and kind == "plan":
                problems.add(relative, None, None, "tệp Word không được đọc trực tiếp; hãy chạy "
                             f"`bangvang import plan {relative}` để chuyển thành hồ sơ kế hoạch, "
                             "rồi chuyển tệp Word ra khỏi thư mục plans/")
            else:
                problems.add(relative, None, None, "tệp này không phải hồ sơ nên sẽ không được "
                             f"đăng; hồ sơ ở đây phải có đuôi {' hoặc '.join(endings)}. Hãy đổi "
                             "đuôi tệp hoặc chuyển tệp ra khỏi thư mục")
    return found


def read_record(root: Path, kind: str, path: Path, problems: Problems) -> RawRecord | None:
    relative = path.relative_to(root).as_posix()
    record_id = path.stem
    if not ID_PATTERN.match(record_id):
        problems.add(relative, None, None, "tên tệp là mã của hồ sơ và tạo địa chỉ trang, nên chỉ "
                     "gồm chữ thường không dấu, số và dấu gạch ngang; hãy đổi tên tệp thành "
                     f"“{slugify(record_id) or 'ten-ho-so'}{path.suffix}”")
        return None
    try:
        text = read_text(path)
    except EncodingProblem as problem:
        problems.add(relative, None, None, str(problem))
        return None
    if not text.strip():
        problems.add(relative, 1, None, "tệp rỗng; hãy điền nội dung (chạy `bangvang new` để có "
                     "tệp mẫu) hoặc xoá tệp")
        return None
    if path.suffix in (".yml", ".yaml"):
        front, body, body_line = text, "", 1
        first_line = 1
    else:
        split = split_front_matter(text)
        if split is None:
            problems.add(relative, 1, None, "thiếu phần thông tin đầu tệp: dòng đầu tiên phải là "
                         "`---`, tiếp theo là các trường (name: …), rồi một dòng `---` nữa trước "
                         "phần nội dung")
            return None
        front, body, body_line = split
        first_line = 2
    try:
        data = load_yaml(front, first_line)
    except YamlProblem as problem:
        problems.add(relative, problem.line, None, problem.message)
        return None
    if data is None:
        problems.add(relative, first_line, None, "phần thông tin đầu tệp đang trống; hãy điền "
                     "các trường bắt buộc (xem Hướng dẫn soạn hồ sơ)")
        return None
    if not isinstance(data, LineDict):
        problems.add(relative, first_line, None, "phần thông tin phải là các dòng “tên: giá trị”, "
                     "không phải một danh sách hay một đoạn chữ")
        return None
    return RawRecord(kind, record_id, relative, data, body, body_line)


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """'---\\nyaml\\n---\\nbody' → (yaml, body, line where the body starts)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            front = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1:])
            return front, body.strip("\n") + "\n", index + 2
    return None


def load_records(root: Path, problems: Problems) -> tuple[list[RawRecord], set[tuple[str, str]]]:
    """Readable records, and the (kind, id) of files that could not be read: references to
    those are not reported again as missing, since the file's own problem says it all."""
    records, unreadable = [], set()
    for kind, path in find_record_files(root, problems):
        record = read_record(root, kind, path, problems)
        if record is not None:
            records.append(record)
        else:
            unreadable.add((kind, path.stem))
    return records, unreadable
