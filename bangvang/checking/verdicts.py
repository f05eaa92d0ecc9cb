"""Verdicts of the hidden-name rule kept between passes (`check`'s texts; the last gate keeps
its own per file, leakgate.Verdicts): a clean verdict holds only under the same rule code
(`rule_digest`), the same hidden and published names (HiddenNames.fingerprint) and the same
owners of the file it was read in (HiddenNames.owners)."""
from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from pathlib import Path

from bangvang import caches
from bangvang.checking.privacy import HiddenNames
from bangvang.checking.readable import folded, lower
from bangvang.records.loader import RawRecord


def rule_digest() -> str:
    """The rule's code and the Unicode tables its reader's text is made with: a verdict of
    an earlier pass holds only under the same."""
    digest = hashlib.sha256(unicodedata.unidata_version.encode())
    package = Path(__file__).parent.parent
    for module in ("checking/privacy.py", "checking/readable.py", "checking/leakgate.py",
                   "checking/verdicts.py",
                   "records/text.py"):   # the rule and the folding it reads with
        digest.update((package / module).read_bytes())
    return digest.hexdigest()


UNKNOWN = "\0"   # in a record's words: a text's verdict that does not say which it holds


class CleanTexts:
    """The texts `scan_text` judged clean, kept between passes (.build/cache/): a text with
    the same file and the same words is clean again without reading it when judged under the
    same rule, with the same owners of its file (HiddenNames.owners: a rename changes those
    of two files, not the others'), no published name then hidden or gone now, and no hidden
    person added since whose given name the text holds as a word (or whose given name was
    unknown then: HiddenNames.verdict_terms; the gate's verdicts work the same way). A whole
    record's verdict keeps the given names of all its texts. Only clean verdicts are kept: a
    hidden name is always found by reading."""

    def __init__(self, path: Path, hidden: HiddenNames):
        self.path = path
        self.hidden = hidden
        self.rule = rule_digest()
        self.people, self.allowed, self.given = hidden.verdict_terms()
        self.given_id = hashlib.blake2b("\n".join(sorted(self.given)).encode(),
                                       digest_size=16).hexdigest()
        self.given_sets = {self.given_id: self.given}
        # key → [owners of its file, given, present (the given names it holds, one string), file]
        self.earlier: dict[str, list] = {}
        self.now: dict[str, list] = {}
        self.added: set[str] = set()         # the given names of people hidden since
        self.whole: set[str] = set()         # files whose whole record's verdict held
        self._ids: tuple | None = None   # (the ids, their digest) of this pass
        try:
            saved = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):   # none yet, or torn: every text is read
            saved = None
        if isinstance(saved, dict) and saved.get("rule") == self.rule and \
                isinstance(saved.get("clean"), dict) and isinstance(saved.get("people"), list) \
                and isinstance(saved.get("given"), dict) and \
                set(saved.get("allowed") or ()) <= self.allowed:
            earlier_people = set(saved["people"])
            self.added = {folded(lower(p.words[-1])) for d, p in self.people.items()
                          if d not in earlier_people}
            self.earlier = saved["clean"]
            for entry in self.earlier.values():   # one string each, not one per text
                if isinstance(entry, list) and len(entry) == 4 and \
                        all(isinstance(v, str) for v in (entry[0], entry[1], entry[3])):
                    entry[0], entry[1], entry[3] = (sys.intern(v) for v in
                                                    (entry[0], entry[1], entry[3]))
            for key, names in saved["given"].items():
                self.given_sets.setdefault(key, set(names))

    @staticmethod
    def key(file: str | None, text: str) -> str:
        digest = hashlib.blake2b(str(file).encode(), digest_size=16)
        digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def record_key(self, raw: RawRecord, ids: frozenset[str]) -> str:
        """A whole record: its kind, front matter (or YAML data) and body, and the ids."""
        if self._ids is None or self._ids[0] is not ids:
            self._ids = (ids, hashlib.blake2b("\n".join(sorted(ids)).encode(),
                                              digest_size=16).hexdigest())
        content = raw.front if raw.front else repr(raw.data)
        return self.key(raw.path, f"{raw.kind}\0{self._ids[1]}\0{content}\0{raw.body}")

    def known(self, key: str, file: str | None, words: set | None = None,
              record: bool = False) -> bool:
        """Whether `key` was judged clean and still is; `words` (a record's) then receives
        the given names its text holds, or UNKNOWN when the verdict does not say. `record`:
        the key is a whole record's, whose texts' own verdicts are then kept as they were."""
        entry = self.earlier.get(key)
        if not isinstance(entry, list) or len(entry) != 4 or entry[0] != self.hidden.owners(file):
            return False
        if self.added:
            known, present = self.given_sets.get(entry[1], ()), entry[2]
            if not isinstance(present, str) or \
                    any(n not in known or n in present.split(" ") for n in self.added):
                return False
        if words is not None:
            if entry[1] == self.given_id and isinstance(entry[2], str):
                words.update(entry[2].split(" "))
            else:
                words.add(UNKNOWN)
        self.now[key] = entry
        if record:
            self.whole.add(file)
        return True

    def judged(self, key: str, file: str | None, words: set) -> None:
        """`words`: the words of the text (or of every text of a record) as the rule read
        them; kept are the given names among them."""
        present = None if UNKNOWN in words else " ".join(sorted(words & self.given))
        self.now[key] = [self.hidden.owners(file), self.given_id, present, file]

    def save(self) -> None:
        """Written whole, and only when the verdicts changed."""
        # A record whose whole verdict held was not read text by text: its texts' verdicts
        # are kept as they were (a later edit of one field reads only that field).
        for key, entry in self.earlier.items():
            if key not in self.now and isinstance(entry, list) and len(entry) == 4 and \
                    entry[3] in self.whole:
                self.now[key] = entry
        if self.now == self.earlier and self.path.is_file() and not self.added:
            return
        used = {entry[1] for entry in self.now.values()}
        caches.write(self.path, json.dumps({
            "rule": self.rule, "people": sorted(self.people), "allowed": sorted(self.allowed),
            "given": {k: sorted(v) for k, v in self.given_sets.items() if k in used},
            "clean": self.now}, sort_keys=True).encode("utf-8"))
