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
        if self.log_level.lower() not in {"debug", "info", "warning", "error"}:
            raise ConfigError("log_level must be debug, info, warning or error")

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def describe_settings() -> list[tuple[str, str, str, str]]:
    """(name, environment variable, default, help) for every setting, in declaration order."""
    rows = []
    for f in dataclasses.fields(Settings):
        default = f.default
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
        raise ConfigError(f"setting {name}: cannot read {raw!r} as {hint.__name__}") from exc
    raise ConfigError(f"setting {name}: unsupported type {hint!r}")  # pragma: no cover
