"""The chat tool's stand-in NLU: it must pick the intent and slots Alexa would, from the model."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from skill.local.envelope import EnvelopeFactory
from skill.local.nlu import (
    BUILTIN_SAMPLES,
    FALLBACK_INTENT,
    IntentMatch,
    Matcher,
    normalize,
    without_fillers,
    words_to_number,
)

REAL_MODEL = Path(__file__).resolve().parents[2] / "interaction_models" / "en-US.json"


def _model(intents: list[dict[str, Any]], types: list[dict[str, Any]] | None = None) -> Any:
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": "test skill",
                "intents": intents,
                "types": types or [],
            }
        }
    }


def _type(name: str, values: dict[str, list[str]], ids: bool = True) -> dict[str, Any]:
    return {
        "name": name,
        "values": [
            {**({"id": key} if ids else {}), "name": {"value": key, "synonyms": synonyms}}
            for key, synonyms in values.items()
        ],
    }


LOG_SET = {
    "name": "LogSetIntent",
    "slots": [
        {"name": "reps", "type": "AMAZON.NUMBER"},
        {"name": "load", "type": "AMAZON.NUMBER"},
        {"name": "unit", "type": "WEIGHT_UNIT"},
        {"name": "effort", "type": "EFFORT"},
    ],
    "samples": [
        "{reps} reps",
        "{reps} reps at {load} {unit}",
        "it was {effort}",
        "{effort}",
    ],
}
TYPES = [
    _type("WEIGHT_UNIT", {"pounds": ["pound", "lbs", "lb"], "kilograms": ["kilos", "kg"]}),
    _type("EFFORT", {"easy": ["too easy"], "right": ["okay", "fine"], "hard": ["too hard"]}),
]
BASIC = _model(
    [
        LOG_SET,
        {"name": "AMAZON.YesIntent", "samples": []},
        {"name": "AMAZON.NoIntent", "samples": []},
        {"name": "AMAZON.HelpIntent", "samples": ["what now"]},
        {"name": FALLBACK_INTENT, "samples": []},
    ],
    TYPES,
)


@pytest.fixture(scope="module")
def basic() -> Matcher:
    return Matcher.from_model(BASIC)


# --- normalization and numbers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ten  REPS!! ", "ten reps"),
        ("sixty-five", "sixty five"),
        ("60lb", "60 lb"),
        ("2.5kg.", "2.5 kg"),
        ("I'm done, 'really'", "i'm done really"),
        ("it\u2019s fine", "it's fine"),
        ("1,000 pounds", "1000 pounds"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("phrase", "digits"),
    [
        ("ten", "10"),
        ("sixty five", "65"),
        ("sixty-five", "65"),
        ("one hundred twenty", "120"),
        ("one hundred and twenty", "120"),
        ("a hundred", "100"),
        ("twenty-two", "22"),
        ("twelve", "12"),
        ("12", "12"),
        ("2.5", "2.5"),
        ("two point five", "2.5"),
        ("zero", "0"),
        ("two thousand five hundred and one", "2501"),
        ("ten ten", None),
        ("five twenty", None),
        ("hundred", None),
        ("reps", None),
    ],
)
def test_words_to_number(phrase: str, digits: str | None) -> None:
    assert words_to_number(phrase) == digits


@pytest.mark.parametrize(
    ("text", "reps"),
    [
        ("ten reps", "10"),
        ("sixty five reps", "65"),
        ("one hundred twenty reps", "120"),
        ("12 reps", "12"),
        ("twenty-two reps", "22"),
        ("Twenty two reps.", "22"),
    ],
)
def test_number_slot_words_and_digits(basic: Matcher, text: str, reps: str) -> None:
    match = basic.match(text)
    assert match.intent == "LogSetIntent"
    assert match.slots["reps"].value == reps
    assert match.slots["reps"].resolved_id is None


def test_number_glued_to_unit_and_decimal_load(basic: Matcher) -> None:
    match = basic.match("8 reps at 2.5kg")
    assert match.slots["load"].value == "2.5"
    assert match.slots["unit"].value == "kg"
    assert match.slots["unit"].resolved_id == "kilograms"


def test_unparseable_number_phrase_is_no_match(basic: Matcher) -> None:
    assert basic.match("ten ten reps").intent == FALLBACK_INTENT


# --- custom slot values --------------------------------------------------------------------


def test_custom_slot_resolves_synonym_to_id_and_name(basic: Matcher) -> None:
    match = basic.match("ten reps at sixty pounds")
    assert match.intent == "LogSetIntent"
    assert {k: v.value for k, v in match.slots.items()} == {
        "reps": "10",
        "load": "60",
        "unit": "pounds",
    }
    unit = basic.match("5 reps at 40 lbs").slots["unit"]
    assert (unit.value, unit.resolved_id, unit.resolved_name) == ("lbs", "pounds", "pounds")


def test_slot_types_list_every_declared_slot_even_unfilled(basic: Matcher) -> None:
    match = basic.match("ten reps")
    assert set(match.slots) == {"reps"}
    assert match.slot_types == {
        "reps": "AMAZON.NUMBER",
        "load": "AMAZON.NUMBER",
        "unit": "WEIGHT_UNIT",
        "effort": "EFFORT",
    }


def test_longest_value_wins() -> None:
    matcher = Matcher.from_model(
        _model(
            [
                {
                    "name": "InfoIntent",
                    "slots": [{"name": "exercise", "type": "EXERCISE"}],
                    "samples": ["tell me about {exercise}"],
                }
            ],
            [
                _type(
                    "EXERCISE", {"bridge": ["bridges"], "single_leg_bridge": ["single leg bridge"]}
                )
            ],
        )
    )
    slot = matcher.match("tell me about single-leg bridge").slots["exercise"]
    assert slot.resolved_id == "single_leg_bridge"
    assert matcher.match("tell me about bridges").slots["exercise"].resolved_id == "bridge"


def test_value_without_id_resolves_to_its_name() -> None:
    matcher = Matcher.from_model(
        _model(
            [{"name": "PickIntent", "slots": [{"name": "c", "type": "C"}], "samples": ["{c}"]}],
            [_type("C", {"red": ["crimson"]}, ids=False)],
        )
    )
    slot = matcher.match("crimson").slots["c"]
    assert (slot.resolved_id, slot.resolved_name) == ("red", "red")


def test_other_builtin_slot_types_take_one_to_four_words() -> None:
    matcher = Matcher.from_model(
        _model(
            [
                {
                    "name": "SearchIntent",
                    "slots": [{"name": "query", "type": "AMAZON.SearchQuery"}],
                    "samples": ["look up {query}"],
                },
                {"name": FALLBACK_INTENT},
            ]
        )
    )
    assert matcher.match("look up nordic curls").slots["query"].value == "nordic curls"
    assert matcher.match("look up a b c d").slots["query"].value == "a b c d"
    assert matcher.match("look up a b c d e").intent == FALLBACK_INTENT


# --- built-in intents and fallback ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("yes", "AMAZON.YesIntent"),
        ("Yeah!", "AMAZON.YesIntent"),
        ("yes please", "AMAZON.YesIntent"),
        ("nope", "AMAZON.NoIntent"),
        ("not now", "AMAZON.NoIntent"),
        ("help", "AMAZON.HelpIntent"),
        ("what now", "AMAZON.HelpIntent"),
    ],
)
def test_builtin_defaults_plus_model_samples(basic: Matcher, text: str, intent: str) -> None:
    assert basic.match(text).intent == intent


def test_builtin_defaults_only_for_declared_intents(basic: Matcher) -> None:
    assert basic.match("stop").intent == FALLBACK_INTENT
    assert basic.match("start over").intent == FALLBACK_INTENT


@pytest.mark.parametrize("intent", sorted(BUILTIN_SAMPLES))
def test_every_builtin_has_defaults_that_match(intent: str) -> None:
    matcher = Matcher.from_model(_model([{"name": intent}]))
    for sample in BUILTIN_SAMPLES[intent]:
        assert matcher.match(sample).intent == intent


@pytest.mark.parametrize("text", ["", "   ", "?!", "blah blah"])
def test_unmatched_or_empty_is_fallback_without_slots(basic: Matcher, text: str) -> None:
    assert basic.match(text) == IntentMatch(intent=FALLBACK_INTENT, slots={}, slot_types={})


def test_unmatched_without_fallback_intent_raises() -> None:
    matcher = Matcher.from_model(_model([{"name": "AMAZON.YesIntent"}]))
    with pytest.raises(ValueError, match="no intent matches"):
        matcher.match("blah")


# --- ambiguity -----------------------------------------------------------------------------


def test_literal_sample_beats_slotted_one(basic: Matcher) -> None:
    # "okay" is an EFFORT synonym ("{effort}") and a built-in yes: the literal yes wins.
    assert basic.match("okay").intent == "AMAZON.YesIntent"
    assert basic.match("fine").intent == "LogSetIntent"


def test_literal_beats_slotted_even_across_custom_intents() -> None:
    matcher = Matcher.from_model(
        _model(
            [
                {"name": "PickIntent", "slots": [{"name": "c", "type": "C"}], "samples": ["{c}"]},
                {"name": "StretchIntent", "samples": ["stretch"]},
            ],
            [_type("C", {"stretch": [], "curl": []})],
        )
    )
    assert matcher.match("stretch").intent == "StretchIntent"
    assert matcher.match("curl").intent == "PickIntent"


def test_more_literal_words_win() -> None:
    matcher = Matcher.from_model(
        _model(
            [
                {
                    "name": "SearchIntent",
                    "slots": [{"name": "q", "type": "AMAZON.SearchQuery"}],
                    "samples": ["{q} reps"],
                },
                {
                    "name": "LogIntent",
                    "slots": [{"name": "n", "type": "AMAZON.NUMBER"}],
                    "samples": ["i did {n} reps"],
                },
            ]
        )
    )
    match = matcher.match("I did ten reps")
    assert match.intent == "LogIntent"
    assert match.slots["n"].value == "10"


def test_custom_sample_beats_builtin_default() -> None:
    matcher = Matcher.from_model(
        _model([{"name": "AMAZON.NextIntent"}, {"name": "NextSetIntent", "samples": ["next"]}])
    )
    assert matcher.match("next").intent == "NextSetIntent"
    assert matcher.match("next one").intent == "AMAZON.NextIntent"


def test_model_order_breaks_remaining_ties() -> None:
    matcher = Matcher.from_model(
        _model(
            [
                {"name": "FirstIntent", "samples": ["go"]},
                {"name": "SecondIntent", "samples": ["go"]},
                {"name": "AMAZON.ResumeIntent", "samples": ["carry on"]},
                {"name": "CarryIntent", "samples": ["carry on"]},
            ]
        )
    )
    assert matcher.match("go").intent == "FirstIntent"
    # a model sample on a built-in intent is the model's own: plain order decides.
    assert matcher.match("carry on").intent == "AMAZON.ResumeIntent"


# --- loading -------------------------------------------------------------------------------


def test_from_file_and_bare_language_model(tmp_path: Path) -> None:
    path = tmp_path / "en-US.json"
    path.write_text(json.dumps(BASIC), encoding="utf-8")
    assert Matcher.from_file(path).match("ten reps").intent == "LogSetIntent"
    bare = Matcher.from_model(BASIC["interactionModel"]["languageModel"])
    assert bare.match("yes").intent == "AMAZON.YesIntent"
    assert bare.intents[0] == "LogSetIntent"


def test_undeclared_slot_type_is_rejected() -> None:
    model = _model([{"name": "X", "slots": [{"name": "s", "type": "MISSING"}], "samples": ["{s}"]}])
    with pytest.raises(ValueError, match="MISSING"):
        Matcher.from_model(model)


def test_sample_with_undeclared_slot_is_rejected() -> None:
    with pytest.raises(ValueError, match="undeclared slot"):
        Matcher.from_model(_model([{"name": "X", "samples": ["do {thing}"]}]))


# --- the real interaction model ------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> Matcher:
    if not REAL_MODEL.exists():
        pytest.skip("interaction_models/en-US.json not written yet")
    return Matcher.from_file(REAL_MODEL)


def _resolved(match: IntentMatch) -> dict[str, tuple[str, str | None]]:
    return {name: (slot.value, slot.resolved_id) for name, slot in match.slots.items()}


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        (
            "ten reps at sixty pounds",
            "LogSetIntent",
            {"reps": ("10", None), "load": ("60", None), "unit": ("pounds", "lb")},
        ),
        ("my back hurts", "PainIntent", {"bodyPart": ("back", "back")}),
        (
            "I have dumbbells and bands",
            "SetEquipmentIntent",
            {"equipmentOne": ("dumbbells", "dumbbells"), "equipmentTwo": ("bands", "bands")},
        ),
        ("start hamstring day", "StartWorkoutIntent", {}),
        ("yes", "AMAZON.YesIntent", {}),
        ("blah blah", "AMAZON.FallbackIntent", {}),
        (
            "12 reps at 60lb",
            "LogSetIntent",
            {"reps": ("12", None), "load": ("60", None), "unit": ("lb", "lb")},
        ),
        ("twenty-two reps", "LogSetIntent", {"reps": ("22", None)}),
        ("okay", "AMAZON.YesIntent", {}),
    ],
)
def test_real_model(real: Matcher, text: str, intent: str, slots: dict[str, Any]) -> None:
    match = real.match(text)
    assert match.intent == intent
    assert _resolved(match) == slots


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        # red flags, each its own intent so a literal phrase always means one thing
        ("my chest hurts", "ChestPainIntent", {}),
        ("my chest is tight", "ChestPainIntent", {}),
        ("I have chest pain", "ChestPainIntent", {}),
        ("I feel dizzy", "DizzyIntent", {}),
        ("I feel faint", "DizzyIntent", {}),
        ("I'm lightheaded", "DizzyIntent", {}),
        ("I'm light-headed", "DizzyIntent", {}),
        ("I can't catch my breath", "BreathlessIntent", {}),
        ("I'm short of breath", "BreathlessIntent", {}),
        ("my leg is numb", "NumbnessIntent", {"bodyPart": ("leg", "hamstring")}),
        ("my foot is tingling", "NumbnessIntent", {"bodyPart": ("foot", "foot")}),
        ("pins and needles", "NumbnessIntent", {}),
        ("my heart is racing", "HeartRacingIntent", {}),
        ("I'm having palpitations", "HeartRacingIntent", {}),
        ("my heart is pounding", "HeartRacingIntent", {}),
        ("I feel sick", "NauseaIntent", {}),
        ("I think I'm going to throw up", "NauseaIntent", {}),
        ("I feel nauseous", "NauseaIntent", {}),
        # a pull or sharp pain, soreness, and plain pain
        ("I felt something pop", "PullIntent", {}),
        ("I pulled my hamstring", "PullIntent", {"bodyPart": ("hamstring", "hamstring")}),
        ("I felt a pull", "PullIntent", {}),
        ("sharp pain in my hamstring", "PullIntent", {"bodyPart": ("hamstring", "hamstring")}),
        ("my hamstrings are sore", "SoreIntent", {"bodyPart": ("hamstrings", "hamstring")}),
        ("I'm sore", "SoreIntent", {}),
        ("my elbow hurts", "PainIntent", {"bodyPart": ("elbow", "elbow")}),
        ("my shoulder hurts", "PainIntent", {"bodyPart": ("shoulder", "shoulder")}),
        ("my calf hurts", "PainIntent", {"bodyPart": ("calf", "calf")}),
        ("it still hurts", "PainIntent", {}),
        # how an old hurt feels today
        ("it feels better", "FeelsFineIntent", {}),
        ("much better", "FeelsFineIntent", {}),
        ("fine", "LogSetIntent", {"effort": ("fine", "right")}),
    ],
)
def test_real_model_pain_and_red_flags(
    real: Matcher, text: str, intent: str, slots: dict[str, Any]
) -> None:
    match = real.match(text)
    assert match.intent == intent
    assert _resolved(match) == slots


def test_chest_is_its_own_body_part_never_the_neck(real: Matcher) -> None:
    match = real.match("pain in my chest")
    assert match.intent == "ChestPainIntent"
    assert real.match("I have pain in my chest").intent == "PainIntent"
    assert _resolved(real.match("I have pain in my chest")) == {"bodyPart": ("chest", "chest")}


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        # "eighty pounds" is a weight, never "eight reps"
        ("eighty pounds", "LogSetIntent", {"load": ("80", None), "unit": ("pounds", "lb")}),
        (
            "eighty pounds it was hard",
            "LogSetIntent",
            {"load": ("80", None), "unit": ("pounds", "lb"), "effort": ("hard", "hard")},
        ),
        (
            "eight reps at eighty pounds",
            "LogSetIntent",
            {"reps": ("8", None), "load": ("80", None), "unit": ("pounds", "lb")},
        ),
        ("eight reps", "LogSetIntent", {"reps": ("8", None)}),
        # "I'm done" is the set, not the workout; "I'm tired" is its own intent
        ("I'm done", "SetDoneIntent", {}),
        ("I'm finished", "SetDoneIntent", {}),
        ("done", "SetDoneIntent", {}),
        ("I'm tired", "TiredIntent", {}),
        ("one more", "LighterIntent", {}),
        ("stop", "AMAZON.StopIntent", {}),
        ("skip", "AMAZON.NextIntent", {}),
        # questions, each to its own intent
        ("what should I feel", "FeelIntent", {}),
        ("how do I do this", "HowToIntent", {}),
        ("form cue", "FormCueIntent", {}),
        ("what set am I on", "WhichSetIntent", {}),
        ("how many sets are left", "SetsLeftIntent", {}),
        ("how long do I rest", "RestTimeIntent", {}),
        ("what's next", "WhatsNextIntent", {}),
        (
            "how do I do nordic curls",
            "ExerciseInfoIntent",
            {"exercise": ("nordic curls", "nordic_curl")},
        ),
    ],
)
def test_real_model_phrases_in_place(
    real: Matcher, text: str, intent: str, slots: dict[str, Any]
) -> None:
    match = real.match(text)
    assert match.intent == intent
    assert _resolved(match) == slots


def test_builtin_samples_leave_im_done_to_the_model() -> None:
    """Alexa's StopIntent does not promise "I'm done"; the model's SetDoneIntent takes it."""
    assert "i'm done" not in BUILTIN_SAMPLES["AMAZON.StopIntent"]


