"""YAML that remembers line numbers, keeps every value as written, and refuses surprises.

The contract the field declarations rely on:

- A document is a LineDict, a LineList, a str or None. Every scalar is the `str` the author
  wrote (NFC): `0135` stays "0135" (YAML 1.1 would read 93), `1:20` stays "1:20" (not 80),
  `true`, `2024-02-30`, `15` and `1.5` stay text. Only an empty value, `~` and `null`
  (`Null`, `NULL`) are None. Converting to numbers, dates … is the declarations' work, where
  a bad value can be explained.
- PyYAML silently keeps the last of two equal keys; an author who wrote `name:` twice is told.
- Records never need YAML's programming features, so they are refused with a message
  instead of being interpreted: explicit tags (`!!timestamp`, `!!python/object`, `!foo`;
  `!!str` is allowed, it just means text), anchors and aliases (`&a`, `*a`, which also
  stops "billion laughs"), merge keys (`<<`) and nesting deeper than MAX_DEPTH.
- Any problem is a YamlProblem(line, Vietnamese message); no other exception leaves
  `load_yaml`.

Speed: LibYAML's parser (CSafeLoader, pure-Python SafeLoader when LibYAML is missing)
produces the events and the values are built here, in one pass with an explicit stack.
Parsing events rather than composing nodes is deliberate: LibYAML's composer recurses in C
and crashes the interpreter (segmentation fault) on a few hundred kilobytes of `- - - - …`,
while its parser does not recurse, and building from events stops at the first refused
feature without reading the rest.
"""
from __future__ import annotations

import unicodedata

import yaml
from yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                         ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent)

from bangvang.records.encoding import clean_controls

MAX_DEPTH = 20
_PARSER = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
_STR_TAG = "tag:yaml.org,2002:str"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class LineDict(dict):
    """A mapping that knows the line of itself and of each of its keys (1-based)."""
    line: int = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict = {}
        self.blocks: set = set()   # keys whose value is a block scalar (`|` or `>`)

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A sequence that knows the line where it starts and the line of each item (1-based)."""
    line: int = 0

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        if isinstance(index, int) and -len(self.lines) <= index < len(self.lines):
            return self.lines[index]
        return self.line


class YamlProblem(ValueError):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def load_yaml(text: str, first_line: int = 1, cleanups: list | None = None):
    """Parse YAML text; lines are counted from `first_line` (front matter starts at line 2).

    Control characters (a vertical tab pasted from Word …) are cleaned: with a `cleanups`
    list, each cleaned line is appended to it (encoding.Cleanup, for a warning) and parsing
    goes on; without one, they are a YamlProblem naming the line.

    Raises YamlProblem with a Vietnamese message for everything else that is wrong.
    """
    offset = first_line - 1
    try:
        text, found = clean_controls(text, first_line)
    except Exception:  # noqa: BLE001 - not text at all
        raise YamlProblem(None, "nội dung không phải là chữ (văn bản) nên không đọc được YAML") \
            from None
    if found:
        if cleanups is None:
            raise YamlProblem(found[0].line, f"có ký tự điều khiển {found[0].names()} (thường "
                                             "do dán từ Word) ở dòng này; hãy xoá ký tự đó")
        cleanups.extend(found)
    try:
        return _build(text, offset)
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark else None
        raise YamlProblem(line, _explain(error)) from None
    except yaml.reader.ReaderError as error:
        line = _reader_line(text, error.position, first_line)
        character = error.character
        shown = f"U+{character:04X}" if isinstance(character, int) else repr(character)
        raise YamlProblem(line, f"có ký tự không dùng được trong YAML ({shown}); hãy xoá ký tự "
                                "này (thường do dán từ Word hay từ trang web)") from None
    except yaml.YAMLError as error:
        raise YamlProblem(None, "YAML không hợp lệ; hãy kiểm tra lại cú pháp của phần thông tin "
                                f"(chi tiết kỹ thuật: {_short(str(error))})") from None
    except RecursionError:
        raise YamlProblem(None, _TOO_DEEP) from None
    except Exception as error:  # noqa: BLE001 - nothing else may leave
        detail = f"{type(error).__name__}: {_short(str(error))}"
        raise YamlProblem(None, "không đọc được YAML; hãy kiểm tra lại phần thông tin (chi tiết "
                                f"kỹ thuật: {detail})") from None


def _reader_line(text: str, position, first_line: int) -> int | None:
    """The line of a reader error: LibYAML counts UTF-8 bytes, PyYAML characters."""
    if not isinstance(position, int) or position < 0:
        return None
    if _PARSER is not yaml.SafeLoader:
        return text.encode("utf-8", "replace")[:position].count(b"\n") + first_line
    return text[:position].count("\n") + first_line


def _build(text: str, offset: int):
    """Values from the parser's events (see the module docstring for why not nodes)."""
    parser = _PARSER(text)
    try:
        return _build_from(parser, offset)
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


