"""Turn a raw chat message into the plain form the lexicon patterns are written against.

Lower case, no accents, look-alike letters, HTML, apostrophes and punctuation
removed, text-speak expanded (u -> you, im -> i am, wanna -> want to ...),
"l33t" spellings undone, and every run of a repeated letter squeezed to one
letter (so "killll", "kil" and "kill" are the same word).

The vocabulary (text-speak, emoji read as words, the words after which "2"
means "to") comes from the lexicon YAML. What stays here is spelling mechanics,
not vocabulary: character tables and English contraction rules applied in order.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from bot.text import as_text

_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u201b`\u00b4\u02bc\u2032\uff07"})
# Latin look-alikes from other scripts, and letters NFKD does not split.
_CONFUSABLES = str.maketrans(
    {
        "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c",
        "\u0443": "y", "\u0445": "x", "\u0456": "i", "\u0458": "j", "\u0455": "s",
        "\u043a": "k", "\u043c": "m", "\u0442": "t", "\u043d": "h", "\u0432": "b",
        "\u0131": "i", "\u0142": "l", "\u00f8": "o", "\u0111": "d", "\u00e6": "ae",
        "\u0153": "oe", "\u00fe": "th", "\u00f0": "d", "\u03b1": "a", "\u03bf": "o",
        "\u03b5": "e", "\u03b9": "i", "\u03ba": "k", "\u03bd": "v", "\u03c1": "p",
        "\u03c4": "t", "\u03c5": "u", "\u03c7": "x",
    }
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                       "@": "a", "$": "s", "!": "i", "|": "i"})
_LEET_CHARS = frozenset("013457@$!|")
# A token that starts with a letter and may contain leet characters; it may not
# end in "!" (that is punctuation: "help!").
_LEET_TOKEN_RE = re.compile(r"(?<![a-z0-9@$!|])[a-z][a-z0-9@$!|]*[a-z0-9@$|]")
_TAG_RE = re.compile(r"<[a-z!/?][^<>]{0,2000}>", re.IGNORECASE)
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\b(i|you|u|he|she|we|they|it|that|there|who|what)'ll\b", r"\1 will"),
        (r"\b(i|you|u|he|she|we|they|it|that|there|who)'d\b", r"\1 would"),
        (r"\bi'm\b", "i am"),
        (r"'m\b", " am"),
        (r"'re\b", " are"),
        (r"'ve\b", " have"),
        (r"\bcan't\b", "can not"),
        (r"\bwon't\b", "will not"),
        (r"\bain't\b", "is not"),
        (r"n't\b", " not"),
        (r"([a-z])'d\b", r"\1ed"),  # "od'd" -> "oded"
        (r"'", ""),  # "he's" -> "hes", "someone's" -> "someones"
    )
)
_SENTENCE_RE = re.compile(r"[.!?;:\n\r\u2026]+")
_NON_WORD_RE = re.compile(r"[^a-z0-9.]+")
_DOTS_RE = re.compile(r"(?:\s*\.\s*)+")
_SPACES_RE = re.compile(r"\s+")
_SQUEEZE_TEXT_RE = re.compile(r"([a-z])\1+")


def squeeze(text: str) -> str:
    """Squeeze every run of a repeated letter to one letter ("killll" -> "kil")."""
    return _SQUEEZE_TEXT_RE.sub(r"\1", text)


class Normaliser:
    """Turn a raw chat message into the form the lexicon patterns are written against.

    The result contains only lower-case ASCII letters, digits, single spaces and
    " . " sentence breaks, with every letter run squeezed to one letter.
    """

    def __init__(
        self,
        text_speak: Mapping[str, str] | None = None,
        *,
        emoji: Mapping[str, str] | None = None,
        two_means_to_after: Iterable[str] = (),
    ):
        # Padded so an emoji between two words never glues them together.
        self._emoji = {e: f" {words} " for e, words in (emoji or {}).items()}
        words = [squeeze(w) for w in two_means_to_after]
        # "want 2 die": a lone "2" after one of these (squeezed) words is "to".
        self._two_is_to_re = (
            re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r") 2\b") if words else None
        )
        self._raw_keys: frozenset[str] = frozenset()
        self._map: dict[str, str] = {}
        self._map_re: re.Pattern[str] | None = None
        if text_speak:
            raw_keys = set()
            for key, value in text_speak.items():
                raw_keys.add(str(key).casefold())
                skey = self._prepare(str(key), expand=False)
                sval = self._prepare(str(value), expand=False)
                if skey and skey != sval:
                    self._map.setdefault(skey, sval)
            self._raw_keys = frozenset(raw_keys)
            if self._map:
                keys = sorted(self._map, key=len, reverse=True)
                self._map_re = re.compile(
                    r"(?<![a-z0-9])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![a-z0-9])"
                )

    def __call__(self, text: Any) -> str:
        return self._prepare(as_text(text), expand=True)

    def _leet(self, match: re.Match[str]) -> str:
        token = match.group(0)
        if token in self._raw_keys or not _LEET_CHARS.intersection(token):
            return token
        return token.translate(_LEET)

    def _prepare(self, s: str, *, expand: bool) -> str:
        if not s:
            return ""
        if "<" in s:
            s = _TAG_RE.sub(" ", s)
        if "&" in s:
            s = html.unescape(s)
        s = s.translate(_APOSTROPHES)
        if not s.isascii():
            for emoji, words in self._emoji.items():
                if emoji in s:
                    s = s.replace(emoji, words)
            s = unicodedata.normalize("NFKD", s)
            s = "".join(c for c in s if not unicodedata.combining(c))
        s = s.casefold()
        if not s.isascii():
            s = s.translate(_CONFUSABLES)
        if "'" in s:
            for rx, repl in _CONTRACTIONS:
                s = rx.sub(repl, s)
        s = _LEET_TOKEN_RE.sub(self._leet, s)
        s = s.replace("&", " and ")
        s = _SENTENCE_RE.sub(" . ", s)
        s = _NON_WORD_RE.sub(" ", s)
        s = _DOTS_RE.sub(" . ", s)
        s = _SPACES_RE.sub(" ", s).strip(" .")
        s = squeeze(s)
        if expand and self._map_re is not None:
            s = self._map_re.sub(lambda m: self._map[m.group(0)], s)
        if expand and self._two_is_to_re is not None:
            s = self._two_is_to_re.sub(r"\1 to", s)
        return s
