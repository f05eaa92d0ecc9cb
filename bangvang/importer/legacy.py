"""Text typed in the legacy Vietnamese encodings, converted to Unicode before any parsing.

Many offices still write in TCVN3 (ABC: fonts ".VnTime", ".VnArial", their capitals-only
twins ".VnTimeH", ".VnArialH") or VNI ("VNI-Times", "VNI-Helve"). A Word file keeps such text
as the Windows code page's reading of the font's bytes ("KÕ ho¹ch", "Keá hoaïch"), and a PDF
exported from it carries the same characters in its text layer. Read as they are, they are
garbage (names "NguyÔn V¨n An" in an honour roll).

Where the file says which font a run of text is in (a Word run's font, resolved through its
character and paragraph styles and the document's defaults; a PDF character's font name),
the font decides: a run in a TCVN3 font is converted with the TCVN3 table (and set in
capitals when the font is an "H" font, which draws every letter as a capital), a run in a
VNI font with the VNI table; every other run is left alone, so a document mixing legacy and
Unicode runs comes out whole. Where there is no such font (a .txt, a Word run in a Unicode
font holding pasted legacy text, a PDF whose fonts carry other names), a line that looks
like legacy text (`bangvang.records.encoding.legacy_font_text`) is converted only when the
text itself leaves no doubt: viparse's content detector picks one table, and the line
converted with it is Vietnamese syllables where the other table's is not. Otherwise the line
is left as it is and named (`Conversion.unsure`), and the importer refuses the file with a
message saying so: nothing is guessed silently.

The tables are viparse's (PyPI, MIT: TCVN3 and VNI validated against real administrative
documents), with the one VNI letter it lacks for want of an observed case (ẳ, "aú" in the
published VNI layout) added here.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from viparse.normalize.encodings import CHARMAPS
from viparse.normalize.tables import build_charmap, convert as _convert

from bangvang.records.encoding import legacy_font_text
from .vietnamese import is_syllable

TCVN3, VNI = "tcvn3", "vni"
LABELS = {TCVN3: "TCVN3 (ABC)", VNI: "VNI"}
_CHARMAPS = {
    TCVN3: CHARMAPS[TCVN3],
    # ẳ and Ẳ: "aú" / "AÚ" in the VNI Windows layout (breve "aê" with the hook "û"
    # becomes the one letter ú after a); viparse leaves them out as never observed.
    VNI: build_charmap(VNI, list(CHARMAPS[VNI].pairs) + [("aú", "ẳ"), ("AÚ", "Ẳ")]),
}
_VNI_PAIRS = {legacy for legacy, _ in _CHARMAPS[VNI].pairs if len(legacy) == 2}
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
_STYLE_SUFFIX = re.compile(r"(?:[,-](?:Bold|Italic|BoldItalic|Regular|Oblique|BoldOblique)"
                           r"|(?<=H)(?:Bold|Italic|BoldItalic))$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
# What Windows-1252 puts at 0x80-0x9F (quotes, dashes, the euro …) and the two characters a
# PDF's text layer gives for TCVN3's ư and ã (U+2212, U+2219): still legacy text.
_CP1252_EXTRA = set(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")) | {
    "\u2212", "\u2219"}


def font_encoding(font: str | None) -> tuple[str, bool] | None:
    """(encoding, capitals) of a legacy font name, None for any other font. ".VnTimeH" →
    ("tcvn3", True); "ABCDEF+VNI-Times,Bold" → ("vni", False)."""
    if not font:
        return None
    name = _SUBSET_TAG.sub("", font.strip())
    while True:
        shorter = _STYLE_SUFFIX.sub("", name)
        if shorter == name:
            break
        name = shorter
    upper = name.upper()
    if upper.startswith((".VN", "_VN")) and len(name) > 3:
        # The capitals-only faces end in H: .VnTimeH, .VnArialH, .VnAvantH, .VnBlackH …
        return TCVN3, name.endswith("H") and name[-2:-1].islower()
    if re.match(r"VNI[-_ ]?[A-Z]", upper):
        return VNI, False
    return None


def convert(text: str, encoding: str, capitals: bool = False) -> str:
    """`text` typed in `encoding`, in Unicode NFC (in capitals for an "H" font)."""
    out = _convert(text, _CHARMAPS[encoding])
    out = unicodedata.normalize("NFC", out.upper() if capitals else out)
    return out


@dataclass
class Conversion:
    """What was converted in one file, to be said in the import summary."""
    fonts: dict[str, dict[str, int]] = field(default_factory=dict)   # encoding → font → runs
    by_text: dict[str, int] = field(default_factory=dict)            # encoding → lines
    unsure: list[str] = field(default_factory=list)                  # lines left as they are

    def add_font(self, encoding: str, font: str, runs: int = 1) -> None:
        shown = _SUBSET_TAG.sub("", font)
        fonts = self.fonts.setdefault(encoding, {})
        fonts[shown] = fonts.get(shown, 0) + runs

    def merge(self, other: "Conversion") -> None:
        for encoding, fonts in other.fonts.items():
            for font, runs in fonts.items():
                self.add_font(encoding, font, runs)
        for encoding, lines in other.by_text.items():
            self.by_text[encoding] = self.by_text.get(encoding, 0) + lines
        self.unsure += other.unsure

    def notes(self) -> list[str]:
        """The summary's lines (Vietnamese): which encoding was converted, from what."""
        out = []
        for encoding, fonts in self.fonts.items():
            names = ", ".join(sorted(fonts))
            out.append(f"Tệp gõ bằng bảng mã cũ {LABELS[encoding]} (phông {names}): đã chuyển "
                       f"{sum(fonts.values())} đoạn chữ sang Unicode trước khi đọc")
        for encoding, lines in self.by_text.items():
            out.append(f"{lines} dòng gõ bằng bảng mã cũ {LABELS[encoding]} (nhận ra theo nội "
                       "dung chữ, tệp không ghi tên phông): đã chuyển sang Unicode; hãy soát lại "
                       "chính tả các dòng này")
        return out

    def warnings(self) -> list[str]:
        """What the person must check in the record: lines converted by their text alone."""
        return [note for note in self.notes() if "theo nội dung" in note]

    def refusal(self) -> str | None:
        """The message refusing a file with legacy text whose encoding the text leaves open."""
        if not self.unsure:
            return None
        return (f"{len(self.unsure)} dòng có vẻ gõ bằng bảng mã cũ nhưng không rõ là TCVN3 hay "
                f"VNI, nên chưa chuyển (ví dụ: “{self.unsure[0][:60]}”). Hãy mở tệp bằng Word, "
                "chuyển sang Unicode bằng Unikey (Công cụ chuyển mã, chọn đúng bảng mã nguồn), "
                "lưu lại rồi nhập")


