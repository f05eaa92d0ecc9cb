"""Clean raw lines: conversion leftovers out, flattened columns apart, Telex slips fixed."""
from __future__ import annotations

import re

from .vietnamese import fix_telex, folded, strip_combining

# A bookmark of Word's hidden kind ("_GoBack", "_Toc…") also when a scan's OCR misread the
# word "bookmark" ("[bookmơrk: _GoBgck ]") or a converter's anchor's "[]" ("[l{#_Toc1 …}"), its
# brace read as a parenthesis ("[](#_Toc1 .anchor}", FreeSans, session 27) or not read at all
# ("[I#_Toc1 .anchor}", Noto Sans, session 28: each of the anchor's brackets may be misread
# or lost, so none of them but the first "[" and "#" before a letter is required).
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]|\{#[^}]*\}|<a\s+(?:name|id)=[^>]*>\s*</a>|"
                       r"\[[\]lI|]?(?:\{#[^}]*\}|[({]?#\s*_?\s*[A-Za-z][^})]*[})])|"
                       r"\[\s*b\w{5,8}\s*:\s*_[^\]]*\]", re.I)
_ESCAPED = re.compile(r"\\([-*_.()\[\]#+!`>|~])")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]+")
MARKER = re.compile(r"^\s*(?:[-–—•●○◦▪■+*]|\d{1,2}(?:\.\d{1,2}){0,2}[.)]?|[a-zđ][.)]|"
                    r"[IVXL]{1,5}[.)])\s*$")
# Lines of the header and the signature block, which flattened two-column layouts mix up.
_LAYOUT = re.compile(
    r"^\s*(?:s[oố0]\s*[:.]|cong hoa xa hoi|doc lap\s*[-–]|noi nhan|kt\.?\s*hieu|tm\.?\s|"
    r"tl\.?\s|q\.?\s*hieu|hieu truong|pho hieu truong|truong phong|chu tich|giam doc|"
    r"\(da ky\)|\(ky|.{0,40},\s*ngay\s*[\d.…_ ]*\s*thang|uy ban nhan dan|ubnd|phong giao duc|"
    r"phong gd|so giao duc|truong (?:thcs|thpt|tieu hoc|mam non|th\b|mn\b|trung hoc)|"
    r"-\s*(?:nhu tren|luu|cac|ban|phong|so|ht|pht))")


_BLANK_DAY = re.compile(r"(ng[aà]y)[ ._…]{2,}(?=th[aá]ng)", re.I)
_BLANK_NUMBER = re.compile(r"(S[ốo]\s*:)[ ._…]{2,}(?=/)", re.I)


def clean_inline(text: str) -> str:
    """Conversion leftovers out of one line: bookmarks, bold markers, escapes, odd spaces."""
    text = strip_combining(text.translate(_INVISIBLE))
    text = _BOOKMARK.sub("", text)
    text = _ESCAPED.sub(r"\1", text)
    text = text.replace("**", "").replace("__", "")
    text = text.replace("''", "\"").replace("``", "\"").replace("„", "“")
    text = re.sub(r"(?<=\d)[Oo](?=\d)", "0", text)
    # Specks a scan leaves at the edge of a line: "YÊU CẦU ¦", "Lưu: VT. |".
    text = text.replace("¦", " ")
    if not text.lstrip().startswith("|"):
        text = re.sub(r"\s+[|~]+\s*$", "", text)
    # OCR's Ư for U where Vietnamese has no ư: before y ("HƯYỆN") and after q ("QƯẬN").
    text = re.sub(r"Ư(?=[YỲÝỶỸỴ])|(?<=[Qq])Ư", "U", text)
    text = re.sub(r"ư(?=[yỳýỷỹỵ])|(?<=[Qq])ư", "u", text)
    return text


