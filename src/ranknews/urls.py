"""Article addresses: cleaning them for storage and reducing them to an identity key.

``clean_url`` keeps a working address: lower-case scheme and host, no default port, no
fragment, no tracking parameters. ``url_key`` goes further, for deciding that two addresses
name the same article: it also drops the scheme, ``www.``/``m.``/``mobile.``/``amp.`` host
prefixes, AMP path and query forms, and a trailing slash.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["TRACKING_PARAMETERS", "clean_url", "url_key"]

TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "ref", "ref_src", "ref_url", "cmpid", "spm",
        "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "rss", "rssfeed",
        "feed", "share", "sns", "utm",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmb_", "vero_")
_AMP_QUERY = {"amp", "outputtype", "output"}
_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.")


def _keep(name: str) -> bool:
    lowered = name.lower()
    return lowered not in TRACKING_PARAMETERS and not lowered.startswith(_TRACKING_PREFIXES)


def clean_url(url: str) -> str:
    """A working address without fragment, default port and tracking parameters."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    if (scheme, port) in {("http", 80), ("https", 443)}:
        port = None
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keep(k)]
    )
    return urlunsplit((scheme, _netloc(host, port), parts.path or "/", query, ""))


def _netloc(host: str, port: int | None) -> str:
    shown = f"[{host}]" if ":" in host else host
    return shown if port is None else f"{shown}:{port}"


def url_key(url: str) -> str:
    """The identity of an article address: equal keys name the same article."""
    parts = urlsplit(clean_url(url))
    host, port = parts.hostname or "", parts.port
    changed = True
    while changed:
        changed = False
        for prefix in _HOST_PREFIXES:
            if host.startswith(prefix) and host.count(".") > 1:
                host, changed = host[len(prefix) :], True
    path = parts.path
    for suffix in ("/amp", "/amp/", ".amp", "/amp.html"):
        if path.endswith(suffix):
            path = path[: -len(suffix)] or "/"
            break
    if path.startswith("/amp/"):
        path = path[4:]
    path = path.rstrip("/") or "/"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k.lower() not in _AMP_QUERY or v.lower() not in {"", "1", "amp", "true"}
        )
    )
    return f"//{_netloc(host, port)}{path}" + (f"?{query}" if query else "")