# --- real speech: filler, articles, and words outside a slot's values ---------------------------


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        (
            "I have a barbell and a leg curl machine",
            "SetEquipmentIntent",
            {
                "equipmentOne": ("a barbell", "barbell"),
                "equipmentTwo": ("a leg curl machine", "machines"),
            },
        ),
        ("twelve", "LogSetIntent", {"reps": ("12", None)}),
        (
            "a hundred thirty-five pounds for ten reps",
            "LogSetIntent",
            {"load": ("135", None), "unit": ("pounds", "lb"), "reps": ("10", None)},
        ),
        ("my hamstrings are sore", "SoreIntent", {"bodyPart": ("hamstrings", "hamstring")}),
        ("how many sessions this week", "WeekIntent", {}),
        # "last week" asks what was done: the last session, with its day, answers it
        ("how did I do last week", "LastWeekIntent", {}),
        (
            "um, I have the dumbbells please",
            "SetEquipmentIntent",
            {"equipmentOne": ("the dumbbells", "dumbbells")},
        ),
        ("so how's my week", "WeekIntent", {}),
    ],
)
def test_real_speech_on_the_real_model(
    real: Matcher, text: str, intent: str, slots: dict[str, Any]
) -> None:
    match = real.match(text)
    assert match.intent == intent
    assert _resolved(match) == slots


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        (
            "I have a barbell and a bench",
            "SetEquipmentIntent",
            {"equipmentOne": ("a barbell", "barbell"), "equipmentTwo": ("a bench", None)},
        ),
        ("I have a bench", "SetEquipmentIntent", {"equipmentOne": ("a bench", None)}),
        (
            "tell me about zercher squats",
            "ExerciseInfoIntent",
            {"exercise": ("zercher squats", None)},
        ),
        (
            "how much should I lift on zercher squats",
            "LoadAdviceIntent",
            {"exercise": ("zercher squats", None)},
        ),
        (
            "ten reps at sixty stones",
            "LogSetIntent",
            {"reps": ("10", None), "load": ("60", None), "unit": ("stones", None)},
        ),
        ("my wrist thing hurts", "PainIntent", {"bodyPart": ("wrist thing", None)}),
    ],
)
def test_words_outside_a_custom_slots_values_are_taken_unresolved(
    real: Matcher, text: str, intent: str, slots: dict[str, Any]
) -> None:
    match = real.match(text)
    assert match.intent == intent
    assert _resolved(match) == slots
    for name, (_, resolved) in slots.items():
        if resolved is None and name != "reps" and name != "load":
            assert match.slots[name].resolved_name is None


