"""What ingestion learns about an article before storing it: copy fingerprint and keywords.

:class:`Analyzer` runs in the crawl process (in its fetch threads), never in the web process:

- the MinHash :class:`~ranknews.dedupe.Signature` of the body (``ranknews.dedupe``) and its LSH
  band keys, with which the store finds the post this article may be a wire copy of;
- story keywords: the nouns of the title (weight 2) and of the lead (weight 1 per mention),
  proper nouns and Latin words such as ``AI`` counted one and a half times, the strongest
  :data:`MAX_KEYWORDS` kept; the store weights them by rarity when it compares posts;
- trend nouns: the distinct nouns of the title and the proper nouns and Latin words of the
  lead (a lead's common nouns — 시작, 기록, 영상 — said little of what was news), counted per
  hour by the store.

Only the first ``keyword_body_chars`` characters of the body are tokenized (datelines, bylines,
copyright and caption lines removed first): Korean leads carry who, what and where, and the
tokenizer's cost grows with the text.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from ranknews.dedupe import Signature, article_text, band_keys, signature
from ranknews.dedupe.normalize import body_lines
from ranknews.nouns import NounTagger, tagger_for

__all__ = ["MAX_KEYWORDS", "Analysis", "Analyzer", "keywords_from_json", "keywords_to_json"]

MAX_KEYWORDS = 24
TITLE_WEIGHT = 2.0
LEAD_WEIGHT = 1.0
PROPER_FACTOR = 1.5


@dataclass(frozen=True, slots=True)
class Analysis:
    signature: Signature
    bands: tuple[int, ...]
    keywords: dict[str, float]
    nouns: tuple[str, ...]


class Analyzer:
    """Analyses articles; one per process, shared by threads (the tagger serialises itself)."""

    def __init__(
        self, *, body_chars: int = 600, tokenizer: str = "mecab", tagger: NounTagger | None = None
    ) -> None:
        self.body_chars = body_chars
        self.tagger = tagger if tagger is not None else tagger_for(tokenizer)

    def analyze(self, title: str, body: str) -> Analysis:
        sig = signature(article_text(title, body))
        lead = _lead(body, self.body_chars)
        weights: defaultdict[str, float] = defaultdict(float)
        seen: list[str] = []
        for text, weight in ((title, TITLE_WEIGHT), (lead, LEAD_WEIGHT)):
            for noun in self.tagger.nouns(text):
                weights[noun.form] += weight * (PROPER_FACTOR if noun.proper else 1.0)
                # Trend nouns: what a headline names, and the names in the lead.
                if (weight == TITLE_WEIGHT or noun.proper) and noun.form not in seen:
                    seen.append(noun.form)
        strongest = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_KEYWORDS]
        return Analysis(
            signature=sig,
            bands=tuple(band_keys(sig)),
            keywords={term: round(weight, 3) for term, weight in strongest},
            nouns=tuple(seen),
        )


def _lead(body: str, chars: int) -> str:
    """The first ``chars`` characters of the report's own lines (dateline, byline, copyright
    and caption lines left out)."""
    out: list[str] = []
    used = 0
    for line in body_lines(body):
        if used >= chars:
            break
        out.append(line[: chars - used])
        used += len(out[-1]) + 1
    return "\n".join(out)


def keywords_to_json(keywords: dict[str, float]) -> str:
    return json.dumps(keywords, ensure_ascii=False, sort_keys=True)


def keywords_from_json(data: str) -> dict[str, float]:
    loaded = json.loads(data)
    if not isinstance(loaded, dict):
        raise ValueError("keywords must be a JSON object")
    return {str(k): float(v) for k, v in loaded.items()}
