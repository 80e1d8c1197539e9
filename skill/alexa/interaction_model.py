"""The interaction model, read once from the copy shipped inside the package.

``interaction_models/`` at the top of the repository is the source of truth (what the Alexa
console and the ASK CLI take); ``skill/data/interaction_models`` links to it, so a checkout, an
installed wheel and the Lambda artifact all read the same file through ``importlib.resources``.

Two readers share this one parser: the typed-text matcher of the local chat
(``skill.local.nlu``), and ``SlotSynonyms``, which maps a spoken slot value to its id for request
generators that send no entity resolution (Alexa resolves "just right" to "right"; a simulator
may send only the words).
"""

from __future__ import annotations

import json
import logging
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from pydantic import ConfigDict, Field

from skill.core.model import Model, new_list

log = logging.getLogger(__name__)

DEFAULT_LOCALE = "en-US"


class _Loose(Model):
    # Built when a slot is first resolved (``default_synonyms``), like every ``Model``.
    model_config = ConfigDict(extra="ignore")


class SlotDef(_Loose):
    name: str
    type: str


class IntentDef(_Loose):
    name: str
    slots: list[SlotDef] = Field(default_factory=new_list)
    samples: list[str] = Field(default_factory=new_list)


class ValueName(_Loose):
    value: str
    synonyms: list[str] = Field(default_factory=new_list)


class TypeValue(_Loose):
    id: str | None = None
    name: ValueName


class TypeDef(_Loose):
    name: str
    values: list[TypeValue] = Field(default_factory=new_list)


class LanguageModel(_Loose):
    """The parts of ``interactionModel.languageModel`` the skill reads."""

    invocationName: str = ""
    intents: list[IntentDef]
    types: list[TypeDef] = Field(default_factory=new_list)

    @classmethod
    def parse(cls, model: Any) -> LanguageModel:
        """From the whole file, its ``interactionModel``, or just its ``languageModel``."""
        raw: Any = model
        if isinstance(raw, dict) and "interactionModel" in raw:
            raw = raw["interactionModel"]
        if isinstance(raw, dict) and "languageModel" in raw:
            raw = raw["languageModel"]
        return cls.model_validate(raw)


def models_dir() -> Traversable:
    """The folder of shipped models, one ``<locale>.json`` each."""
    return resources.files("skill").joinpath("data", "interaction_models")


def model_file(locale: str = DEFAULT_LOCALE) -> Traversable:
    """The locale's model; a locale we don't ship ("fr-FR", "en-NZ") reads en-US's."""
    shipped = models_dir().joinpath(f"{locale}.json")
    if locale != DEFAULT_LOCALE and not shipped.is_file():
        return models_dir().joinpath(f"{DEFAULT_LOCALE}.json")
    return shipped


@cache
def language_model(locale: str = DEFAULT_LOCALE) -> LanguageModel:
    return LanguageModel.parse(json.loads(model_file(locale).read_text(encoding="utf-8")))


def spoken_key(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


class SlotSynonyms:
    """(intent, slot) -> spoken value -> id, for every custom slot type in the model."""

    def __init__(self, language: LanguageModel) -> None:
        by_type: dict[str, dict[str, str]] = {}
        for slot_type in language.types:
            values: dict[str, str] = {}
            for value in slot_type.values:
                value_id = value.id or value.name.value
                for spoken in [value.name.value, *value.name.synonyms]:
                    if spoken:
                        values.setdefault(spoken_key(spoken), value_id)
            by_type[slot_type.name] = values
        self._slots: dict[tuple[str, str], dict[str, str]] = {
            (intent.name, slot.name): by_type[slot.type]
            for intent in language.intents
            for slot in intent.slots
            if slot.type in by_type
        }

    def id_for(self, intent: str, slot: str, spoken: str) -> str | None:
        return self._slots.get((intent, slot), {}).get(spoken_key(spoken))


@cache
def default_synonyms(locale: str = DEFAULT_LOCALE) -> SlotSynonyms | None:
    """The locale's model's synonyms (en-US's for a locale we don't ship); without a readable
    model, nothing is guessed."""
    try:
        return SlotSynonyms(language_model(locale))
    except (OSError, ValueError) as error:
        log.warning("no interaction model for slot synonyms (%s)", error)
        return None
