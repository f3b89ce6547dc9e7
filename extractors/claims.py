"""Split article text into sentences and pick out checkable claims: who asserts what, and when.

Rules only, in three passes over an article:

1. Names: runs of capitalised words give the people the article names in full ("Indiana Gov. Mike Pence",
   "Hillary Clinton"), their gender where a first name, honorific or title tells it, and the offices they
   hold, so that "Pence", "Mr. Trump" and "the Indiana governor" can be resolved to one of them.
2. Sentences: each is searched for an attribution ("according to X", "X said", "…,” said X", "X, R-Ky., said",
   "…, saying", "reportedly"); the claimant is classified (person, organisation, government, media, anonymous,
   role, pronoun) and resolved against the names and the sentences before it. A pronoun takes the subject of
   a nearby sentence of a compatible gender, and stays a pronoun when that is not clear.
3. Quotations: every sentence of a quotation gets the speaker named once for all of it.

Dates resolve against the publication day, backwards for what was said and forwards in clauses about the
future ("will meet on Thursday"); ``tense`` records which.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from extractors.dates import date_spans, find_dates
from extractors.quantities import dominant_group, find_quantities, group_of
from extractors.records import Claim
from extractors.text import word_trie

# --- quotation marks

# Typeset and machine-converted news closes quotes with two apostrophes and opens them with two backticks
# (``Like this,'' he said), or with two curly single ones (‘‘Like this,’’ he said). They are read as curly
# double quotes; the replacement keeps every offset.
_TEX_OPENING_APOSTROPHES = re.compile(r"(?<![^\s(\[—–-])''(?=\w)")


def _normalise_quotes(text: str) -> str:
    if "``" in text:
        text = text.replace("``", "““")
    if "’’" in text or "‘‘" in text:
        text = text.replace("‘‘", "““").replace("’’", "””")
    if "''" in text:
        text = _TEX_OPENING_APOSTROPHES.sub("““", text).replace("''", "””")
    return text


# A sentence ends at a newline, or at terminal punctuation (with any closing quote or bracket)
# followed by space and something that can start a sentence.
_SENTENCE_EVENT = re.compile(r'\n|[“”"]|[.!?…]+[”"’)\]]*(?=[ \t]+[“"‘(\[]*[A-Z\d])')
# Abbreviations whose full stop ends neither a sentence nor a name: titles ("Rep. G.K. Butterfield",
# "Lt. Gen."), months, initials.
_TITLE_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Mx|Messrs|Mme|Dr|Gen|Gens|Lt|Col|Maj|Capt|Cmdr|Cdr|Sgt|Cpl|Pvt|Adm|Brig|Gov|Govs|Sen|Sens"
    "|Rep|Reps|Del|Amb|Supt|Insp|Det|Atty|Hon|Prof|Rev|Fr|Msgr|St|Mt|Ft|Jr|Sr|Pres"
)
_ABBREVIATION = re.compile(
    rf"(?:\b(?:{_TITLE_ABBREVIATIONS}|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|e\.g|i\.e)"
    r"|(?<![\w.])[A-Z](?:\.[A-Z])*)$"
)
_NUMBER_ABBREVIATION = re.compile(r"\bNo\.\s+\d")
_QUOTE_MARK = re.compile(r"[“”\"‘]|’(?![A-Za-z])")
_DOUBLE_OPENERS = {"“", '"'}
_DOUBLE_CLOSERS = {"”", '"'}

# --- attribution cues

_SOURCE = re.compile(
    r"(?<!\w)(?:(?P<according>[Aa]ccording\s+to)|(?P<per>per)(?=\s+(?:the\s+)?[A-Z])|[Rr]eports?\s+(?:by|from))\s+"
)


_CUE_VERBS = """said says stated wrote writes claimed informed announced announces confirmed confirms added
    adds warned warns noted asserted indicated indicates indicate expressed revealed alleged insisted insists
    explained explains estimated acknowledged acknowledges posted tweeted disclosed denied denies argued argues
    contended predicted predicts conceded concedes admitted admits cautioned stressed emphasised
    emphasized remarked accused accuses described describes reiterated reiterates disputed disputes hinted
    hints jokes suggested cited cites concluded concludes declared declares recalled recalls
    acknowledged estimates reveals stresses asserts contends suggests alleges cautions confessed confesses
    quipped quips observed observes""".split() + ["pointed out", "points out"]
_PROGRESSIVE_CUES = """saying claiming reporting warning insisting adding noting arguing telling accusing citing
    describing stating explaining alleging denying announcing confirming predicting""".split()
# Base forms, cues only after a modal ("will say", "is expected to announce").
_BASE_CUES = """say tell announce testify confirm warn reveal argue deny claim insist explain predict accuse
    describe dispute suggest cite expect estimate report""".split()
# "called it a sham", "called his death “a crisis”": a characterisation, not a phone call, a summons or a name
# ("a company called Acme", "called for talks", "called the police a second time").
_CALLED = (
    r"call(?:ed|s)(?=\s+(?:it|him|her|them|this|that|(?:the|his|her|their|its)\s+[\w’'-]+(?:\s+[\w’'-]+){0,9}?)"
    r"\s+(?:[“\"]|(?:an?|the)\s+(?:[“\"]|(?!(?:second|third|fourth|few|couple|number|lot|day|week|hour|time|minute"
    r"|month|year|bit)\b)\w)))"
)
_CUE = re.compile(
    r"(?<![\w-])(?=[a-z])(?:made\s+(?:the|an)\s+(?:official\s+)?announcement"
    r"|told(?:\s+(?:reporters|journalists))?|tells(?:\s+(?:reporters|journalists))?"
    r"|replied(?!\s+to\b)|claims(?!\s+of\b)|determined(?!\s+to\b)|detailed(?=\s+that\b)"
    r"|reported(?!\s+(?:to|for)\b|\s+on\s+(?:the|a|an|his|her|their|its|how|what)\b)|joked(?!\s+about\b)"
    r"|testified(?!\s+(?:before|at|in|on)\b)"
    r"|ruled(?!\s+out\b)|reports(?=\s+that\b|\s+[A-Z])"
    rf"|(?=call)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bbe\s)(?<!\bis\s)(?<!\bare\s){_CALLED}"
    rf"|{word_trie(_CUE_VERBS)}|(?P<progressive>{word_trie(_PROGRESSIVE_CUES)})"
    rf"|(?P<base>{word_trie(_BASE_CUES)}))(?![\w-])"
)
_DEMONYMS = set(
    """American Russian Ukrainian Chinese Japanese Korean British English Scottish Welsh Irish French German
    Italian Spanish Portuguese Dutch Belgian Swiss Austrian Polish Czech Slovak Hungarian Romanian Bulgarian
    Serbian Croatian Greek Turkish Syrian Iraqi Iranian Israeli Palestinian Lebanese Jordanian Egyptian
    Saudi Yemeni Qatari Kuwaiti Emirati Afghan Pakistani Indian Bangladeshi Vietnamese Thai Indonesian
    Malaysian Filipino Australian Canadian Mexican Brazilian Argentine Argentinian Chilean Colombian Peruvian
    Venezuelan Cuban Nigerian Kenyan Ethiopian Somali Sudanese Libyan Moroccan Algerian Tunisian African
    European Asian Arab Belarusian Georgian Armenian Azerbaijani Kazakh Taiwanese Tibetan Swedish Norwegian
    Danish Finnish Estonian Latvian Lithuanian Western Soviet Kurdish""".split()
)
_CLAUSE_OPENERS = {"he", "she", "it", "they", "we", "i", "you", "there", "this", "that", "these", "those"}
_NOUN_BEFORE = re.compile(
    r"(?:\b(?i:the|these|those|such|his|her|their|its|our|false|new|similar|earlier|previous|unfounded)"
    r"|[a-z]+(?:al|ous|ive|ic|ing)|\b(?:" + "|".join(sorted(_DEMONYMS)) + r"))\s+$"
)
# A cue verb followed by these is doing something else than reporting speech.
# "added to his collection", "added three assists": not "added that …" or "added to reporters".
_ADDED_NOT_SPEECH = re.compile(
    r"\s+(?:to\s+(?!(?:reporters|journalists|the\s+(?:statement|report|list))\b)"
    r"|(?:a|an|another|his|her|their|its|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?!(?:caveat|note)\b)\w)"
)
_WITH_SUBJECT = re.compile(r"\bwith\s+(?P<subject>(?:[\w’'-]+\s+){0,3}?[\w’'-]+)\s+$")
_WROTE_ABOUT = re.compile(r"\s+about\b")
_NOT_SPOKEN_AFTER = {"added": _ADDED_NOT_SPEECH, "adds": _ADDED_NOT_SPEECH, "wrote": _WROTE_ABOUT,
                     "writes": _WROTE_ABOUT}
_FIGURE_AFTER = re.compile(r"\s+(?:[$€£¥]|\d|about\b|some\b|nearly\b|almost\b|another\b|more\s+than\b)")
_SUBORDINATE_START = re.compile(
    r"(?:,\s*(?:and|but)|\b(?:when|after|because|while|since|before|although|though|if|until|whereas))\s+"
)
# A participle clause after the main one: "…, saying", "…, however, adding".
_PARTICIPLE_CLAUSE = re.compile(
    r"(?:,\s*(?:(?:however|also|later|then|again|while)\s+)?|\b(?:statement|letter|post|tweet|message|release)\s+)$"
)
# A base form is also the plain present after a plural subject: "Experts say", "officials warn", "they say".
_PLURAL_SUBJECT_BEFORE = re.compile(r"(?:\b[A-Za-z]{2,}[a-rt-z]s|\b(?i:they|people|police|media))[”\"’]?\s+$")
# A base form is a cue only after a modal: "will say", "is expected to announce", "would tell".
_MODAL_BEFORE = re.compile(
    r"(?:(?P<future>will|shall|['’]ll|(?:expected|scheduled|set|due|going|planning|poised|slated|plans?|intends?)"
    r"\s+to)|(?P<conditional>would|could|might|may))\s+(?:also\s+|likely\s+|probably\s+|soon\s+|formally\s+"
    r"|publicly\s+|later\s+)?$"
)
_PRESENT_CUES = {
    "says", "writes", "tells", "tells reporters", "tells journalists", "announces", "confirms", "adds",
    "warns", "indicates", "indicate", "insists", "explains", "acknowledges", "denies", "argues", "predicts",
    "concedes", "admits", "claims",
}
# Verbs whose object is the addressee, never the claimant: "X told The Huffington Post".
_ADDRESSEE_CUES = {"told", "tells", "informed", "told reporters", "told journalists", "tells reporters",
                   "tells journalists"}
_HEDGE_CUE = re.compile(r"(?<!\w)(?:reportedly|allegedly|purportedly)(?!\w)")
_BE_BEFORE = re.compile(r"(?i:\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?)$")
_INVERSION_BEFORE = re.compile(r"[,”\"’]\s*$")
# Where a claimant named after "according to" or an inverted verb stops.
_NOUN_PHRASE_END = re.compile(
    r"[,;:!?“”\"—–]|\s--?\s|(?<![A-Z])\.(?!\d)|\s(?:that|who|which|and|but|as|when|while|because)\b"
)
# After an inverted verb the name also stops before a preposition: "said Smith in a statement".
_INVERTED_NAME_END = re.compile(
    r"(?<!familiar)(?<!close)(?<!knowledge)\s(?:in|on|at|during|after|before|to|from|with|while|when|by|last"
    r"|this|earlier|later|told|via|according)\b"
)
# Commas inside figures ("12,000") do not break a clause.
_CLAUSE_BREAK = re.compile(r",(?!\d)|[;:—–]")
_HARD_BREAK = re.compile(r"[;:—–]")
_LEADING_CONNECTIVES = re.compile(
    r"\s*(?:(?i:and|but|while|as|although|though|whereas|because|so|then|meanwhile|however|now)\s+)*"
)
_TRAILING_AUXILIARIES = re.compile(
    r"(?:\s+(?:has|have|had|also|previously|repeatedly|publicly|officially|recently|earlier|later"
    r"|already|now|then|again|further|first|initially|separately|still|once|will|would|could"
    r"|may|might|did|does|do|is|are|was|were|been|being|himself|herself|itself|themselves|too"
    r"|expected|scheduled|set|due|going|planning|poised|slated|plans|plan|intends|to|shall|likely"
    r"|probably|soon|formally|twice|always|often|long|since|ever"
    r"|(?!(?:family|ally|rally|assembly|supply|reply|anomaly|monopoly|daily|weekly|monthly|quarterly)\b)[a-z]+ly))*\s*$"
)
_TRAILING_DATE_GAP = re.compile(r"(?:\s*,)?\s+(?:(?i:on|in|at|last|this|earlier|early|late|during)\s+)?$")
_LOCATION_TAIL = re.compile(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*$")
_APPOSITIVE_NAME = re.compile(r",\s*([A-Z][a-z]+(?:[\s-][A-Z][a-z]+){1,2})\s*,")
_WORD = re.compile(r"\S+")
_DETERMINERS = {"the", "a", "an"}
_POSSESSIVES = {"his", "her", "their", "its", "our", "my", "your"}
_NEGATIONS = {"not", "nor", "neither", "never", "no"}
_BREAKERS = _NEGATIONS | {
    "by", "to", "from", "with", "was", "were", "is", "are", "be", "been", "of", "for", "and", "or",
    "in", "on", "at", "that", "this", "these", "those", "than", "into", "via", "after", "before",
    "since", "during", "over", "under", "about", "against", "between", "through", "while", "when",
    "where", "whether", "if", "either", "which", "who", "as", "but", "has", "have", "had", "near", "outside",
    "inside", "across", "around", "along", "behind", "beyond", "within", "toward", "towards", "among", "amid",
    "despite", "like", "per", "upon", "throughout", "including",
}
# Connectives that stay inside a name when capitalised words stand on both sides.
_NAME_CONNECTIVES = {"of", "for", "and", "&", "on"}  # "National Institute on Drug Abuse"
# Connectives that stay inside a role: "a spokeswoman for Hillary Clinton", "a resident of Ashton".
_ROLE_CONNECTIVES = {"of", "for", "at", "from", "with", "on", "in", "near", "inside", "to"}
_OBJECT_PREPOSITIONS = {"to", "with", "against", "about", "toward", "towards", "into", "onto", "than", "over",
                        "under", "between", "among", "upon"}
# Not after a participle that makes the rest the source's qualification: "people briefed on the talks".
_LOCATIVE_TAIL = re.compile(r"(?<!briefed)(?<!involved)\s+(?:on|in|near|inside)\s+(?:the\s+)?\S.*$")
_PRONOUNS = {"he", "she", "it", "they"}
_PRONOUN_GENDER = {"he": "m", "she": "f"}

# --- what kind of source a phrase names

_ANONYMOUS_NOUNS = {
    "official", "officials", "source", "sources", "insider", "insiders", "aide", "aides", "diplomat",
    "diplomats", "person", "people", "individual", "individuals",
}
_GOVERNMENT_NOUNS = {
    "government", "governments", "ministry", "ministries", "administration", "authorities", "authority",
    "police", "embassy", "department", "cabinet", "parliament", "congress", "senate", "legislature",
    "presidency", "regime", "junta", "municipality",
}
_ORGANISATION_NOUNS = {
    "intelligence", "agency", "service", "services", "military", "army", "navy", "forces", "force", "guard",
    "command",
    "office", "union", "unions", "company", "companies", "firm", "firms", "operator", "council", "court",
    "committee", "commission", "board", "organisation", "organization", "association", "federation",
    "watchdog", "bank", "party", "group", "groups", "courts", "institute", "university", "hospital", "campaign", "coalition",
    "alliance", "team", "club", "charity", "foundation", "center", "centre", "bureau", "staff",
    "directorate", "regulator", "airline", "manufacturer", "maker", "retailer", "producer", "utility",
    "lab", "laboratory", "school", "network", "brokerage", "automaker", "carmaker", "insurer", "lender", "broker",
    "publisher", "studio", "supplier", "provider", "developer", "chain", "exchange", "nonprofit", "charity",
}
_MEDIA_NOUNS = {
    "media", "newspaper", "newspapers", "broadcaster", "broadcasters", "channel", "outlet", "outlets",
    "tabloid", "magazine", "daily", "station", "press", "website", "paper",
}
_DOCUMENT_NOUNS = {
    "statement", "report", "reports", "study", "survey", "data", "figures", "statistics", "poll",
    "document", "documents", "filing", "memo", "letter", "post", "analysis", "estimate", "estimates",
    "assessment", "release", "bulletin", "update", "video", "records", "record", "filings", "complaint",
    "indictment", "lawsuit", "ruling", "findings", "presentation", "memo",
}
_ROLE_NOUNS = {
    "spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "spokeswomen",
    "representative", "representatives", "president", "minister", "governor", "mayor", "senator",
    "congressman", "congresswoman", "lawmaker", "lawmakers", "legislator", "legislators", "lawyer",
    "lawyers", "attorney", "attorneys", "counsel", "prosecutor", "prosecutors", "judge", "judges", "leader",
    "leaders", "commander", "commanders", "chief", "head", "director", "directors", "chairman", "chairwoman",
    "chair", "ceo", "executive", "executives", "secretary", "ambassador", "envoy", "adviser", "advisers",
    "advisor", "advisors", "economist", "economists", "analyst", "analysts", "expert", "experts",
    "researcher", "researchers", "scientist", "scientists", "doctor", "doctors", "investigator",
    "investigators", "witness", "witnesses", "resident", "residents", "teacher", "teachers", "student",
    "students", "worker", "workers", "employee", "employees", "owner", "owners", "founder", "manager",
    "managers", "coach", "player", "players", "candidate", "candidates", "voter", "voters", "activist",
    "activists", "critic", "critics", "supporter", "supporters", "officer", "officers", "soldier",
    "soldiers", "sheriff", "chancellor", "premier", "king", "queen", "prince", "princess", "pope", "bishop",
    "priest", "pastor", "rabbi", "imam", "professor", "historian", "author", "writer", "writers", "blogger",
    "bloggers", "journalist", "journalists", "reporter", "reporters", "correspondent", "editor",
    "columnist", "observer", "observers", "monitor", "monitors", "negotiator", "negotiators", "mediator",
    "commissioner", "superintendent", "principal", "inspector", "detective", "deputy", "treasurer",
    "general", "colonel", "captain", "sergeant", "lieutenant", "admiral", "veteran", "veterans",
    "survivor", "survivors", "victim", "victims", "relative", "relatives", "mother", "father", "wife",
    "husband", "son", "daughter", "brother", "sister", "friend", "friends", "colleague", "colleagues",
    "partner", "partners", "nurse", "nurses", "pilot", "pilots", "farmer", "farmers", "member", "members",
    "fellow", "militants", "rebels", "separatists", "organizers", "organisers", "protesters", "protestors",
    "suspect", "suspects", "defendant", "defendants", "plaintiff", "plaintiffs", "agent", "agents", "man", "woman",
    "men", "women", "founder", "host", "patient", "patients", "neighbor", "neighbors", "neighbour", "neighbours",
    "hunter", "teen", "teenager", "boy", "girl", "traders", "trader", "investors", "investor", "executive",
    "officer", "physician", "physicians", "administrator", "regulators", "scholar", "scholars", "coroner",
    "bosses", "chiefs", "sides", "families", "parents", "staffers", "allies", "opponents", "advocates",
    "campaigners", "lobbyists", "unions", "consumers", "customers", "shoppers", "fans", "locals", "villagers",
    "citizens", "accuser", "accusers", "whistleblower", "eyewitness", "eyewitnesses", "user", "users",
    "commenter", "commenters", "viewers", "readers", "listeners", "attendees", "participants", "delegates",
    "speakers", "panelists", "panellists",
}
_ISSUED_TEXT = re.compile(r"(?:the|that|this|its|their|his|her)\s+(?:statement|report|letter|release|press release|post|memo)")
_RESTRICTIVE_WHO = re.compile(r"\s(?:who|whose)\s")
# "Those in favor of punishment", "those who oppose it": people described, not named.
_THOSE = re.compile(r"(?i:those)\s+(?:who|in|at|with|from|on|close|opposed|against|familiar|involved|affected)\b.*")
# Plural agent nouns ("freight forwarders", "economists", "protesters") name groups that speak.
_AGENT_PLURAL = re.compile(r"[a-z]{3,}(?:ers|ors|ists|ians|ants|ents)$")
_AGENT_SINGULAR = re.compile(r"[a-z]{3,}(?:er|or|ist|ian|ant|ent)$")
_POSTMODIFIER = re.compile(
    r"\s+(?:familiar|close|knowledgeable|briefed|involved|speaking|who|with\s+(?:direct\s+)?knowledge"
    r"|representing|working\s+(?:for|at|with)|based\s+in|(?:led|run|owned|funded|backed|affiliated|linked|allied"
    r"|associated)\s+(?:by|with|to))\b.*$"
)
_MEDIUM_PREFIX = re.compile(
    r"^(?:statements?|reports?|post|video|article|story|interview|editorial)\s+(?:from|by|of|in)\s+(?:the\s+|a\s+)?",
    re.I,
)
_MEDIUM_SUFFIX = re.compile(r"\s+(?:reports?|statement)$")
_POSSESSIVE_MEDIUM = re.compile(r"['’]s\s+(?:reports?|reporting|statement|article|story|analysis|investigation)$")
_LEADING_DETERMINER = re.compile(r"^(?i:the|a|an)\s+")
_INWORD_APOSTROPHE = re.compile(r"(?<=[A-Za-z])’(?=[A-Za-z])")
_COUNTRY_NAMES = {
    "US": "United States", "U.S.": "United States", "U.S": "United States", "USA": "United States",
    "United States": "United States", "UK": "United Kingdom", "U.K.": "United Kingdom",
    "United Kingdom": "United Kingdom",
}
_COUNTRIES = set(
    """Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan Bahamas
    Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Botswana Brazil Brunei
    Bulgaria Burkina Burundi Cambodia Cameroon Canada Chad Chile China Colombia Comoros Congo Croatia Cuba
    Cyprus Czechia Denmark Djibouti Dominica Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland
    France Gabon Gambia Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary
    Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati
    Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania Luxembourg
    Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico Micronesia Moldova Monaco
    Mongolia Montenegro Morocco Mozambique Myanmar Namibia Nauru Nepal Netherlands Nicaragua Niger Nigeria
    Norway Oman Pakistan Palau Palestine Panama Paraguay Peru Philippines Poland Portugal Qatar Romania
    Russia Rwanda Samoa Senegal Serbia Seychelles Singapore Slovakia Slovenia Somalia Spain Sudan Suriname
    Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga Tunisia Turkey Türkiye
    Turkmenistan Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Yemen Zambia Zimbabwe
    Britain Washington Moscow Beijing Kyiv Kiev Seoul Pyongyang Tokyo London Paris Berlin Tehran Ankara
    Taipei Damascus Baghdad Riyadh Cairo Ottawa Canberra Warsaw Minsk Tbilisi Caracas Havana Brussels
    Islamabad Kabul Jerusalem Beirut Tallinn Riga Vilnius Budapest Bucharest Rome Madrid Lisbon Athens
    Stockholm Oslo Helsinki Copenhagen Dublin Vienna Prague Bern Manila Jakarta Hanoi Bangkok Delhi""".split()
) | {
    "North Korea", "South Korea", "New Zealand", "Saudi Arabia", "South Africa", "Sri Lanka", "Costa Rica",
    "El Salvador", "Ivory Coast", "Sierra Leone", "South Sudan", "United Arab Emirates", "Czech Republic",
    "Dominican Republic", "North Macedonia", "Papua New Guinea", "East Timor", "Burkina Faso", "Cape Verde",
    "New Delhi", "Abu Dhabi", "Downing Street", "White House", "Beijing's", "the West",
}
_GOVERNMENT_NAME_WORDS = {
    "Government", "Ministry", "Kremlin", "Pentagon", "Department", "Administration", "Congress",
    "Parliament", "Senate", "Cabinet", "Embassy", "Police", "Presidency", "Duma", "Knesset", "Bundestag",
    "Assembly", "Legislature", "Treasury", "Whitehall", "Élysée", "Elysee", "Authority", "Authorities",
}
_ORGANISATION_NAME_WORDS = {
    "Inc", "Inc.", "Corp", "Corp.", "Co.", "Ltd", "Ltd.", "LLC", "PLC", "AG", "GmbH", "Group", "Company",
    "Agency", "Institute", "Institution", "Union", "Party", "Army", "Navy", "Forces", "Force", "Intelligence",
    "Service", "Services", "Center", "Centre", "Council", "Committee", "Commission", "Association",
    "Federation", "Foundation", "University", "College", "Bank", "Fund", "Organization", "Organisation",
    "Bureau", "Court", "Board", "Alliance", "Coalition", "Corporation", "Industries", "Holdings", "Command",
    "Directorate", "Staff", "Caucus", "Club", "Society", "League", "Trust", "Watch", "Initiative",
    "Movement", "Front", "Guard", "Office", "Institutes", "Laboratory", "Hospital", "School", "Airlines",
    "Motors", "Technologies", "Systems", "Partners", "Brigade", "Battalion", "Regiment", "Division", "Nations",
    "UN", "EU", "NATO", "WHO", "IMF", "OPEC", "Cross", "Crescent", "Amnesty",
}
_MEDIA_NAME_WORDS = {
    "Times", "Post", "Journal", "Telegraph", "Guardian", "Reuters", "AP", "AFP", "BBC", "CNN", "NHK", "NPR",
    "PBS", "CBS", "NBC", "MSNBC", "Fox", "Bloomberg", "Newsweek", "Xinhua", "TASS", "Tass", "RIA", "Interfax",
    "Yonhap", "Kyodo", "Axios", "Politico", "Tribune", "Herald", "Gazette", "Chronicle", "Observer",
    "Independent", "Mirror", "Express", "Economist", "Atlantic", "Spiegel", "Monde", "Figaro", "Haaretz",
    "Jazeera", "Ukrinform", "Izvestia", "Kommersant", "Vedomosti", "News", "Press", "Radio", "TV",
    "Television", "Broadcasting", "Daily", "Magazine", "Examiner", "Inquirer", "Dispatch", "Courier",
    "Newsnight", "Sky", "Euronews", "DW", "Kyiv Independent", "Yomiuri", "Asahi", "Nikkei", "Wire", "Leader",
    "Register", "Sentinel", "Enquirer", "Bulletin", "Argus", "Globe", "Standard", "Record", "Star-Tribune", "Reporter",
}
_COMPANIES = {
    "Apple", "Google", "Alphabet", "Microsoft", "Amazon", "Meta", "Facebook", "Tesla", "Boeing", "Airbus",
    "Siemens", "Samsung", "Toyota", "Volkswagen", "Nvidia", "Intel", "OpenAI", "Netflix", "Uber", "Walmart",
    "Pfizer", "Moderna", "Shell", "BP", "ExxonMobil", "Exxon", "Chevron", "Gazprom", "Rosneft", "Huawei",
    "TikTok", "ByteDance", "Alibaba", "Tencent", "Sony", "Nissan", "Honda", "BMW", "Ford", "Disney",
    "Twitter", "SpaceX", "Maersk", "Nestlé", "Unilever", "Bayer", "BASF", "Lufthansa", "Ryanair", "IBM",
    "Oracle", "Anthropic", "Starbucks", "McDonald's", "Goldman", "JPMorgan", "Citigroup", "HSBC", "Barclays",
}
# Not claimants by themselves: a title or honorific cut from its name, a date word, a US state or a
# party-and-state tag ("R-Ky.", "D-N.C.").
_HONORIFICS = {
    "Mr.", "Mrs.", "Ms.", "Mx.", "Miss", "Dr.", "Rep.", "Sen.", "Gov.", "Del.", "Rev.", "Lt.", "Gen.", "Col.",
    "Capt.", "Maj.", "Sgt.", "Adm.", "Prof.", "Cmdr.", "Cpl.", "Pvt.", "Brig.", "Amb.", "Msgr.", "Fr.",
    "Hon.", "Atty.", "Supt.", "Insp.", "Det.", "Mme.", "Sir", "Dame", "Mr", "Mrs", "Ms", "Dr",
}
_LONE_TITLES = {word.rstrip(".").lower() for word in _HONORIFICS} | {"st", "mt", "ft", "jr", "sr", "no"}
_MALE_HONORIFICS = {"Mr.", "Mr", "Sir", "Messrs."}
_FEMALE_HONORIFICS = {"Mrs.", "Ms.", "Miss", "Mrs", "Ms", "Dame", "Mme."}
_DATE_WORDS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "today",
    "yesterday", "tomorrow", "tonight", "morning", "afternoon", "evening", "night", "week", "month",
    "year", "weekend", "last", "this", "next", "on", "early", "late", "earlier", "later",
}
_STATES = (
    r"(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Mich|Minn|Miss|Mo"
    r"|Mont|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D|Tenn|Tex|Vt|Va|Wash|W\.Va|Wis"
    r"|Wyo|D\.C)"
)
_STATE_ABBREVIATION = re.compile(rf"[RDI]-[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?|{_STATES}\.")
_STATE_ONLY = re.compile(_STATES)
_US_STATES = set(
    """Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii Idaho Illinois
    Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi
    Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia
    Washington Wisconsin Wyoming""".split()
) | {"New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota",
     "Rhode Island", "South Carolina", "South Dakota", "West Virginia"}
_TITLE_WORDS = {
    "President", "Minister", "Secretary", "Defence", "Defense", "General", "Gen.", "Colonel", "Col.",
    "Lieutenant", "Lt.", "Major", "Maj.", "Captain", "Capt.", "Admiral", "Sergeant", "Chancellor",
    "Premier", "Senator", "Sen.", "Ambassador", "Director", "Commander", "Chief", "Leader",
    "Spokesman", "Spokeswoman", "Spokesperson", "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Foreign",
    "State", "Prime", "Deputy", "Vice", "Governor", "King", "Queen", "Prince", "Pope", "Head",
    "Speaker", "Majority", "Minority", "Whip", "Rep.", "Representative", "Congressman", "Congresswoman",
    "Gov.", "Mayor", "Attorney", "Justice", "Judge", "Chairman", "Chairwoman", "Chair", "CEO", "Sheriff",
    "Commissioner", "Superintendent", "Treasurer", "Councilman", "Councilwoman", "Assemblyman",
    "Assemblywoman", "Delegate", "Del.", "Rev.", "Father", "Bishop", "Cardinal", "Rabbi", "Sheikh",
    "Coach", "Officer", "Detective", "Inspector", "Sgt.", "Cpl.", "Pvt.", "Adm.", "Cmdr.", "Brig.", "Sir",
    "Dame", "Lord", "Lady", "Miss", "Mme.", "Msgr.", "Hon.", "Amb.", "Supt.", "Atty.", "Insp.", "Det.",
    "Marshal", "Treasury", "Former", "Acting", "Interim", "Mr", "Mrs", "Ms", "Dr", "Fr.", "Princess",
    "Emir", "Crown", "Sultan", "Ayatollah", "Envoy", "Professor", "Economist", "Analyst", "Lawyer",
}
_ORGANISATION_WORDS = {
    "Ministry", "Agency", "Service", "Intelligence", "Army", "Forces", "Center", "Centre",
    "Institute", "Institution", "Department", "Office", "Council", "Committee", "Government",
    "Command", "Channel", "Media", "News", "Press", "Post", "Times", "Telegraph", "University",
    "Union", "Party", "Embassy", "Kremlin", "Pentagon", "Review", "Network", "Bureau", "Staff",
}
# Titles that name an office one person holds, as the key a later "the governor" is looked up by.
_ROLE_KEYS = {
    "president": "president", "minister": "minister", "secretary": "secretary", "chancellor": "chancellor",
    "premier": "premier", "senator": "senator", "sen.": "senator", "governor": "governor",
    "gov.": "governor", "mayor": "mayor", "speaker": "speaker", "leader": "leader", "ambassador": "ambassador",
    "director": "director", "commander": "commander", "chairman": "chair", "chairwoman": "chair",
    "chair": "chair", "ceo": "ceo", "king": "king", "queen": "queen", "pope": "pope", "sheriff": "sheriff",
    "commissioner": "commissioner", "rep.": "representative", "representative": "representative",
    "congressman": "representative", "congresswoman": "representative", "general": "general",
    "gen.": "general", "prime": "minister", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
    "spokesperson": "spokesperson", "chief": "chief", "envoy": "envoy", "judge": "judge",
}
_MALE_TITLES = {"king", "prince", "congressman", "spokesman", "chairman", "councilman", "assemblyman",
                "father", "sir", "lord", "sultan", "emir", "pope", "bishop", "cardinal", "rabbi", "sheikh"}
_FEMALE_TITLES = {"queen", "princess", "congresswoman", "spokeswoman", "chairwoman", "councilwoman",
                  "assemblywoman", "dame", "lady", "miss", "sister"}
# Nationality qualifiers ("Chinese President Xi") tie a title to one country: "the president" alone does not
# name that office holder.
_NATIONALITY = re.compile(r"(?:[A-Z][a-z]+(?:an|ian|ese|ish|ch|i)|U\.S\.?|US|UK|U\.K\.|British|French|Dutch"
                          r"|Greek|Thai|Swiss|Irish|Welsh|Scottish|Kremlin)")
_NOT_NATIONALITY = {"Republican", "Democratic", "Democrat", "Independent", "Libertarian", "Christian",
                    "Acting", "Interim", "Foreign", "Majority", "Minority"}

_FIRST_NAMES_MALE = set(
    """James John Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew
    Anthony Mark Donald Steven Steve Paul Andrew Joshua Kenneth Kevin Brian George Timothy Ronald Edward
    Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Benjamin Samuel
    Gregory Alexander Frank Patrick Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas
    Zachary Peter Kyle Walter Ethan Jeremy Harold Keith Christian Roger Noah Gerald Carl Terry Sean Arthur
    Lawrence Jesse Dylan Bryan Joe Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy Ralph Randy
    Eugene Vincent Russell Elijah Louis Bobby Philip Johnny Mitch Mitchell Ted Bernie Barack Chuck Mike
    Rand Marco Ron Jim Tim Tom Bill Bob Rick Dick Newt Lloyd Drew Pete Hakeem Rudy Mitt Vladimir Volodymyr
    Andriy Andrii Sergei Sergey Dmitry Dmitri Alexei Alexey Oleksandr Mykhailo Yuriy Yevgeny Ramzan Viktor
    Boris Emmanuel Olaf Friedrich Keir Rishi Narendra Recep Bashar Ali Mohammed Muhammad Ahmed Hassan
    Hossein Abdullah Fumio Shinzo Pedro Javier Luiz Andres Jair Elon Jeff Sam Sundar Satya Warren Josep
    Antonio Mario Matteo Francis Jens Antony Jake Jared Jerome Ben Greg Gavin Glenn Phil Andy Brett Clarence
    Neil Dan Doug Tucker Howard Ken Brad Trey Dustin Cory Corey Beto Jay Rahm Hunter Kirill Valery Valeriy
    Oleg Igor Ivan Nikolai Mikhail Pavel Andrei Andrey Maxim Denys Denis Dmytro Petro Vitali Vitaliy Kyrylo
    Rustem Oleksiy Yuri Yury Kim-Jong Abbas Benny Yair Naftali Isaac Moshe Avi Yoav Herzi Mahmoud Ismail
    Yahya Khaled Hamid Reza Ebrahim Masoud Javad Abbas Nicolas Nicola Giuseppe Silvio Sergio Pierre Jean
    Francois François Jacques Gerhard Helmut Wolfgang Frank-Walter Markus Christoph Sebastian Mateusz
    Andrzej Donald Radoslaw Jaroslaw Viktor Aleksandar Milorad Edi Alexis Kyriakos Mark Matt Nigel Rishi
    Liam Shmuel Nasser Mohamed Ahmad Imran Nawaz Shehbaz Joko Prabowo Ferdinand Rodrigo Anwar Lawrence
    Kevin Malcolm Scott Anthony Chris Carlos Luis Miguel Manuel Jorge Alejandro Diego Rafael Fernando Ricardo
    Eduardo Roberto Marcos Hugo Omar Karim Tariq Yusuf Ibrahim Mustafa Raj Rahul Amit Vijay Sanjay Hiroshi
    Takeshi Kenji Piotr Tomasz Krzysztof Marek Pawel Lukasz Jakub Hans Klaus Jurgen Dieter Lars Sven Erik
    Henrik Anders Nils Rupert Hugh Alistair Angus Callum Declan Ciaran Seamus Eamon Liam Owen Rhys Gareth
    Dafydd Ian Graham Stuart Duncan Gordon Fraser Ewan Hamish Martin Kurt Todd Chad Derek Troy Shane Craig
    Darren Wade Clint Dale Lance Roger Vernon Marvin Leon Lamar Tyrone Darnell Jamal DeShawn Malik Marc Julian
    Adrian Alex Alexandre Alain Andre Antoine Arnold Barry Bernard Bradley Brent Bryce Caleb Calvin Cameron Cedric
    Charlie Christoph Colin Connor Cole Curtis Dave Dean Desmond Dominic Don Donovan Dwight Earl Edgar Edwin Eli
    Elliott Emilio Enrique Ernest Ethan Evan Felix Floyd Francisco Franklin Fred Frederick Gabe Garrett Gene
    Geoffrey Gerard Gilbert Glen Grant Gustavo Guy Harry Harvey Hector Herbert Herman Isaiah Ivan Jackson Jacques
    Jaime Jamie Jared Jasper Javier Jeffery Jerome Jim Jimmy Joel Johnny Jon Jonah Jonas Jordan Josh Julio
    Julius Karl Keith Kelvin Kenny Kurt Lamont Leo Leonard Leroy Lewis Lionel Lloyd Lorenzo Lucas Luke Manny
    Marcus Mario Marshall Martin Marty Mason Matthias Maurice Max Melvin Micah Miles Milton Mitchell Mohamed Morgan
    Morris Nathaniel Neal Nelson Nick Nicolas Noel Norman Oliver Omar Orlando Oscar Otto Pablo Patrick Perry Phil
    Philippe Preston Quentin Ralph Ramon Randall Ray Reggie Reginald Rex Ricardo Richie Robin Rodney Roland Ron
    Ronnie Ross Ruben Rudolph Russ Sal Salvador Sammy Santiago Saul Seth Shaun Sheldon Sid Simon Stan Stanley
    Stefan Steven Stuart Sylvester Terrence Theo Theodore Toby Tommy Tony Travis Trevor Troy Tucker Vance Vic
    Victor Vince Vincent Wallace Walt Warren Wesley Wilbur Will Willis Wilson Xavier Zach Zachary Zane Elijah
    Jens Joachim Jürgen Mikhail Sebastián Emmanuel Narendra Shehbaz Imran Recep Mohammad Ahmed Abdel Abdul Hamza
    Yasser Bashar Hassan Hussein Khalid Nabil Walid Ismail Salman Faisal Benjamin Yair Avigdor Naftali Gideon
    Jair Lula Andrés Gustavo Alberto Raúl Jesús Luiz Fernando Sergio Marcelo Mauricio Gonzalo Horacio Kwame
    Cyril Uhuru Jacob Paul Yoweri Abiy Muhammadu Bola Olusegun Goodluck Nelson Thabo Shinzo Yoshihide Fumio
    Taro Hiroshi Junichiro Rishi Boris Keir Jeremy Nigel Tony Gordon Ed Nick Vince Sadiq
    Michel Emmanuel Francois Edouard Olaf Angela Friedrich Armin Markus Christian Robert Mark Mette Jonas""".split()
) - {"Chris", "Jordan", "Morgan", "Jamie", "Robin", "Jess", "Alexis", "Jean", "Nicola", "Angela", "Mette"}
_FIRST_NAMES_FEMALE = set(
    """Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret
    Sandra Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca
    Sharon Laura Cynthia Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Emma Samantha
    Katherine Christine Debra Rachel Catherine Carolyn Janet Ruth Maria Heather Diane Virginia Julie
    Joyce Victoria Olivia Kelly Christina Lauren Joan Evelyn Judith Megan Cheryl Andrea Hannah Martha
    Jacqueline Frances Gloria Ann Anne Teresa Kathryn Sara Janice Jean Alice Madison Doris Abigail Julia
    Judy Grace Denise Amber Marilyn Beverly Danielle Theresa Sophia Marie Diana Brittany Natalie Isabella
    Charlotte Rose Alexis Kayla Hillary Kamala Liz Nikki Kristi Kristen Kirsten Ilhan Alexandria Rashida
    Ayanna Marjorie Elise Tammy Tulsi Gina Jill Melania Ivanka Condoleezza Madeleine Ursula Giorgia Marine
    Kaja Annalena Jacinda Sanna Mette Yulia Iryna Olena Svetlana Natalia Natalya Olga Tatiana Ekaterina
    Nadine Claudia Dilma Cristina Benazir Indira Malala Greta Oprah Kellyanne Sheryl Kathy Dana Gretchen
    Maura Karine Jen Nicola Yvette Priti Suella Kemi Penny Sonia Gabriela Joni Debbie Kay Tina Patty
    Kyrsten Mazie Jeanne Maggie Susie Lindsay Katie Kate Lucy Sophie Chloe Ella Mia Ava Zoe Nina Vera
    Irina Oksana Lyudmila Valentina Ruslana Halyna Maryna Viktoria Kateryna Angelina Beata Agnieszka
    Kristalina Christine Roberta Mariana Sheikha Ngozi Ellen Leila Nadia Fatima Aisha Yasmin Layla Ruth
    Michal Tzipi Golda Ayelet Miri Jane Joanna Jenny Eleanor Louise Claire Caroline Harriet Fiona Alison
    Joanne Gillian Sally Wendy Sue Lynn Carmen Rosa Lucia Sofia Elena Ana Isabel Paula Monica Beatriz Ines
    Leah Miriam Esther Naomi Tamar Yael Priya Anita Sunita Deepa Lori Tracy Stacey Erin Molly Holly Jenna
    Ruby Stella Hazel Violet Ivy Audrey Clara Eva Ada Iris Maya Leila Jasmine Gwen Bridget Colleen Meghan
    Kirsty Shona Aileen Siobhan Niamh Aoife Mairead Roisin Una Sonya Sonia Tanya Alicia Allison Alyssa April
    Autumn Beth Bethany Bonnie Brooke Caitlin Camille Candace Carla Carmen Cassandra Cathy Cecilia Celeste Chelsea
    Christina Cindy Claudia Colleen Connie Courtney Crystal Daisy Dawn Deanna Delia Destiny Dolores Dominique
    Dora Edith Eileen Elaine Eleanor Elena Elisa Ella Ellie Eloise Emilia Erica Erika Esther Eva Faith Felicia
    Florence Frances Gabrielle Gail Georgia Geraldine Gillian Gina Ginger Gladys Glenda Gwendolyn Haley Hanna
    Harriet Hayley Heidi Helena Hilary Hillary Ida Imogen Irene Isabel Isabelle Jackie Jade Jana Janelle Janine
    Jasmine Jeanette Jenna Jennie Jess Jessie Jill Jo Joann Joanne Jocelyn Johanna Josephine Joy Juanita Judith
    Julia Juliana Julianne June Justine Kara Karen Kari Karla Kate Katelyn Katharine Kathy Katrina Kay Kayla Kelli
    Kendra Kerry Kristin Kristina Krystal Lacey Latoya Laurie Leah Leslie Lillian Lily Linda Lindsey Lisa Liz
    Lois Loretta Lorraine Louisa Lucia Lucille Luisa Lydia Lynda Lynne Mabel Mackenzie Madeline Mae Mandy Marcia
    Margarita Margo Mariah Marian Marianne Maribel Marisa Marjorie Marlene Marsha Martina Mary Maureen Melanie
    Melinda Mercedes Meredith Mildred Miranda Misty Mona Monique Nadia Nancy Natasha Nell Nellie Nichole Nina Nora
    Norma Olive Paige Pam Patricia Patty Paula Pauline Pearl Peggy Penelope Phoebe Phyllis Polly Priscilla Rachael
    Ramona Raquel Rebekah Regina Renee Rhonda Rita Roberta Robyn Rochelle Rosa Rosalind Rosemary Rosie Roxanne
    Ruby Ruth Sabrina Sadie Sally Samantha Sandy Sasha Savannah Selena Serena Shannon Shari Sharon Sheila Shelby
    Shelley Sherry Shirley Sierra Silvia Sofia Stacy Stella Sue Susanna Suzanne Sylvia Tabitha Tamara Tammy Tara
    Teresa Terri Tess Thelma Tiffany Tina Toni Tonya Tracey Trisha Valerie Vanessa Veronica Vicki Vickie Victoria
    Viola Virginia Vivian Wanda Wendy Whitney Wilma Yolanda Yvonne Zoe Ursula Kamala Nikki Ilhan Rashida Ayanna
    Stephanie Kirstjen Kellyanne Hope Sarah Nicola Theresa Margaret Priti Suella Liz Therese Marine
    Ségolène Christine Annalena Ursula Roberta Kaja Jacinda Sanna Magdalena Beata Giorgia Mette Katalin Sviatlana
    Benazir Hasina Indira Sonia Nirmala Smriti Mamata Golda Tzipi Ayelet Miri Ruth Kristi""".split()
) - {"Michal", "Jordan", "Morgan", "Jamie", "Robin", "Hope", "Will", "Sal", "Max", "Alexis", "Jean", "Nicola"}
_FIRST_NAMES = _FIRST_NAMES_MALE | _FIRST_NAMES_FEMALE

# Runs of capitalised words (with titles, initials and the particles of names) that may name a person.
_NAME_RUN = re.compile(
    r"(?=[A-Z])(?<![\w'’.-])[A-Z][\w'’.-]*(?:[ \t]+(?:[A-Z][\w'’.-]*|(?:of|de|van|von|bin|al|da|del|der|la|le)"
    r"(?=[ \t]+[A-Z])))*"
)
_KEEPS_FULL_STOP = re.compile(rf"(?:{_TITLE_ABBREVIATIONS}|Inc|Corp|Co|Ltd|Gen|[A-Z](?:\.[A-Z])*)\.")
_LOWER_TITLES = {
    "leader", "chief", "spokesman", "spokeswoman", "spokesperson", "minister", "president", "secretary",
    "adviser", "advisor", "lawyer", "attorney", "aide", "envoy", "commander", "director", "chairman",
    "chairwoman", "blogger", "analyst", "economist", "professor", "correspondent",
}
_POSSESSIVE_END = re.compile(r"['’]s?$")
_HE = re.compile(r"\b(?:he|his|him|himself)\b", re.I)
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
# A person whose mention opens the clause is the sentence's subject: "Gov. Mike Pence signed …",
# "On Tuesday, Pence signed …".
# A capitalised name opening a sentence (after any introduction up to a comma) as the subject of its verb.
_NAMED_SUBJECT = re.compile(
    r"(?:[^,“”\"]{0,60},\s+)?(?:[Tt]he\s+)?(?P<name>[A-Z][\w&.'’-]*(?:\s+(?:[A-Z][\w&.'’-]*|of|for|and))*?)"
    r"\s+(?:(?:also|now|still|again|twice|once|already|recently)\s+)?"
    r"(?P<verb>has|have|had|is|are|was|were|will|[a-z]{3,}(?:ed|s))\b"
)
# What may stand before the name that opens a sentence as its subject: an introduction, titles and a role
# ("Wild defenseman Ryan Suter, who joked …").
_SUBJECT_LEAD = re.compile(
    r"(?:[^,“”\"]{0,60},\s+)?(?:(?:[A-Z][\w.'’-]*|the|a|an|of|and|former|"
    + word_trie(sorted(_ROLE_NOUNS | _LOWER_TITLES | {"defenseman", "forward", "goalie", "quarterback"}))
    + r"(?!\w))\s+)*"
)

# An inverted cue followed by a preposition ("…, said in a statement") names no claimant after it;
# "X, which lost the tender, said" names it before the relative clause.
_PREPOSITION_START = re.compile(r"(?:in|on|at|to|during|after|before|that|this|last|earlier)\b")
_RELATIVE_CLAUSE_SUBJECT = re.compile(
    r"(?P<subject>\b[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*){0,4}),\s+(?P<relative>which|who)\s+[^,;“”\"]+,\s*$"
)
# "two officials familiar with the talks said": the unnamed source with what qualifies it.
_ANONYMOUS_TAIL = re.compile(
    r"(?:\b(?i:a|an|the|two|three|four|several|some|many|other)\s+)?(?:[\w.-]+\s+){0,3}?"
    r"(?:officials?|sources?|person|people|insiders?|aides?|diplomats?)\s+(?:familiar\s+with|close\s+to"
    r"|with\s+(?:direct\s+)?knowledge\s+of|briefed\s+on|involved\s+in)\s+[^,;:“”\"]{1,60}$"
)
_ANONYMOUS_HINT = re.compile(r"\s(?:familiar|close|knowledge|briefed|involved)\s")
# Segments between commas that only describe the claimant named before them ("R-Ky.", "45", "president of
# the union", "who chairs the caucus") and introductions that stand before it ("On Tuesday").
_INTRO_WORDS = {
    "on", "in", "at", "during", "after", "before", "however", "meanwhile", "earlier", "later", "last",
    "this", "yesterday", "today", "separately", "still", "also", "as", "when", "while", "speaking",
    "asked", "now", "but", "and", "since", "for", "according",
}
_INTRO_PHRASE = re.compile(
    r"(?i:on|in|at|during|after|before|earlier|later|last|this|yesterday|today|meanwhile|however)\b"
    r"[^,;:“”\"]{0,60},\s*"
)
_NOUN_LEXICON = _ROLE_NOUNS | _ANONYMOUS_NOUNS | _GOVERNMENT_NOUNS | _ORGANISATION_NOUNS | _MEDIA_NOUNS
_ROLE_OF_NOUNS = (_ROLE_NOUNS | _ANONYMOUS_NOUNS) - {"people", "person"}
_COMMON_NOUNS = _NOUN_LEXICON | _DOCUMENT_NOUNS

# When the claimant spoke: a date right after a reporting verb ("said on Tuesday", "saying at a
# NATO summit this week"), one that introduces the claimant ("On Wednesday, X said"), the agent
# of a passive ("backed on Sunday by X"), one between the claimant and its verb ("The Times on Saturday
# wrote"), or one that closes the clause the verb governs.
_AFTER_CUE_GAP = re.compile(
    r"\s*(?:(?:in|at|during)\s+(?:a|an|the)\s+[^,.;“”\"]{1,40}?\s+)?(?:on|in|at|during|earlier|early|late)?\s*"
)
_AGENT_GAP = re.compile(r"\s+by\s+")
_INTRO_GAP = re.compile(r"\s*,\s*")
_INTRO_START = re.compile(r"\W*(?:On|In|At|Meanwhile|As|During|Earlier|Later|Last|This|Yesterday|Today)\b")
_SUBJECT_DATE_GAP = re.compile(r"\s*,?\s*(?:(?:on|in|at|last|this|earlier|early|late|during)\s+)?")
_DATE_CUE_GAP = re.compile(r"\s*,?\s*(?:(?:has|have|had|also|was|is|again|first|publicly|officially)\s+)*")
_CLAUSE_END = re.compile(r"[”\"’]?\s*(?:[,;.!?…]|$)")
_CLAUSE_MARKER = re.compile(r"(?i:\b(?:that|were|was|are|is|had|have|has|will|would|could|might|may|did)\b)|\w+ed\b|:")

# --- tense: what the main verb of the claim says about time

_TENSE_MARKER = re.compile(
    r"(?<![\w'’])(?:"
    r"(?P<future>will|shall|won['’]t|(?:is|are|am|['’]s|['’]re)\s+(?:(?:going|expected|scheduled|set|due"
    r"|slated|poised|planning)\s+)?to(?=\s+(?!(?:the|a|an|his|her|their|its|be\s+blamed)\b)[a-z])"
    r"|plans?\s+to|intends?\s+to)"
    r"|(?P<conditional>would|could|might|may|should|wouldn['’]t|couldn['’]t|shouldn['’]t|mightn['’]t)"
    r"|(?P<present>is|are|am|isn['’]t|aren['’]t|can|cannot|can['’]t|does|doesn['’]t|don['’]t)"
    r"|(?P<perfect>has|have|hasn['’]t|haven['’]t)"
    r"|(?P<past>was|were|had|did|wasn['’]t|weren['’]t|hadn['’]t|didn['’]t)"
    r")(?![\w'’])|(?<=\w)(?P<contracted_future>['’]ll)(?![\w'’])"
)
_PARTICIPLE_AFTER = re.compile(
    r"\s+(?:(?:not|also|already|never|just|long|since|recently|repeatedly|\w+ly)\s+)*"
    r"(?:been|\w+(?:ed|en|wn)|made|said|told|sent|seen|had|got|put|set|left|met|won|lost|paid|held|led"
    r"|brought|bought|thought|found|kept|felt|begun|run|come|become|built|fought|struck|hit|cut)\b"
)
_PAST_VERB = re.compile(r"\b(?!(?:hundred|indeed|speed|need|united|red|bed|seed|feed|based|alleged|limited)\b)"
                        r"[a-z]{2,}ed\b|\b(?:fell|rose|came|went|took|gave|made|said|told|sent|saw|met|won"
                        r"|lost|paid|held|led|began|ran|grew|fought|struck|hit|left|flew|shot|wrote)\b")
_REGION_END = re.compile(r";|,\s+(?:and|but|while|whereas|although|though)\b|\s[—–]\s")
_CLAUSE_BOUNDARY = re.compile(
    r"[;:—–]|,\s+(?:and|but|while|whereas|although|though|which|who)\b|\s(?:and|but|that)\s"
)
_YEAR_IN = re.compile(r"\d{4}")
_PERFECT_AFTER = re.compile(r"\s+(?:(?:not|\w+ly|already|still)\s+)?have\b")
# "may be hiding", "might already be stationed": a modal of likelihood over a present state.
_STATE_AFTER = re.compile(r"\s+(?:(?:already|still|now|currently|also)\s+be\b|be\s+(?:\w+ing|among|in|at|on|there)\b)")
# Times ahead that make a reported "would" a future: "would be deployed by Friday", "would vote next week".
_FUTURE_ANCHOR = re.compile(
    r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July"
    r"|August|September|October|November|December|tomorrow|tonight|next\s+(?:week|month|year)|soon"
    r"|later\s+(?:this|in\s+the)\s+(?:week|month|year)|(?:end|start)\s+of\s+(?:the|this|next)\s+(?:week|month|year)"
    r"|in\s+the\s+coming\s+(?:days|weeks|months)|within\s+(?:days|weeks|months))\b"
)
_FIXED_DATE_WORDS = {"last", "next", "this", "today", "yesterday", "tomorrow", "tonight"}

_LINK_LEAD = re.compile(
    r"(?i:read\s+more|related|see\s+also|also\s+read|more\s+on\s+this|recommended|most\s+read|watch|listen)\s*:"
)
_ASSERTION_END = re.compile(r"[.!?…][”\"’')\]]*\s*$")
_NAMED_ENTITY = re.compile(r"(?<=\s)[A-Z][A-Za-z]+")
_HEDGES = re.compile(
    r"\b(?i:" + word_trie(("may", "might", "could", "possibly", "likely", "believed", "appear", "appears",
                          "allegedly", "reportedly", "unconfirmed")) + r")\b"
)
# Additive and deliberately simple, so a reviewer can see why one claim outranks another.
_WEIGHTS = {
    "base": 0.1,
    "named_claimant": 0.3,
    "unnamed_attribution": 0.1,
    "figure_with_unit": 0.25,
    "bare_figure": 0.15,
    "date": 0.1,
    "named_entity": 0.1,
    "hedge": -0.1,
}
_NAMED_KINDS = {"organisation", "government", "media"}
_QUANTIFIERS = {"two", "three", "four", "five", "several", "some", "many", "other", "one", "few", "most", "all"}
_PARTY_MEMBERS = {"Republicans", "Democrats", "Conservatives", "Liberals", "Tories", "Greens", "Socialists"}
_DEMONYM_PLURAL = re.compile(r"[A-Z][a-z]+(?:ans|ians|ese|is|ites|ers)")


class _Attribution(NamedTuple):
    claimant: str | None  # as written; None for an unattributed "reportedly"
    start: int  # span in the sentence that names the claimant (for "according to": the whole phrase)
    end: int
    cue: str
    cue_start: int
    cue_end: int
    form: str  # "source" (according to), "verb" (said) or "hedge" (reportedly)
    hint: str | None = None  # "person" or "organisation" when "who" or "which" followed the claimant
    tense: str | None = None  # of the cue itself: "present" (says), "future" (will say), "conditional"


def split_sentences(text: str, normalised: bool = False) -> list[tuple[int, int]]:
    """Sentence spans in the text; quotations and abbreviations such as "U.S." do not end one."""
    if not normalised:
        text = _normalise_quotes(text)
    spans: list[tuple[int, int]] = []
    start, in_quote = 0, False
    for event in _SENTENCE_EVENT.finditer(text):
        mark = event.group()
        if mark == "\n":
            _add_trimmed(spans, text, start, event.start())
            start, in_quote = event.end(), False
        elif mark in ("“", "”", '"'):
            in_quote = mark == "“" or (mark == '"' and not in_quote)
        else:
            if "”" in mark or '"' in mark:
                in_quote = False
            if in_quote or _is_abbreviation(text, event):
                continue
            _add_trimmed(spans, text, start, event.end())
            start = event.end()
    _add_trimmed(spans, text, start, len(text))
    return spans


# The languages the claim rules below were written and measured for; articles in any other language are
# stored with claims_status 'unsupported_language' instead of yielding a silent zero.
SUPPORTED_LANGUAGES = frozenset({"en"})


class _Sentence:
    """One sentence while the article is read: what it says itself, then what it inherits from a quote."""

    __slots__ = ("start", "end", "text", "dates", "quoted", "open_at_end", "cues", "attribution", "claimant",
                 "kind", "name", "source")

    def __init__(self, start, end, text, dates, quoted, open_at_end, cues, attribution, resolved):
        self.start, self.end, self.text, self.dates = start, end, text, dates
        self.quoted, self.open_at_end, self.cues, self.attribution = quoted, open_at_end, cues, attribution
        self.claimant, self.kind, self.name = resolved
        self.source: _Sentence | None = None  # the sentence whose speaker this quotation continues

    @property
    def speaks(self) -> bool:
        return self.attribution is not None and self.attribution.form != "hedge" and self.claimant is not None

    def pure_quote(self) -> bool:
        """Nothing but quotation: “We have the votes.”"""
        if not self.quoted or self.attribution is not None or not self.text.startswith(("“", '"')):
            return False
        position = 0
        for start, end in self.quoted:
            if any(ch.isalnum() for ch in self.text[position:start]):
                return False
            position = end
        return not any(ch.isalnum() for ch in self.text[position:])

    def introduces_quote(self) -> bool:
        """The speaker's quotation is here ("…,” she said) or follows it ("She said:")."""
        return bool(self.quoted) or self.text.rstrip().endswith(":")

    def bare_attribution(self) -> bool:
        """Only who spoke: "Smith said." after a quotation that ended with its own full stop."""
        attribution = self.attribution
        if self.quoted or attribution is None or attribution.form != "verb":
            return False
        rest = self.text[: min(attribution.start, attribution.cue_start)] + self.text[
            max(attribution.end, attribution.cue_end) :
        ]
        words = [w for w in re.findall(r"[A-Za-z]+", rest) if w.lower() not in _DATE_WORDS]
        return len(words) <= 1


