"""The names of a scanned award list read three times and weighed (`_second_reading`,
`_choose_name`): the column reading, each cell alone as one line, and enlarged twice, with
the letters Tesseract weighed beside each (ocrchoices.py). Split from scantable.py, which
finds the tables and reads their cells."""
from __future__ import annotations

import re

from . import ocrchoices
from .ocr import tesseract
from .scantable import Cell, ScanPage, ScanTable, _cell_image


def name_columns(table: ScanTable) -> list[int]:
    """The columns of a table whose first row's heading names a person."""
    from .columns import heading_field
    return [c for c, cell in enumerate(table.rows[0] if table.rows else [])
            if heading_field(cell.text) == "name"]


def name_parts(table: ScanTable, names: list[int]) -> dict[int, str]:
    """What part of a name each name column holds: "family" (family and middle names) and
    "given" when the name is split in two columns ("Họ và tên đệm" │ "Tên"), else "full".
    A part is weighed as a part: the given name "Phát" alone is one word, and was judged as a
    whole name would be (two name syllables at least), so a misread "Phút" could not be
    offered as "Phát" and, read so three times, was taken as sure."""
    from .columns import FAMILY_PART, GIVEN_PART, heading_key
    header = table.rows[0] if table.rows else []
    keys = {c: heading_key(header[c].text) if c < len(header) else "" for c in names}
    if not any(k in FAMILY_PART for k in keys.values()) or \
            not any(k in GIVEN_PART for k in keys.values()):
        return {c: "full" for c in names}
    return {c: "family" if k in FAMILY_PART else "given" if k in GIVEN_PART else "full"
            for c, k in keys.items()}


def continued_names(pages: list[ScanPage]) -> None:
    """Names of a list that goes on over the next page without its header row read twice
    more too, in the columns the first page's headings gave: with no heading above them,
    page 2's names were read once, and a tone Tesseract misread there ("Mai Văn Lầm") was
    taken without a doubt."""
    names: list[int] = []
    parts: dict[int, str] = {}
    width = 0
    for page in pages:
        for index, table in enumerate(page.tables):
            if not table.rows:
                continue
            own = name_columns(table)
            if own:
                names, width, parts = own, len(table.rows[0]), name_parts(table, own)
            elif index == 0 and names and len(table.rows[0]) == width:
                _second_reading(page.image, table, names, parts)
            else:
                names = []


_FAX = re.compile(r"\bfax\b", re.IGNORECASE)
FAX_TOP = 0.06          # the share of the page's height a fax's header line is printed in


def faxed_names(pages: list[ScanPage]) -> None:
    """Every name of a page sent by fax is a doubt (session 29). A fax sends a page at 98
    lines an inch: a mark falls between two of its lines and is gone ("Ánh" printed "Anh"),
    and every reading agrees, sure, on the name without it. A fax is told by the line its
    machine prints across the top of the page ("06/05/2025 16:58 FAX 0208 … Trang 1/2");
    a school's letterhead giving its fax number there makes its names doubts too, which
    costs a look, never a wrong name. Names of a list going on over the next page, whose top
    a fax line heads too, likewise."""
    for page in pages:
        height = page.image.height if page.image is not None else 0
        page.fax = any(_FAX.search(line.text) and line.box[1] <= height * FAX_TOP
                       for line in page.lines)
        if not page.fax:
            continue
        for table in page.tables:
            rows = [row for n, row in enumerate(table.rows) if n not in table.merged]
            for column in name_columns(table) or _continued(pages, page):
                for row in rows[1:] if name_columns(table) else rows:
                    if column < len(row) and row[column].text:
                        row[column].conf = min(row[column].conf, 40.0)


def _continued(pages: list[ScanPage], page: ScanPage) -> list[int]:
    """The name columns of the list a table without a header row goes on from."""
    for before in reversed(pages[:pages.index(page)]):
        for table in before.tables:
            if name_columns(table):
                return name_columns(table)
    return []


