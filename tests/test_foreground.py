"""The preview's pass comes first (bangvang/foreground.py): the search index folded in the
background waits while a pass runs, so an edit shows as fast as with nothing behind it."""
from __future__ import annotations

import threading
import time
from pathlib import Path

from bangvang import foreground
from bangvang.exports import searchview

PAGE = (b'<!doctype html><html lang="vi"><head><title>T</title></head><body>'
        b'<main data-pagefind-body><h1>Trang {n}</h1><p>chuyen {n}</p></main></body></html>')


def _site(folder, pages):
    for n in range(pages):
        path = folder / f"nguoi/{n}/index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(PAGE.replace(b"{n}", str(n).encode()))


def _in_background(work):
    done = threading.Event()
    thread = threading.Thread(target=lambda: (work(), done.set()), daemon=True)
    thread.start()
    return done


def test_background_search_work_waits_while_a_pass_runs_and_goes_on_after(tmp_path):
    site, view = tmp_path / "site", tmp_path / "view"
    _site(site, 30)
    with foreground.busy():
        done = _in_background(lambda: searchview.update(site, view))
        assert not done.wait(0.5)                  # steps aside while the pass runs
        assert not (view / searchview.SOURCES).exists()
    assert done.wait(30)                           # and finishes once it is over
    assert (view / "nguoi/29/index.html").is_file()


def test_a_pass_never_waits_for_itself_and_nothing_waits_outside_the_preview(tmp_path):
    site = tmp_path / "site"
    _site(site, 3)
    started = time.perf_counter()
    searchview.update(site, tmp_path / "view")     # `bangvang build`: nobody is busy
    with foreground.busy():
        searchview.update(site, tmp_path / "view2")   # the pass's own thread
        with foreground.busy():                    # nested in one thread
            foreground.step()
    assert time.perf_counter() - started < 5


def test_the_fold_of_a_kept_index_steps_aside_chunk_by_chunk(monkeypatch):
    from bangvang.exports import indexmerge
    steps = []
    monkeypatch.setattr(indexmerge.foreground, "step", lambda: steps.append(1))
    chunks = [["a", "b", "x1"], ["c", "d", "x2"]]

    class Bundle:
        meta = [0, [], chunks, [], [], []]
        folder = Path("kept")
        language = "vi"
    monkeypatch.setattr(indexmerge.subindex, "read_cbor", lambda path: b"\x81\x80")   # [[]]
    indexmerge._words(Bundle(), None, indexmerge._Numbers(0, set(), 0), {}, set())
    assert len(steps) == len(chunks)
