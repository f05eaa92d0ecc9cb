"""Text as a reader reads it: what the privacy check and the last gate compare names against.

An author (or a paste from Word or the web) can spell a name so that no plain string search
finds it but every reader still reads it: across a line break, with HTML entities
(`&aacute;`, `&#75;`, `&nbsp;`), with invisible characters (zero-width space and joiner, word
joiner, soft hyphen, combining grapheme joiner, byte-order mark), with Markdown or HTML inside
a word (`Kh**á**nh`, `Kh<span>ánh</span>`), or with look-alike letters (fullwidth Ｋ,
Cyrillic у/о/а). `reader_text` undoes all of these, in the order a browser would show them:

1. tags removed, the text of their attributes a person reads kept (`READ_ATTRIBUTES`: an
   image's alt text is read aloud and shown when the image is missing, a tooltip, a label,
   a form's value, a `<meta>`'s content — the title and description Zalo, Facebook and a
   search engine show for a shared link), quoted or not, whatever their case, each between
   paragraph marks; a block tag becomes a paragraph mark (¶: a name does not run from one
   paragraph or cell into the next), a line break a space, an inline tag nothing
   (`Kh<b>á</b>nh` is one word);
2. entities decoded (once, as a browser does);
3. Markdown emphasis and code marks removed (`*`, `_`, `~`, a backtick) and `[text](url)` kept
   as its text: in a rendered body they are already gone, in a plain field a reader skips them;
4. invisible characters removed (Unicode category Cf, the combining grapheme joiner, variation
   selectors);
5. NFKC (fullwidth and other compatibility letters, no-break spaces), then the Latin
   look-alikes of `CONFUSABLES` (Cyrillic and Greek letters drawn like Latin ones), then NFC
   so that a look-alike base and a combining tone mark compose into one Vietnamese letter;
6. words joined by hyphens ("Nguyễn-Văn-An", "NGUYEN-VAN-AN") read as words, except
   lower-case ASCII tokens, which are addresses and judged as addresses (privacy.py);
7. every run of white space (line breaks included) made one space.

`folded` maps each character of a reader text to its lower-case letter without tone or
letter marks (đ→d), one character for one, so a match found in folded text has the same
offsets in the reader text (privacy.py compares the diacritics there).

Written here rather than taken from a library: Unicode's full confusables table (what
`confusable_homoglyphs` and ICU's spoof checker use) maps to a skeleton that also folds
ordinary Vietnamese letters together (ơ and o, ư and u), which is exactly the difference the
privacy rule must keep; the few dozen letters below are the ones a Latin text can be spoofed
with.
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from bangvang.records.text import fold

# Block-level tags: a reader sees a break between their contents.
_BLOCK_TAGS = ("p|div|hr|li|ul|ol|dl|dt|dd|td|th|tr|table|thead|tbody|tfoot|caption|h[1-6]|"
               "blockquote|pre|figure|figcaption|section|article|header|footer|nav|aside|main|"
               "title|option|details|summary|address|img|meta|link|script|style|head|body|html|"
               "entry|item|loc|url|updated|published|id|name|content")
_BLOCK = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^>]*>", re.IGNORECASE)
_BREAK = re.compile(r"<br\b[^>]*>", re.IGNORECASE)
# The same for a text whose tag names are all lower case: half the time of a search that
# ignores case (which also folds the Kelvin sign and the long s). `_CASED_TAG` finds a tag
# name with a capital or any letter beyond ASCII, for which the search ignoring case runs.
_BLOCK_LOWER = re.compile(rf"</?(?:{_BLOCK_TAGS})\b[^>]*>")
_BREAK_LOWER = re.compile(r"<br\b[^>]*>")
_CASED_TAG = re.compile("</?[a-z0-9]*[A-Z\u0080-\U0010ffff]")
_TAG = re.compile(r"<[^>]*>")
# Attributes whose text a person reads: alternative text, tooltips, labels, values and
# placeholders of a form, a table header's short form, the name a download is saved under,
# and a <meta>'s content (the title and description shown under a shared link).
READ_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "aria-roledescription",
                   "aria-valuetext", "aria-placeholder", "placeholder", "value", "label",
                   "content", "summary", "abbr", "download")
_NAMES = "|".join(READ_ATTRIBUTES)
# Tags with such an attribute (attribute names have no case in HTML).
_WITH_TEXT = re.compile(rf"""<[a-zA-Z][^>]*\s(?i:{_NAMES})\s*=[^>]*>""")
_ATTRIBUTE_TEXT = re.compile(rf"""\s(?i:{_NAMES})\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
PARAGRAPH = "¶"   # where a block ends: words on either side are not one name
_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)")
_MARKS = re.compile(r"[*_~`]")
# Nguyễn-Văn-An, NGUYEN-VAN-AN, 2023-2024; only from a word's start (the same matches: one
# that fails there fails inside the word too), which spares a retry at every letter; each
# word taken whole (possessive: giving back letters never finds a hyphen), which spares
# trying every shorter word where no hyphen follows.
_JOINED = re.compile(r"(?<![^\W_])[^\W_]++(?:-+[^\W_]++)+")


