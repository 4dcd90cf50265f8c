"""Sparklines as inline SVG, drawn on the server: no script, no image request.

The drawing is a fixed viewBox of 120 by 28: a filled area under a polyline, a dot on the last
point, and optionally a light band behind the series' last part (the trend window). Numbers are
written with at most one decimal and no trailing zeros, so equal series give equal bytes. The
only text is the accessible name (``role="img"`` with ``aria-label``), escaped. Colours come
from presentation attributes (``currentColor``), so the page's CSS only has to set ``color``;
the project's Content-Security-Policy allows no inline ``style``.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from markupsafe import Markup

__all__ = ["HEIGHT", "WIDTH", "sparkline"]

WIDTH = 120
HEIGHT = 28
_PAD = 2.0


def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def sparkline(values: Sequence[int], *, label: str, band: float = 0.0) -> Markup:
    """An ``<svg>`` of ``values`` (counts, at least one) whose accessible name is
    ``"{label}: 최저 {min}, 최고 {max}"``; ``band`` (0..1) shades that share of the width from
    the right."""
    if not values:
        raise ValueError("a sparkline needs at least one value")
    if any(v < 0 for v in values):
        raise ValueError("sparkline values must not be negative")
    low, high = min(values), max(values)
    n = len(values)
    inner_w = WIDTH - 2 * _PAD
    inner_h = HEIGHT - 2 * _PAD
    bottom = HEIGHT - _PAD
    scale = inner_h / high if high > 0 else 0.0
    step = inner_w / (n - 1) if n > 1 else 0.0
    xs = [_PAD + i * step if n > 1 else WIDTH / 2 for i in range(n)]
    ys = [bottom - v * scale for v in values]
    line = " ".join(f"{_num(x)},{_num(y)}" for x, y in zip(xs, ys, strict=True))
    if n == 1:  # one point: a flat line across
        line = f"{_num(_PAD)},{_num(ys[0])} {_num(WIDTH - _PAD)},{_num(ys[0])}"
    first_x, last_x = (xs[0], xs[-1]) if n > 1 else (_PAD, WIDTH - _PAD)
    area = f"{_num(first_x)},{_num(bottom)} {line} {_num(last_x)},{_num(bottom)}"
    name = escape(f"{label}: 최저 {low}, 최고 {high}", quote=True)
    parts = [
        f'<svg class="sparkline" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}"'
        f' height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{name}">'
    ]
    band = min(max(band, 0.0), 1.0)
    if band > 0:
        band_w = inner_w * band
        parts.append(
            f'<rect class="spark-band" x="{_num(WIDTH - _PAD - band_w)}" y="0"'
            f' width="{_num(band_w)}" height="{HEIGHT}" fill="currentColor" fill-opacity="0.07"/>'
        )
    parts.append(
        f'<polygon class="spark-area" points="{area}" fill="currentColor" fill-opacity="0.18"/>'
    )
    parts.append(
        f'<polyline class="spark-line" points="{line}" fill="none" stroke="currentColor"'
        ' stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>'
    )
    parts.append(
        f'<circle class="spark-dot" cx="{_num(xs[-1] if n > 1 else WIDTH - _PAD)}"'
        f' cy="{_num(ys[-1])}" r="2" fill="currentColor"/>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
