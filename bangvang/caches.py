"""Files under .build/cache/: what one pass keeps for the next (rendered pages, verdicts,
Markdown, QR codes). Each is written whole under a name of this process and renamed into
place, so a reader (another build, the preview) sees the old file or the new one, never a
part; a cache that cannot be read is simply not used."""
from __future__ import annotations

import os
from pathlib import Path


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
