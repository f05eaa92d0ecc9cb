"""What a reader's search finds in a built site's full index, as the search box merges it
(content/assets/search.js): the kept bundle without the groups it leaves out, and the small
bundle of the pages changed since (bangvang/exports/searchkept.py). Compared between an
incremental build and a cold one, whose files differ but whose search must not."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from bangvang.exports import search, subindex


def _fragment(bundle: Path, name: str) -> dict | None:
    path = bundle / "fragment" / f"{name}.pf_fragment"
    if not path.is_file():
        return None
    return json.loads(gzip.decompress(path.read_bytes())[len(subindex.SIGNATURE):])


def _pages(chunk_pages: list):
    number = 0
    for page in chunk_pages:
        number += page[0]
        yield number, repr(page[1:])


def finds(site: Path, which: str = "full") -> dict[str, dict[str, str]]:
    """{word or diacritic form: {page address: its locations}} of an index (`which`: the
    full one or the light one), and
    {filter value: page addresses}. Fails when a word or a filter of the kept bundle names a
    page whose fragment is gone (a page left out whose entries stayed in the index)."""
    folder = site / search.INDEX_FOLDER
    moi = json.loads((folder / search.FILTERS_FILE).read_text("utf-8")).get("moi")
    small = (moi or {}).get(which)
    main = folder / search.TEXT_FOLDER if which == "full" else folder
    bundles = [main] + ([folder / small] if small else [])
    found: dict[str, dict[str, str]] = {}
    for bundle in bundles:
        entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
        language = next(iter(entry["languages"]))
        meta = subindex.read_file(bundle / f"pagefind.{entry['languages'][language]['hash']}.pf_meta")
        names = [page[0] for page in meta[1]]
        urls: dict[int, str] = {}

        def url(number: int, what: str) -> str:
            if number not in urls:
                fragment = _fragment(bundle, names[number])
                assert fragment is not None, (bundle, what, number)
                urls[number] = fragment["url"]
            return urls[number]

        for chunk in meta[2]:
            for word, pages, variants in subindex.read_file(bundle / "index" / f"{chunk[2]}.pf_index")[0]:
                for form, listed in [(word, pages), *variants]:
                    for number, locations in _pages(listed):
                        found.setdefault(form, {})[url(number, form)] = locations
        for name, chunk in meta[3]:
            # The group filter is the build's own (the small bundle's pages carry none).
            for value, numbers in subindex.read_file(bundle / "filter" / f"{chunk}.pf_filter")[1]:
                for number in numbers:
                    where = url(number, f"{name}:{value}")
                    if name != subindex.GROUP_FILTER:
                        found.setdefault(f"{name}:{value}", {})[where] = "filter"
    return found
