"""A synthetic corpus of distinct text: every sentence composed here, events told by a long tail.

Before: ``seeds/gazetteer.yml`` (names in English, Vietnamese and Japanese) and a seed.
After: ``articles(n, seed)`` yields ``n`` articles (title, byline, date line, ISO date,
publication, language, paragraphs), about as long as ``corpus.py``'s repeated-text ones
(~49 sentences, ~7 KB), 80 % English, 10 % Vietnamese, 10 % Japanese.

Why: a corpus that repeats sentences hits extraction's per-text memos and shares memory, so
it measures less work than real articles cost. Here each sentence is assembled from word
lists written for this generator (no article text is copied), and a sentence already used
is drawn again, so a sentence appears in one article (a few at worst, when the draws run
out). Events come from a Zipf-like draw over event ranks: most are told by one to five
articles, a few by hundreds; each telling is worded afresh (its own template, date form,
attribution and comment) around the event's facts (date, actors, place, topic, figure), so
automatic linking has real work. Some articles also retell an event of ``seeds/events.yml``
in their own words, and carry statistics, quotes and dates in several forms for extraction.

Everything comes from ``random.Random`` seeded by ``seed``: the same ``n`` and ``seed`` give
the same bytes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

GAZETTEER = Path(__file__).resolve().parents[1] / "seeds" / "gazetteer.yml"
LANGUAGES = (("en", 0.8), ("vi", 0.1), ("ja", 0.1))
ZIPF_EXPONENT, ZIPF_OFFSET = 1.1, 5
"""Events are drawn with weight 1 / (rank + q)^s (Zipf–Mandelbrot) over 2 N ranks: with s a
little above 1, most events are told by one to five articles, the first few by several
percent of the corpus; q keeps the first from being told by nearly half of it."""

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
COUNTRIES = ("japan", "vietnam", "china", "united-states")

# What events are about: (English, Vietnamese, Japanese) noun phrases and their qualifiers.
NOUNS = (
    ("dredging contracts", "hợp đồng nạo vét", "浚渫契約"),
    ("minesweeper training", "huấn luyện rà phá thủy lôi", "掃海訓練"),
    ("desalination plants", "nhà máy khử mặn", "海水淡化施設"),
    ("cold-chain warehouses", "kho lạnh", "低温物流倉庫"),
    ("pilot schools", "trường đào tạo phi công", "操縦士学校"),
    ("radar stations", "trạm radar", "レーダー基地"),
    ("flood barriers", "đê chắn lũ", "防潮堤"),
    ("seaport terminals", "bến cảng", "港湾ターミナル"),
    ("metro depots", "depot tàu điện", "地下鉄車両基地"),
    ("nursing schools", "trường điều dưỡng", "看護学校"),
    ("fishing cooperatives", "hợp tác xã nghề cá", "漁業協同組合"),
    ("wind farms", "trang trại điện gió", "風力発電所"),
    ("chip packaging lines", "dây chuyền đóng gói chip", "半導体後工程ライン"),
    ("customs software", "phần mềm hải quan", "税関システム"),
    ("rice mills", "nhà máy xay xát lúa", "精米工場"),
    ("hospital wards", "khu điều trị bệnh viện", "病棟"),
    ("expressway sections", "đoạn đường cao tốc", "高速道路区間"),
    ("sewage networks", "mạng lưới thoát nước", "下水道網"),
    ("weather satellites", "vệ tinh khí tượng", "気象衛星"),
    ("cyber drills", "diễn tập an ninh mạng", "サイバー演習"),
    ("language centres", "trung tâm tiếng Nhật", "日本語教育センター"),
    ("LNG terminals", "kho cảng LNG", "LNG受入基地"),
    ("solar parks", "cánh đồng điện mặt trời", "太陽光発電所"),
    ("shipyards", "nhà máy đóng tàu", "造船所"),
    ("rail bridges", "cầu đường sắt", "鉄道橋"),
    ("vaccine factories", "nhà máy vắc-xin", "ワクチン工場"),
    ("trainee dormitories", "ký túc xá thực tập sinh", "実習生寮"),
    ("mangrove belts", "rừng ngập mặn", "マングローブ林"),
    ("industrial parks", "khu công nghiệp", "工業団地"),
    ("data centres", "trung tâm dữ liệu", "データセンター"),
    ("airport runways", "đường băng sân bay", "空港滑走路"),
    ("ferry routes", "tuyến phà", "フェリー航路"),
    ("hydrographic surveys", "khảo sát thủy văn", "水路測量"),
    ("earthquake sensors", "cảm biến động đất", "地震計"),
    ("power grids", "lưới điện", "送電網"),
    ("container depots", "bãi container", "コンテナ基地"),
    ("textile mills", "nhà máy dệt", "紡績工場"),
    ("tram lines", "tuyến tàu điện mặt đất", "路面電車路線"),
    ("fish markets", "chợ hải sản", "魚市場"),
    ("forestry nurseries", "vườn ươm lâm nghiệp", "苗畑"),
)
QUALIFIERS = (
    ("northern", "phía bắc", "北部の"), ("coastal", "ven biển", "沿岸の"),
    ("provincial", "cấp tỉnh", "地方の"), ("upgraded", "được nâng cấp", "改修された"),
    ("joint", "chung", "共同の"), ("pilot", "thí điểm", "試験的な"),
    ("second-phase", "giai đoạn hai", "第2期の"), ("riverside", "ven sông", "河川沿いの"),
    ("deep-water", "nước sâu", "大水深の"), ("rural", "nông thôn", "農村の"),
    ("urban", "đô thị", "都市の"), ("southern", "phía nam", "南部の"),
    ("central", "miền Trung", "中部の"), ("small-scale", "quy mô nhỏ", "小規模な"),
    ("large-scale", "quy mô lớn", "大規模な"), ("low-carbon", "ít phát thải", "低炭素の"),
    ("emergency", "khẩn cấp", "緊急の"), ("mobile", "cơ động", "移動式の"),
    ("digital", "số", "デジタル"), ("cross-border", "xuyên biên giới", "越境"),
)
# What happened to it: past-tense phrases around the topic ``{t}``.
ACTIONS = (
    ("signed a contract for {t}", "ký hợp đồng xây dựng {t}", "{t}の建設契約に署名した"),
    ("opened talks on {t}", "khởi động đàm phán về {t}", "{t}に関する協議を開始した"),
    ("agreed to finance {t}", "nhất trí tài trợ cho {t}", "{t}への融資で合意した"),
    ("launched a joint study of {t}", "khởi động nghiên cứu chung về {t}",
     "{t}の共同調査を開始した"),
    ("inaugurated {t}", "khánh thành {t}", "{t}の完成式典を開いた"),
    ("broke ground on {t}", "khởi công {t}", "{t}の起工式を行った"),
    ("suspended work on {t}", "tạm dừng thi công {t}", "{t}の工事を中断した"),
    ("announced a loan for {t}", "công bố khoản vay cho {t}", "{t}向けの円借款を発表した"),
    ("held talks over {t}", "hội đàm về {t}", "{t}について会談した"),
    ("completed an inspection of {t}", "hoàn tất kiểm tra {t}", "{t}の点検を終えた"),
)
PLACES_EXTRA = (  # provinces and prefectures outside the gazetteer: "unknown names"
    ("Quang Ninh", "Quảng Ninh", "クアンニン省"), ("Binh Duong", "Bình Dương", "ビンズオン省"),
    ("Nghe An", "Nghệ An", "ゲアン省"), ("Can Tho", "Cần Thơ", "カントー"),
    ("Khanh Hoa", "Khánh Hòa", "カインホア省"), ("Thanh Hoa", "Thanh Hóa", "タインホア省"),
    ("Quang Ngai", "Quảng Ngãi", "クアンガイ省"), ("Osaka", "Osaka", "大阪"),
    ("Fukuoka", "Fukuoka", "福岡"), ("Aichi", "Aichi", "愛知県"),
    ("Hokkaido", "Hokkaido", "北海道"), ("Hiroshima", "Hiroshima", "広島"),
)
OUTLETS = ("The Diplomat", "Asia Times", "East Asia Forum", "Nikkei Asia", "Kyodo News",
           "VnExpress International", "Tuoi Tre News", "The Japan Times", "Reuters",
           "Vietnam News Agency", "NHK World", "Thanh Nien", "Jiji Press", "Voice of Vietnam")
OUTLETS_JA = ("共同通信", "時事通信社", "日本経済新聞", "NHK", "朝日新聞", "読売新聞",
              "ベトナム通信")
OUTLETS_VI = ("VnExpress", "Tuổi Trẻ", "Thanh Niên", "Đài Tiếng nói Việt Nam", "Báo Nhân Dân",
              "Thông tấn xã Việt Nam", "Dân trí")

# Names of people who are not in the gazetteer (bylines, quoted experts).
GIVEN_EN = ("Mai", "Kenji", "Linh", "Yuki", "David", "Hoa", "Emma", "Takumi", "Quang", "Sarah",
            "Minh", "Aiko", "Thomas", "Lan", "Hiroshi", "Rachel", "Tuan", "Naomi", "Daniel",
            "Sakura", "Peter", "Thu", "Ryo", "Laura")
FAMILY_EN = ("Tran", "Watanabe", "Pham", "Sato", "Brown", "Nguyen", "Clarke", "Mori", "Le",
             "Kim", "Hoang", "Tanaka", "Evans", "Vu", "Kobayashi", "Miller", "Dang", "Ishikawa",
             "Walsh", "Bui", "Yamamoto", "Fischer", "Do", "Hayashi")
FAMILY_VI = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLE_VI = ("Văn", "Thị", "Minh", "Thu", "Hữu", "Thanh", "Quốc", "Ngọc")
GIVEN_VI = ("An", "Bình", "Hương", "Lan", "Tuấn", "Dũng", "Mai", "Hải", "Phương", "Sơn",
            "Trang", "Khoa")
FAMILY_JA = ("山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤")
GIVEN_JA = ("太郎", "花子", "健一", "美咲", "翔", "陽子", "大輔", "恵", "隆", "由美")
ROLES = ("a senior fellow", "a professor of economics", "a former ambassador",
         "a researcher", "the deputy director", "a visiting scholar", "a trade consultant",
         "a retired navy captain", "a port engineer", "a labour economist")
INSTITUTES = ("the {adj} Institute for {field} Studies", "the {adj} Centre for {field} Research",
              "{adj} University's {field} programme")
INSTITUTE_ADJ = ("Pacific", "Mekong", "Kansai", "Red River", "Eastern", "Lotus", "Harbour",
                 "Kyushu", "Saigon", "Meridian")
FIELDS = ("Maritime", "Development", "Security", "Trade", "Energy", "Urban", "Labour",
          "Regional Affairs", "Infrastructure", "Ocean Law")

# English commentary: "{subject} {stance} that {actor} {modal} {verb} {object} {when}."
SUBJECTS_EN = ("Analysts in {city}", "Officials in {city}", "Diplomats familiar with the talks",
               "Observers of the region", "Business groups in {city}", "Several lawmakers",
               "Researchers at {institute}", "Retired naval officers", "Trade negotiators",
               "Planners in {city}", "Bankers who follow the sector", "Local residents")
STANCES_EN = ("argue", "note", "suggest", "point out", "caution", "believe", "have long held",
              "warn", "expect", "doubt", "concede", "insist")
MODALS_EN = ("will", "could", "may", "is unlikely to", "is eager to", "has begun to",
             "is preparing to", "hopes to", "is under pressure to", "cannot afford to",
             "has promised to", "is reluctant to")
VERBS_EN = ("expand", "rethink", "deepen", "scale back", "fund", "accelerate", "diversify",
            "protect", "renegotiate", "modernise", "coordinate", "audit", "subsidise",
            "relocate", "standardise", "insure")
LATER_EN = ("before the next election", "without alarming Beijing", "over the coming decade",
            "despite budget limits", "as costs rise", "once the rainy season ends",
            "in the Mekong Delta", "after years of delay", "within two fiscal years",
            "while demand keeps growing", "under the current plan", "as interest rates climb",
            "if lenders agree", "ahead of the summit season")
CONNECTORS_EN = ("Meanwhile", "At the same time", "Even so", "In practice", "By contrast",
                 "For now", "Still", "In the meantime", "Put simply", "Above all")
COMMENTS_EN = ("a step analysts called overdue", "a move exporters welcomed",
               "a gesture critics called symbolic", "a decision that surprised few",
               "a deal local media praised", "a plan that drew protests from fishermen",
               "an outcome lenders had pressed for", "a compromise after long delays")
REACTIONS_EN = ("local media gave it wide coverage", "few observers expected it to last",
                "shares of builders rose", "opposition figures called it rushed",
                "neighbouring provinces asked for similar terms", "unions asked for guarantees",
                "it set a pattern for later projects", "environmental groups raised concerns")
ATTRIBUTIONS_EN = ("according to {outlet}", "{outlet} reported", "officials said",
                   "a government statement said", "{outlet} said, citing officials",
                   "as {outlet} noted at the time", "records published later show")

# Vietnamese commentary: "{subject} {stance} {actor} {modal} {verb} {object} {when}."
SUBJECTS_VI = ("Các chuyên gia tại {city}", "Giới quan sát", "Nhiều nhà nghiên cứu",
               "Các quan chức ở {city}", "Doanh nghiệp ở {city}", "Một số đại biểu Quốc hội",
               "Các nhà ngoại giao", "Người dân địa phương")
STANCES_VI = ("cho rằng", "nhận định", "lưu ý rằng", "dự báo", "lo ngại rằng", "tin rằng",
              "nhấn mạnh rằng")
MODALS_VI = ("sẽ", "có thể", "đang chuẩn bị", "cần", "khó có thể", "mong muốn", "đã bắt đầu")
VERBS_VI = ("mở rộng", "đẩy mạnh", "điều chỉnh", "tài trợ", "hiện đại hóa", "đa dạng hóa",
            "bảo vệ", "rà soát", "tăng tốc", "chuẩn hóa")
LATER_VI = ("trong thập kỷ tới", "trước kỳ bầu cử tới", "bất chấp hạn chế ngân sách",
            "khi chi phí tăng", "ở đồng bằng sông Cửu Long", "sau nhiều năm chậm trễ",
            "trong hai năm tài khóa", "nếu các bên cho vay đồng ý")
ATTRIBUTIONS_VI = ("Theo {outlet}", "Theo các quan chức", "Theo thông cáo của chính phủ",
                   "Như {outlet} đưa tin")

# Japanese commentary: "{subject}、{when}{actor}が{object}を{verb}と{stance}。"
SUBJECTS_JA = ("{city}の専門家は", "外交筋は", "複数の研究者は", "政府関係者は",
               "現地の企業団体は", "元外交官は", "地元の住民は")
STANCES_JA = ("指摘している", "分析している", "懸念を示した", "期待している", "述べた",
              "見ている")
VERBS_JA = ("拡大する可能性がある", "見直す方針だ", "強化する見通しだ", "加速させる考えだ",
            "支援する構えだ", "縮小する恐れがある", "検討している")
LATER_JA = ("今後10年間で", "次の選挙の前に", "予算の制約にもかかわらず", "メコンデルタで",
            "コスト上昇の中で", "長年の遅れを経て", "来年度までに")
ATTRIBUTIONS_JA = ("{outlet}によると、", "関係者によると、", "政府の発表によると、", "")

# Events of ``seeds/events.yml`` retold: fixed facts, then a comment drawn per article.
CURATED_EN = (
    "Japan and Vietnam established diplomatic relations in September 1973",
    "The two countries agreed on a strategic partnership in 2009",
    "In October 2011 the two defence ministries signed a Memorandum of Understanding",
    "Japan adopted its first National Security Strategy in December 2013",
    "In 2014 the relationship was upgraded to an Extensive Strategic Partnership",
    "The ASEAN Community was launched at the end of 2015",
    "On 12 April 2016, two MSDF destroyers made a port call at Cam Ranh Bay",
)


@dataclass(frozen=True)
class Names:
    """Gazetteer names by language: ``actors`` (people, organisations, countries),
    ``countries`` (the four the gazetteer has) and ``places``, each a tuple of display forms
    per language code."""

    actors: dict[str, tuple[str, ...]]
    countries: dict[str, tuple[str, ...]]
    places: dict[str, tuple[str, ...]]


def read_names(path: Path = GAZETTEER) -> Names:
    import yaml

    entities = yaml.safe_load(path.read_text(encoding="utf-8"))["entities"]
    groups: dict[str, dict[str, list[str]]] = {
        key: {"en": [], "vi": [], "ja": []}
        for key in ("actors", "countries", "places")}
    for e in entities:
        kind, native = e["kind"], e.get("native") or {}
        group = ("countries" if e["id"] in COUNTRIES else
                 "actors" if kind in ("person", "organisation") else
                 "places" if kind == "place" else None)
        if group is None:
            continue
        # The lists stay aligned across languages (an event names the same entity in every
        # article that tells it): a name without a native form is written as in English.
        groups[group]["en"].append(e["name"])
        groups[group]["vi"].append(native.get("vi", e["name"]))
        groups[group]["ja"].append(native.get("ja", native.get("zh", e["name"])))
    for i, language in enumerate(("en", "vi", "ja")):
        groups["places"][language] += [p[i] for p in PLACES_EXTRA]
    return Names(**{key: {lang: tuple(v) for lang, v in by.items()}
                    for key, by in groups.items()})


@dataclass(frozen=True)
class Event:
    """The facts every article telling event ``rank`` shares."""

    rank: int
    year: int
    month: int
    day: int
    actors: tuple[int, int]  # indexes into Names.countries / Names.actors
    place: int
    action: int
    topic: tuple[int, int]  # (qualifier, noun)
    figure: tuple[str, int] | None


def make_event(seed: int, rank: int, names: Names) -> Event:
    """Event ``rank``: the same seed and rank always give the same facts."""
    rng = random.Random(f"{seed}:event:{rank}")
    figure = rng.choice((None, ("usd_million", rng.randrange(20, 950)),
                         ("yen_billion", rng.randrange(3, 400)),
                         ("vessels", rng.choice((3, 4, 5, 8, 10, 12))),
                         ("workers", rng.randrange(120, 990))))
    return Event(rank, rng.randrange(1993, 2025), rng.randrange(1, 13), rng.randrange(1, 29),
                 (rng.randrange(len(names.countries["ja"])),
                  rng.randrange(len(names.actors["ja"]))),
                 rng.randrange(len(names.places["ja"])), rng.randrange(len(ACTIONS)),
                 (rng.randrange(len(QUALIFIERS)), rng.randrange(len(NOUNS))), figure)


@dataclass
class Writer:
    """Draws sentences for one corpus, never the same text twice when it can help it."""

    rng: random.Random
    names: Names
    seen: set[str] = field(default_factory=set)
    repeats: int = 0

    def unique(self, make: Callable[[], str], tries: int = 30) -> str:
        for _ in range(tries):
            text = make()
            if text not in self.seen:
                self.seen.add(text)
                return text
        self.repeats += 1
        return text

    def pick(self, options: tuple[str, ...]) -> str:
        return self.rng.choice(options)

    # names in one language; countries and gazetteer actors share the first slot
    def actor(self, lang: str) -> str:
        return self.pick(self.names.actors[lang] + self.names.countries[lang])

    def city(self, lang: str) -> str:
        return self.pick(self.names.places[lang])

    def topic(self, lang: str, topic: tuple[int, int] | None = None) -> str:
        i = ("en", "vi", "ja").index(lang)
        q, n = topic or (self.rng.randrange(len(QUALIFIERS)), self.rng.randrange(len(NOUNS)))
        adj, noun = QUALIFIERS[q][i], NOUNS[n][i]
        return f"{noun} {adj}" if lang == "vi" else f"{adj}{noun}" if lang == "ja" \
            else f"{adj} {noun}"

    def person(self, lang: str) -> str:
        if lang == "vi":
            return f"{self.pick(FAMILY_VI)} {self.pick(MIDDLE_VI)} {self.pick(GIVEN_VI)}"
        if lang == "ja":
            return f"{self.pick(FAMILY_JA)}{self.pick(GIVEN_JA)}"
        return f"{self.pick(GIVEN_EN)} {self.pick(FAMILY_EN)}"

    def institute(self) -> str:
        return self.pick(INSTITUTES).format(adj=self.pick(INSTITUTE_ADJ), field=self.pick(FIELDS))

    def outlet(self, lang: str) -> str:
        return self.pick({"en": OUTLETS, "vi": OUTLETS_VI, "ja": OUTLETS_JA}[lang])


# Dates, in the forms articles write them.
def date_en(rng: random.Random, year: int, month: int, day: int, start: bool) -> str:
    name = MONTHS[month - 1]
    form = rng.choice((f"on {day} {name} {year}", f"on {name} {day}, {year}",
                       f"in {name} {year}",
                       f"in {'early' if month < 5 else 'mid' if month < 9 else 'late'} {year}",
                       f"on {year}-{month:02d}-{day:02d}"))
    return form[0].upper() + form[1:] if start else form


def date_vi(rng: random.Random, year: int, month: int, day: int) -> str:
    return rng.choice((f"ngày {day}/{month}/{year}", f"ngày {day} tháng {month} năm {year}",
                       f"tháng {month}/{year}", f"tháng {month} năm {year}"))


def date_ja(rng: random.Random, year: int, month: int, day: int) -> str:
    era = (f"平成{year - 1988}年" if 1989 < year < 2019 else
           f"令和{'元' if year == 2019 else year - 2018}年" if year >= 2019 else f"{year}年")
    return rng.choice((f"{year}年{month}月{day}日", f"{year}年{month}月", f"{era}{month}月",
                       f"{era}{month}月{day}日"))


def figure_text(lang: str, figure: tuple[str, int]) -> str:
    kind, value = figure
    if kind == "usd_million":
        ja = (f"{value * 100}万ドル" if value < 100 else f"{value // 100}億ドル"
              if value % 100 == 0 else f"{value // 100}億{value % 100 * 100}万ドル")
        return {"en": f"US${value} million", "vi": f"{value} triệu USD", "ja": ja}[lang]
    if kind == "yen_billion":
        return {"en": f"{value} billion yen", "vi": f"{value} tỷ yên",
                "ja": f"{value * 10}億円"}[lang]
    if kind == "vessels":
        return {"en": f"{value} vessels", "vi": f"{value} tàu", "ja": f"{value}隻"}[lang]
    return {"en": f"{value} workers", "vi": f"{value} người", "ja": f"{value}人"}[lang]


def event_sentence(w: Writer, lang: str, e: Event) -> str:
    """One article's own telling of ``e``."""
    rng, names = w.rng, w.names
    a = names.countries[lang][e.actors[0] % len(names.countries[lang])]
    b = names.actors[lang][e.actors[1] % len(names.actors[lang])]
    place = names.places[lang][e.place % len(names.places[lang])]
    i = ("en", "vi", "ja").index(lang)
    act = ACTIONS[e.action][i].format(t=w.topic(lang, e.topic))
    fig = figure_text(lang, e.figure) if e.figure else None
    if lang == "vi":
        when = date_vi(rng, e.year, e.month, e.day)
        money = e.figure is not None and e.figure[0] in ("usd_million", "yen_billion")
        tail = f", trị giá {fig}" if money else f", với {fig}" if fig else ""
        form = rng.randrange(3)
        if form == 0:
            text = f"{when[0].upper()}{when[1:]}, {a} và {b} đã {act} tại {place}{tail}."
        elif form == 1:
            lead = rng.choice(ATTRIBUTIONS_VI).format(outlet=w.outlet(lang))
            text = f"{lead}, {when}, {a} và {b} đã {act} tại {place}{tail}."
        else:
            text = (f"{a} và {b} đã {act} tại {place} vào {when}{tail}, "
                    f"{rng.choice(SUBJECTS_VI).format(city=w.city(lang)).lower()} "
                    f"{rng.choice(STANCES_VI)} đây là bước đi quan trọng.")
        return text
    if lang == "ja":
        when = date_ja(rng, e.year, e.month, e.day)
        lead = rng.choice(ATTRIBUTIONS_JA).format(outlet=w.outlet(lang))
        scale = f"規模{fig}の案件として、" if fig else ""
        form = rng.randrange(3)
        if form == 0:
            return f"{lead}{scale}{a}と{b}は{when}、{place}で{act}。"
        if form == 1:
            return f"{lead}{when}、{scale}{a}は{b}とともに{place}で{act}。"
        subject = rng.choice(SUBJECTS_JA).format(city=w.city(lang))
        return (f"{scale}{when}に{a}と{b}が{place}で{act}ことについて、{subject}"
                f"重要な一歩だと{rng.choice(STANCES_JA)}。")
    when = date_en(rng, e.year, e.month, e.day, start=False)
    fig_clause = "" if not fig else rng.choice(
        (f", worth {fig}", f", involving {fig}", f" at a cost of {fig}")
        if not fig.endswith(("vessels", "workers")) else (f", involving {fig}", f" with {fig}"))
    src = rng.choice(ATTRIBUTIONS_EN).format(outlet=w.outlet(lang))
    form = rng.randrange(6)
    if form == 0:
        return f"{when[0].upper()}{when[1:]}, {a} and {b} {act} in {place}{fig_clause}."
    if form == 1:
        return f"{a} {act} with {b} in {place} {when}{fig_clause}, {src}."
    if form == 2:
        return f"It was {when} that {a} and {b} {act} in {place}{fig_clause}."
    if form == 3:
        return (f"{src[0].upper()}{src[1:]}, {a} and {b} {act} in {place} "
                f"{when}{fig_clause}.")
    if form == 4:
        return (f"{when[0].upper()}{when[1:]}, {a} {act} in {place} together with "
                f"{b}{fig_clause}, {rng.choice(COMMENTS_EN)}.")
    return (f"When {a} and {b} {act} in {place} {when}{fig_clause}, "
            f"{rng.choice(REACTIONS_EN)}.")


