"""Hidden names must not be spelled anywhere that is published.

A person whose consent hides their name (initials or none; students by default) may still be
named by a careless author: in their own story, in an award reason, a contest entry, a
campaign's name, a hand-written page, a news post or a file name (ids become URLs). One
function, `HiddenNames.spells`, decides whether a text spells a hidden name; it sees the
text as a reader reads it (readable.reader_text) and matches a name as a name. `check`
applies it to every published text (file, line, field), and the last gate (leakgate.py) to
every file of the staging site. The rule, and why, is in docs/privacy.md:

- the full name (three words or more) matches in any case; a word of the text that carries
  no marks is compared without them ("Nguyen Van An"), a word that carries marks must carry
  the name's own (Hương is not Hường, Dũng is not Đũng);
- the last two words ("Bảo Ngọc" of "Nguyễn Thị Bảo Ngọc"; a two-word name whole) match only
  written as a name: each word capitalised, with the name's own marks (compared without them
  only when the whole text has none), and not as part of a place ("phường Hòa An") or of
  another person's name ("Trần Văn An" is not "Nguyễn Văn An": a family name before the two
  words that the hidden name does not have);
- words inside the full name of somebody published are not a leak of somebody else, except in
  the hidden person's own files (their story, the entry about them);
- a record id, photo or news slug spells the full name (its words together, in order), or, in
  the person's own files, the last two words.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from bangvang.records.loader import RawRecord
from bangvang.problems import Problems
from bangvang.checking.readable import folded, has_marks, lower, reader_text, spelling
from bangvang.records.yamlload import LineDict, text_values

# Fields that are never published.
UNPUBLISHED_FIELDS = {"private", "warnings"}
# Fields that hold a person's own name, published only as consent allows (validate.py puts
# the public form in the Catalog): kind → paths, list indices written "[]".
PERSON_NAME_FIELDS = {
    "exemplar": {"name"},
    "honour_roll": {"awards[].recipient"},
    "contest_entry": {"author.name"},
    "initiative": {"authors[].name"},
}
# Words after which two capitalised words name a place, not a person ("phường Hòa An",
# "Trường THCS Minh Đức", "thị trấn Cao Dương"), in lower case with their marks (folded
# they would catch ordinary words: "bạn" is not "bản").
PLACE_WORDS = frozenset("""
    phường xã quận huyện tỉnh phố thôn ấp bản làng xóm khóm đường ngõ hẻm trấn khu
    sông núi hồ đầm chùa đền đình cầu chợ đảo vịnh đèo biển ga bến cảng trường
    học non thcs thpt th mn
""".split())
# Vietnamese family names (the most frequent, about 95 % of people), in lower case: one,
# capitalised, before two words of a hidden name that the name does not contain makes those
# words part of another person's name ("Trần Văn An" is not "Nguyễn Văn An").
FAMILY_NAMES = frozenset("""
    nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào đinh đoàn
    trịnh mai lương tạ lâm trương cao hà chu quách tống thái kiều lưu lại la tăng khúc tôn
    thạch phùng giang quan ông tô mạc hứa âu doãn vương nghiêm
""".split())
# Words that open a sentence to address somebody by their given name ("Anh Dũng làm nghề
# mộc": Mr Dũng), which are also middle names (Nguyễn Anh Dũng): at the start of a sentence,
# outside the person's own files, they do not make the two words a name.
KINSHIP = frozenset("anh chị em cô thầy bác ông bà cháu bạn chú dì mẹ bố cậu mợ thím cụ".split())
_SENTENCE_START = frozenset(".!?:;¶\"“”'‘’(-–—…")
_PLACE_FOLDED = frozenset(folded(w) for w in PLACE_WORDS)
_FAMILY_FOLDED = frozenset(folded(w) for w in FAMILY_NAMES)
_WORDS_AT = re.compile(r"\w+(?: \w+){0,5}")
# Up to five words, each followed by one space, read backwards from a position: matched on
# the reversed text (a `$`-anchored search forwards tries every position of its window, and
# this runs at every candidate name of a page: a third of the gate's time on open data).
_BEFORE_REVERSED = re.compile(r"(?: \w+){0,5}")
MAX_NAME_WORDS = 6


@dataclass
class Person:
    """A hidden person, as their name is written in their records."""
    words: tuple[str, ...]
    lowers: tuple[str, ...]
    shown: str | None                 # how they are published (initials), None: not at all
    withdrawn: bool                   # consent lowered explicitly (their name may be online)
    files: set[str] = field(default_factory=set)   # their own files

    @property
    def name(self) -> str:
        return " ".join(self.words)


@dataclass
class Hit:
    person: Person
    spelled: str         # as the reader reads it
    start: int


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", reader_text(name, markup=False)))


def _trie(words: set[str]) -> str:
    """A regular expression matching exactly the given strings, sharing their prefixes."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body
    return emit(root)