def extract_claims(text: str, published: date | None) -> list[Claim]:
    """Sentences that attribute a statement or assert a figure or date, as Claim records.

    An undated article (``published`` None) gets claimed_on NULL with precision "undated" unless the
    attribution carries a date with its own year.
    """
    analysed = _normalise_quotes(text)
    group = dominant_group(text)
    referents = _Referents(analysed)
    sentences = []
    for start, end in split_sentences(analysed, normalised=True):
        sentence = analysed[start:end]
        if _LINK_LEAD.match(sentence):
            continue  # "Related: Ukraine says it hit an oil depot" is another article's headline
        index = len(sentences)  # the sentence's place among those the referents have read
        dates = find_dates(sentence, published)
        quoted, open_at_end = _quoted_spans(sentence)
        cues = [cue for cue in _CUE.finditer(sentence) if not _inside(cue.start(), quoted)]
        attribution = _find_attribution(sentence, dates, quoted, cues)
        resolved = referents.resolve(attribution, sentence, start, index, quoted)
        sentences.append(_Sentence(start, end, sentence, dates, quoted, open_at_end, cues, attribution, resolved))
    _continue_quotations(sentences)

    claims = []
    spoken_dates: dict[int, tuple[date | None, str]] = {}
    for record in sentences:
        sentence, dates, attribution, quoted, cues = (
            record.text, record.dates, record.attribution, record.quoted, record.cues
        )
        source = record.source
        if attribution is None and source is None and not (
            _ASSERTION_END.search(sentence) and len(sentence.split()) >= 4
        ):
            continue  # no claim whatever its figures: spare reading them
        quantities = [quantity for _, _, quantity in find_quantities(text[record.start : record.end], group)]
        if attribution is None and source is None and not (quantities or dates):
            continue
        tense = _sentence_tense(sentence, attribution, quoted)
        spoken = _claim_date_index(sentence, dates, attribution, quoted, cues)
        if source is not None:
            claimant, kind, name, cue = source.claimant, source.kind, source.name, source.attribution.cue
            claimed_on, precision = spoken_dates.get(id(source)) or _claimed_on(source, published)
            spoken = None
        else:
            claimant, kind, name = record.claimant, record.kind, record.name
            cue = attribution.cue if attribution else None
            if spoken is None:
                claimed_on, precision = (published, "published") if published else (None, "undated")
            else:
                claimed_on, precision = dates[spoken][2].start, dates[spoken][2].precision
            spoken_dates[id(record)] = (claimed_on, precision)
        mentioned_dates = _directed_dates(sentence, dates, spoken, attribution, quoted, cues, published)
        claimant, kind, name = _speaker_or_none(claimant, kind, name)
        claims.append(
            Claim(
                text=text[record.start : record.end],
                claimant=claimant,
                cue=cue,
                claimed_on=claimed_on,
                claimed_on_precision=precision,
                mentioned_dates=[found for i, (_, _, found) in enumerate(mentioned_dates) if i != spoken],
                quantities=quantities,
                checkworthiness=_checkworthiness(
                    sentence, claimant if kind != "pronoun" else None, attribution or source, quantities, dates
                ),
                start_char=record.start,
                end_char=record.end,
                claimant_kind=kind if claimant else None,
                claimant_name=name if claimant else None,
                tense=tense,
            )
        )
    return claims


