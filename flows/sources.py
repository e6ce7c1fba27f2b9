"""Discovery: turn what the user named (folders, globs, list files, paths, URLs) into inputs.

Every input gets a locator (as given), the source it came from, a URL (file URI or http(s))
and a kind (html | txt). What cannot become an input is returned as a reject, never dropped.
"""

from __future__ import annotations

import glob
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


def _from_file(path: Path, source: str, run_id: str, now: datetime) -> tuple[list[Input], list[dict]]:
    kind = _kind_of(str(path))
    if kind is None:
        return [], [
            reject_row(
                run_id,
                source,
                str(path),
                "discover",
                "unsupported_type",
                f"{path.suffix or 'no extension'} is not .html, .htm or .txt",
                now,
            )
        ]
    return [Input(str(path), source, file_uri(path), kind)], []


def _from_list(list_file: Path, run_id: str, now: datetime) -> tuple[list[Input], list[dict]]:
    inputs: list[Input] = []
    rejects: list[dict] = []
    for line in list_file.read_text(encoding="utf-8", errors="replace").splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if _is_url(entry):
            inputs.append(Input(entry, str(list_file), canonicalize_url(entry), _kind_of(entry) or "html"))
            continue
        path = Path(entry)
        if not path.is_absolute():
            path = list_file.parent / path
        if not path.exists():
            rejects.append(
                reject_row(run_id, str(list_file), entry, "discover", "not_found", f"no such file: {path}", now)
            )
            continue
        found, bad = _from_file(path, str(list_file), run_id, now)
        inputs += found
        rejects += bad
    return inputs, rejects


def discover(specs: list[str] | tuple[str, ...], *, run_id: str, now: datetime) -> tuple[list[Input], list[dict]]:
    """Expand every spec into inputs; the same URL named twice is read once."""
    inputs: list[Input] = []
    rejects: list[dict] = []
    for spec in specs:
        if _is_url(spec):
            inputs.append(Input(spec, spec, canonicalize_url(spec), _kind_of(spec) or "html"))
            continue
        path = Path(spec)
        if any(ch in spec for ch in "*?["):
            matches = sorted(glob.glob(spec, recursive=True))
            for match in matches:
                if Path(match).is_file() and _kind_of(match):
                    inputs.append(Input(match, spec, file_uri(match), _kind_of(match) or "html"))
            if not matches:
                rejects.append(
                    reject_row(run_id, spec, spec, "discover", "not_found", "the pattern matches no file", now)
                )
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _kind_of(child.name) and not child.name.startswith("."):
                    inputs.append(Input(str(child), spec, file_uri(child), _kind_of(child.name) or "html"))
        elif path.is_file() and path.suffix.lower() in LIST_SUFFIXES:
            found, bad = _from_list(path, run_id, now)
            inputs += found
            rejects += bad
        elif path.is_file():
            found, bad = _from_file(path, spec, run_id, now)
            inputs += found
            rejects += bad
        else:
            rejects.append(
                reject_row(run_id, spec, spec, "discover", "not_found", f"no such file or folder: {spec}", now)
            )
    return unique_inputs(inputs), rejects


def unique_inputs(items: list[Input]) -> list[Input]:
    """One input per article id, the first named (the same story listed twice is read once)."""
    seen: dict[str, Input] = {}
    for item in items:
        seen.setdefault(item.article_id, item)
    return list(seen.values())
