"""The last gate before publishing: no file of the staging site spells a hidden name.

`check` refuses every record text that spells a hidden name (privacy.py). This gate reads
what was actually written, after MkDocs, the exports and Pagefind, with the same rule, so
that a name that reached an output some other way (a template, a theme override, a new
export, a bug) stops the swap: `bangvang build` then leaves site/ as it was and names the
file. Read: every page and XML/SVG file as text (tags removed, entities decoded), every JSON
document's strings, CSV and plain text, Pagefind's compressed fragments (the text of the
search results) and filters, the gzip sitemap, and the path of every file (addresses).
Images, fonts, scripts and styles of the theme carry no record text and are not read.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import posixpath
import re
import time
import zlib
from functools import lru_cache
from pathlib import Path

from bangvang import caches
from bangvang.checking import longtext
from bangvang.checking.privacy import HiddenNames
from bangvang.checking.readable import folded, lower
from bangvang.checking.verdicts import UNKNOWN, Names, rule_digest

TEXT = {".html", ".htm", ".xml", ".svg", ".csv", ".txt", ".md"}
JSON = {".json", ".webmanifest", ".jsonld"}
GZIP = {".pf_fragment", ".pf_filter", ".pf_meta", ".gz"}
PAGEFIND_HEADER = b"pagefind_dcd"
# Addresses in a file: links and sources of a page, feed and sitemap locations, any URL.
# Three searches rather than one alternation: a third of the time (each scans for its own
# first letters), and a URL inside a link is also read alone (the same address).
_ADDRESSES = (re.compile(r"""(?:href|src)=["']([^"']+)"""), re.compile(r"<(?:loc|id|uri)>([^<]+)"),
              re.compile(r"""https?://[^\s"'<>]+"""))
_ORIGIN = re.compile(r"^[a-z][a-z0-9+.-]*://[^/]*")
SHOWN = 10   # files named in the message; the rest are counted
VERDICTS = ".build/cache/kiem-tra-cuoi.json"   # clean verdicts of the last build (Verdicts)


class LeakFound(Exception):
    """A file of the staging site spells a hidden name; the message is Vietnamese."""


def _strings(value) -> list[str]:
    """Every string of a JSON value, keys included, in the document's order (walked with a
    stack, not recursion: an open-data file holds hundreds of thousands of values)."""
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            stack.extend(reversed([part for pair in item.items() for part in pair]))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found


def readable_text(path: Path, data: bytes | None = None) -> tuple[str | None, str | None]:
    """What a reader of `path` (or of the page Pagefind shows from it) can read, and the
    address of that page when the file says it (a Pagefind fragment's `url`). `data`: the
    file's bytes when already read."""
    suffix = path.suffix.lower()
    if suffix not in TEXT | JSON | GZIP:
        return None, None
    data = path.read_bytes() if data is None else data
    if suffix in GZIP:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error):
            return data.decode("utf-8", "replace"), None   # not compressed after all
        if data.startswith(PAGEFIND_HEADER):
            data = data[len(PAGEFIND_HEADER):]
            suffix = ".json" if data[:1] == b"{" else ".txt"
    text = data.decode("utf-8", "replace")
    if suffix in JSON:
        try:
            value = json.loads(text)
        except ValueError:
            return text, None
        page = value.get("url") if isinstance(value, dict) else None
        return "\n".join(_strings(value)), page if isinstance(page, str) else None
    return text, None


def _address(relative: str) -> str:
    """The URL a file answers: "a/b/index.html" → "/a/b/"."""
    folder, _, name = relative.rpartition("/")
    return f"/{folder}/" if name == "index.html" and folder else f"/{relative}"