# First and second persons name nobody outside the quote ("I said", "we found"): left as pronouns. A
# demonstrative or a bare document noun ("That suggests", "report found") is no speaker at all.
_FIRST_PERSON = frozenset({"i", "we", "you", "me", "us"})
_NO_SPEAKER = frozenset({"that", "this", "these", "those", "which", "what", "report", "study", "survey", "data",
                         "analysis", "document", "statement", "figures", "research", "poll", "reports", "studies",
                         "surveys", "polls", "correction", "update", "clarification", "editor's note"})


def _speaker_or_none(claimant: str | None, kind: str | None, name: str | None):
    """The claimant as found, a first person kept as a pronoun, or nobody for a word that names no speaker."""
    if claimant is None:
        return None, None, None
    word = claimant.strip().lower()
    if word in _FIRST_PERSON:
        return claimant, "pronoun", None
    if word in _NO_SPEAKER or word in _FUNCTION_WORDS or (
        word.endswith("ly") and " " not in word and claimant[:1].isupper() and claimant not in _FIRST_NAMES
    ):
        return None, None, None  # "In an interview …, X alleged", "Shortly after, …, claiming"
    if _AGED.fullmatch(word):
        return claimant, "role", None  # "The 56-year-old said"
    if word in ("others", "some", "many", "several", "most"):
        return word, "anonymous", None  # "Others, though, might argue"
    return claimant, kind, name


