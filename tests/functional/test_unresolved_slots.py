"""Request generators that send only spoken slot values (no entity resolution) are understood
through the interaction model's own synonyms."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.alexa import intents, slots
from skill.alexa.interaction_model import LanguageModel, SlotSynonyms, default_synonyms
from skill.core import events as ev
from skill.core.profile import Equipment
from skill.local.envelope import EnvelopeFactory
from skill.local.nlu import Matcher
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa

NOW = datetime(2026, 12, 1, 18, tzinfo=UTC)


def bare(alexa: Alexa, intent: str, **slots: str) -> dict[str, Any]:
    """An envelope whose slots carry only "value", as some simulators send them."""
    envelope = alexa.factory.intent(intent, slots, now=alexa.clock())
    for slot in envelope["request"]["intent"].get("slots", {}).values():
        slot.pop("resolutions", None)
        slot.pop("slotValue", None)
    return envelope


def test_the_model_synonyms_map_spoken_values_to_ids() -> None:
    synonyms = default_synonyms()
    assert synonyms is not None
    assert synonyms.id_for("LogSetIntent", "effort", "Just Right") == "right"
    assert synonyms.id_for("LogSetIntent", "unit", "kilos") == "kg"
    assert synonyms.id_for("SetEquipmentIntent", "equipmentTwo", "resistance bands") == "bands"
    assert synonyms.id_for("PainIntent", "bodyPart", "lower back") == "back"
    assert synonyms.id_for("LogSetIntent", "effort", "banana") is None
    assert synonyms.id_for("NoSuchIntent", "effort", "easy") is None


def test_a_model_without_types_resolves_nothing() -> None:
    empty = SlotSynonyms(
        LanguageModel.parse({"interactionModel": {"languageModel": {"intents": []}}})
    )
    assert empty.id_for("LogSetIntent", "effort", "easy") is None


def test_a_day_driven_with_bare_slot_values(alexa: Alexa, sqlite_store: SQLiteStore) -> None:
    alexa.launch()
    alexa.send(bare(alexa, "SetEquipmentIntent", equipmentOne="resistance bands"))
    assert "Got it: bands" in alexa.text
    alexa.send(bare(alexa, "SetLevelIntent", level="a beginner"))
    assert "Got it: new" in alexa.text
    alexa.count_set()
    alexa.send(
        bare(alexa, "LogSetIntent", reps="10", load="20", unit="pounds", effort="just right")
    )
    assert "Logged ten at twenty pounds" in alexa.text
    [session] = sqlite_store.recent_sessions(alexa.user_id)
    [record] = session.sets
    assert record.effort is not None and record.effort.value == "right"
    assert record.unit is not None and record.unit.value == "lb"
    alexa.send(bare(alexa, "PainIntent", bodyPart="lower back"))
    assert "back" in alexa.text.lower()


# --- values outside our lists: Alexa's ER_SUCCESS_NO_MATCH, read as the words said ------------


def _event(envelope: dict[str, Any]) -> ev.Event:
    request = DefaultSerializer().deserialize(json.dumps(envelope), RequestEnvelope)
    return intents.event_of(HandlerInput(request_envelope=request))


def _typed(text: str) -> dict[str, Any]:
    return EnvelopeFactory().intent(Matcher.for_locale().match(text), now=NOW)


def test_unresolved_equipment_travels_as_the_words_said_next_to_the_known() -> None:
    assert _event(_typed("I have a barbell and a bench")) == ev.SetEquipment(
        (Equipment.BARBELL,), ("a bench",)
    )
    assert _event(_typed("I have a bench")) == ev.SetEquipment((), ("a bench",))


def test_resolved_or_unknown_reads_the_resolution_status() -> None:
    envelope = _typed("tell me about zercher squats")
    request = DefaultSerializer().deserialize(json.dumps(envelope), RequestEnvelope)
    handler_input = HandlerInput(request_envelope=request)
    assert slots.resolved_or_unknown(handler_input, "exercise") == slots.Unknown("zercher squats")
    assert slots.resolved_id(handler_input, "exercise") is None
    known = _typed("tell me about nordic curls")
    request = DefaultSerializer().deserialize(json.dumps(known), RequestEnvelope)
    assert slots.resolved_or_unknown(HandlerInput(request_envelope=request), "exercise") == (
        "nordic_curl"
    )


def test_an_unknown_exercise_name_is_kept_to_say_back() -> None:
    assert _event(_typed("tell me about zercher squats")) == ev.ExerciseInfo(None, "zercher squats")
    assert _event(_typed("how much should I lift on zercher squats")) == ev.AskLoad(
        None, "zercher squats"
    )
    assert _event(_typed("tell me about nordic curls")) == ev.ExerciseInfo("nordic_curl", None)


def test_an_unknown_unit_or_effort_is_left_out_and_the_numbers_kept() -> None:
    assert _event(_typed("ten reps at sixty stones")) == ev.LogSet(
        effort=None, reps=10, load=60, unit=None, heard_something=True
    )
    assert _event(_typed("it was purple")) == ev.LogSet(heard_something=False)


def test_bare_unknown_values_without_resolutions_are_unknown_too(alexa: Alexa) -> None:
    envelope = bare(alexa, "SetEquipmentIntent", equipmentOne="dumbbells", equipmentTwo="a bench")
    assert _event(envelope) == ev.SetEquipment((Equipment.DUMBBELLS,), ("a bench",))
