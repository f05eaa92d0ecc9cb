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
                   "checking/longtext.py", "checking/verdicts.py",
                   "records/text.py"):   # the rule and the folding it reads with
        digest.update((package / module).read_bytes())
    return digest.hexdigest()


UNKNOWN = "\0"   # in a record's words: a text's verdict that does not say which it holds


class Names:
    """What a clean verdict depends on of the names, for `check`'s verdicts (CleanTexts)
    and the gate's (leakgate.Verdicts): verdicts saved with other names hold when, for each
    hidden person added since and each published name gone since, the verdict knew the
    given name and its text does not hold the last two words one space apart ("Minh Thư":
    HiddenNames.verdict_terms says why that is enough for a person added), nor, for a name
    gone, any two of its words in a row (a published name spares only words inside its own
    full name). More published names only spare words. A verdict keeps those pairs of its
    text ("minh+thu") whose second word is a known given name: a student added (or taken
    off the roll, her initials, a published name, with her) reads again the few files that
    hold her two last words, not every file with a word "thu"."""

    def __init__(self, hidden: HiddenNames):
        self.people, self.allowed, self.given = hidden.verdict_terms()
        self.given_id = hashlib.blake2b("\n".join(sorted(self.given)).encode(),
                                       digest_size=16).hexdigest()
        self.sets = {self.given_id: self.given}   # the given names verdicts were made with
        self.added: set[str] = set()   # the last two words of people hidden since, "minh+thu"
        self.gone: set[str] = set()    # each two words in a row of published names gone since
        self.hidden_since: list = []   # the people added since (privacy.Person)

    def usable(self, saved: dict) -> bool:
        """Whether verdicts saved with `saved`'s names can be used now; notes who was added
        and which published names are gone."""
        if not isinstance(saved.get("people"), list) or not isinstance(saved.get("given"), dict) \
                or not isinstance(saved.get("allowed") or [], list):
            return False
        earlier = set(saved["people"])
        self.hidden_since = [p for d, p in self.people.items() if d not in earlier]
        self.added = {"+".join(folded(lower(w)) for w in p.words[-2:]) for p in self.hidden_since}
        # An allowed entry is "folded words\tspellings" (HiddenNames.verdict_terms).
        gone = {entry for entry in saved.get("allowed") or () if isinstance(entry, str)} - \
            self.allowed
        # A gone name spared a hidden person's last two words only inside its own words:
        # any two of its words in a row may be those (a verdict's pairs are all of its
        # text's that end in a given name known then, as every hidden person's was).
        self.gone = {f"{a}+{b}" for entry in gone
                     for words in [entry.partition("\t")[0].split(" ")]
                     for a, b in zip(words, words[1:])}
        for key, names in saved["given"].items():
            self.sets.setdefault(key, set(names))
        return True

    def still_clean(self, given_id, present) -> bool:
        """A verdict made with the given names `given_id`, its text holding `present`."""
        return self.reading(given_id, present) is None

    def reading(self, given_id, present) -> str | None:
        """What a verdict made with the given names `given_id`, its text holding `present`,
        needs: None (it holds), "added" (its text must be judged again, but only against the
        people hidden since: it still holds for everybody else) or "all"."""
        if not self.added and not self.gone:
            return None
        known = self.sets.get(given_id, ())
        if not isinstance(present, str):
            return "all"
        held = set(present.split(" "))
        if not held.isdisjoint(self.gone):
            return "all"
        if any(pair.rpartition("+")[2] not in known or pair in held for pair in self.added):
            return "added"
        return None

    def present(self, words: set) -> str:
        """The pairs of words of a text (HiddenNames.spells', an address's) that end in a
        known given name, as a verdict keeps them."""
        given = self.given
        return " ".join(sorted(w for w in words if "+" in w and w.rpartition("+")[2] in given))

    def saved(self, used: set) -> dict:
        """What a saved file keeps of the names (`used`: the given names' versions its
        verdicts refer to)."""
        return {"people": sorted(self.people), "allowed": sorted(self.allowed),
                "given": {k: sorted(v) for k, v in self.sets.items() if k in used}}


class CleanTexts:
    """The texts `scan_text` judged clean, kept between passes (.build/cache/): a text with
    the same file and the same words is clean again without reading it when judged under the
    same rule, with the same owners of its file (HiddenNames.owners: a rename changes those
    of two files, not the others'), and no hidden person added or published name gone since
    whose words the text holds (Names; the gate's verdicts work the same way).
    A whole record's verdict keeps the pairs of all its texts. Only clean verdicts are kept: a
    hidden name is always found by reading."""

    def __init__(self, path: Path, hidden: HiddenNames):
        self.path = path
        self.hidden = hidden
        self.rule = rule_digest()
        self.names = Names(hidden)
        # key → [owners of its file, given, present (Names.present: its pairs, one string), file]
        self.earlier: dict[str, list] = {}
        self.now: dict[str, list] = {}
        self.whole: set[str] = set()         # files whose whole record's verdict held
        self._ids: tuple | None = None   # (the ids, their digest) of this pass
        try:
            saved = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):   # none yet, or torn: every text is read
            saved = None
        if isinstance(saved, dict) and saved.get("rule") == self.rule and \
                isinstance(saved.get("clean"), dict) and self.names.usable(saved):
            self.earlier = saved["clean"]
            for entry in self.earlier.values():   # one string each, not one per text
                if isinstance(entry, list) and len(entry) == 4 and \
                        all(isinstance(v, str) for v in (entry[0], entry[1], entry[3])):
                    entry[0], entry[1], entry[3] = (sys.intern(v) for v in
                                                    (entry[0], entry[1], entry[3]))

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
        the pairs its text holds (Names.present), or UNKNOWN when the verdict does not say. `record`:
        the key is a whole record's, whose texts' own verdicts are then kept as they were."""
        entry = self.earlier.get(key)
        if not isinstance(entry, list) or len(entry) != 4 or entry[0] != self.hidden.owners(file):
            return False
        if not self.names.still_clean(entry[1], entry[2]):
            return False
        if words is not None:
            if entry[1] == self.names.given_id and isinstance(entry[2], str):
                words.update(entry[2].split(" "))
            else:
                words.add(UNKNOWN)
        self.now[key] = entry
        if record:
            self.whole.add(file)
        return True

    def judged(self, key: str, file: str | None, words: set) -> None:
        """`words`: the words of the text (or of every text of a record) as the rule read
        them (HiddenNames.spells'); kept are those Names.present keeps."""
        present = None if UNKNOWN in words else self.names.present(words)
        self.now[key] = [self.hidden.owners(file), self.names.given_id, present, file]

    def save(self) -> None:
        """Written whole, and only when the verdicts changed."""
        # A record whose whole verdict held was not read text by text: its texts' verdicts
        # are kept as they were (a later edit of one field reads only that field).
        for key, entry in self.earlier.items():
            if key not in self.now and isinstance(entry, list) and len(entry) == 4 and \
                    entry[3] in self.whole:
                self.now[key] = entry
        if self.now == self.earlier and self.path.is_file() and not self.names.added \
                and not self.names.gone:
            return
        used = {entry[1] for entry in self.now.values()}
        caches.write(self.path, json.dumps({"rule": self.rule, **self.names.saved(used),
                                            "clean": self.now}, sort_keys=True).encode("utf-8"))
