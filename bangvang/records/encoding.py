"""Reading text files the way Windows users save them, and refusing legacy encodings.

Accepted: UTF-8 with or without BOM, UTF-16 with BOM (Notepad's "Unicode"). Rejected with a
plain Vietnamese explanation: bytes that are not UTF-8 (TCVN3, VNI, Windows-1258 files),
UTF-16 saved without a BOM, binary files renamed to .md (a Word document, a PDF, a photo),
and UTF-8 text that is really TCVN3/VNI typed through a legacy font (".VnTime", "VNI-Times"),
which would otherwise be published as mojibake.

`decode` and `read_text` raise nothing but EncodingProblem, whatever the bytes.

Control characters pasted from Word (a vertical tab for Shift+Enter, a form feed for a page
break, NUL, U+2028 …) are not an encoding problem: `clean_controls` removes them and says
where, so that the caller can warn the author and go on.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from bangvang.records.text import nfc

# Legacy-font text read as Unicode is almost all Latin-1 (U+0080–U+00FF), while real
# Vietnamese needs letters beyond it (ă đ ơ ư ạ ả ấ …). These characters tell the two
# legacy fonts apart.
_TCVN3_CHARS = set("\u00ad\u00ac\u00ae\u00a7\u00b8\u00b5\u00b6\u00b7\u00b9\u00a8\u00a9\u00aa\u00ab\u00c6\u00d6\u00f7")
_VNI_CHARS = set("\u00f6\u00f8\u00f9\u00fb\u00ef\u00f1\u00d1\u00e6\u00e4\u00eb\u00c6")
_CP1258_TONES = set(b"\xcc\xec\xd2\xde\xf2")
_LATIN1 = re.compile("[\u0080-\u00ff]")
_BEYOND_LATIN1 = re.compile("[\u0100-\u1eff]")
_TCVN3_RE = re.compile("[" + "".join(sorted(_TCVN3_CHARS)) + "]")
_VNI_RE = re.compile("[" + "".join(sorted(_VNI_CHARS)) + "]")
# Characters typical of TCVN3/VNI mojibake: only lines with two of them can be mojibake
# (three are needed, Æ counting for both fonts).
_SUSPECT = "".join(sorted(_TCVN3_CHARS | _VNI_CHARS))
_SUSPECT_CHAR = re.compile(f"[{_SUSPECT}]")
_SUSPECT_LINE = re.compile(f"^[^\\n{_SUSPECT}]*[{_SUSPECT}][^\\n{_SUSPECT}]*[{_SUSPECT}].*$",
                           re.MULTILINE)

HOW_TO_FIX = ("Hãy mở tệp bằng Word hoặc Notepad, chọn Lưu thành (Save As) với bảng mã "
              "UTF-8, rồi chạy lại. Văn bản gõ bằng phông TCVN3 hay VNI cần chuyển sang "
              "Unicode trước (Unikey: Công cụ chuyển mã).")
SAVE_AS_UTF8 = ("Hãy mở tệp bằng Notepad, chọn Lưu thành (Save As), ở ô Bảng mã (Encoding) chọn "
                "UTF-8, rồi chạy lại.")
NOT_TEXT = ("Hồ sơ phải là tệp văn bản (.md, .yml) soạn bằng Notepad, VS Code hay một trình "
            "soạn văn bản; hãy chép nội dung vào một tệp văn bản, hoặc dùng `bangvang import` "
            "cho tệp Word.")

# Start of files that are certainly not text: what they most likely are.
_BINARY_SIGNATURES = (
    (b"PK\x03\x04", "tệp Word .docx (hoặc tệp nén ZIP) bị đổi đuôi"),
    (b"\xd0\xcf\x11\xe0", "tệp Word đời cũ .doc (hoặc Excel .xls) bị đổi đuôi"),
    (b"%PDF", "tệp PDF bị đổi đuôi"),
    (b"{\\rtf", "tệp RTF của Word bị đổi đuôi"),
    (b"\x89PNG", "ảnh PNG bị đổi đuôi"),
    (b"\xff\xd8\xff", "ảnh JPEG bị đổi đuôi"),
    (b"GIF8", "ảnh GIF bị đổi đuôi"),
)


class EncodingProblem(ValueError):
    """The file cannot be read as Vietnamese Unicode text; the message says why, in Vietnamese."""


def decode(data: bytes) -> str:
    """Bytes of a text file → NFC text with Windows line endings normalised.

    Control characters are kept; see `clean_controls`.
    """
    try:
        return _decode(bytes(data))
    except EncodingProblem:
        raise
    except Exception as error:  # noqa: BLE001 - nothing else may leave: say what happened
        raise EncodingProblem(f"không đọc được nội dung tệp ({type(error).__name__}). "
                              + HOW_TO_FIX) from None


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise EncodingProblem("tệp được lưu ở bảng mã UTF-32, chương trình chỉ đọc UTF-8. "
                              + SAVE_AS_UTF8)
    if data.startswith(codecs.BOM_UTF8):
        text = _utf8(data[3:], offset=3, data=data, after_bom=True)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise EncodingProblem("tệp ghi là UTF-16 nhưng nội dung bị hỏng. "
                                  + HOW_TO_FIX) from None
    else:
        _refuse_binary(data)
        text = _utf8(data, offset=0, data=data, after_bom=False)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    legacy = legacy_font_text(text)
    if legacy:
        raise EncodingProblem(f"dòng {legacy[1]} có vẻ được gõ bằng phông {legacy[0]} (chữ hiện "
                              "ra sai dấu). " + HOW_TO_FIX)
    return nfc(text)


def _utf8(payload: bytes, offset: int, data: bytes, after_bom: bool) -> str:
    try:
        return payload.decode("utf-8")
    except UnicodeDecodeError as error:
        position = error.start + offset
        line = data[:position].count(b"\n") + 1
        if after_bom:
            raise EncodingProblem(
                f"tệp có dấu đầu tệp (BOM) của UTF-8 nhưng nội dung không phải UTF-8 (byte lạ ở "
                f"dòng {line}); có thể tệp được ghép từ hai tệp khác bảng mã, hoặc là bảng mã cũ "
                f"{guess_legacy(data[3:])}. " + HOW_TO_FIX) from None
        raise EncodingProblem(
            f"tệp không ở bảng mã UTF-8 (byte lạ ở dòng {line}); có vẻ là bảng mã cũ "
            f"{guess_legacy(data)}. " + HOW_TO_FIX) from None


def _refuse_binary(data: bytes) -> None:
    """EncodingProblem for UTF-16 without BOM and for files that are not text at all."""
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise EncodingProblem(f"đây không phải tệp văn bản mà có vẻ là {what}. " + NOT_TEXT)
    nuls = data.count(0)
    if not nuls:
        return
    if _utf16_without_bom(data):
        raise EncodingProblem("tệp được lưu ở bảng mã UTF-16 (Unicode) không có dấu đầu tệp "
                              "(BOM), chương trình chỉ đọc UTF-8. " + SAVE_AS_UTF8)
    # A stray NUL in real text is cleaned like any control character (clean_controls); many
    # of them, or NULs in bytes that are not UTF-8, mean a binary file.
    if nuls > max(8, len(data) // 100) or not _is_utf8(data):
        raise EncodingProblem("đây không phải tệp văn bản (có nhiều byte rỗng NUL, như tệp Word, "
                              "ảnh hay tệp nén bị đổi đuôi). " + NOT_TEXT)


def _utf16_without_bom(data: bytes) -> bool:
    """Every other byte NUL: ASCII-heavy text in UTF-16 LE or BE."""
    if len(data) < 4:
        return False
    sample = data[:20000]
    even, odd = sample[0::2], sample[1::2]
    even_nuls, odd_nuls = even.count(0), odd.count(0)
    low, high = min(even_nuls, odd_nuls), max(even_nuls, odd_nuls)
    size = len(odd) or 1
    return high >= max(2, size * 0.3) and low <= size * 0.02


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def read_text(path: str | Path, max_bytes: int | None = None) -> str:
    """The decoded text of a regular file (never a FIFO or a device, which could hang)."""
    from bangvang.records.safepath import MAX_TEXT_BYTES
    limit = MAX_TEXT_BYTES if max_bytes is None else max_bytes
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise EncodingProblem("đây không phải một tệp bình thường (là thư mục, thiết bị hay "
                                  "ống dẫn); hãy dùng một tệp văn bản")
        if info.st_size > limit:
            raise EncodingProblem(f"tệp quá lớn ({info.st_size // 1024} KB, tối đa "
                                  f"{limit // 1024} KB); hãy tách nhỏ tệp")
        with open(path, "rb") as file:
            data = file.read(limit + 1)
    except EncodingProblem:
        raise
    except (OSError, ValueError, TypeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise EncodingProblem(f"không đọc được tệp ({reason}); hãy kiểm tra tệp còn đó và "
                              "không bị chương trình khác khoá") from None
    if len(data) > limit:
        raise EncodingProblem(f"tệp quá lớn (hơn {limit // 1024} KB); hãy tách nhỏ tệp")
    return decode(data)


def legacy_font_text(text: str) -> tuple[str, int] | None:
    """(legacy font, line number) of the first line that is TCVN3/VNI mojibake, else None."""
    # Only lines with two suspect characters can be mojibake. Real Vietnamese has few of
    # them (ù, ö …): jump from one to the next instead of counting every character of every
    # line (a 3,000-award honour roll is 800 KB); a text full of them is read line by line by
    # one regular expression, whose time does not depend on the content.
    suspects = _count(_SUSPECT_CHAR, text)
    if suspects < 2:
        return None
    if suspects > 2000:
        for match in _SUSPECT_LINE.finditer(text):
            found = _legacy_line(match.group(0))
            if found:
                return found, text.count("\n", 0, match.start()) + 1
        return None
    search, position, size = _SUSPECT_CHAR.search, 0, len(text)
    while (match := search(text, position)) is not None:
        first = match.start()
        line_start = text.rfind("\n", 0, first) + 1
        line_end = text.find("\n", first)
        line_end = size if line_end < 0 else line_end
        position = line_end + 1
        if search(text, first + 1, line_end) is None:
            continue
        found = _legacy_line(text[line_start:line_end])
        if found:
            return found, text.count("\n", 0, line_start) + 1
    return None


def _legacy_line(line: str) -> str | None:
    line = line[:2000]  # mojibake is mojibake from its start; a 2 MB line is not read whole
    latin1 = _count(_LATIN1, line)
    if latin1 < 5 or _count(_BEYOND_LATIN1, line) > latin1 * 0.1:
        return None
    tcvn3, vni = _count(_TCVN3_RE, line), _count(_VNI_RE, line)
    if tcvn3 + vni >= 3:
        return "TCVN3 (.VnTime)" if tcvn3 >= vni else "VNI (VNI-Times)"
    return None


def _count(pattern: re.Pattern, text: str) -> int:
    """How many characters of `text` the one-character `pattern` matches (no list built)."""
    return len(text) - len(pattern.sub("", text))


def guess_legacy(data: bytes) -> str:
    """Best guess between Windows-1258, TCVN3 and VNI for bytes that are not UTF-8."""
    latin = data.decode("latin-1")
    scores = {
        "Windows-1258": 2 * sum(1 for byte in data if byte in _CP1258_TONES),
        "TCVN3": sum(1 for ch in latin if ch in _TCVN3_CHARS),
        "VNI": sum(1 for ch in latin if ch in _VNI_CHARS),
    }
    best = max(scores, key=scores.get)
    return best if scores[best] else "(TCVN3, VNI hoặc Windows-1258)"


# --- Control characters -------------------------------------------------------------------------

# Line-like characters become a space in YAML (a line break there would change the structure)
# and a line break in a Markdown body; the others are removed. \t and \n are kept.
_LINE_LIKE = "\x0b\x0c\x85\u2028\u2029"
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_NAMES = {
    "\x00": "NUL",
    "\x0b": "VT (xuống dòng bằng Shift+Enter)",
    "\x0c": "FF (ngắt trang)",
    "\x85": "NEL (xuống dòng)",
    "\u2028": "U+2028 (ngắt dòng)",
    "\u2029": "U+2029 (ngắt đoạn)",
    "\ufeff": "U+FEFF (dấu BOM giữa tệp)",
}
MAX_CLEANUP_WARNINGS = 10


@dataclass(frozen=True)
class Cleanup:
    """Control characters removed from one line (1-based line of the file)."""
    line: int
    characters: tuple[str, ...]   # the distinct characters, in order of appearance
    replaced_by: str | None       # "dấu cách" or "xuống dòng" when some were replaced

    def names(self) -> str:
        return ", ".join(_NAMES.get(c, f"U+{ord(c):04X}") for c in self.characters)

    def message(self) -> str:
        how = f" (thay bằng {self.replaced_by})" if self.replaced_by else ""
        return (f"đã bỏ ký tự điều khiển {self.names()}{how} (thường do dán từ Word) ở dòng "
                f"{self.line}; nội dung vẫn được đọc, nhưng nên xoá ký tự này trong tệp")


def clean_controls(text: str, first_line: int = 1, markdown: bool = False
                   ) -> tuple[str, list[Cleanup]]:
    """`text` without control characters, and where they were (lines from `first_line`).

    In YAML (markdown=False) VT, FF, NEL, U+2028 and U+2029 become a space; in a Markdown body
    a line break. Other control characters (NUL, C0 and C1 controls, U+FEFF) are removed.
    """
    if not _CONTROLS.search(text):
        return text, []
    cleanups: list[Cleanup] = []
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines, start=first_line):
        found = _CONTROLS.findall(line)
        if not found:
            out.append(line)
            continue
        replaced = any(c in _LINE_LIKE for c in found)
        cleanups.append(Cleanup(number, tuple(dict.fromkeys(found)),
                                ("xuống dòng" if markdown else "dấu cách") if replaced else None))
        out.append(_CONTROLS.sub(lambda m: _replacement(m.group(0), markdown), line))
    return "\n".join(out), cleanups


def _replacement(character: str, markdown: bool) -> str:
    if character in _LINE_LIKE:
        return "\n" if markdown else " "
    return ""


def cleanup_messages(cleanups: list[Cleanup]) -> list[tuple[int, str]]:
    """(line, Vietnamese warning) for each cleaned line, at most MAX_CLEANUP_WARNINGS + 1."""
    shown = [(c.line, c.message()) for c in cleanups[:MAX_CLEANUP_WARNINGS]]
    rest = cleanups[MAX_CLEANUP_WARNINGS:]
    if rest:
        shown.append((rest[0].line, f"đã bỏ ký tự điều khiển ở {len(rest)} dòng khác nữa (từ "
                      f"dòng {rest[0].line}), thường do dán từ Word; nên xoá các ký tự này"))
    return shown
