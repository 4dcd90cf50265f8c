"""Word lists and sentence templates for the synthetic Korean news corpus.

Templates use two kinds of slots:

* ``[kind]`` or ``[kind:조사]`` is filled once, when the corpus builds its sentence pool, with a
  random word of that kind (``[noun:을]`` becomes e.g. ``환율을`` or ``물가를``);
* ``{X}`` or ``{X조사}`` is filled per article: ``S`` the subject institution, ``T`` the topic,
  ``P`` the place, ``N`` the key figure, ``D`` the day, ``R`` the reporter. The particle after
  ``S``, ``T``, ``P`` and ``N`` is one of 은 이 을 와 으로 의 and is chosen to agree with the word.

All names of outlets, companies, universities and people are made up.
"""

from __future__ import annotations

__all__ = [
    "CAPTIONS",
    "EVENTS",
    "EXPERTS",
    "GIVEN_NAMES",
    "KWORDS",
    "LEAD_SENTENCES",
    "OCCUPATIONS",
    "OUTLETS",
    "PERIODS",
    "PLACES",
    "QUOTES",
    "SECTION_WEIGHTS",
    "SECTION_WORDS",
    "SENTENCES",
    "SHORT_QUOTES",
    "SURNAMES",
    "TITLES",
    "WIRE_OUTLETS",
    "SectionWords",
]


def _w(words: str) -> tuple[str, ...]:
    """``"a | b c | d"`` -> ``("a", "b c", "d")``."""
    return tuple(w.strip() for w in words.split("|") if w.strip())


# (slug, name) of the made-up outlets; articles link to https://www.<slug>.example/.
OUTLETS: tuple[tuple[str, str], ...] = (
    ("hanbit", "한빛일보"),
    ("dongnyeok", "동녘신문"),
    ("nuri", "누리경제"),
    ("pureun", "푸른방송 뉴스"),
    ("oneul", "오늘IT"),
    ("hangyeol", "한결통신"),
    ("saebyeok", "새벽일보"),
    ("bareun", "바른경제신문"),
    ("garam", "가람신문"),
    ("daon", "다온스포츠"),
)
# Wire services open the first paragraph with "(서울=한결통신) 김지훈 기자 = ".
WIRE_OUTLETS = frozenset({"hangyeol", "saebyeok"})

# Relative share of each section (slugs of ranknews.sections.DEFAULT_SECTIONS).
SECTION_WEIGHTS = {
    "politics": 18,
    "economy": 22,
    "society": 22,
    "world": 12,
    "tech": 10,
    "culture": 8,
    "sports": 8,
}

SURNAMES = tuple(
    "김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허남심노하곽성차주우구민진"
    "나지엄채원천방공현함변염여추도석선설마길연위표명기반왕금옥육인맹제모탁국"
)
GIVEN_NAMES = _w(
    "지훈 | 민준 | 서연 | 하은 | 도윤 | 예린 | 지민 | 현우 | 수빈 | 유진 | 재원 | 태희 |"
    "동현 | 은지 | 성민 | 혜진 | 준호 | 다은 | 승우 | 가영 | 정훈 | 소희 | 영수 | 미경 |"
    "상철 | 지원 | 윤서 | 건우 | 나래 | 한결 | 보람 | 세영 | 진우 | 은비 | 태양 | 슬기 |"
    "우진 | 채원 | 현정 | 광수 | 경민 | 수정 | 병철 | 다인 | 인호 | 지수 | 용준 | 아름 |"
    "규리 | 명수 | 예준 | 서진 | 하람 | 정민 | 선영 | 도현 | 유나 | 재희 | 민서 | 시우"
)

PLACES = _w(
    "서울 | 부산 | 대구 | 인천 | 광주 | 대전 | 울산 | 세종 | 수원 | 창원 | 제주 | 강릉 |"
    "전주 | 포항 | 청주 | 천안 | 여의도 | 판교 | 용산 | 광화문 | 성남 | 고양 | 김해 |"
    "목포 | 춘천 | 원주 | 안동 | 여수 | 평택 | 송도"
)

PERIODS = _w(
    "올해 | 내년 | 상반기 | 하반기 | 1분기 | 2분기 | 3분기 | 4분기 | 연말 | 다음 달 |"
    "이번 주 | 지난달 | 연내 | 내년 초 | 올겨울"
)

