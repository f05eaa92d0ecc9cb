"""A word chunk kept as bytes and folded page by page (exports/postings.py): what it writes
is what encoding the merged lists whole writes, byte for byte, and a kept chunk read back in
another process is used only when it holds together."""
from __future__ import annotations

import collections
import gzip
import pickle
import random
from itertools import accumulate

import cbor2
import pytest

from bangvang import caches
from bangvang.exports import indexmerge, postings, subindex

PAGE = ('<!doctype html><html lang="vi"><head><title>{n}</title></head><body>'
        '<article data-pagefind-body><h1>Trang {n}</h1><p>{text}</p></article></body></html>')


def _chunk(words):
    """A chunk's words as a fold keeps them, from lists ([word, pages, variants])."""
    return postings.chunk_from(cbor2.dumps([words]))


def _kept_pages(entries):
    return _chunk([["w", entries, []]])[0].pages


def _absolute(entries):
    return list(zip(accumulate(e[0] for e in entries), (e[1:] for e in entries)))


def _delta(pairs):
    return [[number - before, *rest] for (number, rest), before in
            zip(pairs, [0] + [n for n, _ in pairs])]


def _reference(pages, new_pages, numbers):
    """One page at a time: what a fold must give a page list."""
    kept = [(numbers.kept(n), rest) for n, rest in _absolute(pages) if numbers.kept(n) is not None]
    added = [(numbers.new[n], rest) for n, rest in _absolute(new_pages)]
    return _delta(sorted(kept + added, key=lambda pair: pair[0]))


def _numbers(rng):
    """Pages 0..kept-1 of a kept bundle, some gone, some new: where each goes."""
    kept = rng.randint(1, 60)
    gone = set(rng.sample(range(kept), rng.randint(0, kept)))
    return kept, indexmerge._Numbers(kept, gone, rng.randint(0, 10))


def _pages(rng, limit, tag):
    """Some of pages 0..limit-1, difference-numbered, with locations as Pagefind writes
    them (some large, so that an entry's size varies)."""
    chosen = sorted(rng.sample(range(limit), rng.randint(0, limit)))
    return _delta([(n, [tag, rng.choice([n, 300 + n, 70000 + n])]) for n in chosen])


def test_a_page_list_folded_is_what_one_page_at_a_time_gives_byte_for_byte():
    rng = random.Random(7)
    for _ in range(3000):
        kept, numbers = _numbers(rng)
        pages, new_pages = _pages(rng, kept, "kept"), _pages(rng, len(numbers.new), "new")
        got = _kept_pages(pages).renumbered(numbers, new_pages)
        expected = _reference(pages, new_pages, numbers)
        assert got.entries() == expected
        assert got.encoded() == cbor2.dumps(expected)
        assert list(got.numbers) == [n for n, _ in _absolute(expected)]


def test_an_untouched_page_list_is_kept_as_it_is():
    numbers = indexmerge._Numbers(10, {9}, 0)
    pages = _kept_pages([[1, 5], [3, 7]])
    assert pages.renumbered(numbers, []) is pages


def test_a_chunk_folded_is_what_encoding_the_merged_words_gives():
    rng = random.Random(11)
    for _ in range(400):
        kept, numbers = _numbers(rng)
        words, adding = [], {}
        for text in sorted(rng.sample(["an", "bình", "chi", "dũng", "đức", "hà", "hường"],
                                      rng.randint(1, 7))):
            forms = [[form, _pages(rng, kept, form)] for form in ("a", "b") if rng.random() < .5]
            words.append([text, _pages(rng, kept, text), forms])
            if rng.random() < 0.3:
                adding[text] = [_pages(rng, len(numbers.new), "new"),
                                [[form, _pages(rng, len(numbers.new), "new")]
                                 for form in ("b", "c") if rng.random() < 0.3]]
        if rng.random() < 0.3:   # a word the chunk did not hold
            adding["ương"] = [_pages(rng, len(numbers.new), "new"), []]
        expected = _merged_reference(words, dict(adding), numbers)
        got = postings.merged(_chunk(words), dict(adding), numbers)
        if got is None:
            assert expected == words
        else:
            assert postings.chunk_bytes(got) == cbor2.dumps([expected])


