"""``ranknews demo``: the bundled outlet site, loaded into a board and served."""

from __future__ import annotations

from ranknews.demo.load import load_demo
from ranknews.demo.run import run_demo

__all__ = ["load_demo", "run_demo"]
