"""Wording by market, only where a reader would notice: one English text is spoken everywhere
(a listener hears no difference between "programme" and "program"), and what is shown in
writing (the Alexa app's cards) is spelt the way the reader's market spells it.

A locale we don't list reads the en-US spelling.
"""

from __future__ import annotations

import re

DEFAULT_LOCALE = "en-US"

_AMERICAN = {"programme": "program", "programmes": "programs"}
SPELLING: dict[str, dict[str, str]] = {
    "en-US": _AMERICAN,
    "en-CA": _AMERICAN,
    "en-GB": {},
    "en-AU": {},
    "en-IN": {},
}
"""The text is written in British spelling; each market lists the words it spells otherwise."""


def spelling(locale: str) -> dict[str, str]:
    return SPELLING.get(locale, SPELLING[DEFAULT_LOCALE])


def spell(text: str, locale: str) -> str:
    """``text`` in the market's spelling, whole words only, keeping a leading capital."""
    words = spelling(locale)
    if not words:
        return text

    def swap(match: re.Match[str]) -> str:
        found = match.group(0)
        wanted = words[found.lower()]
        return wanted[:1].upper() + wanted[1:] if found[:1].isupper() else wanted

    pattern = r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b"
    return re.sub(pattern, swap, text, flags=re.IGNORECASE)