def _build_from(parser, offset: int):
    get_event = parser.get_event
    normalize = unicodedata.normalize
    # Each frame: [container, pending key or _NO_KEY, line of the pending key]
    stack: list[list] = []
    result, documents, no_key = None, 0, _NO_KEY
    while True:
        event = get_event()
        kind = type(event)
        if kind is ScalarEvent:
            line = event.start_mark.line + 1 + offset
            if event.anchor is not None:
                raise YamlProblem(line, _anchor_message(event.anchor))
            tag = event.tag
            if tag is not None and tag != _STR_TAG:
                raise YamlProblem(line, _tag_message(tag))
            value = event.value
            block = event.style in ("|", ">")   # its text starts on the next line
            if tag is None and event.implicit[0] and value in _NULLS:
                value = None
            elif not value.isascii():
                value = normalize("NFC", value)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            stack.append([_open(event, stack, offset), no_key, 0])
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            value = stack.pop()[0]
            line = value.line
            block = False
        elif kind is AliasEvent:
            raise _alias_problem(event, offset)
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _second_document(event, offset)
            continue
        elif kind is StreamEndEvent or event is None:
            return result
        else:  # StreamStart, DocumentEnd
            continue

        # A complete value (scalar or closed collection) at `line`: put it where it belongs.
        if not stack:
            result = value
            continue
        top = stack[-1]
        container, key = top[0], top[1]
        if type(container) is LineList:
            container.append(value)
            container.lines.append(line)
        elif key is no_key:
            top[1], top[2] = _key(value, event, line, container), line
        else:
            container[key] = value
            container.lines[key] = top[2]
            if block:
                container.blocks.add(key)
            top[1] = no_key


def _open(event, stack: list[list], offset: int):
    """The container a mapping or sequence starts, after refusing what records never use."""
    line = event.start_mark.line + 1 + offset
    if event.anchor is not None:
        raise YamlProblem(line, _anchor_message(event.anchor))
    if event.tag is not None:
        raise YamlProblem(line, _tag_message(event.tag))
    if stack and type(stack[-1][0]) is LineDict and stack[-1][1] is _NO_KEY:
        raise YamlProblem(line, "tên trường phải là chữ đơn giản, không phải danh sách hay khối")
    if len(stack) >= MAX_DEPTH:
        raise YamlProblem(line, _TOO_DEEP)
    container = LineDict() if type(event) is MappingStartEvent else LineList()
    container.line = line
    return container


def _alias_problem(event, offset: int) -> YamlProblem:
    return YamlProblem(event.start_mark.line + 1 + offset,
                       f"có bí danh “*{_short(event.anchor or '', 40)}” của YAML; hồ sơ không "
                       "dùng mốc và bí danh (& và *): hãy chép giá trị ra đầy đủ ở đây (nếu là "
                       "chữ có dấu *, hãy đặt trong ngoặc kép)")


