"""A deterministic generator of realistic Korean news articles for benchmarks.

``Corpus(seed).article(age)`` is the article ``age`` steps back from a fixed end date (age 0 is
the newest), always the same for the same seed and age, independent of any other article, so a
run can be resumed and a search benchmark can regenerate exactly the documents it indexed.
``Corpus(seed).articles(n)`` yields the ``n`` newest articles oldest first, the order a board
receives them.

Speed: the generic slots of the sentence templates (``[noun]``, ``[person]``, ...) are filled
once per corpus into per-section pools of sentences; an article only draws pooled sentences and
fills its own few slots (subject, topic, place, figure, day) with one ``format_map`` each. That
gives well over 3,000 articles per second on one core.

Run ``python bench/corpus.py`` to print a sample article and the generation rate.
"""

from __future__ import annotations

import itertools
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from html import escape

import vocab
from ranknews.models import Article, Outlet, Photo, Section
from ranknews.sections import DEFAULT_SECTIONS
from ranknews.timefmt import KST
from vocab import SectionWords

__all__ = ["END", "NOTICE_OUTLET", "Corpus", "josa"]

# The newest article is published at most this long before END; older ones step back from it.
END = datetime(2026, 11, 24, 23, 0, tzinfo=KST)
STEP_SECONDS = 60
NOTICE_OUTLET = Outlet("ranknews", "랭크뉴스", "https://ranknews.example/")
_ID_BASE = 30_000_000  # outlet article ids: the newest article has the largest

_MASK64 = (1 << 64) - 1

# Particle pairs: the form after a final consonant, the form after a vowel.
_PARTICLES = {
    "은": ("은", "는"),
    "는": ("은", "는"),
    "이": ("이", "가"),
    "가": ("이", "가"),
    "을": ("을", "를"),
    "를": ("을", "를"),
    "과": ("과", "와"),
    "와": ("과", "와"),
    "으로": ("으로", "로"),
    "로": ("으로", "로"),
}
# How the last digit or Latin letter is read: 0 = no final consonant, 1 = one, 2 = ㄹ.
_DIGIT_FINAL = {"0": 1, "1": 2, "2": 0, "3": 1, "4": 0, "5": 0, "6": 1, "7": 2, "8": 2, "9": 0}
_LATIN_FINAL = {"L": 2, "M": 1, "N": 1, "R": 2}
_SKIP_AT_END = ")\u2019'\" ]"


def _final(word: str) -> int:
    """0 if ``word`` is read ending in a vowel, 1 with a final consonant, 2 with ㄹ."""
    text = word.rstrip(_SKIP_AT_END)
    if text.endswith(")") or not text:
        return 0
    ch = text[-1]
    if "가" <= ch <= "힣":
        jong = (ord(ch) - 0xAC00) % 28
        return 0 if jong == 0 else 2 if jong == 8 else 1
    if ch in _DIGIT_FINAL:
        return _DIGIT_FINAL[ch]
    return _LATIN_FINAL.get(ch.upper(), 0)


def josa(word: str, particle: str) -> str:
    """``word`` followed by ``particle`` in the form that agrees with it (은/는, 이/가, ...)."""
    pair = _PARTICLES.get(particle)
    if pair is None:
        return word + particle
    final = _final(word.removesuffix(")").rsplit("(", 1)[0] if word.endswith(")") else word)
    if particle in {"으로", "로"}:
        return word + (pair[0] if final == 1 else pair[1])
    return word + (pair[0] if final else pair[1])


def _slot_values(name: str, word: str, into: dict[str, str]) -> None:
    into[name] = word
    for particle in _PARTICLES:
        into[name + particle] = josa(word, particle)


_GENERIC = re.compile(r"\[([a-z]+)(?::([가-힣]+))?\]")