# --- by the text itself ---------------------------------------------------------------------

_VIET_LETTERS = set("àáâãèéêìíòóôõùúýăđĩũơư")
_TOKEN_EDGES = "\"'“”‘’()[]{}.,;:!?…-–—/*+=%<>0123456789"


def _vietnamese(word: str) -> bool:
    """One Vietnamese syllable written with Vietnamese letters only."""
    return all((ch.isascii() and ch.isalpha()) or ch.lower() in _VIET_LETTERS
               or 0x1EA0 <= ord(ch) <= 0x1EF9 for ch in word) and is_syllable(word)


def _syllable_share(text: str) -> float:
    """Share of the words with a character beyond ASCII that are Vietnamese syllables (words
    cut at spaces, hyphens and slashes, punctuation and digits at their edges taken off)."""
    words = [w.strip(_TOKEN_EDGES) for w in re.split(r"[\s/\-–]+", text)]
    words = [w for w in words if any(ord(ch) > 127 for ch in w)
             # an abbreviation in capitals ("TĐ-KT", "PGDĐT") is no syllable and no evidence
             and not (len(w) > 1 and all("A" <= ch <= "Z" or ch == "Đ" for ch in w)
                      and not is_syllable(w))]
    if not words:
        return 0.0
    return sum(1 for w in words if _vietnamese(w)) / len(words)


def text_encoding(text: str) -> str | None:
    """The one legacy encoding `text` reads as, or None when the text leaves it open."""
    from viparse.normalize.detector import detect_encoding_by_content
    found = detect_encoding_by_content(text, _CHARMAPS).encoding
    if found not in _CHARMAPS:
        return None
    other = VNI if found == TCVN3 else TCVN3
    share, other_share = (_syllable_share(convert(text, e)) for e in (found, other))
    return found if share >= 0.85 and share - other_share >= 0.2 else None


