"""Canonical actors and the names that point at them, in EN/RU/TR/UK/PL.

Names come from Babel's CLDR territory names (every country, in each
language), plus a hand-written table of aliases for the actors that analyses
of this region name most: capitals, metonyms ("the Kremlin"), demonym
adjectives, institutions and abbreviations. Leaders are listed separately
(:data:`LEADERS`): a person named in the text is linked to the actor he or she
acts for. Ids are lower-case English short names (``belarus``, ``russia``,
``united_states``) and are the same in every language; alliances and
organisations have short ids (``nato``, ``eu``, ``cis``, ``un``).

>>> g = gazetteer()
>>> g.names["ru"]["Белоруссия"], g.names["en"]["Kremlin"], g.names["tr"]["Rusya"]
('belarus', 'russia', 'russia')
>>> g.actors["nato"].kind
'alliance'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["ActorEntry", "Gazetteer", "gazetteer", "LEADERS", "LANGS", "translit"]

LANGS = ("en", "ru", "tr", "uk", "pl")


@dataclass(frozen=True)
class ActorEntry:
    id: str
    name: str  # English display name
    kind: str  # state, alliance, organisation, group


# id: (kind, CLDR code or None, English name, {lang: [aliases]})
_CORE: dict[str, tuple[str, str | None, str, dict[str, list[str]]]] = {
    "belarus": ("state", "BY", "Belarus", {
        "en": ["Belarusian", "Belorussia", "Minsk"],
        "ru": ["Белоруссия", "Белорусь", "Минск", "белорусский", "РБ"],
        "tr": ["Belarus", "Beyaz Rusya", "Minsk", "Belaruslu"],
        "uk": ["Білорусь", "Білорусія", "Мінськ", "білоруський"],
        "pl": ["Białoruś", "Mińsk", "białoruski"]}),
    "russia": ("state", "RU", "Russia", {
        "en": ["Russian", "Russian Federation", "Moscow", "Kremlin"],
        "ru": ["Российская Федерация", "РФ", "Москва", "Кремль", "российский"],
        "tr": ["Rus", "Rusya Federasyonu", "Moskova", "Kremlin"],
        "uk": ["Російська Федерація", "РФ", "Москва", "Кремль", "російський"],
        "pl": ["Federacja Rosyjska", "Moskwa", "Kreml", "rosyjski"]}),
    "ukraine": ("state", "UA", "Ukraine", {
        "en": ["Ukrainian", "Kyiv", "Kiev"],
        "ru": ["Киев", "украинский"],
        "tr": ["Ukraynalı", "Kiev", "Kyiv"],
        "uk": ["Київ", "український"],
        "pl": ["Kijów", "ukraiński"]}),
    "poland": ("state", "PL", "Poland", {
        "en": ["Polish", "Warsaw"], "ru": ["Варшава", "польский"], "tr": ["Varşova", "Polonyalı"],
        "uk": ["Варшава", "польський"], "pl": ["Polsce", "Polskę", "Polską", "Polski", "Warszawa", "polski"]}),
    "lithuania": ("state", "LT", "Lithuania", {"en": ["Lithuanian", "Vilnius"], "ru": ["Вильнюс"],
                                               "tr": ["Vilnius"], "uk": ["Вільнюс"], "pl": ["Wilno"]}),
    "latvia": ("state", "LV", "Latvia", {"en": ["Latvian", "Riga"], "ru": ["Рига"], "tr": ["Riga"],
                                         "uk": ["Рига"], "pl": ["Ryga"]}),
    "turkey": ("state", "TR", "Turkey", {"en": ["Türkiye", "Turkish", "Ankara"], "ru": ["Анкара", "турецкий"],
                                         "tr": ["Türkiye", "Ankara", "Türk"], "uk": ["Анкара"], "pl": ["Ankara"]}),
    "united_states": ("state", "US", "United States", {
        "en": ["USA", "U.S.", "US", "Washington", "White House", "American"], "ru": ["США", "Вашингтон", "Белый дом"],
        "tr": ["ABD", "Washington", "Beyaz Saray"], "uk": ["США", "Вашингтон"], "pl": ["USA", "Waszyngton"]}),
    "china": ("state", "CN", "China", {"en": ["Chinese", "Beijing"], "ru": ["Пекин", "КНР"], "tr": ["Pekin", "Çin"],
                                       "uk": ["Пекін", "КНР"], "pl": ["Pekin"]}),
    "germany": ("state", "DE", "Germany", {"en": ["German", "Berlin"], "ru": ["Берлин", "ФРГ"], "tr": ["Berlin"],
                                           "uk": ["Берлін", "ФРН"], "pl": ["Berlin"]}),
    "france": ("state", "FR", "France", {"en": ["French", "Paris"], "ru": ["Париж"], "tr": ["Paris"],
                                         "uk": ["Париж"], "pl": ["Paryż"]}),
    "kazakhstan": ("state", "KZ", "Kazakhstan", {"en": ["Astana"], "ru": ["Астана"], "tr": ["Astana"],
                                                 "uk": ["Астана"], "pl": ["Astana"]}),
    "nato": ("alliance", None, "NATO", {
        "en": ["NATO", "North Atlantic Treaty Organization", "North Atlantic Alliance", "the Alliance"],
        "ru": ["НАТО", "Североатлантический альянс", "Организация Североатлантического договора"],
        "tr": ["NATO", "Kuzey Atlantik Antlaşması Örgütü"],
        "uk": ["НАТО", "Північноатлантичний альянс"], "pl": ["NATO", "Sojusz Północnoatlantycki"]}),
    "eu": ("organisation", "EU", "European Union", {
        "en": ["EU", "European Commission", "EU Commission", "Brussels"],
        "ru": ["ЕС", "Евросоюз", "Еврокомиссия", "Брюссель"],
        "tr": ["AB", "Avrupa Komisyonu", "Brüksel"],
        "uk": ["ЄС", "Євросоюз", "Єврокомісія", "Брюссель"], "pl": ["UE", "Komisja Europejska", "Bruksela"]}),
    "cis": ("organisation", None, "Commonwealth of Independent States", {
        "en": ["CIS", "Commonwealth of Independent States"], "ru": ["СНГ", "Содружество Независимых Государств"],
        "tr": ["BDT", "Bağımsız Devletler Topluluğu"], "uk": ["СНД", "Співдружність Незалежних Держав"],
        "pl": ["WNP", "Wspólnota Niepodległych Państw"]}),
    "csto": ("alliance", None, "Collective Security Treaty Organization", {
        "en": ["CSTO", "Collective Security Treaty Organization"], "ru": ["ОДКБ"], "tr": ["KGAÖ"],
        "uk": ["ОДКБ"], "pl": ["OUBZ"]}),
    "union_state": ("organisation", None, "Union State of Russia and Belarus", {
        "en": ["Union State"], "ru": ["Союзное государство"], "tr": ["Birlik Devleti"],
        "uk": ["Союзна держава"], "pl": ["Państwo Związkowe"]}),
    "un": ("organisation", "UN", "United Nations", {"en": ["UN", "United Nations"], "ru": ["ООН"], "tr": ["BM"],
                                                   "uk": ["ООН"], "pl": ["ONZ"]}),
    "osce": ("organisation", None, "OSCE", {"en": ["OSCE"], "ru": ["ОБСЕ"], "tr": ["AGİT"], "uk": ["ОБСЄ"],
                                            "pl": ["OBWE"]}),
    "west": ("group", None, "The West", {"en": ["West", "Western"], "ru": ["Запад", "западный"],
                                         "tr": ["Batı", "Batılı"], "uk": ["Захід", "західний"],
                                         "pl": ["Zachód", "zachodni"]}),
}

#: Well-known office holders (surname keys, transliterated lower case) → actor id.
LEADERS: dict[str, tuple[str, str]] = {
    "lukashenko": ("Aleksander Lukashenko", "belarus"), "lukaşenko": ("Aleksandr Lukaşenko", "belarus"), "lukashenka": ("Alexander Lukashenka", "belarus"),
    "putin": ("Vladimir Putin", "russia"), "lavrov": ("Sergey Lavrov", "russia"), "peskov": ("Dmitry Peskov", "russia"),
    "shoigu": ("Sergei Shoigu", "russia"), "medvedev": ("Dmitry Medvedev", "russia"),
    "zelensky": ("Volodymyr Zelensky", "ukraine"), "zelenskyy": ("Volodymyr Zelenskyy", "ukraine"),
    "zelenskiy": ("Volodymyr Zelensky", "ukraine"), "kuleba": ("Dmytro Kuleba", "ukraine"),
    "duda": ("Andrzej Duda", "poland"), "morawiecki": ("Mateusz Morawiecki", "poland"),
    "erdogan": ("Recep Tayyip Erdoğan", "turkey"), "erdoğan": ("Recep Tayyip Erdoğan", "turkey"),
    "cavusoglu": ("Mevlüt Çavuşoğlu", "turkey"), "çavuşoğlu": ("Mevlüt Çavuşoğlu", "turkey"),
    "biden": ("Joe Biden", "united_states"), "blinken": ("Antony Blinken", "united_states"),
    "stoltenberg": ("Jens Stoltenberg", "nato"), "borrell": ("Josep Borrell", "eu"),
    "leyen": ("Ursula von der Leyen", "eu"), "michel": ("Charles Michel", "eu"),
    "tsikhanouskaya": ("Sviatlana Tsikhanouskaya", None),  # type: ignore[dict-item]  # an opposition leader: no state
    "makei": ("Vladimir Makei", "belarus"), "khrenin": ("Viktor Khrenin", "belarus"),
    "xi": ("Xi Jinping", "china"), "scholz": ("Olaf Scholz", "germany"), "macron": ("Emmanuel Macron", "france"),
    "tokayev": ("Kassym-Jomart Tokayev", "kazakhstan"),
}

_CYR = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
                ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                 "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "i", "ye", "yi", "g"]))


def translit(word: str) -> str:
    """Lower-case Latin key of a name, so "Лукашенко" and "Lukashenko" meet.

    >>> translit("Лукашенко"), translit("Путин"), translit("ASKEROĞLU")
    ('lukashenko', 'putin', 'askeroğlu')
    """
    w = word.casefold()
    return "".join(_CYR.get(c, c) for c in w)


@dataclass(frozen=True)
class Gazetteer:
    actors: dict[str, ActorEntry]
    names: dict[str, dict[str, str]]  # lang → surface name → actor id (case as written)


def _slug(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_")


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer (built once): core actors plus every CLDR country name."""
    from ._extra import require_extra

    require_extra("babel")
    import babel

    locales = {lang: babel.Locale.parse(lang) for lang in LANGS}
    actors: dict[str, ActorEntry] = {}
    names: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    code_to_id: dict[str, str] = {}
    for aid, (kind, code, name, aliases) in _CORE.items():
        actors[aid] = ActorEntry(aid, name, kind)
        if code:
            code_to_id[code] = aid
        for lang in LANGS:
            for a in aliases.get(lang, []):
                names[lang].setdefault(a, aid)
        names["en"].setdefault(name, aid)
    en = locales["en"].territories
    for code, en_name in en.items():
        if not (len(code) == 2 and code.isalpha()) or code in ("ZZ", "EZ", "XA", "XB", "QO"):
            continue
        found = code_to_id.get(code)
        if found is not None:
            aid = found
        else:
            short = en_name.split(" (")[0]
            aid = _slug(short)
            if aid in actors:
                continue
            actors[aid] = ActorEntry(aid, short, "state")
            code_to_id[code] = aid
        for lang, loc in locales.items():
            t = loc.territories.get(code)
            if t:
                names[lang].setdefault(t.split(" (")[0], aid)
    return Gazetteer(actors=actors, names=names)