class _Filler:
    """Fills ``[kind]`` slots of templates with words of one section."""

    def __init__(self, words: SectionWords, rng: random.Random) -> None:
        r = rng
        self.rng = rng
        self.kinds: dict[str, Callable[[], str]] = {
            "noun": lambda: r.choice(words.nouns),
            "org": lambda: r.choice(words.orgs),
            "title": lambda: r.choice(words.titles),
            "person": lambda: r.choice(vocab.SURNAMES) + r.choice(vocab.GIVEN_NAMES),
            "expert": lambda: r.choice(vocab.EXPERTS),
            "place": lambda: r.choice(vocab.PLACES),
            "period": lambda: r.choice(vocab.PERIODS),
            "event": lambda: r.choice(vocab.EVENTS),
            "occupation": lambda: r.choice(vocab.OCCUPATIONS),
            "kword": lambda: r.choice(vocab.KWORDS),
            "shortq": lambda: r.choice(vocab.SHORT_QUOTES),
            "num": lambda: amount(r),
            "money": lambda: money(r),
            "pct": lambda: percent(r),
            "count": lambda: f"{r.randint(2, 480)}{r.choice(('곳', '건', '개', '개사'))}",
            "people": lambda: people(r),
            "year": lambda: f"{r.randint(2027, 2035)}년",
            "day": lambda: f"{r.randint(1, 28)}일",
            "digit": lambda: str(r.randint(3, 9)),
            "months": lambda: f"{r.randint(2, 11)}{r.choice(('개월', '주', '분기'))}",
            "trend": lambda: r.choice(("상승세", "하락세", "회복세", "둔화세", "증가세", "감소세")),
            "updown": lambda: r.choice(("늘었다", "줄었다", "증가했다", "감소했다", "올랐다")),
            "said": lambda: r.choice(("말했다", "밝혔다", "강조했다", "설명했다", "덧붙였다")),
            "announce": lambda: r.choice(("발표했다", "내놨다", "공개했다", "밝혔다")),
            "quote": lambda: self.fill(r.choice(vocab.QUOTES)),
        }

    def _one(self, match: re.Match[str]) -> str:
        word = self.kinds[match.group(1)]()
        particle = match.group(2)
        return josa(word, particle) if particle else word

    def fill(self, template: str) -> str:
        return _GENERIC.sub(self._one, template)


def amount(rng: random.Random) -> str:
    """A money or count figure as Korean news writes it: 5천억원, 1조2천억원, 3만명, 12대."""
    kind = rng.random()
    if kind < 0.7:
        return money(rng)
    if kind < 0.85:
        return f"{rng.randint(1, 90)}만명"
    if kind < 0.93:
        return f"{rng.randint(2, 30)}{rng.choice(('대', '곳', '개국', '만 가구'))}"
    return f"{rng.randint(1, 9)}.{rng.randint(1, 9)}배"


