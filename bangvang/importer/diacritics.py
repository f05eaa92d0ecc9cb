"""Diacritics put back into text that lost them ("Ke hoach cong tac thi dua" from an old OCR),
only where the words leave no doubt.

The model is a table of word runs: for every run of two to four words met in the project's
own text — the school's records (names, units, campaigns, plans, the vocabularies, the
school's name and its district in data/school.yml) and the phrases written for this project
in lexicon_vi.py — the folded run ("ke hoach") and the ways it is written ("kế hoạch").
A word is restored when the runs around it that the model knows agree on one written form;
a single word is never restored on its own ("ban" may be ban, bàn, bản, bạn, bán), nor a
run the model has seen written two ways. Every word left as it was in a line that lost its
marks is named in a warning with the line, so the team corrects it by hand.

Nothing is downloaded and nothing outside the project is read: the table is built when the
importer runs, from the package and the project folder.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .vietnamese import folded, has_marks, is_syllable

LONGEST = 4                       # words in the longest run the model keeps
LOST_SHARE = 0.3                  # a line with fewer marked words than this lost its marks
MAX_PROJECT_TEXT = 4_000_000      # characters of the school's records read at most
_WORD = re.compile(r"[^\W\d_]+|\d+")      # a number is a word of its own: "năm 2024"
_JOINER = re.compile(r"[ \t]*(?:[,\-–][ \t]*)?")   # words of one run: a space, ", " or " - "
RECORD_FOLDERS = ("data", "exemplars", "plans", "initiatives", "content")


def _key(word: str) -> str:
    return "#" if word.isdigit() else folded(word.lower())


def _in_id(text: str, match: re.Match) -> bool:
    before = text[max(0, match.start() - 2):match.start()]
    after = text[match.end():match.end() + 2]
    # A letter glued to a digit is part of a number or a code, not a word: the "ó" of "202ó"
    # (a "6" misread) was once given the marks of "ở" by a known run.
    return bool(re.fullmatch(r"\w[-_/.]", before) or re.fullmatch(r"[-_/.]\w", after) or
                before[-1:].isdigit() or after[:1].isdigit())


def _runs(text: str) -> list[list[re.Match]]:
    """Words of `text` in runs that nothing but a space, a comma or a dash separates."""
    runs: list[list[re.Match]] = []
    previous = None
    for match in _WORD.finditer(text):
        if previous is not None and _JOINER.fullmatch(text[previous.end():match.start()]):
            runs[-1].append(match)
        else:
            runs.append([match])
        previous = match
    return runs


@dataclass
class Model:
    grams: dict[tuple[str, ...], Counter] = field(default_factory=dict)

    def add(self, text: str) -> None:
        for run in _runs(text):
            if any(_in_id(text, m) for m in run):
                continue      # "ke-hoach-thi-dua": a record's id or address, not writing
            words = ["#" if m.group(0).isdigit() else m.group(0).lower() for m in run]
            if lost_marks(words):
                continue      # text that lost its marks itself ("Ke hoach thi dua.docx")
            keys = [_key(w) for w in words]
            for size in range(1, LONGEST + 1):
                for start in range(len(words) - size + 1):
                    key = tuple(keys[start:start + size])
                    self.grams.setdefault(key, Counter())[tuple(words[start:start + size])] += 1

    def forms(self, keys: tuple[str, ...]) -> Counter:
        return self.grams.get(keys, Counter())


def _project_texts(root: Path) -> list[str]:
    texts, size = [], 0
    for folder in RECORD_FOLDERS:
        base = root / folder
        if not base.is_dir() or base.is_symlink():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix not in (".md", ".yml", ".yaml") or path.is_symlink():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue   # an unreadable record is reported by `bangvang check`, not here
            if path.suffix == ".md" and _DRAFT.search(text.split("\n---", 1)[0]):
                continue   # a draft is unread: a scan's misreadings must not become "known"
            text = _without_warnings(text)
            size += len(text)
            if size > MAX_PROJECT_TEXT:
                return texts
            texts.append(unicodedata.normalize("NFC", text))
    return texts


_DRAFT = re.compile(r"^status:\s*draft\s*$", re.MULTILINE)
_WARNINGS = re.compile(r"^(\s*)(?:- )?warnings:\s*$")


def _without_warnings(text: str) -> str:
    """A record's text without its `warnings:` lists: they quote lines as a scan read them
    ("phong tròo"), which the model must not learn as the school's own words."""
    out, indent = [], None
    for line in text.splitlines():
        if indent is not None:
            stripped = line.lstrip()
            depth = len(line) - len(stripped)
            if stripped and (depth > indent or (depth == indent and stripped.startswith("- "))):
                continue
            indent = None
        found = _WARNINGS.match(line)
        if found:
            indent = len(found.group(1)) + (2 if line.lstrip().startswith("- ") else 0)
            continue
        out.append(line)
    return "\n".join(out)


