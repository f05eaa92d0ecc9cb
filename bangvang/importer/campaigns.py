"""Names in a plan: campaigns, told apart from themes, programmes, contests and the rest.

A plan names its campaigns in quotes right after the word that says what they are:
thi đua “Dạy tốt - Học tốt”, cuộc vận động “Mỗi thầy, cô giáo …”, phong trào thi đua như:
“…”, “…”. The nearest such word before a quote decides what the quoted name is, so that
mục tiêu kép “…”, mô hình “…”, gương “người tốt, việc tốt”, chủ đề “…”, Đề án “…” are not
taken for campaigns. Quotes in a list after one cue share it. Matching against the
school's campaign records is folded and fuzzy: "Dạy tốt - Học tốt" = "Dạy tốt, học tốt".
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .clean import strip_emphasis
from .vietnamese import folded, key

OPEN, CLOSE, TOGGLE = set("“«„"), set("”»"), set('"')

# Folded cue words → what a quoted name right after them is. Longer cues first.
CUES = [
    ("cuoc van dong", "cuoc-van-dong"), ("van dong", "cuoc-van-dong"),
    ("phong trao thi dua", "phong-trao"), ("phong trao", "phong-trao"),
    ("dot thi dua", "phong-trao"), ("thi dua", "phong-trao"), ("huong ung", "phong-trao"),
    ("chu de nam hoc", "theme"), ("chu de", "theme"),
    ("khau hieu", "other"), ("phuong cham", "other"),
    ("de an", "programme"), ("chuong trinh", "programme"), ("du an", "programme"),
    ("cuoc thi", "contest"), ("hoi thi", "contest"), ("ky thi", "contest"),
    ("muc tieu", "other"), ("mo hinh", "other"), ("tam guong", "other"), ("guong", "other"),
    ("danh hieu", "other"), ("ngay hoi", "other"), ("tuan le", "other"), ("tieu chi", "other"), ("cau lac bo", "other"),
    ("giai", "other"), ("luat", "other"), ("nghi quyet", "other"), ("chi thi", "other"),
    ("ke hoach", "other"), ("cong van", "other"), ("hoat dong", "other"), ("nhan dip", "other"),
    ("chuyen muc", "other"), ("trang", "other"), ("tu sach", "other"), ("hop thu", "other"),
]
_CUE = re.compile(r"\b(" + "|".join(re.escape(c) for c, _ in CUES) + r")\b")
_CUE_KIND = dict(CUES)
MAX_GAP_WORDS = 4            # words allowed between a cue and its quoted name
MAX_GAP_THEME = 8            # "chủ đề năm 2025 của nhà trường “…”"
_LIST_GAP = re.compile(r"^[\s,;.…/-]*(?:(?:va|hoac|cung|cac|voi)\s+)*[\s,;]*$")
_LEADS_LIST = re.compile(r"(?:nhu|gom|la|sau)\s*:?\s*$|:\s*$")
CAMPAIGN_KINDS = ("phong-trao", "cuoc-van-dong")


@dataclass
class Named:
    name: str
    kind: str          # phong-trao, cuoc-van-dong
    line: int


@dataclass
class Found:
    campaigns: list[Named] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    programmes: list[str] = field(default_factory=list)
    contests: list[str] = field(default_factory=list)


def quoted_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted name, quotes excluded; an unbalanced closing quote
    gets its start from the first capitalised word inside its clause."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for index, ch in enumerate(line):
        if ch in OPEN or (ch in TOGGLE and opened is None):
            opened = index + 1
        elif ch in CLOSE or ch in TOGGLE:
            if opened is not None:
                spans.append((opened, index))
                opened = None
            else:
                start = _orphan_start(line, index, spans[-1][1] + 1 if spans else 0)
                if start is not None:
                    spans.append((start, index))
    if opened is not None:
        # The closing quote lost at the end of its sentence (OCR: "thi đua “Dạy tốt - Học
        # tốt."): a quotation does not go on past its paragraph, so a short one ends there.
        rest = re.match(r"\s*(.*?)\s*[.;!?]\s*$", line[opened:])
        if rest and rest.group(1) and len(rest.group(1).split()) <= 14:
            spans.append((opened + rest.start(1), opened + rest.end(1)))
    return [(s, e) for s, e in spans if re.search(r"[^\W\d_]{2}", line[s:e])]


def _orphan_start(line: str, end: int, floor: int) -> int | None:
    clause_start = max(floor, *(line.rfind(mark, 0, end) + 1 for mark in ";:(*"))
    # After a cue ("phong trào thi đua Xây dựng …”") the name starts after the cue.
    cues = list(_CUE.finditer(folded(line[clause_start:end])))
    if cues:
        clause_start += cues[-1].end()
    clause = line[clause_start:end]
    words = list(re.finditer(r"\S+", clause))
    if not words or len(words) > 14:
        return None
    for previous, word in zip(words, words[1:]):
        if word.group(0)[:1].isupper() and previous.group(0)[-1:].islower():
            return clause_start + word.start()
    if cues:
        return clause_start + words[0].start()
    return clause_start + words[0].start() if len(words) <= 10 else None


def _nearest_cue(context: str) -> tuple[str, int] | None:
    """(kind, words between the cue and the end of context) for the cue closest to the end."""
    fold = folded(context)
    matches = list(_CUE.finditer(fold))
    if not matches:
        return None
    last = matches[-1]
    # "phong trào thi đua": the longest cue ending at the same place wins.
    gap_words = len(re.findall(r"[^\W_]+", fold[last.end():]))
    return _CUE_KIND[last.group(1)], gap_words


def _clean_name(text: str) -> str:
    text = strip_emphasis(text).strip(" \t,;:.…-–—*_")
    return " ".join(text.split())


def find_named(lines: list[tuple[str, int]], known: dict[str, str] | None = None) -> Found:
    """Campaigns, themes, programmes and contests named in `lines` ((text, line index))."""
    found = Found()
    seen: set[str] = set()
    lead_kind: str | None = None      # the cue of a line ending in ":" heads a list below

    def add(kind: str, name: str, line: int) -> None:
        name = _clean_name(name)
        name_key = key(name)
        if len(name_key) < 4 or (kind, name_key) in seen:
            return
        seen.add((kind, name_key))
        if kind in CAMPAIGN_KINDS:
            name = name[:1].upper() + name[1:]   # names of campaigns are written capitalised
            if name_key in {key(c.name) for c in found.campaigns}:
                return
            found.campaigns.append(Named(name, kind, line))
        elif kind == "theme":
            found.themes.append(name)
        elif kind == "programme":
            found.programmes.append(name)
        elif kind == "contest":
            found.contests.append(name)

    for text, line_index in lines:
        line = text.strip()
        is_item = bool(re.match(r"^[-+•*–]\s", line))
        previous_end, previous_kind = None, None
        for start, end in quoted_spans(line):
            before = line[:max(0, start - 1)]
            kind = None
            if previous_end is not None and _LIST_GAP.match(folded(line[previous_end + 1:start - 1])):
                kind = previous_kind
            else:
                cue = _nearest_cue(before)
                gap = MAX_GAP_THEME if cue and cue[0] == "theme" else MAX_GAP_WORDS
                if cue and (cue[1] <= gap or _LEADS_LIST.search(folded(before))):
                    kind = cue[0]
                elif is_item and not re.search(r"[^\W\d_]", strip_emphasis(before).lstrip("-+•*– ")) \
                        and lead_kind:
                    kind = lead_kind
            if kind is None:
                kind = "none"
            name = line[start:end]
            if kind == "contest":
                contest = _contest_name(line, start)
                if contest:
                    add("contest", contest, line_index)
            elif kind != "none":
                add(kind, name, line_index)
            previous_end, previous_kind = end, kind
        for contest in _unquoted_contests(line):
            add("contest", contest, line_index)
        for theme in _unquoted_themes(line):
            add("theme", theme, line_index)
        for programme in _unquoted_programmes(line):
            add("programme", programme, line_index)
        for name in _known_unquoted(line, known or {}):
            add("phong-trao", name, line_index)
        if not is_item:
            ending = folded(strip_emphasis(line)).rstrip()
            cue = _nearest_cue(ending) if ending.endswith(":") else None
            lead_kind = cue[0] if cue and cue[0] != "other" else None
    return found


def _contest_name(line: str, quote_start: int) -> str | None:
    """The contest a quote belongs to: Cuộc thi “…” or Cuộc thi viết về … “…”."""
    fold = folded(line)
    starts = [m.start() for m in re.finditer(r"\b(cuoc thi|hoi thi)\b", fold[:quote_start])]
    if not starts:
        return None
    return _cut_contest(line, starts[-1])


# Words that start the name of a contest written in lower case: "cuộc thi viết về …".
_NAME_START = {"viet", "tim", "ve", "sang", "ke", "giao", "thiet", "khoa", "hoc", "doc", "van",
               "tieng", "nghien", "hung", "olympic", "trang", "an", "dan", "nu", "bai", "thanh",
               "nhan", "gioi", "truc", "tin", "toan", "stem", "robot", "chung", "nguoi"}
_GENERIC_AFTER = {"nhu", "khac", "bao", "do", "nay", "tren", "cap", "cac", "nhung", "de", "cua",
                  "va", "duoc", "se", "phai", "con", "thi", "nao", "lan", "dot", "tai", "o",
                  "trong", "theo", "phai", "deu", "co", "khi", "sau", "truoc", "da", "dang"}


def _is_contest_name(line: str, start: int) -> bool:
    """"Cuộc thi viết về …", not "các cuộc thi, hội thi cấp huyện" or "cuộc thi như sau"."""
    fold = folded(line)
    before = fold[:start].split()[-2:]
    if before and (before[-1] in ("cac", "nhung", "moi") or before[-1].startswith("thi,")):
        return False
    after = [w.strip(",.;:") for w in fold[start:].split()[2:3]]
    if not after or after[0] in _GENERIC_AFTER:
        return False
    if line[start].islower() and after[0] not in _NAME_START and not re.match(
            r"^\S+\s+\S+\s*[“\"«]", line[start:]):
        return False   # "việc tổ chức cuộc thi nghiêm túc …": the contest, not its name
    return True


def _cut_contest(line: str, start: int) -> str | None:
    if not _is_contest_name(line, start):
        return None
    fold = folded(line)
    quoted = re.match(r"^\S+\s+\S+\s*[“\"«]([^”\"»]+)[”\"»]", line[start:])
    if quoted:   # Hội thi “Nữ nhà giáo duyên dáng” nhân dịp …: the name ends with the quote
        return _clean_name(line[start:start + quoted.end()].replace("“", "").replace("”", "")
                           .replace('"', "").replace("«", "").replace("»", ""))
    stop = re.search(r"\s(?:trong\s|nam hoc \d|nam \d{4}|do\s|nhan\s|tu ngay|vong \d|"
                     r"vao ngay|vao thang|vao dip|thang \d|ngay \d|"
                     # the audience ends the name: "… dành cho học sinh khối 3, 4, 5", but
                     # "… dành cho học sinh trung học" is part of a national contest's name
                     r"danh cho (?:hoc sinh |cac )?(?:khoi|lop)|"
                     r"tai\s|theo\s|nham\s|de\s|va to chuc)|[;:(]|\.\s|\.$", fold[start:])
    end = start + stop.start() if stop else len(line)
    name = line[start:end]
    name = re.sub(r"[“”\"«»]", "", name)
    name = _clean_name(name)
    words = name.split()
    if len(words) < 3 or len(words) > 30:
        return None
    name = name[:1].upper() + name[1:]
    return name


def _unquoted_contests(line: str) -> list[str]:
    out = []
    for match in re.finditer(r"\b(cuoc thi|hoi thi)\s+(?=[^\W\d_])", folded(line)):
        after = folded(line)[match.end():]
        if after.startswith(("nay", "do ", "tren", "cac ", "nhung ")):
            continue
        name = _cut_contest(line, match.start())
        if name:
            out.append(name)
    return out


def _unquoted_themes(line: str) -> list[str]:
    match = re.search(r"\bchu de(?: nam hoc(?: \d{4}\s*-\s*\d{4})?)?(?: la)?\s*:\s*",
                      folded(line))
    if not match or '“' in line[match.end():match.end() + 2] or '"' in line[match.end():match.end() + 2]:
        return []
    rest = line[match.end():]
    stop = re.search(r"[;(]|\.\s|\.$", rest)
    name = _clean_name(rest[:stop.start()] if stop else rest)
    return [name] if 2 <= len(name.split()) <= 20 else []


def _unquoted_programmes(line: str) -> list[str]:
    out = []
    for match in re.finditer(r"(?<![\w])Đề án\s+(?![“\"«])(?=[^\W\d_])", line):
        rest = line[match.start():]
        stop = re.search(r"[;,:(]|\.\s|\.$|\s(?:nham|de|va|cua|theo|trong)\s", folded(rest)[6:])
        name = _clean_name(rest[:stop.start() + 6] if stop else rest)
        if 3 <= len(name.split()) <= 20:
            out.append(name)
    return out


def _known_unquoted(line: str, known: dict[str, str]) -> list[str]:
    """A known campaign named without quotes, right after phong trào / thi đua."""
    if not known:
        return []
    line_key = key(line)
    out = []
    for name in known:
        name_key = key(name)
        if len(name_key) < 8:
            continue
        for match in re.finditer(re.escape(name_key), line_key):
            before = line_key[:match.start()].split()[-3:]
            if {"trao", "dua", "dong"} & set(before):
                out.append(name)
                break
    return out


# --- matching against the school's campaign records ------------------------------------------

SIMILAR = 0.86


def match_campaign(name: str, known: dict[str, str]) -> tuple[str | None, float]:
    """(id, similarity) of the campaign record that `name` stands for, or (None, best)."""
    name_key = key(name)
    best_id, best = None, 0.0
    for known_name, campaign_id in known.items():
        known_key = key(known_name)
        if known_key == name_key:
            return campaign_id, 1.0
        ratio = difflib.SequenceMatcher(None, name_key, known_key).ratio()
        if ratio > best:
            best_id, best = campaign_id, ratio
    return (best_id, best) if best >= SIMILAR else (None, best)
