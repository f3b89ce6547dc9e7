"""Headlines without the outlet's name, and bylines split into people, organisations and places."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_AUTHORS = 10
MAX_NAME_CHARS = 100
# A byline field longer than this is a paragraph that was taken for the author; its start is all we read.
_MAX_RAW_CHARS = 2_000
_MAX_RAW_ITEMS = 50

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")

# ---------------------------------------------------------------------------------------------------------
# Outlet names
# ---------------------------------------------------------------------------------------------------------

# "Le Monde.fr", "ndtv.com", "bbc.co.uk": the domain ending is not part of the outlet's name.
_DOMAIN_TAIL = re.compile(r"(?<=\w)\.(?:(?:co|com|org|net|ac|gov|ne|or|go|edu)\.)?[a-z]{2,6}$")
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "ne", "or", "go", "edu", "gv"})
# "The Guardian" / "Guardian", "DER SPIEGEL" / "Spiegel", "De Telegraaf" / "Telegraaf".
_LEADING_ARTICLES = frozenset({"the", "der", "die", "das", "le", "la", "les", "l", "el", "il", "lo", "los", "las",
                               "de", "het"})
# "BBC News" / "BBC", "heise online" / "heise", "NDTV.com" / "NDTV", "RT International" / "RT",
# "朝日新聞デジタル" / "朝日新聞".
_NAME_VARIANTS = frozenset({"news", "online", "digital", "com", "net", "live", "english", "international", "ニュース",
                            "デジタル", "オンライン"})
_CJK_NAME_VARIANTS = ("デジタル", "ニュース", "オンライン")


def _name_key(text: str) -> str:
    """The form outlet names are compared in: casefolded, without punctuation, articles or ".com"/"News"."""
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    text = re.sub(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\d*\.)?", "", text)
    text = _DOMAIN_TAIL.sub("", text)
    tokens = re.findall(r"[^\W_]+", text)
    while len(tokens) > 1 and tokens[0] in _LEADING_ARTICLES:
        tokens.pop(0)
    while len(tokens) > 1 and tokens[-1] in _NAME_VARIANTS:
        tokens.pop()
    key = "".join(tokens)
    for variant in _CJK_NAME_VARIANTS:
        if key.endswith(variant) and len(key) > len(variant) + 1:
            key = key[: -len(variant)]
    return key


def _host_keys(url: str | None) -> set[str]:
    """Names a URL's host gives its outlet: "www.ndtv.com" gives "ndtv" (which "ndtv.com" also reduces to)."""
    if not url:
        return set()
    try:
        host = urlsplit(url if "://" in url else "//" + url).hostname or ""
    except ValueError:
        return set()
    labels = [label for label in host.casefold().split(".") if label]
    if len(labels) < 2:
        return {labels[0]} if labels and not labels[0].isdigit() else set()
    cut = 2 if len(labels) > 2 and labels[-2] in _SECOND_LEVEL else 1
    registrable = labels[-cut - 1]
    return {key for key in (registrable, _name_key(registrable)) if len(key) >= 2}


# ---------------------------------------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------------------------------------

# Separators between headline and outlet. Dashes, slashes and colons count only between spaces, so "Anti-war"
# and "9/11" stay whole; pipes never occur inside a word and fullwidth marks are not spaced in CJK titles.
_SEPARATOR = re.compile(r"(\s*[|｜]\s*|\s*：\s*|\s+(?:::|[–—\-:·•»«/~‹›])\s+)")
# "NDTV.com: headline": a colon directly after a word, but only where what precedes it is the outlet.
_COLON_PREFIX = re.compile(r"^(?P<name>[^:：]{1,80}?)\s*(?::\s+|：\s*)(?P<rest>\S.*)$")
_BRACKETED = re.compile(r"【([^【】]*)】|〔([^〔〕]*)〕|［([^［］]*)］|《([^《》]*)》|〖([^〖〗]*)〗|\[([^\[\]]*)\]")
# What is left when a page's own title ("Home | BBC News") was given instead of a headline.
_PAGE_LABELS = frozenset({
    "home", "homepage", "home page", "start", "startseite", "accueil", "portada", "inicio", "news",
    "nachrichten", "latest", "latest news", "top stories", "front page", "index", "トップ", "ホーム", "首页",
})
# Parts of a noisy outlet name ("CBC News - Latest") that name a page or section, not the outlet.
_NOISE_PARTS = _PAGE_LABELS | {"rss", "feed", "all", "headlines", "top news", "breaking news", "aktuell"}
_MIN_WORDS = 3
_MIN_CHARS = 12
_MIN_CJK_CHARS = 4
_SECTION_MAX_WEIGHT = 3


def _site_keys(site_names: Iterable[str | None], url: str | None) -> frozenset[str]:
    """Comparison keys of every name the outlet goes by, including the parts of a noisy one."""
    keys = set(_host_keys(url))
    if isinstance(site_names, str):  # one name passed bare would otherwise be read letter by letter
        site_names = (site_names,)
    for name in site_names or ():
        if not isinstance(name, str) or not name.strip():
            continue
        name = " ".join(name.split())
        keys.add(_name_key(name))
        for part in _SEPARATOR.split(name)[::2]:
            if part.strip().casefold() not in _NOISE_PARTS:
                keys.add(_name_key(part))
    return frozenset(key for key in keys if len(key) >= 2 or _CJK.search(key))


