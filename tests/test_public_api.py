"""``__all__`` is honest: every name it lists exists, in every module of the package."""

from __future__ import annotations

import importlib
import pkgutil

import ranknews


def test_all_names_exist() -> None:
    for info in pkgutil.walk_packages(ranknews.__path__, "ranknews."):
        if info.name == "ranknews.__main__":
            continue
        module = importlib.import_module(info.name)
        names = getattr(module, "__all__", None)
        assert names is not None, f"{info.name} has no __all__"
        for name in names:
            assert hasattr(module, name), f"{info.name}.__all__ lists missing {name}"