def _unjoined(text: str) -> str:
    """`_JOINED.sub(_unjoin, text)`, three to four times faster on a page: a match starts
    where a run of letters ends in a hyphen, so only those places are tried (found with
    str.find), not every position of the text. Matches are tried in the same order and
    never overlap, as re.sub's; tests/test_privacy_names.py compares the two."""
    out, done, at = [], 0, text.find("-")
    while at != -1:
        start = at
        while start > done and text[start - 1].isalnum():   # [^\W_] is str.isalnum
            start -= 1
        token = _JOINED.match(text, start) if start < at else None
        if token is None:
            at = text.find("-", at + 1)
            continue
        out += [text[done:start], _unjoin(token)]
        done = token.end()
        at = text.find("-", done)
    return "".join(out) + text[done:] if out else text


def _unjoin(token: re.Match) -> str:
    """Words joined by hyphens read as words, unless the token is an address (lower-case
    ASCII: "dang-van-do", an id already judged as an address) or a number."""
    text = token.group(0)
    # For ASCII text, "no capital letter" is "lower() changes nothing" (a tenth of the time
    # of asking each letter: data files hold hundreds of thousands of "2024-2025", ids).
    return text if text.isascii() and text.lower() == text else text.replace("-", " ")
# Invisible characters that are not format characters: the combining grapheme joiner and the
# variation selectors (category Mn), blank letters.
_INVISIBLE_MN = {0x034F, *range(0xFE00, 0xFE10), 0x115F, 0x1160, 0x17B4, 0x17B5, 0x2800, 0x3164,
                 0xFFA0}   # … and the blank letters (Hangul fillers, braille blank)

# Latin look-alikes (Cyrillic, Greek) → the Latin letter a reader takes them for.
CONFUSABLES = str.maketrans({
    **dict(zip("аеорсухіјѕԁԛԝһӏ", "aeopcyxijsdqwhl")),   # Cyrillic small
    **dict(zip("АВЕКМНОРСТХІЈЅУ", "ABEKMHOPCTXIJSY")),   # Cyrillic capital
    **dict(zip("αοικνρτυχ", "aoikvptux")),               # Greek small
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX")),     # Greek capital
    "Ð": "Đ", "Ɖ": "Đ", "ɖ": "đ",   # eth and African D for Đ (VNI and Windows-1258 converters)
})


def _invisible_table() -> dict[int, None]:
    table = {code: None for code in _INVISIBLE_MN}
    table.update({code: None for code in range(0x10000)   # the BMP, and the tag characters
                  if unicodedata.category(chr(code)) == "Cf"})
    table.update({code: None for code in range(0xE0000, 0xE0080)})
    return table


def _class_of(codes) -> re.Pattern:
    """A regular expression matching any of `codes` (ranges joined): far faster than
    str.translate over a long text in which none of them occurs."""
    codes, ranges = sorted(codes), []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    parts = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                    for a, b in ranges)
    return re.compile(f"[{parts}]")


