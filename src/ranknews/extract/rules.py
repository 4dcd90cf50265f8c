"""Declarative per-outlet rules (``rules/*.toml``) that override the generic extraction.

A rule file names the hosts (and optionally a path prefix) it applies to, and CSS or XPath
selectors for the parts the generic path gets wrong::

    outlet = "동녘신문"
    hosts = ["dongnyeok.example"]
    path_prefix = "/news/"
    title_suffixes = ['\\s*\\|\\s*동녘신문$']     # regular expressions, removed from titles

    [selectors]
    title = "td.view_title"
    body = "#articleText"                       # its text replaces trafilatura's body
    byline = "p.reporter"
    dates = "td.view_date"                      # text holding 입력/수정 times
    section = "td.sub_title"
    photos = "#articleText table"               # one element per photo
    caption = "td.img_caption"                  # inside each photo element
    remove = [".ad", "#relatedNews"]            # dropped before anything else

Selectors starting with ``/``, ``./`` or ``(`` are XPath; anything else is CSS (type,
``#id``, ``.class``, ``[attr]``, ``[attr=v]``, ``[attr^=v]``, ``[attr*=v]``, ``[attr$=v]``,
descendant and ``>`` child combinators, ``,`` groups).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from ranknews.errors import ConfigError
from ranknews.extract.dom import Node, text_of

__all__ = [
    "Rule",
    "RuleBook",
    "Selector",
    "css_to_xpath",
    "default_rules",
    "load_rules",
]

_SELECTOR_KEYS: Final = frozenset(
    {"title", "body", "byline", "dates", "section", "photos", "caption", "remove"}
)
_TOP_KEYS: Final = frozenset({"outlet", "hosts", "path_prefix", "title_suffixes", "selectors"})
_TOKEN: Final = re.compile(
    r"""
    (?P<ws>\s*>\s*|\s+)
    |(?P<tag>[a-zA-Z][\w-]*|\*)
    |\#(?P<id>[\w-]+)
    |\.(?P<cls>[\w-]+)
    |\[\s*(?P<attr>[\w:-]+)\s*(?:(?P<op>[~^$*|]?=)\s*(?P<val>"[^"]*"|'[^']*'|[^\]\s]+)\s*)?\]
    """,
    re.VERBOSE,
)


def _literal(value: str) -> str:
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    parts = value.split("'")
    return "concat(" + ', "\'", '.join(f"'{p}'" for p in parts) + ")"


def _one_css(selector: str) -> str:
    steps: list[str] = []
    current_tag = ""
    predicates: list[str] = []
    axis = "descendant-or-self::"
    position = 0
    text = selector.strip()

    def close_step() -> None:
        nonlocal current_tag, predicates
        if current_tag or predicates:
            steps.append(axis + (current_tag or "*") + "".join(f"[{p}]" for p in predicates))
        current_tag, predicates = "", []

    while position < len(text):
        found = _TOKEN.match(text, position)
        if found is None:
            raise ValueError(f"unsupported CSS selector {selector!r} at {text[position:]!r}")
        position = found.end()
        if found["ws"] is not None:
            close_step()
            axis = "/" if ">" in found["ws"] else "//"
            continue
        if found["tag"]:
            current_tag = "*" if found["tag"] == "*" else found["tag"].lower()
        elif found["id"]:
            predicates.append(f"@id={_literal(found['id'])}")
        elif found["cls"]:
            wanted = _literal(" " + found["cls"] + " ")
            predicates.append(f"contains(concat(' ', normalize-space(@class), ' '), {wanted})")
        elif found["attr"]:
            name = found["attr"]
            if found["op"] is None:
                predicates.append(f"@{name}")
                continue
            value = found["val"].strip("'\"")
            op = found["op"]
            lit = _literal(value)
            predicates.append(
                {
                    "=": f"@{name}={lit}",
                    "~=": f"contains(concat(' ', normalize-space(@{name}), ' '), "
                    f"{_literal(' ' + value + ' ')})",
                    "^=": f"starts-with(@{name}, {lit})",
                    "*=": f"contains(@{name}, {lit})",
                    "$=": f"substring(@{name}, string-length(@{name}) - {len(value) - 1})={lit}",
                    "|=": f"(@{name}={lit} or starts-with(@{name}, {_literal(value + '-')}))",
                }[op]
            )
    close_step()
    if not steps:
        raise ValueError(f"empty CSS selector {selector!r}")
    return "".join(steps)


def css_to_xpath(selector: str) -> str:
    """Translate the supported CSS subset into an XPath expression."""
    return " | ".join(_one_css(part) for part in selector.split(",") if part.strip())


@dataclass(frozen=True, slots=True)
class Selector:
    """A compiled CSS or XPath selector."""

    source: str
    xpath: etree.XPath

    @classmethod
    def compile(cls, source: str) -> Selector:
        text = source.strip()
        expression = text if text.startswith(("/", "./", "(")) else css_to_xpath(text)
        try:
            return cls(source, etree.XPath(expression))
        except etree.XPathSyntaxError as exc:
            raise ValueError(f"bad selector {source!r}: {exc}") from exc

    def select(self, node: Node) -> list[Node]:
        found = self.xpath(node)
        return [n for n in found if isinstance(getattr(n, "tag", None), str)]

    def first(self, node: Node) -> Node:
        found = self.select(node)
        return found[0] if found else None

    def text(self, node: Node) -> str:
        return " ".join(t for t in (text_of(n) for n in self.select(node)) if t)


@dataclass(frozen=True, slots=True)
class Rule:
    """One outlet's overrides."""

    name: str
    hosts: tuple[str, ...]
    path_prefix: str = ""
    outlet: str = ""
    title_suffixes: tuple[re.Pattern[str], ...] = ()
    title: Selector | None = None
    body: Selector | None = None
    byline: Selector | None = None
    dates: Selector | None = None
    section: Selector | None = None
    photos: Selector | None = None
    caption: Selector | None = None
    remove: tuple[Selector, ...] = ()

    def matches(self, host: str, path: str) -> bool:
        return any(host == h or host.endswith("." + h) for h in self.hosts) and path.startswith(
            self.path_prefix or "/"
        )


@dataclass(frozen=True, slots=True)
class RuleBook:
    """All loaded rules; :meth:`match` picks the most specific one for a URL."""

    rules: tuple[Rule, ...] = ()

    def match(self, url: str) -> Rule | None:
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower().removeprefix("www.")
        except ValueError:
            return None
        path = parts.path or "/"
        candidates = [rule for rule in self.rules if rule.matches(host, path)]
        if not candidates:
            return None
        return max(candidates, key=lambda rule: len(rule.path_prefix))

    def __len__(self) -> int:
        return len(self.rules)


def _strings(value: object, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(str(v) for v in value)
    raise ConfigError(f"{where}: {key!r} must be a string or a list of strings")


def _rule(name: str, data: dict[str, object], where: str) -> Rule:
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    hosts = tuple(
        h.lower().removeprefix("www.") for h in _strings(data.get("hosts"), where, "hosts")
    )
    if not hosts:
        raise ConfigError(f"{where}: 'hosts' must not be empty")
    prefix = data.get("path_prefix", "")
    outlet = data.get("outlet", "")
    if not isinstance(prefix, str) or not isinstance(outlet, str):
        raise ConfigError(f"{where}: 'path_prefix' and 'outlet' must be strings")
    try:
        suffixes = tuple(
            re.compile(p) for p in _strings(data.get("title_suffixes", []), where, "title_suffixes")
        )
    except re.error as exc:
        raise ConfigError(f"{where}: bad title_suffixes pattern: {exc}") from exc
    raw = data.get("selectors", {})
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: [selectors] must be a table")
    unknown = set(raw) - _SELECTOR_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown selectors {sorted(unknown)}")
    selectors: dict[str, Selector | None] = {}
    removes: tuple[Selector, ...] = ()
    try:
        for key, value in raw.items():
            if key == "remove":
                removes = tuple(Selector.compile(v) for v in _strings(value, where, key))
            elif isinstance(value, str):
                selectors[key] = Selector.compile(value)
            else:
                raise ConfigError(f"{where}: selector {key!r} must be a string")
    except ValueError as exc:
        raise ConfigError(f"{where}: {exc}") from exc
    return Rule(
        name=name,
        hosts=hosts,
        path_prefix=prefix,
        outlet=outlet,
        title_suffixes=suffixes,
        title=selectors.get("title"),
        body=selectors.get("body"),
        byline=selectors.get("byline"),
        dates=selectors.get("dates"),
        section=selectors.get("section"),
        photos=selectors.get("photos"),
        caption=selectors.get("caption"),
        remove=removes,
    )


def _load(sources: Iterable[tuple[str, str]]) -> RuleBook:
    rules: list[Rule] = []
    for name, text in sources:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{name}: {exc}") from exc
        rules.append(_rule(name.removesuffix(".toml"), data, name))
    return RuleBook(tuple(rules))


def load_rules(directory: Path | None = None) -> RuleBook:
    """The rules in ``directory`` (``*.toml``); the bundled rules when ``None``.

    Raises :class:`ranknews.errors.ConfigError` for an unreadable or invalid file."""
    if directory is None:
        return default_rules()
    paths = sorted(Path(directory).glob("*.toml"))
    return _load((p.name, p.read_text(encoding="utf-8")) for p in paths)


@cache
def default_rules() -> RuleBook:
    """The rule files shipped in ``ranknews/extract/rules/`` (loaded once)."""
    folder = files("ranknews.extract").joinpath("rules")
    entries = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".toml")),
        key=lambda entry: entry.name,
    )
    return _load((entry.name, entry.read_text(encoding="utf-8")) for entry in entries)
