"""MkDocs glue for `bangvang serve`: MkDocs' live-reload server, run in this process, with a
quick path for the commonest edit.

Every change is followed by the whole pass (the core, then a `--dirty` MkDocs build that
writes only pages whose generated file changed), exactly what `mkdocs serve --dirty` did.
That pass takes as long as the school is big (about 15 s at 6,000 records), so when the saved
files are only the text of published records (front matter as before), their own pages are
rendered first, alone, from the last pass (bangvang.commands.preview.quick_update) and the browser
reloads at once; the whole pass follows and the browser reloads again only if it changed a
page. Requests are answered from the preview folder throughout: MkDocs' server would make
them wait for the end of the pass.

Loaded by bangvang/commands/cli.py from the project's hooks/ folder, like bangvang_build.py.
"""
from __future__ import annotations

import gc
import logging
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import watchdog.observers
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp
from mkdocs.structure.files import InclusionLevel
from watchdog.events import (FileClosedEvent, FileCreatedEvent, FileDeletedEvent,
                             FileModifiedEvent, FileMovedEvent)
from watchdog.observers.polling import PollingObserver

from bangvang import caches, foreground, pipeline
from bangvang.commands import preview

log = logging.getLogger("mkdocs.bangvang")


class _NoDirtyWarning(logging.Filter):
    """MkDocs warns in English on every `--dirty` build, which is how the preview works."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


class CannotListen(Exception):
    """The preview's address could not be opened (port in use, no such address); `error` is
    the OSError, which bangvang/commands/cli.py explains in Vietnamese."""

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error


# What a saved file causes: created, written, moved, removed. Not opened or read (the
# preview's own pass reads every record: with opened events each pass would start another).
WRITES = (FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent,
          FileClosedEvent)


def _once(observer_class):
    """The observer class with a `start` that does nothing the second time (the server's own
    `serve` starts it after `_Server.serve` did) and a `schedule` that reports only WRITES."""
    class Observer(observer_class):
        def start(self) -> None:
            if not self.is_alive():
                super().start()

        def schedule(self, handler, path, *, recursive=False, event_filter=None):
            return super().schedule(handler, path, recursive=recursive,
                                    event_filter=event_filter or WRITES)
    return Observer


class _Server(LiveReloadServer):
    """MkDocs' server, listening as soon as `listen` is called: its `serve` would open the
    port only after the first whole pass (seconds to minutes), and a busy port would then end
    in a traceback after all that waiting.

    Watching: MkDocs 1.6 polls (watchdog's PollingObserver: every file of the watched
    folders stat'ed twice a second, about 0.13 of a core at 6,000 records). Here the
    platform's own notifications (inotify on Linux, FSEvents on macOS,
    ReadDirectoryChangesW on Windows, through the same watchdog library) tell of a saved
    file, and the idle preview costs no CPU; where they cannot start (no inotify, its limit
    of watches reached) it polls as MkDocs does."""

    _listening = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if watchdog.observers.Observer is not PollingObserver:
            self.observer = _once(watchdog.observers.Observer)()

    def serve(self, *, open_in_browser=False):
        if self._watched_paths:
            try:
                self.observer.start()
            except OSError as error:
                log.info(f"Không theo dõi được thay đổi bằng thông báo của hệ điều hành "
                         f"({error.strerror or error}); kiểm tra tệp định kỳ thay vào đó.")
                self._poll_instead()
        super().serve(open_in_browser=open_in_browser)

    def _poll_instead(self) -> None:
        """The same paths, watched by MkDocs' own polling observer."""
        paths = dict(self._watched_paths)
        self._watched_paths.clear()
        self._watch_refs.clear()
        self.observer = _once(PollingObserver)(timeout=0.5)
        for path, count in paths.items():
            self.watch(path)
            self._watched_paths[path] = count

    def listen(self) -> None:
        try:
            super().server_bind()
            super().server_activate()
        except OSError as error:
            self.server_close()
            raise CannotListen(error) from None
        self._listening = True

    def server_bind(self) -> None:
        if not self._listening:
            super().server_bind()

    def server_activate(self) -> None:
        if not self._listening:
            super().server_activate()


