"""``ranknews demo``: the bundled outlet site, loaded into a board and served."""

from __future__ import annotations

from ranknews.demo.load import load_demo
from ranknews.demo.run import crawl_settings, register_demo_sources, run_demo

__all__ = ["crawl_settings", "load_demo", "register_demo_sources", "run_demo"]
