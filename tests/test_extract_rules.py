"""Declarative per-outlet rule files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ranknews.errors import ConfigError
from ranknews.extract import RuleBook, extract, load_rules
from ranknews.extract.dom import parse_html
from ranknews.extract.rules import Selector, css_to_xpath

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


def _case(name: str) -> tuple[str, str, dict[str, object]]:
    meta = json.loads((FIXTURES / f"{name}.meta.json").read_text(encoding="utf-8"))
    want = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return (FIXTURES / f"{name}.html").read_text(encoding="utf-8"), meta["url"], want


def test_bundled_rules_load_and_match_by_host_and_path() -> None:
    book = load_rules()
    assert len(book) >= 1
    rule = book.match("https://www.yeoul.example/news/view.php?no=3352")
    assert rule is not None
    assert rule.outlet == "여울매일"
    assert book.match("https://yeoul.example/news/view.php?no=1") is rule
    assert book.match("https://m.yeoul.example/news/view.php?no=1") is rule
    assert book.match("https://www.yeoul.example/bbs/board.php") is None
    assert book.match("https://notyeoul.example/news/1") is None


def test_a_page_that_needs_its_rule() -> None:
    page, url, want = _case("yeoul-needs-rule")
    without = extract(page, url, rules=RuleBook()).to_json()
    # Generic extraction takes the site name for the title and a series box for the body.
    assert without["title"] != want["title"]
    assert without["text"] != want["text"]
    assert without["published"] is None
    with_rule = extract(page, url).to_json()
    with_rule.pop("html")
    assert with_rule == want


def test_rule_files_from_a_directory(tmp_path: Path) -> None:
    (tmp_path / "garam.toml").write_text(
        """
outlet = "가람일보 인터넷판"
hosts = ["garam.example"]
title_suffixes = ['\\s*-\\s*가람일보$']

[selectors]
title = "td > font[size='5'] > b"
section = "td font[color='#777777']"
""",
        encoding="utf-8",
    )
    (tmp_path / "notes.txt").write_text("not a rule", encoding="utf-8")
    book = load_rules(tmp_path)
    assert [r.name for r in book.rules] == ["garam"]
    raw = (FIXTURES / "garam-euckr-table.html").read_bytes().decode("cp949")
    got = extract(raw, "http://www.garam.example/news/read.php?no=48213", rules=book)
    assert got.outlet == "가람일보 인터넷판"
    assert got.title == "을지로 노포 골목 재개발 확정…'똠얌꿍 골목' 상인들 \"갈 곳 없다\""
    assert got.section == "사회"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hosts = []", "hosts"),
        ('hosts = ["a.example"]\ncolour = "red"', "unknown keys"),
        ('hosts = ["a.example"]\n[selectors]\nbody = "div::before"', "selector"),
        ('hosts = ["a.example"]\n[selectors]\nheadline = "h1"', "unknown selectors"),
        ('hosts = ["a.example"]\ntitle_suffixes = ["("]', "title_suffixes"),
        ("hosts = [", "rule.toml"),
    ],
)
def test_invalid_rule_files_are_config_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "rule.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_rules(tmp_path)


@pytest.mark.parametrize(
    ("css", "expected_ids"),
    [
        ("div.a", ["1", "3"]),
        ("#x", ["2"]),
        ("div.a.b", ["3"]),
        ("section > div", ["1", "2"]),
        ("section div", ["1", "2", "3"]),
        ("div[data-k]", ["2"]),
        ("div[data-k='v w']", ["2"]),
        ("div[class^=a]", ["1", "3"]),
        ("div[class*=b]", ["3"]),
        ("div[class$=b]", ["3"]),
        ("#x, div.b", ["2", "3"]),
        ("*[id]", ["2"]),
    ],
)
def test_css_subset(css: str, expected_ids: list[str]) -> None:
    tree = parse_html(
        "<html><body><section><div class='a' title='1'></div>"
        "<div id='x' data-k='v w' title='2'><p><div class='a b' title='3'></div></p></div>"
        "</section></body></html>"
    )
    found = Selector.compile(css).select(tree)
    assert [n.get("title") for n in found] == expected_ids, css_to_xpath(css)


def test_xpath_selectors_pass_through() -> None:
    tree = parse_html("<html><body><p class='x'>하나</p><p>둘</p></body></html>")
    assert Selector.compile("//p[not(@class)]").text(tree) == "둘"