_INVISIBLE = _class_of(_invisible_table())
_LOOKALIKE = _class_of(CONFUSABLES)


def _attribute_text(tag: re.Match) -> str:
    """A tag → the text of its READ_ATTRIBUTES, each between paragraph marks."""
    texts = [_TAG.sub("", html.unescape("".join(value)))
             for value in _ATTRIBUTE_TEXT.findall(tag.group(0))]
    return f" {PARAGRAPH} {f' {PARAGRAPH} '.join(texts)} {PARAGRAPH} " if texts else tag.group(0)


def _blocks_marked(text: str) -> str:
    """Block tags → a paragraph mark, line breaks → a space (tag names in any case)."""
    if _CASED_TAG.search(text):
        return _BLOCK.sub(f" {PARAGRAPH} ", _BREAK.sub(" ", text))
    return _BLOCK_LOWER.sub(f" {PARAGRAPH} ", _BREAK_LOWER.sub(" ", text) if "<br" in text
                            else text)


def reader_text(text: str, markup: bool = True) -> str:
    """`text` as a reader reads it (see the module's docstring). `markup`: text that is or
    will be HTML or Markdown (tags and entities are undone); plain values pass False only
    when they are never shown through HTML."""
    if not text:
        return ""
    if markup:
        if "<" in text:
            text = _WITH_TEXT.sub(_attribute_text, text)
            text = _blocks_marked(text)
        text = _TAG.sub("", text) if "<" in text else text
        text = html.unescape(text) if "&" in text else text
        text = _LINK.sub(r"\1", text) if "](" in text else text
        text = _MARKS.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _unjoined(text)
    text = unicodedata.normalize("NFKC", text)
    if _LOOKALIKE.search(text):
        text = unicodedata.normalize("NFC", text.translate(CONFUSABLES))
    return " ".join(text.split())   # what _SPACE.sub(" ", …).strip() gives, a third the time


def _fold_table() -> dict[int, str]:
    """One character → its folded letter, for every Latin letter whose folding is one letter."""
    table = {}
    ranges = [range(0x41, 0x5B), range(0xC0, 0x250), range(0x1E00, 0x1F00)]
    for block in ranges:
        for code in block:
            folded = fold(chr(code))
            if len(folded) == 1 and folded != chr(code):
                table[code] = folded
    return table


_FOLD = _fold_table()
_LOWER = {code: chr(code).lower() for table in (_FOLD,) for code in table
          if len(chr(code).lower()) == 1}
_MARKED = re.compile("[" + "".join(chr(code) for code, letter in _FOLD.items()
                                    if chr(code).lower() != letter) + "]")


def _as_string(table: dict[int, str]) -> str:
    """A translation table as a string indexed by code point: str.translate reads it about
    twice as fast as a dict (no hashing); a character past its end raises IndexError, a
    LookupError, which leaves it as it is."""
    return "".join(table.get(code, chr(code)) for code in range(max(table) + 1))


_FOLD_STRING, _LOWER_STRING = _as_string(_FOLD), _as_string(_LOWER)


def folded(text: str) -> str:
    """Lower case without tone or letter marks, đ→d, the same length as `text`."""
    return text.translate(_FOLD_STRING)


def lower(text: str) -> str:
    """Lower case, marks kept, the same length as `text` (Latin letters only)."""
    return text.translate(_LOWER_STRING)


_TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}


@lru_cache(maxsize=65536)
def spelling(word: str) -> str:
    """A word's letters and tone, wherever the tone mark sits: "Hoà" and "Hòa", "Thuý" and
    "Thúy" are one spelling (old and new placement), "Hòa" and "Hoa" are not."""
    tone, letters = "", []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        else:
            letters.append(ch)
    return unicodedata.normalize("NFC", "".join(letters)) + tone


def has_marks(text: str) -> bool:
    """Does `text` carry any Vietnamese tone or letter mark (ă â đ ê ô ơ ư or a tone)?"""
    return _MARKED.search(text) is not None
