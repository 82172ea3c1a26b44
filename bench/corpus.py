"""Deterministic benchmark corpus: the same N news briefs written for Briefing, Hugo and Pelican."""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import datetime as dt
import json
import os
import random
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
HUGO_LAYOUTS = HERE / "hugo_layouts"
SEED = 20230905
PEOPLE = 2000
PLACES = 300
ORGANIZATIONS = 150
TOPICS = 30
FIRST_DAY = dt.date(2015, 1, 1)
DAYS = 3652  # about ten years, up to the end of 2024
PAGINATION = 10
FEED_LIMIT = 20


def _split(text: str, separator: str | None = None) -> list[str]:
    return text.split(separator)


# --- pools of names -------------------------------------------------------------------------

_FIRST = _split(
    "James John Robert Michael William David Richard Joseph Thomas Charles Daniel Matthew Anthony Mark Steven "
    "Andrew Paul Joshua Kevin Brian George Edward Ronald Timothy Jason Jeffrey Ryan Jacob Gary Nicholas Eric "
    "Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Patrick Frank Raymond Jack "
    "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Lisa Nancy Betty Sandra Margaret "
    "Ashley Kimberly Emily Donna Michelle Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia "
    "Amy Angela Helen Anna Brenda Pamela Emma Nicole Samantha Katherine Christine Rachel Catherine Maria Olga "
    "Sergei Vladimir Dmitry Alexei Mikhail Nikolai Yevgeny Igor Andrei Anatoly Viktor Yuri Pavel Oleg Ivan "
    "Hiroshi Takeo Yoshimasa Fumio Taro Kenji Akiko Yoko Wei Li Ming Xiu Hua Ahmed Fatima Omar Layla Hassan "
    "Pierre Jean Marie Claire Louis Emmanuel Olaf Annalena Friedrich Ursula Giorgia Pedro Lucia Javier Ana"
)
_LAST = _split(
    "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson Thompson "
    "White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Green Baker Adams Nelson Hill Campbell "
    "Mitchell Roberts Carter Phillips Evans Turner Torres Parker Collins Edwards Stewart Morris Murphy Cook Rogers "
    "Morgan Peterson Cooper Reed Bailey Bell Kelly Howard Ward Cox Richardson Wood Watson Brooks Bennett Gray "
    "Ivanov Petrov Sidorov Smirnov Kuznetsov Popov Sokolov Lebedev Kozlov Novikov Morozov Volkov Shoigu Lavrov "
    "Matsegora Peskov Zakharova Medvedev Tanaka Suzuki Watanabe Yamamoto Nakamura Kobayashi Kato Yoshida "
    "Yamada Sasaki Wang Zhang Liu Chen Yang Huang Zhao Zhou Wu Xu Sun Hu Zhu Gao Lin Haddad Khalil Nasser "
    "Dubois Laurent Lefebvre Moreau Schmidt Schneider Fischer Weber Meyer Wagner Rossi Russo Ferrari Garcia "
    "Martinez Rodriguez Lopez Gonzalez Perez Sanchez Ramirez Flores Rivera Gomez Diaz Cruz Morales Ortiz"
)
_DOUBLE_BARRELLED = _split("Jean-Pierre Anne-Marie Jean-Luc Marie-Claire Hans-Peter Karl-Heinz Jean-Yves")
_KOREAN_SURNAMES = _split(
    "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Shin Seo Kwon Hwang Ahn Song Yoo Hong Jeon Ko Moon Yang Son"
)
_KOREAN_SYLLABLES = _split(
    "jong un suk yeol tae yong min ho jae in hyun sung young woo ji eun hee soo kyung dong chul seung hwan "
    "joon won sik gyu bin ha na yeon jin mi sook chang il nam hyuk sang"
)
_HANGUL_SURNAMES = _split("김 이 박 최 정 강 조 윤 장 임")
_HANGUL_SYLLABLES = _split("민 준 서 연 지 우 현 수 영 호 진 은 성 희 태 용 철 혜 경 동")

