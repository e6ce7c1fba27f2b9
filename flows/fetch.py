"""Fetching from the web, politely and safely.

One `Fetcher` per run holds the HTTP client, the robots.txt rules seen so far and when each host
was last asked. Every fetch:

- takes only http and https URLs, and refuses hosts that resolve to loopback, private,
  link-local, multicast or reserved addresses (a feed must not make the pipeline call internal
  services), unless the host is allowed by name in the settings (tests allow 127.0.0.1);
- follows redirects itself, checking every hop, up to a limit;
- obeys robots.txt (RFC 9309: a robots.txt that is missing allows all, one that cannot be
  fetched because the server fails disallows all), fetched under the same checks as a page
  (every redirect hop's address, a size cap), and waits a delay between requests to one host;
- retries only what is worth retrying (timeouts, dropped connections, 429, 5xx) with
  exponential backoff and jitter, honouring `Retry-After`;
- streams the body and stops at the size limit (counted after decompression, so a gzip bomb is
  refused), refuses content types that are not HTML, XHTML, XML or text, and gives up on a page
  that takes longer than its time budget (a watchdog cuts the connection at the deadline, so a
  body that trickles in never holds a fetch thread longer); a host that ran over the budget once
  is not asked again in the same run (its other pages are `too_slow` at once, asked again on a
  later night), so one slow host holds up no one;
- sends `If-None-Match` / `If-Modified-Since` when the caller knows them (feeds), and reports a
  304 as not modified.

Failures raise `InputRejected` with stage `fetch` and a reason a user can filter on.
"""

from __future__ import annotations

import contextlib
import ipaddress
import random
import socket
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from transforms.errors import InputRejected

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/x-rss+xml")
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class FetchPolicy:
    """The limits and manners of a run's fetching (see `flows.settings.Settings`)."""

    user_agent: str = "eventwire/0.1 (+https://github.com/eventwire)"
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 20.0
    page_budget_s: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 3
    backoff_s: float = 0.5
    max_retry_after_s: float = 60.0
    host_delay_s: float = 1.0
    obey_robots: bool = True
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Fetched:
    """A response worth keeping: the body (decompressed), where it ended up, and its headers."""

    url: str
    status: int
    body: bytes
    content_type: str
    charset: str | None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _reject(reason: str, detail: str) -> InputRejected:
    return InputRejected(reason, detail, stage="fetch")


def _blocked_address(host: str) -> str | None:
    """Why `host` must not be called (it resolves to an internal address), or None."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror as err:
        raise _reject("dns_error", f"{host}: {err.strerror or err}") from err
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if (
            ip.is_loopback
            or ip.is_private
            or ip.is_link_local
            or ip.is_multicast
            or ip.is_reserved
            or ip.is_unspecified
        ):
            return f"{host} resolves to {ip}, an internal address"
    return None


def _retry_after(value: str | None, cap: float) -> float | None:
    """Seconds a `Retry-After` header asks for (delta seconds or an HTTP date), capped."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, min(when.timestamp() - time.time(), cap))


