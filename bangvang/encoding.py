"""Reading text files the way Windows users save them, and refusing legacy encodings.

Accepted: UTF-8 with or without BOM, UTF-16 with BOM (Notepad's "Unicode"). Rejected with a
plain Vietnamese explanation: bytes that are not UTF-8 (TCVN3, VNI, Windows-1258 files), and
UTF-8 text that is really TCVN3/VNI typed through a legacy font (".VnTime", "VNI-Times"),
which would otherwise be published as mojibake.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from .text import nfc

# Legacy-font text read as Unicode is almost all Latin-1 (U+0080–U+00FF), while real
# Vietnamese needs letters beyond it (ă đ ơ ư ạ ả ấ …). These characters tell the two
# legacy fonts apart.
_TCVN3_CHARS = set("\u00ad\u00ac\u00ae\u00a7\u00b8\u00b5\u00b6\u00b7\u00b9\u00a8\u00a9\u00aa\u00ab\u00c6\u00d6\u00f7")
_VNI_CHARS = set("\u00f6\u00f8\u00f9\u00fb\u00ef\u00f1\u00d1\u00e6\u00e4\u00eb\u00c6")
_CP1258_TONES = set(b"\xcc\xec\xd2\xde\xf2")

HOW_TO_FIX = ("Hãy mở tệp bằng Word hoặc Notepad, chọn Lưu thành (Save As) với bảng mã "
              "UTF-8, rồi chạy lại. Văn bản gõ bằng phông TCVN3 hay VNI cần chuyển sang "
              "Unicode trước (Unikey: Công cụ chuyển mã).")


class EncodingProblem(ValueError):
    """The file cannot be read as Vietnamese Unicode text; the message says why, in Vietnamese."""


def decode(data: bytes) -> str:
    """Bytes of a text file → NFC text with Windows line endings normalised."""
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="strict")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise EncodingProblem("tệp ghi là UTF-16 nhưng nội dung bị hỏng. " + HOW_TO_FIX) from None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise EncodingProblem(
                f"tệp không ở bảng mã UTF-8 (byte lạ ở dòng {line}); có vẻ là bảng mã cũ "
                f"{guess_legacy(data)}. " + HOW_TO_FIX) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    legacy = legacy_font_text(text)
    if legacy:
        raise EncodingProblem(f"dòng {legacy[1]} có vẻ được gõ bằng phông {legacy[0]} (chữ hiện "
                              "ra sai dấu). " + HOW_TO_FIX)
    return nfc(text)


def read_text(path: str | Path) -> str:
    return decode(Path(path).read_bytes())


def legacy_font_text(text: str) -> tuple[str, int] | None:
    """(legacy font, line number) of the first line that is TCVN3/VNI mojibake, else None."""
    for number, line in enumerate(text.split("\n"), start=1):
        latin1 = sum(1 for ch in line if "\u0080" <= ch <= "\u00ff")
        if latin1 < 5 or sum(1 for ch in line if "\u0100" <= ch <= "\u1eff") > latin1 * 0.1:
            continue
        tcvn3 = sum(1 for ch in line if ch in _TCVN3_CHARS)
        vni = sum(1 for ch in line if ch in _VNI_CHARS)
        if tcvn3 + vni >= 3:
            return ("TCVN3 (.VnTime)" if tcvn3 >= vni else "VNI (VNI-Times)"), number
    return None


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