_FUNCTION_WORDS = frozenset({"in", "on", "at", "after", "before", "during", "for", "from", "with", "by", "as", "if",
                             "when", "while", "but", "and", "or", "so", "then", "there", "here", "also", "still"})
_AGED = re.compile(r"(?:the\s+)?\d{1,3}-year-old")


def _claimed_on(record: _Sentence, published: date | None) -> tuple[date | None, str]:
    spoken = _claim_date_index(record.text, record.dates, record.attribution, record.quoted, record.cues)
    if spoken is None:
        return (published, "published") if published else (None, "undated")
    return record.dates[spoken][2].start, record.dates[spoken][2].precision


def _continue_quotations(sentences: list[_Sentence]) -> None:
    """Give each sentence of a quotation the speaker named once for all of it.

    A quotation runs on over paragraphs that end inside it and reopen it ("“…\\n“…,” she said"); a sentence
    that is nothing but quotation continues the speaker quoted just before it (“…,” he said. “…”) or is
    claimed by a bare "he said." right after it.
    """
    count = len(sentences)
    # Paragraphs of one quotation: the earlier paragraph ends inside it, the next one reopens it.
    i = 0
    while i < count:
        j = i
        while j + 1 < count and sentences[j].open_at_end and sentences[j + 1].text.startswith(("“", '"')):
            j += 1
        if j > i:
            speakers = [s for s in sentences[i : j + 1] if s.speaks]
            if speakers and len({s.claimant for s in speakers}) == 1:
                for member in sentences[i : j + 1]:
                    if member.attribution is None:
                        member.source = speakers[0]
        i = j + 1
    carry = None
    for record in sentences:
        if record.speaks:
            carry = record if record.introduces_quote() else None
        elif record.source is not None:
            carry = record.source
        elif carry is not None and record.pure_quote():
            record.source = carry
        else:
            carry = None
    carry = None
    for i in range(count - 1, -1, -1):
        record = sentences[i]
        if record.speaks:
            before = sentences[i - 1] if i else None
            quotation_before = before is not None and before.source is None and before.text.startswith(("“", '"'))
            carry = record if quotation_before and record.bare_attribution() else None
        elif record.source is None and carry is not None and record.pure_quote():
            record.source = carry
        else:
            carry = None


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _is_abbreviation(text: str, event: re.Match) -> bool:
    if event.group() != ".":
        return False
    return bool(
        _ABBREVIATION.search(text, max(0, event.start() - 12), event.start())
        or _NUMBER_ABBREVIATION.match(text, max(0, event.start() - 2))
    )


