"""Privacy tools: scrub personal details out of free text before it is kept for trends.

Importing this package is cheap: the spaCy pipeline is only loaded when a
`Scrubber` first needs it.
"""

from bot.privacy.scrubber import (
    TAGS,
    Scrubber,
    get_scrubber,
    main_anonymise,
    scrub,
    scrub_with_report,
)

__all__ = ["TAGS", "Scrubber", "get_scrubber", "main_anonymise", "scrub", "scrub_with_report"]
