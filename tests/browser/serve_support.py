"""`bangvang serve` running on a temporary project, for the preview and editor browser tests."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_serve(root: Path, timeout: float = 90):
    """Start `bangvang serve` on `root`; yield its base URL once the home page answers."""
    port = free_port()
    env = {**os.environ, "PYTHONUTF8": "1", "NO_MKDOCS_2_WARNING": "1"}
    log = open(root / "serve.log", "w", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "bangvang", "--root", str(root), "serve",
                                "--addr", f"127.0.0.1:{port}"], cwd=root, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(base, timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("bangvang serve did not start:\n"
                                         + (root / "serve.log").read_text("utf-8")) from None
                time.sleep(0.3)
        yield base
    finally:
        # Ctrl+C, as the team stops it: mkdocs (a child) removes its temporary folder.
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
