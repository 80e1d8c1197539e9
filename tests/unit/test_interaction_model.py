"""The en-US interaction model is valid for the Alexa console / ASK CLI and matches the code.

These tests read ``interaction_models/en-US.json`` as the console would receive it and check the
rules Alexa enforces at build time (and a few of our own that keep intent routing unambiguous).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.factories import BUILT_IN_INTENTS

ROOT = Path(__file__).resolve().parents[2]
MODEL_PATH = ROOT / "interaction_models" / "en-US.json"
CATALOG_PATH = ROOT / "skill" / "data" / "exercises.json"

CUSTOM_INTENTS: dict[str, dict[str, str]] = {
    "RemindMeIntent": {},
    "ReminderChoiceIntent": {"day": "AMAZON.DATE", "time": "AMAZON.TIME"},
    "CancelReminderIntent": {},
    "StartWorkoutIntent": {},
    "ReadyIntent": {},
    "LogSetIntent": {
        "effort": "EFFORT",
        "reps": "AMAZON.NUMBER",
        "load": "AMAZON.NUMBER",
        "unit": "WEIGHT_UNIT",
    },
    "FormCueIntent": {},
    "SlowerIntent": {},
    "FasterIntent": {},
    "SkipExerciseIntent": {},
    "PainIntent": {"bodyPart": "BODY_PART"},
    "PullIntent": {"bodyPart": "BODY_PART"},
    "SoreIntent": {"bodyPart": "BODY_PART"},
    "ChestPainIntent": {},
    "DizzyIntent": {},
    "BreathlessIntent": {},
    "HeartRacingIntent": {},
    "NauseaIntent": {},
    "NumbnessIntent": {"bodyPart": "BODY_PART"},
    "FeelsFineIntent": {},
    "SetEquipmentIntent": {
        "equipmentOne": "EQUIPMENT",
        "equipmentTwo": "EQUIPMENT",
        "equipmentThree": "EQUIPMENT",
        "equipmentFour": "EQUIPMENT",
    },
    "ChangeEquipmentIntent": {},
    "SetLevelIntent": {"level": "LEVEL"},
    "SetUnitIntent": {"unit": "WEIGHT_UNIT"},
    "ChangeLevelIntent": {},
    "ExerciseInfoIntent": {"exercise": "EXERCISE"},
    "ProgressIntent": {},
    "WeekIntent": {},
    "LastWeekIntent": {},
    "LastTimeIntent": {"exercise": "EXERCISE"},
    "LoadAdviceIntent": {"exercise": "EXERCISE"},
    "DeleteDataIntent": {},
    "SetDoneIntent": {},
    "TiredIntent": {},
    "LighterIntent": {},
    "FeelIntent": {},
    "HowToIntent": {},
    "WhichSetIntent": {},
    "SetsLeftIntent": {},
    "RestTimeIntent": {},
    "WhatsNextIntent": {},
}

REQUIRED_BUILT_INS = set(BUILT_IN_INTENTS)

# Words Alexa's own built-in intents already listen for; a custom sample must not steal them.
BUILT_IN_UTTERANCES = {
    "yes",
    "no",
    "next",
    "skip",
    "skip forward",
    "resume",
    "continue",
    "pause",
    "repeat",
    "stop",
    "cancel",
    "help",
    "help me",
    "start over",
    "restart",
    "start again",
    "never mind",
    "go home",
}

# Slot types whose values can be said on their own; a bare word must resolve to one of them only.
BARE_WORD_TYPES = ("EQUIPMENT", "LEVEL", "EFFORT", "WEIGHT_UNIT", "BODY_PART")

EXPECTED_VALUE_IDS = {
    "EQUIPMENT": {"machines", "barbell", "dumbbells", "kettlebell", "bands", "ball", "bodyweight"},
    "LEVEL": {"new", "some", "experienced"},
    "EFFORT": {"easy", "right", "hard"},
    "WEIGHT_UNIT": {"lb", "kg"},
    "BODY_PART": {
        "back",
        "knee",
        "hamstring",
        "hip",
        "glute",
        "chest",
        "neck",
        "shoulder",
        "arm",
        "elbow",
        "wrist",
        "hand",
        "calf",
        "shin",
        "ankle",
        "foot",
    },
}

SAMPLE_RE = re.compile(r"^[a-z' {}A-Za-z]+$")
SLOT_RE = re.compile(r"\{([A-Za-z][A-Za-z_]*)\}")
VALUE_RE = re.compile(r"^[a-z][a-z' ]*$")


@cache
def model_text() -> str:
    return MODEL_PATH.read_text(encoding="utf-8")


def model() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(model_text())
    return data


def language_model() -> dict[str, Any]:
    lm: dict[str, Any] = model()["interactionModel"]["languageModel"]
    return lm


def intents() -> dict[str, dict[str, Any]]:
    return {intent["name"]: intent for intent in language_model()["intents"]}


def types() -> dict[str, dict[str, Any]]:
    return {slot_type["name"]: slot_type for slot_type in language_model().get("types", [])}


def normalize(text: str) -> str:
    return " ".join(text.lower().split())


def spoken_forms(value: dict[str, Any]) -> list[str]:
    return [value["name"]["value"], *value["name"].get("synonyms", [])]


def all_samples() -> list[tuple[str, str]]:
    return [
        (name, sample) for name, intent in intents().items() for sample in intent.get("samples", [])
    ]


# --- shape -------------------------------------------------------------------------------------


def test_top_level_shape() -> None:
    data = model()
    assert set(data) == {"interactionModel"}
    interaction_model = data["interactionModel"]
    assert set(interaction_model) <= {"languageModel", "dialog", "prompts"}
    lm = interaction_model["languageModel"]
    assert set(lm) <= {"invocationName", "intents", "types", "modelConfiguration"}
    assert isinstance(lm["intents"], list) and lm["intents"]
    assert isinstance(lm["types"], list) and lm["types"]
    for intent in lm["intents"]:
        assert set(intent) <= {"name", "slots", "samples"}, intent["name"]
        assert isinstance(intent.get("samples", []), list)
        for slot in intent.get("slots", []):
            assert set(slot) <= {"name", "type", "samples"}, (intent["name"], slot)
    for slot_type in lm["types"]:
        assert set(slot_type) == {"name", "values"}
        for value in slot_type["values"]:
            assert set(value) == {"id", "name"}
            assert set(value["name"]) <= {"value", "synonyms"}
    if "modelConfiguration" in lm:
        level = lm["modelConfiguration"]["fallbackIntentSensitivity"]["level"]
        assert level in {"LOW", "MEDIUM", "HIGH"}


def test_invocation_name() -> None:
    name = language_model()["invocationName"]
    assert name == "hamstring coach"
    assert name == name.lower()
    assert len(name.split()) >= 2
    assert re.fullmatch(r"[a-z ]+", name)


def test_intent_names_are_unique() -> None:
    names = [intent["name"] for intent in language_model()["intents"]]
    assert len(names) == len(set(names))


def test_every_custom_intent_present_with_enough_samples() -> None:
    found = intents()
    for name in CUSTOM_INTENTS:
        assert name in found, f"missing {name}"
        assert len(found[name]["samples"]) >= 10, name
    extra = {n for n in found if not n.startswith("AMAZON.")} - set(CUSTOM_INTENTS)
    assert not extra, f"custom intents the code does not know: {extra}"


def test_required_built_ins_present() -> None:
    missing = REQUIRED_BUILT_INS - set(intents())
    assert not missing


def test_fallback_and_navigate_home_have_no_samples() -> None:
    for name in ("AMAZON.FallbackIntent", "AMAZON.NavigateHomeIntent"):
        assert intents()[name].get("samples", []) == []


# --- samples -----------------------------------------------------------------------------------


def test_no_duplicate_sample_inside_an_intent() -> None:
    for name, intent in intents().items():
        counts = Counter(normalize(s) for s in intent.get("samples", []))
        dupes = [s for s, n in counts.items() if n > 1]
        assert not dupes, (name, dupes)


def test_no_sample_in_two_intents() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for name, sample in all_samples():
        key = normalize(sample)
        if key in owner and owner[key] != name:
            clashes.append((key, owner[key], name))
        owner.setdefault(key, name)
    assert not clashes


def test_no_two_intents_share_a_sample_pattern_with_the_same_slot_type() -> None:
    """Samples that differ only by slot name must not route one phrase to two intents."""
    slot_types = {
        name: {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for name, intent in intents().items()
    }
    owner: dict[str, str] = {}
    clashes = []
    for name, sample in all_samples():
        pattern = SLOT_RE.sub(
            lambda m, n=name: "{" + slot_types[n].get(m.group(1), "?") + "}", sample
        )
        key = normalize(pattern)
        if key in owner and owner[key] != name:
            clashes.append((key, owner[key], name))
        owner.setdefault(key, name)
    assert not clashes


def test_custom_samples_do_not_steal_built_in_utterances() -> None:
    for name, sample in all_samples():
        if not name.startswith("AMAZON."):
            assert normalize(sample) not in BUILT_IN_UTTERANCES, (name, sample)


def test_samples_use_only_allowed_characters() -> None:
    for name, sample in all_samples():
        assert SAMPLE_RE.fullmatch(sample), (name, sample)
        assert sample == sample.strip() and "  " not in sample, (name, sample)
        literal = SLOT_RE.sub("", sample)
        assert "{" not in literal and "}" not in literal, (name, sample)
        assert literal == literal.lower(), (name, sample)
        assert not re.search(r"\d", sample), (name, sample)
        assert len(sample) <= 200


def test_slots_in_samples_are_declared_and_declared_slots_are_used() -> None:
    defined_types = set(types())
    for name, intent in intents().items():
        declared = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        assert len(declared) == len(intent.get("slots", [])), f"{name}: duplicate slot names"
        used: set[str] = set()
        for sample in intent.get("samples", []):
            in_sample = SLOT_RE.findall(sample)
            assert len(in_sample) == len(set(in_sample)), (name, sample)
            for slot_name in in_sample:
                assert slot_name in declared, (name, sample, slot_name)
            used.update(in_sample)
        assert used == set(declared), (name, set(declared) - used)
        for slot_name, slot_type in declared.items():
            assert slot_type.startswith("AMAZON.") or slot_type in defined_types, (
                name,
                slot_name,
                slot_type,
            )


def test_custom_intent_slots_match_what_the_code_reads() -> None:
    found = intents()
    for name, expected in CUSTOM_INTENTS.items():
        declared = {slot["name"]: slot["type"] for slot in found[name].get("slots", [])}
        assert declared == expected, name


# --- slot types --------------------------------------------------------------------------------


def test_every_custom_type_is_used() -> None:
    used = {slot["type"] for intent in intents().values() for slot in intent.get("slots", [])}
    unused = set(types()) - used
    assert not unused


def test_value_ids_are_fixed_and_unique_within_each_type() -> None:
    for type_name, slot_type in types().items():
        ids = [value["id"] for value in slot_type["values"]]
        assert len(ids) == len(set(ids)), type_name
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids), type_name
    for type_name, expected in EXPECTED_VALUE_IDS.items():
        assert {value["id"] for value in types()[type_name]["values"]} == expected, type_name


def test_values_and_synonyms_are_speakable_and_unique_within_each_type() -> None:
    for type_name, slot_type in types().items():
        seen: dict[str, str] = {}
        for value in slot_type["values"]:
            for form in spoken_forms(value):
                assert VALUE_RE.fullmatch(form), (type_name, form)
                key = normalize(form)
                assert key not in seen, (type_name, form, seen.get(key), value["id"])
                seen[key] = value["id"]


def test_bare_word_types_share_no_value_or_synonym() -> None:
    owner: dict[str, str] = {}
    clashes = []
    for type_name in BARE_WORD_TYPES:
        for value in types()[type_name]["values"]:
            for form in spoken_forms(value):
                key = normalize(form)
                if key in owner and owner[key] != type_name:
                    clashes.append((key, owner[key], type_name))
                owner.setdefault(key, type_name)
    assert not clashes


def test_exercise_ids_match_the_catalog() -> None:
    catalog = json.loads(CATALOG_PATH.read_text(encoding="utf-8"))
    catalog_ids = {exercise["id"] for exercise in catalog["exercises"]}
    if not catalog_ids:
        pytest.skip("skill/data/exercises.json has no exercises yet")
    model_ids = {value["id"] for value in types()["EXERCISE"]["values"]}
    assert model_ids == catalog_ids


# --- the official SMAPI model classes accept it ------------------------------------------------


def test_deserializes_with_ask_smapi_model() -> None:
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_smapi_model.v1.skill.interaction_model.interaction_model_data import (
        InteractionModelData,
    )

    serializer = DefaultSerializer()
    parsed = serializer.deserialize(
        model_text(),
        "ask_smapi_model.v1.skill.interaction_model.interaction_model_data.InteractionModelData",
    )
    assert isinstance(parsed, InteractionModelData)
    lm = parsed.interaction_model.language_model
    assert lm.invocation_name == "hamstring coach"
    assert len(lm.intents) == len(language_model()["intents"])
    assert len(lm.types) == len(language_model()["types"])
    assert {intent.name for intent in lm.intents} == set(intents())
    log_set = next(intent for intent in lm.intents if intent.name == "LogSetIntent")
    assert {slot.name: slot.object_type for slot in log_set.slots} == CUSTOM_INTENTS["LogSetIntent"]

    # The deserializer silently keeps unknown keys; a lossless round trip proves every key in the
    # file is a field the SMAPI schema knows (a typo such as "sample" would be dropped here).
    assert serializer.serialize(parsed) == model()
