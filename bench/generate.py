"""Fill a SQLite board with synthetic Korean news posts for benchmarks.

    python bench/generate.py --posts 1000000 --data-dir bench/data/1m [--seed 1]

Posts are written oldest first through the store's own ``save_article`` (so every index and
counter is maintained exactly as in production), ``--batch`` articles per write transaction.
A handful of posts become notices and about 0.1% are hidden, both via ``store.board.set_flags``.

The run is resumable: ``bench-corpus.json`` in the data directory records the seed and the
range of article ages; after an interruption the same command continues where the database
left off. A database that is already complete is left alone unless ``--append`` asks for
``--posts`` more.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from corpus import Corpus
from ranknews.models import Article
from ranknews.sections import DEFAULT_SECTIONS
from ranknews.settings import Settings
from ranknews.store import Store, open_store

__all__ = ["Plan", "Refused", "database_bytes", "generate", "main"]

META_FILE = "bench-corpus.json"
REPOST_DELAY = timedelta(minutes=3)
NOTICES = 5
HIDDEN_PER_MILLE = 1
LOG_EVERY = 50_000

console = Console()


@dataclass
class Plan:
    """What the data directory is meant to hold: ages ``start_age`` down to ``stop_age + 1``."""

    seed: int
    start_age: int
    stop_age: int
    notice_ages: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.start_age - self.stop_age

    def save(self, data_dir: Path) -> None:
        (data_dir / META_FILE).write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, data_dir: Path) -> Plan | None:
        path = data_dir / META_FILE
        if not path.exists():
            return None
        return cls(**json.loads(path.read_text()))

    @classmethod
    def fresh(cls, seed: int, posts: int) -> Plan:
        start = posts - 1
        count = min(NOTICES, max(1, posts // 1000))
        notices = [start - (posts * (2 * i + 1)) // (2 * count) for i in range(count)]
        return cls(seed=seed, start_age=start, stop_age=-1, notice_ages=notices)


def is_hidden(seed: int, age: int) -> bool:
    """About HIDDEN_PER_MILLE in 1000 posts, fixed by seed and age (a splitmix64 hash)."""
    z = (seed * 0x9E3779B97F4A7C15 + age * 0xBF58476D1CE4E5B9 + 1) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return (z ^ (z >> 31)) % 1000 < HIDDEN_PER_MILLE


def database_bytes(data_dir: Path) -> int:
    return sum(p.stat().st_size for p in data_dir.glob("ranknews.sqlite3*") if p.is_file())


class Refused(Exception):
    """Nothing is written; the message says why, ``code`` is the exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _plan(args: argparse.Namespace, store: Store) -> Plan:
    """The plan to carry out; raises Refused when nothing should be written."""
    existing = store.board.count()
    plan = Plan.load(args.data_dir)
    if existing == 0:
        plan = Plan.fresh(args.seed, args.posts)
    elif plan is None:
        raise Refused(
            f"{args.data_dir} already holds {existing:,} posts not made by this tool;"
            " refusing to add to it"
        )
    elif plan.seed != args.seed:
        raise Refused(f"the data was generated with --seed {plan.seed}; refusing")
    elif existing >= plan.total and not args.append:
        raise Refused(
            f"{args.data_dir} already holds {existing:,} generated posts (complete);"
            f" pass --append to add {args.posts:,} more",
            code=0,
        )
    else:
        if existing < plan.total:
            console.print(f"resuming: {existing:,} of {plan.total:,} posts are there")
        if args.append:
            plan.stop_age -= args.posts
    plan.save(args.data_dir)
    return plan


def _article(corpus: Corpus, plan: Plan, age: int) -> Article:
    article = corpus.article(age)
    if age in plan.notice_ages:
        return corpus.notice(plan.notice_ages.index(age), article.published)
    return article


def generate(store: Store, plan: Plan, *, batch: int, writer: str) -> tuple[int, float]:
    """Write the posts the plan still lacks; return (posts written, seconds)."""
    store_dir = store.settings.data_dir
    corpus = Corpus(plan.seed)
    store.content.save_sections(list(DEFAULT_SECTIONS))
    next_age = plan.start_age - store.board.count()
    todo = next_age - plan.stop_age
    notice_ages = set(plan.notice_ages)
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>7,.0f} posts/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    started = time.perf_counter()
    done = 0
    quiet = not console.is_terminal  # in a log file: a plain line every LOG_EVERY posts
    with Progress(*columns, console=console, disable=quiet) as progress:
        task = progress.add_task("posts", total=todo, rate=0.0)
        while next_age > plan.stop_age:
            ages = range(next_age, max(plan.stop_age, next_age - batch), -1)
            flags: list[tuple[int, dict[str, bool]]] = []
            with store.engines.write.begin() as conn:
                for age in ages:
                    article = _article(corpus, plan, age)
                    stored = store.content.save_article(
                        article, now=article.published + REPOST_DELAY, writer=writer, conn=conn
                    )
                    if age in notice_ages:
                        flags.append((stored.number, {"notice": True}))
                    elif is_hidden(plan.seed, age):
                        flags.append((stored.number, {"hidden": True}))
            for number, flag in flags:
                store.board.set_flags(number, **flag)
            next_age -= len(ages)
            done += len(ages)
            elapsed = time.perf_counter() - started
            progress.update(task, advance=len(ages), rate=done / elapsed)
            if quiet and (done % LOG_EVERY < len(ages) or next_age == plan.stop_age):
                print(
                    f"{done:,}/{todo:,} posts, {done / elapsed:,.0f} posts/s,"
                    f" {elapsed:,.0f}s, database {database_bytes(store_dir) / 1e9:.2f} GB",
                    flush=True,
                )
    return done, time.perf_counter() - started


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, required=True, help="number of posts to generate")
    parser.add_argument("--data-dir", type=Path, required=True, help="ranknews data directory")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--batch", type=int, default=2000, help="posts per transaction")
    parser.add_argument(
        "--append", action="store_true", help="add --posts more posts to a complete database"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.posts < 1 or args.batch < 1:
        console.print("[red]--posts and --batch must be positive[/red]")
        return 2
    settings = Settings.from_mapping({"data_dir": str(args.data_dir), "log_level": "warning"})
    store = open_store(settings)
    try:
        try:
            plan = _plan(args, store)
        except Refused as exc:
            console.print(f"[red]{exc}[/red]" if exc.code else str(exc))
            return exc.code
        written, seconds = generate(store, plan, batch=args.batch, writer=settings.writer_name)
        raw = store.engines.write.raw_connection()  # no BEGIN: checkpoint outside a transaction
        try:
            raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
        total = store.board.count()
    finally:
        store.close()
    size = database_bytes(args.data_dir)
    rate = written / seconds if seconds else 0.0
    console.print(
        f"wrote {written:,} posts in {seconds:,.1f}s = {rate:,.0f} posts/s;"
        f" the board now has {total:,} posts; database {size / 1e9:.2f} GB"
        f" ({size / max(total, 1) / 1024:.1f} KiB per post)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
