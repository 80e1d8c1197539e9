"""Reading slots the way Alexa fills them: resolved ids for custom types, digits for numbers."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any, TypeVar

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, get_slot

from skill.alexa.interaction_model import default_synonyms

E = TypeVar("E", bound=StrEnum)


def raw(handler_input: HandlerInput, name: str) -> str | None:
    """The spoken value, stripped; None if the slot is absent or empty."""
    try:
        slot = get_slot(handler_input, name)
    except (TypeError, AttributeError, KeyError):
        return None
    value = slot.value if slot is not None else None
    return str(value).strip() or None if value else None


def resolved_id(handler_input: HandlerInput, name: str) -> str | None:
    """The id of the first successful entity-resolution match; else the spoken value looked up
    in the model's synonyms (for request generators that send no resolutions); else None."""
    try:
        slot: Any = get_slot(handler_input, name)
    except (TypeError, AttributeError, KeyError):
        return None
    per_authority = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
    for authority in per_authority or []:
        code = getattr(getattr(getattr(authority, "status", None), "code", None), "value", None)
        if code == "ER_SUCCESS_MATCH" and authority.values:
            value = authority.values[0].value
            if value is not None and value.id:
                return str(value.id)
    spoken = raw(handler_input, name)
    synonyms = default_synonyms()
    if spoken is None or synonyms is None:
        return None
    return synonyms.id_for(str(get_intent_name(handler_input) or ""), name, spoken)


def enum_value(handler_input: HandlerInput, name: str, kind: type[E]) -> E | None:
    """A custom slot as our enum: by resolved id, else by the spoken value itself."""
    for candidate in (resolved_id(handler_input, name), raw(handler_input, name)):
        if candidate is None:
            continue
        try:
            return kind(candidate.lower())
        except ValueError:
            continue
    return None


def number(handler_input: HandlerInput, name: str) -> float | None:
    """AMAZON.NUMBER as a finite, non-negative number; "?" and garbage read as absent."""
    text = raw(handler_input, name)
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) and value >= 0 else None
