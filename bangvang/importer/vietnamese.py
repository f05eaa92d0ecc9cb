"""Vietnamese words for the importer: aligned folding, syllable shape, Telex slips.

`folded(text)` keeps one character per character of `text`, so a match found in the folded
(accent-free, lower-case) form can be cut out of the original with the same indexes: the
extraction reads OCR text that lost its accents with the same patterns as clean text.
"""
from __future__ import annotations

import re
import unicodedata

from bangvang.records.text import fold, nfc

_FOLD_CACHE: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    cached = _FOLD_CACHE.get(ch)
    if cached is None:
        cached = fold(ch)
        if len(cached) != 1:
            lower = ch.lower()
            cached = lower if len(lower) == 1 else ch
        _FOLD_CACHE[ch] = cached
    return cached


def folded(text: str) -> str:
    """fold() that keeps the length: folded(text)[i] is the folded text[i]."""
    return "".join(_fold_char(ch) for ch in text)


def key(text: str) -> str:
    """Comparison key: folded words only ("Dạy tốt - Học tốt" == "Dạy tốt, học tốt")."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


# --- Syllable shape (on the folded form) -------------------------------------------------

_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_NUCLEUS = (r"(?:uye|uya|uyu|ieu|yeu|oai|oay|oeo|uay|uoi|uou|uao|"
            r"ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|ua|ue|ui|uo|uu|uy|ya|ye|"
            r"a|e|i|o|u|y)")
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(f"^{_ONSET}{_NUCLEUS}{_CODA}$")


def is_syllable(word: str) -> bool:
    """Whether a word (any case, accents or not) has the shape of one Vietnamese syllable."""
    return bool(_SYLLABLE.match(fold(word)))


VIETNAMESE_MARKED = set("ăâđêôơưĂÂĐÊÔƠƯ")


def has_marks(word: str) -> bool:
    """Whether a word carries a tone or a letter mark (ă â đ ê ô ơ ư)."""
    return any(ch in VIETNAMESE_MARKED or (ord(ch) > 127 and fold(ch) != ch.lower())
               for ch in word)


# --- Telex slips ("nhieejm vuj" → "nhiệm vụ") --------------------------------------------

_TONE_KEYS = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_MODIFIERS = [("uow", "ươ"), ("aa", "â"), ("ee", "ê"), ("oo", "ô"), ("aw", "ă"), ("ow", "ơ"),
              ("uw", "ư")]
_VOWELS = set("aăâeêioôơuưy")
_MARKED_VOWELS = set("ăâêôơư")
# Words met in Vietnamese documents that look like Telex but are not.
_NOT_TELEX = {"covid", "email", "gmail", "zalo", "facebook", "youtube", "online", "word", "excel",
              "powerpoint", "internet", "website", "web", "sars", "cov", "video", "clip", "file",
              "scan", "pdf", "tv", "vtv", "ok", "stem", "steam", "smart", "office", "zoom", "meet",
              "teams", "google", "wifi", "ict", "it", "vnedu", "edu", "com", "vn", "org", "www",
              "http", "https", "test", "ielts", "toefl"}


def _place_tone(letters: str, tone: str) -> str:
    """Put a combining tone on the right vowel of a syllable written with letter marks."""
    start = 0
    if letters.startswith("qu") or (letters.startswith("gi") and len(letters) > 2
                                    and letters[2] in _VOWELS):
        start = 2
    positions = [i for i in range(start, len(letters)) if letters[i] in _VOWELS]
    if not positions:
        return letters
    marked = [i for i in positions if letters[i] in _MARKED_VOWELS]
    if marked:
        index = marked[-1] if letters[marked[0]:marked[0] + 2] == "ươ" else marked[0]
        if letters[marked[0]:marked[0] + 2] == "ươ":
            index = marked[0] + 1
    elif len(positions) == 1:
        index = positions[0]
    else:
        ends_in_vowel = positions[-1] == len(letters) - 1
        if not ends_in_vowel:
            index = positions[-1]
        elif len(positions) >= 3:
            index = positions[1]
        else:
            index = positions[0]
    return nfc(letters[:index + 1] + tone + letters[index + 1:])


def telex_word(word: str) -> str | None:
    """The Vietnamese word a Telex slip stands for, or None when `word` is not one."""
    if not word.isascii() or not word.isalpha() or len(word) < 2 or word.lower() in _NOT_TELEX:
        return None
    if any(ch.isupper() for ch in word[1:]):
        return None  # acronyms, names in capitals
    lower = word.lower()
    if is_syllable(lower):
        return None  # a real word that only lost its accents
    letters = lower
    if letters.startswith("dd"):
        letters = "đ" + letters[2:]
    tone = ""
    first_vowel = next((i for i, ch in enumerate(letters) if ch in "aeiouy"), None)
    if first_vowel is None:
        return None
    kept = []
    for index, ch in enumerate(letters):
        if index > first_vowel and ch in _TONE_KEYS and not tone:
            tone = _TONE_KEYS[ch]
            continue
        kept.append(ch)
    letters = "".join(kept)
    changed = bool(tone) or letters != lower
    for pattern, replacement in _MODIFIERS:
        if pattern in letters:
            letters = letters.replace(pattern, replacement, 1)
            changed = True
    if "w" in letters:
        letters = re.sub(r"(?<=[uo])w|^w", lambda m: "ư", letters, count=1)
        letters = letters.replace("ow", "ơ")
        changed = True
    if not changed or any(ch in "fjwz" for ch in letters):
        return None
    result = _place_tone(letters, tone) if tone else nfc(letters)
    if not is_syllable(result):
        return None
    if word[0].isupper():
        result = result[0].upper() + result[1:]
    return result


_WORD = re.compile(r"(?<![\w@./:-])([A-Za-z]{2,})(?![\w@]|\.[a-z]|/)")


def fix_telex(line: str) -> tuple[str, list[tuple[str, str]]]:
    """Fix Telex slips in a line that is otherwise written with accents."""
    if not any(has_marks(w) for w in line.split()):
        return line, []
    fixes: list[tuple[str, str]] = []

    def replace(match: re.Match) -> str:
        word = match.group(1)
        fixed = telex_word(word)
        if fixed:
            fixes.append((word, fixed))
            return fixed
        return word

    return _WORD.sub(replace, line), fixes


# --- Capitalisation of headers written in capitals ---------------------------------------

ACRONYMS = {"thcs", "thpt", "th", "mn", "gd&dt", "gddt", "gd-dt", "ubnd", "hdnd", "pgd", "pgddt",
            "pgd&dt", "sgddt", "sgd&dt", "tp", "tp.", "hdtdkt", "tdkt", "tw", "bch", "dtn",
            "tnths", "tncs", "lldt", "cbgvnv", "cbgv", "gdcd", "ptdtnt", "ptdtbt", "gdtx",
            "gdnn", "gdnn-gdtx", "bgd", "bgddt", "tt", "nd-cp", "qd", "kh", "ct", "xhcn", "vn",
            "cd", "dh", "vii", "viii", "ii", "iii", "iv", "vi", "ix", "xi", "xii", "xiii"}
ADMIN_WORDS = {"huyen", "quan", "xa", "phuong", "tinh", "thi tran", "thi xa", "thanh pho",
               "tp", "tp."}
# Institutional phrases and their usual capitalisation (folded key → words to capitalise).
_PHRASES = [
    ("giao duc va dao tao", {0, 3}), ("giao duc - dao tao", {0, 3}), ("tieu hoc", {0}),
    ("trung hoc co so", {0}), ("trung hoc pho thong", {0}), ("mau giao", {0}), ("mam non", {0}),
    ("thi dua - khen thuong", {0, 3}), ("thi dua khen thuong", {0, 2}), ("thi dua, khen thuong", {0}),
    ("lien cap", {0}), ("pho thong dan toc noi tru", {0}), ("pho thong dan toc ban tru", {0}),
    ("giao duc thuong xuyen", {0}), ("nhan dan", set()), ("dang uy", {0}), ("chi bo", {0}),
    ("cong doan giao duc", {0, 2}), ("cong doan", {0}), ("ho chi minh", {0, 1, 2}),
    ("bch doan", {1}), ("ban chap hanh doan", {0, 3}), ("lien doi", {0}), ("doan thanh nien", {0}), ("ban giam hieu", {0}),
]
_SCHOOL_TYPES = ["trung hoc co so", "trung hoc pho thong", "tieu hoc", "mam non", "mau giao",
                 "lien cap", "thcs", "thpt", "th", "mn", "pho thong dan toc noi tru",
                 "pho thong dan toc ban tru", "ptdtnt", "ptdtbt", "th&thcs", "th và thcs",
                 "thcs&thpt", "tieu hoc va trung hoc co so"]


def _is_acronym(word: str) -> bool:
    plain = fold(word).strip(",.;:()")
    if plain in ACRONYMS or "&" in word:
        return True
    letters = [ch for ch in plain if ch.isalpha()]
    return len(letters) >= 2 and not any(ch in "aeiouy" for ch in letters)


def is_upper_line(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def name_case(text: str) -> str:
    """An organisation written in capitals → the usual way of writing it.

    "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HUYỆN THANH OAI" → "Phòng Giáo dục và Đào tạo huyện Thanh Oai",
    "TRƯỜNG THCS CAO DƯƠNG" → "Trường THCS Cao Dương". Text not in capitals is kept.
    """
    text = " ".join(text.split())
    if not is_upper_line(text):
        return text
    words = text.split(" ")
    out = [w if _is_acronym(w) else w.lower() for w in words]
    keys = [fold(w).strip(",.;:()") for w in words]
    capital = {0}
    proper_from = None
    phrase_end = None
    for phrase, caps in _PHRASES:
        size = len(phrase.split())
        for start in range(len(keys) - size + 1):
            if " ".join(keys[start:start + size]) == phrase:
                capital |= {start + i for i in caps}
                phrase_end = max(phrase_end or 0, start + size)
    # A school's name comes after its type; a place's name after huyện, quận, xã …
    for index, word in enumerate(keys):
        if proper_from is not None:
            break
        if word == "truong":
            capital.add(index)   # "Công đoàn Trường THCS …": the school's name is a name
            rest = " ".join(keys[index + 1:])
            for school_type in sorted(_SCHOOL_TYPES, key=len, reverse=True):
                if rest == school_type or rest.startswith(school_type + " "):
                    proper_from = index + 1 + len(school_type.split())
                    break
            else:
                proper_from = index + 1
        two = " ".join(keys[index:index + 2])
        if two in ADMIN_WORDS:
            proper_from = index + 2
        elif word in ADMIN_WORDS:
            proper_from = index + 1
    if proper_from is None and phrase_end is not None and phrase_end < len(keys):
        proper_from = phrase_end  # "Sở Giáo dục và Đào tạo Hà Nội"
    for index in range(len(out)):
        if index in capital or (proper_from is not None and index >= proper_from):
            if not _is_acronym(words[index]):
                out[index] = _cap(out[index])
    return " ".join(out)


def sentence_case(text: str) -> str:
    """A title in capitals → first letter capital, the rest lower (acronyms kept)."""
    text = " ".join(text.split())
    if not is_upper_line(text):
        return text
    words = [w if _is_acronym(w) else w.lower() for w in text.split(" ")]
    if words:
        words[0] = _cap(words[0])
    return " ".join(words)


def strip_combining(text: str) -> str:
    """Remove combining marks that NFC could not attach (they would break alignment)."""
    return "".join(ch for ch in text if not unicodedata.combining(ch))