def _second_reading(page, table: ScanTable, names: list[int] | None = None,
                    parts: dict[int, str] | None = None) -> None:
    """Names read twice more, each cell alone as one line (psm 7), as it is and enlarged
    twice: Tesseract can be sure of a wrong name ("Hải" read "Hỏi" at 96 %). The reading
    kept is the one most readings give among those made of name syllables (lexicon_vi); the
    cell stays sure only when every reading agrees on a plausible name, or two do with a
    good confidence and the third differs by more than marks. Otherwise it is a doubt, with
    the other reading shown. `names`: the name columns of a table without a header row
    (continued from the page before); every row is then a row of names."""
    if not table.rows:
        return
    first = 0 if names is not None else 1
    names = name_columns(table) if names is None else names
    parts = parts if parts is not None else name_parts(table, names)
    # A group's heading spanning the table holds no name.
    rows = [row for n, row in enumerate(table.rows) if n >= first and n not in table.merged]
    for row in rows:
        for column in names:
            cell = row[column] if column < len(row) else None
            if cell is None or not cell.text:
                continue
            readings = [(" ".join(cell.text.split()), cell.conf)]
            offered: list = []
            for scale in (1, 2):
                image = _cell_image(page, cell.box, scale)
                if image is None:
                    continue
                # Each reading with the letters Tesseract weighed beside each of its own.
                words = ocrchoices.parse(tesseract(_framed(image), 7, "hocr",
                                                   ocrchoices.OPTIONS))
                offered.append(words)
                words = [(text, conf) for text, conf, _ in words]
                if words:
                    readings.append((" ".join(text for text, _ in words),
                                     min(conf for _, conf in words)))
            _choose_name(cell, readings, offered, parts.get(column, "full"))


def _framed(image):
    from PIL import Image
    framed = Image.new("L", (image.width + 60, image.height + 60), 255)
    framed.paste(image, (30, 30))
    return framed


def _choose_name(cell: Cell, readings: list[tuple[str, float]], offered: list = (),
                 part: str = "full") -> None:
    """`part`: "full", or "family" / "given" for a name split in two columns (name_parts)."""
    readings = [_name_cleaned(text, conf) for text, conf in readings]
    plausible = [(text, conf) for text, conf in readings if plausible_name(text, part)]
    if not plausible:
        # One letter read wrong ("Quên" for "Quân", "Bỏo" for "Bảo"): the only name
        # syllable one letter away is offered, and the cell stays a doubt showing the reading.
        fixed = {name_fixed(text, part) for text, _ in readings} - {None}
        if len(fixed) == 1:
            text = fixed.pop()
            cell.alt = next(t for t, _ in readings if t != text)
            cell.text, cell.conf = text, min(40.0, max(c for _, c in readings))
            return
    pool = plausible or readings
    votes: dict[str, list[float]] = {}
    for text, conf in pool:
        votes.setdefault(text, []).append(conf)
    best = max(votes, key=lambda text: (len(votes[text]), max(votes[text])))
    others = [text for text, _ in readings if text != best]
    agreeing = len(votes[best])
    # Readings of the same pixels that differ only in a mark ("Hà Văn Ân" / "Hà Văn Ấn",
    # both names) do not outvote each other: the mark itself is in doubt.
    by_marks = any(_unmarked(text.lower()) == _unmarked(best.lower()) for text in others)
    # A person's name not made of name syllables is never sure, however sure Tesseract was
    # of it ("Võ Minh Phút" read so three times: "Phút" is a word, no name); a collective's
    # name ("Tổ Toán - Tin", "Chi đội 6A1") is made of other words, and sure when every
    # reading agrees with confidence.
    from .people import is_collective_name
    sure = (not others and (bool(plausible) or (max(votes[best]) >= 85 and
                                                is_collective_name(best)))) or \
        (bool(plausible) and agreeing >= 2 and max(votes[best]) >= 85 and not by_marks)
    cell.text = best
    cell.conf = max(votes[best]) if sure else min(min(votes[best]), 40.0)
    cell.alt = others[0] if others else ""
    # A word that cannot stand where it is ("Trân" as a family name) read again from the
    # one alternative Tesseract itself offered there that can (ocrchoices.py): a doubt
    # showing what was read.
    # (A given name alone, or a collective's name, has no family name first: those two
    # rules are not for it — "Tổ Toán - Tin" is not "Tô …".)
    first_family = part != "given" and not is_collective_name(best)
    again = ocrchoices.offered_name(best, list(offered)) if first_family else None
    if again:
        cell.text, cell.conf, cell.alt = again, min(cell.conf, 40.0), best
        return
    family = family_misread(best) if first_family else None
    if family:   # every reading agreed, on a given name where the family name stands
        cell.conf, cell.alt = min(cell.conf, 40.0), family


_EDGE_MARKS = ".,;:|_-–—~`'\"ˆ^*"