_COUNTRIES = _split(
    "North Korea|South Korea|Russia|China|Japan|United States|Ukraine|Belarus|Iran|Syria|Mongolia|Vietnam|"
    "Laos|Cambodia|Thailand|Philippines|Indonesia|Malaysia|Singapore|India|Pakistan|Afghanistan|Kazakhstan|"
    "Uzbekistan|Turkey|Israel|Egypt|Saudi Arabia|United Arab Emirates|Qatar|Germany|France|United Kingdom|"
    "Italy|Spain|Poland|Lithuania|Latvia|Estonia|Finland|Sweden|Norway|Canada|Mexico|Brazil|Argentina|Cuba|"
    "Venezuela|Australia|New Zealand|Nigeria|Ethiopia|Kenya|South Africa|Georgia|Armenia|Azerbaijan|Moldova",
    "|",
)
_CITIES = _split(
    "Pyongyang|Seoul|Moscow|Beijing|Tokyo|Washington|Kyiv|Minsk|Tehran|Damascus|Ulaanbaatar|Hanoi|Vladivostok|"
    "Khabarovsk|Nakhodka|Rason|Sinuiju|Kaesong|Wonsan|Hamhung|Chongjin|Busan|Incheon|Daegu|Gwangju|Panmunjom|"
    "Vostochny|Novosibirsk|Saint Petersburg|Kaliningrad|Sevastopol|Kharkiv|Odesa|Donetsk|Luhansk|Kherson|"
    "Zaporizhzhia|Dnipro|Lviv|Shanghai|Dandong|Shenyang|Harbin|Osaka|Sapporo|Niigata|Okinawa|Guam|Honolulu|"
    "New York|Geneva|Vienna|Brussels|Berlin|Paris|London|Warsaw|Vilnius|Helsinki|Stockholm|Ankara|Istanbul|"
    "Riyadh|Doha|Dubai|Cairo|New Delhi|Islamabad|Jakarta|Manila|Singapore City|Bangkok|Canberra|Ottawa|"
    "Havana|Caracas|Brasilia|Nairobi|Addis Ababa|Pretoria|Tbilisi|Yerevan|Baku|Chisinau|Astana|Tashkent",
    "|",
)
_PLACE_STEMS = _split(
    "Alder Birch Cedar Dun Elk Fenn Gorm Hollin Iver Jask Kell Lorn Mar Norr Ost Pell Quen Rask Sel Tarn Ul "
    "Vard Wes Yarr Zel Amur Bel Chor Dor Esk"
)
_PLACE_SUFFIXES = _split("sk grad ovo ton port haven burg mouth ford vale")

_TOPICS = _split(
    "Arms and military cooperation|Sanctions and diplomacy|Inter-Korean tensions|Nuclear program|"
    "Missile tests|Human rights|Energy and oil|Trade and logistics|Cyber operations|Space and satellites|"
    "Food security|Labour exports|Maritime incidents|Border security|Elections and leadership|"
    "Alliances and summits|Defence industry|Intelligence assessments|Refugees and defectors|Public health|"
    "Tourism and exchanges|Rail and ports|Financial networks|Arms control|Propaganda and media|"
    "Climate and disasters|Agriculture|Science and technology|Veterans and history|Legal proceedings",
    "|",
)

_ORG_ADJ = _split(
    "National|Federal|Central|Joint|Strategic|Foreign|Defence|Security|Maritime|Energy|Trade|Nuclear|Eastern|"
    "Pacific|Northern",
    "|",
)
_ORG_NOUN = _split("Council|Ministry|Agency|Committee|Commission|Institute|Bureau|Office|Directorate|Authority", "|")

# --- words for titles and bodies --------------------------------------------------------------