def test_known_values_beat_unresolved_words(real: Matcher) -> None:
    """Only when nothing matches with known values are free words taken, fewest first."""
    match = real.match("I've got a barbell, a kettlebell and a bench")
    assert _resolved(match) == {
        "equipmentOne": ("a barbell", "barbell"),
        "equipmentTwo": ("a kettlebell", "kettlebell"),
        "equipmentThree": ("a bench", None),
    }
    assert real.match("I have dumbbells").slots["equipmentOne"].resolved_id == "dumbbells"


def test_free_words_alone_are_not_an_intent(basic: Matcher, real: Matcher) -> None:
    """A sample of slots alone ("{effort}") needs a known value: free words are a fallback."""
    assert basic.match("blah blah").intent == FALLBACK_INTENT
    assert real.match("a bench").intent == FALLBACK_INTENT
    assert real.match("purple monkey dishwasher").intent == FALLBACK_INTENT
    heard = basic.match("it was purple")
    assert heard.intent == "LogSetIntent"
    assert _resolved(heard) == {"effort": ("purple", None)}


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("um ten reps", "ten reps"),
        ("so uh ten reps please", "ten reps"),
        ("okay so yes", "yes"),
        ("please", "please"),
        ("um", "um"),
    ],
)
def test_without_fillers(raw: str, kept: str) -> None:
    assert without_fillers(raw) == kept


def test_an_unresolved_slot_goes_out_as_no_match(real: Matcher) -> None:
    envelope = EnvelopeFactory().intent(
        real.match("I have a barbell and a bench"), now=datetime(2026, 12, 1, tzinfo=UTC)
    )
    slots = envelope["request"]["intent"]["slots"]
    [known] = slots["equipmentOne"]["resolutions"]["resolutionsPerAuthority"]
    [unknown] = slots["equipmentTwo"]["resolutions"]["resolutionsPerAuthority"]
    assert known["status"]["code"] == "ER_SUCCESS_MATCH"
    assert unknown["status"]["code"] == "ER_SUCCESS_NO_MATCH"
    assert slots["equipmentTwo"]["value"] == "a bench"
