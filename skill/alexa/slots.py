"""Reading slots the way Alexa fills them: resolved ids for custom types, digits for numbers."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Any, TypeVar

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_intent_name, get_locale, get_slot

from skill.alexa.interaction_model import DEFAULT_LOCALE, default_synonyms
from skill.core.value import Value

E = TypeVar("E", bound=StrEnum)


def raw(handler_input: HandlerInput, name: str) -> str | None:
    """The spoken value, stripped; None if the slot is absent or empty."""
    try:
        slot = get_slot(handler_input, name)
    except (TypeError, AttributeError, KeyError):
        return None
    value = slot.value if slot is not None else None
    return str(value).strip() or None if value else None


class Unknown(Value):
    """A slot Alexa filled with words outside our values (``ER_SUCCESS_NO_MATCH``): what was
    said, to say back; never guessed into one of ours."""

    spoken: str


def _resolved(slot: Any) -> str | None:
    """The id of the first successful entity-resolution match, if any."""
    per_authority = getattr(getattr(slot, "resolutions", None), "resolutions_per_authority", None)
    for authority in per_authority or []:
        code = getattr(getattr(getattr(authority, "status", None), "code", None), "value", None)
        if code == "ER_SUCCESS_MATCH" and authority.values:
            value = authority.values[0].value
            if value is not None and value.id:
                return str(value.id)
    return None


def resolved_or_unknown(handler_input: HandlerInput, name: str) -> str | Unknown | None:
    """The id of a custom slot's value: from entity resolution, else the spoken value looked up
    in the model's synonyms (for request generators that send no resolutions). Words that
    resolve to none of ours are ``Unknown`` (what was said); an empty slot is None."""
    try:
        slot: Any = get_slot(handler_input, name)
    except (TypeError, AttributeError, KeyError):
        return None
    found = _resolved(slot)
    if found is not None:
        return found
    spoken = raw(handler_input, name)
    if spoken is None:
        return None
    synonyms = default_synonyms(str(get_locale(handler_input) or DEFAULT_LOCALE))
    known = None
    if synonyms is not None:
        known = synonyms.id_for(str(get_intent_name(handler_input) or ""), name, spoken)
    return known if known is not None else Unknown(spoken)


def resolved_id(handler_input: HandlerInput, name: str) -> str | None:
    """The id of the slot's value, or None when it is empty or resolved to none of ours."""
    value = resolved_or_unknown(handler_input, name)
    return value if isinstance(value, str) else None


def enum_or_unknown(handler_input: HandlerInput, name: str, kind: type[E]) -> E | Unknown | None:
    """A custom slot as our enum (by resolved id, else by the spoken value itself), ``Unknown``
    for words that are none of ours, None when empty."""
    value = resolved_or_unknown(handler_input, name)
    if value is None:
        return None
    text = value.spoken if isinstance(value, Unknown) else value
    try:
        return kind(text.lower())
    except ValueError:
        return Unknown(raw(handler_input, name) or text)


def enum_value(handler_input: HandlerInput, name: str, kind: type[E]) -> E | None:
    """A custom slot as our enum; None when empty or unknown."""
    value = enum_or_unknown(handler_input, name, kind)
    return None if isinstance(value, Unknown) else value


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