EVENTS = _w(
    "기자회견 | 브리핑 | 간담회 | 토론회 | 공청회 | 설명회 | 정책 발표회 | 업무보고 |"
    "현장 점검 | 출범식 | 포럼 | 세미나"
)

OCCUPATIONS = _w(
    "상인 | 직장인 | 학부모 | 자영업자 | 택시기사 | 대학생 | 주민 | 농민 | 간호사 |"
    "공무원 | 교사 | 청년 창업가"
)

EXPERTS = _w(
    "한빛대 경제학과 교수 | 누리대 행정학과 교수 | 동녘대 사회학과 교수 |"
    "가람대 컴퓨터공학과 교수 | 미래정책연구원 선임연구위원 | 누리경제연구소 연구위원 |"
    "한국공공정책연구원 연구위원 | 바른금융연구소 수석연구원 | 새솔대 국제관계학과 교수 |"
    "한결대 체육학과 교수 | 다솜대 문화콘텐츠학과 교수 | 하늘과학기술원 교수"
)

KWORDS = ("반도체", "배터리", "콘텐츠", "방산", "푸드", "뷰티", "조선", "원전", "팝", "웹툰")

# Clauses quoted inside sentences; each ends so that 며/고 can follow.
QUOTES = (
    "[noun] 문제를 더는 미룰 수 없다",
    "{T}에는 단기 처방이 아니라 구조적인 해법이 필요하다",
    "현장의 목소리를 충분히 듣고 보완하겠다",
    "[noun:이] 안정될 때까지 모든 수단을 동원하겠다",
    "국민 불편이 없도록 최선을 다하겠다",
    "[noun:과] [noun] 사이의 균형을 찾는 것이 가장 중요하다",
    "지금이 [noun] 정책을 바로잡을 마지막 기회다",
    "[year]까지 목표를 반드시 달성하겠다",
    "일방적인 결정에는 동의할 수 없다",
    "[noun] 지원이 제때 이뤄지지 않으면 피해가 더 커질 수 있다",
    "아직 결론을 내리기엔 이르다",
    "{T} 관련 세부 내용은 추가로 검토하고 있다",
    "숫자보다 국민이 체감하는 변화가 중요하다",
    "AI 시대에 맞는 새 기준이 필요하다",
    "[place] 현장에서는 이미 변화가 시작됐다",
    "[noun:을] 둘러싼 오해가 풀리길 바란다",
    "책임 있는 대책이 나올 때까지 지켜보겠다",
    "[money] 규모의 투자가 제대로 쓰이는지 점검하겠다",
    "이번 결정은 [noun] 흐름을 바꾸는 출발점이 될 것이다",
    "K-[kword] 경쟁력은 결국 사람에게서 나온다",
    "[period] 안에 후속 조치를 내놓겠다",
    "관계 기관과 긴밀히 협의해 나가겠다",
)

# Short quotes for headlines.
SHORT_QUOTES = _w(
    "연내 결론 낸다 | 현장 혼선 없게 | 원점 재검토 없다 | 더는 못 미뤄 | 속도 조절 필요 |"
    "책임지고 해결 | 전면 재검토 | 시장 안정 최우선 | 국민 눈높이 맞춰야 | 골든타임 놓쳐 |"
    "사실무근 | 제도 보완 시급 | 끝까지 간다 | 협상 여지 있다 | AI가 답"
)