def leaks(site: Path, hidden: HiddenNames, online: frozenset[str] = frozenset(),
          cache: Path | None = None) -> list[tuple[str, str]]:
    """(file, name as spelled) for every file of `site` that spells a hidden name. `online`:
    addresses published before (data/published-urls.txt), which cannot be taken back: a
    record withdrawn since answers there "không còn được công bố", so only their content is
    read, not their path. `cache`: a file keeping the clean verdicts of the last build."""
    found = []
    if not hidden.people:
        return found
    site = Path(site)
    # link → its path when that spells a name, for each rule a file may be judged with
    seen: dict[int, dict[str, str | None]] = {}
    verdicts = Verdicts(cache, hidden, online)
    top = os.fspath(site)
    # Paths as strings until a file must be read: most of a rebuild's 24,000 files are the
    # previous site's, kept (a Path per file: 1.25 s of CPU for 23,888 files, strings 0.35 s).
    for folder, _, names in os.walk(top):
        inside = folder[len(top):].lstrip(os.sep).replace(os.sep, "/")
        for name in sorted(names):
            leaks.files += 1
            relative = f"{inside}/{name}" if inside else name
            same = _same_file(os.path.join(folder, name))
            against = verdicts.against(relative, None, same)
            if against is None:
                continue
            path = Path(folder, name)
            data = path.read_bytes() if path.suffix.lower() in TEXT | JSON | GZIP else b""
            if against is hidden and (against := verdicts.against(relative, data, same)) is None:
                continue
            spelled, page = None if _address(relative) in online else \
                against.spelled_in_id(relative, None), None
            words = set(_id_pairs(relative))
            if spelled is None:
                text, page = readable_text(path, data)
                page = page or _address(relative)
                spelled = _spelled_in(text, against, online, relative, page,
                                      seen.setdefault(id(against), {}), words, verdicts)
            if spelled:
                found.append((relative, spelled))
            else:
                verdicts.judged_clean(relative, data, page, words, same)
    verdicts.save()
    leaks.reused += verdicts.reused
    return sorted(found)


