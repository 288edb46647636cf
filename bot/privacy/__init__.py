"""Privacy tools: scrub personal details out of free text before it is kept for trends.

Used on the free text of questions the assistant could not answer before the text is
stored for trend analysis (and by `python -m bot anonymise`). The output keeps the
question's meaning ("my sw [NAME] wont let me see my brother in [PLACE]") but not the
person. Tags: see `TAGS`.

How it works, in priority order (a higher-priority finding wins any overlap; a
lower-priority one that overlaps is cut down to the part that is left):

1. Regular expressions for things with a shape (`patterns`, `shaped`, `schools`):
   emails, URLs, handles, NI, NHS and phone numbers, postcodes (full and partial),
   reference numbers, dates of birth and other dates, stated ages, street addresses,
   school names.
2. Context rules for names (`names`), because young people write in lower case and the
   statistical model misses lower-case names: "my name is X", "my sw is called X", a
   shipped list of first names, and surnames only straight after a first name.
3. A shipped gazetteer of towns (`places`), plus "i live in / moved to X"; town names
   that are also ordinary words (March, Reading) only in a place context.
4. spaCy NER (`ner`): PERSON, GPE/LOC/FAC, ORG (or SCHOOL), and DATE only when it names
   a specific day, month or year.

Word lists are data, in data/privacy/*.yml, read and checked by `word_lists` when the
first Scrubber is built. Deliberately left alone: the service's own vocabulary
(advocate, PEP, IRO, Childline ...), nations, counties and councils (already an
analytics dimension), relation words (mum, nan, sw), durations, and freephone/03
service numbers. Ages that describe a person are tagged ("im 16"): with council, date
and theme an exact age can single out a looked-after child; ages in a rule are kept
("when i turn 18").

Design rules: importing is cheap (nothing is read or loaded until a Scrubber is built or
first used; the spaCy pipeline is loaded once, under a lock); the report names tag
types, never values; bad input (None, bytes, HTML, 50k characters) never raises; tags
already in the text are left as they are, so scrubbing twice changes nothing more.
"""

from bot.privacy.cli import main_anonymise
from bot.privacy.ner import MODEL_NAME
from bot.privacy.scrubber import Scrubber, get_scrubber, scrub, scrub_with_report
from bot.privacy.spans import TAGS

__all__ = [
    "MODEL_NAME",
    "TAGS",
    "Scrubber",
    "get_scrubber",
    "main_anonymise",
    "scrub",
    "scrub_with_report",
]
