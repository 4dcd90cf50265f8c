"""Wire copies and stories: where a new article goes, and what the pages show of them.

At ingestion, inside the article's own transaction (see :meth:`ContentStore.save_article`):

1. :meth:`StoryStore.find_copy` — the article's LSH band keys are looked up in
   ``dedupe_bands`` among posts and wire copies published within ``dedupe_window_hours`` of
   it; each candidate's stored signature is compared (estimated Jaccard and containment); the
   best one at or above the thresholds of :class:`~ranknews.dedupe.NearDuplicateIndex` makes
   the article a *wire copy* of that post, or of the post that copy is listed under
   (:meth:`add_copy`): stored and listed under the post (같은 기사), never a post of its own. A
   copy's signature and band keys are stored too, so that a copy of an edited copy (a further
   cut lead, an added (종합) paragraph) is found although it no longer matches the post.
2. Otherwise the article becomes a post and :meth:`place_post` stores its signature and band
   keys and puts it in a story: its keywords are looked up in ``story_terms`` among posts within
   ``story_window_hours``; the stories of posts sharing two or more keywords are candidates
   (the :data:`MAX_STORIES` sharing most). A post's keyword vector weighs each keyword by
   ``log(1 + posts / docs)`` (rarer words weigh more; document frequencies of the moment it
   arrived, stored with it in ``story_posts.keywords``). Each candidate story's posts in the
   window (the :data:`MAX_MEMBERS` nearest in time) make its centroid — their vectors scaled
   to length one and summed; the post joins the story whose centroid is most similar (cosine)
   at or above ``story_threshold``, or starts a new story. The centroid rather than the
   closest single post: a follow-up shares the story's names spread over several reports, and
   one shared generic word (반도체, 투자) with one post is not enough. Stories are never merged
   later.

Both look-ups are bounded by the time window through the indexes (``(band_key, published_at)``
and ``(term, published_at)``), so their cost follows how many posts a window holds, not how
many the board holds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, text

from ranknews.analysis import Analysis, keywords_from_json, keywords_to_json
from ranknews.dedupe import DEFAULT_CONTAINMENT, DEFAULT_THRESHOLD, Signature
from ranknews.store.engine import Engines, utc
from ranknews.store.schema import timed_sql

__all__ = ["CopyView", "PostStory", "StoryArticle", "StoryStore", "StorySummary"]

MAX_COPY_CANDIDATES = 50
MAX_STORY_CANDIDATES = 50
# Of the candidate posts' stories, the ones compared (most shared keywords first), and the posts
# of each that make its centroid: they bound the work per new post, whatever the board's size.
MAX_STORIES = 12
MAX_MEMBERS = 12
LOOKUP_TERMS = 12


_BAND_CANDIDATES = timed_sql(
    "SELECT article_id, count(*) AS hits FROM dedupe_bands"
    " WHERE band_key IN :keys AND published_at BETWEEN :lo AND :hi"
    " GROUP BY article_id ORDER BY hits DESC, article_id LIMIT :limit",
    times=("lo", "hi"),
    lists=("keys",),
)
# A candidate is a post or a wire copy; either way the post it belongs to.
_SIGNATURES = text(
    "SELECT s.article_id, s.signature, COALESCE(p.number, w.post_number) AS number"
    " FROM article_signatures s"
    " LEFT JOIN posts p ON p.article_id = s.article_id"
    " LEFT JOIN wire_copies w ON w.article_id = s.article_id"
    " WHERE s.article_id IN :ids AND (p.number IS NOT NULL OR w.post_number IS NOT NULL)"
).bindparams(bindparam("ids", expanding=True))
_TERM_CANDIDATES = timed_sql(
    "SELECT post_number, count(*) AS hits FROM story_terms"
    " WHERE term IN :terms AND published_at BETWEEN :lo AND :hi"
    " GROUP BY post_number HAVING count(*) >= 2"
    " ORDER BY hits DESC, post_number DESC LIMIT :limit",
    times=("lo", "hi"),
    lists=("terms",),
)
_CANDIDATE_STORIES = text(
    "SELECT sp.post_number, sp.story_id FROM story_posts sp"
    " JOIN posts p ON p.number = sp.post_number"
    " WHERE sp.post_number IN :numbers AND p.hidden = false"
).bindparams(bindparam("numbers", expanding=True))
# The keywords of candidate stories' posts near the new one, the nearest in time first, at most
# :members a story (index story_posts_story).
_STORY_KEYWORDS = timed_sql(
    "SELECT story_id, keywords FROM (SELECT story_id, keywords, ROW_NUMBER() OVER"
    " (PARTITION BY story_id ORDER BY published_at DESC, post_number DESC) AS nearest"
    " FROM story_posts WHERE story_id IN :stories AND published_at BETWEEN :lo AND :hi) m"
    " WHERE nearest <= :members",
    times=("lo", "hi"),
    lists=("stories",),
)
_ADD_COPY = timed_sql(
    "INSERT INTO wire_copies (article_id, post_number, score, found_at) VALUES (:a, :n, :s, :t)",
    times=("t",),
)
_ADD_BANDS = timed_sql(
    "INSERT INTO dedupe_bands (band_key, published_at, article_id) VALUES (:k, :p, :a)"
    " ON CONFLICT DO NOTHING",
    times=("p",),
)
_NEW_STORY = timed_sql(
    "INSERT INTO stories (first_post, title, started_at, updated_at, posts, articles, outlets)"
    " VALUES (:n, :t, :p, :p, 1, 1, 1) RETURNING id",
    times=("p",),
)
_JOIN_STORY = timed_sql(
    "UPDATE stories SET posts = posts + 1, articles = articles + 1,"
    " updated_at = CASE WHEN updated_at < :p THEN :p ELSE updated_at END WHERE id = :s",
    times=("p",),
)
_COPY_JOINS = timed_sql(
    "UPDATE stories SET articles = articles + 1,"
    " updated_at = CASE WHEN updated_at < :p THEN :p ELSE updated_at END WHERE id = :s",
    times=("p",),
)
_EARLIER_FIRST = timed_sql(  # an earlier report found later becomes the story's first
    "UPDATE stories SET first_post = :n, title = :t, started_at = :p"
    " WHERE id = :s AND started_at > :p",
    times=("p",),
)
_ADD_STORY_POST = timed_sql(
    "INSERT INTO story_posts (post_number, story_id, published_at, keywords)"
    " VALUES (:n, :s, :p, :k)",
    times=("p",),
)
_ADD_TERMS = timed_sql(
    "INSERT INTO story_terms (term, published_at, post_number) VALUES (:t, :p, :n)"
    " ON CONFLICT DO NOTHING",
    times=("p",),
)
_DOCS = text("SELECT term, docs FROM term_docs WHERE term IN :terms").bindparams(
    bindparam("terms", expanding=True)
)
_ADD_DOC = text(
    "INSERT INTO term_docs (term, docs) VALUES (:term, 1)"
    " ON CONFLICT (term) DO UPDATE SET docs = term_docs.docs + 1"
)
_POSTS_COUNT = text("SELECT value FROM counters WHERE name = 'board'")
_STORY_OUTLETS = text(
    "SELECT count(*) FROM ("
    " SELECT a.outlet_id FROM story_posts sp JOIN posts p ON p.number = sp.post_number"
    " JOIN articles a ON a.id = p.article_id WHERE sp.story_id = :story"
    " UNION"
    " SELECT a.outlet_id FROM story_posts sp JOIN wire_copies w ON w.post_number = sp.post_number"
    " JOIN articles a ON a.id = w.article_id WHERE sp.story_id = :story) o"
)
_STORY_OF = text("SELECT story_id FROM story_posts WHERE post_number = :number")

# Reads for the pages.
_COPIES = text(
    "SELECT a.id, o.name, a.title, a.url, a.published_at, w.score"
    " FROM wire_copies w JOIN articles a ON a.id = w.article_id"
    " JOIN outlets o ON o.id = a.outlet_id WHERE w.post_number = :number"
    " ORDER BY a.published_at, a.id"
)
_POST_REPORT = text(
    "SELECT o.name, a.title, a.url, a.published_at FROM posts p"
    " JOIN articles a ON a.id = p.article_id JOIN outlets o ON o.id = a.outlet_id"
    " WHERE p.number = :number"
)
_STORY = text(
    "SELECT id, first_post, title, started_at, updated_at, posts, articles, outlets"
    " FROM stories WHERE id = :story"
)
_STORY_ARTICLES = text(
    "SELECT p.number, NULL AS copy_of, a.title, o.name, a.url, a.published_at"
    " FROM story_posts sp JOIN posts p ON p.number = sp.post_number"
    " JOIN articles a ON a.id = p.article_id JOIN outlets o ON o.id = a.outlet_id"
    " WHERE sp.story_id = :story AND p.hidden = false"
    " UNION ALL"
    " SELECT NULL, w.post_number, a.title, o.name, a.url, a.published_at"
    " FROM story_posts sp JOIN posts p ON p.number = sp.post_number"
    " JOIN wire_copies w ON w.post_number = sp.post_number"
    " JOIN articles a ON a.id = w.article_id JOIN outlets o ON o.id = a.outlet_id"
    " WHERE sp.story_id = :story AND p.hidden = false"
)
_RELATED = text(
    "SELECT p.number, a.title, o.name, a.published_at FROM story_posts sp"
    " JOIN posts p ON p.number = sp.post_number JOIN articles a ON a.id = p.article_id"
    " JOIN outlets o ON o.id = a.outlet_id"
    " WHERE sp.story_id = :story AND sp.post_number <> :number AND p.hidden = false"
    " ORDER BY a.published_at DESC, p.number DESC LIMIT :limit"
)


@dataclass(frozen=True, slots=True)
class CopyView:
    """One outlet's carriage of a post's report (같은 기사)."""

    outlet: str
    title: str
    url: str
    published: datetime
    first: bool


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """One article of a story: a post (``number``) or a wire copy under post ``copy_of``."""

    number: int | None
    copy_of: int | None
    title: str
    outlet: str
    url: str
    published: datetime


@dataclass(frozen=True, slots=True)
class StorySummary:
    id: int
    first_post: int
    title: str
    started_at: datetime
    updated_at: datetime
    posts: int
    articles: int
    outlets: int


@dataclass(frozen=True, slots=True)
class PostStory:
    """A post's 같은 기사, its story and the story's other posts (관련 기사)."""

    copies: list[CopyView]
    story: StorySummary | None
    related: list[StoryArticle]


class StoryStore:
    def __init__(
        self,
        engines: Engines,
        *,
        dedupe_window: timedelta,
        story_window: timedelta,
        story_threshold: float,
    ) -> None:
        self._engines = engines
        self.dedupe_window = dedupe_window
        self.story_window = story_window
        self.story_threshold = story_threshold

    # ingestion --------------------------------------------------------------------------
    def find_copy(
        self, conn: Connection, analysis: Analysis, published: datetime
    ) -> tuple[int, float] | None:
        """The post whose report this article carries, and the match score, if any."""
        if not analysis.bands:
            return None
        found = conn.execute(
            _BAND_CANDIDATES,
            {
                "keys": list(analysis.bands),
                "lo": published - self.dedupe_window,
                "hi": published + self.dedupe_window,
                "limit": MAX_COPY_CANDIDATES,
            },
        ).all()
        if not found:
            return None
        best: tuple[float, float, int] | None = None
        rows = conn.execute(_SIGNATURES, {"ids": [int(r.article_id) for r in found]}).all()
        for row in rows:
            other = Signature.from_bytes(bytes(row.signature))
            j = analysis.signature.jaccard(other)
            o = analysis.signature.overlap(other)
            if j >= DEFAULT_THRESHOLD or o >= DEFAULT_CONTAINMENT:
                candidate = (max(j, o), j, -int(row.number))
                if best is None or candidate > best:
                    best = candidate
        if best is None:
            return None
        return -best[2], round(best[0], 4)

    def add_copy(
        self,
        conn: Connection,
        article_id: int,
        number: int,
        score: float,
        *,
        published: datetime,
        now: datetime,
        analysis: Analysis,
    ) -> None:
        """Record article ``article_id`` as a wire copy of post ``number`` and keep its
        signature and band keys (from its ``analysis``) so that copies of it are found."""
        conn.execute(_ADD_COPY, {"a": article_id, "n": number, "s": score, "t": now})
        self._add_fingerprint(conn, article_id, published, analysis)
        story = conn.execute(_STORY_OF, {"number": number}).scalar()
        if story is not None:
            conn.execute(_COPY_JOINS, {"s": story, "p": published})
            self._recount_outlets(conn, int(story))

    def place_post(
        self,
        conn: Connection,
        *,
        number: int,
        article_id: int,
        title: str,
        published: datetime,
        analysis: Analysis,
    ) -> int:
        """Store the post's signature, band keys and keywords; put it in a story (returned)."""
        self._add_fingerprint(conn, article_id, published, analysis)
        story, vector = self._matching_story(conn, analysis.keywords, published)
        if story is None:
            story = int(
                conn.execute(_NEW_STORY, {"n": number, "t": title, "p": published}).scalar_one()
            )
        else:
            conn.execute(_JOIN_STORY, {"p": published, "s": story})
            conn.execute(_EARLIER_FIRST, {"n": number, "t": title, "p": published, "s": story})
        conn.execute(
            _ADD_STORY_POST,
            {"n": number, "s": story, "p": published, "k": keywords_to_json(vector)},
        )
        if analysis.keywords:
            conn.execute(
                _ADD_TERMS,
                [{"t": t, "p": published, "n": number} for t in analysis.keywords],
            )
            conn.execute(_ADD_DOC, [{"term": t} for t in sorted(analysis.keywords)])
        self._recount_outlets(conn, story)
        return story

    @staticmethod
    def _add_fingerprint(
        conn: Connection, article_id: int, published: datetime, analysis: Analysis
    ) -> None:
        conn.execute(
            text("INSERT INTO article_signatures (article_id, signature) VALUES (:a, :s)"),
            {"a": article_id, "s": analysis.signature.to_bytes()},
        )
        if analysis.bands:
            conn.execute(
                _ADD_BANDS,
                [{"k": k, "p": published, "a": article_id} for k in analysis.bands],
            )

    def _matching_story(
        self, conn: Connection, keywords: dict[str, float], published: datetime
    ) -> tuple[int | None, dict[str, float]]:
        """The story to join, if any, and the post's weighted keyword vector (stored with it:
        weights use the document frequencies of the moment the post arrived)."""
        if not keywords:
            return None, {}
        posts = max(1, int(conn.execute(_POSTS_COUNT).scalar() or 1))
        docs = self._docs(conn, list(keywords))
        mine = {t: round(w, 4) for t, w in _weighted(keywords, docs, posts).items()}
        lookup = sorted(mine, key=lambda t: (-mine[t], t))[:LOOKUP_TERMS]
        found = conn.execute(
            _TERM_CANDIDATES,
            {
                "terms": lookup,
                "lo": published - self.story_window,
                "hi": published + self.story_window,
                "limit": MAX_STORY_CANDIDATES,
            },
        ).all()
        if not found:
            return None, mine
        hits = {int(r.post_number): int(r.hits) for r in found}
        shared: dict[int, int] = {}
        for r in conn.execute(_CANDIDATE_STORIES, {"numbers": list(hits)}):
            story = int(r.story_id)
            shared[story] = max(shared.get(story, 0), hits[int(r.post_number)])
        if not shared:
            return None, mine
        stories = sorted(shared, key=lambda s: (-shared[s], -s))[:MAX_STORIES]
        members: dict[int, list[dict[str, float]]] = {}
        for r in conn.execute(
            _STORY_KEYWORDS,
            {
                "stories": sorted(stories),
                "lo": published - self.story_window,
                "hi": published + self.story_window,
                "members": MAX_MEMBERS,
            },
        ):
            members.setdefault(int(r.story_id), []).append(keywords_from_json(r.keywords))
        best: tuple[float, int] | None = None
        for story, vectors in members.items():
            similarity = _cosine(mine, _centroid(vectors))
            if similarity >= self.story_threshold and (best is None or (similarity, -story) > best):
                best = (similarity, -story)
        return (None if best is None else -best[1]), mine

    @staticmethod
    def _docs(conn: Connection, terms: list[str]) -> dict[str, int]:
        if not terms:
            return {}
        return {r.term: int(r.docs) for r in conn.execute(_DOCS, {"terms": terms})}

    @staticmethod
    def _recount_outlets(conn: Connection, story: int) -> None:
        outlets = int(conn.execute(_STORY_OUTLETS, {"story": story}).scalar_one())
        conn.execute(
            text("UPDATE stories SET outlets = :o WHERE id = :s"), {"o": outlets, "s": story}
        )

    # reads ------------------------------------------------------------------------------
    def post_story(self, number: int, related: int) -> PostStory:
        """What the article page shows of post ``number``'s copies and story, in one read:
        같은 기사, the story's summary and up to ``related`` of its other posts (관련 기사)."""
        with self._engines.read.connect() as conn:
            story = conn.execute(_STORY_OF, {"number": number}).scalar()
            return PostStory(
                copies=self._copies(conn, number),
                story=None if story is None else self._summary(conn, int(story)),
                related=[] if story is None else self._related(conn, int(story), number, related),
            )

    @staticmethod
    def _copies(conn: Connection, number: int) -> list[CopyView]:
        """Every outlet that carried post ``number``'s report, the post's own first, in time
        order; ``first`` marks the earliest (최초 보도). Empty when nobody copied it."""
        rows = conn.execute(_COPIES, {"number": number}).all()
        if not rows:
            return []
        post = conn.execute(_POST_REPORT, {"number": number}).one()
        items = [(utc(post.published_at), 0, post.name, post.title, post.url)]
        items += [(utc(r.published_at), int(r.id), r.name, r.title, r.url) for r in rows]
        items.sort(key=lambda item: (item[0], item[1]))
        return [
            CopyView(outlet=name, title=title, url=url, published=when, first=i == 0)
            for i, (when, _, name, title, url) in enumerate(items)
        ]

    def story_id_of(self, number: int) -> int | None:
        with self._engines.read.connect() as conn:
            found = conn.execute(_STORY_OF, {"number": number}).scalar()
        return None if found is None else int(found)

    def summary(self, story: int) -> StorySummary | None:
        with self._engines.read.connect() as conn:
            return self._summary(conn, story)

    @staticmethod
    def _summary(conn: Connection, story: int) -> StorySummary | None:
        row = conn.execute(_STORY, {"story": story}).first()
        if row is None:
            return None
        return StorySummary(
            id=int(row.id),
            first_post=int(row.first_post),
            title=row.title,
            started_at=utc(row.started_at),
            updated_at=utc(row.updated_at),
            posts=int(row.posts),
            articles=int(row.articles),
            outlets=int(row.outlets),
        )

    def articles(self, story: int) -> list[StoryArticle]:
        """The story's posts and wire copies in publication order."""
        with self._engines.read.connect() as conn:
            rows = conn.execute(_STORY_ARTICLES, {"story": story}).all()
        items = [
            StoryArticle(
                number=None if r[0] is None else int(r[0]),
                copy_of=None if r[1] is None else int(r[1]),
                title=r[2],
                outlet=r[3],
                url=r[4],
                published=utc(r[5]),
            )
            for r in rows
        ]
        items.sort(key=lambda a: (a.published, a.number or 0, a.copy_of or 0, a.outlet))
        return items

    @staticmethod
    def _related(conn: Connection, story: int, number: int, limit: int) -> list[StoryArticle]:
        """Up to ``limit`` other posts of ``story`` than ``number``, newest first (관련 기사)."""
        rows = conn.execute(_RELATED, {"story": story, "number": number, "limit": limit}).all()
        return [
            StoryArticle(
                number=int(r.number),
                copy_of=None,
                title=r.title,
                outlet=r.name,
                url="",
                published=utc(r.published_at),
            )
            for r in rows
        ]


def _weighted(keywords: dict[str, float], docs: dict[str, int], posts: int) -> dict[str, float]:
    return {t: w * math.log(1.0 + posts / max(1, docs.get(t, 1))) for t, w in keywords.items()}


def _centroid(vectors: list[dict[str, float]]) -> dict[str, float]:
    """The sum of the vectors, each scaled to length one (a long article weighs no more)."""
    total: dict[str, float] = {}
    for vector in vectors:
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        for t, w in vector.items():
            total[t] = total.get(t, 0.0) + w / norm
    return total


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(w * b[t] for t, w in a.items() if t in b)
    if not dot:
        return 0.0
    norm = math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))
    return dot / norm
