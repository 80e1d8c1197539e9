"""Slot values by their synonyms, read from the interaction model itself.

Alexa resolves "just right" to the id "right"; some request generators and simulators send
only the spoken value. This maps a spoken value to its id with the model's own synonyms, so
those requests are understood too. The model is read once; without it, nothing is guessed.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

MODEL = Path(__file__).resolve().parent.parent / "interaction_models" / "en-US.json"


def _key(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


class SlotSynonyms:
    """(intent, slot) -> spoken value -> id, for every custom slot type in the model."""

    def __init__(self, model: dict[str, Any]) -> None:
        language = model.get("interactionModel", model).get("languageModel", {})
        by_type: dict[str, dict[str, str]] = {}
        for slot_type in language.get("types", []):
            values: dict[str, str] = {}
            for value in slot_type.get("values", []):
                name = value.get("name", {})
                value_id = value.get("id") or name.get("value", "")
                for spoken in [name.get("value", ""), *name.get("synonyms", [])]:
                    if spoken:
                        values.setdefault(_key(spoken), value_id)
            by_type[slot_type["name"]] = values
        self._slots: dict[tuple[str, str], dict[str, str]] = {
            (intent["name"], slot["name"]): by_type[slot["type"]]
            for intent in language.get("intents", [])
            for slot in intent.get("slots", [])
            if slot.get("type") in by_type
        }

    def id_for(self, intent: str, slot: str, spoken: str) -> str | None:
        return self._slots.get((intent, slot), {}).get(_key(spoken))


@cache
def default_synonyms() -> SlotSynonyms | None:
    """The en-US model beside the package (a checkout, or the Lambda artifact), if present."""
    try:
        return SlotSynonyms(json.loads(MODEL.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError) as error:
        log.info("no interaction model for slot synonyms (%s)", error)
        return None
