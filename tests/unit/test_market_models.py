"""The market models (en-GB, en-AU, en-CA, en-IN): generated from en-US, never drifting from it."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from skill.alexa.interaction_model import language_model
from skill.local.markets import (
    MARKETS,
    Overlay,
    OverlayError,
    generate,
    generated,
    stale_models,
)
from skill.local.nlu import Matcher

MODELS = Path(__file__).resolve().parents[2] / "interaction_models"
LOCALES = sorted(MARKETS)


@cache
def source() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((MODELS / "en-US.json").read_text(encoding="utf-8"))
    return loaded


def committed(locale: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((MODELS / f"{locale}.json").read_text(encoding="utf-8"))
    return loaded


def lm(model: dict[str, Any]) -> dict[str, Any]:
    language: dict[str, Any] = model["interactionModel"]["languageModel"]
    return language


def test_the_four_markets_are_the_ones_alexa_speaks_english_in() -> None:
    assert LOCALES == ["en-AU", "en-CA", "en-GB", "en-IN"]


def test_committed_models_are_what_the_generator_makes_now() -> None:
    """Run `hamstring-coach models` after changing en-US.json or the overlays."""
    assert stale_models(MODELS) == []
    for name, text in generated(MODELS).items():
        assert (MODELS / name).read_text(encoding="utf-8") == text


@pytest.mark.parametrize("locale", LOCALES)
def test_every_intent_slot_and_slot_type_of_en_us_is_there(locale: str) -> None:
    us, market = lm(source()), lm(committed(locale))
    assert market["invocationName"] == us["invocationName"]
    slots = {i["name"]: {s["name"]: s["type"] for s in i.get("slots", [])} for i in us["intents"]}
    assert {
        i["name"]: {s["name"]: s["type"] for s in i.get("slots", [])} for i in market["intents"]
    } == slots
    us_types = {t["name"]: {v["id"] for v in t["values"]} for t in us["types"]}
    assert {t["name"]: {v["id"] for v in t["values"]} for t in market["types"]} == us_types
    market_samples = {i["name"]: set(i.get("samples", [])) for i in market["intents"]}
    for intent in us["intents"]:
        assert set(intent.get("samples", [])) <= market_samples[intent["name"]]


@pytest.mark.parametrize("locale", ["en-US", *LOCALES])
def test_no_sample_belongs_to_two_intents_and_no_word_to_two_values(locale: str) -> None:
    """The Alexa build rejects both."""
    language = lm(committed(locale))
    owners: dict[str, str] = {}
    for intent in language["intents"]:
        for sample in intent.get("samples", []):
            assert owners.setdefault(sample.lower(), intent["name"]) == intent["name"], sample
    for slot_type in language["types"]:
        means: dict[str, str] = {}
        for value in slot_type["values"]:
            for word in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                assert means.setdefault(word.lower(), value["id"]) == value["id"], word


@pytest.mark.parametrize("locale", LOCALES)
def test_each_deserializes_with_ask_smapi_model_losslessly(locale: str) -> None:
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_smapi_model.v1.skill.interaction_model.interaction_model_data import (
        InteractionModelData,
    )

    serializer = DefaultSerializer()
    text = (MODELS / f"{locale}.json").read_text(encoding="utf-8")
    parsed = serializer.deserialize(
        text,
        "ask_smapi_model.v1.skill.interaction_model.interaction_model_data.InteractionModelData",
    )
    assert isinstance(parsed, InteractionModelData)
    assert len(parsed.interaction_model.language_model.intents) == len(lm(source())["intents"])
    assert serializer.serialize(parsed) == committed(locale)


def _synonyms(locale: str, type_name: str, value_id: str) -> list[str]:
    for slot_type in lm(committed(locale))["types"]:
        if slot_type["name"] == type_name:
            for value in slot_type["values"]:
                if value["id"] == value_id:
                    return [value["name"]["value"], *value["name"].get("synonyms", [])]
    raise AssertionError(f"{type_name}.{value_id} missing")


def _samples(locale: str, intent: str) -> list[str]:
    found = next(i for i in lm(committed(locale))["intents"] if i["name"] == intent)
    samples: list[str] = found["samples"]
    return samples


def test_market_words_are_in_their_markets() -> None:
    assert "a bit easy" in _synonyms("en-GB", "EFFORT", "easy")
    assert "a bit hard" in _synonyms("en-AU", "EFFORT", "hard")
    assert "kilos" in _synonyms("en-IN", "WEIGHT_UNIT", "kg")
    assert "gym ball" in _synonyms("en-GB", "EQUIPMENT", "ball")
    assert "fit ball" in _synonyms("en-AU", "EQUIPMENT", "ball")
    assert "i'm knackered" in _samples("en-GB", "TiredIntent")
    assert "start my programme" in _samples("en-GB", "StartWorkoutIntent")
    assert "what's next on my programme" in _samples("en-AU", "ProgressIntent")
    # The US model stays American.
    assert "start my programme" not in _samples("en-US", "StartWorkoutIntent")


@pytest.mark.parametrize(
    ("locale", "text", "intent", "slot", "resolved"),
    [
        ("en-GB", "that was a bit easy", "LogSetIntent", "effort", "easy"),
        ("en-GB", "i'm shattered", "TiredIntent", None, None),
        ("en-AU", "i have a fit ball", "SetEquipmentIntent", "equipmentOne", "ball"),
        ("en-IN", "ten reps at twenty kgs", "LogSetIntent", "unit", "kg"),
        ("en-GB", "what's next on my programme", "ProgressIntent", None, None),
    ],
)
def test_the_local_chat_reads_the_locales_model(
    locale: str, text: str, intent: str, slot: str | None, resolved: str | None
) -> None:
    match = Matcher.for_locale(locale).match(text)
    assert match.intent == intent
    if slot is not None:
        assert match.slots[slot].resolved_id == resolved


def test_market_words_stay_out_of_the_us_chat() -> None:
    assert Matcher.for_locale("en-US").match("i'm shattered").intent != "TiredIntent"


def test_a_locale_we_do_not_ship_reads_the_us_model() -> None:
    assert language_model("fr-FR") == language_model("en-US")
    assert Matcher.for_locale("en-NZ").match("start hamstring day").intent == "StartWorkoutIntent"


def test_an_intent_added_to_en_us_is_carried_to_every_market() -> None:
    with_new = copy.deepcopy(source())
    lm(with_new)["intents"].append({"name": "BrandNewIntent", "slots": [], "samples": ["x y z"]})
    for overlay in MARKETS.values():
        names = [i["name"] for i in lm(generate(with_new, overlay))["intents"]]
        assert "BrandNewIntent" in names


def test_an_overlay_cannot_name_what_en_us_lacks_or_steal_a_sample() -> None:
    with pytest.raises(OverlayError, match="NoSuchIntent"):
        generate(source(), Overlay(samples={"NoSuchIntent": ["hello there"]}))
    with pytest.raises(OverlayError, match="already a sample"):
        generate(source(), Overlay(samples={"TiredIntent": ["start hamstring day"]}))
    with pytest.raises(OverlayError, match="already means"):
        generate(source(), Overlay(synonyms={"EFFORT": {"easy": ["hard"]}}))
    with pytest.raises(OverlayError, match="no value"):
        generate(source(), Overlay(synonyms={"EFFORT": {"meh": ["meh"]}}))
