"""A tiny stand-in for Alexa's NLU: typed text -> intent + slots, driven by the interaction model.

The chat tool needs requests that look like Alexa's without calling Alexa, so matching uses only
what the model itself declares (samples, slot types and their values/synonyms). That keeps the
typed conversation honest: an utterance that does not match here probably would not on a device.
It is literal (no fuzzy matching), but forgiving where Alexa's NLU is: hesitations ("um") and
leading or trailing filler ("so", "please") are dropped, a custom slot value may carry "a", "an"
or "the", and words in a custom slot that are none of its values are still taken, unresolved
(``ER_SUCCESS_NO_MATCH``), when nothing matches with known values only.
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
_DAY_WORDS = (
    r"(?:(?:next )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|today|tomorrow)"
)
_PARTS = r"in the morning|in the afternoon|in the evening|at night"
_CLOCK = rf"(?:\d{{1,2}}(?::\d{{2}})?|{_WORD}(?: (?:oh )?{_WORD})?)"
_TIME_WORDS = (
    rf"(?:{_CLOCK}(?: (?:o'clock|am|pm|a m|p m|{_PARTS}))?"
    r"|morning|afternoon|evening|tonight|night|noon)"
)
_DATE_TIME = {"AMAZON.DATE": _DAY_WORDS, "AMAZON.TIME": _TIME_WORDS}
"""Days and times as said; the skill reads these words as it reads Alexa's own values."""
_ARTICLE = r"(?:(?:a|an|the) )?"
_ARTICLES = ("a ", "an ", "the ")
_HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "uhm", "hmm", "mm"})
_LEADING_FILLER = ("okay so ", "ok so ", "so ", "well ", "oh ", "and ", "alexa ")
_TRAILING_FILLER = (" please", " thanks", " thank you", " i think")
_SLOT_REF = re.compile(r"\{([^{}]+)\}")


class SlotValue(BaseModel):
    """A filled slot as Alexa reports it: what was heard plus, for custom types, what it means."""

    name: str
    value: str
    """Spoken text as Alexa puts it in ``slot.value`` (digits for AMAZON.NUMBER)."""
    resolved_id: str | None = None
    resolved_name: str | None = None
    """Both None for a custom type's words that are none of its values (ER_SUCCESS_NO_MATCH)."""


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


def without_fillers(text: str) -> str:
    """Normalized text without hesitations anywhere, or filler at either end (never all of it)."""
    kept = " ".join(w for w in text.split() if w not in _HESITATIONS) or text
    changed = True
    while changed:
        changed = False
        for lead in _LEADING_FILLER:
            if kept.startswith(lead) and len(kept) > len(lead):
                kept, changed = kept[len(lead) :], True
        for tail in _TRAILING_FILLER:
            if kept.endswith(tail) and len(kept) > len(tail):
                kept, changed = kept[: -len(tail)], True
    return kept