def _is_site_name(text: str, keys: frozenset[str]) -> bool:
    """Whether the text is one of the outlet's names, in any of its spellings."""
    key = _name_key(text)
    return bool(key) and key in keys


def _separator_kind(separator: str) -> str:
    """Which separators count as the same: pipes of either width, dashes of any length, either colon."""
    mark = separator.strip()
    return {"｜": "|", "–": "-", "—": "-", "：": ":"}.get(mark, mark)


def _too_short(text: str) -> bool:
    """Whether a remainder is too little to be a headline (CJK counts characters, other scripts words)."""
    if _CJK.search(text):
        return len(re.sub(r"[\W_]", "", text)) < _MIN_CJK_CHARS
    return len(text.split()) < _MIN_WORDS and len(text) < _MIN_CHARS


def _weight(text: str) -> int:
    """Length in words, two CJK characters counting as one, to compare headlines with section labels."""
    cjk = len(_CJK.findall(text))
    return len(_CJK.sub(" ", text).split()) + (cjk + 1) // 2


def clean_title(title: str | None, site_names: Iterable[str | None] = (), url: str | None = None) -> str | None:
    """The headline without the outlet's name, or None when the title is empty or only names the outlet.

    None for "BBC News" or "Home | BBC News" means the page's own title was given, not the article's,
    so the caller should take the title from another source. Only segments that match one of
    `site_names` or the URL's host are removed; a title whose rest would be too short is kept whole.
    """
    text = " ".join(unicodedata.normalize("NFC", title).split()) if title else ""
    if not text:
        return None
    keys = _site_keys(site_names, url)
    if not keys:
        return text
    if _is_site_name(text, keys):
        return None
    rest = _BRACKETED.sub(lambda m: " " if _is_site_name(next(g for g in m.groups() if g is not None), keys)
                          else m[0], text)
    rest = " ".join(rest.split())
    prefix = _COLON_PREFIX.match(rest)
    if prefix and _is_site_name(prefix["name"], keys):
        rest = prefix["rest"]
    rest = _strip_name_segments(rest, keys)
    if rest is None or rest.casefold() in _PAGE_LABELS:
        return None
    if rest == text or _too_short(rest):
        return text
    return rest


def _strip_name_segments(text: str, keys: frozenset[str]) -> str | None:
    """Text without the segments that name the outlet, section labels dropped beside a clear headline."""
    pieces = _SEPARATOR.split(text)
    segments = [piece.strip() for piece in pieces[::2]]
    separators = pieces[1::2]
    is_name = [bool(segment) and _is_site_name(segment, keys) for segment in segments]
    if not any(is_name):
        return text.strip() or None
    # Only the kind of separator that sets off the outlet's name also sets off sections: in "Iran - what we
    # know | BBC" the dash belongs to the headline.
    name_kinds = {
        _separator_kind(separators[i])
        for i in range(len(separators))
        if is_name[i] or is_name[i + 1]
    }
    parts: list[str] = []
    joiners: list[str] = []
    current = ""
    pending_joiner = None
    for i, segment in enumerate(segments):
        if is_name[i] or not segment:
            if current:
                parts.append(current)
                current = ""
            if i > 0 and pending_joiner is None:
                pending_joiner = separators[i - 1]
            continue
        if current and _separator_kind(separators[i - 1]) in name_kinds:
            parts.append(current)
            joiners.append(separators[i - 1])
            current = segment
        elif current:
            current += separators[i - 1] + segment
        else:
            if parts:
                joiners.append(pending_joiner or " | ")
            current = segment
        pending_joiner = None
    if current:
        parts.append(current)
    if not parts:
        return None
    if len(parts) > 1 and ":" not in name_kinds:
        weights = [_weight(part) for part in parts]
        best = max(range(len(parts)), key=weights.__getitem__)
        others = [w for i, w in enumerate(weights) if i != best]
        # "Politics | Long headline | The Times": short labels beside one clear headline are sections.
        if weights[best] > _SECTION_MAX_WEIGHT and all(w <= _SECTION_MAX_WEIGHT for w in others):
            return parts[best]
    joined = parts[0]
    for joiner, part in zip(joiners, parts[1:]):
        joined += joiner + part
    return " ".join(joined.split())


# ---------------------------------------------------------------------------------------------------------
# Bylines
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Byline:
    """People, organisations and places named in an article's byline, each in order of first mention."""

    authors: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