def _merged_reference(words, adding, numbers):
    out = []
    for text, pages, variants in words:
        extra_pages, extra_variants = adding.pop(text, ([], []))
        extra = dict(extra_variants)
        kept = _reference(pages, extra_pages, numbers)
        forms = [[form, left] for form, found in variants
                 if (left := _reference(found, extra.pop(form, []), numbers))]
        forms += [[form, _reference([], found, numbers)] for form, found in extra.items()]
        forms.sort(key=lambda item: item[0])
        if kept or forms:
            out.append([text, kept, forms])
    out += [[text, _reference([], pages, numbers),
             sorted([[f, _reference([], p, numbers)] for f, p in variants], key=lambda i: i[0])]
            for text, (pages, variants) in adding.items()]
    return sorted(out, key=lambda item: item[0])


def _bundle(tmp_path, count=40):
    site = tmp_path / "site"
    for n in range(count):
        path = site / f"trang/{n}/index.html"
        path.parent.mkdir(parents=True)
        path.write_text(PAGE.format(n=n, text=f"Học sinh chăm ngoan lớp {n % 7} số{n}"), "utf-8")
    from bangvang.exports import search
    search.build_index(site, tmp_path / "view")
    return site / search.INDEX_FOLDER


def test_a_chunk_pagefind_wrote_is_given_back_as_its_bytes(tmp_path):
    folder = _bundle(tmp_path)
    untouched = indexmerge._Numbers(40, set(), 0)
    for path in folder.rglob("*.pf_index"):
        data = gzip.decompress(path.read_bytes())
        words = postings.chunk_from(subindex.read_cbor(path))
        assert postings.merged(words, {}, untouched) is None
        assert subindex.SIGNATURE + postings.chunk_bytes(words) == data
        decoded = subindex.read_file(path)[0]
        assert [[w.word, w.pages.entries(), [[f, p.entries()] for f, p in w.variants]]
                for w in words] == decoded
        assert [list(w.pages.numbers) for w in words] == \
            [list(accumulate(entry[0] for entry in pages)) for _word, pages, _forms in decoded]


def test_a_chunk_not_in_the_format_read_is_refused():
    good = cbor2.dumps([[["an", [[1, 5], [2, 7]], [["ân", [[3, 1]]]]]]])
    assert postings.chunk_bytes(postings.chunk_from(good)) == good
    for bad in (good[:-1], good + b"\x00", cbor2.dumps([[["an", [[1, 5]]]]]),
                b"\x9f\x9f\xff\xff", cbor2.dumps({"an": 1})):
        with pytest.raises(ValueError):
            postings.chunk_from(bad)


def test_a_kept_chunk_is_read_back_in_another_build_only_when_it_holds_together(tmp_path):
    folder = _bundle(tmp_path)
    path = next(folder.rglob("*.pf_index"))
    name = path.name.removesuffix(".pf_index")
    words = postings.chunk_from(subindex.read_cbor(path))
    store_file = tmp_path / "cache" / "tim-kiem.pickle"
    postings.Store(store_file).keep([], {name: words})
    postings._KEPT.clear()                       # another process

    def decoded():
        decoded.calls += 1
        return subindex.read_cbor(path)
    decoded.calls = 0
    again = postings.Store(store_file).words(name, decoded)
    assert decoded.calls == 0 and postings.chunk_bytes(again) == postings.chunk_bytes(words)

    saved = pickle.loads(store_file.read_bytes())
    digest, items = saved["chunks"][name]
    text, (blob, sizes, numbers), variants = items[0]
    items[0] = (text, (blob[:-1] + bytes([blob[-1] ^ 1]), sizes, numbers), variants)
    store_file.write_bytes(pickle.dumps(saved))  # one byte changed by hand
    assert postings.chunk_bytes(postings.Store(store_file).words(name, decoded)) == \
        postings.chunk_bytes(words) and decoded.calls == 1

    # A class in the file, even a harmless one: the file is not read.
    store_file.write_bytes(pickle.dumps({"version": postings.VERSION,
                                         "chunks": collections.OrderedDict()}))
    with pytest.raises(pickle.UnpicklingError):
        caches.PlainUnpickler(store_file.open("rb")).load()
    postings.Store(store_file).words(name, decoded)
    assert decoded.calls == 2
    postings._KEPT.clear()