def _candidate(line: str) -> bool:
    """A line that may be legacy text: letters beyond ASCII, all of them within the Windows
    code page a legacy font's bytes are read in (Unicode Vietnamese needs ạ, ư, đ …)."""
    high = [ch for ch in line if ord(ch) > 127]
    return bool(high) and all(ord(ch) <= 0xFF or ch in _CP1252_EXTRA for ch in high)


def _reads_better(line: str, encoding: str) -> bool:
    converted = _syllable_share(convert(line, encoding))
    return converted >= 0.85 and converted >= _syllable_share(line) + 0.2


def _capitals_kept(line: str, converted: str) -> str:
    """A line whose every plain letter is a capital was typed for TCVN3's capitals face
    (".VnTimeH": lower-case codes drawn as capitals); without the font, its capitals are
    read from those letters ("KÕ HO¹CH" is "KẾ HOẠCH", not "Kế HOạCH")."""
    plain = [ch for ch in line if ch.isascii() and ch.isalpha()]
    return converted.upper() if len(plain) >= 3 and all(ch.isupper() for ch in plain) \
        else converted


def fix_lines(lines: list[str], conversion: Conversion) -> list[str]:
    """The lines (or cells), those typed in a legacy encoding converted when the text
    decides; lines that look legacy but that neither table reads are named as unsure."""
    candidates = [i for i, line in enumerate(lines) if _candidate(line)]
    strong = {i for i in candidates if legacy_font_text(lines[i])}
    if not strong:
        return lines    # no line is clearly legacy text: Unicode that happens to be Latin-1
    alone = {i: text_encoding(lines[i]) for i in strong}
    decided = {e for e in alone.values() if e}
    # The document's encoding, for lines too short to decide alone (a name in a cell).
    whole = next(iter(decided)) if len(decided) == 1 else None if decided else \
        text_encoding("\n".join(lines[i] for i in sorted(strong)))
    # A file none of whose letters is beyond the code page (no ạ, ư, đ … anywhere) is in its
    # legacy encoding throughout: a short line ("Sè: 15/KH") goes by the others even where
    # it reads as Vietnamese as it is. In a file with Unicode lines too, a line is converted
    # only when it reads better converted.
    throughout = whole is not None and all(_candidate(line) or line.isascii()
                                           for line in lines)
    out = list(lines)
    for index in candidates:
        encoding = alone.get(index) or whole
        if throughout and _syllable_share(convert(lines[index], whole)) >= 0.85:
            out[index] = _capitals_kept(lines[index], convert(lines[index], whole))
            conversion.by_text[whole] = conversion.by_text.get(whole, 0) + 1
            continue
        # A line the document does not decide (both tables met in it) is converted when
        # exactly one table reads it as Vietnamese.
        good = [e for e in ([encoding] if encoding else list(_CHARMAPS))
                if _reads_better(lines[index], e)]
        if len(good) == 1:
            out[index] = _capitals_kept(lines[index], convert(lines[index], good[0]))
            conversion.by_text[good[0]] = conversion.by_text.get(good[0], 0) + 1
        elif index in strong or good:
            conversion.unsure.append(lines[index].strip())
    return out


# --- Word -----------------------------------------------------------------------------------

class DocxFonts:
    """The font a Word run is shown in: its own, its character style's, its paragraph
    style's (through `basedOn`), the document's default paragraph style's, the defaults'."""

    def __init__(self, document, qn):
        self.qn = qn
        root = document.styles.element
        self.styles = {s.get(qn("w:styleId")): s for s in root.iterchildren(qn("w:style"))}
        self.default_para = next((sid for sid, s in self.styles.items()
                                  if s.get(qn("w:type")) == "paragraph"
                                  and s.get(qn("w:default")) in ("1", "true")), None)
        defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default = self._own(defaults)
        self._cache: dict = {}

    def _own(self, rpr) -> str | None:
        """The rPr's Latin font: "" for a theme font (Unicode), None when it names none."""
        if rpr is None:
            return None
        fonts = rpr.find(self.qn("w:rFonts"))
        if fonts is None:
            return None
        for attr in ("w:hAnsi", "w:ascii"):
            if fonts.get(self.qn(attr)):
                return fonts.get(self.qn(attr))
        if fonts.get(self.qn("w:asciiTheme")) or fonts.get(self.qn("w:hAnsiTheme")):
            return ""
        return None

    def style(self, style_id: str | None, depth: int = 0) -> str | None:
        if not style_id or depth > 20 or style_id not in self.styles:
            return None
        if style_id not in self._cache:
            node = self.styles[style_id]
            own = self._own(node.find(self.qn("w:rPr")))
            based = node.find(self.qn("w:basedOn"))
            self._cache[style_id] = own if own is not None else self.style(
                based.get(self.qn("w:val")) if based is not None else None, depth + 1)
        return self._cache[style_id]

    def of_run(self, run, paragraph_style: str | None) -> str | None:
        rpr = run.find(self.qn("w:rPr"))
        own = self._own(rpr)
        if own is not None:
            return own
        if rpr is not None:
            rstyle = rpr.find(self.qn("w:rStyle"))
            if rstyle is not None and (font := self.style(rstyle.get(self.qn("w:val")))) \
                    is not None:
                return font
        font = self.style(paragraph_style or self.default_para)
        return font if font is not None else self.default


