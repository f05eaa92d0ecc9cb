"""The plan text as Markdown: I. II. as headings, 1. and 1.1. as sub-headings, - and + as lists."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .clean import body_emphasis, strip_emphasis
from .vietnamese import folded, is_upper_line

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
         "X": 10, "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15}
ROMAN_OF = {v: k for k, v in ROMAN.items()}
_SECTION = re.compile(r"^(?:#+\s*)?(?:(?:PHẦN|Phần|PHAN)\s+)?([IVXl1]{1,5})\s*[.:)/-]\s*(\S.*)$")
# What OCR makes of a bold roman numeral: I read as J, l, 1, | or [ ("JI.", "[[I.", "[V."), its
# full stop as a comma ("I, MỤC ĐÍCH"). Taken only before a heading in capitals.
_OCR_SECTION = re.compile(r"^(?:#+\s*)?([IVXJl1|\[]{1,5})\s*[.:,)]\s*(\S.*)$")
_NUMBERED = re.compile(r"^(?:#+\s*)?(\d{1,2})\s*[.)]\s*(?!\d)(\S.*)$")
_SUBNUMBERED = re.compile(r"^(?:#+\s*)?(\d{1,2}(?:\s*\.\s*\d{1,2}){1,3})\s*\.?\s+(\S.*)$")
_LETTERED = re.compile(r"^([a-zđ])\s*\)\s*(\S.*)$")
_DASH = re.compile(r"^[-–—•●○◦▪■⁃‣·]\s*(?=\S)(.*)$")
_PLUS = re.compile(r"^\+\s*(?=\S)(.*)$")
_STAR_ITEM = re.compile(r"^\*\s+(\S.*)$")
_PAGE_NUMBER = re.compile(r"^(?:-\s*\d{1,3}\s*-|\d{1,3}|trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?)$")
_TERMINAL = (".", ";", ":", "!", "?", "./.", "…")
LONG_HEADING = 180


def section_of(line: str) -> tuple[str, str] | None:
    """("II", "NỘI DUNG") for a line "II. NỘI DUNG"; None for other lines."""
    text = strip_emphasis(line).strip()
    match = _SECTION.match(text)
    if not match:
        return _ocr_section(text)
    numeral, title = match.groups()
    if any(ch in numeral for ch in "l1"):
        if not is_upper_line(title) or not re.fullmatch(r"[IVl1]+", numeral) or numeral.isdigit():
            return None
        numeral = numeral.replace("l", "I").replace("1", "I")
    if numeral not in ROMAN or not re.search(r"[^\W\d_]{2}", title):
        return None
    if not is_upper_line(title) and (len(title) > 120 or title.rstrip().endswith((";", ","))):
        return None
    return numeral, title.strip().rstrip(":").strip()


def _ocr_section(text: str) -> tuple[str, str] | None:
    """A section heading whose numeral OCR misread ("JI. CÁC PHONG TRÀO", "I, MỤC ĐÍCH"):
    the heading must be in capitals and the numeral, its look-alikes made I, a real one."""
    match = _OCR_SECTION.match(text)
    if not match or not is_upper_line(match.group(2)) or match.group(1).isdigit():
        return None
    numeral = re.sub(r"[Jl1|\[]", "I", match.group(1))
    title = match.group(2)
    if numeral not in ROMAN or not re.search(r"[^\W\d_]{2}", title) or len(title) > LONG_HEADING:
        return None
    return numeral, title.strip().rstrip(":").strip()


@dataclass
class Item:
    kind: str       # section, heading, subheading, dash, plus, text, table
    text: str
    number: str = ""


def classify(line: str) -> Item:
    text = line.strip()
    section = section_of(text)
    if section:
        return Item("section", section[1], section[0])
    match = _SUBNUMBERED.match(text)
    if match:
        number = re.sub(r"\s+", "", match.group(1))
        return Item("subheading", match.group(2), number.rstrip(".") + ".")
    match = _NUMBERED.match(text)
    if match and not re.match(r"^\d{1,2}\s*[.)]\s*\d", text):
        return Item("heading", match.group(2), match.group(1) + ".")
    if text.startswith("|") and text.endswith("|"):
        return Item("table", text)
    match = _PLUS.match(text)
    if match:
        return Item("plus", match.group(1))
    match = _DASH.match(text) or _STAR_ITEM.match(text)
    if match:
        return Item("dash", match.group(1))
    return Item("text", text)


def join_broken_lines(lines: list[str]) -> list[str]:
    """Paragraphs cut by a page break ("… mạnh mẽ và" / "thực chất, …") joined again."""
    out: list[str] = []
    for line in lines:
        text = line.strip()
        if not text:
            out.append("")
            continue
        previous = next((i for i in range(len(out) - 1, -1, -1) if out[i]), None)
        first = strip_emphasis(text)[:1]
        if (previous is not None and first.islower() and not _DASH.match(text)
                and not out[previous].rstrip().endswith(_TERMINAL)
                and not out[previous].startswith("|")):
            out[previous] = out[previous].rstrip() + " " + text
            del out[previous + 1:]
            continue
        out.append(text)
    return out


def to_markdown(lines: list[str], drop: set[str] | None = None) -> tuple[str, list[dict], list[str]]:
    """(Markdown body, sections [{number, title}], warnings) from the body lines."""
    drop = drop or set()
    items: list[Item] = []
    for line in join_broken_lines(lines):
        if not line:
            items.append(Item("blank", ""))
            continue
        plain = folded(strip_emphasis(line)).strip()
        if plain in drop or _PAGE_NUMBER.match(plain) or not re.search(r"\w", plain):
            continue
        items.append(classify(line))
    _numbered_runs(items)
    sections: list[dict] = []
    warnings: list[str] = []
    out: list[str] = []
    previous_number = 0
    in_list = False
    list_has_dash = False
    for item in items:
        if item.kind == "blank":
            continue
        if item.kind in ("dash", "plus"):
            text = body_emphasis(item.text)
            if not in_list:
                out.append("")
                list_has_dash = False
            if item.kind == "plus" and list_has_dash:
                out.append("    - " + text)
            else:
                out.append("- " + text)
                list_has_dash = list_has_dash or item.kind == "dash"
            in_list = True
            continue
        in_list = False
        if item.kind == "section":
            value = ROMAN[item.number]
            if previous_number and value <= previous_number:
                fixed = ROMAN_OF.get(previous_number + 1, item.number)
                warnings.append(f"Mục “{item.number}. {item.text}” trùng hoặc lùi số so với mục "
                                f"trước; đã đánh lại thành “{fixed}.”. Hãy kiểm tra")
                item.number, value = fixed, previous_number + 1
            previous_number = value
            title = strip_emphasis(item.text)
            sections.append({"number": item.number, "title": title})
            out += ["", f"## {item.number}. {title}"]
        elif item.kind in ("heading", "subheading", "numbered"):
            text = body_emphasis(item.text)
            if item.kind == "numbered" or len(text) > LONG_HEADING:
                out += ["", f"**{item.number}** {text}"]
            else:
                level = "###" if item.kind == "heading" else "#" * min(6, 3 + item.number.count("."))
                if item.kind == "subheading":
                    level = "#" * min(6, 2 + item.number.rstrip(".").count(".") + 1)
                out += ["", f"{level} {item.number} {strip_emphasis(text).rstrip(' :')}"]
        elif item.kind == "table":
            if not out or not out[-1].startswith("|"):
                out.append("")
            out.append(item.text)
        else:
            text = body_emphasis(item.text)
            if re.match(r"^[#>]|^\d+\.\s", text):
                text = "\\" + text
            out += ["", text]
    body = "\n".join(out).strip() + "\n"
    body = re.sub(r"\n{3,}", "\n\n", body)
    return body, sections, warnings


def _sentence_like(text: str) -> bool:
    text = strip_emphasis(text).rstrip()
    return len(text) > LONG_HEADING or text.endswith((".", ";", "./."))


def _numbered_runs(items: list[Item]) -> None:
    """Numbered items under one section are all headings or all numbered paragraphs: when
    any of them is a whole sentence ("4. Thi đua xây dựng nông thôn mới."), none is a heading."""
    groups: list[list[Item]] = [[]]
    for item in items:
        if item.kind == "section":
            groups.append([])
        elif item.kind == "heading":
            groups[-1].append(item)
    for group in groups:
        if any(_sentence_like(item.text) for item in group):
            for item in group:
                item.kind = "numbered"
