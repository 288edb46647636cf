"""Letters a young person can send: a complaint (each stage) and a subject access request.

Used by the action server (`.venv-rasa`): wording in data/letters/letters.yml, dates from the
`holidays` package.
"""

from letters.dates import add_working_days, is_working_day, one_month_after
from letters.drafting import KINDS, Letter, LetterRequest, Promise, draft, load_letters, stages

__all__ = [
    "KINDS",
    "Letter",
    "LetterRequest",
    "Promise",
    "add_working_days",
    "draft",
    "is_working_day",
    "load_letters",
    "one_month_after",
    "stages",
]