@dataclass(frozen=True)
class _Sample:
    intent: str
    pattern: re.Pattern[str]
    lenient: re.Pattern[str] | None
    """Custom slots also take words outside their values (None: the sample has none)."""
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
    custom: bool = False
    """A custom type: its values may carry an article, and lenient matching takes any words."""


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
        """Best intent for ``text``; unmatched text is the FallbackIntent, as on a device.

        Known slot values first, as said and then without filler; only then custom slots that
        take words outside their values, fewest such slots first."""
        normalized = normalize(text)
        texts = list(dict.fromkeys([normalized, without_fillers(normalized)])) if normalized else []
        best: tuple[_Sample, dict[str, SlotValue]] | None = None
        for candidate in texts:
            best = best or self._best_strict(candidate)
        for candidate in texts:
            best = best or self._best_lenient(candidate)
        if best is None:
            if not self._has_fallback:
                raise ValueError(f"no intent matches {text!r} and the model has no FallbackIntent")
            return IntentMatch(intent=FALLBACK_INTENT, slots={}, slot_types={})
        sample, slots = best
        return IntentMatch(
            intent=sample.intent, slots=slots, slot_types=dict(self._slot_types[sample.intent])
        )

    def _best_strict(self, text: str) -> tuple[_Sample, dict[str, SlotValue]] | None:
        best: tuple[_Sample, dict[str, SlotValue]] | None = None
        for sample in self._samples:
            if best is not None and sample.rank() >= best[0].rank():
                continue
            slots = self._try(sample, text)
            if slots is not None:
                best = (sample, slots)
        return best

    def _best_lenient(self, text: str) -> tuple[_Sample, dict[str, SlotValue]] | None:
        """Fewest unresolved slots, then most filled ones, then the usual rank. A sample made
        of slots alone needs one of them known: free words alone are not an intent."""
        found: list[tuple[tuple[int, int, tuple[int, int, int, int]], _Sample, dict[str, Any]]]
        found = []
        for sample in self._samples:
            if sample.lenient is None:
                continue
            slots = self._try(sample, text, lenient=True)
            if slots is None:
                continue
            unresolved = sum(1 for v in slots.values() if _unresolved(v, sample, self))
            if sample.literal_words == 0 and unresolved == len(slots):
                continue
            found.append(((unresolved, -len(slots), sample.rank()), sample, slots))
        if not found:
            return None
        _key, sample, slots = min(found, key=lambda item: item[0])
        return sample, slots

    def is_custom(self, intent: str, slot_name: str) -> bool:
        return not self._slot_types[intent][slot_name].startswith("AMAZON.")

    def _try(
        self, sample: _Sample, text: str, lenient: bool = False
    ) -> dict[str, SlotValue] | None:
        pattern = sample.lenient if lenient else sample.pattern
        found = pattern.fullmatch(text) if pattern is not None else None
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
            values = self._value_maps[f"{sample.intent}.{slot_name}"]
            resolved_id, resolved_name = _lookup(values, spoken)
            slots[slot_name] = SlotValue(
                name=slot_name, value=spoken, resolved_id=resolved_id, resolved_name=resolved_name
            )
        return slots


def _lookup(
    values: Mapping[str, tuple[str | None, str]], spoken: str
) -> tuple[str | None, str | None]:
    """(id, name) of a value as said, or said with "a", "an" or "the"; else (None, None)."""
    if spoken in values:
        return values[spoken]
    for article in _ARTICLES:
        if spoken.startswith(article) and spoken[len(article) :] in values:
            return values[spoken[len(article) :]]
    return (None, None)


def _unresolved(value: SlotValue, sample: _Sample, matcher: Matcher) -> bool:
    return matcher.is_custom(sample.intent, value.name) and value.resolved_id is None


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
    return _SlotType(_alternation(values), values, custom=True)


def _builtin_type(type_name: str) -> _SlotType:
    if type_name == NUMBER_TYPE:
        return _SlotType(_NUMBER_PHRASE, {})
    if type_name in _DATE_TIME:
        return _SlotType(_DATE_TIME[type_name], {})
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
    lenient: list[str] = []
    groups: list[tuple[str, str]] = []
    literal_words = 0
    position = 0
    for ref in _SLOT_REF.finditer(sample):
        words = normalize(sample[position : ref.start()]).split()
        literal_words += len(words)
        parts += [re.escape(w) for w in words]
        lenient += [re.escape(w) for w in words]
        slot_name = ref.group(1).strip()
        if slot_name not in declared:
            raise ValueError(f"{intent} sample {sample!r} uses undeclared slot {{{slot_name}}}")
        group = f"s{len(groups)}"
        groups.append((group, slot_name))
        slot_type = types[declared[slot_name]]
        if slot_type.custom:
            known = f"{_ARTICLE}(?:{slot_type.pattern})"
            parts.append(f"(?P<{group}>{known})")
            lenient.append(f"(?P<{group}>{known}|{_FREE_PHRASE})")
        else:
            parts.append(f"(?P<{group}>{slot_type.pattern})")
            lenient.append(parts[-1])
        position = ref.end()
    words = normalize(sample[position:]).split()
    literal_words += len(words)
    parts += [re.escape(w) for w in words]
    lenient += [re.escape(w) for w in words]
    any_custom = any(types[declared[name]].custom for _, name in groups)
    return _Sample(
        intent=intent,
        pattern=re.compile(" ".join(parts)),
        lenient=re.compile(" ".join(lenient)) if any_custom else None,
        groups=tuple(groups),
        literal_words=literal_words,
        from_model=from_model,
        order=order,
    )
