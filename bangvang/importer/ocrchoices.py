"""The other letters Tesseract itself considered, per letter of a word, and a name read
again from them where the reading is no name and exactly one of its own alternatives is.

Tesseract's LSTM reader weighs several symbols at each step of a word; with
`lstm_choice_mode=2` its hOCR output lists them with their confidence ("Trân": at the third
letter "â" 90.6, "ầ" 20.1, …). In Carlito, Word's default face, the grave of "ầ" is thin and
close to the circumflex, and "Trần" — the second most common family name — was read "Trân"
on a clean scan, sure at 96 %. "Trân" is no family name, and the one alternative Tesseract
gave there makes one: the name is read "Trần …", and the cell stays a doubt showing what was
read, so it is checked and never joined to a person already in the roll. Only the letters
Tesseract offered are tried (never a guess of ours); a word with no such alternative, or
two, stays as read.
"""
from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

OFFERED = 1.0           # an alternative under this confidence was not really considered
OPTIONS = ("-c", "lstm_choice_mode=2")


class _Choices(HTMLParser):
    """hOCR → [(word, its confidence, [[(symbol, confidence), …] per step of the
    reader])]."""

    def __init__(self):
        super().__init__()
        self.words: list[tuple[str, float, list[list[tuple[str, float]]]]] = []
        self._stack: list[str] = []
        self._title = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        key = attrs.get("id") or ""
        kind = "word" if attrs.get("class") == "ocrx_word" else \
            "steps" if key.startswith("lstm_choices_") else \
            "choice" if key.startswith("choice_") else "other"
        self._stack.append(kind)
        if kind == "word":
            found = re.search(r"x_wconf (\d+)", attrs.get("title") or "")
            self.words.append(("", float(found.group(1)) if found else 0.0, []))
        elif kind == "steps" and self.words:
            self.words[-1][2].append([])
        elif kind == "choice":
            found = re.search(r"x_confs ([\d.]+)", attrs.get("title") or "")
            self._title = found.group(1) if found else "0"

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        kind = self._stack[-1] if self._stack else ""
        if kind == "word" and data.strip() and self.words:
            text, conf, steps = self.words[-1]
            self.words[-1] = (text + data.strip(), conf, steps)
        elif kind == "choice" and self.words and self.words[-1][2]:
            self.words[-1][2][-1].append((data, float(self._title)))


def parse(hocr: str) -> list[tuple[str, float, list[list[str]]]]:
    """(word as read, its confidence, per letter the symbols offered: the one read first)
    of each word; a word whose steps do not spell it (a step of two letters) has no
    alternatives."""
    parser = _Choices()
    parser.feed(hocr)
    out = []
    for text, conf, steps in parser.words:
        text = unicodedata.normalize("NFC", text)
        letters = []
        for step in steps:
            if not step or not step[0][0].strip():
                continue        # the reader's step over the space before the word
            letters.append([step[0][0]] + [s for s, conf in step[1:]
                                            if conf >= OFFERED and s.strip()])
        spelt = unicodedata.normalize("NFC", "".join(letter[0] for letter in letters))
        out.append((text, conf, letters if spelt == text else []))
    return out


def forms(letters: list[list[str]]) -> list[str]:
    """The words made by taking one offered alternative at one letter."""
    out = []
    for index, symbols in enumerate(letters):
        for other in symbols[1:]:
            spelt = [s[0] for s in letters]
            spelt[index] = other
            out.append(unicodedata.normalize("NFC", "".join(spelt)))
    return list(dict.fromkeys(out))


def offered_name(text: str, readings: list) -> str | None:
    """The name `text` with each word that cannot stand where it is (a first word that is no
    family name, another that is no name syllable) replaced by the one alternative
    Tesseract offered that can, in any of its `readings` (parse()) that read `text`; None
    when nothing is replaced, when no reading read `text`, or when a word has no such
    alternative or several."""
    from .lexicon_vi import family_names, name_syllables
    read = text.split()
    same = [words for words in readings if [w for w, _, _ in words] == read]
    if len(read) < 2 or not same:
        return None
    families, syllables = set(family_names()), set(name_syllables())
    out, changed = [], False
    for index, word in enumerate(read):
        fits = families if index == 0 else syllables
        if word.lower() in fits:
            out.append(word)
            continue
        found = {f for words in same for f in forms(words[index][2]) if f.lower() in fits}
        if len(found) != 1:
            return None
        out.append(found.pop())
        changed = True
    return " ".join(out) if changed else None