_KNOWN_ORGANISATIONS = (
    # News agencies
    "Reuters", "AP", "Associated Press", "AFP", "Agence France-Presse", "dpa", "Deutsche Presse-Agentur", "EFE",
    "ANSA", "Kyodo", "Jiji", "Jiji Press", "Xinhua", "TASS", "Interfax", "RIA Novosti", "PTI", "IANS", "ANI",
    "Yonhap", "UPI", "Bloomberg", "KNA", "epd", "APA", "SDA", "Keystone-SDA", "AAP", "Canadian Press", "NTB",
    "Belga", "ANP", "Lusa", "Europa Press", "Anadolu", "Ukrinform", "IRNA", "WAFA", "Bernama", "Antara", "SID",
    "PA Media", "Press Association", "Agencies", "Agencias", "Agences", "Agenturen", "wires",
    # Broadcasters and outlets that sign pieces by name
    "CNN", "BBC", "DW", "Deutsche Welle", "NPR", "PBS", "ABC", "CBS", "NBC", "CBC", "Sky News", "Al Jazeera",
    "France 24", "RFI", "ARD", "ZDF", "NDR", "WDR", "SWR", "MDR", "RBB", "ORF", "SRF", "RTL", "n-tv",
    "tagesschau", "heise", "Spiegel", "Guardian", "NHK", "Sputnik", "RT", "Business Insider", "Insider", "Futurism",
    "Axios", "Politico", "The Conversation", "USA Today",
    # Publishers whose name sites put in the author field beside the writer's ("Condé Nast; Molly Wood")
    "Condé Nast", "Hearst", "Gannett", "McClatchy", "Advance Local", "NJ Advance Media", "Tribune News Service",
    "Tribune Content Agency", "Axel Springer", "News Corp", "Vox Media", "Ziff Davis", "Penske Media",
    "Dotdash Meredith", "Nexstar", "Tegna",
    # CJK agencies
    "共同", "共同通信", "時事", "時事通信", "新华社", "新華社", "연합뉴스", "ロイター", "ブルームバーグ", "聯合", "路透社",
    "法新社", "美联社",
)
_KNOWN_ORGANISATION_KEYS = frozenset(_name_key(name) for name in _KNOWN_ORGANISATIONS)
# "Ap" and "REUTERS" (a title-cased or shouted byline) are given in the agency's own spelling.
_KNOWN_SPELLINGS = {name.casefold(): name for name in _KNOWN_ORGANISATIONS}

# Tokens that make a candidate an organisation once it also carries a name of its own ("Sky News" but not "News").
_ORGANISATION_WORDS = frozenset({
    "news", "online", "media", "press", "presse", "agency", "agentur", "agence", "agencia", "redaktion",
    "newsroom", "staff", "desk", "team", "times", "post", "journal", "zeitung", "gmbh", "inc", "ltd", "llc",
    "corp", "group", "network", "radio", "tv", "television", "fernsehen", "rundfunk", "magazine", "magazin",
    "tribune", "herald", "gazette", "daily", "weekly", "chronicle", "nachrichten", "rundschau", "tagblatt",
    "kurier", "courier", "diario", "periódico", "insider", "wire", "broadcasting",
    # Institutions: "The Russian and Syrian defense ministries", "Prefeitura Municipal de …"
    "ministry", "ministries", "ministerium", "ministère", "ministerio", "government", "governments", "regierung",
    "department", "embassy", "embassies", "authorities", "municipal", "prefeitura", "university", "universität",
    "université", "universidad", "institute", "institut", "foundation", "stiftung", "association", "council",
})
_ORGANISATION_DOMAIN = re.compile(r"\w\.(?:com|net|org|de|fr|es|it|jp|in|co\.uk|at|ch)$", re.I)
_CJK_ORGANISATION_SUFFIXES = ("新聞", "新聞社", "通信", "通信社", "放送", "ニュース", "日報", "新闻", "电视台", "日报")

# Job titles, desks and filler that never name a person or an outlet on their own ("Staff Reporter").
_ROLE_WORDS = frozenset({
    # English
    "staff", "reporter", "reporters", "correspondent", "correspondents", "senior", "chief", "editor", "editors",
    "editorial", "board", "writer", "writers", "columnist", "contributor", "contributors", "contributing",
    "political", "politics", "economics", "economic", "business", "science", "technology", "tech", "sports",
    "sport", "foreign", "international", "national", "digital", "deputy", "managing", "executive", "associate",
    "assistant", "special", "desk", "team", "newsroom", "news", "online", "web", "live", "blog", "update",
    "updates", "opinion", "analysis", "comment", "guest", "author", "authors", "admin", "administrator",
    "webmaster", "moderator", "user", "anonymous", "unknown", "sponsored", "content", "partner", "newsletter",
    "podcast", "photo", "photos", "photographer", "video", "producer", "analyst", "investigative", "health",
    "culture", "travel", "world", "bureau", "breaking", "latest", "wire", "wires", "journalist", "journalists",
    "reports", "editor-at-large", "editor-in-chief", "writer-at-large", "correspondent-at-large",
    # German
    "redaktion", "redakteur", "redakteurin", "korrespondent", "korrespondentin", "autor", "autorin", "autoren",
    "journalistin", "reporterin", "mitarbeiter", "mitarbeiterin", "gastautor", "gastautorin", "kommentar",
    "analyse", "leitender", "leitende", "chefredakteur", "chefredakteurin", "volontär", "volontärin", "freier",
    "freie", "wirtschaft", "politik", "gastbeitrag", "anzeige", "red", "online-redaktion", "nachrichtenredaktion",
    # French and Spanish
    "rédaction", "rédacteur", "rédactrice", "journaliste", "correspondant", "correspondante", "envoyé",
    "envoyée", "spécial", "spéciale", "chroniqueur", "chroniqueuse", "éditorialiste", "service", "redacción",
    "redactor", "redactora", "corresponsal", "enviado", "enviada", "especial", "periodista", "columnista",
    # Russian
    "автор", "авторы", "текст", "редакция", "редактор", "корреспондент", "обозреватель", "журналист",
    "специальный", "собственный", "фото",
})
# Trailing words that credit a newsroom rather than a writer: "HNN Staff", "Detroit News wire services".
_COLLECTIVE_WORDS = frozenset({
    "staff", "desk", "team", "newsroom", "bureau", "editorial", "editors", "board", "reports", "report", "wire",
    "wires", "service", "services", "writers", "reporters", "correspondents", "redaktion", "редакция",
})
# Weekdays and months that run on from a name when a page's date line is read into its byline
# ("Malcolm Owen Monday", "Carrie Arnold November").
_DATE_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "montag",
    "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "januar", "februar", "märz", "juni",
    "juli", "oktober", "dezember", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo", "enero", "febrero",
    "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
})
# "The Russian; Syrian defense ministries": "The Russian and …" split at its "and" (the author field of
# trafilatura joins names with ";"), a modifier that only makes sense with the plural noun after it.
_DANGLING_MODIFIER = re.compile(r"(?i:the|die|der|les|los|las)\s+[^\W\d_]+")
_SHARED_HEAD = re.compile(r"[^\W\d_]+(?:\s+[^\W\d_A-Z][\w-]*)*\s+(?:ministries|governments|embassies|authorities"
                          r"|armies|militaries|forces|agencies|officials|police|departments|ministerien|regierungen)")