_VERBS = _split(
    "urges|rejects|backs|warns of|signals|pledges|questions|defends|announces|denies|confirms|weighs|"
    "condemns|welcomes|hints at|delays|accelerates|reviews|proposes|criticises",
    "|",
)
_OBJECTS = _split(
    "new talks|arms deal|grain shipments|sanctions relief|border patrols|joint drills|missile launch|"
    "aid package|rail link|port access|energy pact|prisoner exchange|naval visit|security guarantees|"
    "trade corridor|satellite launch|labour contracts|fuel deliveries|summit plans|inspection regime|"
    "loan terms|envoy visit|troop rotation|export controls|cyber probe",
    "|",
)
_NOUNS = _split(
    "officials|diplomats|analysts|negotiators|lawmakers|commanders|envoys|ministers|observers|experts|"
    "shipments|deliveries|talks|sanctions|drills|exercises|statements|satellites|factories|ports|railways|"
    "agreements|contracts|inspections|briefings|reports|estimates|figures|delegations|convoys",
    "|",
)
_ADJECTIVES = _split(
    "unprecedented|cautious|renewed|limited|sweeping|tentative|formal|informal|confidential|public|bilateral|"
    "trilateral|regional|military|economic|diplomatic|technical|legal|long-range|short-term|delayed|expanded",
    "|",
)
_ACTIONS = _split(
    "discussed|reviewed|postponed|approved|criticised|examined|announced|confirmed|questioned|welcomed|"
    "described|outlined|rejected|expanded|monitored",
    "|",
)
_TIMES = _split(
    "on Tuesday|last week|earlier this month|in a statement on Friday|at a briefing on Monday|over the weekend|"
    "late on Wednesday|in recent months|since the spring|after the summit",
    "|",
)

_SENTENCES = (
    "{A} said {n1} had {act} the {adj} {n2} {time}.",
    "According to {A}, the {adj} {n2} in {P} were {act} by {n1} {time}.",
    "{n1c} in {P} {act} what they called {adj} {n2}, {A} told reporters.",
    "The {adj} {n2} were first {act} {time}, when {A} travelled to {P}.",
    "{A} declined to say whether the {n2} would continue, but {n1} in {P} expected more {adj} {n2}.",
    "Satellite imagery reviewed by {n1} showed {adj} {n2} near {P}, a claim {A} did not dispute.",
    "It was the {ord} time this year that {A} had {act} the issue with {n1} from {P}.",
    "{n1c} estimated that about {num} {n2} had moved through {P} {time}.",
    "The statement, issued {time}, {act} {adj} {n2} but gave no figures.",
    "{A} met {n1} from {P} {time} and {act} the {adj} {n2}, the ministry said.",
    "{n1c} said the {n2} reflected a {adj} shift that {A} had long resisted.",
    "In {P}, {n1} {act} the {n2} as {adj}, while {A} called them a matter of routine.",
    "Neither side {act} the {n2} publicly, and {A} refused to comment {time}.",
    "{A} added that {num} {n2} remained under review by {n1} in {P}.",
    "The {adj} {n2} drew attention from {n1} well beyond {P}.",
)
_LINK_SENTENCES = (
    "The full text was published by [{n1} in {P}]({url}).",
    "{A} made similar remarks [in an earlier interview]({url}).",
    "A [report by {n1}]({url}) {act} the {adj} {n2} {time}.",
    "See also [the background note on {n2}]({url}).",
)
_LIST_ITEMS = (
    "{num} {n2} {act} in {P}",
    "{adj} {n2} reported by {n1}",
    "a meeting between {A} and {n1}",
    "new {n2} near {P}",
    "a statement by {A} {time}",
)
_SUBHEADS = _split(
    "What each side wants|Background|What happens next|The numbers|Reaction in {P}|Why it matters|"
    "The view from {P}|What {A} said|Timeline|Open questions|The road to the talks|Risks ahead",
    "|",
)
_ORDINALS = _split("first second third fourth fifth sixth")


