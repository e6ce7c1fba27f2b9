"""Run settings: defaults, environment variables, then command-line flags (last wins)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from flows.fetch import FetchPolicy
from transforms.retry_policy import RetryPolicy

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"
SEEDS_DIR = PROJECT_ROOT / "seeds"
DEFAULT_ARTICLES = SEEDS_DIR / "articles"
DEFAULT_DB = Path("data") / "warehouse.duckdb"

# Bumped when extraction or NLP code changes meaning; part of every article's extractor_version,
# so a new version re-extracts inputs whose bytes did not change.
PIPELINE_VERSION = "6"
# The views count an event only at this confidence or more (EVENTWIRE_MIN_CONFIDENCE): the
# calibration in README's Quality section says how often events at each level are right.
DEFAULT_MIN_CONFIDENCE = 0.5
# DuckDB's cache for the writer's connection (EVENTWIRE_WRITER_MEMORY). DuckDB keeps every block
# it has read or written until its limit, 80 % of RAM by default, so a long run's writer would
# grow with the warehouse (bench.scale: +8 MB a thousand articles); past this it evicts blocks,
# which the OS's page cache serves again. Joins that outgrow it spill to `<db>.tmp`.
DEFAULT_WRITER_MEMORY = "256MB"


def seeds_dir_setting() -> Path:
    """The reference data: EVENTWIRE_SEEDS_DIR, else the bundled seeds/. Read by every worker
    from its own environment (a worker on another machine has its own copy)."""
    value = os.environ.get("EVENTWIRE_SEEDS_DIR")
    return Path(value) if value else SEEDS_DIR


def _env_int(name: str, default: int) -> int:
    return int(_env_number(name, default, int, "an integer"))


def _env_float(name: str, default: float) -> float:
    return float(_env_number(name, default, float, "a number"))


def min_confidence_setting() -> float:
    """The views' confidence floor: EVENTWIRE_MIN_CONFIDENCE, a number from 0 to 1."""
    value = _env_float("EVENTWIRE_MIN_CONFIDENCE", DEFAULT_MIN_CONFIDENCE)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"EVENTWIRE_MIN_CONFIDENCE must be between 0 and 1, got {value}")
    return value


def writer_memory_setting() -> int:
    """DuckDB's memory limit for a writer, in bytes: EVENTWIRE_WRITER_MEMORY (a size such as
    `512MB`, `2GB`, `1.5GiB`; units are read as powers of 1024), else DEFAULT_WRITER_MEMORY."""
    value = (os.environ.get("EVENTWIRE_WRITER_MEMORY") or DEFAULT_WRITER_MEMORY).strip()
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMGT])i?B", value, flags=re.IGNORECASE)
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    size = int(float(match[1]) * scale[match[2].upper()]) if match else 0
    if size < 32 << 20:
        raise ValueError(f"EVENTWIRE_WRITER_MEMORY must be a size of 32MB or more such as 512MB or 2GB, got {value!r}")
    return size


def retry_policy_setting() -> RetryPolicy:
    """When rejected web pages are asked for again (transforms/retry_policy.py):
    EVENTWIRE_REJECT_RETRY_DAYS for permanent rejections, EVENTWIRE_RETRY_FIRST_HOURS and
    EVENTWIRE_RETRY_MAX_DAYS for the doubling wait of transient ones."""
    default = RetryPolicy()
    policy = RetryPolicy(
        permanent_days=_env_float("EVENTWIRE_REJECT_RETRY_DAYS", default.permanent_days),
        first_wait_hours=_env_float("EVENTWIRE_RETRY_FIRST_HOURS", default.first_wait_hours),
        max_wait_days=_env_float("EVENTWIRE_RETRY_MAX_DAYS", default.max_wait_days),
    )
    if min(policy.permanent_days, policy.first_wait_hours, policy.max_wait_days) < 0:
        raise ValueError(
            "EVENTWIRE_REJECT_RETRY_DAYS, EVENTWIRE_RETRY_FIRST_HOURS and EVENTWIRE_RETRY_MAX_DAYS must not be negative"
        )
    return policy


