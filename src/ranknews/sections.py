"""The sections a Korean news board shows as tabs, with stable slugs for URLs."""

from __future__ import annotations

from ranknews.models import Section

__all__ = ["DEFAULT_SECTIONS", "section_for_name"]

DEFAULT_SECTIONS: tuple[Section, ...] = (
    Section("politics", "정치", 1),
    Section("economy", "경제", 2),
    Section("society", "사회", 3),
    Section("world", "국제", 4),
    Section("tech", "IT·과학", 5),
    Section("culture", "문화", 6),
    Section("sports", "스포츠", 7),
)

_BY_NAME = {s.name: s for s in DEFAULT_SECTIONS}


def section_for_name(name: str) -> Section | None:
    """The default section called ``name`` (e.g. ``정치``), if there is one."""
    return _BY_NAME.get(name.strip())