_FILLER_WORDS = frozenset({
    "the", "our", "your", "a", "an", "and", "of", "for", "at", "on", "in", "by", "unser", "unsere", "unserem",
    "unserer", "von", "und", "der", "die", "das", "für", "notre", "nos", "la", "le", "les", "de", "du", "des",
    "avec", "par", "el", "los", "las", "por", "y", "del",
})
_CJK_ROLE_WORDS = frozenset({"編集部", "記者", "编辑部", "本社", "取材班", "特派員", "編集委員", "論説委員", "本报", "本報"})

_KNOWN_PLACES = (
    "Washington", "New York", "London", "Paris", "Berlin", "Brussels", "Brüssel", "Bruxelles", "Moscow", "Moskau",
    "Kyiv", "Kiev", "Kiew", "Beijing", "Peking", "Tokyo", "Tokio", "Delhi", "New Delhi", "Neu-Delhi", "Mumbai",
    "Frankfurt", "Frankfurt am Main", "Hamburg", "Munich", "München", "Cologne", "Köln", "Bonn", "Stuttgart",
    "Düsseldorf", "Dresden",
    "Leipzig", "Hannover", "Vienna", "Wien", "Zurich", "Zürich", "Geneva", "Genf", "Genève", "Bern", "Rome",
    "Rom", "Roma", "Milan", "Mailand", "Madrid", "Barcelona", "Lisbon", "Lissabon", "Amsterdam", "The Hague",
    "Den Haag", "Stockholm", "Oslo", "Copenhagen", "Kopenhagen", "Helsinki", "Warsaw", "Warschau", "Prague",
    "Prag", "Budapest", "Athens", "Athen", "Istanbul", "Ankara", "Jerusalem", "Tel Aviv", "Gaza", "Cairo",
    "Kairo", "Beirut", "Damascus", "Dubai", "Doha", "Riyadh", "Tehran", "Teheran", "Baghdad", "Bagdad", "Kabul",
    "Islamabad", "Karachi", "Dhaka", "Bangkok", "Singapore", "Singapur", "Hong Kong", "Hongkong", "Shanghai",
    "Seoul", "Taipei", "Manila", "Jakarta", "Hanoi", "Sydney", "Canberra", "Melbourne", "Ottawa", "Toronto",
    "Montreal", "Mexico City", "Brasília", "Brasilia", "São Paulo", "Sao Paulo", "Rio de Janeiro", "Buenos Aires",
    "Santiago", "Lima", "Bogotá", "Bogota", "Caracas", "Havana", "Nairobi", "Lagos", "Johannesburg",
    "Cape Town", "Addis Ababa", "Dublin", "Edinburgh", "Luxembourg", "Luxemburg", "Strasbourg", "Straßburg",
    "Minsk", "Tbilisi", "Kharkiv", "Odesa", "Odessa", "Los Angeles", "San Francisco", "Chicago", "Silicon Valley",
    "東京", "大阪", "北京", "上海", "香港", "ソウル", "ワシントン", "ニューヨーク", "ロンドン", "パリ", "ベルリン",
    "モスクワ", "서울",
)
_KNOWN_PLACE_KEYS = frozenset(re.sub(r"[\W_]", "", place.casefold()) for place in _KNOWN_PLACES)

_PARTICLES = frozenset({
    "van", "von", "de", "der", "den", "del", "della", "delle", "di", "da", "das", "dos", "do", "du", "des", "la",
    "le", "lo", "bin", "ibn", "bint", "al", "el", "ter", "ten", "zu", "zum", "zur", "af", "av", "op", "y", "e",
})
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Capitalised leading articles make an outlet's name ("The Guardian", "Die Zeit"), never a person's.
_ARTICLE_OPENERS = frozenset({"the", "der", "die", "das", "les", "los", "las"})

