"""What a successful fetch returns."""

from __future__ import annotations

from dataclasses import dataclass

from ranknews.fetch.charset import decode_body

__all__ = ["FetchResult"]


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A 2xx or 304 response, its body read in full (decompressed, within the size cap)."""

    url: str  # final URL after redirects
    status: int  # 200..299, or 304
    not_modified: bool  # True on 304: no further work
    content: bytes  # decompressed body (b"" on 304)
    content_type: str  # media type without parameters, lower-case ("" if absent)
    charset: str | None  # charset parameter of Content-Type, if any
    etag: str | None
    last_modified: str | None

    @property
    def content_type_header(self) -> str | None:
        """The Content-Type as far as it matters for decoding (media type and charset)."""
        if self.charset:
            return f"{self.content_type}; charset={self.charset}"
        return self.content_type or None

    def text(self) -> str:
        """The body as text; see :func:`ranknews.fetch.charset.decode_body`."""
        return decode_body(self.content, self.content_type_header)[0]
