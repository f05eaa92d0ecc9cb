"""Letters OCR misread in a typeface its model knows badly, put right only where the words
leave one reading.

Tesseract's Vietnamese model was trained on a few faces. In others it misreads whole
letters, not only marks: the round "a" of a geometric sans (Be Vietnam Pro, the face many
schools' templates use) comes out as "ơ", "ò", "u", "d" or "q" ("phong tròo", "ngòy",
"Triển khơi", "phương phúp", "cdo"). diacritics.corrected_lines puts wrong *marks* right by
the runs of words the school's records and the shipped phrases know; it cannot help when a
letter itself changed, because the folded word is another word.

Here every word that the model does not know as read (in a run with a neighbour, or at all)
is tried with one letter swapped for the letter OCR most often took it for (`SWAPS`), or
with a doubled letter read once ("Thựục" → "Thực", DejaVu Serif), the word's tone kept. A swap is made only when exactly one written form results:
- from a run of two to four words the model knows written one way (neighbours may be
  swapped too: "đónh giú" → "đánh giá"; a word that is a real word as read needs a run of
  three), or
- for a word that is no Vietnamese syllable as read ("ngòy", "squ"), from the words the
  model knows on their own.
Two forms, or none: the word stays as read (the line is already a doubt of the scan).
Every change is listed in the record's warnings by diacritics.corrected_lines' caller.
"""
from __future__ import annotations

import itertools
import re
import unicodedata

from .vietnamese import folded, is_syllable

# Folded letter as read → the folded letters it may stand for. Confusions of Tesseract's
# LSTM models between round and open letters ("ê" for "â": "ít nhết", "chết lượng" — the
# folded "e" may stand for "a"; a capital "T" read "I"); the tone is never swapped.
SWAPS = {"o": "a", "u": "a", "d": "a", "q": "a", "g": "a", "œ": "a", "ø": "o", "c": "e", "e": "ca",
         "l": "i", "i": "lt", "n": "u", "h": "b", "b": "h"}
SPLITS = {"oo": "a", "uo": "a"}   # two folded letters as read → the one they may stand for
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
MAX_COMBINATIONS = 64          # per window: a long line of unknown words is left alone
NEAR = 0.6                     # a known word this alike to the reading is another reading


def tone(word: str) -> str:
    """The tone mark of a word ("" for the level tone; a mark OCR doubled with its letter,
    "Thựục", counts once)."""
    return "".join(sorted({ch for ch in unicodedata.normalize("NFD", word.lower())
                           if ch in TONES}))


def tone_fits(read: str, form: str) -> bool:
    """Whether a written form keeps the tone of the word as read. An "ạ" read as "g" (the
    dot below joined to the bowl as a descender: "bgo lực", "đgo đức") lost its tone in the
    reading, so for that swap the dot below fits too."""
    if tone(form) == tone(read):
        return True
    key, other = folded(read.lower()), folded(form.lower())
    return (tone(read) == "" and tone(form) == "\u0323" and len(key) == len(other) and
            any(a == "g" and b == "a" for a, b in zip(key, other)))


def swapped_keys(word: str) -> list[str]:
    """Folded keys of `word` with one letter swapped (`SWAPS`), a doubled letter read once,
    or two letters read for one (`SPLITS`), each a syllable's shape."""
    key = folded(word.lower())
    out = []
    for index, letter in enumerate(key):
        for other in SWAPS.get(letter, ""):
            candidate = key[:index] + other + key[index + 1:]
            if candidate not in out and is_syllable(candidate):
                out.append(candidate)
        # One letter read twice ("Thựục": its marks split it in two).
        if index and key[index - 1] == letter:
            candidate = key[:index] + key[index + 1:]
            if candidate not in out and is_syllable(candidate):
                out.append(candidate)
        # One round "a" read as two letters ("tròờo", "giúóo": the bowl and its stem).
        if index and key[index - 1:index + 1] in SPLITS:
            candidate = key[:index - 1] + SPLITS[key[index - 1:index + 1]] + key[index + 1:]
            if candidate not in out and is_syllable(candidate):
                out.append(candidate)
    return out


def suspect(model, run: list[str], index: int) -> bool:
    """Whether run[index] may be a misread letter: a word of letters the model does not know
    as read in any run with its neighbours (a known run vouches for it)."""
    from .diacritics import _attested, _key
    word = run[index]
    if _key(word) == "#" or not word.isalpha():
        return False
    if len(run) > 1 and _attested(model, run, index):
        return False
    return (word.lower(),) not in model.forms((_key(word),)) or len(run) > 1


def _keys_for(model, run: list[str], index: int) -> list[str]:
    from .diacritics import _key
    own = [_key(run[index])]
    return own + swapped_keys(run[index]) if suspect(model, run, index) else own


