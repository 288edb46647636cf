"""`python -m bot anonymise`: scrub standard input line by line."""

from __future__ import annotations

from typing import TextIO

from bot.privacy.scrubber import get_scrubber

#: Lines scrubbed per pass through spaCy.
_BATCH = 256


def main_anonymise(stdin: TextIO, stdout: TextIO) -> int:
    """Read text from stdin, write it scrubbed to stdout.

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
        if len(batch) >= _BATCH:
            flush()
    flush()
    stdout.flush()
    return 0
