"""The analysts' copy: the flows' database published by atomic replace after each run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def analyst_path_beside(db_path: Path) -> Path:
    """Where the analysts' copy of ``db_path`` lives unless configured otherwise."""
    return db_path.with_name(db_path.stem + ".analyst" + db_path.suffix)


def publish_analyst_copy(db_path: Path, target: Path | None = None) -> Path:
    """Copy the closed database beside the old copy, then rename over it.

    The rename is atomic: an analyst's open session keeps reading the old file (its inode stays alive
    until closed) and a new session sees the new one; a crash mid-copy leaves the old copy intact.
    """
    target = Path(target or analyst_path_beside(db_path))
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(db_path, "rb") as source, open(staging, "wb") as copy:
        shutil.copyfileobj(source, copy, length=8 * 1024 * 1024)
        copy.flush()
        os.fsync(copy.fileno())
    os.replace(staging, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
    return target
