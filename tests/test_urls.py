"""``clean_url`` and ``url_key``: the rule that decides two addresses are one article.

The addresses are in the forms Korean outlets and portals use: desktop, mobile (``m.``,
``mobile.``) and AMP (``amp.`` host, ``/amp`` path, ``?outputType=amp``) variants of one article,
feed and sharing tracking parameters, and query strings whose order differs.
"""

from __future__ import annotations

import pytest

from ranknews.urls import TRACKING_PARAMETERS, clean_url, url_key

# Each group: addresses of one article, as outlets, feeds and sharing buttons write them.
SAME_ARTICLE = [
    pytest.param(
        [
            "https://www.hanbit-ilbo.co.kr/news/articleView.html?idxno=204518",
            "https://m.hanbit-ilbo.co.kr/news/articleView.html?idxno=204518",
            "http://hanbit-ilbo.co.kr/news/articleView.html?idxno=204518",
            "https://www.hanbit-ilbo.co.kr:443/news/articleView.html?idxno=204518#comment",
            "https://WWW.Hanbit-Ilbo.co.kr/news/articleView.html?idxno=204518&utm_source=naver"
            "&utm_medium=referral&utm_campaign=news",
        ],
        id="press-cms-article-view",
    ),
    pytest.param(
        [
            "https://www.saebyeok.com/politics/2025/02/03/K7QF2Z/",
            "https://www.saebyeok.com/politics/2025/02/03/K7QF2Z/?outputType=amp",
            "https://www.saebyeok.com/politics/2025/02/03/K7QF2Z",
            "https://m.saebyeok.com/politics/2025/02/03/K7QF2Z/?fbclid=IwAR0abc&gclid=Cj0x",
        ],
        id="dated-path-with-amp-query",
    ),
    pytest.param(
        [
            "https://www.gyeongje.com/article/2025020312345",
            "https://amp.gyeongje.com/article/2025020312345",
            "https://www.gyeongje.com/article/2025020312345/amp",
            "https://www.gyeongje.com/amp/article/2025020312345",
            "https://www.gyeongje.com/article/2025020312345.amp",
            "https://mobile.gyeongje.com/article/2025020312345?rss=Y",
        ],
        id="amp-host-and-path-forms",
    ),
    pytest.param(
        [
            "https://news.portal.example/read?oid=001&aid=0015200000&sid1=100",
            "https://news.portal.example/read?sid1=100&aid=0015200000&oid=001",
            "https://news.portal.example/read?aid=0015200000&oid=001&sid1=100&ref=main&spm=a1",
        ],
        id="portal-query-in-any-order",
    ),
    pytest.param(
        [
            "https://www.dongbang.kr/news/view/1065580019",
            "https://www.dongbang.kr/news/view/1065580019?amp=1",
            "https://www.dongbang.kr/news/view/1065580019?amp",
            "https://www.dongbang.kr/news/view/1065580019?pk_campaign=feed&mtm_source=x",
        ],
        id="amp-flag-and-analytics-prefixes",
    ),
]

# Pairs that must stay apart: another article, another site, or a parameter that names content.
DIFFERENT_ARTICLES = [
    pytest.param(
        "https://www.hanbit-ilbo.co.kr/news/articleView.html?idxno=204518",
        "https://www.hanbit-ilbo.co.kr/news/articleView.html?idxno=204519",
        id="other-article-number",
    ),
    pytest.param(
        "https://news.portal.example/read?oid=001&aid=0015200000",
        "https://news.portal.example/read?oid=002&aid=0015200000",
        id="other-outlet-on-a-portal",
    ),
    pytest.param(
        "https://www.hanbit-ilbo.co.kr/news/view/1001",
        "https://www.dongbang.kr/news/view/1001",
        id="same-path-other-outlet",
    ),
    pytest.param(
        "https://www.gyeongje.com/News/Read/A2025",
        "https://www.gyeongje.com/news/read/a2025",
        id="paths-are-case-sensitive",
    ),
    pytest.param(
        "https://www.gyeongje.com/article/1?output=amp",
        "https://www.gyeongje.com/article/1?output=print",
        id="output-other-than-amp-kept",
    ),
    pytest.param(
        "http://127.0.0.1:8001/news/1",
        "http://127.0.0.1:8002/news/1",
        id="non-default-port-kept",
    ),
]


@pytest.mark.parametrize("addresses", SAME_ARTICLE)
def test_addresses_of_one_article_share_a_key(addresses: list[str]) -> None:
    keys = {url_key(address) for address in addresses}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(("first", "second"), DIFFERENT_ARTICLES)
def test_addresses_of_different_articles_keep_different_keys(first: str, second: str) -> None:
    assert url_key(first) != url_key(second)


def test_key_form() -> None:
    assert (
        url_key("https://m.hanbit-ilbo.co.kr/news/articleView.html?idxno=204518&utm_source=x")
        == "//hanbit-ilbo.co.kr/news/articleView.html?idxno=204518"
    )
    assert url_key("https://www.dongbang.kr/") == "//dongbang.kr/"
    assert url_key("https://www.dongbang.kr") == "//dongbang.kr/"


def test_a_two_label_host_keeps_its_prefix() -> None:
    # "m.kr" or "www.example" would lose their only name: only a prefix before two labels goes.
    assert url_key("https://www.example/news/1") == "//www.example/news/1"
    assert url_key("https://m.example/news/1") == "//m.example/news/1"


def test_stacked_prefixes_are_all_dropped() -> None:
    assert url_key("https://www.m.gyeongje.com/article/7") == "//gyeongje.com/article/7"


def test_ipv6_host_keeps_brackets_and_port() -> None:
    assert url_key("http://[::1]:8080/a/") == "//[::1]:8080/a"
    assert clean_url("http://[::1]:80/a") == "http://[::1]/a"


def test_clean_url_keeps_a_working_address() -> None:
    # Scheme, www. and the trailing slash stay: the result is fetched again and linked to.
    assert (
        clean_url("HTTPS://WWW.Saebyeok.com:443/politics/2025/02/03/K7QF2Z/?utm_source=naver#top")
        == "https://www.saebyeok.com/politics/2025/02/03/K7QF2Z/"
    )
    assert clean_url("https://www.dongbang.kr") == "https://www.dongbang.kr/"
    assert clean_url("  https://www.dongbang.kr/a  ") == "https://www.dongbang.kr/a"


def test_clean_url_keeps_content_parameters_in_order_and_blank_values() -> None:
    assert (
        clean_url("https://news.portal.example/read?sid1=100&oid=001&aid=7&flag=&fbclid=x")
        == "https://news.portal.example/read?sid1=100&oid=001&aid=7&flag="
    )


def test_tracking_parameters_match_case_insensitively() -> None:
    assert clean_url("https://a.kr/n/1?UTM_Source=x&FBCLID=y&Rss=1&id=3") == "https://a.kr/n/1?id=3"
    assert {name.lower() for name in TRACKING_PARAMETERS} == set(TRACKING_PARAMETERS)
