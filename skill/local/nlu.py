"""A tiny stand-in for Alexa's NLU: typed text -> intent + slots, driven by the interaction model.

The chat tool needs requests that look like Alexa's without calling Alexa, so matching uses only
what the model itself declares (samples, slot types and their values/synonyms). That keeps the
typed conversation honest: an utterance that does not match here probably would not on a device.
It is deliberately literal (no fuzzy matching, no open-ended custom slots).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from skill.alexa.interaction_model import DEFAULT_LOCALE, LanguageModel, TypeDef, language_model

FALLBACK_INTENT = "AMAZON.FallbackIntent"
NUMBER_TYPE = "AMAZON.NUMBER"

# fmt: off
BUILTIN_SAMPLES: dict[str, tuple[str, ...]] = {
    "AMAZON.YesIntent": (
        "yes", "yeah", "yep", "yup", "sure", "ok", "okay", "yes please", "sure thing",
        "of course", "absolutely", "definitely", "sounds good", "why not", "alright", "all right",
    ),
    "AMAZON.NoIntent": (
        "no", "nope", "nah", "no thanks", "no thank you", "not now", "not really",
        "i don't think so", "no way", "not today",
    ),
    "AMAZON.HelpIntent": (
        "help", "help me", "what can i say", "what can i do", "what do i say", "i need help",
        "can you help me", "how does this work", "what are my options",
    ),
    "AMAZON.StopIntent": (
        "stop", "stop it", "shut up", "quit", "exit", "off", "be quiet", "that's enough",
        "goodbye", "bye",
    ),
    "AMAZON.CancelIntent": (
        "cancel", "never mind", "nevermind", "forget it", "cancel that", "forget that",
    ),
    "AMAZON.PauseIntent": ("pause", "hold on", "wait", "hang on", "wait a second", "one moment"),
    "AMAZON.ResumeIntent": ("resume", "continue", "keep going", "carry on", "go on", "unpause"),
    "AMAZON.RepeatIntent": (
        "repeat", "repeat that", "say that again", "what", "pardon", "pardon me", "come again",
        "what did you say", "again",
    ),
    "AMAZON.NextIntent": (
        "next", "next one", "skip", "skip ahead", "skip forward", "go to the next one", "move on",
    ),
    "AMAZON.StartOverIntent": (
        "start over", "restart", "begin again", "start again", "from the beginning",
    ),
    "AMAZON.NavigateHomeIntent": ("go home", "navigate home", "home", "go to home"),
}
"""Alexa understands these without samples; the model only has to declare the intent."""

_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
# fmt: on
_SCALES = {"hundred": 100, "thousand": 1000}
_DIGIT_WORDS = "|".join(w for w, v in _ONES.items() if v < 10)
_NUMBER_WORD = "|".join(sorted([*_ONES, *_TENS, *_SCALES], key=len, reverse=True))
_WORD = rf"(?:(?:{_NUMBER_WORD})\b|a(?= (?:hundred|thousand)\b))"
_NUMBER_PHRASE = (
    rf"\d+(?:\.\d+)?"
    rf"|{_WORD}(?: (?:and )?{_WORD})*(?: point (?:{_DIGIT_WORDS})(?: (?:{_DIGIT_WORDS}))*)?"
)
_FREE_PHRASE = r"[^ ]+(?: [^ ]+){0,3}"
_SLOT_REF = re.compile(r"\{([^{}]+)\}")


class SlotValue(BaseModel):
    """A filled slot as Alexa reports it: what was heard plus, for custom types, what it means."""

    name: str
    value: str
    """Spoken text as Alexa puts it in ``slot.value`` (digits for AMAZON.NUMBER)."""
    resolved_id: str | None = None
    resolved_name: str | None = None


class IntentMatch(BaseModel):
    """The understood intent; ``slot_types`` lists every declared slot so empty ones can be sent."""

    intent: str
    slots: dict[str, SlotValue] = Field(default_factory=dict)
    slot_types: dict[str, str] = Field(default_factory=dict)


def normalize(text: str) -> str:
    """Reduce typed text and samples to one comparable form: lower case words split by spaces."""
    text = text.lower().replace("\u2019", "'").replace("-", " ")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)  # 1,000 -> 1000
    text = re.sub(r"[^\w\s'.]|_", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)  # keep only decimal points
    text = re.sub(r"(?<!\w)'|'(?!\w)", " ", text)  # keep only apostrophes inside words
    text = re.sub(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)", " ", text)  # 60lb -> 60 lb
    return " ".join(text.split())


def words_to_number(phrase: str) -> str | None:
    """Spoken or typed number -> the digits Alexa would send, or None if it is not one number."""
    phrase = normalize(phrase)
    if re.fullmatch(r"\d+", phrase):
        return str(int(phrase))
    if re.fullmatch(r"\d+\.\d+", phrase):
        return phrase
    words, _, decimals = phrase.partition(" point ")
    whole = _integer_words(words.split())
    if whole is None:
        return None
    if not decimals:
        return str(whole)
    digits = [_ONES.get(w) for w in decimals.split()]
    if any(d is None or d > 9 for d in digits):
        return None
    return f"{whole}." + "".join(str(d) for d in digits)


def _integer_words(words: list[str]) -> int | None:
    if words == ["zero"]:
        return 0
    thousands: int | None = None
    hundreds: int | None = None
    small: int | None = None
    for i, word in enumerate(words):
        if word == "and":
            if i == 0 or i == len(words) - 1:
                return None
        elif word == "a":
            if small is not None or i + 1 >= len(words) or words[i + 1] not in _SCALES:
                return None
            small = 1
        elif word in _ONES and _ONES[word] > 0:
            value = _ONES[word]
            if small is None:
                small = value
            elif small >= 20 and small % 10 == 0 and value < 10:
                small += value
            else:
                return None
        elif word in _TENS:
            if small is not None:
                return None
            small = _TENS[word]
        elif word == "hundred":
            if hundreds is not None or small is None:
                return None
            hundreds, small = small * 100, None
        elif word == "thousand":
            if thousands is not None:
                return None
            group = (hundreds or 0) + (small or 0)
            if group == 0:
                return None
            thousands, hundreds, small = group * 1000, None, None
        else:
            return None
    if thousands is None and hundreds is None and small is None:
        return None
    return (thousands or 0) + (hundreds or 0) + (small or 0)


@dataclass(frozen=True)
class _Sample:
    intent: str
    pattern: re.Pattern[str]
    groups: tuple[tuple[str, str], ...]
    """(regex group, slot name) for each slot reference, in order."""
    literal_words: int
    from_model: bool
    order: int

    def rank(self) -> tuple[int, int, int, int]:
        """Lower wins: literal-only, more literal words, model (not default) samples, order."""
        return (
            1 if self.groups else 0,
            -self.literal_words,
            0 if self.from_model else 1,
            self.order,
        )


@dataclass(frozen=True)
class _SlotType:
    pattern: str
    values: Mapping[str, tuple[str | None, str]]
    """Normalized phrase -> (id, canonical name); empty for AMAZON.* types."""


class Matcher:
    """Matches typed utterances against one interaction model, Alexa-style."""

    def __init__(
        self,
        samples: list[_Sample],
        slot_types: dict[str, dict[str, str]],
        value_maps: dict[str, Mapping[str, tuple[str | None, str]]],
        has_fallback: bool,
    ) -> None:
        self._samples = samples
        self._slot_types = slot_types
        self._value_maps = value_maps
        self._has_fallback = has_fallback

    @classmethod
    def from_file(cls, path: str | Path) -> Matcher:
        """Load ``interaction_models/<locale>.json`` (the same file deployed to Alexa)."""
        with Path(path).open(encoding="utf-8") as handle:
            return cls.from_model(json.load(handle))

    @classmethod
    def for_locale(cls, locale: str = DEFAULT_LOCALE) -> Matcher:
        """The model shipped with the package (see ``skill.alexa.interaction_model``)."""
        return cls.from_language(language_model(locale))

    @classmethod
    def from_model(cls, model: Mapping[str, Any]) -> Matcher:
        """Build from the model dict; accepts the whole file or just its ``languageModel``."""
        return cls.from_language(LanguageModel.parse(model))

    @classmethod
    def from_language(cls, language: LanguageModel) -> Matcher:
        types: dict[str, _SlotType] = {t.name: _custom_type(t) for t in language.types}
        samples: list[_Sample] = []
        slot_types: dict[str, dict[str, str]] = {}
        value_maps: dict[str, Mapping[str, tuple[str | None, str]]] = {}
        for intent in language.intents:
            declared = {s.name: s.type for s in intent.slots}
            slot_types[intent.name] = declared
            for slot_name, type_name in declared.items():
                slot_type = types.get(type_name) or _builtin_type(type_name)
                types[type_name] = slot_type
                value_maps[f"{intent.name}.{slot_name}"] = slot_type.values
            texts = [(s, False) for s in BUILTIN_SAMPLES.get(intent.name, ())]
            texts += [(s, True) for s in intent.samples]
            for text, from_model in texts:
                samples.append(
                    _compile(intent.name, text, declared, types, from_model, order=len(samples))
                )
        has_fallback = FALLBACK_INTENT in slot_types
        return cls(samples, slot_types, value_maps, has_fallback)

    @property
    def intents(self) -> list[str]:
        """Declared intent names in model order (handy for a chat tool's help)."""
        return list(self._slot_types)

    def match(self, text: str) -> IntentMatch:
        """Best intent for ``text``; unmatched text is the FallbackIntent, as on a device."""
        normalized = normalize(text)
        best: tuple[_Sample, dict[str, SlotValue]] | None = None
        if normalized:
            for sample in self._samples:
                if best is not None and sample.rank() >= best[0].rank():
                    continue
                slots = self._try(sample, normalized)
                if slots is not None:
                    best = (sample, slots)
        if best is None:
            if not self._has_fallback:
                raise ValueError(f"no intent matches {text!r} and the model has no FallbackIntent")
            return IntentMatch(intent=FALLBACK_INTENT, slots={}, slot_types={})
        sample, slots = best
        return IntentMatch(
            intent=sample.intent, slots=slots, slot_types=dict(self._slot_types[sample.intent])
        )

    def _try(self, sample: _Sample, text: str) -> dict[str, SlotValue] | None:
        found = sample.pattern.fullmatch(text)
        if found is None:
            return None
        slots: dict[str, SlotValue] = {}
        for group, slot_name in sample.groups:
            spoken = found.group(group)
            slot_type = self._slot_types[sample.intent][slot_name]
            if slot_type == NUMBER_TYPE:
                number = words_to_number(spoken)
                if number is None:
                    return None
                slots[slot_name] = SlotValue(name=slot_name, value=number)
                continue
            resolved_id, resolved_name = self._value_maps[f"{sample.intent}.{slot_name}"].get(
                spoken, (None, None)
            )
            slots[slot_name] = SlotValue(
                name=slot_name, value=spoken, resolved_id=resolved_id, resolved_name=resolved_name
            )
        return slots


def _custom_type(type_def: TypeDef) -> _SlotType:
    """Values and synonyms, longest first so "single leg" wins over "leg"."""
    values: dict[str, tuple[str | None, str]] = {}
    for value in type_def.values:
        resolved = (value.id or value.name.value, value.name.value)
        for phrase in (value.name.value, *value.name.synonyms):
            values.setdefault(normalize(phrase), resolved)
    values.pop("", None)
    if not values:
        raise ValueError(f"slot type {type_def.name} has no values")
    return _SlotType(_alternation(values), values)


def _builtin_type(type_name: str) -> _SlotType:
    if type_name == NUMBER_TYPE:
        return _SlotType(_NUMBER_PHRASE, {})
    if type_name.startswith("AMAZON."):
        return _SlotType(_FREE_PHRASE, {})
    raise ValueError(f"slot type {type_name} is used but not declared in the model's types")


def _alternation(phrases: Iterable[str]) -> str:
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    return "|".join(re.escape(p) for p in ordered)


def _compile(
    intent: str,
    sample: str,
    declared: Mapping[str, str],
    types: Mapping[str, _SlotType],
    from_model: bool,
    order: int,
) -> _Sample:
    """One sample -> a full-match regex: literal words verbatim, each {slot} its type's phrases."""
    parts: list[str] = []
    groups: list[tuple[str, str]] = []
    literal_words = 0
    position = 0
    for ref in _SLOT_REF.finditer(sample):
        words = normalize(sample[position : ref.start()]).split()
        literal_words += len(words)
        parts += [re.escape(w) for w in words]
        slot_name = ref.group(1).strip()
        if slot_name not in declared:
            raise ValueError(f"{intent} sample {sample!r} uses undeclared slot {{{slot_name}}}")
        group = f"s{len(groups)}"
        groups.append((group, slot_name))
        parts.append(f"(?P<{group}>{types[declared[slot_name]].pattern})")
        position = ref.end()
    words = normalize(sample[position:]).split()
    literal_words += len(words)
    parts += [re.escape(w) for w in words]
    return _Sample(
        intent=intent,
        pattern=re.compile(" ".join(parts)),
        groups=tuple(groups),
        literal_words=literal_words,
        from_model=from_model,
        order=order,
    )
