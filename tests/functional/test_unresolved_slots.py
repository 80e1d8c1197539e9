"""Request generators that send only spoken slot values (no entity resolution) are understood
through the interaction model's own synonyms."""

from __future__ import annotations

from typing import Any

from skill.alexa.interaction_model import LanguageModel, SlotSynonyms, default_synonyms
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa


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
    alexa.say("ReadyIntent")
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