def _env_number(name: str, default: float, cast: type, what: str) -> float:
    """The environment variable read with `cast`, or the default when unset."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return cast(value)
    except ValueError as err:
        raise ValueError(f"{name} must be {what}, got {value!r}") from err


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know; built by `Settings.load` from env and flags."""

    db_path: Path
    inputs: tuple[str, ...] = field(default_factory=lambda: (str(DEFAULT_ARTICLES),))
    max_bytes: int = 10 * 1024 * 1024
    batch_size: int = 200
    workers: int | None = None  # None: every core memory allows (flows/runners.py)
    min_text_chars: int = 40
    http_timeout_s: float = 20.0
    user_agent: str = "eventwire/0.1 (+https://github.com/eventwire)"
    seeds_dir: Path = SEEDS_DIR
    # Fetching manners (see flows/fetch.py). Hosts named here may resolve to internal addresses
    # (EVENTWIRE_ALLOWED_HOSTS=127.0.0.1 for a local test server); all others may not.
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    host_delay_s: float = 1.0
    obey_robots: bool = True
    retries: int = 3
    # A page's whole time, from the request to the body's last byte: a news site sends a page in
    # a few seconds, and a host that trickles one holds a fetch thread no longer than this.
    page_budget_s: float = 30.0
    fetch_threads: int = 8  # hosts fetched at once (each host one request at a time)
    # The read-only copy and Parquet files for BI (flows/publish.py); default: published/ next
    # to the warehouse file. EVENTWIRE_PUBLISH=0 turns publishing off.
    publish_dir: Path | None = None
    publish: bool = True
    # Raw responses of web pages and WARC records (see flows/raw_store.py); default: raw/ next
    # to the warehouse file.
    raw_dir: Path | None = None

    @classmethod
    def load(
        cls,
        *,
        db: str | Path | None = None,
        inputs: list[str] | tuple[str, ...] | None = None,
        max_bytes: int | None = None,
        batch_size: int | None = None,
        workers: int | None = None,
    ) -> Settings:
        db_path = Path(db or os.environ.get("EVENTWIRE_DB") or DEFAULT_DB)
        return cls(
            db_path=db_path,
            seeds_dir=seeds_dir_setting(),
            inputs=tuple(inputs) if inputs is not None else (str(DEFAULT_ARTICLES),),
            max_bytes=max_bytes if max_bytes is not None else _env_int("EVENTWIRE_MAX_BYTES", 10 * 1024 * 1024),
            batch_size=batch_size if batch_size is not None else _env_int("EVENTWIRE_BATCH_SIZE", 200),
            workers=workers if workers is not None else (_env_int("EVENTWIRE_WORKERS", 0) or None),
            user_agent=os.environ.get("EVENTWIRE_USER_AGENT", cls.user_agent),
            allowed_hosts=frozenset(
                h.strip() for h in os.environ.get("EVENTWIRE_ALLOWED_HOSTS", "").split(",") if h.strip()
            ),
            host_delay_s=_env_float("EVENTWIRE_HOST_DELAY", 1.0),
            obey_robots=os.environ.get("EVENTWIRE_OBEY_ROBOTS", "1").lower() not in ("0", "false", "no"),
            retries=_env_int("EVENTWIRE_RETRIES", 3),
            page_budget_s=_env_float("EVENTWIRE_PAGE_BUDGET", cls.page_budget_s),
            fetch_threads=_env_int("EVENTWIRE_FETCH_THREADS", 8),
            http_timeout_s=_env_float("EVENTWIRE_HTTP_TIMEOUT", 20.0),
            publish_dir=Path(os.environ["EVENTWIRE_PUBLISH_DIR"]) if os.environ.get("EVENTWIRE_PUBLISH_DIR") else None,
            publish=os.environ.get("EVENTWIRE_PUBLISH", "1").lower() not in ("0", "false", "no"),
            raw_dir=Path(os.environ["EVENTWIRE_RAW_DIR"]) if os.environ.get("EVENTWIRE_RAW_DIR") else None,
        )

    @property
    def publish_root(self) -> Path:
        return self.publish_dir or self.db_path.parent / "published"

    @property
    def raw_root(self) -> Path:
        return self.raw_dir or self.db_path.parent / "raw"

    def fetch_policy(self) -> FetchPolicy:
        """The fetcher's limits and manners for this run."""
        return FetchPolicy(
            user_agent=self.user_agent,
            read_timeout_s=self.http_timeout_s,
            page_budget_s=self.page_budget_s,
            max_bytes=self.max_bytes,
            retries=self.retries,
            host_delay_s=self.host_delay_s,
            obey_robots=self.obey_robots,
            allowed_hosts=self.allowed_hosts,
        )
