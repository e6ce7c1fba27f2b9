"""Raw responses kept on disk, gzip-compressed and named by the hash of their bytes.

Every page fetched from the web and every WARC record read is stored once
(`<root>/<first two hex digits>/<raw_hash>.gz`), so a new extractor version re-extracts
(`eventwire run --reextract`) without fetching again, and the same bytes under two URLs take
the space of one. Writes go to a temporary file renamed into place: a crash leaves no half file.
"""

from __future__ import annotations

import gzip
import os
import tempfile
from pathlib import Path


class RawStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, raw_hash: str) -> Path:
        return self.root / raw_hash[:2] / f"{raw_hash}.gz"

    def put(self, raw_hash: str, data: bytes) -> None:
        """Store the bytes under their hash, unless already there."""
        target = self.path(raw_hash)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(gzip.compress(data, compresslevel=6))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, raw_hash: str) -> bytes:
        """The stored bytes; FileNotFoundError when they were never stored."""
        return gzip.decompress(self.path(raw_hash).read_bytes())