_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|net|org|de|co\.uk)/\S*", re.I)
_EMAIL = re.compile(r"(?:mailto:)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
_HANDLE = re.compile(r"(?<!\w)@\w+")
# Credits for work other than the writing: "Editing by …", "Photos: …".
_OTHER_CREDITS = re.compile(
    r"\b(?:(?:editing|edited|photos?|photographs?|fotos?|graphics?|grafik|illustrations?|video)\s+(?:by|von|par|por)"
    r"|(?:photos?|fotos?|bild|bilder)\s*:"
    r"|(?<!и\s)фото\b\s*:?)[^;|]*",
    re.I,
)
_TIMESTAMP_TAIL = re.compile(
    r"\s*\b(?:updated|published|posted|aktualisiert|veröffentlicht|stand|publié|mis à jour|actualizado|publicado)"
    r"\b.*$",
    re.I,
)
_BRACKETS = re.compile(r"[(\[【〔]([^()\[\]【】〔〕]*)[)\]】〕]")
# Where one credited name ends and the next begins; "y" and "e" only in lower case, as capitals they are initials.
_STRONG_SPLIT = re.compile(
    r"\s*(?:[;|/&、•·]|\s(?i:and|und|et|with|mit|for|für)\s|\s[ye]\s|\sи\s(?!фото)|\s[–—-]\s)\s*"
)
_COMMA = re.compile(r"\s*,\s*")
_PREFIX = re.compile(
    r"""^(?:
        (?:additional\s+)?(?:written|reported|reporting|compiled|prepared|story|text\s+and\s+photos?)\s+by\s*:?\s*
      | von\s+unser(?:em|er|en)\s+\S+\s*
      | (?:mit\s+)?(?:material|informationen)\s+(?:von|der|aus)\s+
      | (?:by|von|par|por|door)\s*:?\s+
      | (?:redaktion|reporter)\s*:\s*
      # trafilatura drops the colon ("Текст: Венера Ерофеева" comes as "Текст Венера Ерофеева"), so before a
      # name of two words these need none
      | (?:text|texto|texte|autor(?:in|en|innen)?|authors?|auteurs?|verfasser(?:in)?|текст(?:\s+и\s+фото)?
         |автор(?:ы)?|(?:материал\s+)?подготовил[аи]?)(?:\s*:\s*|\s+(?=[^\W\d_]\S*\s+[^\W\d_]))
      | (?:本报记者|本報記者|记者|記者)\s*[:：]?\s*
      | (?:取材・文|文・写真|文と写真|文)\s*[:：/・]\s*
    )""",
    re.I | re.X,
)
# Italian "di" is also the start of surnames ("Di Maria"), so it is a prefix only before a whole name.
_DI_PREFIX = re.compile(r"^di\s+(?=\S+\s+\S)", re.I)
_HAN_OR_HANGUL = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_CJK_SUFFIX = re.compile(r"\s*(?:記者|特派員|編集委員|論説委員|特派记者|记者|기자|記)$")
_PLACE_TAIL = re.compile(r"(?:^|\s)(?:in|IN|from|FROM|aus|à|desde|en)\s+(?P<place>\S+(?:\s+\S+){0,2})$")
_NAME_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-])*")
_INITIALS = re.compile(r"(?:[^\W\d_]\.-?)+|[^\W\d_]")
_LOWER_PREFIXED = re.compile(r"(?:al|el|ad|ud|d|l|ibn|bin)['’\-][^\W\d_].*")
_EDGE_PUNCTUATION = " .,:;-–—\"'“”‘’()[]"
# A final full stop belongs to "Jr." and initials but is sentence punctuation after any other word.
_KEEPS_FULL_STOP = re.compile(r"(?:^|\s)(?:[JjSs]r|(?:[^\W\d_]\.)*[^\W\d_])\.$")


def _trim(text: str) -> str:
    """Text without punctuation and spaces at its ends, except the full stop of "Jr." or an initial."""
    kept = text.lstrip(_EDGE_PUNCTUATION).rstrip(_EDGE_PUNCTUATION.replace(".", ""))
    return kept if _KEEPS_FULL_STOP.search(kept) else kept.rstrip(_EDGE_PUNCTUATION)


def _plain_key(text: str) -> str:
    """Casefolded letters and digits only, to compare places and de-duplicate."""
    return re.sub(r"[\W_]", "", text.casefold())


def _words(text: str) -> list[str]:
    """Whitespace tokens, casefolded, with edge punctuation removed."""
    return [token.strip(".,:;()'\"").casefold() for token in text.split()]


class _Found:
    """Names collected in order, each once."""

    def __init__(self) -> None:
        self.authors: dict[str, str] = {}
        self.organisations: dict[str, str] = {}
        self.places: dict[str, str] = {}

    def add(self, bucket: dict[str, str], name: str) -> None:
        """Keep the first spelling of a name; later ones differ only in case or punctuation."""
        name = _trim(name)
        if name and len(name) <= MAX_NAME_CHARS:
            bucket.setdefault(_plain_key(name) or name, name)


def parse_byline(raw: str | Iterable[str] | None, site_names: Iterable[str | None] = ()) -> Byline:
    """The people, organisations and places a byline names (as trafilatura, JSON-LD or meta tags give it).

    Only names that look like a person's (2-5 capitalised words, or 2-4 CJK characters) become authors;
    single words are dropped unless they are a known agency, outlet or place, because a lone "Smith" or
    "admin" is more often a user name or a section than a credit.
    """
    if raw is None:
        return Byline()
    if isinstance(raw, str):
        texts: list = [raw]
    elif isinstance(raw, Mapping):  # a JSON-LD Person or Organization object
        texts = [raw.get("name")]
    else:
        texts = []
        for item in raw:
            texts.append(item.get("name") if isinstance(item, Mapping) else item)
            if len(texts) >= _MAX_RAW_ITEMS:
                break
    keys = _site_keys(site_names, None)
    found = _Found()
    for text in texts:
        if isinstance(text, str):
            for position, candidate in enumerate(_candidates(text)):
                _classify(candidate, position, keys, found)
    return Byline(
        tuple(_merge_initial_variants(found.authors.values()))[:MAX_AUTHORS],
        tuple(found.organisations.values()),
        tuple(found.places.values()),
    )


