"""Article photos: finding them in the page, and splitting captions from credits.

Credit styles understood: ``오세훈 서울시장. 연합뉴스`` (a caption sentence, then the credit),
``설명 /한결통신``, ``설명 ⓒ한결통신``, ``[사진 제공=한결통신]``, ``(사진=한결통신 제공)``,
``[한결통신 제공. 재판매 및 DB 금지]``, a credit element inside ``<figcaption>``, table-layout
caption cells (``▲ 설명 ⓒ 동녘신문``) and wire captions with a dateline and a date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from ranknews.extract.dom import Node, absolute_url, attr, class_id, compact, drop, norm, text_of
from ranknews.models import Photo

__all__ = [
    "FoundPhoto",
    "caption_parts",
    "clean_credit",
    "find_photos",
    "image_src",
    "photo_from_container",
    "place_photos",
    "split_caption",
    "take_out",
]

_MARKERS: Final = re.compile(r"^[\s▲△▶▷■□◆◇●○※*·ㆍ↑]+")
_WIRE_PREFIX: Final = re.compile(
    r"^[(\[【]\s*[^()\[\]=]{1,20}=\s*[^()\[\]]{1,25}[)\]】]\s*"
    r"(?:[가-힣]{2,4}(?:\s*[·,\s]\s*[가-힣]{2,4})*\s*(?:기자|특파원|통신원)\s*=\s*)?"
)
_TRAILING_DATE: Final = re.compile(r"\s*(?:19|20)\d{2}[./-]\d{1,2}[./-]\d{1,2}\.?$")
_BRACKET_CREDIT: Final = re.compile(
    r"\s*(?P<all>[\[(<〈【]\s*(?P<body>(?:사진|자료|그래픽|영상)\s*(?:제공)?\s*[=:]?\s*[^\[\]()<>]{1,40}"
    r"|[^\[\]()<>]{1,40}?\s*제공[^\[\]()<>]{0,30}"
    r"|[^\[\]()<>]{1,30}?\s*(?:자료\s*사진|DB))\s*[\])>〉】])\s*$"
)
_PLAIN_CREDIT: Final = re.compile(
    r"\s+(?P<all>(?:사진|자료)\s*(?:제공)?\s*=\s*(?P<body>[^=]{1,40}))$"
)
_COPY_CREDIT: Final = re.compile(r"\s*(?P<all>(?:ⓒ|©|Ⓒ|\([cC]\))\s*(?P<body>[^ⓒ©Ⓒ]{1,40}))$")
_SLASH_CREDIT: Final = re.compile(r"(?:\s+|(?<=[.!?]))(?P<all>/\s*(?P<body>[^/]{1,30}))$")
_SENTENCE_CREDIT: Final = re.compile(r"(?<=[.!?])\s+(?P<all>(?P<body>[^.!?]{1,25}))$")
_CREDIT_NOISE: Final = re.compile(
    r"(?:재판매\s*및\s*DB\s*금지|재배포\s*금지|무단\s*전재[^\]]*|DB\s*금지|All rights reserved)",
    re.IGNORECASE,
)
_SENTENCE_END: Final = re.compile(r"(?:다|요|음|함|임|죠|까|[.!?…'\"”\u2019])$")

_BAD_SRC: Final = re.compile(
    r"(?:^|[/_.\-])(?:logo|logos|icon|icons|ico|btn|button|banner|bnr|spacer|blank|pixel|"
    r"1x1|clear|transparent|tracking|tracker|beacon|counter|emoji|emoticon|sprite|bullet|"
    r"arrow|sns|share|kakao|facebook|twitter|ads?|adv|advert\w*|sponsor\w*|placeholder|"
    r"loading|avatar|profile|reporter|byline)(?:[/_.\-]|\d|$)",
    re.IGNORECASE,
)
_BAD_REGION: Final = re.compile(
    r"(?:^|[\s_\-])(?:ad|ads|adv|advert\w*|banner\w*|bnr|sponsor\w*|promo\w*|logo|related|"
    r"relation|ranking|rank|popular|most|best|recommend\w*|sns|share|social|footer|header|"
    r"gnb|lnb|snb|menu|nav|navi|sidebar|aside|widget|reporter|profile|author|comment\w*|"
    r"subscribe|newsletter|aside|right|left_?menu|thumb_?list|news_?list)(?:$|[\s_\-]|\d)"
)
_BAD_TAGS: Final = frozenset({"header", "footer", "nav", "aside", "form", "button"})
_CONTAINER_CLASS: Final = re.compile(
    r"photo|img|image|pic|figure|fig|thumb|comp-box|art_?photo|visual|media|imgbox|graphic"
)
_CAPTION_CLASS: Final = re.compile(
    r"caption|cap(?:$|[\s_\-])|desc|figcaption|photo_?txt|img_?txt|img_?desc|explain|"
    r"pic_?txt|photo_?desc|txt_?caption"
)
_CREDIT_CLASS: Final = re.compile(r"credit|copyright|source|photographer|byline|author")
_LAZY_ATTRS: Final = (
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-lazy",
    "data-url",
    "data-srcset",
    "src",
)
_PLACEHOLDER: Final = re.compile(r"^data:|blank|spacer|loading|lazy|placeholder|1x1", re.I)


@dataclass(slots=True)
class FoundPhoto:
    """A photo found in the page, with where it sits relative to the text around it."""

    photo: Photo
    container: Node = None
    caption_node: Node = None
    after: list[str] = field(default_factory=list)  # texts following the photo, nearest first
    before: list[str] = field(default_factory=list)  # texts preceding it, nearest first


def clean_credit(text: str, *, drop_provided: bool = True) -> str:
    """``[사진 제공=한결통신]``/``ⓒ한결통신``/``/한결통신``/``한결통신 제공`` → ``한결통신``."""
    value = norm(text)
    value = _CREDIT_NOISE.sub("", value)
    value = value.strip(" \t[]()<>〈〉【】.,;:/|-")
    value = re.sub(r"^(?:ⓒ|©|Ⓒ|\([cC]\))\s*", "", value)
    value = re.sub(r"^(?:사진|자료|그래픽|영상)\s*(?:제공)?\s*[=:]\s*", "", value)
    value = re.sub(r"^(?:사진|자료)(?:\s*제공)?\s+(?=\S)", "", value)
    value = re.sub(r"^제공\s*[=:]\s*", "", value)
    if drop_provided:
        value = re.sub(r"\s*제공$", "", value)
    return norm(value.strip(" \t[]()<>.,;:/|-"))


def split_caption(text: str, credit: str = "") -> tuple[str, str]:
    """(caption, credit) from a printed caption, optionally with a separate credit text."""
    caption = norm(text)
    caption = _MARKERS.sub("", caption)
    caption = _WIRE_PREFIX.sub("", caption, count=1)
    caption = _TRAILING_DATE.sub("", caption)
    if credit:
        return norm(caption), clean_credit(credit)
    for pattern in (_BRACKET_CREDIT, _PLAIN_CREDIT, _COPY_CREDIT, _SLASH_CREDIT):
        found = pattern.search(caption)
        if found and found.start() > 0:
            body = clean_credit(found["body"])
            if body:
                head = _TRAILING_DATE.sub("", caption[: found.start()])
                return norm(head), body
    found = _SENTENCE_CREDIT.search(caption)
    if found:
        body = norm(found["body"])
        head = caption[: found.start()].strip()
        if (
            body
            and len(body.split()) <= 3
            and not _SENTENCE_END.search(body)
            and len(head.split()) >= 2
            and not body[0].isdigit()
        ):
            return norm(head), clean_credit(body, drop_provided=False)
    return norm(caption), ""


def image_src(img: Node) -> str:
    """The real image address of ``img``, looking through lazy-loading attributes."""
    for name in _LAZY_ATTRS:
        value = attr(img, name)
        if not value:
            continue
        if name == "data-srcset":
            value = value.split(",")[0].split()[0]
        if name == "src" or not _PLACEHOLDER.search(value):
            if _PLACEHOLDER.search(value) and name == "src":
                return ""
            return value
    return ""


def _small(img: Node) -> bool:
    for name in ("width", "height"):
        value = attr(img, name).removesuffix("px")
        if value.isdigit() and int(value) < 100:
            return True
    return False


def _bad_region(img: Node, body: Node) -> bool:
    for depth, ancestor in enumerate(img.iterancestors()):
        if ancestor is body or depth > 14:
            return False
        tag = ancestor.tag
        if tag in _BAD_TAGS:
            return True
        if tag == "a":
            href = attr(ancestor, "href").lower()
            if (
                href
                and not re.search(r"\.(?:jpe?g|png|gif|webp|avif|svg)(?:$|\?)", href)
                and (href.startswith(("http", "/")) and not href.startswith("/#"))
            ):
                return True
        names = class_id(ancestor)
        if names and _BAD_REGION.search(names):
            return True
    return False


def _container(img: Node) -> Node:
    """The element holding one photo and its caption (figure, small table, photo box)."""
    best = img
    node = img
    for _ in range(5):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html", "article", "main"):
            break
        tag = parent.tag
        if tag == "figure":
            return parent
        if len(parent.xpath(".//img")) > 1 or len(text_of(parent)) > 400:
            break
        if tag == "table":
            if len(text_of(parent)) <= 300 and len(parent.xpath(".//tr")) <= 3:
                best = parent
            break
        if tag in ("tr", "tbody", "td"):
            node = parent
            continue
        names = class_id(parent)
        if (names and _CONTAINER_CLASS.search(names)) or (
            tag in ("p", "span", "a", "picture", "center", "font", "div") and not text_of(parent)
        ):
            best = parent
        node = parent
    if best is img:
        # <p><img><br>설명</p>: the photo's own paragraph holds the caption as plain text.
        parent = img.getparent()
        if (
            parent is not None
            and parent.tag in ("p", "center", "font", "span", "dd", "div")
            and len(parent.xpath(".//img")) == 1
            and 0 < len(text_of(parent)) <= 200
        ):
            return parent
    return best


def _caption_in(container: Node, img: Node) -> Node:
    if container is img:
        return None
    for node in container.iter("figcaption"):
        return node
    for node in container.iter():
        if node is container or node is img or not isinstance(node.tag, str):
            continue
        names = class_id(node)
        if names and _CAPTION_CLASS.search(names) and text_of(node):
            return node
    if container.tag == "table":
        for cell in container.iter("td", "th"):
            if not cell.xpath(".//img") and text_of(cell):
                return cell
    if (
        container.tag in ("p", "center", "font", "span", "dd", "div")
        and text_of(container)
        and not any(isinstance(c.tag, str) and c.tag in ("p", "div", "table") for c in container)
    ):
        return container
    return None


def _caption_after(container: Node) -> Node:
    """A caption element right after the photo container (``<img><p class="caption">``)."""
    sibling = container.getnext()
    if sibling is None or not isinstance(sibling.tag, str):
        return None
    if container.tail and container.tail.strip():
        return None
    names = class_id(sibling)
    text = text_of(sibling)
    if not text or len(text) > 300:
        return None
    if sibling.tag == "figcaption" or (names and _CAPTION_CLASS.search(names)):
        return sibling
    if text[0] in "▲△":
        return sibling
    return None


def _credit_node(caption: Node) -> Node:
    for node in caption.iterdescendants():
        if not isinstance(node.tag, str):
            continue
        names = class_id(node)
        if names and _CREDIT_CLASS.search(names):
            return node
    children = [c for c in caption if isinstance(c.tag, str)]
    if children:
        last = children[-1]
        text = text_of(last)
        tail = (last.tail or "").strip()
        if (
            not tail
            and last.tag in ("em", "small", "cite", "span", "i")
            and text[:1] in ("/", "ⓒ", "©", "[", "(", "사")
        ):
            return last
    return None


def caption_parts(caption: Node) -> tuple[str, str]:
    """(caption, credit) of a caption element, using a credit child element when present."""
    credit = _credit_node(caption)
    full = text_of(caption)
    if credit is None:
        return split_caption(full)
    credit_text = text_of(credit)
    if full.endswith(credit_text):
        head = full[: len(full) - len(credit_text)]
    else:
        head = full.replace(credit_text, " ", 1)
    return split_caption(head, credit_text)


def _texts(node: Node, axis: str, limit: int) -> list[str]:
    found = node.xpath(f"{axis}::text()[normalize-space()][position() <= {limit}]")
    texts = [norm(str(t)) for t in found]
    return texts[::-1] if axis == "preceding" else texts


def photo_from_container(
    container: Node, img: Node, base_url: str, caption_node: Node = None
) -> FoundPhoto | None:
    """The photo held by ``container`` (found generically or by a rule's selector)."""
    url = absolute_url(base_url, image_src(img))
    if not url:
        return None
    caption_node = caption_node if caption_node is not None else _caption_in(container, img)
    if caption_node is None:
        caption_node = _caption_after(container)
    caption, credit = caption_parts(caption_node) if caption_node is not None else ("", "")
    last = (
        caption_node if caption_node is not None and caption_node.getparent() is not None else None
    )
    end = container
    if last is not None and container not in last.iterancestors() and last is not container:
        end = last
    return FoundPhoto(
        Photo(url, caption, credit),
        container=container,
        caption_node=caption_node,
        after=_texts(end, "following", 8),
        before=_texts(container, "preceding", 10),
    )


def find_photos(images: Sequence[Node], body: Node, base_url: str) -> list[FoundPhoto]:
    """Candidate article photos among ``images`` (document order), skipping logos, icons,
    pixels, ads and thumbnails in navigation, related-article and ranking boxes."""
    found: list[FoundPhoto] = []
    seen: set[str] = set()
    for img in images:
        src = image_src(img)
        if not src or _BAD_SRC.search(src.split("?")[0]) or _small(img):
            continue
        if _bad_region(img, body):
            continue
        photo = photo_from_container(_container(img), img, base_url)
        if photo is None or photo.photo.url in seen:
            continue
        seen.add(photo.photo.url)
        found.append(photo)
    return found


def take_out(photos: Sequence[FoundPhoto]) -> None:
    """Remove photos and captions from the tree so they do not become body text."""
    for found in photos:
        caption = found.caption_node
        container = found.container
        allowance = len(found.photo.caption) + len(found.photo.credit) + 80
        if container is not None and len(text_of(container)) <= allowance:
            drop(container)
        else:
            for img in list(container.iter("img", "amp-img")) if container is not None else []:
                drop(img)
        if caption is not None:
            drop(caption)


def place_photos(
    paragraphs: Sequence[str], photos: Sequence[FoundPhoto], *, keep: bool
) -> list[str | Photo]:
    """Paragraphs with each photo before the paragraph that follows it in the page."""
    keys = [compact(p) for p in paragraphs]
    captions = [compact(t) for f in photos for t in (f.photo.caption, f.photo.credit) if t]
    slots: dict[int, list[Photo]] = {}
    for found in photos:
        index = _anchor_after(found.after, keys)
        if index is None:
            before = _anchor_before(_not_caption(found.before, captions), keys)
            index = None if before is None else before + 1
        if index is None:
            if not keep:
                continue
            index = 0
        slots.setdefault(index, []).append(found.photo)
    pieces: list[str | Photo] = []
    for index, paragraph in enumerate(paragraphs):
        pieces.extend(slots.get(index, []))
        pieces.append(paragraph)
    pieces.extend(slots.get(len(paragraphs), []))
    return pieces


def _matches_start(text: str, key: str) -> bool:
    size = min(len(text), len(key), 24)
    return size >= 6 and text[:size] == key[:size]


def _anchor_after(texts: Sequence[str], keys: Sequence[str]) -> int | None:
    joined = [compact(t) for t in texts]
    for start in range(len(joined)):
        following = "".join(joined[start:])
        for index, key in enumerate(keys):
            if _matches_start(following, key):
                return index
    return None


def _anchor_before(texts: Sequence[str], keys: Sequence[str]) -> int | None:
    """The paragraph that ends right before a photo (``texts`` nearest first)."""
    joined = [compact(t) for t in texts]
    for last in range(min(3, len(joined))):
        preceding = "".join(reversed(joined[: last + 1]))
        size = min(len(preceding), 24)
        if size < 6:
            continue
        for index in range(len(keys) - 1, -1, -1):
            key = keys[index]
            if len(key) >= size and key.endswith(preceding[-size:]):
                return index
    return None


def _not_caption(texts: Sequence[str], captions: Sequence[str]) -> list[str]:
    """``texts`` without the ones that belong to photo captions (photos in a row)."""
    return [
        t
        for t in texts
        if not any(c in compact(t) or compact(t) in c for c in captions if len(c) >= 4)
    ]