def commentary(w: Writer, lang: str, year: int) -> str:
    """A sentence of analysis, a quote or a statistic: composed from the word lists."""
    rng = w.rng
    kind = rng.random()
    if lang == "vi":
        if kind < 0.7:
            return (f"{rng.choice(SUBJECTS_VI).format(city=w.city(lang))} {rng.choice(STANCES_VI)} "
                    f"{w.actor(lang)} {rng.choice(MODALS_VI)} {rng.choice(VERBS_VI)} "
                    f"{w.topic(lang)} {rng.choice(LATER_VI)}.")
        y = rng.randrange(year - 12, year)
        a, b = rng.sample(w.names.countries[lang], 2)
        return (f"Năm {y}, kim ngạch thương mại giữa {a} và {b} đạt "
                f"{rng.randrange(3, 90)} tỷ USD, tăng "
                f"{rng.randrange(2, 30)}% so với năm trước.")
    if lang == "ja":
        if kind < 0.7:
            return (f"{rng.choice(SUBJECTS_JA).format(city=w.city(lang))}、{rng.choice(LATER_JA)}"
                    f"{w.actor(lang)}が{w.topic(lang)}を{rng.choice(VERBS_JA)}と"
                    f"{rng.choice(STANCES_JA)}。")
        y = rng.randrange(year - 12, year)
        a, b = rng.sample(w.names.countries[lang], 2)
        return (f"{y}年の{a}の対{b}直接投資は{rng.randrange(12, 990)}億ドルに達し、"
                f"前年比{rng.randrange(2, 40)}"
                f"%増えた。")
    if kind < 0.55:
        subject = rng.choice(SUBJECTS_EN).format(city=w.city(lang), institute=w.institute())
        later = rng.choice((*LATER_EN, f"by {year + rng.randrange(1, 8)}",
                            f"before the end of {year + rng.randrange(0, 4)}",
                            f"as it has since {MONTHS[rng.randrange(12)]} "
                            f"{year - rng.randrange(1, 9)}"))
        text = (f"{subject} {rng.choice(STANCES_EN)} that {w.actor(lang)} "
                f"{rng.choice(MODALS_EN)} {rng.choice(VERBS_EN)} {w.topic(lang)} {later}.")
        return f"{rng.choice(CONNECTORS_EN)}, {text[0].lower()}{text[1:]}" \
            if rng.random() < 0.2 and not text.startswith(tuple(w.names.actors[lang])) else text
    if kind < 0.8:
        return (f"“{w.actor(lang)} {rng.choice(MODALS_EN)} {rng.choice(VERBS_EN)} "
                f"{w.topic(lang)} {rng.choice(LATER_EN)},” said {w.person(lang)}, "
                f"{rng.choice(ROLES)} at {w.institute()}.")
    y = rng.randrange(year - 12, year)
    a, b = rng.sample(w.names.countries[lang], 2)
    return rng.choice((
        f"Trade between {a} and {b} reached US${rng.randrange(3, 90)}.{rng.randrange(10)} "
        f"billion in {y}, up {rng.randrange(2, 30)} percent from a year earlier.",
        f"By the end of {y}, some {rng.randrange(2, 60)},{rng.randrange(100, 1000)} workers "
        f"from {b} were employed in {w.city(lang)}, {rng.randrange(3, 40)} percent more than "
        f"two years before.",
        f"{a}'s investment in {w.topic(lang)} totalled {rng.randrange(20, 900)} billion yen "
        f"between {y - rng.randrange(2, 6)} and {y}.",
        f"Last year {rng.randrange(3, 90)} companies from {a} opened offices in "
        f"{w.city(lang)}, according to {w.outlet(lang)}."))


