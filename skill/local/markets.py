"""The English-speaking Alexa markets' interaction models, generated from the en-US one.

``interaction_models/en-US.json`` is the one source: every intent, slot and sample there is
carried into en-GB, en-AU, en-CA and en-IN. Each market adds only its own words below (extra
samples per intent, extra synonyms per slot value), so the five models cannot drift apart:
``hamstring-coach models`` rewrites the four files, and a test fails when a committed file is not
what the generator makes of the current en-US model.

An overlay may only add. It names intents and slot values that must exist in en-US (a stale
name fails loudly rather than vanishing), and a word it adds must not already belong to another
intent or value, because the Alexa build rejects a sample shared by two intents.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SOURCE_LOCALE = "en-US"


@dataclass(frozen=True)
class Overlay:
    """One market's additions to the en-US model."""

    samples: dict[str, list[str]] = field(default_factory=dict)
    """Intent name -> extra sample utterances, in that market's words."""
    synonyms: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """Slot type -> value id -> extra synonyms."""


_BRITISH_TIRED = ["i'm shattered", "i'm done in", "i'm cream crackered"]
_PROGRAMME_START = ["start my programme", "start today's programme", "next session on my programme"]
_PROGRAMME_PROGRESS = [
    "how should i progress my programme",
    "what's next on my programme",
    "what should i change in my programme",
]
_A_BIT = {
    "easy": ["a bit easy", "a bit light", "bit easy", "a doddle", "too light for me"],
    "right": ["spot on", "about right for me", "alright", "decent"],
    "hard": ["a bit hard", "a bit heavy", "a bit tough", "bit hard", "proper hard"],
}
_KILOS = {"kg": ["kgs", "kilo's", "k g", "k g's", "kilogrammes", "kilogramme"]}

MARKETS: dict[str, Overlay] = {
    "en-GB": Overlay(
        samples={
            "StartWorkoutIntent": _PROGRAMME_START,
            "ProgressIntent": _PROGRAMME_PROGRESS,
            "TiredIntent": _BRITISH_TIRED,
        },
        synonyms={
            "EFFORT": _A_BIT,
            "WEIGHT_UNIT": _KILOS,
            "EQUIPMENT": {
                "ball": ["gym ball", "a gym ball", "a swiss ball"],
                "machines": ["a multi gym", "multi gym", "the leisure centre", "a leisure centre"],
                "bands": ["therabands", "a theraband", "theraband"],
                "dumbbells": ["dumbells", "a set of dumbbells"],
            },
        },
    ),
    "en-AU": Overlay(
        samples={
            "StartWorkoutIntent": _PROGRAMME_START,
            "ProgressIntent": _PROGRAMME_PROGRESS,
            "TiredIntent": ["i'm stuffed", "i'm buggered", "i'm rooted", "i'm cooked"],
        },
        synonyms={
            "EFFORT": {
                "easy": ["a bit easy", "a bit light", "bit easy", "easy as"],
                "right": ["spot on", "alright", "decent"],
                "hard": ["a bit hard", "a bit heavy", "a bit tough", "hard yakka", "a killer"],
            },
            "WEIGHT_UNIT": _KILOS,
            "EQUIPMENT": {
                "ball": ["fit ball", "a fit ball", "fitball", "gym ball", "a gym ball"],
                "bands": ["therabands", "a theraband", "theraband"],
                "dumbbells": ["dumbells"],
            },
        },
    ),
    "en-CA": Overlay(
        samples={
            "TiredIntent": ["i'm bagged", "i'm pooched"],
        },
        synonyms={
            "EFFORT": {"easy": ["a bit easy", "bit easy"], "hard": ["a bit hard", "a bit tough"]},
            "WEIGHT_UNIT": _KILOS,
        },
    ),
    "en-IN": Overlay(
        samples={
            "StartWorkoutIntent": _PROGRAMME_START,
            "ProgressIntent": _PROGRAMME_PROGRESS,
            "TiredIntent": ["i'm very tired", "i'm feeling very tired", "i'm totally tired"],
        },
        synonyms={
            "EFFORT": {
                "easy": ["a bit easy", "bit easy", "very light", "little easy"],
                "right": ["correct", "proper", "alright"],
                "hard": ["a bit hard", "little hard", "very tough", "too tough"],
            },
            "WEIGHT_UNIT": _KILOS,
            "EQUIPMENT": {
                "dumbbells": ["dumbells", "dumbles"],
                "bands": ["theraband", "therabands"],
                "ball": ["gym ball", "a gym ball"],
            },
        },
    ),
}


class OverlayError(ValueError):
    """An overlay names what en-US lacks, or adds a word another intent or value owns."""


def _language(model: dict[str, Any]) -> dict[str, Any]:
    language: dict[str, Any] = model["interactionModel"]["languageModel"]
    return language


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def generate(source: dict[str, Any], overlay: Overlay) -> dict[str, Any]:
    """The market's model: ``source`` (the en-US file) with the overlay's words added."""
    model = copy.deepcopy(source)
    language = _language(model)
    intents = {intent["name"]: intent for intent in language["intents"]}
    owner = {_key(s): i["name"] for i in language["intents"] for s in i.get("samples", [])}
    for name, extra in overlay.samples.items():
        if name not in intents:
            raise OverlayError(f"overlay adds samples to {name}, which en-US does not have")
        samples = intents[name].setdefault("samples", [])
        for sample in extra:
            taken = owner.get(_key(sample))
            if taken is not None and taken != name:
                raise OverlayError(f"{sample!r} for {name} is already a sample of {taken}")
            if taken is None:
                samples.append(sample)
                owner[_key(sample)] = name
    types = {slot_type["name"]: slot_type for slot_type in language.get("types", [])}
    for type_name, by_value in overlay.synonyms.items():
        if type_name not in types:
            raise OverlayError(f"overlay adds synonyms to {type_name}, which en-US does not have")
        values = {
            value.get("id") or value["name"]["value"]: value for value in types[type_name]["values"]
        }
        said = {
            _key(word): value_id
            for value_id, value in values.items()
            for word in [value["name"]["value"], *value["name"].get("synonyms", [])]
        }
        for value_id, words in by_value.items():
            if value_id not in values:
                raise OverlayError(f"{type_name} has no value {value_id!r} in en-US")
            synonyms = values[value_id]["name"].setdefault("synonyms", [])
            for word in words:
                taken = said.get(_key(word))
                if taken is not None and taken != value_id:
                    raise OverlayError(f"{word!r} for {type_name}.{value_id} already means {taken}")
                if taken is None:
                    synonyms.append(word)
                    said[_key(word)] = value_id
    return model


def render(model: dict[str, Any]) -> str:
    """The file's text, formatted as en-US.json is."""
    return json.dumps(model, indent=2, ensure_ascii=False) + "\n"


def generated(source_dir: Path) -> dict[str, str]:
    """File name -> text for every market, from ``source_dir/en-US.json``."""
    source = json.loads((source_dir / f"{SOURCE_LOCALE}.json").read_text(encoding="utf-8"))
    return {f"{locale}.json": render(generate(source, o)) for locale, o in MARKETS.items()}


def write_models(models_dir: Path) -> list[Path]:
    """Rewrite the market models beside en-US.json; returns the files written."""
    written = []
    for name, text in generated(models_dir).items():
        target = models_dir / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def stale_models(models_dir: Path) -> list[str]:
    """The market files that differ from what the generator makes now (missing counts)."""
    stale = []
    for name, text in generated(models_dir).items():
        target = models_dir / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale
