"""The ``ranknews`` command: its parser (:mod:`.parser`), its commands (:mod:`.commands`) and
the crawl-side ones (:mod:`.crawl`)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from ranknews.cli.commands import run
from ranknews.cli.parser import build_parser, load_settings
from ranknews.errors import RanknewsError

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command line; the exit status (2 for a ranknews error, 130 when interrupted)."""
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(args)
        logging.basicConfig(
            level=settings.log_level.upper(),
            format="%(asctime)s %(levelname)s %(name)s %(message)s",
        )
        return run(args, settings)
    except RanknewsError as exc:
        print(f"ranknews: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
