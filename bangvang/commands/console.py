"""The `bangvang` command's entry point: Ctrl-C while Python is still loading the program
(the first half-second: bangvang.commands.cli imports most of the package) ends with "Đã dừng.", not
a traceback. The script pip writes imports its entry module outside any `try`, so that module
must be this small one; bangvang.commands.cli.main handles Ctrl-C once it runs."""
from __future__ import annotations

import sys


def main() -> int:
    try:
        from bangvang.commands.cli import main as cli_main
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    return cli_main()
