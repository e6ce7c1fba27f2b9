"""Discovery: turn what the user named (folders, globs, list files, paths, URLs) into inputs.

Every input gets a locator (as given), the source it came from, a URL (file URI or http(s))
and a kind (html | txt). What cannot become an input is returned as a reject, never dropped.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from transforms.documents import article_id_for, reject_row
from transforms.urls import canonicalize_url, file_uri

ARTICLE_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "txt"}
LIST_SUFFIXES = {".list", ".lst", ".urls"}


@dataclass(frozen=True)
class Input:
    locator: str
    source: str
    url: str
    kind: str
    raw_hash: str | None = None  # set when the bytes are re-read from the raw store (--reextract)

    @property
    def article_id(self) -> str:
        return article_id_for(self.url)


def _is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _kind_of(path: str) -> str | None:
    return ARTICLE_SUFFIXES.get(Path(path.split("?", 1)[0]).suffix.lower())


def _from_file(path: Path, source: str, run_id: str, now: datetime) -> Input | dict:
    """One named file: an input, or a reject where its type is not an article's."""
    kind = _kind_of(str(path))
    if kind is None:
        return reject_row(
            run_id,
            source,
            str(path),
            "discover",
            "unsupported_type",
            f"{path.suffix or 'no extension'} is not .html, .htm or .txt",
            now,
        )
    return Input(str(path), source, file_uri(path), kind)


def _from_list(list_file: Path, run_id: str, now: datetime) -> Iterator[Input | dict]:
    """The URLs and paths a list file names, a line at a time."""
    with list_file.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            if _is_url(entry):
                yield Input(entry, str(list_file), canonicalize_url(entry), _kind_of(entry) or "html")
                continue
            path = Path(entry)
            if not path.is_absolute():
                path = list_file.parent / path
            if not path.exists():
                yield reject_row(run_id, str(list_file), entry, "discover", "not_found", f"no such file: {path}", now)
                continue
            yield _from_file(path, str(list_file), run_id, now)


def _walk(folder: Path) -> Iterator[Path]:
    """The files under `folder` in the order `sorted(folder.rglob("*"))` gives (each folder's
    names sorted, a subfolder's files where its name falls), read a folder at a time: a crawl of
    a million pages is walked, not listed. Symlinked folders are not entered, as rglob does not;
    a folder that cannot be read is passed over, as rglob passes it."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except PermissionError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file():
            yield Path(entry.path)


def iter_inputs(specs: Iterable[str], *, run_id: str, now: datetime) -> Iterator[Input | dict]:
    """Every spec expanded, in order, one input (or reject row) at a time, with nothing held
    beyond one folder's names: a run takes its batches from here as it goes (`flows.batching`),
    so its memory does not grow with the number of inputs. Not deduplicated (`unique_inputs`,
    `SeenIds`)."""
    for spec in specs:
        if _is_url(spec):
            yield Input(spec, spec, canonicalize_url(spec), _kind_of(spec) or "html")
            continue
        path = Path(spec)
        if any(ch in spec for ch in "*?["):
            matches = sorted(glob.glob(spec, recursive=True))
            for match in matches:
                if Path(match).is_file() and _kind_of(match):
                    yield Input(match, spec, file_uri(match), _kind_of(match) or "html")
            if not matches:
                yield reject_row(run_id, spec, spec, "discover", "not_found", "the pattern matches no file", now)
        elif path.is_dir():
            for child in _walk(path):
                if _kind_of(child.name) and not child.name.startswith("."):
                    yield Input(str(child), spec, file_uri(child), _kind_of(child.name) or "html")
        elif path.is_file() and path.suffix.lower() in LIST_SUFFIXES:
            yield from _from_list(path, run_id, now)
        elif path.is_file():
            yield _from_file(path, spec, run_id, now)
        else:
            yield reject_row(run_id, spec, spec, "discover", "not_found", f"no such file or folder: {spec}", now)


def discover(specs: list[str] | tuple[str, ...], *, run_id: str, now: datetime) -> tuple[list[Input], list[dict]]:
    """Expand every spec into inputs, held in a list (for a source's few); the same URL named
    twice is read once."""
    inputs: list[Input] = []
    rejects: list[dict] = []
    for found in iter_inputs(specs, run_id=run_id, now=now):
        if isinstance(found, Input):
            inputs.append(found)
        else:
            rejects.append(found)
    return unique_inputs(inputs), rejects


def unique_inputs(items: list[Input]) -> list[Input]:
    """One input per article id, the first named (the same story listed twice is read once)."""
    seen: dict[str, Input] = {}
    for item in items:
        seen.setdefault(item.article_id, item)
    return list(seen.values())
