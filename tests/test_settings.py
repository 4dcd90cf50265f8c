"""Settings: sources and their order, checking, and documentation."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from ranknews.errors import ConfigError
from ranknews.settings import Settings, describe_settings

README = Path(__file__).resolve().parents[1] / "README.md"


def test_defaults() -> None:
    s = Settings.load(environ={})
    assert s.data_dir == Path("ranknews-data")
    assert s.posts_per_page == 20
    assert s.resolved_database_url.startswith("sqlite:///")
    assert s.resolved_database_url.endswith("ranknews-data/ranknews.sqlite3")


def test_toml_then_env_then_flags(tmp_path: Path) -> None:
    config = tmp_path / "ranknews.toml"
    config.write_text('[ranknews]\nport = 9000\nboard_title = "테스트 게시판"\nhot_views = 5\n')
    s = Settings.load(
        config_file=config,
        environ={"RANKNEWS_PORT": "9100", "RANKNEWS_HOT_VIEWS": "7"},
        overrides={"port": 9200, "data_dir": None},
    )
    assert (s.port, s.hot_views, s.board_title) == (9200, 7, "테스트 게시판")


def test_config_file_from_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("posts_per_page = 30\n")
    assert Settings.load(environ={"RANKNEWS_CONFIG": str(config)}).posts_per_page == 30


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"RANKNEWS_PORT": "eighty"}, "cannot read 'eighty' as int"),
        ({"RANKNEWS_PORT": "70000"}, "port must be"),
        ({"RANKNEWS_DEMO_SITE_PORT": "-1"}, "demo_site_port"),
        ({"RANKNEWS_POSTS_PER_PAGE": "0"}, "posts_per_page"),
        ({"RANKNEWS_LOG_LEVEL": "loud"}, "log_level"),
        ({"RANKNEWS_PAGE_CACHE_SECONDS": "-1"}, "page_cache_seconds"),
        ({"RANKNEWS_TOKENIZER": "okt"}, "tokenizer must be mecab or kiwi, not 'okt'"),
    ],
)
def test_bad_values_are_refused_clearly(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.load(environ=environ)


def test_bad_config_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Settings.load(config_file=tmp_path / "missing.toml", environ={})
    broken = tmp_path / "broken.toml"
    broken.write_text("port = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Settings.load(config_file=broken, environ={})
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("colour = 'blue'\n")
    with pytest.raises(ConfigError, match="unknown setting"):
        Settings.load(config_file=unknown, environ={})


def test_settings_are_frozen() -> None:
    s = Settings.load(environ={})
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.port = 1  # type: ignore[misc]


def test_every_setting_has_help_and_is_in_the_readme_table() -> None:
    readme = README.read_text("utf-8")
    table = dict(re.findall(r"^\| `([a-z_]+)` \| `(RANKNEWS_[A-Z_]+)` \|", readme, re.M))
    names = [name for name, *_ in describe_settings()]
    for name, env, _default, help_text in describe_settings():
        assert len(help_text) > 15, f"setting {name} needs a help text"
        assert table.get(name) == env, f"setting {name} is missing from README's table"
    assert sorted(table) == sorted(names), "README lists settings that do not exist"