class Verdicts:
    """The files judged clean by an earlier gate, so that a rebuild reads again only what it
    wrote anew. A verdict holds for the same path and bytes, judged by the same rule (its
    code), with the same owners of the page it was read as (HiddenNames.owners: a rename
    changes those of the renamed person's pages only), when the addresses published before
    then are still published now (an address published since only spares its path from being
    read, so a file clean without that is clean with it; an address removed from the list
    judges everything again), and the names as verdicts.Names says: one more student on the
    roll reads again the files with her last two words ("Minh Thư"), not every file with a
    word "thu", and reads them against her alone (a file of the same bytes was clean for
    everybody else); a published name gone reads again, against everybody, the files that
    hold two of its words in a row. Only clean verdicts are kept: a leak is always found by
    reading."""

    def __init__(self, cache: Path | None, hidden: HiddenNames, online: frozenset[str]):
        self.path, self.reused, self.kept = cache, 0, {}
        self.hidden = hidden
        self.rule = rule_digest() if cache else ""
        self.online = sorted(online)
        self.names = Names(hidden) if cache else None
        self.narrow = None   # the rule for the people hidden since the verdicts (against)
        # file → [digest of its bytes, page, owners, given, present, the file (_same_file)]
        self.earlier: dict[str, list] = {}
        # file → {piece of its long text → [given, present]}: a file whose own verdict holds
        # keeps its pieces' too, for the build that changes one of its lines
        self.pieces: dict[str, dict] = {}
        self.pieces_kept: dict[str, dict] = {}
        saved = _read_json(cache) if cache else {}
        if saved.get("rule") == self.rule and isinstance(saved.get("online"), list) and \
                online.issuperset(saved["online"]) and isinstance(saved.get("clean"), dict) and \
                self.names.usable(saved):
            self.earlier = saved["clean"]
            self.pieces = saved.get("pieces") if isinstance(saved.get("pieces"), dict) else {}

    def against(self, relative: str, data: bytes | None, same: str):
        """None when `relative` was judged clean and still is (its verdict is kept); else the
        rule to judge it with (privacy.HiddenNames): the whole, or, for the very file judged
        clean before whose text holds the last two words of somebody hidden since, that
        somebody's alone (Names.reading). The very file: the same bytes (`data`), or, without
        them, the same file (`same`: a page or index file a rebuild kept is the previous
        site's file, hard-linked, not read again)."""
        entry = self.earlier.get(relative)
        if not isinstance(entry, list) or len(entry) != 6 or \
                (entry[5] != same if data is None else entry[0] != _digest(data)) or \
                entry[2] != self.hidden.owners(entry[1]):
            return self.hidden
        reading = self.names.reading(entry[3], entry[4])
        if reading == "all":
            return self.hidden
        if reading == "added":
            if self.narrow is None:
                self.narrow = self.hidden.only(self.names.hidden_since)
            return self.narrow
        self.kept[relative] = entry[:5] + [same]
        if isinstance(self.pieces.get(relative), dict):
            self.pieces_kept[relative] = self.pieces[relative]
        self.reused += 1
        return None

    def judged_clean(self, relative: str, data: bytes, page: str | None, words: set,
                     same: str) -> None:
        if self.path:
            present = None if UNKNOWN in words else self.names.present(words)
            self.kept[relative] = [_digest(data), page, self.hidden.owners(page),
                                   self.names.given_id, present, same]

    def piece(self, relative: str, key: str) -> list | None:
        """The kept verdict of a piece of a long text (longtext.py): [given names, pairs
        (Names.present), the whole text's marks then, its own marks]."""
        earlier = self.pieces.get(relative)
        entry = earlier.get(key) if isinstance(earlier, dict) else None
        return entry if isinstance(entry, list) and len(entry) == 4 and \
            isinstance(entry[2], bool) and isinstance(entry[3], bool) else None

    def piece_clean(self, relative: str, key: str, entry: list, marks: bool,
                    words: set) -> bool:
        """Whether the piece whose kept verdict is `entry` is still clean, the whole text now
        carrying `marks`; `words` then receives its pairs (UNKNOWN when kept with other given
        names)."""
        if entry[2] != marks or not self.names.still_clean(entry[0], entry[1]):
            return False
        if entry[0] == self.names.given_id and isinstance(entry[1], str):
            words.update(entry[1].split(" "))
        else:
            words.add(UNKNOWN)
        self.pieces_kept.setdefault(relative, {})[key] = entry
        return True

    def piece_judged(self, relative: str, key: str, words: set, marks: bool,
                     own_marks: bool) -> None:
        self.pieces_kept.setdefault(relative, {})[key] = [
            self.names.given_id, self.names.present(words), marks, own_marks]

    def save(self) -> None:
        if not self.path:
            return
        used = {entry[3] for entry in self.kept.values()}
        used |= {entry[0] for pieces in self.pieces_kept.values() for entry in pieces.values()
                 if isinstance(entry, list) and entry}
        caches.write(self.path, json.dumps({"rule": self.rule, "online": self.online,
                                            **self.names.saved(used), "clean": self.kept,
                                            "pieces": self.pieces_kept}).encode("utf-8"))


def _read_json(path: Path) -> dict:
    try:
        saved = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):   # none yet, unreadable or torn: judge everything again
        return {}
    return saved if isinstance(saved, dict) else {}


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _same_file(path: str) -> str:
    """Which file `path` is: device, inode, size and modification time in nanoseconds. A
    file written anew (another inode) or changed in place (another time) is another file;
    a rebuild hard-links what it keeps from the previous site, so a kept page or index
    chunk is the file judged before, spared reading and hashing (19,000 files, about 2 s of
    CPU at 6,000 records)."""
    found = os.stat(path)
    return f"{found.st_dev}:{found.st_ino}:{found.st_size}:{found.st_mtime_ns}"


