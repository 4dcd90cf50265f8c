"""The article body as text blocks: trafilatura's extraction, or a rule's own container."""

from __future__ import annotations

from configparser import ConfigParser
from typing import Final

import trafilatura
from trafilatura.settings import DEFAULT_CONFIG, Extractor

from ranknews.extract.boilerplate import Block
from ranknews.extract.dom import Node, norm

__all__ = ["element_blocks", "paragraphize", "trafilatura_blocks"]


_MIN_EXTRACTED_SIZE: Final = 50


def _config() -> ConfigParser:
    # Short articles (a few hundred characters) are common in Korean news. Below
    # MIN_EXTRACTED_SIZE trafilatura swaps its result for a whole-page text dump that merges
    # headline, byline and paragraphs into one block; a lower floor keeps the paragraphs.
    config = ConfigParser()
    config.read_dict({"DEFAULT": dict(DEFAULT_CONFIG["DEFAULT"])})
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = str(_MIN_EXTRACTED_SIZE)
    return config


# One options object for every call: building it per page costs more than it should.
# ``fast`` skips trafilatura's readability/jusText comparison (the demo and golden pages need
# neither); comments are never article text; links are kept so that link-dense blocks
# (related-article lists, menus) can be recognised; images are found by
# ranknews.extract.photos instead, because trafilatura only keeps raster file extensions.
_OPTIONS: Final = Extractor(
    config=_config(),
    output_format="xml",  # body tree only: no text rendering of it
    fast=True,
    comments=False,
    links=True,
    images=False,
    tables=True,
    formatting=False,
)
_BLOCK_TAGS: Final = frozenset(
    {"p", "head", "quote", "item", "cell", "code", "list", "table", "row", "div", "ab", "lg"}
)


_FLOW_BLOCKS: Final = frozenset(
    {
        "div", "table", "p", "ul", "ol", "dl", "blockquote", "figure", "section", "article",
        "aside", "header", "footer", "nav", "center", "hr", "pre", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "address", "figcaption", "iframe",
    }
)  # fmt: skip
_NO_FLOW: Final = frozenset(
    {"p", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "th", "dt"}
)


def paragraphize(tree: Node) -> None:
    """Turn ``text<br><br>text`` flows into ``<p>`` elements, in place.

    Old and portal layouts print the body as text separated by ``<br>`` inside a ``<td>``,
    ``<div>`` or ``<font>``; when such a flow also holds a nested block (an ad box, a quote),
    trafilatura 2.3.1 drops the text that follows the block. Paragraphs avoid that."""
    parents = {br.getparent() for br in tree.iter("br")}
    for parent in parents:
        if parent is None or parent.tag in _NO_FLOW:
            continue
        segments = (parent.text or "").strip() != ""
        segments += sum(1 for child in parent if (child.tail or "").strip())
        if segments < 2 or sum(1 for child in parent if child.tag == "br") < 2:
            continue
        _rebuild_flow(parent)


def _rebuild_flow(parent: Node) -> None:
    children = list(parent)
    lead = parent.text
    parent.text = None
    for child in children:
        parent.remove(child)
    out: list[Node] = []
    para: Node = None

    def add_text(text: str | None) -> None:
        nonlocal para
        if not text:
            return
        if para is None:
            if not text.strip():
                return
            para = parent.makeelement("p", {})
        if len(para):
            para[-1].tail = (para[-1].tail or "") + text
        else:
            para.text = (para.text or "") + text

    def close() -> None:
        nonlocal para
        if para is not None:
            out.append(para)
            para = None

    add_text(lead)
    for child in children:
        tail = child.tail
        child.tail = None
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br":
            close()
        elif tag in _FLOW_BLOCKS:
            close()
            out.append(child)
        else:
            if para is None:
                para = parent.makeelement("p", {})
            para.append(child)
        add_text(tail)
    close()
    parent.extend(out)


def trafilatura_blocks(tree: Node, url: str) -> list[Block]:
    """Text blocks of the main content as trafilatura 2.3.1 finds it (``tree`` is copied)."""
    document = trafilatura.bare_extraction(tree, url=url or None, options=_OPTIONS)
    if document is None or isinstance(document, dict) or document.body is None:
        return []
    blocks: list[Block] = []
    _collect(document.body, blocks)
    return blocks


def _collect(node: Node, out: list[Block]) -> None:
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "graphic" or not tag:
            continue
        if any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in child):
            if child.text and child.text.strip():
                out.append(Block(norm(child.text)))
            _collect(child, out)
            if child.tail and child.tail.strip():
                out.append(Block(norm(child.tail)))
            continue
        out.extend(_leaf_lines(child))
        if child.tail and child.tail.strip() and node.tag == "body":
            out.append(Block(norm(child.tail)))


def _leaf_lines(node: Node) -> list[Block]:
    """A leaf block split at ``<lb/>`` line breaks, with its link-text share."""
    lines: list[tuple[list[str], list[int]]] = [([], [0])]

    def add(text: str | None, *, link: bool) -> None:
        if text:
            lines[-1][0].append(text)
            if link:
                lines[-1][1][0] += len(text.strip())

    add(node.text, link=False)
    for child in node.iter():
        if child is node:
            continue
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "lb":
            lines.append(([], [0]))
        else:
            inside_ref = tag == "ref" or any(a.tag == "ref" for a in child.iterancestors())
            add(child.text, link=inside_ref)
        parent_ref = any(
            a.tag == "ref" for a in child.iterancestors() if a is not node and a is not child
        )
        add(child.tail, link=parent_ref)
    blocks: list[Block] = []
    for parts, linked in lines:
        text = norm("".join(parts))
        if text:
            ratio = min(1.0, linked[0] / max(1, len(text.replace(" ", ""))))
            blocks.append(Block(text, ratio))
    return blocks


_BREAKING: Final = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "section", "article", "table", "tr", "td", "th", "dl", "dt", "dd", "figure", "hr",
        "header", "footer", "pre", "center",
    }
)  # fmt: skip


def element_blocks(node: Node) -> list[Block]:
    """Text blocks of a rule-selected body element: one per block element or ``<br>`` run."""
    blocks: list[Block] = []
    buffer: list[str] = []
    linked = [0]

    def flush() -> None:
        text = norm("".join(buffer))
        if text:
            ratio = min(1.0, linked[0] / max(1, len(text.replace(" ", ""))))
            blocks.append(Block(text, ratio))
        buffer.clear()
        linked[0] = 0

    def walk(current: Node, in_link: bool) -> None:
        tag = current.tag if isinstance(current.tag, str) else ""
        if tag in ("script", "style", "noscript", "template", "iframe", "button", "select"):
            return
        breaking = tag in _BREAKING
        if breaking:
            flush()
        link = in_link or tag == "a"
        if current.text:
            buffer.append(current.text)
            if link:
                linked[0] += len(current.text.strip())
        for child in current:
            walk(child, link)
            if child.tail:
                buffer.append(child.tail)
                if link:
                    linked[0] += len(child.tail.strip())
        if breaking:
            flush()

    walk(node, False)
    flush()
    return blocks