def curated_sentence(w: Writer) -> str:
    fact = w.pick(CURATED_EN)
    subject = w.pick(SUBJECTS_EN).format(city=w.city("en"), institute=w.institute())
    return (f"{fact}, and {subject[0].lower()}{subject[1:]} "
            f"{w.pick(STANCES_EN)} that {w.actor('en')} {w.pick(MODALS_EN)} "
            f"{w.pick(VERBS_EN)} {w.topic('en')} {w.pick(LATER_EN)}.")


def headline(w: Writer, lang: str, e: Event | None) -> str:
    topic = w.topic(lang, e.topic if e else None)
    a, b = w.actor(lang), w.city(lang)
    if lang == "vi":
        return f"{a} thúc đẩy {topic} tại {b}"
    if lang == "ja":
        return f"{a}、{b}で{topic}に注力"
    return w.pick((f"{a} bets on {topic} in {b}", f"Why {topic} in {b} matter to {a}",
                   f"{topic[0].upper()}{topic[1:]}: {a} and the view from {b}"))


def date_line(rng: random.Random, lang: str, year: int, month: int, day: int) -> str:
    if lang == "vi":
        return f"{day}/{month}/{year}"
    if lang == "ja":
        return f"{year}年{month}月{day}日"
    return rng.choice((f"{MONTHS[month - 1]} {day}, {year}", f"{day} {MONTHS[month - 1]} {year}",
                       f"{year}-{month:02d}-{day:02d}"))


