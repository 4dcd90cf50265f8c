"""The one settings object, and where its values come from.

Every setting has a default and a help text. Values are taken, later ones winning, from:
the defaults below, an optional TOML file (``--config FILE`` or ``RANKNEWS_CONFIG``), the
environment (``RANKNEWS_<NAME>``, e.g. ``RANKNEWS_DATA_DIR``) and command-line flags.
Nothing here is read at import time: :meth:`Settings.load` is called once by the entry point
and the result is passed explicitly to whatever needs it.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

from ranknews.errors import ConfigError

__all__ = ["ENV_PREFIX", "Settings", "describe_settings"]

ENV_PREFIX = "RANKNEWS_"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    """Typed, frozen settings. Build it with :meth:`load`; pass it explicitly."""

    data_dir: Path = _setting(
        Path("ranknews-data"),
        "Directory for the SQLite database and other state; created when missing.",
    )
    database_url: str = _setting(
        "",
        "SQLAlchemy database URL. Empty means a SQLite file `ranknews.sqlite3` in the data "
        "directory. PostgreSQL: `postgresql+psycopg://user@host/dbname`.",
    )
    host: str = _setting("127.0.0.1", "Address the web server listens on.")
    port: int = _setting(8000, "Port the web server listens on.")
    board_title: str = _setting("랭크뉴스", "Name of the board shown in the header and titles.")
    writer_name: str = _setting(
        "랭크뉴스", "The posting account shown as 글쓴이 on every reposted article."
    )
    posts_per_page: int = _setting(20, "Posts on one list page (Korean boards use 20).")
    pager_links: int = _setting(10, "Page links shown in the pager at once.")
    new_mark_hours: int = _setting(24, "Posts younger than this many hours get the N mark.")
    hot_views: int = _setting(100, "Posts with at least this many views get the hot mark.")
    page_cache_seconds: float = _setting(
        3.0,
        "How long a rendered list page is reused before it is rendered again; 0 turns the "
        "cache off.",
    )
    view_flush_seconds: float = _setting(
        5.0, "View counts are buffered in memory and written in one batch this often."
    )
    max_query_length: int = _setting(
        2048, "Longest accepted query string in bytes; longer requests get a 400 page."
    )
    sqlite_busy_timeout_ms: int = _setting(
        10000, "How long a SQLite connection waits for a lock before giving up."
    )
    log_level: str = _setting("info", "Log level: debug, info, warning or error.")
    user_agent: str = _setting(
        "ranknews/0.1 (Korean news board crawler)",
        "User-Agent sent with every request, and the name matched in robots.txt.",
    )
    allowed_hosts: tuple[str, ...] = _setting(
        (),
        "Hosts or networks (CIDR) the fetcher may reach although they are not public, e.g."
        " `127.0.0.1`; comma-separated in the environment. Every other non-public address is"
        " refused.",
    )
    connect_timeout: float = _setting(5.0, "Seconds to wait for a connection.")
    read_timeout: float = _setting(15.0, "Seconds to wait for data on an open connection.")
    total_timeout: float = _setting(30.0, "Seconds one fetch may take in all, redirects included.")
    max_body_bytes: int = _setting(
        15 * 1024 * 1024, "Largest body accepted, counted after decompression while streaming."
    )
    max_redirects: int = _setting(5, "Redirects followed at most; each hop is checked again.")
    max_retries: int = _setting(
        3, "Retries after a timeout, 429 or 5xx, with exponential backoff and jitter."
    )
    per_host_concurrency: int = _setting(2, "Requests in flight to one host at most.")
    per_host_delay: float = _setting(0.5, "Seconds between the starts of two requests to one host.")
    obey_robots: bool = _setting(True, "Obey robots.txt for article pages (cached per host).")
    crawl_concurrency: int = _setting(8, "Fetches in flight at once during a crawl.")
    extract_processes: int = _setting(
        0,
        "Worker processes that extract and analyse fetched pages (CPU work); 0 does it in the"
        " crawl threads, which use one core. On a machine with several cores, the number of"
        " cores (each process loads the Korean tokenizer: see `tokenizer` for its memory).",
    )
    default_interval_minutes: int = _setting(
        15, "How often a new source is fetched before its publishing rhythm is known."
    )
    min_interval_minutes: int = _setting(5, "Shortest adaptive fetch interval of a source.")
    max_interval_minutes: int = _setting(360, "Longest adaptive fetch interval of a source.")
    max_consecutive_failures: int = _setting(
        10, "A source that fails this many times in a row is disabled until refreshed by hand."
    )
    dedupe_window_hours: float = _setting(
        72.0,
        "A new article is compared with the posts published this many hours before or after it;"
        " a near-copy among them (a wire report carried again) is listed under that post.",
    )
    story_window_hours: float = _setting(
        96.0,
        "A new post joins a story only if a post of that story is this many hours near it"
        " (follow-ups come days later).",
    )
    story_threshold: float = _setting(
        0.2,
        "How alike (cosine of rarity-weighted keywords, 0..1) a new post must be to a recent"
        " post to join its story.",
    )
    keyword_body_chars: int = _setting(
        600,
        "Characters of the body, after the title, read by the Korean tokenizer for story"
        " keywords and trend nouns (the lead carries them; the tokenizer costs time per"
        " character).",
    )
    tokenizer: str = _setting(
        "mecab",
        "Korean tokenizer for story keywords and trend nouns: `mecab` (MeCab-ko: fast, its"
        " dictionary a memory-mapped file shared by every process) or `kiwi` (kiwipiepy:"
        " groups stories better, about 320 MB in every analysing process; `pip install"
        " 'ranknews[kiwi]'`).",
    )
    related_posts: int = _setting(
        10, "Posts of the same story listed under an article as 관련 기사, at most."
    )
    view_repeat_minutes: float = _setting(
        30.0, "Views of one post from one client within this many minutes count once."
    )
    ranking_gravity: float = _setting(
        1.8, "How fast a story's ranking score decays with age: score / (hours + 2) ** gravity."
    )
    trend_window_hours: int = _setting(
        24, "Trends compare the nouns of the last this many hours with the baseline before."
    )
    trend_baseline_days: int = _setting(
        7, "Days before the trend window whose hourly mean is the baseline a noun rises above."
    )
    demo_site_port: int = _setting(
        8001,
        "Port of the bundled outlet site that `ranknews demo` serves on 127.0.0.1 (0: any free"
        " port).",
    )

    @property
    def resolved_database_url(self) -> str:
        """The database URL, with the SQLite default filled in."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ranknews.sqlite3').resolve()}"

    @classmethod
    def load(
        cls,
        *,
        config_file: Path | None = None,
        environ: Mapping[str, str] | None = None,
        overrides: Mapping[str, Any] | None = None,
    ) -> Settings:
        """Defaults, then the TOML file, then ``RANKNEWS_*`` variables, then ``overrides``."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        if config_file is None and env.get(ENV_PREFIX + "CONFIG"):
            config_file = Path(env[ENV_PREFIX + "CONFIG"])
        if config_file is not None:
            values.update(_read_toml(config_file))
        for f in dataclasses.fields(cls):
            key = ENV_PREFIX + f.name.upper()
            if key in env:
                values[f.name] = env[key]
        for name, value in (overrides or {}).items():
            if value is not None:
                values[name] = value
        return cls.from_mapping(values)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Settings:
        """Build settings from loose values (strings from env/CLI, TOML values), checked."""
        hints = get_type_hints(cls)
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
        converted = {name: _convert(name, hints[name], raw) for name, raw in values.items()}
        settings = cls(**converted)
        settings.validate()
        return settings

    def validate(self) -> None:
        if not 1 <= self.posts_per_page <= 200:
            raise ConfigError("posts_per_page must be between 1 and 200")
        if not 1 <= self.pager_links <= 50:
            raise ConfigError("pager_links must be between 1 and 50")
        if not 0 < self.port < 65536:
            raise ConfigError("port must be between 1 and 65535")
        if not 0 <= self.demo_site_port < 65536:
            raise ConfigError("demo_site_port must be between 0 (any free port) and 65535")
        if self.page_cache_seconds < 0 or self.view_flush_seconds <= 0:
            raise ConfigError("page_cache_seconds must be >= 0 and view_flush_seconds > 0")
        if self.max_query_length < 64:
            raise ConfigError("max_query_length must be at least 64")
        if min(self.connect_timeout, self.read_timeout, self.total_timeout) <= 0:
            raise ConfigError("timeouts must be positive")
        if self.max_body_bytes < 1024 or self.max_redirects < 0 or self.max_retries < 0:
            raise ConfigError("max_body_bytes must be >= 1024; redirects and retries >= 0")
        if self.extract_processes < 0:
            raise ConfigError("extract_processes must be >= 0")
        if self.per_host_concurrency < 1 or self.crawl_concurrency < 1 or self.per_host_delay < 0:
            raise ConfigError("concurrency must be >= 1 and per_host_delay >= 0")
        if not 1 <= self.min_interval_minutes <= self.max_interval_minutes:
            raise ConfigError("need 1 <= min_interval_minutes <= max_interval_minutes")
        if self.default_interval_minutes < 1 or self.max_consecutive_failures < 1:
            raise ConfigError("default_interval_minutes and max_consecutive_failures must be >= 1")
        if self.tokenizer not in {"mecab", "kiwi"}:
            raise ConfigError(f"tokenizer must be mecab or kiwi, not {self.tokenizer!r}")
        if self.log_level.lower() not in {"debug", "info", "warning", "error"}:
            raise ConfigError("log_level must be debug, info, warning or error")

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def describe_settings() -> list[tuple[str, str, str, str]]:
    """(name, environment variable, default, help) for every setting, in declaration order."""
    rows = []
    for f in dataclasses.fields(Settings):
        default = f.default
        if isinstance(default, tuple):
            shown = ",".join(default)
        else:
            shown = "" if default == "" else str(default)
        rows.append((f.name, ENV_PREFIX + f.name.upper(), shown, str(f.metadata.get("help", ""))))
    return rows


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError as exc:
        raise ConfigError(f"config file not found: {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    section = data.get("ranknews", data)
    if not isinstance(section, dict):
        raise ConfigError(f"config file {path}: [ranknews] must be a table")
    return dict(section)


def _convert(name: str, hint: Any, raw: Any) -> Any:
    try:
        if hint == tuple[str, ...]:
            if isinstance(raw, str):
                return tuple(part.strip() for part in raw.split(",") if part.strip())
            if isinstance(raw, list | tuple) and all(isinstance(x, str) for x in raw):
                return tuple(raw)
            raise ValueError(raw)
        if hint is Path:
            return Path(raw)
        if hint is bool:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if hint is int:
            if isinstance(raw, bool):
                raise ValueError(raw)
            return int(raw)
        if hint is float:
            return float(raw)
        if hint is str:
            if not isinstance(raw, str):
                raise ValueError(raw)
            return raw
    except (TypeError, ValueError) as exc:
        kind = getattr(hint, "__name__", str(hint))
        raise ConfigError(f"setting {name}: cannot read {raw!r} as {kind}") from exc
    raise ConfigError(f"setting {name}: unsupported type {hint!r}")  # pragma: no cover
