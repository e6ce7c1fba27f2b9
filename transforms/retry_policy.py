"""When a rejected input is worth asking for again.

A nightly pipeline meets the same dead links every night: a feed or a URL list keeps naming a
page that answers 404, a PDF, a robots-disallowed path. Asking again costs a request each night
and tells nothing new, so a rejection is sorted in two:

- **permanent**: the answer will not change by itself (4xx other than 408 and 429, robots.txt,
  an internal address, a content type or size we refuse, a redirect loop, an empty page or one
  without article text). Asked again only after `permanent_days`, or with `--refetch`.
- **transient**: the server or the network may do better another night (timeouts, dropped
  connections, DNS failures, 408, 429, 5xx, a page too slow). Asked again after a wait that
  doubles with each failed night, from `first_wait_hours` up to `max_wait_days`.

Reasons not listed count as transient: a doubt costs one request a night, not a lost page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# Reasons (`rejects.reason`) whose answer does not change by itself, whatever the stage.
PERMANENT_REASONS = frozenset(
    {
        "robots_disallowed",
        "private_address",
        "unsupported_scheme",
        "bad_url",
        "unsupported_content_type",
        "too_large",
        "decompressed_too_large",
        "redirect_loop",
        "too_many_redirects",
        "empty",
        "no_text",
        "not_a_feed",
        "not_warc",
    }
)
# 4xx answers that a server gives when it is busy or slow, not because the page is gone.
TRANSIENT_STATUS = frozenset({408, 429})


@dataclass(frozen=True)
class RetryPolicy:
    """How long a rejected input waits (see module); `flows.settings` reads it from the
    environment. The first wait is under a day so that a nightly run asks again the next night
    even when it starts a little earlier than the night before."""

    permanent_days: float = 30.0
    first_wait_hours: float = 20.0
    max_wait_days: float = 14.0


def is_permanent(reason: str) -> bool:
    """True when asking again would get the same answer (see module)."""
    if reason.startswith("http_"):
        code = reason.removeprefix("http_")
        if code.isdigit():
            status = int(code)
            return 400 <= status < 500 and status not in TRANSIENT_STATUS
    return reason in PERMANENT_REASONS


def next_attempt_at(reason: str, attempts: int, rejected_at: datetime, policy: RetryPolicy) -> datetime:
    """When the input may be asked for again, after its `attempts`-th rejection (1 = the first):
    `permanent_days` for a permanent reason; else `first_wait_hours` doubled for each earlier
    failure, never more than `max_wait_days`."""
    if is_permanent(reason):
        return rejected_at + timedelta(days=policy.permanent_days)
    hours = policy.first_wait_hours * 2 ** min(max(attempts, 1) - 1, 20)
    return rejected_at + min(timedelta(hours=hours), timedelta(days=policy.max_wait_days))
