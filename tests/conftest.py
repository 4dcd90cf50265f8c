"""Shared fixtures: real SQLite in a temp dir, real PostgreSQL where it runs."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ranknews.models import Article, Outlet, Photo, Section
from ranknews.settings import Settings
from ranknews.store import Store, open_store

POSTGRES_ENV = "RANKNEWS_TEST_POSTGRES_URL"
POSTGRES_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # 15:00 KST

SECTIONS = (Section("politics", "정치", 1), Section("economy", "경제", 2))
OUTLETS = (Outlet("hanbit", "한빛일보", "http://hanbit.example/"), Outlet("nuri", "누리경제"))


def _postgres_admin_url() -> str:
    return os.environ.get(POSTGRES_ENV, POSTGRES_DEFAULT)


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin URL of a reachable PostgreSQL, or a skip that says how to enable it."""
    url = _postgres_admin_url()
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL must run in CI but {url} is not reachable: {exc}")
        pytest.skip(
            f"PostgreSQL not reachable at {url} ({type(exc).__name__}); start PostgreSQL or set"
            f" {POSTGRES_ENV}=postgresql+psycopg://USER@HOST:PORT/DB to run these tests"
        )
    return url


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """A fresh, empty database for one test; dropped afterwards."""
    name = f"ranknews_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield str(make_url(postgres_server).set(database=name).render_as_string(False))
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.load(environ={}, overrides={"data_dir": tmp_path / "data"})


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_settings(
    request: pytest.FixtureRequest, settings: Settings, tmp_path: Path
) -> Settings:
    if request.param == "sqlite":
        return settings
    url = request.getfixturevalue("postgres_url")
    return settings.replace(database_url=url)


@pytest.fixture
def store(backend_settings: Settings) -> Iterator[Store]:
    s = open_store(backend_settings)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def sqlite_store(settings: Settings) -> Iterator[Store]:
    s = open_store(settings)
    try:
        yield s
    finally:
        s.close()


ArticleFactory = Callable[..., Article]


def make_article(i: int, **changes: object) -> Article:
    """A small, valid article; ``i`` picks its URL, outlet and section."""
    base = Article(
        canonical_url=f"http://hanbit.example/news/{i}",
        title=f"기사 제목 {i}",
        outlet=OUTLETS[i % 2],
        body_html=(
            f'<figure><img src="http://hanbit.example/p/{i}.jpg" alt="사진 {i}">'
            f'<figcaption>사진 설명 {i}. <span class="credit">한결통신</span></figcaption></figure>'
            f"<p>첫 문단 {i}.</p><p>둘째 문단 {i}.</p>"
        ),
        body_text=f"첫 문단 {i}.\n둘째 문단 {i}.",
        published=NOW - timedelta(hours=100 - i),
        section=SECTIONS[i % 2],
        byline="김민수 기자",
        authors=("김민수",),
        photos=(Photo(f"http://hanbit.example/p/{i}.jpg", f"사진 설명 {i}.", "한결통신"),),
    )
    fields = {name: getattr(base, name) for name in base.__dataclass_fields__}
    fields.update(changes)
    return Article(**fields)  # type: ignore[arg-type]


def fill(store: Store, count: int, *, start: int = 0) -> list[int]:
    numbers = []
    for i in range(start, start + count):
        saved = store.content.save_article(
            make_article(i), now=NOW - timedelta(hours=count - i), writer="랭크뉴스"
        )
        numbers.append(saved.number)
    return numbers
