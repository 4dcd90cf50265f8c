"""Plain ASGI middleware: refuse oversized query strings, add security headers."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["GuardMiddleware"]

_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' http: https:; style-src 'self'; "
        b"script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'",
    ),
]

_TOO_LONG = (
    '<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>잘못된 요청</title>'
    "</head><body><main><h1>잘못된 요청</h1><p>주소가 너무 깁니다.</p></main></body></html>"
).encode()


class GuardMiddleware:
    def __init__(self, app: ASGIApp, *, max_query_length: int) -> None:
        self.app = app
        self.max_query_length = max_query_length

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > self.max_query_length:
            await send(
                {
                    "type": "http.response.start",
                    "status": 400,
                    "headers": [
                        (b"content-type", b"text/html; charset=utf-8"),
                        (b"content-length", str(len(_TOO_LONG)).encode()),
                        *_HEADERS,
                    ],
                }
            )
            await send({"type": "http.response.body", "body": _TOO_LONG})
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)