def _quoted_spans(sentence: str) -> tuple[list[tuple[int, int]], bool]:
    """Quoted spans, and whether a double quotation is still open at the end (it runs on)."""
    spans, opener = [], None
    for mark in _QUOTE_MARK.finditer(sentence):
        found = mark.group()
        if opener is None:
            if found in ("“", '"', "‘"):
                opener = mark
        elif (found in _DOUBLE_CLOSERS and opener.group() in _DOUBLE_OPENERS) or (
            found == "’" and opener.group() == "‘"
        ):
            end = mark.end()
            while end < len(sentence) and sentence[end] == found:  # ”” from a closing ''
                end += 1
            spans.append((opener.start(), end))
            opener = None
    if opener is not None and opener.group() in _DOUBLE_OPENERS:
        spans.append((opener.start(), len(sentence)))
        return spans, True
    return spans, False


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _find_attribution(sentence: str, dates, quoted, cues) -> _Attribution | None:
    for match in _SOURCE.finditer(sentence):
        if not _inside(match.start(), quoted) and (found := _source_attribution(sentence, match, dates)):
            return found
    for match in cues:
        if found := _verb_attribution(sentence, match, quoted, dates):
            return found
    if " that" in sentence and _STATEMENT_NOUN.search(sentence):  # the full pattern is slow to fail
        for match in _NOUN_CUE.finditer(sentence):
            if not _inside(match.start(), quoted) and (found := _noun_attribution(match)):
                return found
    for match in _HEDGE_CUE.finditer(sentence):
        if not _inside(match.start(), quoted):
            return _Attribution(None, match.start(), match.start(), match.group(), *match.span(), "hedge")
    return None


# A claim reported as a noun with its holder and content: "his claim that …", "Schiff's admission that …",
# "an earlier declaration by China's health chiefs that …". Beliefs, hopes and promises are no claims.
_STATEMENT_NOUNS = (
    "claim", "claims", "assertion", "assertions", "admission", "allegation", "allegations", "insistence", "denial",
    "denials", "statement", "declaration", "testimony", "contention", "argument", "warning", "warnings",
    "suggestion", "acknowledgment", "acknowledgement", "concession", "announcement", "prediction", "finding",
    "conclusion", "accusation", "accusations", "complaint",
)
_NOUN_CUE = re.compile(
    rf"""(?:
        (?P<possessor>\b(?i:his|her|their|its)|(?:(?i:the)\s+)?(?:[A-Z][\w.&'’-]*\s+){{0,3}}[A-Z][\w.&-]*['’]s
                      |\b(?i:the)\s+[a-z]+['’]s)
        \s+(?:[a-z]+\s+){{0,2}}?(?P<noun>{word_trie(_STATEMENT_NOUNS)})
      | (?P<by_noun>{word_trie(_STATEMENT_NOUNS)})\s+by\s+(?P<agent>[^,;:“”"]{{2,60}}?)
    )\s+that\b""",
    re.VERBOSE,
)
_STATEMENT_NOUN = re.compile(rf"\b{word_trie(_STATEMENT_NOUNS)}\b")
_POSSESSIVE_PRONOUN = {"his": "he", "her": "she", "their": "they", "its": "it"}


def _noun_attribution(match: re.Match) -> _Attribution | None:
    group = "possessor" if match["possessor"] else "agent"
    holder = match[group]
    phrase = _POSSESSIVE_PRONOUN.get(holder.lower()) or _POSSESSIVE_END.sub("", holder)
    if not _kind_of_phrase(phrase):
        return None
    noun = "noun" if match["noun"] else "by_noun"
    # The span is the holder as written ("Schiff's", "his", "China's health chiefs").
    return _Attribution(phrase, *match.span(group), match[noun], *match.span(noun), "source")


def _phrase_end(sentence: str, start: int) -> int:
    """Where a name after "according to" or an inverted verb ends; a title's full stop does not end it."""
    for stop in _NOUN_PHRASE_END.finditer(sentence, start):
        if stop.group() == "." and _ABBREVIATION.search(sentence, max(start, stop.start() - 8), stop.start()):
            continue
        return stop.start()
    return len(sentence)


_TRAILING_TIME_WORD = re.compile(r"(?:\s+(?:on|in|at|last|this|since|from|early|late))+$")


def _source_attribution(sentence: str, match: re.Match, dates) -> _Attribution | None:
    start = match.end()
    end = _phrase_end(sentence, start)
    # A date inside the phrase ("reports last week", "a paper published on Monday") says when the source
    # spoke, not who it is; resolvable or not.
    cut = min([date_start for date_start, _ in date_spans(sentence) if start <= date_start < end], default=end)
    phrase = _TRAILING_TIME_WORD.sub("", sentence[start:cut].strip()) if cut < end else sentence[start:cut].strip()
    # "According to the head of X, Andriy Kovalenko, ..." names the person in apposition.
    appositive = _APPOSITIVE_NAME.match(sentence, end)
    if appositive and cut == end:
        phrase, end = appositive.group(1), appositive.end(1)
    if not _kind_of_phrase(phrase) or phrase.lower().startswith("translation"):
        return None
    cue = "according to" if match["according"] else "per" if match["per"] else "reports"
    cue_end = match.start() + len(match.group().rstrip())
    return _Attribution(phrase, start, end, cue, match.start(), cue_end, "source")


def _verb_attribution(sentence: str, match: re.Match, quoted, dates) -> _Attribution | None:
    cue_tense = None
    plural_present = False
    if match["progressive"] and (with_subject := _WITH_SUBJECT.search(sentence, 0, match.start())) and (
        _kind_of_phrase(with_subject["subject"]) not in (None, "pronoun")
    ):
        # "…, with forecasters warning that pollution will reach severe levels"
        return _Attribution(with_subject["subject"], *with_subject.span("subject"), match.group().lower(),
                            *match.span(), "verb")
    if match["base"]:
        modal = _MODAL_BEFORE.search(sentence, max(0, match.start() - 40), match.start())
        if modal is not None:
            cue_tense = "future" if modal["future"] else "conditional"
        elif _PLURAL_SUBJECT_BEFORE.search(sentence, max(0, match.start() - 40), match.start()):
            cue_tense, plural_present = "present", True  # "Experts say", "Officials warn", "they say"
        elif _INVERSION_BEFORE.search(sentence, 0, match.start()) and (named := _inverted_claimant(sentence, match)):
            if not _is_plural(named[0]) and named[0].split()[-1] not in _PARTY_MEMBERS:
                return None
            # "…, say experts."
            return _Attribution(*named, match.group().lower(), *match.span(), "verb", None, "present")
        else:
            return None
    elif match["progressive"] and not _BE_BEFORE.search(sentence, 0, match.start()):
        if not _PARTICIPLE_CLAUSE.search(sentence, max(0, match.start() - 12), match.start()):
            return None
        # "The US welcomed the exchange, saying …", "Raab defended the party, saying …": the subject of the clause
        # the participle follows ("… when President Trump scuttled the talks, citing Taliban violence").
        region = _region_start(sentence, match.start(), quoted)
        span = None
        for clause in reversed(list(_SUBORDINATE_START.finditer(sentence, region, match.start()))):
            if (span := _initial_subject(sentence, clause.end())) and _kind_of_phrase(sentence[span[0] : span[1]]):
                break
            span = None
        span = span or _initial_subject(sentence, region)
        if span is None or not (kind := _kind_of_phrase(sentence[span[0] : span[1]])) or kind == "pronoun" and (
            span[0] > 0 and sentence[: span[0]].strip()
        ):
            return None
        return _Attribution(sentence[span[0] : span[1]], *span, match.group().lower(), *match.span(), "verb")
    elif bool(_BE_BEFORE.search(sentence, 0, match.start())) != bool(match["progressive"]):
        return None
    cue = " ".join(match.group().lower().split())
    if cue == "reports" and not (_INVERSION_BEFORE.search(sentence, 0, match.start()) or sentence.startswith(
        " that", match.end()
    )):
        return None
    if cue in ("claims", "reports") and _NOUN_BEFORE.search(sentence, max(0, match.start() - 30), match.start()):
        return None  # "the Russian and Syrian claims are false", "sweeping territorial claims"
    if cue in ("added", "adds") and _FIGURE_AFTER.match(sentence, match.end()):
        return None  # "the Nasdaq Composite added 20.72 points"
    if (after := _NOT_SPOKEN_AFTER.get(cue)) and after.match(sentence, match.end()):
        return None  # "added three assists", "added to his collection", "wrote about similar symptoms"
    if cue_tense is None and cue in _PRESENT_CUES:
        cue_tense = "present"
    inversion = None if match["base"] and not plural_present else _INVERSION_BEFORE.search(sentence, 0, match.start())
    if inversion:
        # “…,” said Andrew Yeo, senior fellow … / …, claims the Japanese broadcaster.
        if cue not in _ADDRESSEE_CUES and (named := _inverted_claimant(sentence, match)):
            return _Attribution(*named, cue, *match.span(), "verb", None, cue_tense)
        # "Siemens, which lost the tender, said …": the subject stands before the relative clause.
        relative = _RELATIVE_CLAUSE_SUBJECT.search(sentence, 0, match.start())
        if relative and _kind_of_phrase(relative["subject"]):
            hint = "person" if relative["relative"] == "who" else "organisation"
            return _Attribution(relative["subject"], *relative.span("subject"), cue, *match.span(), "verb", hint,
                                cue_tense)
        # "Mitch McConnell, R-Ky., said", "Michael Mulgrew, president of the union, said".
        if inversion.group().startswith(",") and (span := _appositive_subject(sentence, inversion.start() + 1, quoted)):
            return _Attribution(sentence[span[0] : span[1]], *span, cue, *match.span(), "verb", None, cue_tense)
        return None
    clause_start = _clause_start(sentence, match.start(), quoted)
    subject_start = _LEADING_CONNECTIVES.match(sentence, clause_start).end()
    subject_end = clause_start + _TRAILING_AUXILIARIES.search(sentence[clause_start : match.start()]).start()
    subject_end = _before_trailing_date(sentence, subject_start, subject_end)
    subject = sentence[subject_start:subject_end].lower()
    if subject in ("which", "who") and clause_start > 0:
        # "… by the British government, which said …": the claimant ends the previous clause.
        span = _tail_noun_phrase(sentence, _clause_start(sentence, clause_start - 1, quoted), clause_start - 1)
    elif sentence[clause_start:subject_end].endswith((" and", " but", ",and")) or (
        not subject and sentence[clause_start:subject_start].strip().lower() in ("and", "but")
    ):
        # "Cruz exhorted the crowd … and said": the subject of the first verb.
        span = _initial_subject(sentence, _region_start(sentence, match.start(), quoted))
    elif not subject and clause_start > 0 and sentence[clause_start - 1] == ",":
        # "Michael Mulgrew, president of the union, has said".
        span = _appositive_subject(sentence, clause_start, quoted)
    elif _ANONYMOUS_HINT.search(sentence, subject_start, subject_end) and (
        anonymous := _ANONYMOUS_TAIL.search(sentence, subject_start, subject_end)
    ):
        span = anonymous.span()
    elif _THOSE.fullmatch(sentence, subject_start, subject_end):
        span = subject_start, subject_end  # "Those in favor of punishment have said"
    elif (who := _RESTRICTIVE_WHO.search(sentence, subject_start, subject_end)) and who.start() > subject_start:
        span = _tail_noun_phrase(sentence, subject_start, who.start())  # "Some consumers who sought help reported"
    else:
        span = _tail_noun_phrase(sentence, subject_start, subject_end)
        if span is not None:
            span = _first_conjunct(sentence, subject_start, span) or span
    if span is None or not _kind_of_phrase(phrase := sentence[span[0] : span[1]]):
        return None
    return _Attribution(phrase, span[0], span[1], cue, *match.span(), "verb", None, cue_tense)


_COORDINATED = re.compile(
    r"(?:[Tt]he\s+)?(?P<left>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)\s+(?:and|&)\s+(?P<right>\S.*?)\s*"
)


def _first_conjunct(sentence: str, start: int, span: tuple[int, int]) -> tuple[int, int] | None:
    """ "John Smith and Jane Doe said", "Paganini and his team wrote", "The United Nations and European Union
    stressed": a claim made jointly goes to the first claimant named, never to a merged name; names that
    hold "and" ("Customs and Border Protection", "Department of Health and Human Services") stay whole."""
    both = _COORDINATED.fullmatch(sentence, start, span[1])
    if both is None:
        return None
    left, right = both["left"].split(), both["right"].split()
    left_kind, right_kind = _kind_of_phrase(both["left"]), _kind_of_phrase(both["right"])
    if left_kind in (None, "pronoun") or right_kind is None:
        return None  # "the Russian and Syrian defense ministries": one subject with two adjectives
    joint = (
        right[0][0].islower() or right[-1][0].islower()  # "his team", "GOP legislative leaders"
        or (len(left) >= 2 and left[0] in _FIRST_NAMES)  # "John Smith and Jane Doe"
        or (len(left) >= 2 and len(right) >= 2 and left_kind in _NAMED_KINDS
            and right_kind in _NAMED_KINDS)  # "United Nations and European Union"
    )
    return both.span("left") if joint else None


def _inverted_claimant(sentence: str, match: re.Match) -> tuple[str, int, int] | None:
    start = match.end()
    end = _phrase_end(sentence, start)
    if stop := _INVERTED_NAME_END.search(sentence, start, end):
        end = stop.start()
    phrase = sentence[start:end].strip()
    if not phrase or len(phrase.split()) > 10 or _PREPOSITION_START.match(phrase) or not _kind_of_phrase(phrase):
        return None
    if " " in phrase and phrase.split()[0].lower() in _CLAUSE_OPENERS:
        return None  # "said he thought the campaign …": what was said, not who
    begin = sentence.index(phrase, start)
    return phrase, begin, begin + len(phrase)


def _region_start(sentence: str, position: int, quoted) -> int:
    """Where the clause holding ``position`` begins when commas are not counted."""
    start = 0
    for match in _HARD_BREAK.finditer(sentence, 0, position):
        if not _inside(match.start(), quoted):
            start = match.end()
    return max([start] + [end for _, end in quoted if end <= position])


def _appositive_subject(sentence: str, comma_end: int, quoted) -> tuple[int, int] | None:
    """The claimant before comma-delimited descriptions of it: "X, R-Ky., said", "X, 45, a nurse, said"."""
    region = _region_start(sentence, comma_end - 1, quoted)
    bounds = [region] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence, region, comma_end - 1)
                         if m.group() == "," and not _inside(m.start(), quoted)]
    segments = list(zip(bounds, [b - 1 for b in bounds[1:]] + [comma_end - 1]))
    for k in range(len(segments) - 1, max(-1, len(segments) - 5), -1):
        start, end = segments[k]
        text = sentence[start:end].strip()
        if not text:
            return None
        if _describes_only(text):
            continue  # "R-Ky.", "45", "president of the union", "who chairs the caucus"
        if k > 0 and _NAME_CONTINUED.fullmatch(text) and _EMPLOYER.search(sentence, *segments[k - 1]):
            continue  # "vice president at Boeing Defense, Space, and Security", "… for Dräger, Inc."
        described = k > 0 and not _is_intro(sentence[segments[k - 1][0] : segments[k - 1][1]])
        if described and _DESCRIPTION_START.match(text):
            continue  # "a farmer near Kharkiv", "the Texas-based intelligence firm", "Disney's chairman", "Head of …"
        lead = _LEADING_CONNECTIVES.match(sentence, start).end()
        span = _tail_noun_phrase(sentence, lead, start + _TRAILING_AUXILIARIES.search(sentence[start:end]).start())
        kind = _kind_of_phrase(sentence[span[0] : span[1]]) if span else None
        if kind is None:
            if described:
                continue
            return None
        if kind in ("role", "anonymous") and described:
            continue  # "Mitch McConnell, R-Ky., the majority leader, said": the role describes the name
        return span
    return None


# A segment that only carries on the organisation named at the end of the segment before it.
_NAME_CONTINUED = re.compile(
    r"(?:and\s+|&\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,2}|(?:Inc|LLC|Ltd|Corp|Co|PLC|LP|AG|SA|GmbH|NV)\.?"
)
_EMPLOYER = re.compile(r"\s(?:at|of|for|with)\s+(?:the\s+)?[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*)*\s*$")
_DESCRIPTION_START = re.compile(
    r"(?:(?i:the|a|an)\s|[A-Z][\w.&-]*['’]s\s|(?:Head|Director|Chief|President|Chairman|Chairwoman|Chair|CEO"
    r"|Professor|Senior|Deputy|Executive|Managing|Founder|Co-founder|Editor|Spokesman|Spokeswoman|Spokesperson"
    r"|Secretary|Minister|Leader|Member|Partner|Analyst|Economist|Lawyer|Attorney|Author|Former)\b)"
)