def _name_cleaned(text: str, conf: float) -> tuple[str, float]:
    """A name cell's reading without what specks and a copier's grain add around the name,
    and with the spaces a thickened print closed put back: marks with no letter before or
    after it ("Dương Thị Thu _ _", "Nguyễn Bảo Dung."), a lone small letter after a name
    written in capitals ("Trần Thị An ý"), and a word that is name syllables run together
    ("NguyễnVănAn") split. A reading changed so is never sure on its own (under the doubt
    level): the name is right only as far as the other readings agree."""
    from .scan import DOUBT
    # A collective's dash between its words stays ("Tổ Toán - Tin"); anywhere else a mark
    # with no letter is no part of a name.
    from .people import is_collective_name
    dash = ("-", "–") if is_collective_name(text.strip()) else ()
    words = [w for w in text.split() if any(ch.isalnum() for ch in w) or w in dash]
    if words:
        words[0], words[-1] = words[0].lstrip(_EDGE_MARKS), words[-1].rstrip(_EDGE_MARKS)
    while len(words) > 2 and len(words[-1]) == 1 and words[-1].islower() and \
            all(w[:1].isupper() for w in words[:-1]):
        words.pop()
    words = [part for word in words for part in _run_together(word)]
    cleaned = " ".join(w for w in words if w)
    if cleaned == " ".join(text.split()) or not cleaned:
        return " ".join(text.split()), conf
    return cleaned, min(conf, DOUBT - 1)


def _run_together(word: str) -> list[str]:
    """"NguyễnVănAn" → ["Nguyễn", "Văn", "An"] when every part is a Vietnamese syllable; a
    word that is not split so stays whole."""
    parts = [""]
    for before, ch in zip(" " + word, word):
        if ch.isupper() and before.islower():
            parts.append("")
        parts[-1] += ch
    from .vietnamese import is_syllable
    plausible_name("a b")      # fills _NAMES
    # A part may be a syllable with a letter misread ("NguyễnBỏoDung"): name_fixed reads
    # it as the name syllable one letter away afterwards.
    if len(parts) >= 2 and all(p.lower() in _NAMES or is_syllable(p) for p in parts):
        return parts
    return [word]


def family_misread(text: str) -> str | None:
    """The name `text` with its first word made the one family name it differs from only by
    its marks ("Định Thị Lan" → "Đinh Thị Lan"), when that word is not a family name and
    exactly one family name fits; else None. Offered for checking, never put in its place."""
    from .lexicon_vi import family_names
    words = text.split()
    families = family_names()
    if len(words) < 2 or words[0].lower() in families:
        return None
    bare = _unmarked(words[0].lower())
    fits = [f for f in families if _unmarked(f) == bare]
    if len(fits) != 1:
        return None
    first = fits[0][:1].upper() + fits[0][1:]
    return " ".join([first, *words[1:]])


def _unmarked(word: str) -> str:
    """Letters without tone or vowel marks (đ stays đ: "Định" and "Đinh" are the same)."""
    import unicodedata
    return "".join(ch for ch in unicodedata.normalize("NFD", word)
                   if not unicodedata.combining(ch))


def plausible_name(text: str, part: str = "full") -> bool:
    """Every word a syllable of Vietnamese names (case aside), two words at least — one for
    a part of a name split in two columns."""
    from .lexicon_vi import name_syllables
    words = text.split()
    known = _NAMES or _NAMES.update(name_syllables()) or _NAMES
    return len(words) >= (2 if part == "full" else 1) and \
        all(word.lower() in known for word in words)


_NAMES: set[str] = set()


def _marks(word: str) -> set[str]:
    import unicodedata
    return {ch for ch in unicodedata.normalize("NFD", word) if unicodedata.combining(ch)}


def name_fixed(text: str, part: str = "full") -> str | None:
    """The name one letter per word away from `text` whose every word is a name syllable,
    when there is exactly one such name; else None. `part` as for plausible_name."""
    plausible_name("a b")      # fills _NAMES
    out = []
    for word in text.split():
        if word.lower() in _NAMES:
            out.append(word)
            continue
        near = [known for known in _NAMES if len(known) == len(word) and
                sum(a != b for a, b in zip(known, word.lower())) == 1]
        # The marks Tesseract saw are usually right when the letter under them is not
        # ("Hỏi" for "Hải"): the nearest name keeps most of them.
        distance = {known: len(_marks(known) ^ _marks(word.lower())) for known in near}
        best = [known for known in near if distance[known] == min(distance.values())]
        if len(best) != 1:
            return None
        found = best[0]
        out.append(found[:1].upper() + found[1:] if word[:1].isupper() else found)
    fixed = " ".join(out)
    enough = 2 if part == "full" else 1
    return fixed if len(out) >= enough and fixed != " ".join(text.split()) else None