def convert_docx(document, qn) -> Conversion:
    """Every run of the Word document in a legacy font converted in place (its w:t texts);
    what was converted."""
    conversion = Conversion()
    fonts = DocxFonts(document, qn)
    for paragraph in document.element.body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style_id = style.get(qn("w:val")) if style is not None else None
        group: list = []
        group_key = None
        for run in paragraph.iter(qn("w:r")):
            font = fonts.of_run(run, style_id)
            found = font_encoding(font)
            texts = [t for t in run.iterchildren(qn("w:t"))]
            breaks = any(child.tag in (qn("w:tab"), qn("w:br"), qn("w:cr"))
                         for child in run.iterchildren())
            if found != group_key or breaks or not found:
                _convert_group(group, group_key)
                group, group_key = [], found
            if found and texts:
                conversion.add_font(found[0], font)
                group += texts
        _convert_group(group, group_key)
    return conversion


def _convert_group(texts: list, key: tuple[str, bool] | None) -> None:
    """w:t texts of neighbouring runs in one legacy font converted, a VNI letter split
    between two runs (base letter | its mark) joined first."""
    if not key or not texts:
        return
    encoding, capitals = key
    values = [t.text or "" for t in texts]
    if encoding == VNI:
        for i in range(len(values) - 1):
            if values[i] and values[i + 1] and values[i][-1] + values[i + 1][0] in _VNI_PAIRS:
                values[i + 1] = values[i][-1] + values[i + 1]
                values[i] = values[i][:-1]
    for t, value in zip(texts, values):
        t.text = convert(value, encoding, capitals)


# --- PDF ------------------------------------------------------------------------------------

def convert_pdf_chars(chars: list[dict], conversion: Conversion) -> None:
    """A PDF page's characters in legacy fonts converted in place (the list is pdfplumber's
    own, which every later reading of the page uses): a VNI mark's character is joined to
    the letter before it (one character, its box the two boxes), so no gap splits the word."""
    index = 0
    while index < len(chars):
        found = font_encoding(chars[index].get("fontname"))
        if not found:
            index += 1
            continue
        font = chars[index].get("fontname")
        end = index
        while end < len(chars) and chars[end].get("fontname") == font and \
                abs(chars[end]["top"] - chars[index]["top"]) < 3:
            end += 1
        kept = _convert_chars(chars[index:end], found)
        chars[index:end] = kept
        conversion.add_font(found[0], font)
        index += len(kept)


def _convert_chars(run: list[dict], key: tuple[str, bool]) -> list[dict]:
    encoding, capitals = key
    joined = "".join(c["text"] for c in run)
    if len(joined) != len(run):
        return [dict(c, text=convert(c["text"], encoding, capitals)) for c in run]
    if encoding == TCVN3:
        # U+2212 / U+2219 beside a letter are TCVN3's ư and ã as Word's export writes them.
        joined = "".join(
            {"\u2212": "\u00ad", "\u2219": "\u00b7"}.get(ch, ch)
            if (i and joined[i - 1].isalpha()) or joined[i + 1:i + 2].isalpha() else ch
            for i, ch in enumerate(joined))
    out, position = [], 0
    while position < len(run):
        pair = joined[position:position + 2]
        if encoding == VNI and len(pair) == 2 and pair in _VNI_PAIRS:
            first, second = run[position], run[position + 1]
            out.append(dict(first, text=convert(pair, encoding, capitals),
                            x1=max(first["x1"], second["x1"]),
                            width=max(first["x1"], second["x1"]) - first["x0"]))
            position += 2
        else:
            out.append(dict(run[position], text=convert(joined[position], encoding, capitals)))
            position += 1
    return out
