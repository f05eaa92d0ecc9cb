"""The project's data files, declared and checked like records: data/school.yml and
data/vocabulary.yml (whose keys the code relies on may not be renamed, only relabelled)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from bangvang.records import kinds
from bangvang.records.fields import Context, check_mapping
from bangvang.records.loader import ID_PATTERN, read_project_text
from bangvang.records.plausible import markdown_cost_problem
from bangvang.problems import Problems
from bangvang.records.text import nfc
from bangvang.records.vocabulary import OPTIONAL_NAMES, VOCABULARY_NAMES, Vocabulary
from bangvang.records.yamlload import LineDict, YamlProblem, load_yaml

VOCABULARY_FILE = "data/vocabulary.yml"
SCHOOL_FILE = "data/school.yml"


def load_data_file(root: Path, relative: str, problems: Problems,
                   required: bool = True) -> LineDict | None:
    if not (Path(root) / relative).exists() and not (Path(root) / relative).is_symlink():
        if required:
            problems.add(relative, None, None, "không tìm thấy tệp này; hãy lấy lại tệp mẫu từ "
                         "bản gốc của dự án")
        return None
    text = read_project_text(root, relative, problems)
    if text is None:
        return None
    try:
        data = load_yaml(text)
    except YamlProblem as problem:
        problems.add(relative, problem.line, None, problem.message)
        return None
    if not isinstance(data, LineDict):
        problems.add(relative, 1, None, "tệp phải là các dòng “tên: giá trị”")
        return None
    return data


def load_school(root: Path, problems: Problems) -> dict | None:
    data = load_data_file(root, SCHOOL_FILE, problems)
    if data is None:
        return None
    ctx = Context(SCHOOL_FILE, Vocabulary({}), problems)
    values = check_mapping(kinds.SCHOOL, data, ctx)
    _one_count_per_year(data, values, ctx)
    _https_only(data, values, ctx)
    if isinstance(values.get("intro"), str):    # Markdown, rendered on the home page
        slow = markdown_cost_problem(values["intro"], data.line_of("intro"))
        if slow:
            ctx.error(slow[0], "intro", slow[1])
    return values if ctx.ok else None


def _https_only(data: LineDict, values: dict, ctx: Context) -> None:
    """`site_url` is the school's address, nothing more (no ?query or #part), and is refused
    over plain http://: it becomes every page's canonical address,
    `og:url` of share previews and the id of every feed entry, all permanent. Facebook and Zalo
    show a plain http:// preview as unsafe and browsers mark the pages "Not secure", and
    moving to https:// later would change every canonical address and make feed readers show
    every entry again. Every host a school uses gives https:// (free certificates)."""
    address = values.get("site_url")
    parts = urlsplit(address or "")
    if address and (parts.query or parts.fragment or not parts.netloc):
        ctx.error(data.line_of("site_url"), "site_url", f"“{address[:80]}” không phải địa chỉ "
                  "trang web của trường; hãy ghi địa chỉ đầy đủ, ví dụ `site_url: "
                  "https://thcs-hoaan.edu.vn/` (cần cho nút chia sẻ Zalo, Facebook và nguồn tin)")
    elif address and address[:7].lower() == "http://":
        ctx.error(data.line_of("site_url"), "site_url", f"địa chỉ “{address[:80]}” dùng http:// "
                  "(không mã hoá): nút chia sẻ, nguồn tin và trình duyệt sẽ báo trang không an "
                  "toàn, và đổi sang https:// sau này sẽ đổi mọi địa chỉ đã công bố. Hãy ghi "
                  f"“https://{address[7:80]}” (bật HTTPS ở nơi đặt trang web nếu chưa có)")


def _one_count_per_year(data: LineDict, values: dict, ctx: Context) -> None:
    """`staff_counts`: one line per school year (the statistics page divides by it)."""
    seen: dict[str, int] = {}
    rows = data.get("staff_counts")
    for index, row in enumerate(values.get("staff_counts") or []):
        year = (row or {}).get("school_year")
        line = rows.line_of(index) if isinstance(rows, list) and hasattr(rows, "line_of") \
            else data.line_of("staff_counts")
        if year in seen:
            ctx.error(line, f"staff_counts[{index + 1}].school_year", f"năm học {year} đã có "
                      f"số cán bộ, giáo viên, nhân viên ở dòng {seen[year]}; hãy xoá một dòng")
        elif year:
            seen[year] = line


def load_vocabulary(root: Path, problems: Problems) -> Vocabulary | None:
    data = load_data_file(root, VOCABULARY_FILE, problems)
    if data is None:
        return None
    before = len(problems)
    for extra in set(data) - set(VOCABULARY_NAMES):
        problems.add(VOCABULARY_FILE, data.line_of(extra), str(extra), "danh mục lạ; các danh "
                     f"mục dùng được: {', '.join(VOCABULARY_NAMES)}")
    for name in VOCABULARY_NAMES:
        if name not in data and name in OPTIONAL_NAMES:
            continue   # records that use it are told to add it (fields.unknown_value_message)
        _check_list(data, name, problems)
    return Vocabulary.from_data(data) if len(problems) == before else None


def _check_list(data: LineDict, name: str, problems: Problems) -> None:
    entries = data.get(name)
    if not isinstance(entries, LineDict) or not entries:
        problems.add(VOCABULARY_FILE, data.line_of(name), name, "danh mục này thiếu hoặc trống; "
                     "hãy lấy lại từ tệp mẫu của dự án")
        return
    for key, entry in entries.items():
        line = entries.line_of(key)
        if not ID_PATTERN.match(str(key)) or len(str(key)) > 60:
            problems.add(VOCABULARY_FILE, line, f"{name}.{key}", "mã chỉ gồm chữ thường không dấu, "
                         "số và dấu gạch ngang (mã tạo địa chỉ trang), ví dụ `lao-dong-tien-tien`")
            continue
        if not isinstance(entry, LineDict) or not isinstance(entry.get("label"), str) \
                or not entry["label"].strip():
            problems.add(VOCABULARY_FILE, line, f"{name}.{key}", "mỗi mục cần nhãn, ví dụ "
                         f"`{key}: {{label: \"Nhãn tiếng Việt\"}}`")
            continue
        for extra in set(entry) - {"label", "for"}:
            problems.add(VOCABULARY_FILE, entry.line_of(extra), f"{name}.{key}.{extra}",
                         "trường lạ; nếu nhãn có dấu phẩy, hãy đặt nhãn trong ngoặc kép: "
                         f"`{{label: \"{nfc(entry['label'])}, {extra}\"}}`")
        applies = entry.get("for")
        if applies is not None and (name != "titles" or applies not in kinds.PERSON_SHAPES):
            problems.add(VOCABULARY_FILE, entry.line_of("for"), f"{name}.{key}.for",
                         f"“for: {applies}” không hợp lệ; chỉ danh hiệu (titles) có `for`, với "
                         f"một trong: {', '.join(kinds.PERSON_SHAPES)}")
    for key in kinds.REQUIRED_TERMS.get(name, ()):
        if key not in entries:
            problems.add(VOCABULARY_FILE, data.line_of(name), f"{name}.{key}", f"thiếu mục "
                         f"“{key}”: Bảng vàng dựa vào mã này (ví dụ để áp dụng mức đồng ý công bố), "
                         "nên chỉ được sửa nhãn, không được đổi hay xoá mã. Hãy khôi phục dòng "
                         f"`{key}: {{label: …}}`")