# Body sentences. Generic slots: noun (of the article's section), org (an institution of the
# section), person, title (a job title), expert, place, num (an amount), pct, count (of
# things), people (of persons), year, period, day, event, occupation, kword, quote.
SENTENCES = (
    "{S은} {D} {P}에서 [event:을] 열고 {T} 관련 [noun] 대책을 [announce].",
    "{S은} 이번 조치로 [noun] 규모가 [year]까지 [money:으로] 늘어날 것으로 내다봤다.",
    '[org] [title] [person:은] "[quote]"며 "[quote]"고 [said].',
    '[person] [org] [title:은] "[quote]"고 [said].',
    "업계에서는 {T이} [noun:에] 적지 않은 영향을 줄 것이라는 관측이 나온다.",
    "[org]에 따르면 [period] [noun:은] [num:으로] 집계돼 전년 같은 기간보다 [pct] [updown].",
    "이는 [year] 이후 가장 큰 규모다.",
    "{P} 지역에서는 [noun:을] 둘러싼 주민 반발도 이어지고 있다.",
    "[org:은] [period] 중 [noun] 개선안을 마련해 {S와} 협의할 계획이다.",
    "전문가들은 {T이} 단기적으로는 [noun:에] 부담이 될 수 있다고 지적했다.",
    '[person] [expert:은] "[quote]"며 "[quote]"고 말했다.',
    "{S은} 다음 달까지 세부 시행 계획을 확정하고 [year] 상반기부터 본격 시행할 방침이다.",
    "앞서 [org:은] 지난 [day] [noun] 관련 보고서를 내고 [noun:의] 필요성을 제기한 바 있다.",
    "{T을} 둘러싼 논란은 [period] 들어 [noun] 문제와 맞물리며 더 커졌다.",
    "[org] 집계 결과 [noun] 관련 신고는 [count:으로] 지난해보다 [pct] 늘었다.",
    "한편 {S은} [noun:과] [noun] 분야에 [money:을] 추가로 투입하는 방안도 검토하고 있다.",
    "이 같은 흐름은 [place:와] [place] 등 주요 도시에서도 비슷하게 나타나고 있다.",
    "{N} 규모의 [noun] 계획이 실제로 집행될지는 미지수라는 평가도 있다.",
    '[org:은] 이날 낸 입장문에서 "[quote]"고 밝혔다.',
    "시장에서는 {T이} [period] [noun] 흐름을 가를 변수가 될 것으로 보고 있다.",
    '{S} 관계자는 "[quote]"고 설명했다.',
    '[person] [org] [title:은] 기자들과 만나 "[quote]"고 말했다.',
    '이에 대해 [org] 측은 "[quote]"며 반박했다.',
    "[org:와] [org:은] [day] {P}에서 업무협약을 맺고 [noun] 분야 협력을 강화하기로 했다.",
    "{T}에 대한 여론도 엇갈린다.",
    "[org:이] 지난주 전국 성인 [people:을] 대상으로 한 조사에서 응답자의 [pct:가] {T}에"
    " 찬성한다고 답했다.",
    "반대한다는 응답은 [pct], 모름·무응답은 [pct:으로] 집계됐다.",
    "[noun] 분야에서 AI 활용이 늘면서 [noun:에] 대한 관심도 커지고 있다.",
    "{S은} [noun] 관련 규정을 손질해 [year]까지 [noun] 부담을 [pct] 줄이겠다는 목표를 세웠다.",
    "다만 [noun] 재원을 어떻게 마련할지는 아직 구체적이지 않다는 지적이 나온다.",
    "[noun] 예산은 지난해 [money:에서] 올해 [money:으로] 늘었다.",
    '{P}의 한 [occupation:은] "[quote]"고 하소연했다.',
    "정부는 이르면 [period] [noun] 관련 후속 대책을 내놓을 예정이다.",
    "[org] 안팎에서는 {T이} [noun] 논의의 분수령이 될 것이라는 말도 나온다.",
    "이번 발표는 [noun:과] [noun] 문제가 겹친 상황에서 나왔다.",
    "관련 예산은 [money:으로] 책정됐으며 이 가운데 [pct:가] [noun] 분야에 쓰인다.",
    "{S은} 현장 점검을 거쳐 [count:을] 대상으로 시정 명령을 내렸다.",
    "[org] 통계에 따르면 {P} 지역 [noun] 비중은 [pct:로] 전국 평균을 웃돌았다.",
    "K-[kword] 경쟁력을 높이기 위한 [noun] 지원도 함께 추진된다.",
    "투자 계획이 확정되면 {P} 일대에 [people] 규모의 일자리가 생길 것으로 기대된다.",
    '{S은} "[quote]"는 입장을 거듭 밝혔다.',
    "[noun] 지표는 [months] 연속 [trend:를] 이어갔다.",
    "{S}의 이번 결정은 {N} 규모의 [noun] 정책과도 맞물려 있다.",
    "[period] {T} 관련 예산은 [money:으로] 지난해보다 [pct] [updown].",
    "{P}에서는 [day]부터 [noun] 관련 시범 사업이 시작된다.",
    "[org:은] [noun] 피해를 줄이기 위해 전담 조직을 꾸리고 [people:을] 새로 배치했다.",
    "이번 논의에는 [org:과] [org] 등 [count] 기관이 참여했다.",
    "{T}의 효과를 두고는 [expert] 사이에서도 평가가 엇갈린다.",
)