@dataclass(frozen=True)
class Brief:
    """One article of the corpus, independent of any generator's format."""

    index: int
    slug: str
    title: str
    date: dt.date
    actors: tuple[str, ...]
    places: tuple[str, ...]
    organizations: tuple[str, ...]
    topic: str
    summary: str
    body: str

    @property
    def briefing_name(self) -> str:
        return f"{self.date.isoformat()}-{self.slug}.md"

    @property
    def route(self) -> str:
        """The brief's URL path in all three sites (each is configured to /YYYY/MM/slug/)."""
        return f"/{self.date.year:04d}/{self.date.month:02d}/{self.slug}/"

    @property
    def words(self) -> int:
        return len(self.body.split())


@dataclass
class Corpus:
    """Where each generator's copy of the corpus lives, and the briefs themselves."""

    root: Path
    briefs: list[Brief]

    @property
    def briefing(self) -> Path:
        return self.root / "briefing"

    @property
    def hugo(self) -> Path:
        return self.root / "hugo"

    @property
    def pelican(self) -> Path:
        return self.root / "pelican"

    def paths(self, brief: Brief) -> dict[str, Path]:
        """The file of one brief in each of the three copies."""
        return {
            "briefing": self.briefing / "content" / "briefs" / brief.briefing_name,
            "hugo": self.hugo / "content" / "posts" / f"{brief.slug}.md",
            "pelican": self.pelican / "content" / f"{brief.slug}.md",
        }


# --- generating -------------------------------------------------------------------------------


def ascii_slug(text: str, limit: int = 60) -> str:
    """Lowercase ASCII letters, digits and hyphens; a fixed point of Briefing's slugify."""
    text = text.replace("'", "").replace(".", "").replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "brief"


def _key(name: str) -> str:
    """Names equal under this key would be one term (or a clash) in some generator: keep them apart."""
    return re.sub(r"[^0-9a-z\u3131-\ud7a3]", "", name.lower())


def people(rng: random.Random, count: int = PEOPLE) -> list[str]:
    """Person names: mostly Western and Russian, some Chinese and Japanese, Korean with hyphens, a few in Hangul."""
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        roll = rng.random()
        if roll < 0.18:
            given = rng.choice(_KOREAN_SYLLABLES).capitalize() + "-" + rng.choice(_KOREAN_SYLLABLES)
            name = f"{rng.choice(_KOREAN_SURNAMES)} {given}"
        elif roll < 0.21:
            name = rng.choice(_HANGUL_SURNAMES) + "".join(rng.choices(_HANGUL_SYLLABLES, k=2))
        elif roll < 0.25:
            name = f"{rng.choice(_DOUBLE_BARRELLED)} {rng.choice(_LAST)}"
        elif roll < 0.28:
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}-{rng.choice(_LAST)}"
        else:
            name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        if _key(name) not in seen:
            seen.add(_key(name))
            names.append(name)
    return names


def places(rng: random.Random, count: int = PLACES) -> list[str]:
    """Real countries and cities first (the popular ones), then invented towns up to count."""
    names = list(dict.fromkeys(_COUNTRIES[:6] + _CITIES[:12] + _COUNTRIES[6:] + _CITIES[12:]))
    seen = {_key(n) for n in names}
    while len(names) < count:
        stem = rng.choice(_PLACE_STEMS) + rng.choice(_PLACE_STEMS).lower()
        name = stem + rng.choice(_PLACE_SUFFIXES)
        if rng.random() < 0.2:
            name = f"{rng.choice(('North', 'South', 'Port', 'New', 'Upper'))} {name}"
        if _key(name) not in seen:
            seen.add(_key(name))
            names.append(name)
    return names[:count]