class HiddenNames:
    def __init__(self):
        self.people: dict[tuple[str, ...], Person] = {}   # lower-case words → person
        self.allowed: dict[str, list[tuple[str, ...]]] = {}   # folded → published names
        self.own_pairs: dict[str, tuple[str, ...]] = {}       # file → its person's last words
        self._index: tuple | None = None
        self._owners: dict[str, list[Person]] | None = None
        self._here: dict[tuple, bool] = {}   # _published_here's answers (valid until `allow`)
        self._given: frozenset[str] | None = None   # verdict_terms' given names (until add/allow)
        self._pairs: re.Pattern | None = None       # … and the pairs ending in one (given_names)
        self.memo = None   # verdicts.CleanTexts: texts judged clean by an earlier pass

    def only(self, people) -> "HiddenNames":
        """The rule for `people` alone (privacy.Person, hidden since an earlier verdict), the
        published names as they are: a text whose verdict holds for everybody else is judged
        again against them only (leakgate.Verdicts). Its `words` are this rule's, every
        given name's pairs, so that the new verdict is whole."""
        narrow = HiddenNames()
        narrow.people = {p.lowers: p for p in people}
        narrow.allowed, narrow.own_pairs = self.allowed, self.own_pairs
        self._pair_pattern()
        narrow._given, narrow._pairs = self._given, self._pairs
        return narrow

    def fingerprint(self) -> str:
        """A digest of what the rule decides with for every text (who is hidden and how, who
        is published): with equal fingerprints, a text of a file is judged alike while that
        file's `owners` are the same too."""
        digest = hashlib.sha256()
        for key, person in sorted(self.people.items()):
            digest.update(repr((key, person.words, person.shown, person.withdrawn)).encode())
        digest.update(repr(sorted(self.allowed.items())).encode())
        return digest.hexdigest()

    def verdict_terms(self) -> tuple[dict[str, Person], set[str], frozenset[str]]:
        """What a clean verdict depends on besides the rule, its text and `owners` (for the
        gate's verdicts, leakgate.Verdicts): each hidden person by a digest of how the rule
        sees them (their files apart), the published names, and the given names of everybody
        known (last word, folded). A text that spelled no hidden name still spells none with
        one more hidden person unless it holds that person's last two words written one space
        apart (every way of spelling a name in text or address has them so; `spells` gives
        them as `words`), and none with more published names (they only spare words)."""
        people = {hashlib.blake2b(repr((key, p.words, p.shown, p.withdrawn)).encode(),
                                  digest_size=12).hexdigest(): p
                  for key, p in self.people.items()}
        allowed = {f"{key}\t{'|'.join(name)}" for key, names in self.allowed.items()
                   for name in names}
        return people, allowed, self.given_names()

    def given_names(self) -> frozenset[str]:
        """The given names (last word, folded) of everybody hidden or published."""
        if self._given is None:
            given = {folded(lower(p.words[-1])) for p in self.people.values()}
            given |= {key.rsplit(" ", 1)[-1] for key in self.allowed}
            self._given = frozenset(given)
            # Two whole words one space apart, the second a given name ("minh thu"): every
            # name the rule matches holds its last two words so, which is what a clean
            # verdict keeps (`spells`' `words`). A trie of the given names finds only those
            # pairs (a data file holds a million pairs of words, some thousands of these).
            self._pairs = re.compile(rf"(?<!\w)(?=(\w+ (?:{_trie(given)}))(?!\w))") \
                if given else None
        return self._given

    def _pair_pattern(self) -> re.Pattern | None:
        self.given_names()
        return self._pairs

    def owners(self, file: str | None) -> str:
        """Whose own file `file` is (the hidden people whose story or entry it is, the
        published person its record is about): the rest of what the rule decides a text of
        `file` with. Kept apart from the fingerprint so that a rename, which changes only
        whose files are whose, leaves every other file's verdicts standing."""
        people = sorted(person.lowers for person in self._owned(file))
        return repr((people, self.own_pairs.get(file))) if people or file in self.own_pairs \
            else ""

    # --- What is hidden and what is published ----------------------------------------

    def add(self, name: str | None, file: str, shown: str | None = None,
            withdrawn: bool = False) -> None:
        words = _name_words(name or "")
        if len(words) < 2:
            return
        key = tuple(spelling(w) for w in words)
        person = self.people.get(key)
        if person is None:
            person = self.people[key] = Person(words, key, shown, withdrawn)
            self._index = self._owners = self._given = None
        else:   # the same name twice: keep the least that any record shows
            person.shown = person.shown if shown is None else (person.shown and shown)
            person.withdrawn = person.withdrawn or withdrawn
        if file:
            person.files.add(file)
            self._owners = None

    def allow(self, published_names, own: dict[str, str] | None = None) -> None:
        """Names published in full: their words are not a leak of somebody else's. `own`:
        file → the name of the published person that record is about, whose last two words
        ("Đức Anh" of Phạm Đức Anh) are then theirs in that file."""
        self.allowed, self._here, self._given = {}, {}, None
        for name in published_names:
            words = _name_words(name or "")
            if len(words) >= 2:
                key = " ".join(folded(lower(w)) for w in words)
                self.allowed.setdefault(key, []).append(tuple(spelling(w) for w in words))
        self.own_pairs = {file: tuple(spelling(w) for w in _name_words(name)[-2:])
                          for file, name in (own or {}).items() if name}

    def person(self, name: str | None) -> Person | None:
        """The hidden person whose full name `name` is exactly (case and spacing aside), unless
        somebody published has that name too (a teacher and a student of one name)."""
        words = _name_words(name or "")
        key = tuple(spelling(w) for w in words)
        published = self.allowed.get(" ".join(folded(lower(w)) for w in words), ())
        return None if key in published else self.people.get(key)

    def _prepare(self):
        if self._index is None:
            full: dict[str, list[Person]] = {}
            pairs: dict[str, list[Person]] = {}
            starts = set()
            for person in self.people.values():
                folds = [folded(lower(w)) for w in person.words]
                if len(folds) >= 3:
                    full.setdefault(" ".join(folds), []).append(person)
                    starts.add(" ".join(folds[:2]))
                pair = " ".join(folds[-2:])
                pairs.setdefault(pair, []).append(person)
                starts.add(pair)
            pattern = re.compile(rf"(?<!\w)(?=(?:{_trie(starts)})(?!\w))") if starts else None
            lengths = sorted({len(k.split()) for k in full}, reverse=True)
            self._index = (full, pairs, pattern, lengths)
        return self._index

    # --- The one rule ----------------------------------------------------------------

    def spells(self, text: str, file: str | None = None, read: bool = True,
               first: bool = True, words: set | None = None, marks: bool | None = None,
               within: tuple[int, int] | None = None) -> list[Hit]:
        """Where `text` spells a hidden name (the first only, unless `first` is False).
        `read`: `text` is raw (markup, entities, invisible characters) and is first made what a
        reader reads; pass False for text that already is. `words`: a set that receives the
        text's pairs of words that may end a name ("thu+huong": two words one space apart,
        folded, the second a given name of `given_names`), what a clean verdict keeps.
        `marks`, `within`: `text` is a piece of a longer reader's text (leakgate judges a
        data file in pieces): whether that whole text carries marks, and the part of `text`
        where a name may start (around it, the words the rule reads before and after one)."""
        if not self.people or not text:
            return []
        shown = reader_text(text) if read else text
        full, pairs, pattern, lengths = self._prepare()
        fold_text = folded(shown)
        if words is not None:
            pairs_at = self._pair_pattern()
            found = pairs_at.findall(fold_text) if pairs_at else []
            words.update("\n".join(found).replace(" ", "+").split("\n") if found else ())
        marked = marks
        hits = []
        begin, end = within or (0, len(fold_text))
        for match in pattern.finditer(fold_text, begin):
            start = match.start()
            if start >= end:
                break
            words_f = _WORDS_AT.match(fold_text, start).group(0).split(" ")
            words = shown[start:start + len(" ".join(words_f))].split(" ")
            hit = self._full_at(shown, start, words, words_f, full, lengths, file)
            if hit is None and (key := " ".join(words_f[:2])) in pairs:
                if marked is None:
                    marked = has_marks(shown)
                hit = self._pair_at(shown, start, words, pairs[key], marked, file)
            if hit:
                hits.append(hit)
                if first:
                    break
        if not hits or not first:
            hits += self._own_spelled(shown, fold_text, file)
        return hits[:1] if first else hits

    def _own_spelled(self, shown: str, fold_text: str, file: str | None) -> list[Hit]:
        """In a person's own files, the way they are called ("Ngọc Diệp", "Vương Diệp")
        matches in any case: there it can only mean them."""
        hits = []
        for person in self._owned(file):
            lowers = {folded(lower(w)): spelling(w) for w in person.words}
            for pair in _own_pairs(person):
                for match in re.finditer(rf"(?<!\w){pair[0]} {pair[1]}(?!\w)", fold_text):
                    words = shown[match.start():match.end()].split(" ")
                    if all(not has_marks(w) or spelling(w) == lowers.get(folded(lower(w)))
                           for w in words):
                        hits.append(Hit(person, " ".join(words), match.start()))
                        break
        return hits

    def _full_at(self, shown, start, words, words_f, full, lengths, file) -> Hit | None:
        for n in lengths:
            if len(words_f) < n:
                continue
            for person in full.get(" ".join(words_f[:n]), ()):
                if all(spelling(w) == p or not has_marks(w) for w, p in zip(words, person.lowers)) \
                        and not self._published_here(shown, start, n, words, person, file):
                    return Hit(person, " ".join(words[:n]), start)
        return None

    def _pair_at(self, shown, start, words, people, marked, file) -> Hit | None:
        if len(words) < 2 or not (words[0][:1].isupper() and words[1][:1].isupper()):
            return None
        before = _words_before(shown, start)
        previous = before[-1] if before and shown[start - 1:start] == " " else None
        for person in people:
            if marked and (spelling(words[0]), spelling(words[1])) != person.lowers[-2:]:
                continue
            if file not in person.files and lower(words[0]) in KINSHIP and \
                    _sentence_start(shown, start):
                continue
            if previous and file not in person.files and spelling(previous) not in person.lowers:
                word = lower(previous) if marked else folded(lower(previous))
                if word in (PLACE_WORDS if marked else _PLACE_FOLDED):
                    continue
                if previous[:1].isupper() and word in (FAMILY_NAMES if marked else
                                                       _FAMILY_FOLDED):
                    continue
            if self._published_here(shown, start, 2, words, person, file):
                continue
            if file not in person.files and \
                    self.own_pairs.get(file) == (spelling(words[0]), spelling(words[1])):
                continue   # the published person of this record, called as usual
            return Hit(person, " ".join(words[:2]), start)
        return None

    def _published_here(self, shown, start, size, words, person, file) -> bool:
        """Are the `size` words at `start` inside the full name of somebody published
        (written here as a name: same marks, or none)? Not in the hidden person's own files."""
        if not self.allowed or file in person.files:
            return False
        before = tuple(_words_before(shown, start))
        # The answer depends on these words alone: a published name (a teacher's, on
        # thousands of pages of a school) is looked up once per pass.
        memo = (before, tuple(words), size)
        if memo not in self._here:
            self._here[memo] = self._in_published_name(before + tuple(words), len(before), size)
        return self._here[memo]

    def _in_published_name(self, window: tuple, first: int, size: int) -> bool:
        for begin in range(max(0, first - MAX_NAME_WORDS), first + 1):
            for end in range(first + size, min(len(window), begin + MAX_NAME_WORDS) + 1):
                key = " ".join(folded(lower(w)) for w in window[begin:end])
                for name in self.allowed.get(key, ()):
                    if all(spelling(w) == p or not has_marks(w)
                           for w, p in zip(window[begin:end], name)):
                        return True
        return False

    # --- Records, texts and ids ------------------------------------------------------

    def scan_text(self, file: str, line: int | None, field: str | None, text: str,
                  problems: Problems, rendered: str | None = None,
                  words: set | None = None) -> list[Hit]:
        """Refuse `text` if it spells a hidden name, naming the line where the name starts.
        `rendered`: the text as shown (Markdown made HTML), when it differs from `text`.
        `words`: a set that receives what the verdicts need of its words (scan_record's)."""
        shown = rendered if rendered is not None else text
        key = self.memo.key(file, shown) if self.memo is not None else None
        if key is not None and self.memo.known(key, file, words):
            return []
        read: set[str] = set()
        hits = self.spells(shown, file, words=read)
        if words is not None:
            words |= read
        if not hits and key is not None:
            self.memo.judged(key, file, read)
        for hit in hits:
            problems.add(file, _line_of(self, str(text), hit, line, file), field,
                         f"đoạn này ghi tên “{hit.spelled}” của một người không được công bố họ "
                         "tên (theo mức đồng ý công bố); hãy bỏ tên hoặc chỉ ghi chữ cái đầu")
        return hits

    def scan_record(self, raw: RawRecord, problems: Problems,
                    ids: frozenset[str] = frozenset(), rendered: str | None = None) -> list[Hit]:
        """Every published value and the body of `raw`. `ids`: record ids; a field that is
        exactly one is a reference, published only as a link to a page that is shown (whose
        own id check_ids checks), so it is not text. `rendered`: the body as HTML."""
        if not self.people:
            return []
        # The whole record judged clean before, with the same ids (a value equal to an id is
        # not read): nothing to read. Else each text, which may have been judged alone.
        key = self.memo.record_key(raw, ids) if self.memo is not None else None
        if key is not None and self.memo.known(key, raw.path, record=True):
            return []
        words: set[str] = set()   # its texts' words, for the record's own verdict
        hits = self.scan_fields(raw.path, raw.kind, raw.data, problems, ids, words)
        if raw.body:
            hits += self.scan_text(raw.path, raw.body_line, None, raw.body, problems, rendered,
                                   words)
        if not hits and key is not None:
            self.memo.judged(key, raw.path, words)
        return hits

    def scan_fields(self, file: str, kind: str, data: LineDict, problems: Problems,
                    ids: frozenset[str] = frozenset(), words: set | None = None) -> list[Hit]:
        """Every published value of a front matter or YAML record, at any depth."""
        hits: list[Hit] = []
        skip = PERSON_NAME_FIELDS.get(kind, set())
        for line, path, value in text_values(data, "", data.line):
            if not _published(path) or re.sub(r"\[\d+\]", "[]", path) in skip \
                    or value.strip() in ids:
                continue
            if kind == "plan" and path == "signer.name" and self.person(value):
                continue   # shown by role or initials instead (validate.py)
            hits += self.scan_text(file, line, path, value, problems, words=words)
        return hits

    def check_ids(self, all_ids: dict[str, dict[str, str]], problems: Problems,
                  online: frozenset[str] = frozenset()) -> None:
        """A record id, photo name or news slug (they make addresses) may not spell a hidden
        name: the full name anywhere, the last two words in the person's own files. Words of
        the full name of somebody published (the record's own person) are not a leak.
        `online`: ids (kind, id) whose address was published before the name was hidden: an
        address cannot be taken back, so they are warned about, not refused."""
        full, pairs, _, lengths = self._prepare()
        for kind, ids in all_ids.items():
            for record_id, file in ids.items():
                hit = self.spelled_in_id(record_id, file, full, pairs, lengths)
                if hit and (kind, record_id) in online:
                    problems.warn(file, None, None, f"tên tệp (địa chỉ trang đã công bố) chứa họ "
                                  f"tên (“{hit}”) của người nay không được công bố họ tên; hãy "
                                  "đổi tên tệp bằng `bangvang rename`, ví dụ thành "
                                  "“hs-2024-viec-tot”, để địa chỉ mới không còn ghi tên")
                elif hit:
                    problems.add(file, None, None, "tên tệp chứa họ tên (“"
                                 f"{hit}”) của người không được công bố họ tên; tên tệp tạo địa "
                                 "chỉ trang nên sẽ lộ tên. Hãy đổi tên tệp, ví dụ "
                                 "“hs-2024-viec-tot.md”")

    def spelled_in_id(self, record_id: str, file: str | None, full=None, pairs=None,
                      lengths=None) -> str | None:
        if full is None:
            full, pairs, _, lengths = self._prepare()
        words = [w for w in re.split(r"[^a-z0-9]+", folded(lower(record_id))) if w]
        for start in range(len(words)):
            for n in lengths:
                if start + n > len(words):
                    continue
                people = full.get(" ".join(words[start:start + n]), ())
                if people and not self._id_published(words, start, n, people, file):
                    return "-".join(words[start:start + n])
            pair = tuple(words[start:start + 2])
            if len(pair) == 2 and any(pair in _own_pairs(p) for p in self._owned(file)):
                return "-".join(pair)
        return None

    def _owned(self, file: str | None) -> list[Person]:
        """The hidden people whose own file `file` is (their story, the entry about them)."""
        if not file:
            return []
        if self._owners is None:
            self._owners = {}
            for person in self.people.values():
                for own in person.files:
                    self._owners.setdefault(own, []).append(person)
        return self._owners.get(file, [])

    def _id_published(self, words, start, size, people, file) -> bool:
        if any(file in p.files for p in people):
            return False
        for begin in range(max(0, start - MAX_NAME_WORDS), start + 1):
            for end in range(start + size, min(len(words), begin + MAX_NAME_WORDS) + 1):
                if " ".join(words[begin:end]) in self.allowed:
                    return True
        return False


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in _SENTENCE_START


