"""How Pagefind is run (exports/search.py): the preview's index, made while the team edits,
yields the processor to the edit's pages; a build's runs at the usual priority."""
from __future__ import annotations

import os
import sys

import pytest

from bangvang.exports import search

# What Pagefind's Python wrapper does first: start, then run the binary (which inherits).
CHILD = ("import os, subprocess, sys, time; time.sleep(0.3); "
         "subprocess.run([sys.executable, '-c', 'import os; print(os.nice(0))'])")


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="POSIX priorities")
def test_the_previews_index_runs_at_a_lower_priority_than_a_build(tmp_path):
    base = os.nice(0)
    low = search._run([sys.executable, "-c", CHILD], str(tmp_path), dict(os.environ), True)
    usual = search._run([sys.executable, "-c", CHILD], str(tmp_path), dict(os.environ), False)
    assert low.returncode == usual.returncode == 0
    assert int(low.stdout) == min(base + 10, 19) and int(usual.stdout) == base