def run_forms(model, run: list[str], index: int) -> set[str]:
    """The written forms for run[index] given by the runs the model knows written one way,
    with swapped letters in this word and its unknown neighbours, tones as read."""
    from .diacritics import LONGEST, _key
    keys = [_keys_for(model, run, i) for i in range(len(run))]
    if len(keys[index]) == 1:
        return set()
    found: set[str] = set()
    # A real word as read ("có") is changed only by a run of three ("có nhân viên" must not
    # become "cá nhân viên"); one the model never saw ("tròo") by a run of two.
    known = (run[index].lower(),) in model.forms((_key(run[index]),))
    for size in range(3 if known else 2, min(LONGEST, len(run)) + 1):
        for start in range(max(0, index - size + 1), min(index, len(run) - size) + 1):
            choices = keys[start:start + size]
            total = 1
            for choice in choices:
                total *= len(choice)
            if total > MAX_COMBINATIONS:
                continue
            for combination in itertools.product(*choices):
                if combination[index - start] == keys[index][0]:
                    continue      # the word as read: that is corrected_lines' business
                forms = model.forms(tuple(combination))
                if len(forms) != 1:
                    continue
                (written,) = forms
                if all(tone_fits(run[start + k], written[k]) for k in range(size)):
                    found.add(written[index - start])
    return found


def word_forms(model, run: list[str], index: int) -> set[str]:
    """For a word that is no syllable as read: the known words one swap away, tone kept,
    unless a neighbour is known beside another word that the reading may also be ("doơnh
    hiệu" is not "doanh hiệu": the model knows "danh hiệu", and "danh" is as near)."""
    from .diacritics import _key
    word = run[index]
    if is_syllable(word):
        return set()
    found = set()
    for key in swapped_keys(word):
        if _other_neighbours(model, [_key(w) for w in run], index, key):
            continue
        found |= {form[0] for form in model.forms((key,)) if tone_fits(word, form[0])}
    return found


def _other_neighbours(model, keys: list[str], index: int, key: str) -> bool:
    from difflib import SequenceMatcher
    pairs = _pairs(model)
    for side, neighbour in ((0, index - 1), (1, index + 1)):
        if 0 <= neighbour < len(keys) and keys[neighbour] != "#":
            beside = pairs[side].get(keys[neighbour], set())
            if key not in beside and any(
                    SequenceMatcher(None, keys[index], other).ratio() >= NEAR for other in beside):
                return True
    return False


def _pairs(model) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per word key, the keys the model knows just before it and just after it."""
    cached = getattr(model, "_pairs", None)
    if cached is None:
        before: dict[str, set[str]] = {}
        after: dict[str, set[str]] = {}
        for gram in model.grams:
            if len(gram) == 2:
                before.setdefault(gram[1], set()).add(gram[0])
                after.setdefault(gram[0], set()).add(gram[1])
        cached = model._pairs = (after, before)
    return cached


def letter_fix(model, run: list[str], index: int) -> str | None:
    """The one form run[index] stands for when OCR misread a letter, or None."""
    if not suspect(model, run, index):
        return None
    found = run_forms(model, run, index)
    if not found:
        found = word_forms(model, run, index)
    return found.pop() if len(found) == 1 else None


def fixed_letters(line: str, model, number: int) -> tuple[str, list[str]]:
    """The line with its misread letters put right where one reading results, and the
    Vietnamese notes of each change ("dòng 4: “tròo” → “trào”")."""
    from .diacritics import _cased, _in_id, _key, _runs
    notes: list[str] = []
    for _ in range(2):        # a word put right may vouch for its neighbour on a second pass
        pieces, last, changed = [], 0, False
        for run in _runs(line):
            written = [m.group(0) for m in run]
            for index, match in enumerate(run):
                word = written[index]
                if _in_id(line, match) or (word[:1].isupper() and not line.isupper() and
                                           (word.isupper() or (word.lower(),) in
                                            model.forms((_key(word),)))):
                    # A name's word the model knows as written ("Nguyễn Văn Thi") stays, and
                    # so does a code or an abbreviation in capitals ("CĐ", "VT"). A capital
                    # word written in no known way is checked like the others: the first word
                    # of a campaign's name, "Cón bộ, giáo viên thi đua …" (Be Vietnam Pro's
                    # "a" read "ó"), was kept as a name and the campaign lost (session 28).
                    continue
                form = letter_fix(model, written, index)
                if form is None or form == word.lower():
                    continue
                new = _cased(word, form)
                pieces += [line[last:match.start()], new]
                last = match.end()
                written[index] = new
                notes.append(f"dòng {number}: “{word}” → “{new}”")
                changed = True
        pieces.append(line[last:])
        line = "".join(pieces)
        if not changed:
            break
    return line, notes


_QUOTES = "“”\"«»"
_LEADING = re.compile(r"^[”\"»’]\s+")


def stray_quotes(value: str) -> str:
    """A one-line value read from a scan (a plan's title, its issuer) without the quote marks
    a speck of the page became ("” Công tác thi đua … 2024\"", "Trường THCS Tân Phú\"",
    "… Việt Nam” (20/11/1982 …)": Carlito's pages, session 22). A quote mark followed by a
    space at the start closes nothing; then, when the marks left are odd in number, the one
    with no partner goes: one at the very end, else a closing mark with no opening before it.
    Paired quotes ("thi đua “Dạy tốt - Học tốt”") stay."""
    value = _LEADING.sub("", value)
    if sum(value.count(mark) for mark in _QUOTES) % 2 == 0:
        return value
    if value[-1:] in "\"”»":
        return value[:-1].rstrip()
    opened = 0
    for at, char in enumerate(value):
        if char in "“«":
            opened += 1
        elif char in "”»":
            if not opened:
                return " ".join((value[:at] + value[at + 1:]).split())
            opened -= 1
    return value