def _describes_only(segment: str) -> bool:
    words = segment.split()
    first = words[0]
    if first in _CONJUNCTIONS and len(words) > 1 and words[1][0].isupper():
        return False  # "…, but General Mark Milley, chairman of …, told": a new subject, not a description
    return bool(
        _STATE_ABBREVIATION.fullmatch(segment)
        or segment in _US_STATES
        or segment in _COUNTRIES
        or segment.isdigit()
        or (first[0].islower() and first.lower() not in _DETERMINERS | _POSSESSIVES | _QUANTIFIERS)
        or all(word.strip(".,").lower() in _DATE_WORDS for word in segment.split())
    )


_CONJUNCTIONS = frozenset({"but", "yet", "while", "whereas"})  # not "and": "…, Space, and Security, said"


def _is_intro(segment: str) -> bool:
    words = segment.split()
    return bool(words) and (words[0].lower() in _INTRO_WORDS or all(w.lower() in _DATE_WORDS for w in words))


def _before_trailing_date(sentence: str, start: int, end: int) -> int:
    """ "The Times on Saturday wrote": the claimant ends before the date that separates it from its verb."""
    for date_start, date_end in date_spans(sentence):  # resolvable or not: an undated article has the same words
        if start < date_start and date_end <= end and not sentence[date_end:end].strip(" ,"):
            gap = _TRAILING_DATE_GAP.search(sentence, start, date_start)
            cut = gap.start() if gap else date_start
            return start + _TRAILING_AUXILIARIES.search(sentence[start:cut]).start()
    return end


def _initial_subject(sentence: str, start: int) -> tuple[int, int] | None:
    """The noun phrase that opens a clause: "The Indiana governor", "Cruz", "Senior officials"."""
    start = _LEADING_CONNECTIVES.match(sentence, start).end()
    if intro := _INTRO_PHRASE.match(sentence, start):
        start = intro.end()
    end, pending = None, 0
    for i, word in enumerate(_WORD.finditer(sentence, start)):
        if i >= 8:
            break
        token = word.group().rstrip(",")
        lowered = token.lower()
        if i == 0 and lowered in _DETERMINERS | _POSSESSIVES:
            continue
        if token[:1].isupper() or lowered in _NOUN_LEXICON or lowered.endswith(("'s", "’s")) or (
            _AGENT_PLURAL.fullmatch(lowered)
        ):
            end, pending = word.start() + len(token), 0
        elif pending or lowered in _BREAKERS or lowered in _COMMON_VERBS or lowered.endswith("ed"):
            break
        else:
            pending = 1  # "Health care providers", "Local health officials"
        if word.group().endswith(","):
            break
    return (start, end) if end else None


def _clause_start(sentence: str, position: int, quoted) -> int:
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence, 0, position):
        if not _inside(match.start(), quoted) and not _in_brackets(sentence, match.start(), position):
            start = match.end()
    return max([start] + [end for _, end in quoted if end <= position])


def _in_brackets(sentence: str, at: int, before: int) -> bool:
    """Whether ``at`` sits inside brackets that close before ``before``: "Home Depot (ticker: HD) reported"."""
    opening = sentence.rfind("(", 0, at)
    return opening >= 0 and sentence.rfind(")", 0, at) < opening and 0 <= sentence.find(")", at, before)


def _tail_noun_phrase(sentence: str, start: int, end: int) -> tuple[int, int] | None:
    location = _LOCATION_TAIL.search(sentence, start, end)
    if location and location.start() > start:
        end = location.start()
    words = list(_WORD.finditer(sentence, start, end))
    first = len(words)
    while first > 0 and len(words) - first < 14:
        word = words[first - 1].group().lower()
        if word in _DETERMINERS:
            first -= 1
            if first >= 2 and (
                (
                    words[first - 1].group().lower() in _ROLE_CONNECTIVES
                    and words[first - 2].group().lower().strip(",") in _ROLE_OF_NOUNS
                )
                or (
                    words[first - 1].group() in ("of", "for")
                    and words[first - 2].group()[0].isupper()
                    and first + 1 < len(words)
                    and words[first + 1].group()[0].isupper()
                )
            ):
                first -= 1  # "a spokeswoman for the campaign", "the Office for the Western District of …"
                continue
            break
        if word in _NEGATIONS:
            return None
        if word in _BREAKERS:
            inside_name = (
                word in _NAME_CONNECTIVES
                and first < len(words)
                and first >= 2
                and words[first - 2].group()[0].isupper()
                and words[first].group()[0].isupper()
            )
            # "a spokeswoman for Hillary Clinton", "a resident of Ashton": the role is the claimant.
            inside_role = (
                word in _ROLE_CONNECTIVES
                and first < len(words)
                and first >= 2
                and words[first - 2].group().lower().strip(",") in _ROLE_OF_NOUNS
            )
            if not (inside_name or inside_role):
                if word in _OBJECT_PREPOSITIONS and first >= 2 and words[first - 2].group()[0].islower():
                    return None  # "an October 11 presentation to bondholders indicated": not the bondholders
                break
        first -= 1
    if first == len(words):
        return None
    return words[first].start(), words[-1].end()


# --- what kind of source a phrase names


@lru_cache(maxsize=8192)
def _kind_of_phrase(phrase: str) -> str | None:
    """The kind of claimant a phrase names, or None when it cannot be one (a date, a state, "Sen." alone)."""
    core = _POSTMODIFIER.sub("", phrase).strip()
    words = core.split()
    if not words or len(words) > 12:
        return None
    lowered = [word.strip("()‘’'\".,").lower() for word in words]
    if len(words) == 1 and lowered[0] in _PRONOUNS:
        return "pronoun"
    if _THOSE.fullmatch(phrase.strip()):
        return "anonymous"
    for i in range(len(words) - 2):
        if (
            lowered[i + 1] in _ROLE_CONNECTIVES
            and (words[i][:1].islower() or (i == 0 and words[i] not in _TITLE_WORDS))
            and lowered[i] in _ROLE_OF_NOUNS
        ):
            return "anonymous" if lowered[i] in _ANONYMOUS_NOUNS else "role"
    head_text = words[-1].strip("()‘’'\".,")
    if not head_text:
        return None
    head = lowered[-1]
    capitalised_noun = head_text[0].isupper() and (len(words) == 1 or (len(words) == 2 and lowered[0] in _DETERMINERS))
    if capitalised_noun and head in _NOUN_LEXICON | _DOCUMENT_NOUNS:
        pass  # "Officials said", "Sources told CNN": a common noun that opens the sentence
    elif head_text[0].isupper() or (head_text[0].isdigit() and not head_text.isdigit()):
        if _not_a_claimant(core):
            return None
        return _kind_of_name(_LEADING_DETERMINER.sub("", core))
    if head in _ANONYMOUS_NOUNS:
        return "anonymous"
    if head in _MEDIA_NOUNS:
        return "media"
    if head in _GOVERNMENT_NOUNS:
        return "government"
    if head in _ORGANISATION_NOUNS or head in _DOCUMENT_NOUNS:
        return "organisation"
    if head in _ROLE_NOUNS or _AGENT_PLURAL.fullmatch(head):
        return "role"
    if len(words) >= 2 and _AGENT_SINGULAR.fullmatch(head) and (
        lowered[0] in _DETERMINERS | _POSSESSIVES or any(word.endswith(("'s", "’s")) for word in words[:-1])
    ):
        return "role"  # "the chief medical examiner", "New York's chief medical examiner"
    return None


def _not_a_claimant(core: str) -> bool:
    words = core.split()
    if len(words) == 1 and (words[0].rstrip(".").lower() in _LONE_TITLES or words[0] in _DEMONYMS):
        return True  # "Sen." cut from its name; "Syrian" on its own
    if all(word.strip(",.").lower() in _DATE_WORDS or word.strip(",.").rstrip("stndrh").isdigit() for word in words):
        return True
    return bool(_STATE_ABBREVIATION.fullmatch(core.strip(", ")) or _STATE_ONLY.fullmatch(core.strip(", .")))


@lru_cache(maxsize=8192)
def _kind_of_name(name: str, hint: str | None = None) -> str:
    words = [word.strip("()‘’'\".,") for word in name.split()]
    words = [word for word in words if word] or [name]
    lowercase = {word for word in words if word.islower()}
    if any(word in _MEDIA_NAME_WORDS for word in words) or lowercase & _MEDIA_NOUNS:
        return "media"
    if (
        name in _COUNTRIES
        or name in _US_STATES
        or name in _COUNTRY_NAMES
        or name in _COUNTRY_NAMES.values()
        or any(word in _GOVERNMENT_NAME_WORDS for word in words)
        or lowercase & _GOVERNMENT_NOUNS
    ):
        return "government"
    if any(word in _ORGANISATION_NAME_WORDS for word in words) or lowercase & _ORGANISATION_NOUNS or (
        name in _COMPANIES
    ):
        return "organisation"
    if lowercase & _DOCUMENT_NOUNS:
        return "organisation"
    if hint:
        return hint
    if words[-1] in _PARTY_MEMBERS or (
        len(words) >= 2 and words[0].lower() in _QUANTIFIERS | _DETERMINERS and _DEMONYM_PLURAL.fullmatch(words[-1])
    ):
        return "role"  # "Republicans", "Many Americans", "Some Ukrainians"
    if words[0] in _HONORIFICS or words[0] in _TITLE_WORDS or words[0] in _FIRST_NAMES:
        return "person"
    if len(words[-1]) >= 2 and words[-1].isupper():
        return "organisation"  # "NIS", "ABVV"
    if group_of(name):
        return "government"  # "North Korea", "Ukraine's"
    return "person"


_VAGUE_COUNT = re.compile(r"^(?i:many|several|numerous|most|other)\s+(?=[a-z]+s\b)")


def _lower_determiner(phrase: str) -> str:
    first, _, rest = phrase.partition(" ")
    if rest and first.lower() in _DETERMINERS | _POSSESSIVES | _QUANTIFIERS:
        return f"{first.lower()} {rest}"
    return phrase


def _sentence_tense(sentence: str, attribution: _Attribution | None, quoted) -> str:
    """ "past", "present", "future" or "conditional", from the first verb group of what is claimed."""
    if attribution is not None and attribution.tense in ("future", "conditional"):
        return attribution.tense
    end = len(sentence)
    if attribution is None or attribution.form == "hedge":
        regions = ((0, end),)
    elif attribution.start >= attribution.cue_end:  # the claimant after its cue: “…,” said X / according to X
        regions = ((_content_start(sentence, attribution.cue_start, quoted), attribution.cue_start),
                   (attribution.end, end))
    else:
        regions = ((_content_start(sentence, attribution.start, quoted), attribution.start), (attribution.cue_end, end))
    reported = attribution is not None and attribution.form == "verb" and attribution.tense is None
    for start, stop in regions:
        if start >= stop:
            continue
        limit = _REGION_END.search(sentence, start + 1, stop) if start else None
        found = _first_tense(sentence, start, limit.start() if limit else stop, quoted, reported)
        if found:
            return found
    if attribution is not None and attribution.form != "hedge":
        return "present" if attribution.tense == "present" else "past"
    return "past" if _PAST_VERB.search(sentence) else "present"


def _content_start(sentence: str, position: int, quoted) -> int:
    """Where fronted content begins: after a dateline's dash ("WASHINGTON — …"), not inside a quotation."""
    start = 0
    for match in _HARD_BREAK.finditer(sentence, 0, position):
        if not _inside(match.start(), quoted):
            start = match.end()
    return start


def _first_tense(sentence: str, start: int, stop: int, quoted, reported: bool, ahead: bool = False) -> str | None:
    """The tense of the first verb group in the span; with ``ahead``, a modal that is not perfect ("could be
    signed by Friday", not "could have been") counts as looking forward, for resolving dates."""
    for marker in _TENSE_MARKER.finditer(sentence, start, stop):
        kind = marker.lastgroup
        if kind == "contracted_future":
            return "future"
        if kind == "perfect":
            return "past" if _PARTICIPLE_AFTER.match(sentence, marker.end()) else "present"
        if kind == "conditional":
            modal = marker.group()
            if modal == "would" and reported and not _inside(marker.start(), quoted) and " if " not in sentence:
                # Reported speech moves "will" back to "would": "the governor said troops would be deployed by
                # Friday" is about the future; "media reported the North would send 12,000 troops", with no
                # time ahead named, is reported like any other past statement.
                return "future" if _FUTURE_ANCHOR.search(sentence, marker.end(), stop) else "past"
            if _PERFECT_AFTER.match(sentence, marker.end()):
                return "past"  # "may have been sent": a hedged report of what was
            if modal in ("may", "might", "could") and _STATE_AFTER.match(sentence, marker.end()):
                return "present"  # "might already be stationed": a hedged report of what is
            if ahead:
                return "future"
        return kind
    return None


def _directed_dates(sentence: str, dates, spoken, attribution, quoted, cues, published):
    """The dates, with those in a clause about the future resolved forward ("will meet on Thursday")."""
    if published is None or not dates:
        return dates
    forward = []
    for i, (start, end, found) in enumerate(dates):
        if found.precision not in ("day", "month") or _YEAR_IN.search(found.text):
            continue
        if found.text.split()[0].lower() in _FIXED_DATE_WORDS:
            continue
        if i == spoken:
            if attribution is not None and attribution.tense == "future":
                forward.append(i)
            continue
        if _clause_tense_at(sentence, start, end, attribution, quoted, cues) == "future":
            forward.append(i)
    if not forward:
        return dates
    directed = list(dates)
    for i in forward:
        start, end, found = dates[i]
        window = sentence.rfind(" ", 0, max(0, start - 1)) + 1  # with the word before ("in May")
        for ahead_start, ahead_end, ahead in find_dates(sentence[window:end], published, direction="forward"):
            if window + ahead_start == start:
                directed[i] = (start, end, ahead)
    return directed


def _clause_tense_at(sentence: str, start: int, end: int, attribution, quoted, cues) -> str | None:
    low, high = 0, len(sentence)
    for boundary in _CLAUSE_BOUNDARY.finditer(sentence):
        if boundary.end() <= start:
            low = boundary.end()
        elif boundary.start() >= end:
            high = boundary.start()
            break
    for cue in cues:
        if cue.end() <= low or cue.start() >= high:
            continue
        if cue.end() <= start:
            low = cue.end()
        elif cue.start() >= end:
            high = cue.start()
            break
    reported = attribution is not None and attribution.form == "verb" and attribution.tense is None
    return _first_tense(sentence, low, high, quoted, reported, ahead=True)


def _claim_date_index(sentence: str, dates, attribution: _Attribution | None, quoted, cues) -> int | None:
    if attribution is None or attribution.form == "hedge" or not dates:
        return None
    candidates = [(i, start, end, found) for i, (start, end, found) in enumerate(dates) if not _inside(start, quoted)]
    if attribution.form == "source":
        for i, start, _, _ in candidates:
            if attribution.start <= start < attribution.end:
                return i
    cue_ends = [cue.end() for cue in cues]
    cue_ends.append(attribution.cue_end)
    for i, start, _, _ in candidates:
        if any(cue_end <= start and _AFTER_CUE_GAP.fullmatch(sentence, cue_end, start) for cue_end in cue_ends):
            return i
    if attribution.form == "verb" and attribution.end <= attribution.cue_start:
        for i, start, end, _ in candidates:
            if (
                attribution.end <= start
                and end <= attribution.cue_start
                and _SUBJECT_DATE_GAP.fullmatch(sentence, attribution.end, start)
                and _DATE_CUE_GAP.fullmatch(sentence, end, attribution.cue_start)
            ):
                return i
    for i, _, end, _ in candidates:
        if end <= attribution.start and (
            _AGENT_GAP.fullmatch(sentence, end, attribution.start)
            or (_INTRO_GAP.fullmatch(sentence, end, attribution.start) and _INTRO_START.match(sentence))
        ):
            return i
    if attribution.form == "verb":
        following = [c for c in candidates if c[1] >= attribution.cue_end]
        if following:
            i, start, end, found = following[0]
            between = sentence[attribution.cue_end : start]
            unbroken = not any(
                not _inside(attribution.cue_end + m.start(), quoted) for m in _CLAUSE_BREAK.finditer(between)
            )
            # An explicit day closing the clause is read as the day of the statement
            # ("announced that … on 31 October"); vaguer dates only when no clause intervenes. Not when the
            # clause is about the future ("says she will campaign in Ohio on Saturday").
            if (
                unbroken
                and _CLAUSE_END.match(sentence, end)
                and attribution.tense is None
                and _clause_tense_at(sentence, start, end, attribution, quoted, cues) != "future"
            ):
                if found.precision == "day" or not _CLAUSE_MARKER.search(between):
                    return i
    return None


