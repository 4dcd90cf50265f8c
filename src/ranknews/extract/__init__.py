"""Article page → clean article: title and labels, body text and sanitized HTML, byline and
authors, KST times, outlet, section, canonical URL and photos with captions and credits.

``extract(html, url)`` runs trafilatura 2.3.1 for the body, completes it from JSON-LD or
script JSON (``__NEXT_DATA__``) when the HTML body is thin, and applies the per-outlet rule
files in ``rules/`` where an outlet needs them (``load_rules``).
"""

from __future__ import annotations

from ranknews.errors import ExtractionError
from ranknews.extract.article import Extracted, extract
from ranknews.extract.rules import Rule, RuleBook, load_rules

__all__ = [
    "Extracted",
    "ExtractionError",
    "Rule",
    "RuleBook",
    "extract",
    "load_rules",
]
