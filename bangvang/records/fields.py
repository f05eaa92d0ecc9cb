"""Field types of record declarations: each checks and converts its own values and writes its
own JSON Schema (after MkDocs' `config_options`, where a field type is a class).

The YAML loader hands every scalar over as text (yamlload.py): "0135" stays "0135" and a
decision number is never read as a number. A field converts text into the value it declares,
or reports a Vietnamese problem with file, line and field path through the `Context`.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from bangvang.problems import Problems
from bangvang.records.text import SCHOOL_YEAR, DateError, nfc, parse_date
from bangvang.records.vocabulary import Vocabulary
from bangvang.records.yamlload import LineDict

MAX_TEXT = 5000          # characters in a one-line field; a body has no such limit
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass
class Reference:
    """A reference to another record by id, checked once every record is loaded."""
    kind: str
    id: str
    file: str
    line: int
    field: str


@dataclass
class Context:
    """Where values come from and where their problems go."""
    file: str
    vocabulary: Vocabulary
    problems: Problems
    draft: bool = False
    references: list[Reference] = field(default_factory=list)
    ok: bool = True

    def error(self, line: int | None, path: str, message: str) -> None:
        self.ok = False
        self.problems.add(self.file, line, path, message)


def shown(value) -> str:
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một nhóm trường"
    return f"“{str(value)[:60]}”"


class Field:
    """A declared field. Subclasses implement `convert` and `schema`."""
    expected = "một giá trị"

    def __init__(self, help: str = "", required: bool = False):
        self.help = help
        self.required = required

    def check(self, value, ctx: Context, path: str, line: int):
        """The converted value, or None after reporting a problem."""
        if isinstance(value, (dict, list)) and not self.accepts_structure:
            return self.wrong(value, ctx, path, line)
        return self.convert(value, ctx, path, line)

    accepts_structure = False

    def convert(self, value, ctx: Context, path: str, line: int):
        raise NotImplementedError

    def wrong(self, value, ctx: Context, path: str, line: int, expected: str | None = None):
        ctx.error(line, path, f"giá trị ở đây là {shown(value)}, nhưng cần {expected or self.expected}")
        return None

    def json_schema(self, vocabulary: Vocabulary) -> dict:
        result = self.schema(vocabulary)
        if self.help:
            result["description"] = self.help
        return result

    def schema(self, vocabulary: Vocabulary) -> dict:
        raise NotImplementedError

    def describe(self) -> str:
        """The type in words, for the docs' field tables."""
        return self.expected


class Text(Field):
    """One line of plain text (never Markup: it is escaped wherever it is shown). `prose`:
    text that only describes its record (a summary): shown as written, never used to match,
    group, sort or link, so the preview shows an edit of it at once (preview.quick_update)."""
    expected = "một dòng chữ"

    def __init__(self, help: str = "", required: bool = False, prose: bool = False):
        super().__init__(help, required)
        self.prose = prose

    def convert(self, value, ctx, path, line):
        text = nfc(str(value)).strip()
        if _CONTROL.search(text):
            text = _CONTROL.sub(" ", text)
        if len(text) > MAX_TEXT:
            ctx.error(line, path, f"dòng chữ quá dài ({len(text)} ký tự, tối đa {MAX_TEXT}); "
                      "hãy rút gọn, phần dài hãy viết vào nội dung bên dưới phần thông tin")
            return None
        return " ".join(text.split()) if "\n" not in text else text

    def schema(self, vocabulary):
        return {"type": ["string", "number"]}


class NameOrRef(Text):
    """A name written out, or the id of a record of `kind` (an award's recipient, a contest
    entry's subject): checked as text; validate.py links it when a record has that id, and
    `bangvang rename` updates it like a `Ref`."""

    def __init__(self, kind: str, help: str = "", required: bool = False):
        super().__init__(help, required)
        self.kind = kind


class PhotoName(Text):
    """The file name of a photo in `folder` (images.py checks the file itself); the /admin/
    editor offers an upload there."""

    def __init__(self, folder: str, help: str = "", required: bool = False):
        super().__init__(help, required)
        self.folder = folder


class Date(Field):
    expected = "một ngày, ví dụ 25/05/2024"

    def convert(self, value, ctx, path, line):
        try:
            return parse_date(value)
        except DateError as error:
            ctx.error(line, path, str(error))
            return None

    def schema(self, vocabulary):
        return {"type": "string",
                "pattern": r"^(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})$"}