_MODELS: dict[str, Model] = {}


def model_for(root: Path | None) -> Model:
    """The shipped phrases plus the project's own text (cached per project in this run)."""
    name = str(Path(root).resolve()) if root else ""
    if name not in _MODELS:
        from .lexicon_vi import NAME_SYLLABLES, phrases
        model = Model()
        for phrase in phrases():
            model.add(phrase)
        model.add(NAME_SYLLABLES)   # single words only count as known, never restored alone
        if root:
            for text in _project_texts(Path(root)):
                model.add(text)
        _MODELS[name] = model
    return _MODELS[name]


@dataclass
class Restored:
    text: str
    changes: list[tuple[str, str]]
    doubts: list[tuple[str, list[str]]]     # (word as written, the forms it may take)


def _compatible(word: str, form: str) -> bool:
    """A form can replace a word when it keeps every mark the word has ("Ké" → "kế")."""
    def marks(text: str) -> Counter:
        return Counter(ch for ch in unicodedata.normalize("NFD", text)
                       if unicodedata.combining(ch))
    if "đ" in word.lower() and "đ" not in form:
        return False
    return not (marks(word) - marks(form))


def _cased(word: str, form: str) -> str:
    if form == "#" or _key(word) == "#":
        return word                # a number stays the number it is
    if word.isupper() and len(word) > 1:
        return form.upper()
    if word[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def lost_marks(words: list[str]) -> bool:
    """Whether a line's words lost their marks (fewer than three in ten marked)."""
    counted = [w for w in words if len(w) > 1 and is_syllable(w)]
    return len(counted) >= 2 and sum(has_marks(w) for w in counted) < LOST_SHARE * len(counted)


def _proposals(model: Model, run: list[str], index: int, marks_right: bool = True,
               shortest: int = 2) -> set[str]:
    """Forms for run[index] given by the longest runs around it the model knows written one
    way only (and compatible with the marks already there, unless they may be wrong: OCR)."""
    keys = [_key(w) for w in run]
    for size in range(min(LONGEST, len(run)), shortest - 1, -1):
        found = set()
        for start in range(max(0, index - size + 1), min(index, len(run) - size) + 1):
            forms = model.forms(tuple(keys[start:start + size]))
            if len(forms) != 1:
                continue
            (written,) = forms
            if not marks_right or all(_compatible(run[start + k], written[k])
                                      for k in range(size)):
                found.add(written[index - start])
        if found:
            return found
    return set()


def restore_line(text: str, model: Model) -> Restored:
    """The line with the words the model is sure of written with their marks."""
    runs = _runs(text)
    words = [m.group(0) for run in runs for m in run]
    lost = lost_marks(words)
    out, changes, doubts, last = [], [], [], 0
    for run in runs:
        written = [m.group(0) for m in run]
        chosen = _restore_run(model, written, lost)
        for match, word, new in zip(run, written, chosen):
            out.append(text[last:match.start()])
            last = match.end()
            if _in_id(text, match):     # "day-tot-hoc-tot", an address: never written over
                out.append(word)
                continue
            if new is not None:
                out.append(new)
                if new != word:
                    changes.append((word, new))
                continue
            out.append(word)
            # Only a line that lost its marks names its words left as they were: elsewhere
            # an unmarked word is most likely a name the model does not know ("Song Lam").
            if lost and _wants_marks(model, word, lost):
                forms = sorted({" ".join(f) for f in model.forms((_key(word),))},
                               key=lambda f: -model.forms((_key(word),))[tuple(f.split())])
                doubts.append((word, forms[:5]))
    out.append(text[last:])
    return Restored("".join(out), changes, doubts)


def _wants_marks(model: Model, word: str, lost: bool) -> bool:
    """A word that should carry marks and does not: in a line that lost them, any syllable
    the model knows with marks; elsewhere, one the model never saw written without."""
    if has_marks(word) or len(word) < 2 or not is_syllable(word):
        return False
    if word.isupper() and not lost:
        return False
    forms = model.forms((_key(word),))
    if not forms:
        return lost
    marked = [f for f in forms if has_marks(f[0])]
    return bool(marked) and (lost or (word.lower(),) not in forms)


def _restore_run(model: Model, run: list[str], lost: bool) -> list[str | None]:
    chosen: list[str | None] = [None] * len(run)
    for index, word in enumerate(run):
        if not (_wants_marks(model, word, lost) or (lost and has_marks(word) and
                                                     (word.lower(),) not in
                                                     model.forms((_key(word),)))):
            continue
        found = _proposals(model, run, index)
        if len(found) == 1:
            form = found.pop()
            # The same form as written is a confirmation ("thi" of "thi đua"): kept, no doubt.
            chosen[index] = word if form == word.lower() else _cased(word, form)
    # A person's or a place's name (capitalised words in a line that is not in capitals) is
    # restored whole or not at all: "Nguyễn Thi Hong" would be a fourth person.
    if not all(w.isupper() for w in run):
        start = None
        for index in range(len(run) + 1):
            capital = index < len(run) and run[index][:1].isupper() and index > 0
            if capital and start is None:
                start = index - 1 if run[index - 1][:1].isupper() else index
            elif not capital and start is not None:
                span = range(start, index)
                if len(span) >= 2 and any(chosen[i] is None and _wants_marks(model, run[i], lost)
                                          for i in span):
                    for i in span:
                        chosen[i] = run[i] if chosen[i] == run[i] else None
                start = None
    return chosen


def restore_lines(lines: list[str], model: Model, source: str = "") -> tuple[list[str], list[str]]:
    """(lines with marks restored where sure, Vietnamese warnings naming the lines)."""
    out, restored_at, doubts = [], [], []
    for number, line in enumerate(lines, 1):
        if not line.strip() or not _WORD.search(line):
            out.append(line)
            continue
        result = restore_line(line, model)
        out.append(result.text)
        if result.changes:
            restored_at.append(number)
        doubts += [(number, word, forms) for word, forms in result.doubts]
    return out, restore_warnings(restored_at, doubts, source)


def restore_warnings(restored_at: list[int], doubts: list[tuple[int, str, list[str]]],
                     source: str) -> list[str]:
    where = f"tệp {source}, " if source else ""
    warnings = []
    if restored_at:
        shown = ", ".join(str(n) for n in restored_at[:15])
        more = f" và {len(restored_at) - 15} dòng khác" if len(restored_at) > 15 else ""
        warnings.append(f"Văn bản bị mất dấu: đã thêm dấu cho các cụm từ chắc chắn ({where}dòng "
                        f"{shown}{more}), theo hồ sơ của trường và từ điển cụm từ; hãy soát lại")
    if doubts:
        items = []
        for number, word, forms in doubts[:12]:
            maybe = f" (có thể là {', '.join('“' + f + '”' for f in forms)})" if forms else ""
            items.append(f"dòng {number}: “{word}”{maybe}")
        more = f"; và {len(doubts) - 12} chữ khác" if len(doubts) > 12 else ""
        warnings.append(f"Chữ mất dấu chưa thêm được vì có nhiều cách đọc ({where}"
                        f"{'; '.join(items)}{more}): để nguyên, hãy sửa tay theo bản gốc")
    return warnings


def nearest(text: str, known: list[str], cutoff: float = 0.86) -> str | None:
    """The one known phrase (a unit, a role) that `text` read by OCR most likely is: the
    closest by letters, at least `cutoff` alike and clearly closer than the next. Spaces
    are not letters: OCR loses the one between two words as often as it misreads a letter
    ("Giúoviên", a letter off "Giáo viên" and a space lost, was no role at all)."""
    from difflib import SequenceMatcher
    plain = " ".join(text.split())
    if not plain or plain.lower() in {k.lower() for k in known}:
        return None      # a known one as written (its capitals are the list's own)
    def alike(one: str, two: str) -> float:
        # With the spaces and without them: the better of the two (a space lost costs a
        # letter; without spaces a short phrase's one wrong mark weighs more).
        return max(SequenceMatcher(None, one, two).ratio(),
                   SequenceMatcher(None, "".join(one.split()), "".join(two.split())).ratio())

    scored = sorted(((alike(plain.lower(), k.lower()), k) for k in set(known)), reverse=True)
    if not scored or scored[0][0] < cutoff:
        return None
    if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.04:
        return None
    return scored[0][1]


def restore_document(lines: list[str], root: Path | None, source: str = ""):
    """(lines, warnings) for an importer: the document's lines with marks restored where the
    words leave no doubt; what the reading carried (a scan's doubts) is kept."""
    from .reading import ReadLines
    new, warnings = restore_lines(list(lines), model_for(root), source)
    if getattr(lines, "scanned", False):
        new, fixed = corrected_lines(new, model_for(root), source)
        warnings += fixed
    if isinstance(lines, ReadLines):
        kept = ReadLines(new)
        kept.scanned, kept.doubts, kept.warnings = lines.scanned, lines.doubts, lines.warnings
        kept.images = lines.images
        new = kept
    return new, warnings


def _attested(model: Model, run: list[str], index: int) -> bool:
    """Whether run[index] as read stands, with a neighbour, in a run the model knows written
    that way: then it may be right ("LIÊN ĐỘI TRƯỜNG THCS": "trường thcs" is known, so the
    longer "liên đội trưởng" does not make it "trưởng")."""
    lowered = [w.lower() for w in run]
    keys = [_key(w) for w in run]
    for size in range(2, min(LONGEST, len(run)) + 1):
        for start in range(max(0, index - size + 1), min(index, len(run) - size) + 1):
            if tuple(lowered[start:start + size]) in model.forms(tuple(keys[start:start + size])):
                return True
    return False


def _sure_forms(model: Model, run: list[str], index: int, shortest: int) -> set[str]:
    """Forms for run[index] (marks as read may be wrong) from the longest runs the model
    knows written one way, when the model knows the word's runs on each side it has a
    neighbour: a real word it never saw, or saw little, is otherwise made another by the one
    run that happens to be known ("tạo khí thế" → "khi" by "tạo khi"; "thi đua tại các" →
    "tải" by "thi đua tải", neither "khi thế" nor "tại các" known)."""
    keys = [_key(w) for w in run]
    for size in range(min(LONGEST, len(run)), shortest - 1, -1):
        found, left, right = set(), False, False
        for start in range(max(0, index - size + 1), min(index, len(run) - size) + 1):
            forms = model.forms(tuple(keys[start:start + size]))
            if forms:
                left, right = left or start < index, right or start + size - 1 > index
            if len(forms) == 1:
                found.add(next(iter(forms))[index - start])
        if found:
            sides = (left or index == 0) and (right or index == len(run) - 1)
            return found if sides else set()
    return set()


def _name_word(word: str) -> bool:
    """Whether a capitalised word may be a person's: a syllable of Vietnamese names. One
    that no name holds is a sentence's first word or a school type's ("Tố chức …",
    "Trường Tiếu học …": a phone photo's JPEG turns the hook above into an acute), and is
    put right like any other word when the known runs leave one reading."""
    from .lexicon_vi import name_syllables
    if not _NAME_SYLLABLES:
        _NAME_SYLLABLES.update(name_syllables())
    return word.lower() in _NAME_SYLLABLES


_NAME_SYLLABLES: set[str] = set()


def corrected_lines(lines: list[str], model: Model, source: str = "",
                    names: bool = True) -> tuple[list[str], list[str]]:
    """Lines read by OCR with the marks it misread put right where the words leave no doubt
    ("thị đua" → "thi đua": no other way of writing "thi dua" is known), and the warning
    listing every change for the person who checks the draft."""
    from .ocrletters import fixed_letters
    out, fixes = [], []
    for number, line in enumerate(lines, 1):
        line, swapped = fixed_letters(line, model, number)
        fixes += swapped
        pieces, last = [], 0
        for run in _runs(line):
            written = [m.group(0) for m in run]
            for index, match in enumerate(run):
                word = written[index]
                if _key(word) == "#" or _in_id(line, match) or not is_syllable(word):
                    continue
                if names and word[:1].isupper() and not line.isupper() and _name_word(word):
                    continue     # a name's word ("Nguyễn Văn Thi") is never changed
                # A word OCR gave as a real word ("tối") is changed only by a run of three
                # words the model knows; one it never saw may be by a run of two.
                known = (word.lower(),) in model.forms((_key(word),))
                found = _sure_forms(model, written, index, shortest=3 if known else 2)
                if len(found) != 1 or _attested(model, written, index):
                    continue
                form = found.pop()
                if form != word.lower() and form != "#":
                    pieces += [line[last:match.start()], _cased(word, form)]
                    last = match.end()
                    fixes.append(f"dòng {number}: “{word}” → “{_cased(word, form)}”")
        pieces.append(line[last:])
        out.append("".join(pieces))
    where = f"tệp {source}, " if source else ""
    warnings = [f"Đã sửa {len(fixes)} chữ máy đọc sai dấu hoặc sai chữ cái theo cụm từ đã biết ({where}"
                f"{'; '.join(fixes[:12])}{'; …' if len(fixes) > 12 else ''}): hãy soát lại"] \
        if fixes else []
    return out, warnings