def organizations(rng: random.Random, count: int = ORGANIZATIONS) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = f"{rng.choice(_ORG_ADJ)} {rng.choice(_ORG_ADJ)} {rng.choice(_ORG_NOUN)}"
        if name.split()[0] != name.split()[1] and _key(name) not in seen:
            seen.add(_key(name))
            names.append(name)
    return names


class Zipf:
    """Draws distinct items with Zipf popularity (weight 1/rank)."""

    def __init__(self, items: Sequence[str], exponent: float = 1.0) -> None:
        self.items = list(items)
        total = 0.0
        self.cumulative: list[float] = []
        for rank in range(1, len(items) + 1):
            total += 1.0 / rank**exponent
            self.cumulative.append(total)

    def draw(self, rng: random.Random, k: int) -> tuple[str, ...]:
        chosen: dict[str, None] = {}
        top = self.cumulative[-1]
        while len(chosen) < k:
            chosen[self.items[bisect.bisect_left(self.cumulative, rng.random() * top)]] = None
        return tuple(chosen)


def _fill(template: str, rng: random.Random, actors: Sequence[str], where: Sequence[str], slug: str) -> str:
    n1 = rng.choice(_NOUNS)
    return template.format(
        A=rng.choice(actors),
        P=rng.choice(where),
        n1=n1,
        n1c=n1.capitalize(),
        n2=rng.choice(_NOUNS),
        adj=rng.choice(_ADJECTIVES),
        act=rng.choice(_ACTIONS),
        time=rng.choice(_TIMES),
        num=rng.randint(2, 9000),
        ord=rng.choice(_ORDINALS),
        url=f"https://news.example.org/{rng.randint(2015, 2024)}/{slug}-{rng.randint(100, 999)}",
    )


def body_text(rng: random.Random, actors: Sequence[str], where: Sequence[str], slug: str) -> str:
    """600–900 words: a lead, two to four sections under ## subheads, one bullet list, two to four links."""
    target = rng.randint(590, 860)
    sections = rng.randint(2, 4)
    list_section = rng.randrange(sections)
    links = set(rng.sample(range(6), rng.randint(2, 4)))  # which paragraphs carry a link
    subheads = rng.sample(_SUBHEADS, sections)
    per_section = target // (sections + 1)
    blocks: list[str] = []
    paragraphs: list[int] = []
    words = 0

    def paragraph(budget: int) -> str:
        sentences: list[str] = []
        count = 0
        paragraphs.append(len(blocks))
        if len(paragraphs) - 1 in links:
            sentences.append(_fill(rng.choice(_LINK_SENTENCES), rng, actors, where, slug))
            count += len(sentences[-1].split())
        for _ in range(rng.randint(3, 5)):
            if count >= budget:
                break
            sentences.append(_fill(rng.choice(_SENTENCES), rng, actors, where, slug))
            count += len(sentences[-1].split())
        rng.shuffle(sentences)
        return " ".join(sentences)

    for section in range(sections + 1):
        if section:
            blocks.append("## " + _fill(subheads[section - 1], rng, actors, where, slug))
        if section - 1 == list_section:
            items = [_fill(rng.choice(_LIST_ITEMS), rng, actors, where, slug) for _ in range(rng.randint(3, 5))]
            blocks.append("\n".join(f"- {item[0].upper()}{item[1:]}" for item in items))
            words += sum(len(i.split()) for i in items)
        goal = target if section == sections else words + per_section
        while goal - words > 8:
            text = paragraph(goal - words)
            blocks.append(text)
            words += len(text.split())
    return "\n\n".join(blocks) + "\n"