def _checkworthiness(sentence: str, claimant, attribution, quantities, dates) -> float:
    score = _WEIGHTS["base"]
    if claimant:
        score += _WEIGHTS["named_claimant"]
    elif attribution:
        score += _WEIGHTS["unnamed_attribution"]
    if any(quantity.unit for quantity in quantities):
        score += _WEIGHTS["figure_with_unit"]
    elif quantities:
        score += _WEIGHTS["bare_figure"]
    if dates:
        score += _WEIGHTS["date"]
    if _NAMED_ENTITY.search(sentence):
        score += _WEIGHTS["named_entity"]
    if _HEDGES.search(sentence):
        score += _WEIGHTS["hedge"]
    return round(min(1.0, max(0.0, score)), 2)


# One name per source across articles, so analysts can group by claimant.
CANONICAL_CLAIMANTS = {
    alias.lower(): name
    for name, aliases in {
        "Ukrainian military intelligence (HUR)": [
            "Ukrainian military intelligence", "Ukraine's military intelligence", "HUR",
            "Main Directorate of Intelligence",
        ],
        "South Korea's National Intelligence Service (NIS)": [
            "National Intelligence Service", "South Korea's National Intelligence Service", "NIS",
            "South Korean National Intelligence Service",
        ],
        "United States": ["US", "U.S.", "the US", "the U.S.", "the United States", "Washington"],
    }.items()
    for alias in aliases
}


class _Referents:
    """Who the article has named so far, to resolve pronouns, short names, titles and "the agency".

    Full names come from the whole text ("President Donald Trump", "Hillary Clinton", "Rep. G.K.
    Butterfield"); a surname, "Mr. Trump" or "the president" resolves to one only when exactly one
    person fits (two Smiths leave "Smith" as it is). Pronouns take the nearest earlier sentence's subject
    of a compatible gender; when that is not clear they stay pronouns.
    """

    def __init__(self, text: str):
        self.full_names: dict[str, set[str]] = {}  # first name or surname → full names
        self.possible: dict[str, set[str]] = {}  # the same for capitalised pairs that may be names
        self.genders: dict[str, str] = {}  # full (display) name → "m" or "f"
        self.roles: dict[str, list[tuple[frozenset[str], frozenset[str], str]]] = {}
        self.cited_as: dict[str, str] = {}  # display name → the claimant it was first cited as
        # Subjects that are a role, not a name: "a spokesman", or "a spokeswoman for the campaign" (who speaks as
        # the campaign), with the claim a later "he" or "she" takes from them.
        self.role_names: dict[str, tuple] = {}
        self.current: str | None = None  # the person opening the sentence being resolved, before its claimant
        self.history: list[tuple[int, str, str, str | None, str]] = []  # (sentence, claimant, kind, name, written)
        self.plural_names: set[str] = set()  # organisations the article gives a plural verb ("Big Machine have")
        # Per sentence: (name, gender, a second person coordinated with it) of its subject; name None for a
        # subject the article does not identify (an unresolved "he", "Trump met Putin" with neither named).
        self.subjects: list[tuple[str | None, str | None, str | None] | None] = []
        self.people: list[list[str]] = []  # per sentence: persons named outside quotations
        self.mention_at: list[int] = []
        self.mention_end: list[int] = []
        self.mention_of: list[str] = []
        self._scan(text)

    # -- names in the whole text

    def _scan(self, text: str) -> None:
        mentions: list[tuple[int, str]] = []
        singles: list[tuple[int, str, str | None, str | None]] = []  # (position, word, gender, title)
        for run in _NAME_RUN.finditer(text):
            found = run.group()
            if " " not in found and "\t" not in found:
                if found in _NOT_NAME_START or len(found) < 3 or found in _TITLE_WORDS:
                    continue
                position = run.start()
                if position > 1 and text[position - 1] == " " and (
                    text[text.rfind(" ", 0, position - 1) + 1 : position - 1] in _LOWER_TITLES
                ):
                    self._read_run(text, [(position, _without_full_stop(found))], mentions, singles)
                else:  # a lone word: a surname, if the article names someone so in full
                    word = _without_full_stop(found)
                    if word.endswith(("'s", "’s", "'", "’")):
                        word = _POSSESSIVE_END.sub("", word)
                    singles.append((position, word, None, None))
                continue
            # A full stop that is not a title's or an initial's ends the run ("… said Smith. John Doe …").
            words: list[tuple[int, str]] = []
            cursor = 0
            for word in found.split():
                cursor = found.index(word, cursor)
                stripped = _without_full_stop(word) if word[-1] == "." else word
                words.append((run.start() + cursor, stripped))
                cursor += len(word)
                if stripped is not word:
                    self._read_run(text, words, mentions, singles)
                    words = []
            if words:
                self._read_run(text, words, mentions, singles)
        for position, word, gender, title in singles:
            full = self._full_name(word, gender) if word in self.full_names else None
            if full:
                mentions.append((position, position + len(word), full))
            elif title is not None:
                mentions.append((position, position + len(word), f"{title} {word}"))
                if gender:
                    self.genders.setdefault(f"{title} {word}", gender)
        mentions.sort()
        self.mention_at = [position for position, _, _ in mentions]
        self.mention_end = [end for _, end, _ in mentions]
        self.mention_of = [name for _, _, name in mentions]

    def _read_run(self, text: str, words: list[tuple[int, str]], mentions: list, singles: list) -> None:
        """One run of capitalised words: a titled name ("Indiana Gov. Mike Pence"), a known first name
        ("Hillary Clinton"), or a lone word that may be a surname named in full elsewhere."""
        title_at = -1
        for i in range(len(words) - 1):
            if words[i][1] in _TITLE_WORDS:
                title_at = i
        lower_title = None
        first = words[0][0]
        if title_at < 0 and first > 1 and text[first - 1] == " ":
            previous = text[text.rfind(" ", 0, first - 1) + 1 : first - 1]
            if previous in _LOWER_TITLES:
                lower_title = previous
        name_words = [word for _, word in words[title_at + 1 :]]
        if not name_words or len(name_words) > 4 or not _NOT_PERSON_WORDS.isdisjoint(name_words):
            return
        name_words[-1] = _POSSESSIVE_END.sub("", name_words[-1]) or name_words[-1]
        position = words[title_at + 1][0]
        title = words[title_at][1] if title_at >= 0 else None
        if title is None and lower_title is None and name_words[0] not in _FIRST_NAMES:
            if len(name_words) == 1:
                if name_words[0] not in _NOT_NAME_START:
                    singles.append((position, name_words[0], None, None))
            elif _may_be_name(name_words):
                # "Jane Smith" with a first name we do not know: not a person we would resolve to, but
                # enough to leave a later "Smith" unresolved when another Smith is named.
                for word in (name_words[0], name_words[-1]):
                    self.possible.setdefault(word, set()).add(" ".join(name_words))
            return
        gender = _title_gender(title or lower_title) or _first_name_gender(name_words[0])
        name = " ".join(name_words)
        if len(name_words) >= 2:
            self._register(name, gender)
            mentions.append((position, words[-1][0] + len(words[-1][1]), name))
        else:
            singles.append((position, name, gender, title))
        if title is not None:
            self._bind([word for _, word in words[: title_at + 1]], name)

    def _register(self, name: str, gender: str | None) -> None:
        words = name.split()
        if len(words) < 2:
            return
        for word in (words[0], words[-1]):
            self.full_names.setdefault(word, set()).add(name)
        gender = gender or _first_name_gender(words[0])
        if gender:
            self.genders.setdefault(name, gender)

    def _bind(self, title_words: list[str], name: str) -> None:
        """ "Indiana Gov. Mike Pence": the governor (of Indiana) is Mike Pence."""
        key_at = max((i for i, word in enumerate(title_words) if word.lower() in _ROLE_KEYS), default=None)
        if key_at is None:
            return
        key = _ROLE_KEYS[title_words[key_at].lower()]
        qualifiers = frozenset(w.lower() for i, w in enumerate(title_words) if i != key_at and w.lower() != "of")
        nationalities = frozenset(w.lower() for w in title_words if _is_nationality(w))
        self.roles.setdefault(key, []).append((qualifiers, nationalities, name))

    def _full_name(self, word: str, gender: str | None = None) -> str | None:
        candidates = {
            name for name in self.full_names.get(word, ()) if gender is None or self.genders.get(name) in (None, gender)
        }
        candidates |= self.possible.get(word, set())
        if len(candidates) != 1:
            return None
        name = next(iter(candidates))
        return name if name in self.full_names.get(word, ()) else None

    # -- one sentence at a time

    def resolve(self, attribution, sentence: str, offset: int, index: int, quoted) -> tuple:
        """(claimant, kind, name) for the sentence's attribution; notes whom the sentence is about."""
        low = bisect_left(self.mention_at, offset)
        high = bisect_left(self.mention_at, offset + len(sentence), low)
        people = [
            (self.mention_at[i] - offset, self.mention_end[i] - offset, self.mention_of[i])
            for i in range(low, high)
            if not _inside(self.mention_at[i] - offset, quoted)
        ]
        result: tuple = (None, None, None)
        subject = None
        self._note_named_subject(sentence, index)
        if attribution is not None and attribution.claimant:
            if people and people[0][0] < attribution.start and _SUBJECT_LEAD.fullmatch(sentence, 0, people[0][0]):
                self.current = people[0][2]  # "When Carlineo was approached, he told police …"
            else:
                self.current = None
            result = self._resolve_phrase(attribution.claimant, attribution.hint, index)
            claimant, kind, name = result
            if kind == "person":
                subject = (name, self.genders.get(name), None)
            elif kind == "pronoun":
                subject = (None, _PRONOUN_GENDER.get(claimant), None)
            elif (kind == "role" and not _is_plural(claimant)) or _SPOKES_FOR.match(attribution.claimant):
                # "a spokesman said … He added": the role holder, as the article names them.
                key = attribution.claimant.lower()
                self.role_names[key] = result
                gender = _role_gender(attribution.claimant)
                if gender:
                    self.genders.setdefault(key, gender)
                subject = (key, gender, None)
        elif people and _SUBJECT_LEAD.fullmatch(sentence, 0, people[0][0]):
            partner = None
            if len(people) > 1 and _COORDINATION.fullmatch(sentence, people[0][1], people[1][0]):
                partner = people[1][2]  # "Angela Rayner and Rachel Reeves attended"
            subject = (people[0][2], self.genders.get(people[0][2]), partner)
        elif attribution is None and _unknown_subject(sentence):
            subject = (None, None, None)  # "Trump met Putin", neither named in full: a "he" next is unsure
        names = [name for _, _, name in people]
        if subject and subject[0] and subject[1] is None and set(names) <= {subject[0]}:
            # "Smith expressed his gratitude": the sentence's own pronouns tell the subject's gender.
            outside = _outside_quotes(sentence, quoted)
            he, she = _HE.search(outside), _SHE.search(outside)
            if bool(he) != bool(she) and not _starts_with_pronoun(outside):
                self.genders[subject[0]] = "m" if he else "f"
        self.subjects.append(subject)
        self.people.append(names)
        return result

    def _note_named_subject(self, sentence: str, index: int) -> None:
        """ "Emirates had a fleet of 270 aircraft. … it announced": an organisation, government or outlet
        opening a sentence without a claim is what a following "it" takes up."""
        opening = _NAMED_SUBJECT.match(sentence)
        if opening is None or opening["name"].split()[0] in _NOT_NAME_START:
            return
        claimant, kind = _normalise_claimant(opening["name"])
        plural = opening["verb"] in ("have", "are", "were") and not claimant.endswith("s")
        if kind == "person" and (plural or not self._known_person(claimant)):
            kind = "organisation"  # "Big Machine have", "Emirates had": no first name, nobody the article names so
        if kind not in _NAMED_KINDS or claimant.lower() in _DOCUMENT_NOUNS:
            return
        if plural:
            self.plural_names.add(claimant)  # "Big Machine have denied it": a later "they" is the label
        self.history.append((index, claimant, kind, claimant, opening["name"].lower()))

    def _issuer(self, index: int) -> tuple | None:
        """ "The US military said … “…,” the statement said": who issued the statement or report just cited."""
        for sentence, claimant, kind, name, _ in reversed(self.history):
            if sentence < index - 3:
                break
            if kind in _NAMED_KINDS or kind == "person":
                return claimant, kind, name
        return None

    def _known_person(self, name: str) -> bool:
        words = name.split()
        return (
            words[0] in _FIRST_NAMES or words[0] in _HONORIFICS or words[0] in _TITLE_WORDS
            or name in self.genders or any(word in self.full_names for word in words)
            or any(full.split()[-1] == words[-1] for full in self.possible.get(words[-1], ()))  # "Scooter Braun"
        )

    def _resolve_phrase(self, phrase: str, hint: str | None, index: int) -> tuple:
        lowered = phrase.lower()
        if lowered in _PRONOUNS:
            return self._pronoun(lowered, index)
        if _ISSUED_TEXT.fullmatch(lowered) and (issuer := self._issuer(index)):
            return issuer
        found = self._antecedent(phrase)
        if found is None and lowered.startswith("the ") and (holder := self._role_holder(phrase)):
            found = (self.cited_as.get(holder, holder), "person", holder)
        if found is not None:
            self.history.append((index, *found, lowered))
            return found
        name, kind = _normalise_claimant(phrase, hint)
        display = None
        if kind == "person":
            gender = _title_gender(name.split()[0])
            bare = _strip_titles(name)
            if len(bare.split()) == 1:
                full = self._full_name(bare, gender)
                if full:
                    name = display = full
                else:
                    display = bare
                    if gender:
                        self.genders.setdefault(display, gender)
            else:
                display = bare
                self._register(bare, gender)
            self.cited_as.setdefault(display, name)
        if kind == "person" and name in self.plural_names:
            kind, display = "organisation", None  # "Big Machine have denied …"
        claimant = CANONICAL_CLAIMANTS.get(name.lower(), name)
        if kind in _NAMED_KINDS and any(ch.isupper() for ch in claimant) and claimant.lower() not in _COMMON_NOUNS:
            display = claimant  # a name ("Reuters", "British Ministry of Defense"), not "Police" opening a sentence
        self.history.append((index, claimant, kind, display, lowered))
        return claimant, kind, display

    def _pronoun(self, pronoun: str, index: int) -> tuple:
        unresolved = (pronoun, "pronoun", None)
        if pronoun in _PRONOUN_GENDER:
            wanted = _PRONOUN_GENDER[pronoun]
            if self.current is not None and self.genders.get(self.current) in (None, wanted):
                self.genders.setdefault(self.current, wanted)
                return self.cited_as.get(self.current, self.current), "person", self.current
            for j in range(index - 1, max(-1, index - 6), -1):
                subject = self.subjects[j]
                if subject is not None and subject[0] is None:
                    if subject[1] in (None, wanted):
                        return unresolved  # the same unknown person as a "he said" before
                    continue
                names = [subject[0]] if subject else []
                names += [name for name in self.people[j] if name not in names]
                compatible = [n for n in dict.fromkeys(names) if self.genders.get(n) in (None, wanted)]
                if not compatible:
                    continue
                if subject and compatible[0] == subject[0]:
                    chosen = subject[0]
                    others = compatible[1:]
                    if self.genders.get(chosen) != wanted and any(self.genders.get(o) == wanted for o in others):
                        return unresolved
                    if subject[2] is not None and self.genders.get(subject[2]) in (None, wanted):
                        return unresolved  # two people of that gender share the subject
                elif len(compatible) == 1:
                    chosen = compatible[0]
                else:
                    return unresolved
                self.genders.setdefault(chosen, wanted)
                if chosen in self.role_names:
                    return self.role_names[chosen]
                return self.cited_as.get(chosen, chosen), "person", chosen
            return unresolved
        reach = 3 if pronoun == "it" else 2
        for sentence, claimant, kind, name, written in reversed(self.history):
            if sentence < index - reach:
                break
            if (
                pronoun == "it" and kind in _NAMED_KINDS and claimant.lower() not in _DOCUMENT_NOUNS
            ) or (
                pronoun == "they"
                and (kind in ("anonymous", "role", "government") and _is_plural(written) or claimant in self.plural_names)
            ):
                # The source stays in focus: "it says" three sentences after "they said" is still the label.
                self.history.append((index, claimant, kind, name, written))
                return claimant, kind, name
        return unresolved

    def _antecedent(self, phrase: str) -> tuple | None:
        """ "the agency", "the Japanese broadcaster": an earlier claimant introduced with that noun."""
        words = phrase.split()
        if len(words) < 2 or words[0].lower() != "the" or not words[-1].islower() or words[-1] in _ROLE_KEYS:
            return None
        capitalised = [word.lower() for word in words[1:] if word[0].isupper()]
        for _, claimant, kind, name, written in reversed(self.history):
            mention = written.split()
            if kind != "pronoun" and words[-1] in mention and all(word in mention for word in capitalised):
                return claimant, kind, name
        return None

    def _role_holder(self, phrase: str) -> str | None:
        """ "the president" is Donald Trump only when the article named exactly one such president."""
        words = [word.strip(",.") for word in phrase.split()[1:]]
        cut = next((i for i, word in enumerate(words) if word.lower() in ("of", "for", "at")), len(words))
        key_at = max((i for i in range(cut) if words[i].lower() in _ROLE_KEYS), default=None)
        if key_at is None or key_at != cut - 1:
            return None
        key = _ROLE_KEYS[words[key_at].lower()]
        qualifiers = {w.lower() for i, w in enumerate(words) if i != key_at and w.lower() not in ("of", "for", "at")}
        capitalised = {w.lower() for w in words if w[:1].isupper()}
        nationalities = {w.lower() for w in words if _is_nationality(w)}
        holders = set()
        for bound, bound_nationalities, name in self.roles.get(key, ()):
            if bound_nationalities - nationalities:
                continue  # "Chinese President Xi Jinping" is not "the president"
            if (qualifiers - capitalised) - bound:
                continue  # "the defense secretary" is not "Secretary of State Antony Blinken"
            bound_places = {w for w in bound if w not in bound_nationalities}
            if capitalised & qualifiers and bound_places and not (capitalised & bound_places):
                continue
            full = name if len(name.split()) > 1 else self._full_name(name) or name
            holders.add(full)
        return holders.pop() if len(holders) == 1 else None


