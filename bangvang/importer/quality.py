"""How much a text looks like clean Vietnamese, or like OCR that lost or mangled its accents.

Vietnamese marks most syllables: in ordinary prose about seven words in ten carry a tone or
a letter mark (ă â đ ê ô ơ ư). OCR of a scan loses them ("Ke hoach cong tac thi dua") or
turns them into other letters ("Ké hoach ... nim hoc", digits and symbols inside words).
The score (0–100) is what a reader would call "readable as is"; under 60 the plan is
imported as a draft for a person to correct.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .vietnamese import has_marks, is_syllable

_WORD = re.compile(r"[^\W\d_]+(?:[\d][^\W\d_]*)*", re.UNICODE)
_ODD = set("¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷ØøÞþßÆæÐðŁłÑñÇçÅåÄäËëÏïÖöÜüÿ|~^{}<>€™")
VIETNAMESE_LETTERS = set("abcdefghijklmnopqrstuvwxyzđ"
                         "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ")
NORMAL_MARKED = 0.55    # below this share of marked words, accents were lost
NORMAL_TONED = 0.6      # clean plans: 61–77 % of words carry a tone; OCR keeping â ê ô but
                        # losing tones ("Kê hoach cöng tác") falls to about a third
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
DRAFT_BELOW = 60


@dataclass
class Quality:
    score: int              # 0–100
    marked: float           # share of words with a tone or letter mark
    toned: float            # share of words with a tone mark
    odd: float              # share of words that are not Vietnamese syllables nor acronyms
    words: int

    @property
    def damaged(self) -> bool:
        return self.words >= 30 and self.score < DRAFT_BELOW

    def describe(self) -> str:
        return (f"điểm chất lượng chữ {self.score}/100: {round(self.toned * 100)}% số chữ có "
                f"dấu thanh (văn bản tiếng Việt bình thường khoảng 70%), "
                f"{round(self.odd * 100)}% chữ không giống chữ tiếng Việt")


def assess(lines: list[str]) -> Quality:
    words = []
    for line in lines:
        for word in _WORD.findall(line):
            if len(word) == 1 and not word.isalpha():
                continue
            if word.isupper() and len(word) <= 6 and not has_marks(word):
                continue  # acronyms: THCS, UBND, KH …
            words.append(word)
    if not words:
        return Quality(0, 0.0, 0.0, 0.0, 0)
    lower = [w for w in words if not w.isupper()] or words
    marked = sum(1 for w in lower if has_marks(w)) / len(lower)
    syllables = [w for w in lower if len(w) > 1]
    toned = sum(1 for w in syllables if _TONES & set(unicodedata.normalize("NFD", w))) \
        / max(1, len(syllables))
    odd_count = 0
    for w in words:
        if any(ch in _ODD for ch in w) or any(ch.isdigit() for ch in w):
            odd_count += 1
        elif not is_syllable(w) and len(w) > 1:
            odd_count += 1
    odd = odd_count / len(words)
    # Letters Vietnamese never uses (ö, ü, ä, î …) are OCR turning marks into other marks.
    foreign = sum(1 for w in words if any(ch.isalpha() and ch not in VIETNAMESE_LETTERS
                                          for ch in w.lower())) / len(words)
    # Full marks from 55% of marked and 60% of toned words; odd words cost three times their
    # share, words with foreign letters ten times.
    accent_score = min(1.0, marked / NORMAL_MARKED, toned / NORMAL_TONED)
    score = max(0.0, min(accent_score - 3 * max(0.0, odd - 0.04), 1 - 10 * foreign))
    return Quality(round(score * 100), marked, toned, odd, len(words))
