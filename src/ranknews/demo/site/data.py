"""Loading the bundled fictional outlets and articles from ``data/``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Final

__all__ = [
    "LABELS",
    "SECTIONS",
    "STYLES",
    "DemoArticle",
    "DemoOutlet",
    "DemoPhoto",
    "data_dir",
    "load_articles",
    "load_outlets",
    "outlet_by_slug",
    "photo_bytes",
]

STYLES: Final = ("table", "semantic", "jsonld", "nextjs", "portal", "wire")
SECTIONS: Final = ("정치", "경제", "사회", "국제", "IT·과학", "문화", "스포츠")
LABELS: Final = ("속보", "단독", "종합", "2보", "포토", "르포")


@dataclass(frozen=True, slots=True)
class DemoOutlet:
    slug: str
    name: str
    style: str
    charset: str
    email_domain: str


@dataclass(frozen=True, slots=True)
class DemoPhoto:
    file: str
    caption: str
    credit: str
    before_paragraph: int


@dataclass(frozen=True, slots=True)
class DemoArticle:
    id: str
    outlet: str
    section: str
    title: str
    labels: tuple[str, ...]
    authors: tuple[str, ...]
    byline: str
    published: datetime
    updated: datetime | None
    paragraphs: tuple[str, ...]
    photos: tuple[DemoPhoto, ...]
    story: str | None
    wire_of: str | None

    @property
    def last_modified(self) -> datetime:
        return self.updated or self.published


def data_dir() -> Traversable:
    """The ``data/`` directory shipped inside the package."""
    return files(__package__ or "ranknews.demo.site").joinpath("data")


def photo_bytes(file: str) -> bytes | None:
    """The SVG bytes of a bundled photo, or ``None`` for unknown or unsafe names."""
    if not file.endswith(".svg") or "/" in file or "\\" in file or file.startswith("."):
        return None
    path = data_dir().joinpath("photos", file)
    return path.read_bytes() if path.is_file() else None


def _obj(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise ValueError(f"{where}: expected an object")
    return {str(k): v for k, v in value.items()}


def _str(obj: dict[str, object], key: str, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"{where}: {key!r} must be a non-empty string")
    return value


def _opt_str(obj: dict[str, object], key: str, where: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    return _str(obj, key, where)


def _strs(obj: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    value = obj.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ValueError(f"{where}: {key!r} must be a list of strings")
    return tuple(str(v) for v in value)


def _time(text: str, where: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{where}: time {text!r} lacks a UTC offset")
    return moment


def _list(name: str) -> list[object]:
    raw: object = json.loads(data_dir().joinpath(name).read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise ValueError(f"{name}: expected a list")
    return raw


@cache
def load_outlets() -> tuple[DemoOutlet, ...]:
    """All fictional outlets, in file order."""
    outlets: list[DemoOutlet] = []
    for index, item in enumerate(_list("outlets.json")):
        where = f"outlets.json[{index}]"
        obj = _obj(item, where)
        outlet = DemoOutlet(
            slug=_str(obj, "slug", where),
            name=_str(obj, "name", where),
            style=_str(obj, "style", where),
            charset=_str(obj, "charset", where),
            email_domain=_str(obj, "email_domain", where),
        )
        if outlet.style not in STYLES:
            raise ValueError(f"{where}: unknown style {outlet.style!r}")
        outlets.append(outlet)
    return tuple(outlets)


def _photo(item: object, where: str) -> DemoPhoto:
    obj = _obj(item, where)
    before = obj.get("before_paragraph")
    if not isinstance(before, int) or isinstance(before, bool) or before < 0:
        raise ValueError(f"{where}: 'before_paragraph' must be a non-negative integer")
    return DemoPhoto(
        file=_str(obj, "file", where),
        caption=_str(obj, "caption", where),
        credit=_str(obj, "credit", where),
        before_paragraph=before,
    )


def _article(item: object, where: str) -> DemoArticle:
    obj = _obj(item, where)
    photos = obj.get("photos")
    if not isinstance(photos, list):
        raise ValueError(f"{where}: 'photos' must be a list")
    updated = _opt_str(obj, "updated", where)
    return DemoArticle(
        id=_str(obj, "id", where),
        outlet=_str(obj, "outlet", where),
        section=_str(obj, "section", where),
        title=_str(obj, "title", where),
        labels=_strs(obj, "labels", where),
        authors=_strs(obj, "authors", where),
        byline=_str(obj, "byline", where),
        published=_time(_str(obj, "published", where), where),
        updated=None if updated is None else _time(updated, where),
        paragraphs=_strs(obj, "paragraphs", where),
        photos=tuple(_photo(p, f"{where}.photos[{i}]") for i, p in enumerate(photos)),
        story=_opt_str(obj, "story", where),
        wire_of=_opt_str(obj, "wire_of", where),
    )


@cache
def load_articles() -> tuple[DemoArticle, ...]:
    """All fictional articles, in file order."""
    slugs = {outlet.slug for outlet in load_outlets()}
    articles: list[DemoArticle] = []
    for index, item in enumerate(_list("articles.json")):
        where = f"articles.json[{index}]"
        article = _article(item, where)
        if article.outlet not in slugs:
            raise ValueError(f"{where}: unknown outlet {article.outlet!r}")
        if article.section not in SECTIONS:
            raise ValueError(f"{where}: unknown section {article.section!r}")
        if unknown := set(article.labels) - set(LABELS):
            raise ValueError(f"{where}: unknown labels {sorted(unknown)}")
        articles.append(article)
    return tuple(articles)


def outlet_by_slug(slug: str) -> DemoOutlet | None:
    return next((o for o in load_outlets() if o.slug == slug), None)
