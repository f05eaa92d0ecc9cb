"""Screenshots of built pages at desktop and phone widths, for looking at what users see.

    .venv/bin/python scripts/screenshots.py site/ /tmp/shots index bang-vang/2024-2025 ...

Serves the site folder on 127.0.0.1 and uses Debian's Chromium (/usr/bin/chromium).
"""
from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main(site: str, out: str, *pages: str) -> None:
    server, base = serve(Path(site))
    Path(out).mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for size_name, (width, height) in SIZES.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name in pages or ("index",):
                url = base + ("" if name == "index" else name.strip("/") + "/")
                page.goto(url)
                page.wait_for_timeout(600)  # let the theme finish its fade-ins
                file = Path(out) / f"{name.strip('/').replace('/', '_')}-{size_name}.png"
                page.screenshot(path=str(file), full_page=True)
                print(file)
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:])
