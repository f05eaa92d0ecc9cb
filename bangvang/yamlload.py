"""YAML that remembers line numbers and refuses duplicate keys.

PyYAML silently keeps the last of two equal keys; an author who wrote `name:` twice must be
told. Dates are left as text (the validator parses them and explains bad ones), so
"30/02/2024" and "2024-02-30" both reach the validator instead of crashing the loader.
"""
from __future__ import annotations

import yaml


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its keys (1-based)."""
    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class YamlProblem(ValueError):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(yaml.SafeLoader):
    line_offset = 0  # added to every line number (front matter starts at line 2)


# Keep dates as strings: drop the implicit timestamp resolver.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1 + loader.line_offset
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1 + loader.line_offset
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise YamlProblem(line, "tên trường phải là chữ đơn giản, không phải danh sách hay khối")
        if key in result:
            raise YamlProblem(line, f"trường “{key}” được viết hai lần (lần đầu ở dòng "
                                    f"{result.lines[key]}); hãy xoá một lần, chỉ giữ giá trị đúng")
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(text: str, first_line: int = 1):
    """Parse YAML text; lines are counted from `first_line` (front matter starts at line 2).

    Raises YamlProblem with a Vietnamese message for syntax errors and duplicate keys.
    """
    loader = _Loader(text)
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        raise YamlProblem(line, _explain(error)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, f"YAML không hợp lệ ({error}).") from None
    finally:
        loader.dispose()


def _explain(error: yaml.MarkedYAMLError) -> str:
    detail = f"{error.context or ''} {error.problem or ''}".strip()
    hint = ("lỗi cú pháp YAML. Thường gặp: thiếu dấu cách sau dấu hai chấm, thụt lề không đều "
            "(dùng dấu cách, không dùng Tab), hoặc chữ có dấu hai chấm chưa đặt trong ngoặc kép "
            "(ví dụ title: \"Kế hoạch: năm học 2024-2025\")")
    if "\\t" in detail or "\t" in detail:
        hint = "có ký tự Tab để thụt lề; YAML chỉ nhận dấu cách. Hãy thay Tab bằng dấu cách"
    return f"{hint}. (Chi tiết kỹ thuật: {detail})"