class Fetcher:
    """A run's HTTP fetcher (see module). Use as a context manager."""

    def __init__(self, policy: FetchPolicy, *, transport: httpx.BaseTransport | None = None) -> None:
        self.policy = policy
        self.client = httpx.Client(
            timeout=httpx.Timeout(policy.read_timeout_s, connect=policy.connect_timeout_s),
            follow_redirects=False,
            headers={"User-Agent": policy.user_agent},
            transport=transport,
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | InputRejected | None] = {}
        self._last_call: dict[str, float] = {}
        self._slow_hosts: set[str] = set()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    # -- checks ---------------------------------------------------------------------------
    def _check_url(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise _reject("unsupported_scheme", f"{parts.scheme or 'no'} scheme: only http and https")
        host = parts.hostname or ""
        if not host:
            raise _reject("bad_url", f"no host in {url!r}")
        if host in self.policy.allowed_hosts:
            return
        why = _blocked_address(host)
        if why:
            raise _reject("private_address", why)

    def _allowed_by_robots(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._load_robots(root)
        rules = self._robots[root]
        if isinstance(rules, InputRejected):  # its robots.txt led somewhere we must not call
            raise _reject(rules.reason, rules.detail)
        return True if rules is None else rules.can_fetch(self.policy.user_agent, url)

    def _load_robots(self, root: str) -> urllib.robotparser.RobotFileParser | InputRejected | None:
        """The site's robots.txt rules; None allows everything (no robots.txt). Its redirects are
        followed here hop by hop, each hop checked as a page's are (RFC 9309 asks for at least
        five): a hop to an internal address is not called, and every page of the site is then
        refused with that reason."""
        rules = urllib.robotparser.RobotFileParser(f"{root}/robots.txt")
        current, seen = f"{root}/robots.txt", []
        while True:
            try:
                self._check_url(current)
            except InputRejected as err:
                return InputRejected(err.reason, f"robots.txt of {root}: {err.detail}", stage="fetch")
            self._wait_for_host(current)
            asked = current
            try:
                with self.client.stream("GET", current) as resp:
                    try:
                        target = self._redirect(resp, current, seen)
                    except InputRejected:
                        return None  # RFC 9309: no robots.txt reached after the redirects, unavailable
                    if target:
                        current = target
                        continue
                    status, body = resp.status_code, self._robots_body(resp)
            except httpx.HTTPError:
                rules.parse(["User-agent: *", "Disallow: /"])  # unreachable: RFC 9309 says assume all disallowed
                return rules
            finally:
                self._done_with_host(asked)
            break
        if 400 <= status < 500:
            return None
        if status >= 500:
            rules.parse(["User-agent: *", "Disallow: /"])
            return rules
        rules.parse(body.decode("utf-8", errors="replace").splitlines())
        return rules

    @staticmethod
    def _robots_body(resp: httpx.Response) -> bytes:
        """The first ROBOTS_MAX_BYTES of a robots.txt (RFC 9309 asks parsers for 500 KiB)."""
        body = bytearray()
        for chunk in resp.iter_bytes():
            body += chunk
            if len(body) >= ROBOTS_MAX_BYTES:
                break
        return bytes(body[:ROBOTS_MAX_BYTES])

    def _wait_for_host(self, url: str) -> None:
        """Sleep until `host_delay_s` has passed since the last request to the URL's host."""
        host = urlsplit(url).netloc
        last = self._last_call.get(host)
        if last is not None:
            wait = self.policy.host_delay_s - (time.monotonic() - last)
            if wait > 0:
                time.sleep(wait)
        self._last_call[host] = time.monotonic()

    def _done_with_host(self, url: str) -> None:
        """Restart the host's delay when its answer is in: the pause is counted between one
        request's end and the next one's start, so a slow answer never shortens it."""
        self._last_call[urlsplit(url).netloc] = time.monotonic()

    # -- the fetch ------------------------------------------------------------------------
    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept_types: tuple[str, ...] = TEXT_TYPES,
    ) -> Fetched:
        """GET `url` under the policy; a 304 comes back as `Fetched` with `not_modified`."""
        host = urlsplit(url).netloc
        if host in self._slow_hosts:
            raise _reject(
                "too_slow", f"{host} ran over the {self.policy.page_budget_s:g} s page budget earlier this run"
            )
        deadline = time.monotonic() + self.policy.page_budget_s
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._follow(url, headers, accept_types, deadline)
            except InputRejected as err:
                if err.reason == "too_slow":
                    self._slow_hosts.add(host)
                raise
            except _Retryable as err:
                attempt += 1
                if attempt > self.policy.retries:
                    raise _reject(err.reason, f"{err.detail} (after {attempt} tries)") from None
                pause = err.retry_after
                if pause is None:
                    pause = self.policy.backoff_s * 2 ** (attempt - 1) * (1 + random.random())  # jitter
                if time.monotonic() + pause > deadline:
                    raise _reject(err.reason, f"{err.detail}; no time left to retry") from None
                time.sleep(pause)

    def _follow(self, url: str, headers: dict[str, str], accept_types: tuple[str, ...], deadline: float) -> Fetched:
        """One try: the redirect chain, each hop checked, then the body."""
        seen: list[str] = []
        current = url
        while True:
            self._check_url(current)
            if self.policy.obey_robots and not self._allowed_by_robots(current):
                raise _reject("robots_disallowed", f"robots.txt disallows {current}")
            self._wait_for_host(current)
            asked = current
            left = deadline - time.monotonic()
            if left <= 0:
                raise _reject("too_slow", f"over the {self.policy.page_budget_s:g} s budget a page")
            timeout = httpx.Timeout(
                min(self.policy.read_timeout_s, left), connect=min(self.policy.connect_timeout_s, left)
            )
            try:
                with self.client.stream("GET", current, headers=headers, timeout=timeout) as resp:
                    target = self._redirect(resp, current, seen)
                    if target:
                        current = target
                        continue
                    return self._read(resp, current, accept_types, deadline)
            except httpx.TimeoutException as err:
                raise _Retryable("timeout", f"{type(err).__name__} after {self.policy.read_timeout_s:g} s") from err
            except (httpx.TransportError, httpx.RemoteProtocolError) as err:
                raise _Retryable("network_error", f"{type(err).__name__}: {err}") from err
            finally:
                self._done_with_host(asked)

    def _redirect(self, resp: httpx.Response, current: str, seen: list[str]) -> str | None:
        """Where a redirect answer to `current` points (the hop is added to `seen`), or None for
        any other answer; a loop or a chain over `max_redirects` is rejected. Pages and robots.txt
        follow their redirects through this, each hop then checked by the caller."""
        if resp.status_code not in _REDIRECTS or "location" not in resp.headers:
            return None
        seen.append(current)
        target = urljoin(current, resp.headers["location"])
        if target in seen:
            raise _reject("redirect_loop", f"{target} redirects back to itself")
        if len(seen) > self.policy.max_redirects:
            raise _reject("too_many_redirects", f"over {self.policy.max_redirects}")
        return target

    def _read(self, resp: httpx.Response, url: str, accept_types: tuple[str, ...], deadline: float) -> Fetched:
        status = resp.status_code
        if status == 304:
            return Fetched(url, 304, b"", "", None, resp.headers.get("etag"), resp.headers.get("last-modified"))
        if status in _RETRY_STATUS:
            raise _Retryable(
                f"http_{status}",
                f"HTTP {status} {resp.reason_phrase}",
                _retry_after(resp.headers.get("retry-after"), self.policy.max_retry_after_s),
            )
        if status >= 400:
            raise _reject(f"http_{status}", f"HTTP {status} {resp.reason_phrase}")
        ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype and not ctype.startswith(accept_types):
            raise _reject("unsupported_content_type", f"content type {ctype} is not HTML or text")
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.policy.max_bytes:
            raise _reject("too_large", f"declared {declared} bytes, over {self.policy.max_bytes}")
        body = bytearray()
        encoded = bool(resp.headers.get("content-encoding"))
        too_slow = _reject("too_slow", f"over the {self.policy.page_budget_s:g} s budget a page")
        watchdog = _cut_at(resp, deadline)
        try:
            for chunk in resp.iter_bytes():
                body += chunk
                if len(body) > self.policy.max_bytes:
                    reason = "decompressed_too_large" if encoded else "too_large"
                    raise _reject(reason, f"body over the {self.policy.max_bytes}-byte limit")
                if time.monotonic() > deadline:
                    raise too_slow
        except httpx.HTTPError:
            if time.monotonic() >= deadline:  # the watchdog cut it
                raise too_slow from None
            raise
        finally:
            watchdog.cancel()
        if time.monotonic() >= deadline:  # cut where the body had no length: what came is not all
            raise too_slow
        return Fetched(
            str(resp.url),
            status,
            bytes(body),
            ctype,
            resp.charset_encoding,
            resp.headers.get("etag"),
            resp.headers.get("last-modified"),
        )


def _cut_at(resp: httpx.Response, deadline: float) -> threading.Timer:
    """A timer that shuts the response's socket down at the deadline: a read blocked on a body
    that trickles in wakes at once, instead of after the read timeout of its next chunk."""
    stream = resp.extensions.get("network_stream")
    sock = stream.get_extra_info("socket") if stream is not None else None

    def cut() -> None:
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(max(0.0, deadline - time.monotonic()), cut)
    timer.daemon = True
    timer.start()
    return timer


class _Retryable(Exception):
    """A failure worth another try (timeout, dropped connection, 429, 5xx)."""

    def __init__(self, reason: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.retry_after = reason, detail, retry_after