def byline(w: Writer, lang: str) -> tuple[str, str]:
    """(author, byline line)."""
    name = w.person(lang)
    return name, {"en": f"By {name}", "vi": f"Tác giả: {name}", "ja": f"文：{name}"}[lang]


def articles(n: int, seed: int = 2026, names: Names | None = None) -> Iterator[dict]:
    """The ``n`` articles, each a dict as ``corpus.article_parts`` returns, plus ``language``
    and ``events`` (the ranks of the events it tells)."""
    names = names or read_names()
    rng = random.Random(seed)
    w = Writer(rng, names)
    ranks = max(10, 2 * n)
    cumulative = list(accumulate(1 / (r + ZIPF_OFFSET) ** ZIPF_EXPONENT for r in range(ranks)))
    events: dict[int, Event] = {}
    languages, shares = zip(*LANGUAGES, strict=True)
    for _ in range(n):
        lang = rng.choices(languages, weights=shares)[0]
        told = sorted(set(rng.choices(range(ranks), cum_weights=cumulative,
                                      k=rng.randrange(2, 5))))
        for r in told:
            if r not in events:
                events[r] = make_event(seed, r, names)
        yield compose_article(w, lang, tuple(events[r] for r in told))


def compose_article(w: Writer, lang: str, told: tuple[Event, ...]) -> dict:
    """One article in ``lang`` telling the events ``told`` among its commentary."""
    rng = w.rng
    year, month, day = rng.randrange(2008, 2026), rng.randrange(1, 13), rng.randrange(1, 29)
    sentences = [w.unique(lambda e=e: event_sentence(w, lang, e)) for e in told]
    if lang == "en" and rng.random() < 0.3:
        sentences.append(w.unique(lambda: curated_sentence(w)))
    total = rng.randrange(40, 60)
    sentences += [w.unique(lambda: commentary(w, lang, year))
                  for _ in range(total - len(sentences))]
    rng.shuffle(sentences)
    paragraphs, at = [], 0
    joiner = "" if lang == "ja" else " "
    while at < len(sentences):
        size = rng.randrange(2, 6)
        paragraphs.append(joiner.join(sentences[at:at + size]))
        at += size
    author, by = byline(w, lang)
    return {
        "title": w.unique(lambda: headline(w, lang, told[0])),
        "byline": by,
        "author": author,
        "date": date_line(rng, lang, year, month, day),
        "iso": f"{year}-{month:02d}-{day:02d}",
        "publication": w.outlet(lang),
        "language": lang,
        "events": tuple(e.rank for e in told),
        "paragraphs": paragraphs,
    }