def _strip_prefix(text: str) -> str:
    """Text without the credit words in front of a name ("By", "Von", "Autor:", "記者")."""
    for _ in range(3):
        stripped = _trim(_DI_PREFIX.sub("", _PREFIX.sub("", text)))
        if stripped == text:
            break
        text = stripped
    return text


def _candidates(text: str) -> list[str]:
    """The separately credited names in one byline string, in order."""
    text = unicodedata.normalize("NFKC", html.unescape(text[:_MAX_RAW_CHARS]))
    text = _EMAIL.sub(" ; ", _URL.sub(" ; ", text))
    text = _HANDLE.sub(" ", text)
    text = _OTHER_CREDITS.sub(" ; ", text)
    text = _BRACKETS.sub(r" ; \1 ; ", " ".join(text.split()))
    pieces: list[str] = []
    for piece in _STRONG_SPLIT.split(text):
        piece = piece.strip()
        if pieces and _DANGLING_MODIFIER.fullmatch(pieces[-1]) and _SHARED_HEAD.fullmatch(piece):
            pieces[-1] = f"{pieces[-1]} and {piece}"
        else:
            pieces.append(piece)
    candidates = []
    for piece in pieces:
        piece = _strip_prefix(_TIMESTAMP_TAIL.sub("", _strip_prefix(_without_bio(piece))))
        if not piece:
            continue
        inverted = _surname_first(piece)
        for part in [inverted] if inverted else _COMMA.split(piece):
            part = _strip_prefix(part)
            if part:
                candidates.append(part)
    return candidates


def _without_bio(piece: str) -> str:
    """A name without the sentence about its owner: "Phil Helsel is a reporter" gives "Phil Helsel"."""
    match = _BIO.match(piece)
    if (match and any(_is_role(word) for word in _words(match["rest"]))
            and _looks_like_person(_strip_prefix(match["name"]))):
        return match["name"]
    return piece


_BIO = re.compile(r"(?P<name>.+?)\s+(?:is|was|ist|est)\s+(?P<rest>.+)")


def _surname_first(piece: str) -> str | None:
    """The library form "Doe, Jane" turned into "Jane Doe"; None for anything else ("Jane Doe, Berlin")."""
    match = re.fullmatch(r"([^\W\d_][\w'’-]*)\s*,\s*([^\W\d_][\w'’-]*)", piece)
    if not match:
        return None
    surname, given = match.groups()
    for token in (surname, given):
        if (not token[0].isupper() or _is_known_organisation(token, frozenset()) or _is_known_place(token)
                or token.casefold() in _ROLE_WORDS or token.casefold() in _PARTICLES):
            return None
    return f"{given} {surname}"


def _is_known_organisation(text: str, site_keys: frozenset[str]) -> bool:
    """Whether the text is an agency or outlet from the built-in list or one of the site's own names."""
    key = _name_key(text)
    return bool(key) and (key in _KNOWN_ORGANISATION_KEYS or key in site_keys)


def _is_known_place(text: str) -> bool:
    """Whether the text is a capital or a common dateline."""
    return _plain_key(text) in _KNOWN_PLACE_KEYS


def _known_spelling(text: str) -> str:
    """A known agency in its own spelling when the byline only changed its case ("Ap", "REUTERS")."""
    return _KNOWN_SPELLINGS.get(text.casefold(), text)


def _is_role(word: str) -> bool:
    """Whether a casefolded word is a job title, desk or credit word."""
    return word in _ROLE_WORDS


def _without_roles(text: str) -> str:
    """Text without job-title words at either end ("CNN Senior Correspondent" gives "CNN")."""
    tokens = text.split()
    words = _words(text)
    start, end = 0, len(tokens)
    while start < end and (_is_role(words[start]) or words[start] in _FILLER_WORDS):
        start += 1
    while end > start and (_is_role(words[end - 1]) or words[end - 1] in _FILLER_WORDS):
        end -= 1
    return " ".join(tokens[start:end])


def _without_date_tail(text: str) -> str:
    """A name without the weekday or month run on from the page's date line ("Jeff Foust Monday").

    A name keeps at least two words, so "Theresa May" and "Brian May" stay whole.
    """
    tokens = text.split()
    while len(tokens) > 2 and tokens[-1][:1].isupper() and _words(tokens[-1])[0] in _DATE_WORDS:
        tokens.pop()
    return " ".join(tokens)


# "Cleveland com": a site's domain with its dot read as a space.
_SPACED_DOMAIN = re.compile(r"^([^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*){0,2})\s+(com|net|org)$")


def _newsroom(text: str) -> str | None:
    """The outlet of a newsroom credit ("HNN Staff" gives "HNN"); "" for a credit that names none
    ("Staff Reports"), None when the text does not end in newsroom words."""
    tokens = text.split()
    words = _words(text)
    end = len(tokens)
    while end > 0 and (words[end - 1] in _COLLECTIVE_WORDS or words[end - 1] in _FILLER_WORDS):
        end -= 1
    if end == len(tokens):
        return None
    head = " ".join(tokens[:end])
    return head if _without_roles(head) else ""


# Words after an outlet's name that make it a job title; "News" and "Online" belong to the name.
_TITLE_TAIL_WORDS = (_ROLE_WORDS | _COLLECTIVE_WORDS) - (_ORGANISATION_WORDS - _COLLECTIVE_WORDS)