class SchoolYear(Field):
    expected = "một năm học, ví dụ 2024-2025"

    def convert(self, value, ctx, path, line):
        text = str(value).strip()
        match = SCHOOL_YEAR.match(text)
        if not match or int(match.group(2)) != int(match.group(1)) + 1:
            start = text[:4] if re.fullmatch(r"\d{4}", text[:4], re.ASCII) else "2024"
            ctx.error(line, path, f"năm học “{text[:40]}” chưa đúng dạng; hãy viết năm đầu và năm "
                      f"sau, ví dụ \"{start}-{int(start) + 1}\"")
            return None
        problem = school_year_problem(int(match.group(1)))
        if problem:
            ctx.error(line, path, f"năm học “{text}” {problem}")
            return None
        return text

    def schema(self, vocabulary):
        return {"type": "string", "pattern": r"^\d{4}-\d{4}$"}


# School years a record may give: from 1975-1976 (the first school year of the reunified
# school system; a school's older history is written in a body, not as records) to two years
# after the current one (a plan is written ahead). 1900-1901 or 2099-2100 is a typing slip
# that would otherwise become a page, a statistics column and a feed entry.
FIRST_SCHOOL_YEAR = 1975
YEARS_AHEAD = 2


def school_year_problem(start: int, today: dt.date | None = None) -> str | None:
    """Why a school year starting in `start` is implausible (Vietnamese), or None."""
    last = (today or dt.date.today()).year + YEARS_AHEAD
    if start < FIRST_SCHOOL_YEAR:
        return (f"trước năm học {FIRST_SCHOOL_YEAR}-{FIRST_SCHOOL_YEAR + 1}, chắc là gõ nhầm; "
                "hãy kiểm tra lại năm (lịch sử lâu hơn của trường hãy viết trong phần nội dung)")
    if start > last:
        return (f"sau năm học {last}-{last + 1}, chắc là gõ nhầm; hãy kiểm tra lại năm")
    return None


class Integer(Field):
    expected = "một số nguyên, ví dụ 2024"

    def __init__(self, help="", required=False, minimum: int = 0, maximum: int = 10**9):
        super().__init__(help, required)
        self.minimum, self.maximum = minimum, maximum

    def convert(self, value, ctx, path, line):
        text = str(value).strip()
        if isinstance(value, bool) or not re.fullmatch(r"\d{1,10}", text, re.ASCII):
            return self.wrong(value, ctx, path, line)
        number = int(text)
        if not self.minimum <= number <= self.maximum:
            ctx.error(line, path, f"số {number} nằm ngoài khoảng cho phép "
                      f"({self.minimum}–{self.maximum})")
            return None
        return number

    def schema(self, vocabulary):
        return {"type": ["integer", "string"], "minimum": self.minimum, "maximum": self.maximum}


class Number(Field):
    expected = "một con số, ví dụ 15 hoặc 12,5 (không kèm %)"

    def convert(self, value, ctx, path, line):
        text = str(value).strip()
        if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d{1,12}([.,]\d{1,6})?", text, re.ASCII):
            return self.wrong(value, ctx, path, line)
        number = float(text.replace(",", "."))
        return int(number) if number.is_integer() else number

    def schema(self, vocabulary):
        return {"type": ["number", "string"]}


class Slug(Field):
    """An id written by hand: lower-case letters without tones, digits, hyphens ("nguyen-an-2")."""
    expected = "một mã viết thường không dấu, nối bằng gạch ngang (ví dụ nguyen-van-an-2)"

    def convert(self, value, ctx, path, line):
        text = str(value).strip()
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text) or len(text) > 80:
            return self.wrong(value, ctx, path, line)
        return text

    def schema(self, vocabulary):
        return {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}


class Url(Field):
    """An outside address (http:// or https://), e.g. the evidence of a result."""
    expected = "một địa chỉ trang web bắt đầu bằng https://"

    def convert(self, value, ctx, path, line):
        text = str(value).strip()
        if len(text) > 2000 or not re.fullmatch(r"https?://[^\s<>\"'`]+\.[^\s<>\"'`]+", text,
                                                re.IGNORECASE):
            ctx.error(line, path, f"{shown(value)} không phải địa chỉ trang web; hãy dán địa chỉ "
                      "đầy đủ, bắt đầu bằng https:// (ví dụ https://truong.edu.vn/bao-cao.pdf)")
            return None
        return text

    def schema(self, vocabulary):
        return {"type": "string", "pattern": "^https?://"}