def _words_before(shown: str, start: int) -> list[str]:
    """The words written just before `start`, each followed by a single space, at most five,
    within the 200 characters before it ("Trần " before "Văn An"); across one line break
    right before `start` too ("Trần \nVăn An"), as a reader reads them."""
    end = start - 1 if start and shown[start - 1] == "\n" else start
    window = shown[max(0, start - 200):end][::-1]
    return window[:_BEFORE_REVERSED.match(window).end()][::-1].split()


def _own_pairs(person: Person) -> set[tuple[str, str]]:
    """How a person is called in their own files: the last two words ("Ngọc Diệp"), and the
    family name with the given name ("Vương Diệp"), folded."""
    folds = [folded(lower(w)) for w in person.words]
    return {(folds[-2], folds[-1]), (folds[0], folds[-1])}


def _published(path: str) -> bool:
    """Whether a field path is published: not under `private:` or `warnings:` at any depth."""
    return not any(part.split("[", 1)[0] in UNPUBLISHED_FIELDS for part in path.split("."))


def _line_of(names: HiddenNames, text: str, hit: Hit, first: int | None, file) -> int | None:
    """The line of `text` where the name of `hit` starts: the first line (or two lines
    together, for a name broken by a line break) that spells it."""
    if first is None:
        return None
    rows = text.split("\n")
    for span in (1, 2, 3):
        for index in range(len(rows)):
            piece = "\n".join(rows[index:index + span])
            if any(h.person is hit.person for h in names.spells(piece, file, first=False)):
                return first + index
    return first