def generate(n: int, seed: int = SEED) -> list[Brief]:
    """n briefs, the same for the same (n, seed); brief i does not depend on n."""
    pool_rng = random.Random(seed)
    persons = Zipf(people(pool_rng))
    locations = Zipf(places(pool_rng))
    orgs = Zipf(organizations(pool_rng))
    topics = Zipf(_TOPICS[:TOPICS], exponent=0.7)
    briefs: list[Brief] = []
    titles: list[str] = []
    slugs: set[str] = set()
    for i in range(n):
        rng = random.Random(seed * 1_000_003 + i)
        actors = persons.draw(rng, rng.randint(2, 6))
        where = locations.draw(rng, rng.randint(1, 3))
        bodies = orgs.draw(rng, rng.randint(1, 3)) if rng.random() < 0.5 else ()
        topic = topics.draw(rng, 1)[0]
        date = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        if titles and rng.random() < 0.05:
            title = rng.choice(titles)  # the same headline again: wording collides, the slug must not
        else:
            title = f"{actors[0]} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} in {where[0]}"
            if rng.random() < 0.3:
                title += f" as {rng.choice(_NOUNS)} {rng.choice(_ACTIONS)} {rng.choice(_TIMES)}"
        titles.append(title)
        base = ascii_slug(title)
        slug, number = base, 1
        while slug in slugs:
            number += 1
            slug = f"{base}-{number}"
        slugs.add(slug)
        what = f"{rng.choice(_ACTIONS)} {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
        summary = f"{actors[0]} and {actors[1]} {what} in {where[0]} {rng.choice(_TIMES)}."
        body = body_text(rng, actors, where, slug)
        briefs.append(Brief(i, slug, title, date, actors, where, bodies, topic, summary, body))
    return briefs


# --- writing the three copies -----------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML double-quoted string (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _qlist(items: Sequence[str]) -> str:
    return "[" + ", ".join(_q(i) for i in items) + "]"


def briefing_text(brief: Brief) -> str:
    lines = [
        "---",
        f"title: {_q(brief.title)}",
        f"date: {brief.date.isoformat()}",
        f"actors: {_qlist(brief.actors)}",
        f"places: {_qlist(brief.places)}",
    ]
    if brief.organizations:
        lines.append(f"organizations: {_qlist(brief.organizations)}")
    lines += [f"topic: {_q(brief.topic)}", f"summary: {_q(brief.summary)}", "---", "", brief.body]
    return "\n".join(lines)


def hugo_text(brief: Brief) -> str:
    lines = [
        "---",
        f"title: {_q(brief.title)}",
        f"date: {brief.date.isoformat()}",
        f"slug: {brief.slug}",
        f"actors: {_qlist(brief.actors)}",
        f"places: {_qlist(brief.places)}",
        f"topics: {_qlist([brief.topic])}",
    ]
    if brief.organizations:
        lines.append(f"organizations: {_qlist(brief.organizations)}")  # a plain parameter, not a taxonomy
    lines += [f"summary: {_q(brief.summary)}", "---", "", brief.body]
    return "\n".join(lines)


def pelican_text(brief: Brief) -> str:
    lines = [
        f"Title: {brief.title}",
        f"Date: {brief.date.isoformat()}",
        f"Slug: {brief.slug}",
        f"Category: {brief.topic}",
        f"Tags: {', '.join(brief.actors)}",
        f"Places: {', '.join(brief.places)}",  # metadata only: Pelican has no third taxonomy
        f"Summary: {brief.summary}",
        "",
        brief.body,
    ]
    return "\n".join(lines)


BRIEFING_SITE = f"""\
# Benchmark corpus (bench/corpus.py): the default taxonomies, pagination {PAGINATION}.
title: Benchmark briefing
description: A generated corpus for comparing static site generators.
base_url: "http://localhost/"
output: public
pagination: {PAGINATION}
feed_limit: {FEED_LIMIT}
permalink: "/{{year}}/{{month}}/{{slug}}/"
taxonomies:
  actors: {{key: actors, title: Actors, singular: Actor}}
  places: {{key: places, title: Places, singular: Place}}
  organizations: {{key: organizations, title: Organizations, singular: Organization}}
  topics: {{key: topic, title: Topics, singular: Topic}}
"""