class Flag(Field):
    expected = "true hoặc false"
    TRUE, FALSE = {"true", "yes", "có", "1"}, {"false", "no", "không", "0"}

    def convert(self, value, ctx, path, line):
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        return self.wrong(value, ctx, path, line)

    def schema(self, vocabulary):
        return {"type": ["boolean", "string"]}


class Vocab(Field):
    """A key (or label) of a list in data/vocabulary.yml."""
    def __init__(self, vocab: str, help="", required=False):
        super().__init__(help, required)
        self.vocab = vocab
        self.expected = f"một mục của danh mục {vocab}"

    def convert(self, value, ctx, path, line):
        key = ctx.vocabulary.resolve(self.vocab, str(value))
        if key is None:
            ctx.error(line, path, unknown_value_message(str(value), self.vocab, ctx.vocabulary))
        return key

    def schema(self, vocabulary):
        terms = vocabulary.lists.get(self.vocab, {}).values()
        return {"enum": [t.key for t in terms] + [t.label for t in terms]}


class Choice(Field):
    """One of a few fixed keys. Given as {key: Vietnamese label}, the labels live with the choice
    and are what templates, the editor and the docs show; `aliases` are other spellings a file
    may hold (an older field's true/false) and are read as their key."""
    def __init__(self, choices: tuple | dict[str, str], help="", required=False,
                 aliases: dict[str, str] | None = None):
        super().__init__(help, required)
        self.labels: dict[str, str] = (dict(choices) if isinstance(choices, dict)
                                       else {c: c for c in choices})
        self.choices = tuple(self.labels)
        self.aliases = aliases or {}
        self.expected = "một trong: " + ", ".join(self.choices)

    def convert(self, value, ctx, path, line):
        text = str(value).strip()
        text = self.aliases.get(text.lower(), text)
        if text not in self.choices:
            ctx.error(line, path, f"giá trị {shown(value)} không hợp lệ; hãy dùng một trong: "
                      + "; ".join(f"{key} ({label})" if label != key else key
                                  for key, label in self.labels.items()))
            return None
        return text

    def schema(self, vocabulary):
        yaml_values = {"true": True, "false": False}   # what a YAML editor reads those as
        return {"enum": list(self.choices) + [yaml_values.get(a, a) for a in self.aliases]}