def _is_plural(phrase: str) -> bool:
    """ "officials", "local residents", "the authorities": a group a "they" can take up."""
    core = _POSTMODIFIER.sub("", phrase).split()
    head = core[-1] if core else ""
    return head.islower() and head.endswith("s") and not head.endswith("ss")


_NOT_PERSON_WORDS = frozenset(_ORGANISATION_NAME_WORDS | _MEDIA_NAME_WORDS | _GOVERNMENT_NAME_WORDS | _TITLE_WORDS)
_NOT_NAME_START = {
    "The", "A", "An", "In", "On", "At", "For", "But", "And", "As", "If", "When", "While", "After", "Before",
    "However", "Meanwhile", "This", "That", "These", "Those", "It", "He", "She", "They", "We", "Our", "His",
    "Her", "Their", "Its", "According", "Since", "During", "From", "To", "With", "By", "Of", "Under", "Over",
    "Some", "Many", "Most", "All", "Both", "Each", "Every", "No", "Not", "Now", "Then", "Still", "Yet", "So",
}


def _without_full_stop(word: str) -> str:
    """The word without a sentence's full stop; "Mr.", "G.K." and "U.S." keep theirs (the same object back
    when nothing changes)."""
    if not word.endswith(".") or _KEEPS_FULL_STOP.fullmatch(word):
        return word
    return word.rstrip(".")


def _may_be_name(words: list[str]) -> bool:
    return (
        len(words) <= 3
        and words[0] not in _NOT_NAME_START
        # "Hosting Cook", "Asked Smith", "Recently Jones": a participle or an adverb opening the sentence
        and not (words[0].endswith(("ing", "ed", "ly")) and words[0] not in _FIRST_NAMES)
        and all(word.isalpha() and word.lower() not in _DATE_WORDS for word in words)
        and " ".join(words) not in _COUNTRIES
        and " ".join(words) not in _US_STATES
    )


_COORDINATION = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s+)")
_UNKNOWN_SUBJECT = re.compile(
    r"(?:[^,“”\"]{0,60},\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)\s+(?:\w+ly\s+)?(?P<verb>[a-z]+)\b"
)
_COMMON_VERBS = {
    "met", "said", "told", "was", "is", "has", "had", "will", "would", "could", "can", "did", "does", "made",
    "took", "went", "came", "gave", "saw", "won", "lost", "left", "led", "held", "ran", "began", "spoke",
    "wrote", "sent", "hit", "fell", "rose", "kept", "got", "put", "became", "thought", "met", "flew", "sat",
}


def _unknown_subject(sentence: str) -> bool:
    """The sentence opens with someone we cannot identify: "Trump met Putin", "Jane Doe signed"."""
    match = _UNKNOWN_SUBJECT.match(sentence)
    if not match:
        return False
    name, verb = match["name"], match["verb"]
    first = name.split()[0]
    if (
        first in _NOT_NAME_START
        or first.lower() in _NOUN_LEXICON
        or name in _COUNTRIES
        or name in _US_STATES
        or name in _COMPANIES
        or not _NOT_PERSON_WORDS.isdisjoint(name.split())
    ):
        return False
    return verb in _COMMON_VERBS or verb.endswith("ed") or (verb.endswith("s") and not verb.endswith("ss"))


def _role_gender(role: str) -> str | None:
    words = _POSTMODIFIER.sub("", role).lower().replace(" for ", " of ").split(" of ")[0].split()
    return next((_title_gender(word) for word in reversed(words) if _title_gender(word)), None)


def _title_gender(title: str | None) -> str | None:
    if not title:
        return None
    if title in _MALE_HONORIFICS or title.lower() in _MALE_TITLES:
        return "m"
    if title in _FEMALE_HONORIFICS or title.lower() in _FEMALE_TITLES:
        return "f"
    return None


def _first_name_gender(word: str) -> str | None:
    if word in _FIRST_NAMES_MALE:
        return "m"
    if word in _FIRST_NAMES_FEMALE:
        return "f"
    return None


def _is_nationality(word: str) -> bool:
    return word not in _NOT_NATIONALITY and bool(_NATIONALITY.fullmatch(word))


def _strip_titles(name: str) -> str:
    words = name.split()
    while len(words) > 1 and (words[0] in _TITLE_WORDS or words[0] in _HONORIFICS):
        words.pop(0)
    return " ".join(words)


def _outside_quotes(sentence: str, quoted) -> str:
    if not quoted:
        return sentence
    parts, position = [], 0
    for start, end in quoted:
        parts.append(sentence[position:start])
        position = end
    parts.append(sentence[position:])
    return " ".join(parts)


def _starts_with_pronoun(text: str) -> bool:
    first = text.lstrip(" “\"‘(").split(" ", 1)[0].lower()
    return first in ("he", "she")


_COUNT = re.compile(
    r"^(?i:two|three|four|five|six|several|multiple|some|many|a\s+few|a\s+second|a\s+third|other|more)\s+"
)
_OFFICE = re.compile(
    r"\b(?:Commissioner|Secretary|Minister|Director|Chairman|Chairwoman|Chair|Attorney|Ambassador|Envoy|Head"
    r"|Chief|President|Governor|Mayor|Representative|Rapporteur|Inspector|Auditor|Comptroller|Surgeon)\s+"
    r"(?:for|of|to|on)\s+(?:the\s+)?[A-Z]"
)
_PARTY_TAG = re.compile(r"\s*\((?:[RDI]|Rep|Dem|Ind)\.?\s?-\s?[A-Z][A-Za-z.]{1,12}\)$")
_TICKER = re.compile(r"\s*\((?:ticker|NYSE|NASDAQ|Nasdaq|TSX|LSE|ASX|HKEX|TYO)\b[^)]*\)")
_IN_COUNTRY = re.compile(r"(?P<name>.*[A-Z].*?)\s+in\s+(?:the\s+)?(?P<place>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)")
_PERSON_OF = re.compile(r"(?P<person>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+of\s+(?P<of>.+)")
# The trailing run of capitalised words, with the small words inside names ("Office of Emergency Services").
_NAME_CHAIN = re.compile(
    r"(?:[A-Z][\w.&'’()-]*|\(.*?\))"
    r"(?:\s+(?:[A-Z][\w.&'’()-]*|\(.*?\)|(?:of|for|and|the|on|de|&)(?=\s+(?:the\s+)?[A-Z])))*$"
)


def _looks_like_person(name: str) -> bool:
    words = name.split()
    while len(words) > 1 and (words[0] in _HONORIFICS or words[0] in _TITLE_WORDS):
        words = words[1:]
    return (
        (words[0] in _FIRST_NAMES or len(words) >= 2 or len(name.split()) == 1)
        and _NOT_PERSON_WORDS.isdisjoint(words)
        and " ".join(words) not in _COUNTRIES
        and " ".join(words) not in _US_STATES
    )


def _ends_with_person(chain: str) -> bool:
    """ "Secretary of State Mike Pompeo", "White House Press Secretary Karine Jean-Pierre": a titled name."""
    words = chain.split()
    last_title = max((i for i, word in enumerate(words) if word in _TITLE_WORDS or word in _HONORIFICS), default=-1)
    rest = words[last_title + 1 :]
    if last_title >= 0 and 1 <= len(rest) <= 3 and _NOT_PERSON_WORDS.isdisjoint(rest) and all(
        word[0].isupper() for word in rest
    ):
        return True
    return any(word in _FIRST_NAMES for word in words[-3:-1])


_PERSON_OF_PLACE = re.compile(r"(?P<person>.+?)\s+of\s+(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)")
_SPOKES_FOR = re.compile(
    r"^(?:(?i:the|a|an)\s+)?(?:[\w.-]+\s+){0,2}?(?P<role>spokesman|spokeswoman|spokesperson|representative)\s+"
    r"(?:for|of|from)\s+(?P<complement>.+)$"
)


@lru_cache(maxsize=8192)
def _normalise_claimant(phrase: str, hint: str | None = None) -> tuple[str, str]:
    """A readable name for the claimant and its kind (person, organisation, government, media, role,
    anonymous)."""
    phrase = _INWORD_APOSTROPHE.sub("'", phrase).strip(" ,.;:")
    if phrase.startswith("(") and ")" not in phrase:
        phrase = phrase[1:]  # "(Alden on Tuesday announced …)"
    phrase = _TICKER.sub("", _PARTY_TAG.sub("", phrase))  # "Rep. Brian Babin (R-TX)", "Home Depot (ticker: HD)"
    located = _IN_COUNTRY.fullmatch(phrase)
    if located and (located["place"] in _COUNTRIES or located["place"] in _COUNTRY_NAMES
                    or located["place"] in _US_STATES) and _kind_of_phrase(located["name"]) in _NAMED_KINDS:
        phrase = located["name"]  # "the Centre for Disease Control (CDC) in the US" is the centre
    kind = _kind_of_phrase(phrase)
    if kind in ("role", "anonymous"):
        # "A spokesperson for the port authority" speaks as the authority; for a person, the role holder.
        if (spokes := _SPOKES_FOR.match(phrase)) and (inner := _normalise_claimant(spokes["complement"]))[1] in (
            _NAMED_KINDS
        ):
            return inner
        chain = _NAME_CHAIN.search(phrase)
        if chain and (named := chain.group().split())[0] in _COUNTRIES and len(named) >= 3:
            if _looks_like_person(" ".join(named[1:])):
                return _normalise_claimant(" ".join(named[1:]), hint)  # "ambassador to Britain Liu Xiaming"
        located = _LOCATIVE_TAIL.search(phrase)
        if located and _kind_of_phrase(phrase[: located.start()]) == kind:
            phrase = phrase[: located.start()]  # "a doctor on the scene", "officials in Kyiv"
        if kind == "anonymous":
            # "two people familiar with the matter", "multiple officials": the same kind of source whatever the count
            return _lower_determiner(_COUNT.sub("", phrase, count=1)), kind
        return _lower_determiner(_VAGUE_COUNT.sub("", phrase, count=1)), kind  # "many riders" are riders
    core = _POSTMODIFIER.sub("", phrase)
    if core != phrase and core.split()[-1].islower() and kind in _NAMED_KINDS:
        return _lower_determiner(phrase), kind  # "a group representing rural counties in California"
    of_person = _PERSON_OF.fullmatch(_LEADING_DETERMINER.sub("", phrase))
    if of_person and _looks_like_person(of_person["person"]) and (
        _kind_of_name(of_person["of"]) in _NAMED_KINDS
        or (of_person["of"].startswith(("the ", "The ")) and " " in of_person["person"])
    ):
        return _normalise_claimant(of_person["person"], hint)  # "Sui-Lee Wee of the New York Times"
    phrase = _POSSESSIVE_MEDIUM.sub("", phrase)  # "The Wrap's report" is The Wrap's
    titled = re.match(r"(?i:the)\s+([A-Z].*)$", phrase)
    if titled and all(word[:1].isupper() for word in titled.group(1).split()) and not titled.group(1).isupper() and (
        _kind_of_name(titled.group(1)) == "media"
        # "The Wrap", "The Verge": one capitalised word nobody has as a first name, titled with "The"
        or (" " not in titled.group(1) and _kind_of_name(titled.group(1)) == "person"
            and titled.group(1) not in _FIRST_NAMES and phrase.startswith("The "))
    ):
        return f"The {titled.group(1)}", "media"  # "The Times", "The Huffington Post"
    phrase = _LEADING_DETERMINER.sub("", phrase)
    phrase = _MEDIUM_SUFFIX.sub("", _MEDIUM_PREFIX.sub("", phrase))
    phrase = _LEADING_DETERMINER.sub("", phrase)
    if phrase in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[phrase], "government"
    words = phrase.split()
    # "Ukrainian military intelligence (HUR)", "Telegram channel ‘Military Review’" read best whole.
    if words[-1].startswith("(") or words[-1][-1] in "’'\"”":
        return phrase, _kind_of_name(phrase, hint if hint != "person" else None)
    person_of_place = _PERSON_OF_PLACE.fullmatch(phrase)
    if person_of_place and (first := person_of_place["person"].split()[0]) and (
        first in _FIRST_NAMES or first in _HONORIFICS
    ):
        return _normalise_claimant(person_of_place["person"], hint)  # "Jane Doe of Ashton"
    chain = _NAME_CHAIN.search(phrase)
    if chain and " " in chain.group() and not _ends_with_person(chain.group()):
        whole = chain.group()
        chain_kind = _kind_of_name(whole)
        if _OFFICE.search(whole):
            return whole, "role"  # "United Nations High Commissioner for Human Rights", "Secretary of State"
        if chain_kind in _NAMED_KINDS:
            # "Indiana State Police", "California Governor's Office of Emergency Services", "state-run Xinhua
            # News Agency": an organisation's name is kept whole, whatever titles or places it contains.
            return whole, chain_kind
        sides = re.split(r"\s+(?:and|&)\s+", whole, maxsplit=1)
        if len(sides) == 2 and " " in whole.replace(" and ", "").replace(" & ", "") and not any(
            side.split()[0] in _FIRST_NAMES for side in sides
        ):
            return whole, "organisation"  # "Customs and Border Protection", "Procter & Gamble"
    name: list[str] = []
    for word in reversed(words):
        if not word[0].isupper() or word in _TITLE_WORDS or word in _ORGANISATION_WORDS:
            break
        name.insert(0, word)
    title = words[-len(name) - 1] if len(words) > len(name) else None
    if len(name) >= 3:
        at = next((i for i, word in enumerate(name) if word in _FIRST_NAMES), 0)
        if at > 0 and name[at - 1] not in _FIRST_NAMES and "." not in name[at - 1] and len(name) - at >= 2:
            title, name = name[at - 1], name[at:]  # "CBS Sports NFL Insider Jason La Canfora"
        elif _POSSESSIVE_END.sub("", name[0]) in _COUNTRIES and _kind_of_name(" ".join(name[1:])) == "person":
            title, name = name[0], name[1:]  # "… ambassador to Britain Liu Xiaming"
    if not name:
        return phrase, _kind_of_name(phrase, hint)
    joined = " ".join(name)
    if group_of(joined) or (len(name) == 1 and name[0].isupper()):
        return joined, _kind_of_name(joined, hint)
    if len(name) == 1 and title in _TITLE_WORDS:
        # "Colonel Cassad": a lone surname keeps its title unless a full name turns up.
        return f"{title} {name[0]}", "person"
    kind = _kind_of_name(joined, hint)
    if title in _HONORIFICS and kind == "person":
        # "Rep. G.K. Butterfield", "Lt. Gen. Michael Flynn" keep their honorifics.
        at = len(words) - len(name) - 1
        while at > 0 and words[at - 1] in _HONORIFICS:
            at -= 1
        return " ".join(words[at:]), "person"
    return joined, kind
