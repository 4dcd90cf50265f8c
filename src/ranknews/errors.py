"""Every exception ranknews raises on purpose, in one hierarchy::

RanknewsError                 base class; catch this to catch them all
├── ConfigError               a setting or the config file is wrong
├── StoreError                the database refused or failed an operation
│   ├── MigrationError        the schema cannot be brought to the current version
│   └── NotFound              the row asked for does not exist
└── InvalidInput              a caller gave a value outside what the operation accepts
                              (the web layer turns it into a 400 page)
"""

from __future__ import annotations

__all__ = [
    "BlockedAddress",
    "ConfigError",
    "ExtractionError",
    "FetchError",
    "FetchTimeout",
    "HTTPStatusError",
    "InvalidInput",
    "MigrationError",
    "NotFound",
    "ParseError",
    "RanknewsError",
    "ResponseTooLarge",
    "RetryLater",
    "RobotsDisallowed",
    "StoreError",
    "TooManyRedirects",
]


class RanknewsError(Exception):
    """Base class of every error ranknews raises on purpose."""


class ConfigError(RanknewsError):
    """A setting or the configuration file is wrong."""


class StoreError(RanknewsError):
    """The database refused or failed an operation."""


class MigrationError(StoreError):
    """The schema cannot be brought to the current version."""


class NotFound(StoreError):
    """The row asked for does not exist."""


class InvalidInput(RanknewsError):
    """A value outside what the operation accepts."""


class FetchError(RanknewsError):
    """An address could not be fetched."""

    def __init__(self, message: str, *, url: str = "") -> None:
        super().__init__(message)
        self.url = url


class BlockedAddress(FetchError):
    """The address is not public and the operator did not allow it."""


class ResponseTooLarge(FetchError):
    """The body passed the size cap (counted after decompression)."""


class TooManyRedirects(FetchError):
    """More redirects than allowed."""


class FetchTimeout(FetchError):
    """Connect, read or total time ran out."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, *, url: str = "", status: int) -> None:
        super().__init__(message, url=url)
        self.status = status


class RetryLater(HTTPStatusError):
    """429 or 503: the server asks to come back after ``retry_after`` seconds."""

    def __init__(self, message: str, *, url: str = "", status: int, retry_after: float) -> None:
        super().__init__(message, url=url, status=status)
        self.retry_after = retry_after


class RobotsDisallowed(FetchError):
    """robots.txt forbids the address for our user agent."""


class ParseError(RanknewsError):
    """A feed, sitemap or OPML document cannot be read."""


class ExtractionError(RanknewsError):
    """A page holds no article that can be extracted."""
