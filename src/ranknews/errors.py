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
    "ConfigError",
    "InvalidInput",
    "MigrationError",
    "NotFound",
    "RanknewsError",
    "StoreError",
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