# OCR reads ợ as ọ: "phối họp" is always "phối hợp" in a plan (họp alone is a meeting).
_OCR_PAIRS = {"phối họp": "phối hợp", "kết họp": "kết hợp", "phù họp": "phù hợp",
              "tổng họp": "tổng hợp", "trường họp": "trường hợp", "họp tác": "hợp tác",
              "hòa họp": "hòa hợp", "thích họp": "thích hợp",
              "ƯBND": "UBND"}
_OCR_PATTERN = re.compile("|".join(re.escape(k) for k in _OCR_PAIRS), re.I)


def fix_ocr_letters(line: str) -> tuple[str, list[tuple[str, str]]]:
    """Letters OCR is known to confuse, fixed where the word pair leaves no doubt."""
    fixes: list[tuple[str, str]] = []

    def replace(match: re.Match) -> str:
        found = match.group(0)
        fixed = _OCR_PAIRS.get(found) or _OCR_PAIRS.get(found.lower(), found)
        if found[:1].isupper():
            fixed = fixed[:1].upper() + fixed[1:]
        if fixed != found:
            fixes.append((found, fixed))
        return fixed

    return _OCR_PATTERN.sub(replace, line), fixes


def _segments(line: str, spaces: bool) -> list[str]:
    parts = re.split(r"\t+| {4,}" if spaces else r"\t+", line)
    merged: list[str] = []
    for part in parts:
        if merged and MARKER.match(merged[-1]):
            merged[-1] = merged[-1].rstrip() + " " + part.lstrip()
        else:
            merged.append(part)
    return [m for m in merged if m.strip()] or [""]


def clean_lines(raw: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Cleaned lines (blank lines kept as "") and the Telex slips that were fixed."""
    lines: list[str] = []
    fixes: list[tuple[str, str]] = []
    title_seen = False
    for number, original in enumerate(raw):
        text = clean_inline(original)
        if not title_seen and re.match(r"^\W*ke\s*hoach\W*$|^\W*ke\s*hoach\s",
                                        folded(text.strip())):
            title_seen = True
        # A Markdown pipe row above the title ("| UBND … | CỘNG HÒA … |", a converter's header
        # table printed or read as text): its cells are the header's columns.
        if not title_seen and text.strip().startswith("|") and text.count("|") >= 3:
            text = "\t".join(cell.strip() for cell in text.strip().strip("|").split("|"))
        # Blanks left for a hand-written day or number are not column gaps.
        text = _BLANK_DAY.sub(r"\1 ", text)
        text = _BLANK_NUMBER.sub(r"\1 ", text)
        if "\t" in text or re.search(r"\S {4,}\S", text):
            segments = _segments(text, spaces=not title_seen)
            if title_seen and len(segments) == 1:
                # Recipients and signer side by side, separated by spaces instead of a tab.
                spaced = _segments(text, spaces=True)
                if any(_LAYOUT.match(folded(s.strip())) for s in spaced[1:]):
                    segments = spaced
            fold_segments = [folded(s.strip()) for s in segments]
            layout = not title_seen or any(_LAYOUT.match(f) for f in fold_segments)
            if layout and len(segments) > 1:
                pieces = [s for s in segments]
            else:
                pieces = [" ".join(s.strip() for s in segments)]
        else:
            pieces = [text]
        for piece in pieces:
            piece = _SPACES.sub(" ", piece.replace("\t", " ")).strip()
            piece, slips = fix_telex(piece)
            fixes += slips
            piece, slips = fix_ocr_letters(piece)
            fixes += slips
            lines.append(piece)
    return lines, fixes


def strip_emphasis(text: str) -> str:
    """Text for a field: no Markdown emphasis at all."""
    text = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])", r"\1", text)
    return " ".join(text.replace("*", " ").split())


def body_emphasis(text: str) -> str:
    """Text for the body: balanced *italics* kept, stray asterisks removed."""
    kept = []

    def keep(match: re.Match) -> str:
        kept.append(match.group(1))
        return f"\x00{len(kept) - 1}\x00"

    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", keep, text)
    text = text.replace("*", "")
    return re.sub(r"\x00(\d+)\x00", lambda m: f"*{kept[int(m.group(1))]}*", text)
