"""URL canonicalisation: the same article under cosmetic URL variants gets one id."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import courlan

# Query parameters that only track the reader; courlan's strict mode removes the common ones,
# these catch the rest we see in news links.
_TRACKING = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|mc_cid|mc_eid|ocid|cmpid|ref|ref_src|smid|spm|_ga|igshid|amp)$",
    re.IGNORECASE,
)
_AMP_PATH = re.compile(r"(/amp/?$|\.amp(?=\.html?$|$))", re.IGNORECASE)
_AMP_PREFIX = re.compile(r"^/amp/", re.IGNORECASE)


def file_uri(path: str | Path) -> str:
    """The URI that identifies a local file: absolute and resolved."""
    return Path(path).resolve().as_uri()


def canonicalize_url(url: str) -> str:
    """Lower-case scheme and host, drop `www.`, fragments, tracking parameters, AMP hosts,
    prefixes and suffixes, and trailing slashes. File URIs are returned unchanged."""
    if not url or url.startswith("file:"):
        return url
    normalized = courlan.normalize_url(url, strict=True) or url
    parts = urlsplit(normalized)
    host = (parts.hostname or "").lower()
    if host.startswith(("www.", "amp.")):  # amp.theguardian.com is theguardian.com's AMP copy
        host = host[4:]
    netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    )
    path = _AMP_PATH.sub("", _AMP_PREFIX.sub("/", parts.path)) or "/"
    if len(path) > 1:
        path = path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), netloc, path, query, ""))


def source_domain(url: str | None) -> str | None:
    """Registered host of a URL without `www.`; None for files and empty values."""
    if not url or url.startswith("file:"):
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None
