"""What a reader's search finds in a built site's index, and what it ranks by: compared
between an incremental build (bangvang/exports/searchkept.py: the kept bundle with the pages
changed since folded in) and a cold one, whose files differ but whose search must not."""
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
    full one or the light one), {filter value: page addresses}, and under "#pages" each
    page's word count (Pagefind ranks by how many of the pages hold a word and by page
    length: the same figures rank the same). Fails when a word or a filter names a page
    whose fragment is gone (a page left out whose entries stayed in the index), or when a
    page is listed twice."""
    folder = site / search.INDEX_FOLDER
    bundle = folder / search.TEXT_FOLDER if which == "full" else folder
    entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
    language = next(iter(entry["languages"]))
    meta = subindex.read_file(bundle / f"pagefind.{entry['languages'][language]['hash']}.pf_meta")
    assert entry["languages"][language]["page_count"] == len(meta[1])
    names = [page[0] for page in meta[1]]
    urls: dict[int, str] = {}

    def url(number: int, what: str) -> str:
        if number not in urls:
            fragment = _fragment(bundle, names[number])
            assert fragment is not None, (bundle, what, number)
            urls[number] = fragment["url"]
        return urls[number]

    ranges = [(first, last) for first, last, _chunk in meta[2]]
    assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:])), "word chunks overlap"
    found: dict[str, dict[str, str]] = {"#pages": {}}
    for number, (_name, words) in enumerate(meta[1]):
        found["#pages"][url(number, "page")] = str(words)
    assert len(found["#pages"]) == len(meta[1]), "a page listed twice"
    for first, last, chunk in meta[2]:
        for word, pages, variants in subindex.read_file(bundle / "index" / f"{chunk}.pf_index")[0]:
            assert first <= word <= last, (word, first, last)   # where the search box looks
            for form, listed in [(word, pages), *variants]:
                for number, locations in _pages(listed):
                    found.setdefault(form, {})[url(number, form)] = locations
    for name, chunk in meta[3]:
        for value, numbers in subindex.read_file(bundle / "filter" / f"{chunk}.pf_filter")[1]:
            for number in numbers:
                found.setdefault(f"{name}:{value}", {})[url(number, f"{name}:{value}")] = "filter"
    return found