class Preview:
    """One `bangvang serve`: its preview folder, the last whole pass and the file stamps
    it was made from."""

    def __init__(self, root: Path, addr: str):
        self.root = root
        self.addr = addr
        # Inside the project (.build/tam/): the preview holds drafts; nothing is written
        # outside the project. Removed when the preview stops.
        self.site_dir = str(caches.scratch(root, "xem-truoc-"))
        self.config = None      # the config of the last whole pass (its files, nav, result)
        self.seen: dict[str, tuple[int, int]] = {}
        self.server: LiveReloadServer | None = None
        self._collect: threading.Timer | None = None   # the collection after a pass

    def load_config(self, first: bool = False):
        config = load_config(str(self.root / "mkdocs.yml"), site_dir=self.site_dir,
                             dev_addr=self.addr, strict=False)   # `bangvang build` is strict
        if first:
            config.plugins.on_startup(command="serve", dirty=True)
            self.host, self.port = config.dev_addr
            self.mount_path = urlsplit(config.site_url or "/").path
            self.serve_url = _serve_url(self.host, self.port, self.mount_path)
        config.site_url = self.serve_url
        return config

    def start(self) -> None:
        logging.getLogger("mkdocs.commands.build").addFilter(_NoDirtyWarning())
        config = self.load_config(first=True)
        self.server = _Server(builder=self.rebuild, host=self.host, port=self.port,
                              root=self.site_dir, mount_path=self.mount_path)
        self.server.error_handler = self._error_page
        try:
            self.server.listen()   # a busy port is told at once (requests wait for the pass)
            self.seen = self._snapshot()
            self._whole_pass(config)
            self.server.watch(config.docs_dir)
            self.server.watch(str(self.root / "mkdocs.yml"))
            self.server = config.plugins.on_serve(self.server, config=config,
                                                  builder=self.rebuild)
            for item in config.watch:
                self.server.watch(item)
            try:
                self.server.serve()
            except KeyboardInterrupt:
                log.info("Đã dừng bản xem trước.")
            finally:
                self.server.shutdown()
        finally:
            self.server.server_close()   # also when the first pass failed
            config.plugins.on_shutdown()
            shutil.rmtree(self.site_dir, ignore_errors=True)
            for folder in preview.search_places(Path(self.site_dir)):
                shutil.rmtree(folder, ignore_errors=True)

    def rebuild(self) -> None:
        """Called by the server's build loop after files changed. The search index of the
        last pass, still being folded in the background, waits meanwhile (foreground.py)."""
        with foreground.busy():
            self._rebuild()

    def _rebuild(self) -> None:
        if self._collect is not None:
            self._collect.cancel()
        seen = self._snapshot()
        changed = sorted(p for p, stamp in seen.items() if self.seen.get(p) != stamp)
        removed = set(self.seen) - set(seen)
        self.seen = seen
        quick = result = None
        if changed and not removed and self.config is not None:
            quick = self._quick([self.root / p for p in changed])
        before = self._pages()
        if quick is None and changed and self.config is not None:
            result, quick = self._core_first()
        config = self.load_config()
        if result is not None:
            config[pipeline.GLUE_KEY] = result   # the hooks' on_config runs no second core
        self._whole_pass(config)
        if quick is not None:
            # The build loop makes the wanted epoch visible when this returns: a newer one
            # reloads the browsers again, the same one (nothing else changed) does not.
            same = self._changed_pages(before) <= set(quick)
            self.server._wanted_epoch = self.server._visible_epoch if same else _timestamp()
        # The last pass's Catalog (a reference cycle through Jinja's environment) is freed
        # by a collection once the preview has been quiet for a few seconds, not during the
        # next edit's pass (bangvang.commands.cli.GC_THRESHOLDS); a new edit puts it off.
        self._collect = threading.Timer(QUIET, gc.collect)
        self._collect.daemon = True
        self._collect.start()

    def _quick(self, paths: list[Path]) -> list[str] | None:
        if not _quick_possible(self.server):
            return None   # another MkDocs: no quick path, the whole pass as before
        config = self.config
        result = config[pipeline.GLUE_KEY]
        try:
            sources = preview.quick_update(result, self.root, paths)
        except Exception as error:   # the whole pass that follows says what is wrong
            log.debug(f"quick preview skipped: {error!r}")
            return None
        if not sources:
            return None
        render = config.get(pipeline.PREVIEW_RENDER_KEY)
        if render is None:
            return None
        files, nav, env = render
        for source in sources:
            file = files.get_file_from_path(source)
            if file is None or file.page is None:
                return None
            target = result.folder / source
            target.write_text(result.output.pages[source].markdown(), encoding="utf-8")
        self._render_alone([files.get_file_from_path(s).page for s in sources], files, nav, env)
        return sources

    def _core_first(self):
        """Any other edit (an award line, a field of the front matter): the core's whole pass
        first, then the pages it changed rendered alone and shown (when they are few, none
        is new or gone and no title changed: the nav is as before); MkDocs' pass follows with
        this result. (result, the pages shown or None); result None when the quick render
        is not possible here."""
        render = self.config.get(pipeline.PREVIEW_RENDER_KEY)
        old = self.config.get(pipeline.GLUE_KEY)
        if render is None or old is None or old.problems or not _quick_possible(self.server):
            return None, None
        result = pipeline.generate(self.root, preview=True)
        before, after = old.output.pages, result.output.pages
        if result.problems or set(before) != set(after):
            return result, None
        changed = [s for s, page in after.items() if page.html != before[s].html]
        if not changed or len(changed) > QUICK_PAGES or \
                any(after[s].title != before[s].title for s in changed):
            return result, None
        files, nav, env = render
        pages = [files.get_file_from_path(s) for s in changed]
        if any(file is None or file.page is None for file in pages):
            return result, None
        self.config[pipeline.GLUE_KEY] = result   # the pages read their HTML from it
        self._render_alone([file.page for file in pages], files, nav, env)
        return result, changed

    def _render_alone(self, pages, files, nav, env) -> None:
        """MkDocs renders these pages into the preview folder now, and the browsers reload."""
        config = self.config
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for page in pages:
            mkdocs_build._populate_page(page, config, files)
            mkdocs_build._build_page(page, config, doc_files, nav, env)
            # Older than its source: the whole pass renders it again with everything else
            # that may come from the record (share preview, JSON-LD).
            os.utime(page.file.abs_dest_path, ns=(0, 0))
        log.info(f"Đã cập nhật trước {len(pages)} trang; đang tạo lại các trang còn lại…")
        with self.server._epoch_cond:   # show it now; requests no longer wait for the pass
            self.server._wanted_epoch = self.server._visible_epoch = _timestamp()
            self.server._epoch_cond.notify_all()

    def _whole_pass(self, config) -> None:
        mkdocs_build.build(config, serve_url=self.serve_url, dirty=True)
        self.config = config

    def _pages(self) -> dict[str, str]:
        result = self.config[pipeline.GLUE_KEY] if self.config is not None else None
        if result is None or result.problems:
            return {}
        return {s: p.html for s, p in result.output.pages.items()}

    def _changed_pages(self, before: dict[str, str]) -> set[str]:
        after = self._pages()
        if not after or set(after) != set(before):
            return {"*"}
        return {s for s, html in after.items() if before[s] != html}

    def _snapshot(self) -> dict[str, tuple[int, int]]:
        """(mtime, size) of every file a pass reads, by project-relative path."""
        found = {}
        for folder in [*pipeline.watched_folders(self.root), self.root / pipeline.CONTENT_FOLDER]:
            for dirpath, _dirs, names in os.walk(folder):
                for name in names:
                    path = os.path.join(dirpath, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    found[Path(path).relative_to(self.root).as_posix()] = (st.st_mtime_ns,
                                                                           st.st_size)
        return found

    def _error_page(self, code: int) -> bytes | None:
        if code in (404, 500):
            page = Path(self.site_dir) / f"{code}.html"
            if page.is_file():
                return page.read_bytes()
        return None


QUIET = 3.0   # seconds without an edit before the preview collects the last pass's garbage
QUICK_PAGES = 200   # pages rendered alone before the whole pass (an award line: a few)


def _quick_possible(server) -> bool:
    """The MkDocs internals the quick paths use are there (else: the whole pass only)."""
    return all(hasattr(server, a) for a in ("_epoch_cond", "_visible_epoch")) and \
        all(hasattr(mkdocs_build, f) for f in ("_populate_page", "_build_page"))


def serve(root: Path, addr: str) -> int:
    preview_server = Preview(Path(root).resolve(), addr)
    preview_server.start()
    return 0