CAPTIONS = (
    "[person] [org] [title:이] {D} {P}에서 열린 [event]에서 발언하고 있다.",
    "{D} {P}에서 {T} 관련 [event:이] 열리고 있다.",
    "{P}의 한 [noun] 현장 모습.",
    "{S이} 공개한 {T} 관련 자료 화면.",
    "[person] [org] [title:이] {D} {P}에서 기자들의 질문에 답하고 있다.",
    "{T을} 앞둔 {P} 일대 모습.",
)

# Indexes into SENTENCES of the sentences an article may open with.
LEAD_SENTENCES = (0, 1, 11, 44)

# Headline templates; the corpus keeps drawing until one fits in 25-60 characters.
TITLES = (
    "{S}, {T} 본격 추진…{N} 투입",
    '‘{T}’ 속도 낸다…{S} "[shortq]"',  # noqa: RUF001
    '{P}서 {T} 논란 확산…[org] "[shortq]"',
    "{T} 후폭풍…[noun] {N} 늘어",
    '{S} "{T}, [shortq]"',
    "{N} 넘긴 {T}…‘[noun] 부담’ 우려 커져",  # noqa: RUF001
    "{T} [year] 시행…달라지는 [digit]가지",
    "{S}·[org], {T} 공동 대응…‘[shortq]’",  # noqa: RUF001
    "‘{T}’ 첫날 {P} 현장 가보니…[noun] 혼선",  # noqa: RUF001
    "{T}에 쏠린 눈…[period] [noun] 향방은",
    "[period] [noun] {N}…{T} 영향 본격화",
    "{S}, [noun] 대책 발표…{T} 보완 나선다",
    '[noun] 흔드는 {T}…{P} [occupation] "[shortq]"',
    '{T} 갈등 {D}째…{S} "[shortq]"',
    '[org] 조사 "{T} 찬성 [pct]"…반대 여론도 만만찮아',
    "{P} [noun] {N} 돌파…{T} 효과 나타나나",
)


class SectionWords:
    """The words one section's articles are made of."""

    __slots__ = ("nouns", "orgs", "subjects", "titles", "topics")

    def __init__(
        self,
        subjects: tuple[str, ...],
        topics: tuple[str, ...],
        nouns: tuple[str, ...],
        orgs: tuple[str, ...],
        titles: tuple[str, ...],
    ) -> None:
        self.subjects = subjects
        self.topics = topics
        self.nouns = nouns
        self.orgs = orgs
        self.titles = titles


