"""Regular expressions for details with a shape: contacts, numbers, dates, ages, addresses.

These are grammar, not vocabulary: word lists live in data/privacy/ (see word_lists.py).
Only the postcode patterns depend on a word list (the postcode areas), so they are
built by `postcode_patterns()` when the lexicon is built, not at import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_I = re.IGNORECASE
APOS = "['’]"

#: Street-type words after "12 ..." ("12 mill road").
STREET_TYPES = (
    "road|rd|street|st|lane|ln|avenue|ave|close|cl|drive|dr|way|crescent|cres|court|ct|"
    "place|pl|gardens|gdns|grove|gr|terrace|tce|hill|park|square|sq|walk|row|mews|view|"
    "rise|green|parade|fields|meadow|meadows|wharf|mount|croft|end|gate|vale|bank|chase|"
    "approach|boulevard|circus|yard|path|drove|heights|lawns|orchard|paddock"
)
#: Street-type words that can be recognised without a house number ("on mill road").
BARE_STREET_TYPES = "road|rd|street|lane|avenue|ave|crescent|terrace|grove|mews|drove"

#: Units after a number that mean it is not an age ("im 5 minutes away").
NOT_AGE_UNITS = (
    r"%|percent|weeks?|wks?|days?|months?|mins?|minutes?|hours?|hrs?|miles?|pounds|quid|p\b|"
    r"times|am\b|pm\b|o['’]?clock|th\b|st\b|nd\b|rd\b|k\b|ft\b|feet|foot|cm\b|kg\b|stone|"
    r"lbs?\b|years?\b(?!\s*old)|yrs?\b(?!\s*old)|x\b|out\s+of|/|:|\.\d|,\d|\d"
)

#: Who someone is to the writer ("my sw", "my foster mum", "my nan").
RELATIONS = (
    r"(?:sw|s/w|social\s*worker|foster\s*(?:carer|mum|mam|mom|dad|parent|sister|brother)s?|"
    r"carers?|pa|personal\s+advis[eo]r|iro|key\s*worker|support\s*worker|advocate|"
    r"mum|mam|mom|mother|dad|father|step\s*(?:mum|mam|mom|dad|brother|sister)|"
    r"half\s*(?:brother|sister)|brother|bro|sister|sis|sibling|nan|nana|nanna|nanny|gran|"
    r"grandma|grandad|grandpa|granny|aunt|auntie|aunty|uncle|cousin|bf|gf|boyfriend|"
    r"girlfriend|partner|best\s*friend|bestie|bff|mate|friend|teacher|tutor|therapist|"
    r"counsell?or|worker|manager|son|daughter|baby|niece|nephew|ex|neighbour)"
)

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"
DATE_EXPR = (
    rf"(?:{DAY}\s*[/.\-]\s*[01]?\d\s*[/.\-]\s*(?:{YEAR}|\d\d)(?!\d)"
    rf"|{YEAR}-[01]\d-[0-3]\d"
    rf"|(?:the\s+)?{DAY}(?:\s+of)?\s+{MONTH}(?:\s*,?\s*(?:{YEAR}|['’]\d\d)(?!\d))?"
    rf"|{MONTH}\s+(?:the\s+)?{DAY}(?!\d)(?:\s*,?\s*{YEAR}(?!\d))?"
    rf"|{MONTH}\s+{YEAR}(?!\d))"
)

EMAIL_RE = re.compile(
    r"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]{0,63}@[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){0,8}"
    r"\.[a-z]{2,24}\b", _I)
URL_RE = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+"
    r"|(?<![\w.\-])[a-z0-9][a-z0-9\-]{0,62}(?:\.[a-z0-9\-]{1,63}){0,8}\.(?:com|co\.uk|org\.uk|org|net|io|me|tv|gg|ly|app|uk)"
    r"/[^\s<>\"']*",
    _I,
)
AT_HANDLE_RE = re.compile(r"(?<![\w@.])@[a-z0-9_](?:[a-z0-9_.]{0,38}[a-z0-9_])?", _I)
PLATFORM = (
    r"(?:snap\s*chat|snap|sc|insta\s*gram|insta|ig|tik\s*tok|tiktok|tt|twitter|discord|"
    r"facebook|fb|xbox|psn|ps\d?|playstation|steam|roblox|fortnite|epic|gamer\s*tag|"
    r"username|user\s*name|youtube|yt|twitch|kik|telegram|threads|bereal|whats\s*app|wa|"
    r"bsky|bluesky|reddit|spotify|pinterest|vsco|yubo|wizz|hoop)"
)
HANDLE_TOKEN = r"@?[\w][\w.\-#]{1,39}"
# "my snap is x" / "my snap: x" / "my insta username is x"
HANDLE_MY_RE = re.compile(
    rf"\bmy\s+{PLATFORM}(?:\s+(?:name|handle|username|user\s*name|user|id|acc(?:ount)?|tag|@))?"
    rf"\s*(?:(?P<conn>is|was|=|:|-|{APOS}s|s(?=\s)|it{APOS}?s)\s*)?(?!(?:is|was|its|it)\b)(?P<h>{HANDLE_TOKEN})",
    _I,
)
# "add me on snap x", "follow me on insta @x"
HANDLE_ADD_RE = re.compile(
    rf"\b(?:add|follow|message|msg|dm|find|text|sub(?:scribe)?(?:\s+to)?)\s+(?:me|us)\s+(?:on|at)\s+"
    rf"{PLATFORM}\s*(?:(?:at|@|:|-|=|it{APOS}?s|is)\s*)?(?!(?:is|its|it)\b)(?P<h>{HANDLE_TOKEN})",
    _I,
)
# "snap: x", "insta - x", "username = x", "sc @x"
HANDLE_COLON_RE = re.compile(
    rf"\b{PLATFORM}(?:\s+(?:name|handle|username|id|tag))?\s*(?:[:=]|\s-)\s*(?P<h>{HANDLE_TOKEN})",
    _I,
)

NI_RE = re.compile(
    r"\b[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b", _I)

PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)([127](?:[\s\-.()]{0,2}\d){8,9})(?![\d])")
TEN_DIGITS_RE = re.compile(r"(?<![\w+])\d{3}[\s\-]?\d{3}[\s\-]?\d{4}(?![\w])")
NHS_CONTEXT_RE = re.compile(
    r"\bnhs\s*(?:number|no\.?|num|#)?\s*(?:is|=|:|-)?\s*(?P<n>\d(?:[\s\-]?\d){9})(?!\d)", _I)
LONG_NUMBER_RE = re.compile(r"(?<![\w])\d(?:[\s\-]?\d){5,}(?![\w])")
SORT_CODE_RE = re.compile(r"(?<![\w\-])\d\d-\d\d-\d\d(?![\w\-])")
REFERENCE_RE = re.compile(
    r"\b(?:case|ref|reference|id|account|acc|student|pupil|candidate|uci|upn|ulr|nino|"
    r"passport|licence|license|bank|membership|member|claim|customer|crime|incident)"
    r"\s*(?:number|no\.?|num|#|code|id)?\s*(?:is|=|:|-)?\s*"
    r"(?P<ref>[a-z]{0,4}[\-/]?\d[a-z0-9\-/]{3,24})\b",
    _I,
)

DOB_RE = re.compile(
    rf"\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on|\s+in)?|"
    rf"(?:birthday|bday|b-day|b'day)(?:{APOS}s|\s+is|\s+was|\s+will\s+be|\s+falls)?(?:\s+on)?)"
    rf"\s*[:=\-]?\s*(?:(?:on|is)\s+)?"
    rf"(?P<d>{DATE_EXPR}|{DAY}\s*/\s*[01]?\d(?!\d)|the\s+{DAY}|{YEAR}|"
    rf"today|tomorrow|tmrw|yesterday|(?:this|next)\s+(?:week|month|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day)|"
    rf"on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day|in\s+\d{{1,2}}\s+days)",
    _I,
)
DATE_RE = re.compile(rf"\b{DATE_EXPR}", _I)
MONTH_WORD_RE = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)\b|\b(?:19|20)\d\d\b|\d{1,2}[/.\-]\d{1,2}", _I)

AGE_NUM = (
    r"(?:\d{1,2}(?![\d,.]\d)|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s\-]?(?:one|two|three|four|five))?)"
)
AGE_RES = (
    # "im 16", "i am 15 years old", "im nearly 17", "i'm turning 18 next month"
    re.compile(
        rf"\b(?:i{APOS}?m|im|i\s+am|am)\s+(?:only\s+|just\s+|nearly\s+|almost\s+|now\s+|"
        rf"currently\s+|turning\s+|gonna\s+be\s+|going\s+to\s+be\s+|about\s+to\s+(?:turn|be)\s+)?"
        rf"(?P<age>{AGE_NUM}(?:\s*(?:-\s*)?(?:years?\s*-?\s*old|yrs?\s*old|y/?o\b|y\.o\.?))?)"
        rf"(?!\s*(?:{NOT_AGE_UNITS}))",
        _I,
    ),
    # "im a 16 year old", "i'm a 15yo"
    re.compile(
        rf"\b(?:i{APOS}?m|im|i\s+am)\s+(?:a|an|only\s+a|just\s+a)\s+"
        rf"(?P<age>{AGE_NUM}\s*-?\s*(?:years?\s*-?\s*old|yrs?\s*old|y/?o|year\s*-?\s*old))\b",
        _I,
    ),
    # "my brother is 12", "she's 14", "they are 9"
    re.compile(
        rf"\b(?:(?:my|his|her|their|our)\s+(?:little\s+|big\s+|older\s+|younger\s+|baby\s+|twin\s+|"
        rf"eldest\s+|youngest\s+|oldest\s+)?{RELATIONS}s?(?:\s+[^\W\d_]+)?\s*(?:{APOS}s|\s+is|\s+are|\s+was)|"
        rf"(?:he|she)(?:{APOS}s|\s+is)|hes|shes|they(?:{APOS}re|\s+are)|theyre)\s+"
        rf"(?:only\s+|just\s+|nearly\s+|almost\s+|now\s+)?"
        rf"(?P<age>{AGE_NUM}(?:\s*(?:years?\s*old|yrs?\s*old|y/?o\b))?)(?!\s*(?:{NOT_AGE_UNITS}))",
        _I,
    ),
    # "hi its leonie, 15, from cambs", "im jay 16"
    re.compile(
        rf"(?:^|[.!?\n]\s*)(?:(?:hi|hey|hiya|hello|heya|yo)[\s,!.]*)?(?:i{APOS}?m|im|i\s+am|it{APOS}?s|its|"
        rf"this\s+is)\s+[^\W\d_]+\s*,?\s+(?:and\s+)?(?:i{APOS}?m\s+|im\s+)?(?P<age>{AGE_NUM})\b"
        rf"(?!\s*(?:{NOT_AGE_UNITS}))",
        _I,
    ),
    # "... turning 17 on 2 may" (but not "after turning 18", checked like the others)
    re.compile(rf"\bturning\s+(?P<age>{AGE_NUM})\b(?!\s*(?:{NOT_AGE_UNITS}))", _I),
    # "aged 16", "my age is 16", "age: 16"
    re.compile(
        rf"\b(?:aged|my\s+age\s+is|age\s*[:=])\s*(?P<age>{AGE_NUM})(?!\s*(?:{NOT_AGE_UNITS}))", _I),
    # "i turned 16 last week", "i turn 18 next month" (but not "when i turn 18")
    re.compile(
        rf"\b(?:i|he|she|they|we|my\s+{RELATIONS})\s+(?:just\s+|only\s+|recently\s+)?"
        rf"(?:turned|turn|turns|am\s+turning|is\s+turning|will\s+be|be)\s+"
        rf"(?P<age>{AGE_NUM})(?!\s*(?:{NOT_AGE_UNITS}))",
        _I,
    ),
)

ADDRESS_NUMBERED_RE = re.compile(
    rf"\b(?:(?:flat|apartment|apt|unit|room|house)\s*(?:no\.?\s*)?\d+[a-z]?\s*,?\s*)?"
    rf"(?<![\d/.\-:£$])\d{{1,4}}[a-z]?\s*,?\s+(?:(?P<the>the\s+)|(?P<words>(?:[a-z'’\-]+\s+){{1,3}}?))"
    rf"(?:{STREET_TYPES})\b\.?",
    _I,
)
FLAT_RE = re.compile(r"\b(?:flat|apartment|apt)\s*(?:no\.?\s*)?\d+[a-z]?\b", _I)
ADDRESS_BARE_RE = re.compile(
    rf"\b(?P<words>(?:[a-z'’\-]+\s+){{1,3}}?)(?:{BARE_STREET_TYPES})\b", _I)
ADDRESS_IS_RE = re.compile(
    r"\b(?:my|our|his|her|their|the)\s+(?:home\s+|new\s+|old\s+|current\s+|foster\s+|"
    r"placement\s+|carers?\s+)?address\s*(?:is|=|:|-|'s)\s*(?P<a>[^.;!?\n<>]{3,120})",
    _I,
)
ADDRESS_END_RE = re.compile(
    r"\s(?:and|but|so|can|could|because|cos|coz|if|will|do|does|is|im|i|how|what|why|when|pls|please)\s",
    _I)

SCHOOL_SUFFIX = (
    r"(?:primary\s+school|junior\s+school|infant\s+school|infants?\s+school|secondary\s+school|"
    r"high\s+school|grammar\s+school|upper\s+school|middle\s+school|first\s+school|"
    r"community\s+college|village\s+college|sixth\s+form\s+college|6th\s+form\s+college|"
    r"sixth\s+form|6th\s+form|college|academy|school|university|uni|"
    r"primary|secondary|high|grammar|juniors?|infants?|c\s?of\s?e|cofe|ce\s+primary)"
)
SCHOOL_RE = re.compile(rf"\b{SCHOOL_SUFFIX}\b", _I)
SCHOOL_IS_RE = re.compile(
    r"\b(?:my|his|her|their|our)\s+(?:old\s+|new\s+|last\s+|current\s+|primary\s+|secondary\s+|"
    r"high\s+)?(?:school|college|academy|sixth\s+form)\s+(?:is|was|=|:)\s+(?:called\s+)?(?P<n>)",
    _I)


@dataclass(frozen=True)
class PostcodePatterns:
    """Full postcodes, "postcode is ..." and partial (outward) codes, for a set of areas."""

    full_re: re.Pattern[str]
    context_re: re.Pattern[str]
    part_re: re.Pattern[str]


def postcode_patterns(areas: Iterable[str]) -> PostcodePatterns:
    """The postcode regexes for UK postcode `areas` (capitals: "CB", "M")."""
    areas = sorted(set(areas), key=lambda a: (-len(a), a))
    area_alt = "|".join(areas)
    # Partial codes: two-letter areas in any case ("pe13", "cb1"), one-letter areas only
    # in capitals ("M1", "E17"), so text-speak like "m8", "l8", "w8", "b4" is kept.
    area2 = "|".join(a for a in areas if len(a) == 2)
    area1 = "|".join(a for a in areas if len(a) == 1)
    return PostcodePatterns(
        full_re=re.compile(
            rf"\b(?:{area_alt})\d[a-z\d]?\s*\d(?!(?:st|nd|rd|th)\b)[abd-hjlnp-uw-z]{{2}}\b", _I),
        context_re=re.compile(
            rf"\bpost\s*code\s*(?:is|=|:|-)?\s*"
            rf"(?P<pc>(?:{area_alt})\d[a-z\d]?(?:\s*\d[a-z]{{2}})?)\b", _I),
        part_re=re.compile(
            rf"(?<![\w\-])(?:(?i:{area2})\d[\da-z]?|(?:{area1})\d[\dA-Z]?|(?:{area1})\d{{1,2}})"
            rf"(?![\w\-])"),
    )
