"""The full search bundle of a rebuild, without indexing the whole site again.

Pagefind has no incremental mode: the full bundle (pagefind/noi-dung/, every page's text)
cost 13–15 s of CPU at 6,000 records, the most of a build after one story edited. Instead
the bundle made whole by an earlier build (K) is kept, and only the search groups
(searchview.group_of: a sixteenth of the pages each, by address) whose pages changed since
K are indexed again, into a small bundle (pagefind/noi-dung-moi/) the search box merges
(Pagefind's `mergeIndex`; content/assets/search.js reads where from pagefind/bo-loc.json,
"moi").

The kept bundle is pruned of those groups' pages (subindex.prune_kept): their fragments,
every word entry and every filter entry of theirs are gone from it, so a search never
finds them there, and a text changed or a page unpublished since K cannot be read back
from any file of the site, by search or by reading the index. The
groups left out only grow until the index is made whole again: when their pages pass a
quarter of the site (the small bundle costs Pagefind's time per page like the whole one,
and the kept one's pruned pages still weigh on its word chunks), when the engine changed,
or when the previous site's bundle is not the files its build wrote.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bangvang.exports import searchview, subindex

NEW_FOLDER = "noi-dung-moi"   # the small bundle, beside the full one under pagefind/
WHOLE_SHARE = 0.25


@dataclass
class FullIndex:
    mode: str = "whole"              # "whole", "kept" (unchanged) or "kept+new"
    report: str = ""                 # Pagefind's report of a whole run
    new_pages: int = 0               # pages in the small bundle
    excluded: list[str] = field(default_factory=list)   # groups left out of the kept one
    record: dict = field(default_factory=dict)          # for the next build (listing added)


def groups(view: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    """({group: digest of its pages' views}, {group: its pages}) of the kept view."""
    members: dict[str, list[str]] = {}
    found = searchview.digests(view)
    for page in sorted(found):
        members.setdefault(searchview.group_of(page), []).append(page)
    digests = {group: hashlib.sha256("\n".join(f"{p} {found[p]}" for p in pages).encode())
               .hexdigest() for group, pages in members.items()}
    return digests, members


def index(folder: Path, view: Path, previous: Path | None, recorded,
          run: Callable[[Path, Path], str]) -> FullIndex:
    """The full bundle into `folder` (site/pagefind/noi-dung; the small one beside it),
    from the kept view `view`; `previous`: the previous build's bundle folder and
    `recorded` what that build said of it; `run(site, output)` runs Pagefind, its report.
    The record gets its listing once the site is complete (`listing`)."""
    now, members = groups(view)
    outcome = _kept(folder, view, previous, recorded, now, members, run) \
        if previous is not None and isinstance(recorded, dict) else None
    if outcome is None:
        outcome = FullIndex(report=run(view, folder))
        outcome.record = {"groups": now, "pruned": [], "moi": None}
    return outcome


def _kept(folder: Path, view: Path, previous: Path, recorded: dict, now: dict,
          members: dict, run) -> FullIndex | None:
    """Keep the previous bundle (pruned) and index the changed groups alone; None: whole."""
    kept, pruned = recorded.get("groups"), recorded.get("pruned")
    if not isinstance(kept, dict) or not isinstance(pruned, list) or \
            recorded.get("listing") != listing(previous):
        return None
    # Groups pruned from the previous bundle stay left out even if changed back since.
    changed = sorted(set(pruned) | {g for g in set(now) | set(kept) if now.get(g) != kept.get(g)})
    new = [page for group in changed for page in members.get(group, [])]
    if len(new) > WHOLE_SHARE * sum(len(pages) for pages in members.values()):
        return None
    more = set(changed) - set(pruned)
    try:
        done = subindex.prune_kept(previous, folder, more)
    except subindex.IndexFormatError:
        return None
    if not done:
        return None
    outcome = FullIndex(mode="kept+new" if changed else "kept", excluded=changed,
                        record={"groups": kept, "pruned": changed, "moi": None,
                                "pages": sum(len(pages) for pages in members.values())})
    if changed:
        key = hashlib.sha256(json.dumps([[g, now.get(g)] for g in changed]).encode()).hexdigest()
        before = recorded.get("moi") or [None, 0]
        small, target = previous.parent / NEW_FOLDER, folder.parent / NEW_FOLDER
        if before[0] == key and subindex.link_kept(small, target, set()):
            outcome.new_pages = before[1]
        else:
            outcome.new_pages = subindex.build_subset(
                {page: (view / page).read_bytes() for page in new}, target,
                lambda site, output: _count(run(site, output)), scratch=folder.parent.parent)
        outcome.record["moi"] = [key, outcome.new_pages]
    return outcome


def _count(report: str) -> int:
    found = re.search(r"Indexed (\d+) pages?", report)
    return int(found.group(1)) if found else 0


def listing(bundle: Path) -> list:
    """Names and sizes of the files of the full bundle and the small one beside it: the
    previous site's are kept only when they are still what its build wrote."""
    found = []
    for top in (bundle, bundle.parent / NEW_FOLDER):
        for folder, _dirs, names in os.walk(top):
            for name in names:
                path = os.path.join(folder, name)
                found.append([os.path.relpath(path, bundle.parent).replace(os.sep, "/"),
                              os.stat(path, follow_symlinks=False).st_size])
    return sorted(found)


def manifest(outcome: FullIndex) -> dict | None:
    """What the search box reads of the small bundle (pagefind/bo-loc.json, "moi")."""
    if outcome.mode != "kept+new":
        return None
    return {"thu_muc": f"{NEW_FOLDER}/"}
