"""Why an input was rejected: one exception type for every stage, so callers write one handler."""

from __future__ import annotations


class InputRejected(ValueError):
    """An input that cannot become an article. `stage` and `reason` are the codes stored in
    `rejects`; `detail` is one human-readable line."""

    stage = "unknown"

    def __init__(self, reason: str, detail: str, *, stage: str | None = None) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        if stage is not None:
            self.stage = stage


class DecodeError(InputRejected):
    """Bytes that are not text (empty, binary, undecodable)."""

    stage = "decode"


class ExtractError(InputRejected):
    """A page with no article text."""

    stage = "extract"
