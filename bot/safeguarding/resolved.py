"""Does a message tell of harm as past and over? ("i was homeless last year but the council
found me a flat", "i used to self harm but ive been fine for 2 years").

Such messages hold risk words, and the semantic reader reads them as risk too; the urgent-help
card then answers a question about college with phone numbers. When a message tells of the past
(`past`), says it is over (`over`) and says nothing of now (`still`: "again", "tonight"), the
gateway asks "are you safe right now?" instead of showing the card. The phrases are data
(`data/safeguarding/resolved.yml`), written against the English lexicon's plain form, with its
shorthands; examples in the file are checked when it loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.safeguarding.lexicon import Lexicon, LexiconError, load_lexicon
from bot.safeguarding.normalise import Normaliser

_PARTS = ("past", "over", "still")


@dataclass(frozen=True)
class ResolvedPast:
    past: tuple[re.Pattern[str], ...]
    over: tuple[re.Pattern[str], ...]
    still: tuple[re.Pattern[str], ...]
    normaliser: Normaliser

    @classmethod
    def from_files(cls, path: str | Path, lexicon_path: str | Path) -> ResolvedPast:
        return cls.from_file(path, load_lexicon(lexicon_path))

    @classmethod
    def from_file(cls, path: str | Path, lexicon: Lexicon) -> ResolvedPast:
        """Read the phrases beside an English lexicon already loaded; raises LexiconError when
        one is bad or an example disagrees."""
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as err:
            raise LexiconError(f"{path}: cannot read ({err})") from None
        if not isinstance(data, dict) or not all(isinstance(data.get(k), list) for k in _PARTS):
            raise LexiconError(f"{path}: needs lists {', '.join(_PARTS)}")
        compiled = {k: tuple(lexicon.compiler.compile(r, f"{path}: {k}") for r in data[k])
                    for k in _PARTS}
        rule = cls(**compiled, normaliser=lexicon.normaliser)
        rule._check_examples(data.get("examples") or {}, path)
        return rule

    def tells(self, text: Any) -> bool:
        """Whether the message tells of something past and over, and of nothing happening now."""
        plain = self.normaliser(text)
        return (bool(plain) and any(p.search(plain) for p in self.past)
                and any(p.search(plain) for p in self.over)
                and not any(p.search(plain) for p in self.still))

    def _check_examples(self, examples: dict, path: str | Path) -> None:
        for expected, key in ((True, "resolved"), (False, "not_resolved")):
            for text in examples.get(key) or []:
                if self.tells(text) is not expected:
                    raise LexiconError(f"{path}: example under {key} reads otherwise: {text!r}")
