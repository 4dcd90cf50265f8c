"""Board numbers stay unique, increasing and gap-free under concurrent writers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text

from conftest import NOW, make_article
from ranknews.settings import Settings
from ranknews.store import Store


def _assert_dense(store: Store, expected: int) -> None:
    with store.engines.read.connect() as conn:
        numbers = conn.execute(text("SELECT number FROM posts ORDER BY number")).scalars().all()
        assert numbers == list(range(1, expected + 1))
        for section_id in conn.execute(text("SELECT id FROM sections")).scalars():
            seqs = (
                conn.execute(
                    text(
                        "SELECT section_seq FROM posts WHERE section_id = :s ORDER BY section_seq"
                    ),
                    {"s": section_id},
                )
                .scalars()
                .all()
            )
            assert seqs == list(range(1, len(seqs) + 1))


def test_threads_get_gap_free_numbers(store: Store) -> None:
    barrier = threading.Barrier(4)

    def work(worker: int) -> list[int]:
        barrier.wait()
        return [
            store.content.save_article(make_article(worker * 1000 + i), now=NOW, writer="w").number
            for i in range(25)
        ]

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, range(4)))
    for numbers in results:
        assert numbers == sorted(numbers)  # each writer sees its numbers increase
    _assert_dense(store, 100)


_WORKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from datetime import datetime, timezone
    from ranknews.settings import Settings
    from ranknews.models import Article, Outlet, Section
    from ranknews.store import open_store

    worker, count = int(sys.argv[1]), int(sys.argv[2])
    settings = Settings.load()
    store = open_store(settings)
    now = datetime.now(timezone.utc)
    for i in range(count):
        n = worker * 1000 + i
        store.content.save_article(
            Article(
                canonical_url=f"http://p.example/{n}", title=f"t{n}",
                outlet=Outlet("p", "P"), body_html="<p>x</p>", body_text="x",
                published=now, section=Section("s" + str(n % 3), "S" + str(n % 3)),
            ),
            now=now, writer="w",
        )
    store.close()
    """
)


def test_processes_get_gap_free_numbers(store: Store, backend_settings: Settings) -> None:
    env = {
        "RANKNEWS_DATA_DIR": str(backend_settings.data_dir),
        "RANKNEWS_DATABASE_URL": backend_settings.database_url,
        "PATH": "/usr/bin:/bin",
    }
    procs = [
        subprocess.Popen([sys.executable, "-c", _WORKER, str(w), "20"], env=env) for w in range(3)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    _assert_dense(store, 60)
