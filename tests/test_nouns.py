"""The Korean noun taggers: what they keep, what they drop, and that threads can share one."""

from __future__ import annotations

import importlib.util
from concurrent.futures import ThreadPoolExecutor

import pytest

from ranknews.nouns import KiwiTagger, MecabTagger, NounTagger, tagger_for

LEAD = (
    "(서울=연합뉴스) 김민수 기자 = 한국은행이 25일 기준금리를 연 2.5%로 동결했다. "
    "이날 이창용 총재는 기자회견에서 오픈AI 같은 AI 기업의 투자가"
    " 반도체 수출을 끌어올렸다고 말했다."
)


def _tagger(name: str) -> NounTagger:
    if name == "kiwi" and importlib.util.find_spec("kiwipiepy") is None:
        pytest.skip("kiwipiepy is not installed: pip install -e '.[kiwi]' to test tokenizer=kiwi")
    return tagger_for(name)


@pytest.fixture(params=["mecab", "kiwi"])
def tagger(request: pytest.FixtureRequest) -> NounTagger:
    return _tagger(request.param)


def test_the_setting_names_the_tagger() -> None:
    assert isinstance(tagger_for("mecab"), MecabTagger)
    assert isinstance(tagger_for("kiwi"), KiwiTagger)  # loads nothing until used
    with pytest.raises(ValueError, match="unknown tokenizer 'okt'; choose one of mecab, kiwi"):
        tagger_for("okt")


def test_nouns_names_and_latin_words_are_kept(tagger: NounTagger) -> None:
    nouns = tagger.nouns(LEAD)
    forms = [n.form for n in nouns]
    for expected in ("한국은행", "금리", "반도체", "수출"):
        assert expected in forms, (expected, forms)
    assert "AI" in forms
    proper = {n.form for n in nouns if n.proper}
    assert {"한국은행", "이창용", "AI"} <= proper, proper
    assert "투자" in forms
    assert "투자" not in proper


def test_stop_nouns_short_words_and_numbers_are_dropped(tagger: NounTagger) -> None:
    forms = {n.form for n in tagger.nouns(LEAD)}
    assert not forms & {"기자", "이날", "기자회견", "25", "2.5", "연", "일", "%"}
    assert all(len(form) >= 2 for form in forms)


def test_latin_words_are_upper_cased_and_single_letters_dropped(tagger: NounTagger) -> None:
    forms = [n.form for n in tagger.nouns("넷플릭스 ott 시장과 K 콘텐츠")]
    assert "OTT" in forms
    assert "K" not in forms
    assert "ott" not in forms


@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_blank_text_has_no_nouns(tagger: NounTagger, blank: str) -> None:
    assert tagger.nouns(blank) == []


def test_threads_share_one_tagger(tagger: NounTagger) -> None:
    texts = [LEAD, "서울시가 폭설 대비 제설 대책을 내놨다.", "국회 본회의에서 예산안이 통과됐다."]
    texts *= 8
    alone = [tagger.nouns(t) for t in texts]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(tagger.nouns, texts))
    assert together == alone


def test_mecab_read_directly_agrees_with_the_binding() -> None:
    """MecabTagger reads MeCab's lattice itself (faster); the binding's own ``pos`` must give
    the same morphemes, or an upgrade of python-mecab-ko changed what it reads."""
    from mecab import MeCab

    tagger = MecabTagger()
    texts = [LEAD, "넷플릭스 ott 시장과 K 콘텐츠", "서울중앙지법은 25일 재판을 열었다."]
    for text in texts:
        assert tagger._tokens(text) == MeCab().pos(text)
