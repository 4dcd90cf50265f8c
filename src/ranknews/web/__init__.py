"""The board's web app: server-rendered pages on Starlette with Jinja2."""

from __future__ import annotations

from ranknews.web.app import create_app

__all__ = ["create_app"]