@lru_cache(maxsize=65536)   # the same links recur on thousands of pages
def _id_pairs(path: str) -> frozenset[str]:
    """Each two words in a row of an address as the rule reads ids
    (privacy.HiddenNames.spelled_in_id), "minh+thu": what a verdict keeps (Names.present)."""
    words = [w for w in re.split(r"[^a-z0-9]+", folded(lower(path))) if w]
    return frozenset(f"{a}+{b}" for a, b in zip(words, words[1:]))


def _spelled_in(text: str | None, hidden: HiddenNames, online: frozenset[str],
                relative: str, page: str, seen: dict, words: set,
                verdicts: Verdicts | None = None) -> str | None:
    """A hidden name in what a reader reads of `text`, or in an address it links to. `page`:
    the address of the page the text is read on (a published person's own page calls them
    by their last two words: privacy.HiddenNames.allow). `words` receives the pairs of words
    read that a verdict keeps (Names.present)."""
    if not text:
        return None
    hits = longtext.spells(text, hidden, page, relative, words, verdicts)
    if hits:
        return hits[0].spelled
    for address in (found.strip() for pattern in _ADDRESSES for found in pattern.findall(text)):
        words |= _id_pairs(address)
        if address not in seen:   # the same links recur on thousands of pages
            path = _ORIGIN.sub("", address).split("#")[0].split("?")[0]
            seen[address] = path if hidden.spelled_in_id(path, None) else None
        path = seen[address]
        if path is None:
            continue
        if not path.startswith("/"):   # relative to the page: "../guong-dien-hinh/x/"
            path = posixpath.normpath(posixpath.join("/" + posixpath.dirname(relative), path))
            path += "/" if not posixpath.splitext(path)[1] and not path.endswith("/") else ""
        spelled = hidden.spelled_in_id(_beyond(path, online), None)
        if spelled:
            return spelled
    return None


def _beyond(path: str, online: frozenset[str]) -> str:
    """The part of `path` after the longest address published before (which cannot be taken
    back): "/guong-dien-hinh/x/anh.jpg" → "anh.jpg" when "/guong-dien-hinh/x/" is online."""
    cut = path.rfind("/", 0, len(path) - 1 if path.endswith("/") else len(path))
    while cut > 0:
        if path[:cut + 1] in online or path in online:
            return "" if path in online else path[cut + 1:]
        cut = path.rfind("/", 0, cut)
    return path


leaks.files = 0    # files of the last calls (for the build's summary line) …
leaks.reused = 0   # … of which unchanged since a clean verdict (Verdicts)


def check_site(site: Path, hidden: HiddenNames, online: frozenset[str] = frozenset(),
               cache: Path | None = None) -> str:
    """Raise LeakFound, naming the files, if any file of `site` spells a hidden name; else
    a line saying what was read (Vietnamese). `cache`: see Verdicts."""
    started, leaks.files, leaks.reused = time.monotonic(), 0, 0
    found = leaks(site, hidden, online, cache)
    if not found:
        same = f", {leaks.reused} tệp không đổi từ lần kiểm tra trước" if leaks.reused else ""
        return (f"Bước kiểm tra cuối: {leaks.files} tệp{same}, không tệp nào ghi tên người không "
                f"được công bố họ tên ({time.monotonic() - started:.1f} giây)")
    listed = "\n".join(f"  {file}: “{spelled}”" for file, spelled in found[:SHOWN])
    more = f"\n  … và {len(found) - SHOWN} tệp khác" if len(found) > SHOWN else ""
    raise LeakFound(f"Bước kiểm tra cuối đã dừng việc đưa trang web lên: {len(found)} tệp ghi tên "
                    f"một người không được công bố họ tên (theo mức đồng ý công bố):\n{listed}"
                    f"{more}\nTên này không đến từ nội dung hồ sơ mà `bangvang check` đọc (có thể "
                    "từ giao diện trong overrides/, danh mục hay một tệp khác): hãy tìm và bỏ tên "
                    "ở đó.")
