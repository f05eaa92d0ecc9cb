"""A rebuild's search bundles, without indexing the whole site again.

Pagefind has no incremental mode: the full bundle (pagefind/noi-dung/, every page's text)
cost 13–15 s of CPU at 6,000 records, the light one about 10 s, the most of a build after
one story or award line edited. Instead a bundle made whole by an earlier build (K) is
kept, and only the search groups (searchview.group_of: one of 256 shares of the pages, by
address) whose pages changed since K are indexed again, into a small bundle beside it
(pagefind/moi/ for the light one, pagefind/noi-dung-moi/ for the full one), which the
search box merges (Pagefind's `mergeIndex`; content/assets/search.js reads where from
pagefind/bo-loc.json, "moi").

The kept bundle is pruned of those groups' pages (subindex.prune_kept): their fragments,
every word entry and every filter entry of theirs are gone from it, so a search never
finds them there, and a text changed or a page unpublished since K cannot be read back
from any file of the site, by search or by reading the index. The groups left out only
grow until the bundle is made whole again: when their pages pass a quarter of the site
(the small bundle costs Pagefind's time per page like the whole one, and the kept one's
pruned pages still count in its statistics), when the engine changed, or when the
previous site's bundle is not the files its build wrote.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bangvang.exports import searchview, subindex

WHOLE_SHARE = 0.25


@dataclass(frozen=True)
class Bundle:
    """Where a bundle goes in the site: its folder, its small bundle's folder, and what in
    its folder is not its own (another bundle inside it, a file each build writes)."""
    folder: Path
    small: Path
    skip: frozenset[str] = frozenset()

    def moved(self, site: Path, to: Path) -> "Bundle":
        """The same bundle in the site `to` (its folders relative to `site`)."""
        return Bundle(to / self.folder.relative_to(site), to / self.small.relative_to(site),
                      self.skip)


@dataclass
class Made:
    mode: str = "whole"              # "whole", "kept" (pruned of `excluded` or not) or
                                     # "kept+new" (and a small bundle)
    report: str = ""                 # Pagefind's report of a whole run
    new_pages: int = 0               # pages in the small bundle
    excluded: list[str] = field(default_factory=list)   # groups left out of the kept one
    record: dict = field(default_factory=dict)          # for the next build (listing added)


def groups(digests: dict[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """({group: digest of its pages}, {group: its pages}) of {page: digest}."""
    members: dict[str, list[str]] = {}
    for page in sorted(digests):
        members.setdefault(searchview.group_of(page), []).append(page)
    found = {group: hashlib.sha256("\n".join(f"{p} {digests[p]}" for p in pages).encode())
             .hexdigest() for group, pages in members.items()}
    return found, members


def index(bundle: Bundle, digests: dict[str, str], view: Path, previous: Bundle | None,
          recorded, run: Callable[[Path, Path], str], scratch: Path) -> Made:
    """The bundle of the pages of `digests` ({page of the kept view `view`: digest of what
    the bundle reads of it}) into `bundle`; `previous`: the same bundle in the previous
    site and `recorded` what that build said of it; `run(site, output)` runs Pagefind, its
    report; `scratch`: the site being built (a small bundle's pages are written there while
    Pagefind reads them). The record gets its listing once the site is complete."""
    now, members = groups(digests)
    made = _kept(bundle, view, previous, recorded, (now, members), run, scratch) \
        if previous is not None and isinstance(recorded, dict) else None
    if made is None:
        made = Made(report=run(view, bundle.folder))
        made.record = {"groups": now, "pruned": [], "moi": None}
    return made


def _kept(bundle: Bundle, view: Path, previous: Bundle, recorded: dict, found: tuple,
          run, scratch: Path) -> Made | None:
    """Keep the previous bundle (pruned) and index the changed groups alone; None: whole."""
    now, members = found
    kept, pruned = recorded.get("groups"), recorded.get("pruned")
    if not isinstance(kept, dict) or not isinstance(pruned, list) or \
            recorded.get("listing") != listing(previous):
        return None
    # Groups pruned from the previous bundle stay left out even if changed back since.
    changed = sorted(set(pruned) | {g for g in set(now) | set(kept) if now.get(g) != kept.get(g)})
    new = [page for group in changed for page in members.get(group, [])]
    if len(new) > WHOLE_SHARE * sum(len(pages) for pages in members.values()):
        return None
    try:
        done = subindex.prune_kept(previous.folder, bundle.folder, set(changed) - set(pruned),
                                   bundle.skip)
    except subindex.IndexFormatError:
        return None
    if not done:
        return None
    # A group whose pages are all gone (a news post withdrawn) is pruned, with nothing new.
    made = Made(mode="kept+new" if new else "kept", excluded=changed,
                record={"groups": kept, "pruned": changed, "moi": None,
                        "pages": sum(len(pages) for pages in members.values())})
    if new:
        key = hashlib.sha256(json.dumps([[g, now.get(g)] for g in changed]).encode()).hexdigest()
        before = recorded.get("moi") or [None, 0]
        if before[0] == key and subindex.link_kept(previous.small, bundle.small, set()):
            made.new_pages = before[1]
        else:
            made.new_pages = subindex.build_subset(
                {page: (view / page).read_bytes() for page in new}, bundle.small,
                lambda site, output: subindex.indexed(run(site, output)), scratch=scratch)
        made.record["moi"] = [key, made.new_pages]
    return made


def listing(bundle: Bundle) -> list:
    """Names and sizes of the files of a bundle and its small one: the previous site's are
    kept only when they are still what its build wrote."""
    found = []
    for top in (bundle.folder, bundle.small):
        for folder, dirs, names in os.walk(top):
            if folder == str(top):
                dirs[:] = [name for name in dirs if name not in bundle.skip]
                names = [name for name in names if name not in bundle.skip]
            for name in names:
                path = os.path.join(folder, name)
                found.append([os.path.relpath(path, bundle.folder.parent).replace(os.sep, "/"),
                              os.stat(path, follow_symlinks=False).st_size])
    return sorted(found)
