"""Check one record's fields against its declaration (schema.py) and convert the values.

Every problem is reported with file, line and field path; checking goes on so that one run
lists everything that is wrong.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from .problems import Problems
from .schema import Field
from .text import SCHOOL_YEAR, DateError, nfc, parse_date
from .vocabulary import Vocabulary
from .yamlload import LineDict


@dataclass
class Reference:
    """A reference to another record by id, checked once every record is loaded."""
    kind: str
    id: str
    file: str
    line: int
    field: str


class FieldChecker:
    def __init__(self, file: str, vocabulary: Vocabulary, problems: Problems, draft: bool = False):
        self.file = file
        self.vocabulary = vocabulary
        self.problems = problems
        self.draft = draft
        self.references: list[Reference] = []
        self.ok = True

    def error(self, line: int | None, path: str, message: str) -> None:
        self.ok = False
        self.problems.add(self.file, line, path, message)

    def mapping(self, spec: dict[str, Field], data: LineDict, prefix: str = "") -> dict:
        """Converted values of a mapping; unknown and missing fields are reported."""
        result = {}
        for key in data:
            path = f"{prefix}{key}"
            if key not in spec:
                self.error(data.line_of(key), path, _unknown_field_message(str(key), spec))
        for name, field in spec.items():
            path = f"{prefix}{name}"
            value = data.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                if field.required and not self.draft:
                    self.error(data.line_of(name) if name in data else data.line, path,
                               f"thiếu trường bắt buộc “{name}” ({field.help}); hãy thêm dòng "
                               f"`{name}: …`")
                result[name] = None
                continue
            result[name] = self.value(field, value, path, data.line_of(name))
        return result

    def value(self, field: Field, value, path: str, line: int):
        kind = field.type
        if kind == "text":
            if isinstance(value, (dict, list)) or isinstance(value, bool):
                return self._wrong(line, path, value, "một dòng chữ")
            return nfc(str(value).strip())
        if kind == "date":
            if isinstance(value, (int, float, dict, list)) and not isinstance(value, bool):
                return self._wrong(line, path, value, "một ngày, ví dụ 25/05/2024")
            try:
                return parse_date(value)
            except DateError as error:
                return self.error(line, path, str(error))
        if kind == "school_year":
            text = str(value).strip()
            match = SCHOOL_YEAR.match(text)
            if not match or int(match.group(2)) != int(match.group(1)) + 1:
                start = text[:4] if text[:4].isdigit() else "2024"
                return self.error(line, path, f"năm học “{text}” chưa đúng dạng; hãy viết năm đầu "
                                  f"và năm sau, ví dụ \"{start}-{int(start) + 1}\"")
            return text
        if kind == "integer":
            if isinstance(value, bool) or not (isinstance(value, int) or str(value).strip().isdigit()):
                return self._wrong(line, path, value, "một số nguyên, ví dụ 2024")
            return int(value)
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return self._wrong(line, path, value, "một con số, ví dụ 15 (không kèm %)")
            return value
        if kind in ("mapping", "text_or_mapping"):
            if kind == "text_or_mapping" and not isinstance(value, (dict, list)):
                return {"text": nfc(str(value).strip())}
            if not isinstance(value, LineDict):
                return self._wrong(line, path, value, "một nhóm trường con (các dòng thụt vào)")
            return self.mapping(field.fields, value, f"{path}.")
        if kind == "list":
            items = value if isinstance(value, list) else [value]
            converted = []
            for index, item in enumerate(items):
                item_line = item.line if isinstance(item, LineDict) else line
                if item is None:
                    continue
                converted.append(self.value(field.items, item, f"{path}[{index + 1}]", item_line))
            return converted
        if kind == "vocab":
            key = self.vocabulary.resolve(field.vocab, str(value))
            if key is None:
                return self.error(line, path, _unknown_value_message(str(value), field.vocab,
                                                                     self.vocabulary))
            return key
        if kind == "enum":
            if str(value) not in field.choices:
                return self.error(line, path, f"giá trị “{value}” không hợp lệ; hãy dùng một trong: "
                                  + ", ".join(field.choices))
            return str(value)
        if kind == "ref":
            self.references.append(Reference(field.ref, str(value).strip(), self.file, line, path))
            return str(value).strip()
        if kind == "any_mapping":
            # Private data: checked for shape only and never carried further.
            if not isinstance(value, LineDict):
                self._wrong(line, path, value, "một nhóm trường con (phone, birth_date, notes …)")
            return None
        raise AssertionError(f"unknown field type {kind}")

    def _wrong(self, line, path, value, expected):
        shown = "một danh sách" if isinstance(value, list) else (
            "một nhóm trường" if isinstance(value, dict) else f"“{value}”")
        self.error(line, path, f"giá trị ở đây là {shown}, nhưng cần {expected}")
        return None


def _unknown_field_message(key: str, spec: dict) -> str:
    close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
    known = ", ".join(spec)
    if close:
        return f"không có trường “{key}”; có phải ý bạn là “{close[0]}”? (các trường dùng được: {known})"
    return f"không có trường “{key}”; hãy xoá hoặc sửa thành một trong: {known}"


def _unknown_value_message(value: str, vocab: str, vocabulary: Vocabulary) -> str:
    keys = list(vocabulary.lists[vocab])
    close = difflib.get_close_matches(value, keys, n=1, cutoff=0.5)
    hint = f"có phải ý bạn là “{close[0]}”? " if close else ""
    return (f"“{value}” không có trong danh mục ({vocab} trong data/vocabulary.yml); {hint}"
            f"dùng được: {'; '.join(vocabulary.choices(vocab))}. Nếu cần giá trị mới, hãy thêm "
            "vào data/vocabulary.yml")