def _without_title_tail(text: str) -> str:
    """An outlet's name without the job title after it: "Washington Post Staff Writer" gives "Washington Post"."""
    tokens = text.split()
    words = _words(text)
    end = len(tokens)
    while end > 1 and (words[end - 1] in _TITLE_TAIL_WORDS or words[end - 1] in _FILLER_WORDS):
        end -= 1
    return " ".join(tokens[:end])


def _leading_organisation(text: str, site_keys: frozenset[str]) -> str | None:
    """The agency in a job title that names it first: "AP Auto Writer", "AP National Security Writer"."""
    tokens = text.split()
    words = _words(text)
    if len(tokens) < 2 or not _is_role(words[-1]):
        return None
    for size in range(min(3, len(tokens) - 1), 0, -1):
        head = " ".join(tokens[:size])
        if _is_known_organisation(head, site_keys) and all(
                token[:1].isupper() or _is_role(word) or word in _FILLER_WORDS
                for token, word in zip(tokens[size:], words[size:])):
            return head
    return None


def _person_then_organisation(text: str, site_keys: frozenset[str]) -> tuple[str, str] | None:
    """A name with the outlet run on after it: "ERIC TUCKER Associated Press", "Finian Cunningham Sputnik"."""
    tokens = text.split()
    for size in range(min(4, len(tokens) - 2), 0, -1):
        head, tail = " ".join(tokens[:-size]), " ".join(tokens[-size:])
        if (_is_known_organisation(tail, site_keys) and _looks_like_person(head)
                and not _names_an_organisation(head)):
            return head, tail
    return None


def _names_an_organisation(text: str) -> bool:
    """Whether the words of the text make it an outlet or institution ("Hindustan Times", "The Guardian")."""
    words = _words(text)
    return bool(any(word in _ORGANISATION_WORDS or word.endswith("zeitung") for word in words)
                or _ORGANISATION_DOMAIN.search(text)
                or (len(words) > 1 and words[0] in _ARTICLE_OPENERS and text[0].isupper()))


def _classify(candidate: str, position: int, site_keys: frozenset[str], found: _Found) -> None:
    """File one credited name under authors, organisations or places, or drop it."""
    candidate = _trim(candidate)
    if not candidate or len(candidate) > MAX_NAME_CHARS:
        return  # a hundred characters is a sentence, not a name; cutting it would invent one
    if _CJK.search(candidate):
        _classify_cjk(candidate, site_keys, found)
        return
    place_tail = _PLACE_TAIL.search(candidate)
    if place_tail and _looks_like_place_name(place_tail["place"]):
        found.add(found.places, place_tail["place"])
        candidate = _trim(candidate[: place_tail.start()])
        if not candidate:
            return
    candidate = _SPACED_DOMAIN.sub(r"\1.\2", _without_date_tail(candidate))
    if _is_known_organisation(candidate, site_keys):
        found.add(found.organisations, _known_spelling(candidate))
        return
    core = _without_roles(candidate)
    if not core:
        return  # "Staff Reporter", "Editorial Board", "Redaktion"
    # "DW staff", "Reuters correspondent", "AP Auto Writer", "Sky News reporter" (not "Sky")
    agency = _leading_organisation(candidate, site_keys)
    if agency:
        found.add(found.organisations, _known_spelling(agency))
        return
    if core != candidate and _is_known_organisation(core, site_keys):
        found.add(found.organisations, _known_spelling(core))
        return
    person_and_outlet = _person_then_organisation(core, site_keys)
    if person_and_outlet:
        found.add(found.authors, _normalise_case(person_and_outlet[0]))
        found.add(found.organisations, _known_spelling(person_and_outlet[1]))
        return
    if _is_known_place(candidate):
        found.add(found.places, candidate)
        return
    newsroom = _newsroom(candidate)
    if newsroom is not None:
        if newsroom:
            found.add(found.organisations, newsroom)  # "HNN Staff", "Detroit News wire services"
        return
    if (core != candidate and _looks_like_person(core) and not _names_an_organisation(core)
            and _words(candidate)[0] not in _ARTICLE_OPENERS):
        found.add(found.authors, _normalise_case(core))  # "Tom Gillespie News reporter"
        return
    if _names_an_organisation(candidate):
        found.add(found.organisations, _without_title_tail(candidate))  # "Washington Post Staff Writer"
        return
    if _looks_like_person(core):
        found.add(found.authors, _normalise_case(core))
        return
    letters = [c for c in candidate if c.isalpha()]
    # A lone all-capitals word after the name is a dateline ("Jane Doe, KHARKIV"); short ones are acronyms.
    if position > 0 and " " not in candidate and len(letters) >= 4 and all(c.isupper() for c in letters):
        found.add(found.places, candidate)


def _looks_like_place_name(text: str) -> bool:
    """Whether the words after "in" name a place: capitalised at both ends ("Frankfurt am Main")."""
    tokens = text.split()
    return (tokens[0][0].isupper() and tokens[-1][0].isupper() and not _DIGIT_OR_AT.search(text)
            and _words(text)[0] not in _ROLE_WORDS)


_DIGIT_OR_AT = re.compile(r"[\d@]")