SECTION_WORDS: dict[str, SectionWords] = {
    "politics": SectionWords(
        subjects=_w(
            "정부 | 국회 | 대통령실 | 여당 | 야당 | 국무조정실 | 행정안전부 | 외교부 | 국방부 |"
            "통일부 | 법무부 | 중앙선거관리위원회 | 국회 운영위원회"
        ),
        topics=_w(
            "예산안 처리 | 특별감찰관 임명 | 지방선거 공천 | 개헌 논의 | 국정감사 |"
            "선거구 획정 | 정부조직 개편 | 인사청문회 | 여야 협의체 | 세법 개정안 |"
            "공직자 재산 공개 | 대북 정책 | 지방분권 특별법 | 정치자금법 개정 | 특검법"
        ),
        nouns=_w(
            "법안 | 예산 | 공천 | 여론 | 협상 | 합의안 | 표결 | 본회의 | 상임위 | 당정협의 |"
            "지지율 | 개정안 | 시행령 | 국민청원 | 감사 | 선거제 | 국정 운영 | 인사 | 특위 |"
            "원내 전략"
        ),
        orgs=_w(
            "여당 지도부 | 야당 지도부 | 국회 입법조사처 | 국회예산정책처 | 행정안전부 |"
            "법제처 | 감사원 | 한국갤럽연구소 | 미래여론연구소 | 시민정치연대"
        ),
        titles=_w("원내대표 | 대변인 | 장관 | 의원 | 위원장 | 수석 | 정책위의장 | 비서실장"),
    ),
    "economy": SectionWords(
        subjects=_w(
            "기획재정부 | 한국은행 | 금융위원회 | 공정거래위원회 | 통계청 | 한국거래소 |"
            "산업통상자원부 | 금융감독원 | 국토교통부 | 중소벤처기업부 | 한빛전자 |"
            "대한모빌리티 | 동방금융지주 | 하람에너지"
        ),
        topics=_w(
            "기준금리 동결 | 가계부채 관리 | 반도체 수출 | 원/달러 환율 | 소비자물가 |"
            "부동산 공급 대책 | 법인세 개편 | 전세대출 규제 | 배터리 투자 | 자영업자 지원 |"
            "스트레스 DSR | 공매도 재개 | 밸류업 프로그램 | 상속세 개편 | K-반도체 지원"
        ),
        nouns=_w(
            "수출 | 물가 | 금리 | 환율 | 가계대출 | 주택 공급 | 설비투자 | 영업이익 | 매출 |"
            "고용 | 소비 | 경상수지 | 코스피 | 코스닥 | 회사채 | 유동성 | 재정 | 세수 | 관세 |"
            "ESG 경영"
        ),
        orgs=_w(
            "한국은행 | 통계청 | 한국무역협회 | 대한상공회의소 | 한국경제연구원 |"
            "누리경제연구소 | 한국부동산원 | 금융투자협회 | 전국경제인연합 | 한빛증권"
        ),
        titles=_w("총재 | 차관 | 부위원장 | 원장 | 대표 | 연구위원 | 본부장 | 수석이코노미스트"),
    ),
    "society": SectionWords(
        subjects=_w(
            "서울시 | 경기도 | 교육부 | 보건복지부 | 경찰청 | 질병관리청 | 소방청 | 환경부 |"
            "고용노동부 | 여성가족부 | 서울중앙지검 | 대법원 | 국가인권위원회"
        ),
        topics=_w(
            "의대 정원 | 저출생 대책 | 전세사기 피해 지원 | 폭염 대응 | 출생통보제 | 늘봄학교 |"
            "교권 보호 | 중대재해처벌법 | 고독사 예방 | 청년 주거 | 미세먼지 저감 |"
            "학교폭력 대책 | 돌봄 공백 | 응급실 대란"
        ),
        nouns=_w(
            "돌봄 | 출생아 수 | 교통사고 | 응급실 | 전공의 | 학부모 | 임대차 | 안전 점검 |"
            "112 신고 | 119 출동 | 어린이집 | 노인 일자리 | 요양병원 | 등굣길 | 초등학교 |"
            "공공임대 | 청년 고용 | 산업재해 | 보육 | 독거노인"
        ),
        orgs=_w(
            "서울시 | 경찰청 | 보건복지부 | 한국보건사회연구원 | 대한의사협회 |"
            "전국교직원노동조합 | 참여시민연대 | 한국소비자원 | 국민건강보험공단 | 소방청"
        ),
        titles=_w("시장 | 청장 | 장관 | 대변인 | 회장 | 국장 | 과장 | 위원장"),
    ),
    "world": SectionWords(
        subjects=_w(
            "미국 정부 | 중국 외교부 | 일본 정부 | 유럽연합(EU) | 유엔 | 국제통화기금(IMF) |"
            "나토 | 주요 7개국(G7) | 세계보건기구(WHO) | 미 연방준비제도 | 영국 정부"
        ),
        topics=_w(
            "대중 관세 | 우크라이나 휴전 협상 | 중동 정세 | 엔저 현상 | 미 대선 |"
            "기후변화 협약 | 공급망 재편 | 반도체 수출 통제 | 난민 문제 | 남중국해 갈등 |"
            "유가 급등 | G20 정상회의 | 북핵 협상"
        ),
        nouns=_w(
            "관세 | 정상회담 | 제재 | 휴전 | 외교 | 동맹 | 무역수지 | 유가 | 공급망 |"
            "국채 금리 | 난민 | 선거 | 여론조사 | 국방비 | 원조 | 무역 협정"
        ),
        orgs=_w(
            "미 국무부 | 중국 상무부 | 일본 경제산업성 | EU 집행위원회 | 유엔 안전보장이사회 |"
            "국제에너지기구(IEA) | 세계무역기구(WTO) | 미 의회 | 영국 재무부 | 독일 정부"
        ),
        titles=_w("대변인 | 장관 | 총리 | 대사 | 사무총장 | 위원장 | 의장 | 특사"),
    ),
    "tech": SectionWords(
        subjects=_w(
            "과학기술정보통신부 | 한국전자통신연구원(ETRI) | 방송통신위원회 | 한빛전자 |"
            "누리반도체 | 오늘소프트 | 하늘통신 | 한국과학기술연구원(KIST) | 우주항공청 |"
            "개인정보보호위원회"
        ),
        topics=_w(
            "생성형 AI | AI 기본법 | 6G 상용화 | K-반도체 전략 | 데이터센터 전력 | 양자컴퓨터 |"
            "자율주행 | 망 사용료 | 개인정보 유출 | 누리호 발사 | 온디바이스 AI | HBM 양산 |"
            "클라우드 전환 | 사이버 보안"
        ),
        nouns=_w(
            "AI | 반도체 | HBM | 데이터센터 | 클라우드 | 플랫폼 | 알고리즘 | 스타트업 | 5G |"
            "6G | 로봇 | 배터리 | 위성 | 소프트웨어 | 오픈소스 | GPU | LLM | 보안 |"
            "디지털 전환 | SaaS"
        ),
        orgs=_w(
            "한빛전자 | 누리반도체 | 오늘소프트 | 하늘통신 | 한국인터넷진흥원(KISA) |"
            "정보통신정책연구원 | 한국소프트웨어산업협회 | 가람AI | 다온로보틱스 |"
            "새솔클라우드"
        ),
        titles=_w("대표 | 부사장 | CTO | 연구소장 | 장관 | 원장 | 팀장 | 책임연구원"),
    ),
    "culture": SectionWords(
        subjects=_w(
            "문화체육관광부 | 국립중앙박물관 | 한국콘텐츠진흥원 | 영화진흥위원회 |"
            "국립현대미술관 | 서울문화재단 | 국가유산청 | 한국관광공사"
        ),
        topics=_w(
            "K-팝 해외 공연 | 영화 관객 감소 | 웹툰 불법 유통 | OTT 오리지널 제작 |"
            "국가유산 보존 | 도서정가제 | 공연 암표 | 한류 관광 | 지역 축제 | 미술품 물납제 |"
            "K-콘텐츠 수출"
        ),
        nouns=_w(
            "관객 | 전시 | 공연 | 음반 | 드라마 | 영화 | 웹툰 | 작가 | 출판 | 축제 | 티켓 |"
            "한류 | 저작권 | 스트리밍 | OTT | 관광객 | 박물관 | 뮤지컬"
        ),
        orgs=_w(
            "한국콘텐츠진흥원 | 영화진흥위원회 | 한국출판문화산업진흥원 | 한국음악저작권협회 |"
            "가람엔터테인먼트 | 누리픽처스 | 다솜미디어 | 한국관광공사 | 서울문화재단"
        ),
        titles=_w("관장 | 이사장 | 감독 | 대표 | 원장 | 평론가 | 기획자 | 위원장"),
    ),
    "sports": SectionWords(
        subjects=_w(
            "대한체육회 | 한국야구위원회(KBO) | 대한축구협회 | 한국프로축구연맹 |"
            "대한배구협회 | 국민체육진흥공단 | 한국농구연맹(KBL) | 대한양궁협회"
        ),
        topics=_w(
            "프로야구 포스트시즌 | 월드컵 예선 | 아시안게임 준비 | 샐러리캡 |"
            "자동 투구 판정 시스템(ABS) | 구단 매각 | 국가대표 감독 선임 | 승강제 |"
            "올림픽 유치 | 선수 부상 관리 | FA 시장"
        ),
        nouns=_w(
            "관중 | 시즌 | 구단 | 감독 | 선발 투수 | 홈런 | 결승전 | 대표팀 | 이적료 | 연봉 |"
            "입장권 | 중계권 | 리그 | 플레이오프 | 유소년 육성 | 전지훈련"
        ),
        orgs=_w(
            "한빛 타이거즈 | 누리 FC | 동녘 이글스 | 가람 유나이티드 | 다온 점퍼스 |"
            "한국야구위원회(KBO) | 대한축구협회 | 대한체육회 | 선수협회 | 새벽 웨일스"
        ),
        titles=_w("감독 | 단장 | 회장 | 주장 | 코치 | 사무총장 | 대표 | 위원장"),
    ),
}
