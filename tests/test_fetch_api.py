"""The public face of ranknews.fetch: honest ``__all__`` everywhere, and the pipeline's API."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import pytest

import ranknews.fetch
from ranknews.fetch import Fetcher, FetchResult

MODULES = sorted(
    info.name for info in pkgutil.walk_packages(ranknews.fetch.__path__, "ranknews.fetch.")
)


def test_every_module_is_listed() -> None:
    names = {name.rsplit(".", 1)[1] for name in MODULES}
    assert {"guard", "transport", "client", "politeness", "robots", "charset"} <= names


@pytest.mark.parametrize("name", ["ranknews.fetch", *MODULES])
def test_all_is_honest(name: str) -> None:
    module = importlib.import_module(name)
    exported = getattr(module, "__all__", None)
    assert exported is not None, f"{name} has no __all__"
    assert len(set(exported)) == len(exported)
    missing = [n for n in exported if not hasattr(module, n)]
    assert missing == []
    defined_here = {
        n
        for n, value in vars(module).items()
        if not n.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and value.__module__ == name
    }
    assert defined_here <= set(exported), f"{name}: public but unlisted"


def test_fetch_result_shape() -> None:
    assert dataclasses.is_dataclass(FetchResult)
    assert [f.name for f in dataclasses.fields(FetchResult)] == [
        "url",
        "status",
        "not_modified",
        "content",
        "content_type",
        "charset",
        "etag",
        "last_modified",
    ]
    assert FetchResult.__dataclass_params__.frozen  # type: ignore[attr-defined]
    assert hasattr(FetchResult, "__slots__")


def test_fetcher_signature() -> None:
    init = inspect.signature(Fetcher.__init__).parameters
    assert list(init) == ["self", "settings", "resolver", "sleep", "clock"]
    assert all(init[n].kind is inspect.Parameter.KEYWORD_ONLY for n in ("resolver", "sleep"))
    fetch = inspect.signature(Fetcher.fetch).parameters
    assert list(fetch) == ["self", "url", "etag", "last_modified", "check_robots"]
    assert fetch["check_robots"].default is False