def _second_document(event, offset: int) -> YamlProblem:
    return YamlProblem(event.start_mark.line + 1 + offset,
                       "tệp có thêm một dòng `---` (hoặc `...`) ở giữa, YAML hiểu là bắt đầu "
                       "phần thứ hai; mỗi tệp chỉ có một phần thông tin: hãy xoá dòng đó")


_NO_KEY = object()


def _key(value, event, line: int, mapping: LineDict) -> str:
    """The key of a mapping entry: text, not empty, not a merge key, not written twice."""
    if value is None:
        value = event.value
    if value == "":
        raise YamlProblem(line, "có dấu hai chấm mà không có tên trường phía trước; hãy viết "
                                "tên trường, ví dụ `name: …`, hoặc đặt chữ trong ngoặc kép")
    if value == "<<" and event.implicit[0]:
        raise YamlProblem(line, "khoá gộp “<<” của YAML không được dùng trong hồ sơ; hãy viết "
                                "đủ từng trường ra đây")
    if value in mapping:
        raise YamlProblem(line, f"trường “{_short(value, 60)}” được viết hai lần (lần đầu ở dòng "
                                f"{mapping.lines[value]}); hãy xoá một lần, chỉ giữ giá trị đúng")
    return value


def _tag_message(tag: str) -> str:
    shown = "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
    shown = _short(shown, 40)
    return (f"có nhãn kiểu “{shown}” của YAML; hồ sơ không dùng nhãn kiểu: hãy xoá “{shown}” "
            "và chỉ ghi giá trị (muốn chắc chắn là chữ thì đặt giá trị trong ngoặc kép; nếu "
            "chữ bắt đầu bằng dấu !, cũng hãy đặt trong ngoặc kép)")


def _anchor_message(anchor: str) -> str:
    return (f"có mốc “&{_short(anchor, 40)}” của YAML; hồ sơ không dùng mốc và bí danh (& và *): "
            "hãy xoá mốc và chép giá trị ra đầy đủ ở mỗi nơi cần (nếu là chữ bắt đầu bằng dấu &, "
            "hãy đặt trong ngoặc kép)")


_TOO_DEEP = (f"dữ liệu lồng nhau quá sâu (hơn {MAX_DEPTH} tầng); hồ sơ chỉ cần vài tầng thụt lề: "
             "hãy kiểm tra lại thụt lề, dấu gạch đầu dòng `-` và các dấu ngoặc [ ] { } thừa")


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _explain(error: yaml.MarkedYAMLError) -> str:
    detail = _short(f"{error.context or ''} {error.problem or ''}".strip())
    hint = ("lỗi cú pháp YAML. Thường gặp: thiếu dấu cách sau dấu hai chấm, thụt lề không đều "
            "(dùng dấu cách, không dùng Tab), hoặc chữ có dấu hai chấm chưa đặt trong ngoặc kép "
            "(ví dụ title: \"Kế hoạch: năm học 2024-2025\")")
    if "\\t" in detail or "\t" in detail:
        hint = "có ký tự Tab để thụt lề; YAML chỉ nhận dấu cách. Hãy thay Tab bằng dấu cách"
    return f"{hint}. (Chi tiết kỹ thuật: {detail})"


def text_values(value, path: str = "", line: int = 0):
    """(line, field path, text) of every text in loaded YAML, at any depth ("awards[3].reason");
    the line is where the text starts (a `|` or `>` block's text is on the line after its key)."""
    if isinstance(value, dict):
        for key, item in value.items():
            at = value.line_of(key) + (key in value.blocks) if isinstance(value, LineDict) \
                else line
            yield from text_values(item, f"{path}.{key}" if path else str(key), at)
    elif isinstance(value, list):
        lines = getattr(value, "lines", None)
        for index, item in enumerate(value):
            item_line = getattr(item, "line", None) or (lines[index] if lines else line)
            yield from text_values(item, f"{path}[{index + 1}]", item_line)
    elif isinstance(value, str):
        yield line, path, value