class Ref(Field):
    """The id of another record (its file name without ending); checked after loading."""
    def __init__(self, kind: str, help="", required=False):
        super().__init__(help, required)
        self.kind = kind
        self.expected = f"mã một hồ sơ {kind}"

    def convert(self, value, ctx, path, line):
        text = str(value).strip()
        ctx.references.append(Reference(self.kind, text, ctx.file, line, path))
        return text

    def schema(self, vocabulary):
        return {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$"}


class Mapping(Field):
    """A group of named sub-fields (indented lines)."""
    accepts_structure = True
    expected = "một nhóm trường con (các dòng thụt vào)"

    def __init__(self, fields: dict[str, Field], help="", required=False):
        super().__init__(help, required)
        self.fields = fields

    def convert(self, value, ctx, path, line):
        if not isinstance(value, LineDict):
            return self.wrong(value, ctx, path, line)
        return check_mapping(self.fields, value, ctx, f"{path}.")

    def schema(self, vocabulary):
        return object_schema(self.fields, vocabulary)


class TextOrMapping(Mapping):
    """Either one line of text (the `text_field` sub-field) or the full group."""
    def __init__(self, fields: dict[str, Field], help="", required=False, text_field="text"):
        super().__init__(fields, help, required)
        self.text_field = text_field

    def convert(self, value, ctx, path, line):
        if not isinstance(value, (dict, list)):
            text = Text().convert(value, ctx, path, line)
            return {name: None for name in self.fields} | {self.text_field: text}
        return super().convert(value, ctx, path, line)

    def schema(self, vocabulary):
        return {"anyOf": [{"type": "string"}, object_schema(self.fields, vocabulary)]}


class List(Field):
    accepts_structure = True
    expected = "một danh sách (mỗi mục một dòng bắt đầu bằng “- ”)"

    def __init__(self, item: Field, help="", required=False, max_items: int = 20000,
                 one_item_as_text: bool = True):
        super().__init__(help, required)
        self.item = item
        self.max_items = max_items
        # Records accept `campaigns: day-tot` for a one-item list; the blog plugin does not.
        self.one_item_as_text = one_item_as_text

    def convert(self, value, ctx, path, line):
        if isinstance(value, dict) or (not isinstance(value, list) and not self.one_item_as_text):
            return self.wrong(value, ctx, path, line)
        items = value if isinstance(value, list) else [value]
        if len(items) > self.max_items:
            ctx.error(line, path, f"danh sách quá dài ({len(items)} mục, tối đa {self.max_items}); "
                      "hãy tách thành nhiều tệp")
            return None
        result = []
        lines = getattr(value, "lines", None)
        for index, item in enumerate(items):
            if item is None:
                continue
            item_line = getattr(item, "line", None) or (lines[index] if lines else line)
            result.append(self.item.check(item, ctx, f"{path}[{index + 1}]", item_line))
        return result

    def schema(self, vocabulary):
        return {"type": "array", "items": self.item.json_schema(vocabulary)}

    def describe(self):
        return f"danh sách: {self.item.describe()}"


class Private(Field):
    """Private data (phone, birth date, address, notes): shape checked, never carried further."""
    accepts_structure = True
    expected = "một nhóm trường con (phone, birth_date, address, notes …)"

    def convert(self, value, ctx, path, line):
        if not isinstance(value, LineDict):
            self.wrong(value, ctx, path, line)
        return None

    def schema(self, vocabulary):
        return {"type": "object"}


def check_mapping(spec: dict[str, Field], data: LineDict, ctx: Context, prefix: str = "") -> dict:
    """Converted values of a mapping; unknown and missing fields are reported."""
    result = {}
    for key in data:
        if key not in spec:
            ctx.error(data.line_of(key), f"{prefix}{key}", unknown_field_message(str(key), spec))
    for name, declared in spec.items():
        path = f"{prefix}{name}"
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if declared.required and not ctx.draft:
                ctx.error(data.line_of(name) if name in data else data.line, path,
                          f"thiếu trường bắt buộc “{name}” ({declared.help}); hãy thêm dòng "
                          f"`{name}: …`")
            result[name] = None
            continue
        result[name] = declared.check(value, ctx, path, data.line_of(name))
    return result


def line_at(item, path: str) -> int | None:
    """The line of "result.value" (a dotted path) in a record's YAML, or of the nearest group
    holding it."""
    line = getattr(item, "line", None)
    for key in path.split("."):
        if not isinstance(item, LineDict) or key not in item:
            break
        line, item = item.line_of(key), item[key]
    return line


def object_schema(fields: dict[str, Field], vocabulary: Vocabulary) -> dict:
    return {
        "type": "object",
        "properties": {name: f.json_schema(vocabulary) for name, f in fields.items()},
        "required": [name for name, f in fields.items() if f.required],
        "additionalProperties": False,
    }


def unknown_field_message(key: str, spec: dict) -> str:
    close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
    known = ", ".join(spec)
    if close:
        return f"không có trường “{key}”; có phải ý bạn là “{close[0]}”? (các trường dùng được: {known})"
    return f"không có trường “{key}”; hãy xoá hoặc sửa thành một trong: {known}"


def unknown_value_message(value: str, vocab: str, vocabulary: Vocabulary) -> str:
    keys = list(vocabulary.lists.get(vocab, {}))
    if not keys:
        return (f"data/vocabulary.yml chưa có danh mục {vocab}; hãy chép danh mục này từ tệp "
                "mẫu của Bảng vàng (docs/records.md) vào data/vocabulary.yml rồi sửa theo trường "
                "mình")
    close = difflib.get_close_matches(value, keys, n=1, cutoff=0.5)
    hint = f"có phải ý bạn là “{close[0]}”? " if close else ""
    return (f"“{value[:60]}” không có trong danh mục ({vocab} trong data/vocabulary.yml); {hint}"
            f"dùng được: {'; '.join(vocabulary.choices(vocab))}. Nếu cần giá trị mới, hãy thêm "
            "vào data/vocabulary.yml")