HUGO_CONFIG = f"""\
# Benchmark corpus (bench/corpus.py). Term pages and term RSS feeds are Hugo's defaults.
baseURL = "http://localhost/"
title = "Benchmark briefing"
languageCode = "en"
enableRobotsTXT = true
capitalizeListTitles = false  # term pages titled by the name as written ("Choi Na-soo", not "Choi Na-Soo")
# No /posts/ section listing: Briefing has no such page (it has monthly archives, Hugo has no equivalent).
disableKinds = ["section"]

[taxonomies]
actor = "actors"
place = "places"
topic = "topics"

[permalinks]
posts = "/:year/:month/:slug/"

[pagination]
pagerSize = {PAGINATION}

[services.rss]
limit = {FEED_LIMIT}
"""

PELICAN_CONFIG = f"""\
# Benchmark corpus (bench/corpus.py): tags are actors, the category is the topic; no cache, no plugins.
AUTHOR = "Bench"
SITENAME = "Benchmark briefing"
SITEURL = "http://localhost"
RELATIVE_URLS = False
PATH = "content"
OUTPUT_PATH = "output"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = {PAGINATION}
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
PLUGINS = []
THEME = "notmyidea"
ARTICLE_URL = "{{date:%Y}}/{{date:%m}}/{{slug}}/"
ARTICLE_SAVE_AS = "{{date:%Y}}/{{date:%m}}/{{slug}}/index.html"
FEED_MAX_ITEMS = {FEED_LIMIT}
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{{slug}}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{{slug}}.atom.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
"""


def atomic_write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def edited(brief: Brief, mark: str) -> Brief:
    """The brief with a new title and one more paragraph: what an editor's correction looks like."""
    extra = f"\n\nCorrection ({mark}): an earlier version of this brief misstated the date of the meeting.\n"
    return dataclasses.replace(brief, title=f"{brief.title} [{mark}]", body=brief.body.rstrip("\n") + extra)


TOOLS = ("briefing", "hugo", "pelican")
TEXTS: dict[str, Callable[[Brief], str]] = {"briefing": briefing_text, "hugo": hugo_text, "pelican": pelican_text}


def write_corpus(root: Path, n: int, seed: int = SEED, tools: Sequence[str] = TOOLS) -> Corpus:
    """Generate n briefs and write them for each tool under root/{briefing,hugo,pelican}, replacing what was there."""
    briefs = generate(n, seed)
    corpus = Corpus(root, briefs)
    for folder in (corpus.briefing, corpus.hugo, corpus.pelican):
        if folder.exists():
            shutil.rmtree(folder)
    if "briefing" in tools:
        (corpus.briefing / "content" / "briefs").mkdir(parents=True)
        (corpus.briefing / "site.yml").write_text(BRIEFING_SITE, encoding="utf-8")
    if "hugo" in tools:
        (corpus.hugo / "content" / "posts").mkdir(parents=True)
        (corpus.hugo / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
        (corpus.hugo / "content" / "_index.md").write_text('---\ntitle: "Benchmark briefing"\n---\n', encoding="utf-8")
        shutil.copytree(HUGO_LAYOUTS, corpus.hugo / "layouts")
    if "pelican" in tools:
        (corpus.pelican / "content").mkdir(parents=True)
        (corpus.pelican / "pelicanconf.py").write_text(PELICAN_CONFIG, encoding="utf-8")
    for brief in briefs:
        paths = corpus.paths(brief)
        for tool in tools:
            paths[tool].write_text(TEXTS[tool](brief), encoding="utf-8")
    return corpus


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, help="number of briefs")
    parser.add_argument("target", type=Path, help="folder to write briefing/, hugo/ and pelican/ into")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    corpus = write_corpus(args.target, args.n, args.seed)
    words = [b.words for b in corpus.briefs]
    print(f"{len(words)} briefs, {min(words)}–{max(words)} words, written to {args.target}")


if __name__ == "__main__":
    main()
