"""A rebuild's search bundles, without indexing the whole site again.

Pagefind has no incremental mode: the full bundle (pagefind/noi-dung/, every page's text)
cost 13–15 s of CPU at 6,000 records, the light one about 10 s, the most of a build after
one story or award line edited. Instead each bundle of the previous build is kept, and only
the search groups (searchview.group_of: one of 256 shares of the pages, by address) whose
pages changed since are indexed again, into a small bundle that is then folded into the kept
one (indexmerge.update_kept): the changed groups' old pages, their fragments, every word
entry and every filter entry of theirs are gone, the new pages in their place. The site
serves one bundle as a whole build would have made it, searched and ranked the same way, and
a text changed or a page unpublished since cannot be read back from any file of the site.

A bundle is made whole again when the pages changed, added or gone since it last was pass a
quarter of the site (a word chunk only grows as words are added: Pagefind sizes them when it
makes the bundle whole; the other pages of a changed group are indexed anew as they were, and
add nothing), when the engine changed, or when the previous site's bundle is not the files
its build wrote.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from bangvang.exports import indexmerge, searchview, subindex

WHOLE_SHARE = 0.25


@dataclass(frozen=True)
class Bundle:
    """Where a bundle goes in the site: its folder, and what in its folder is not its own
    (another bundle inside it, a file each build writes)."""
    folder: Path
    skip: frozenset[str] = frozenset()

    def moved(self, site: Path, to: Path) -> "Bundle":
        """The same bundle in the site `to` (its folder relative to `site`)."""
        return Bundle(to / self.folder.relative_to(site), self.skip)


@dataclass
class Made:
    mode: str = "whole"              # "whole" or "kept" (with `changed` groups indexed anew)
    report: str = ""                 # Pagefind's report of a whole run
    new_pages: int = 0               # pages indexed anew
    changed: list[str] = field(default_factory=list)    # groups indexed anew
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
    report; `scratch`: the site being built (the changed pages are written there while
    Pagefind reads them). The record gets its listing once the site is complete."""
    now, members = groups(digests)
    made = _kept(bundle, view, previous, recorded, (now, members, digests), run, scratch) \
        if previous is not None and isinstance(recorded, dict) else None
    if made is None:
        made = Made(report=run(view, bundle.folder))
        made.record = {"groups": now, "since_whole": 0, "digests": short_digests(digests)}
    return made


def short_digests(digests: dict[str, str]) -> dict[str, str]:
    """Each page's digest as a record keeps it (64 bits: which pages changed, not a proof)."""
    return {page: digest[:16] for page, digest in digests.items()}


def changed_pages(earlier, short: dict[str, str], new: list[str]) -> int:
    """Pages changed, added or gone since the previous build, of those indexed anew and
    those gone; every page indexed anew when the previous build did not say (its record
    older than the digests)."""
    if not isinstance(earlier, dict):
        return len(new)
    return sum(earlier.get(page) != short[page] for page in new) + \
        sum(page not in short for page in earlier)


def _kept(bundle: Bundle, view: Path, previous: Bundle, recorded: dict, found: tuple,
          run, scratch: Path) -> Made | None:
    """The previous bundle with the changed groups indexed anew; None: make it whole."""
    now, members, digests = found
    kept, since = recorded.get("groups"), recorded.get("since_whole")
    if not isinstance(kept, dict) or not isinstance(since, int) or \
            recorded.get("listing") != listing(previous):
        return None
    changed = indexmerge.changed_groups(now, kept)
    new = [page for group in changed for page in members.get(group, [])]
    short = short_digests(digests)
    since += changed_pages(recorded.get("digests"), short, new)
    if since > WHOLE_SHARE * sum(len(pages) for pages in members.values()):
        return None
    made = Made(mode="kept", changed=changed, new_pages=len(new),
                record={"groups": now, "since_whole": since, "digests": short,
                        "pages": sum(len(pages) for pages in members.values())})
    done = indexmerge.fold(previous.folder, bundle.folder, changed,
                           {page: (view / page).read_bytes() for page in new},
                           lambda site, output: subindex.indexed(run(site, output)),
                           scratch, bundle.skip, store=words_store(view, bundle))
    return made if done else None


def words_store(view: Path, bundle: Bundle) -> Path:
    """The file beside the kept view that keeps a bundle's word chunks as bytes between
    builds (postings.Store): one per bundle, by its folder's name."""
    return view.parent / "cache" / f"tim-kiem-{bundle.folder.name}.pickle"


def listing(bundle: Bundle) -> list:
    """Names and sizes of the files of a bundle: the previous site's are kept only when
    they are still what its build wrote."""
    found = []
    top = bundle.folder
    for folder, dirs, names in os.walk(top):
        if folder == str(top):
            dirs[:] = [name for name in dirs if name not in bundle.skip]
            names = [name for name in names if name not in bundle.skip]
        for name in names:
            path = os.path.join(folder, name)
            found.append([os.path.relpath(path, top.parent).replace(os.sep, "/"),
                          os.stat(path, follow_symlinks=False).st_size])
    return sorted(found)
