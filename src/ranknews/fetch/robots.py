"""robots.txt: loaded once per origin, cached, and asked before article pages are fetched.

The rules come from :class:`urllib.robotparser.RobotFileParser` (``parse(lines)``), matched on
our user-agent token, the part of ``Settings.user_agent`` before the ``/``. What the file's
status means, as crawlers commonly treat it:

* 2xx: its rules, cached for :data:`ROBOTS_TTL`;
* 401 or 403: everything disallowed, cached for :data:`ROBOTS_TTL`;
* any other 4xx (404, 410, ...): everything allowed, cached for :data:`ROBOTS_TTL`;
* 429, 5xx, or not reachable at all: everything allowed, but only for
  :data:`ROBOTS_ERROR_TTL`, so the file is asked for again soon.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

import httpx

__all__ = [
    "ROBOTS_ERROR_TTL",
    "ROBOTS_MAX_BYTES",
    "ROBOTS_TTL",
    "RobotsAnswer",
    "RobotsCache",
    "RobotsRules",
    "robots_agent",
    "robots_url",
    "rules_from_answer",
]

ROBOTS_TTL = 3600.0
ROBOTS_ERROR_TTL = 60.0
ROBOTS_MAX_BYTES = 512 * 1024
"""robots.txt is read up to this size; the rest is ignored."""


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """What loading robots.txt gave: the status (``None`` if it failed) and the text."""

    status: int | None
    text: str = ""


RobotsLoader = Callable[[str], RobotsAnswer]


class RobotsRules:
    """The rules of one robots.txt: allow everything, disallow everything, or parsed rules."""

    def __init__(self, parser: RobotFileParser | None = None, *, allow: bool = True) -> None:
        self._parser = parser
        self._allow = allow

    @classmethod
    def parse(cls, text: str) -> RobotsRules:
        parser = RobotFileParser()
        parser.parse(text.lstrip("\ufeff").splitlines())
        return cls(parser)

    def allows(self, agent: str, url: str) -> bool:
        if self._parser is None:
            return self._allow
        return self._parser.can_fetch(agent, url)


def robots_agent(user_agent: str) -> str:
    """The token robots.txt groups are matched on: the user agent up to its first ``/``."""
    return user_agent.split("/", 1)[0].strip() or "*"


def robots_url(url: httpx.URL) -> str:
    """``scheme://host[:port]/robots.txt`` for the origin of ``url``."""
    return str(url.copy_with(path="/robots.txt", query=None, fragment=None, userinfo=b""))


def rules_from_answer(answer: RobotsAnswer) -> tuple[RobotsRules, float]:
    """The rules a robots.txt answer stands for, and how long to keep them."""
    status = answer.status
    if status is None or status == 429 or status >= 500:
        return RobotsRules(allow=True), ROBOTS_ERROR_TTL
    if 200 <= status < 300:
        return RobotsRules.parse(answer.text), ROBOTS_TTL
    if status in (401, 403):
        return RobotsRules(allow=False), ROBOTS_TTL
    return RobotsRules(allow=True), ROBOTS_TTL


@dataclass(slots=True)
class _Entry:
    rules: RobotsRules
    expires: float


class RobotsCache:
    """robots.txt rules per origin (scheme, host, port); one load per origin at a time."""

    def __init__(
        self,
        agent: str,
        loader: RobotsLoader,
        *,
        clock: Callable[[], float],
    ) -> None:
        self.agent = agent
        self._loader = loader
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str, int | None], _Entry] = {}
        self._loading: dict[tuple[str, str, int | None], threading.Lock] = {}

    def _cached(self, key: tuple[str, str, int | None]) -> RobotsRules | None:
        entry = self._entries.get(key)
        if entry is not None and entry.expires > self._clock():
            return entry.rules
        return None

    def rules_for(self, url: httpx.URL) -> RobotsRules:
        key = (url.scheme, url.host, url.port)
        with self._lock:
            rules = self._cached(key)
            if rules is not None:
                return rules
            loading = self._loading.setdefault(key, threading.Lock())
        with loading:
            with self._lock:
                rules = self._cached(key)
            if rules is not None:
                return rules
            rules, ttl = rules_from_answer(self._loader(robots_url(url)))
            with self._lock:
                self._entries[key] = _Entry(rules, self._clock() + ttl)
            return rules

    def allowed(self, url: httpx.URL) -> bool:
        """Whether our agent may fetch ``url`` (loads the origin's robots.txt if needed)."""
        return self.rules_for(url).allows(self.agent, str(url))