def money(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return f"{rng.randint(1, 9)}천억원"
    if kind < 0.65:
        return f"{rng.randint(2, 950)}억원"
    if kind < 0.85:
        return f"{rng.randint(1, 40)}조{rng.randint(1, 9)}천억원"
    return f"{rng.randint(1, 120)}조원"


def percent(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.randint(1, 79)}%"
    return f"{rng.randint(0, 39)}.{rng.randint(1, 9)}%"


def people(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice((500, 1000, 1004, 1012, 1500, 2000, 3000)):,}명"
    if rng.random() < 0.5:
        return f"{rng.randint(1, 50)}만명"
    return f"{rng.randint(1, 9)}{rng.choice(('천명', '백명'))}"


class _SectionPool:
    """Pre-filled sentences, headlines and captions of one section."""

    def __init__(
        self, section: Section, words: SectionWords, rng: random.Random, size: int
    ) -> None:
        filler = _Filler(words, rng)
        self.section = section
        self.words = words
        per_template = max(4, size // len(vocab.SENTENCES))
        # sentences[i] holds fillings of template i, so that an article can use each template
        # at most once per round and does not repeat itself.
        self.sentences = [[filler.fill(t) for _ in range(per_template)] for t in vocab.SENTENCES]
        self.titles = [filler.fill(rng.choice(vocab.TITLES)) for _ in range(max(64, size // 8))]
        self.captions = [filler.fill(rng.choice(vocab.CAPTIONS)) for _ in range(size // 16 + 8)]
        self.quotes = [filler.fill(rng.choice(vocab.SHORT_QUOTES)) for _ in range(16)]


class Corpus:
    """Seeded source of :class:`ranknews.models.Article` objects; see the module docstring."""

    def __init__(
        self,
        seed: int = 1,
        *,
        end: datetime = END,
        step_seconds: int = STEP_SECONDS,
        pool_size: int = 4000,
    ) -> None:
        self.seed = seed
        self.end = end
        self.step_seconds = step_seconds
        rng = random.Random(seed)
        sections = {s.slug: s for s in DEFAULT_SECTIONS}
        self._pools = [
            _SectionPool(sections[slug], vocab.SECTION_WORDS[slug], rng, pool_size)
            for slug in vocab.SECTION_WEIGHTS
        ]
        self._cum_weights = list(itertools.accumulate(vocab.SECTION_WEIGHTS.values()))
        self._outlets = [
            Outlet(slug, name, f"https://www.{slug}.example/") for slug, name in vocab.OUTLETS
        ]
        self._reporters = [s + g for s in vocab.SURNAMES[:30] for g in vocab.GIVEN_NAMES]

    # one article ------------------------------------------------------------------------
    def article(self, age: int) -> Article:
        """The article ``age`` steps before the end date (0 = newest; negative = newer)."""
        rng = random.Random((self.seed * 0x9E3779B97F4A7C15 + age * 0xBF58476D1CE4E5B9) & _MASK64)
        pool = rng.choices(self._pools, cum_weights=self._cum_weights)[0]
        outlet = rng.choice(self._outlets)
        words = pool.words
        published = self.end - timedelta(
            seconds=age * self.step_seconds + rng.randrange(self.step_seconds * 5 // 6)
        )
        reporter = rng.choice(self._reporters)
        slots: dict[str, str] = {"D": f"{published.day}일", "R": reporter}
        _slot_values("S", rng.choice(words.subjects), slots)
        _slot_values("T", rng.choice(words.topics), slots)
        _slot_values("P", rng.choice(vocab.PLACES), slots)
        _slot_values("N", amount(rng), slots)

        title = self._title(pool, rng, slots)
        paragraphs = self._paragraphs(pool, rng, slots, outlet, reporter)
        photos = self._photos(pool, rng, slots, outlet, age, published)
        body_html = _html(paragraphs, photos, rng)
        article_id = _ID_BASE - age
        url = f"{outlet.homepage}news/articleView.html?idxno={article_id}"
        updated = (
            published + timedelta(minutes=rng.randint(10, 600)) if rng.random() < 0.3 else None
        )
        return Article(
            canonical_url=url,
            title=title,
            outlet=outlet,
            body_html=body_html,
            body_text="\n".join(paragraphs),
            published=published,
            section=pool.section,
            labels=_labels(rng),
            byline=f"{reporter} 기자",
            authors=(reporter,),
            updated=updated,
            guid=f"{outlet.slug}-{article_id}",
            photos=photos,
        )

    def articles(self, n: int, *, newest: int = 0) -> Iterator[Article]:
        """The ``n`` articles with ages ``newest + n - 1`` down to ``newest``, oldest first."""
        for age in range(newest + n - 1, newest - 1, -1):
            yield self.article(age)

    def notice(self, index: int, published: datetime) -> Article:
        """A board announcement (posted by the board itself), for pinning as a notice."""
        title = _NOTICE_TITLES[index % len(_NOTICE_TITLES)]
        paragraphs = [
            "랭크뉴스 게시판을 이용해 주셔서 감사합니다.",
            f"{title.strip('[]')}에 관해 알려 드립니다. 게시판의 기사는 각 언론사의 원문을"
            " 요약 없이 옮긴 것이며 저작권은 해당 언론사에 있습니다.",
            "문의는 게시판 하단의 연락처로 보내 주시면 확인하는 대로 답변드리겠습니다.",
        ]
        return Article(
            canonical_url=f"{NOTICE_OUTLET.homepage}notice/{self.seed}-{index}",
            title=title,
            outlet=NOTICE_OUTLET,
            body_html="".join(f"<p>{escape(p, quote=False)}</p>" for p in paragraphs),
            body_text="\n".join(paragraphs),
            published=published,
            byline="운영자",
        )

    # parts ------------------------------------------------------------------------------
    @staticmethod
    def _title(pool: _SectionPool, rng: random.Random, slots: dict[str, str]) -> str:
        title = ""
        for _ in range(12):
            title = rng.choice(pool.titles).format_map(slots)
            if 25 <= len(title) <= 60:
                return title
            if len(title) < 25:
                padded = f"{title}…{rng.choice(pool.words.nouns)} 주목"
                if 25 <= len(padded) <= 60:
                    return padded
        return title[:59] + "…" if len(title) > 60 else f"{title}…{slots['T']} 관련 대책 주목"

    @staticmethod
    def _paragraphs(
        pool: _SectionPool,
        rng: random.Random,
        slots: dict[str, str],
        outlet: Outlet,
        reporter: str,
    ) -> list[str]:
        target = rng.randint(1500, 3000)
        count = rng.randint(6, 12)
        lead = ""
        if outlet.slug in vocab.WIRE_OUTLETS:
            lead = f"({slots['P']}={outlet.name}) {reporter} 기자 = "
        sentences: list[str] = []
        total = len(lead)
        pool_sentences = pool.sentences
        order: list[int] = []
        while total < target or len(sentences) < count:
            if not order:
                order = rng.sample(range(len(pool_sentences)), len(pool_sentences))
                if not sentences:  # open with a lead sentence: move one to the end (next pop)
                    first = rng.choice(vocab.LEAD_SENTENCES)
                    order.remove(first)
                    order.append(first)
            sentence = rng.choice(pool_sentences[order.pop()]).format_map(slots)
            if total + len(sentence) + 1 > 3000:
                if total >= 1500 and len(sentences) >= count:
                    break
                continue
            sentences.append(sentence)
            total += len(sentence) + 1
        cuts = sorted(rng.sample(range(1, len(sentences)), count - 1))
        paragraphs = [
            " ".join(sentences[a:b])
            for a, b in zip([0, *cuts], [*cuts, len(sentences)], strict=True)
        ]
        paragraphs[0] = lead + paragraphs[0]
        return paragraphs

    @staticmethod
    def _photos(
        pool: _SectionPool,
        rng: random.Random,
        slots: dict[str, str],
        outlet: Outlet,
        age: int,
        published: datetime,
    ) -> tuple[Photo, ...]:
        count = rng.choices((0, 1, 2), weights=(45, 40, 15))[0]
        folder = f"https://img.{outlet.slug}.example/news/photo/{published:%Y%m}"
        return tuple(
            Photo(
                url=f"{folder}/{_ID_BASE - age}_{i + 1}.jpg",
                caption=rng.choice(pool.captions).format_map(slots),
                credit=rng.choice((outlet.name, f"{slots['S']} 제공", f"{outlet.name} 자료사진")),
            )
            for i in range(count)
        )


_NOTICE_TITLES = (
    "[공지] 랭크뉴스 게시판 이용 안내",
    "[공지] 게시판 운영 원칙 개정 안내 (2026년 11월)",
    "[공지] 기사 원문 링크 및 저작권 정책",
    "[공지] 서버 점검 안내: 12월 2일 오전 2시~4시",
    "[공지] 개인정보 처리방침 변경 안내",
    "[공지] 분류(섹션) 탭 개편 안내",
    "[공지] 신고 및 게시 중단 요청 절차",
)


def _labels(rng: random.Random) -> tuple[str, ...]:
    x = rng.random()
    if x < 0.03:
        return ("속보",)
    if x < 0.055:
        return ("단독",)
    if x < 0.06:
        return ("단독", "종합")
    if x < 0.14:
        return ("종합",)
    return ()


def _html(paragraphs: list[str], photos: tuple[Photo, ...], rng: random.Random) -> str:
    slots = [0] if len(photos) == 1 else [0, rng.randint(2, len(paragraphs) - 1)][: len(photos)]
    before = dict(zip(slots, photos, strict=True))
    parts: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        photo = before.get(index)
        if photo is not None:
            parts.append(
                f'<figure><img src="{escape(photo.url)}" alt="{escape(photo.caption)}">'
                f"<figcaption>{escape(photo.caption, quote=False)}"
                f' <span class="credit">{escape(photo.credit, quote=False)}</span>'
                "</figcaption></figure>"
            )
        parts.append(f"<p>{escape(paragraph, quote=False)}</p>")
    return "".join(parts)


def main(argv: list[str]) -> int:
    seed = int(argv[1]) if len(argv) > 1 else 1
    n = int(argv[2]) if len(argv) > 2 else 20_000
    started = time.perf_counter()
    corpus = Corpus(seed)
    built = time.perf_counter()
    sample = corpus.article(0)
    chars = 0
    for article in corpus.articles(n):
        chars += len(article.body_text)
    elapsed = time.perf_counter() - built
    print(f"[{', '.join(sample.labels)}] {sample.title}  ({sample.outlet.name}, {sample.byline})")
    print(sample.published.isoformat(), sample.section, sample.canonical_url)
    print(sample.body_text)
    print(sample.body_html[:600], "...")
    print(
        f"pools built in {built - started:.2f}s; {n} articles in {elapsed:.2f}s"
        f" = {n / elapsed:,.0f} articles/s, mean body {chars / n:,.0f} chars"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