def _looks_like_person(name: str) -> bool:
    """Whether the text reads as a person's name: 2-5 capitalised words, initials or particles, no digits."""
    tokens = name.split()
    if not 2 <= len(tokens) <= 5 or _DIGIT_OR_AT.search(name):
        return False
    proper = initials = 0
    for index, token in enumerate(tokens):
        low = token.casefold()
        if low.strip(".") in _ROLE_WORDS or not _NAME_TOKEN.fullmatch(token):
            return False
        if index == 0 and low in _ARTICLE_OPENERS:
            return False
        if _INITIALS.fullmatch(token) and token.isupper():
            initials += 1
        elif low in _NAME_SUFFIXES and index > 0:
            continue
        elif (token[0].isupper() and sum(c.isalpha() for c in token) >= 2) or _LOWER_PREFIXED.fullmatch(token):
            proper += 1  # "al-Rashid" and "d'Alembert" are surnames, whatever their first letter
        elif low in _PARTICLES:
            if index == len(tokens) - 1:
                return False
        else:
            return False  # a lower-case word: "the newsroom", "jane doe" typed as a user name
    return proper >= 1 and proper + initials >= 2


def _normalise_case(name: str) -> str:
    """A name with its all-capitals words in title case ("JANE VAN DER BERG" gives "Jane van der Berg")."""
    tokens = name.split()
    out = []
    for index, token in enumerate(tokens):
        letters = [c for c in token if c.isalpha()]
        shouted = len(letters) >= 2 and all(c.isupper() for c in letters)
        if shouted and not _INITIALS.fullmatch(token) and token.casefold() not in {"ii", "iii", "iv"}:
            token = _title_token(token, first=index == 0)
        elif 0 < index < len(tokens) - 1 and _BARE_INITIAL.fullmatch(token):
            token += "."  # trafilatura gives "Sarah E Needleman" for the page's "Sarah E. Needleman"
        out.append(token)
    return " ".join(out)


_BARE_INITIAL = re.compile(r"[A-Z]")


def _merge_initial_variants(names: Iterable[str]) -> list[str]:
    """Names with the spellings of one person that differ only by middle initials merged into the fullest,
    at the place of the first: "Troy Smith" and "Troy L. Smith" give "Troy L. Smith"."""
    kept: list[str] = []
    for name in names:
        for index, other in enumerate(kept):
            if _same_but_initials(other, name):
                if len(_initials_of(name)) > len(_initials_of(other)):
                    kept[index] = name
                break
        else:
            kept.append(name)
    return kept


def _initials_of(name: str) -> list[str]:
    """The initials of a name after its first word, as letters: "James S. A. Corey" gives ["s", "a"]."""
    return [c for token in name.split()[1:] if _INITIALS.fullmatch(token) and token.isupper()
            for c in token.casefold() if c.isalpha()]


def _same_but_initials(first: str, second: str) -> bool:
    """Whether two names have the same words apart from middle initials, one's initials among the other's."""
    def words(name: str) -> list[str]:
        tokens = name.split()
        return [_plain_key(token) for index, token in enumerate(tokens)
                if index == 0 or not (_INITIALS.fullmatch(token) and token.isupper())]

    if words(first) != words(second):
        return False
    shorter, longer = sorted((_initials_of(first), _initials_of(second)), key=len)
    letters = iter(longer)
    return all(letter in letters for letter in shorter)


def _title_token(token: str, first: bool) -> str:
    """One all-capitals word of a name in title case, keeping particles, "al-", "O'" and "Mc" forms."""
    low = token.casefold()
    if not first and low in _PARTICLES:
        return low
    prefix = ""
    arabic = re.match(r"(al|el)-(.+)", low)
    if arabic:
        prefix = arabic[1] + "-" if not first else arabic[1].capitalize() + "-"
        low = arabic[2]
    titled = "".join(part.capitalize() for part in re.split(r"(['’\-])", low))
    if titled.startswith("Mc") and len(titled) > 2:
        titled = "Mc" + titled[2].upper() + titled[3:]
    return prefix + titled


def _classify_cjk(candidate: str, site_keys: frozenset[str], found: _Found) -> None:
    """File a byline part written in Chinese, Japanese or Korean."""
    # "ワシントン=山田太郎": Japanese papers put the dateline before the reporter, joined by an equals sign.
    if "=" in candidate:
        place, _, candidate = candidate.partition("=")
        place = place.strip()
        if place:
            found.add(found.places, place)
    candidate = _strip_prefix(candidate.strip())
    stripped = _CJK_SUFFIX.sub("", candidate)
    if len(stripped.replace(" ", "")) >= 2:
        candidate = stripped
    compact = candidate.replace(" ", "")
    if not compact or compact in _CJK_ROLE_WORDS:
        return
    if _is_known_organisation(candidate, site_keys) or compact.endswith(_CJK_ORGANISATION_SUFFIXES):
        found.add(found.organisations, candidate)
        return
    if _is_known_place(candidate):
        found.add(found.places, candidate)
        return
    # Japanese names are written in kanji; a short kana-only word is a loanword or an outlet ("ロイター").
    if all(_CJK.fullmatch(c) for c in compact) and _HAN_OR_HANGUL.search(compact):
        if 2 <= len(compact) <= 4:
            found.add(found.authors, candidate)
            return
        # "山田太郎 鈴木花子": names separated by spaces only.
        parts = candidate.split()
        if len(parts) > 1 and all(2 <= len(part) <= 4 for part in parts):
            for part in parts:
                found.add(found.authors, part)
