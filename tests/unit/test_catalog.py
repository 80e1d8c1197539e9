"""The exercise catalog (skill/data/exercises.json): valid, complete, speakable."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import pytest
from pydantic import ValidationError

from skill.core.catalog import Catalog, Exercise, LoadType, Movement, Slot, load_catalog
from skill.core.profile import Equipment, Level

# Every exercise the guide names (as listed in DESIGN.md), mapped to its catalog id.
GUIDE_EXERCISES = {
    "Romanian deadlift (barbell)": "rdl_barbell",
    "Romanian deadlift (dumbbell)": "rdl_dumbbell",
    "Romanian deadlift (band)": "rdl_band",
    "deadlift": "deadlift",
    "good morning (barbell)": "good_morning_barbell",
    "good morning (band)": "good_morning_band",
    "prone (lying) leg curl": "lying_leg_curl",
    "seated leg curl": "seated_leg_curl",
    "glute bridge": "glute_bridge",
    "single-leg glute bridge": "single_leg_glute_bridge",
    "hip thrust": "hip_thrust",
    "hip thrust (a dumbbell across the hips)": "hip_thrust_dumbbell",
    "hip thrust (a barbell across the hips)": "hip_thrust_barbell",
    "Nordic hamstring curl": "nordic_curl",
    "stability-ball curl": "stability_ball_curl",
    "band lying curl": "band_lying_curl",
    "band seated curl": "band_seated_curl",
    "banded hamstring march": "banded_march",
    "band donkey kick": "band_donkey_kick",
    "kettlebell swing": "kettlebell_swing",
    "single-leg Romanian deadlift": "single_leg_rdl",
}

# The ids the rest of the skill builds against.
EXPECTED_IDS = {
    "rdl_barbell",
    "rdl_dumbbell",
    "rdl_band",
    "single_leg_rdl",
    "deadlift",
    "good_morning_barbell",
    "good_morning_band",
    "kettlebell_swing",
    "lying_leg_curl",
    "seated_leg_curl",
    "stability_ball_curl",
    "band_lying_curl",
    "band_seated_curl",
    "nordic_curl_assisted",
    "nordic_curl_partial",
    "nordic_curl",
    "glute_bridge",
    "single_leg_glute_bridge",
    "hip_thrust",
    "hip_thrust_dumbbell",
    "hip_thrust_barbell",
    "banded_march",
    "band_donkey_kick",
}

NORDICS = {"nordic_curl", "nordic_curl_assisted", "nordic_curl_partial"}
MAX_SPOKEN = 120
SSML_BREAKERS = re.compile(r"[<>&\"]")
SYNONYM_CHARS = re.compile(r"^[a-z][a-z' ]*[a-z]$")

CATALOG = load_catalog()
EXERCISES = CATALOG.exercises
BY_ID = {e.id: e for e in EXERCISES}


def spoken_sentences(e: Exercise) -> list[str]:
    """Everything about an exercise that Alexa speaks as a full sentence."""
    return [*e.setup_cues, *e.mid_set_cues, *e.mistakes, e.feel, e.trains]


def raw_exercises() -> list[dict[str, Any]]:
    text = resources.files("skill").joinpath("data/exercises.json").read_text(encoding="utf-8")
    data = json.loads(text)
    exercises: list[dict[str, Any]] = data["exercises"]
    return exercises


def minimal(exercise_id: str, **overrides: Any) -> dict[str, Any]:
    """A small valid exercise dict, for building invalid catalogs."""
    data: dict[str, Any] = {
        "id": exercise_id,
        "name": "test moves",
        "singular": "test move",
        "equipment": ["bodyweight"],
        "load_type": "bodyweight",
        "level": "new",
        "slots": ["bridge_power"],
        "movement": "bridge",
        "sets": 3,
        "rep_low": 8,
        "rep_high": 12,
        "rest_seconds": 60,
        "setup_cues": ["Lie down.", "Bend your knees.", "Brace."],
        "mid_set_cues": ["Lift.", "Squeeze.", "Lower slowly.", "Breathe."],
        "feel": "Your glutes working.",
        "mistakes": ["Arching.", "Rushing."],
        "trains": "Glutes.",
        "family": exercise_id,
    }
    data.update(overrides)
    return data


# --- the file itself ----------------------------------------------------------------------------


def test_file_validates_as_a_catalog() -> None:
    catalog = Catalog.model_validate({"exercises": raw_exercises()})
    assert len(catalog.exercises) == len(EXPECTED_IDS)


def test_exactly_the_agreed_ids() -> None:
    ids = [e.id for e in EXERCISES]
    assert len(ids) == len(set(ids))
    assert set(ids) == EXPECTED_IDS


def test_get_and_contains() -> None:
    assert CATALOG.get("rdl_barbell").singular == "Romanian deadlift"
    assert "nordic_curl" in CATALOG
    assert "bicep_curl" not in CATALOG
    with pytest.raises(KeyError):
        CATALOG.get("bicep_curl")


# --- coverage of the guide ----------------------------------------------------------------------


@pytest.mark.parametrize(("guide_name", "exercise_id"), sorted(GUIDE_EXERCISES.items()))
def test_every_guide_exercise_is_in_the_catalog(guide_name: str, exercise_id: str) -> None:
    assert exercise_id in CATALOG, f"{guide_name} is missing"
    assert CATALOG.get(exercise_id).guide_name, f"{exercise_id} should carry its guide_name"


def test_every_exercise_names_its_guide_source() -> None:
    missing = [e.id for e in EXERCISES if not e.guide_name]
    assert missing == []
    guide_names = [e.guide_name for e in EXERCISES]
    assert len(guide_names) == len(set(guide_names))


def test_guide_numbers() -> None:
    rdl = CATALOG.get("rdl_barbell")
    assert (rdl.sets, rdl.rep_low, rdl.rep_high) == (3, 10, 12)
    for nordic_id in NORDICS:
        nordic = CATALOG.get(nordic_id)
        assert nordic.sets == 1
        assert nordic.rep_high == 10
    assert CATALOG.get("nordic_curl").level is Level.EXPERIENCED
    assert CATALOG.get("deadlift").level is Level.EXPERIENCED
    for band_id in ("rdl_band", "band_lying_curl", "band_seated_curl", "banded_march"):
        band = CATALOG.get(band_id)
        assert 2 <= band.sets <= 3
        assert 8 <= band.rep_low <= band.rep_high <= 15


def test_kettlebell_swing_is_explosive_and_does_two_jobs() -> None:
    swing = CATALOG.get("kettlebell_swing")
    default = CATALOG.get("rdl_barbell").tempo
    assert swing.tempo.rep_seconds < default.rep_seconds / 2
    assert set(swing.slots) == {Slot.HINGE, Slot.BRIDGE_POWER}


def test_single_leg_moves_count_per_side() -> None:
    for exercise_id in ("single_leg_rdl", "single_leg_glute_bridge", "band_donkey_kick"):
        assert CATALOG.get(exercise_id).per_side, exercise_id
    for exercise_id in ("rdl_barbell", "glute_bridge", "lying_leg_curl", "nordic_curl"):
        assert not CATALOG.get(exercise_id).per_side, exercise_id


def test_load_type_matches_equipment() -> None:
    needs = {
        LoadType.BARBELL: Equipment.BARBELL,
        LoadType.DUMBBELL: Equipment.DUMBBELLS,
        LoadType.KETTLEBELL: Equipment.KETTLEBELL,
        LoadType.MACHINE: Equipment.MACHINES,
        LoadType.BAND: Equipment.BANDS,
    }
    for e in EXERCISES:
        if e.load_type in needs:
            assert needs[e.load_type] in e.equipment, e.id


# --- variations ---------------------------------------------------------------------------------


@pytest.mark.parametrize("e", EXERCISES, ids=lambda e: e.id)
def test_links_resolve_and_are_consistent(e: Exercise) -> None:
    for link in (e.easier, e.harder):
        if link is not None:
            assert link in CATALOG
            assert link != e.id
    assert e.easier is None or e.easier != e.harder
    if e.harder is not None:
        assert CATALOG.get(e.harder).easier is not None, f"{e.harder} has no easier variation"
    if e.easier is not None:
        assert CATALOG.get(e.easier).harder is not None, f"{e.easier} has no harder variation"


@pytest.mark.parametrize("direction", ["harder", "easier"])
def test_following_links_never_cycles(direction: str) -> None:
    for start in EXERCISES:
        seen = {start.id}
        current: str | None = getattr(start, direction)
        while current is not None:
            assert current not in seen, f"{direction} from {start.id} cycles at {current}"
            seen.add(current)
            current = getattr(CATALOG.get(current), direction)


def test_harder_never_drops_a_level() -> None:
    for e in EXERCISES:
        if e.harder is not None:
            assert CATALOG.get(e.harder).level.rank >= e.level.rank, e.id
        if e.easier is not None:
            assert CATALOG.get(e.easier).level.rank <= e.level.rank, e.id


def test_most_exercises_have_both_variations() -> None:
    both = [e.id for e in EXERCISES if e.easier and e.harder]
    assert len(both) >= len(EXERCISES) // 2
    assert all(e.easier or e.harder for e in EXERCISES)


def test_known_progressions() -> None:
    assert CATALOG.get("glute_bridge").harder == "single_leg_glute_bridge"
    assert CATALOG.get("single_leg_glute_bridge").harder == "hip_thrust"
    assert CATALOG.get("nordic_curl_assisted").harder == "nordic_curl"
    assert CATALOG.get("nordic_curl").easier == "nordic_curl_assisted"
    # The assisted Nordic's first step back is the same move on a shorter range (the guide:
    # "start with an incomplete range and gradually increase it"), needing no kit, then the ball.
    assert CATALOG.get("nordic_curl_assisted").easier == "nordic_curl_partial"
    assert CATALOG.get("nordic_curl_partial").harder == "nordic_curl_assisted"
    assert CATALOG.get("nordic_curl_partial").easier == "stability_ball_curl"
    assert CATALOG.get("nordic_curl_partial").equipment == [Equipment.BODYWEIGHT]
    assert CATALOG.get("rdl_band").harder == "rdl_dumbbell"
    assert CATALOG.get("rdl_dumbbell").harder == "rdl_barbell"
    assert CATALOG.get("good_morning_band").harder == "good_morning_barbell"


# --- what Alexa speaks --------------------------------------------------------------------------


@pytest.mark.parametrize("e", EXERCISES, ids=lambda e: e.id)
def test_enough_distinct_cues(e: Exercise) -> None:
    assert len(e.setup_cues) >= 3
    assert len(e.mid_set_cues) >= 4
    assert len(e.mistakes) >= 2
    cues = [c.strip().lower() for c in (*e.setup_cues, *e.mid_set_cues, *e.mistakes)]
    assert len(cues) == len(set(cues)), "a cue is repeated"


@pytest.mark.parametrize("e", EXERCISES, ids=lambda e: e.id)
def test_spoken_sentences_are_short_and_safe(e: Exercise) -> None:
    for text in spoken_sentences(e):
        assert text == text.strip() and text, f"{e.id}: blank or padded {text!r}"
        assert len(text) <= MAX_SPOKEN, f"{e.id}: too long {text!r}"
        assert text[-1] in ".!?", f"{e.id}: no closing punctuation {text!r}"
        assert not SSML_BREAKERS.search(text), f"{e.id}: breaks SSML {text!r}"
        assert "  " not in text, f"{e.id}: double space {text!r}"


@pytest.mark.parametrize("e", EXERCISES, ids=lambda e: e.id)
def test_names_are_short_and_safe(e: Exercise) -> None:
    for text in (e.name, e.singular):
        assert len(text) <= 40
        assert not SSML_BREAKERS.search(text)
        assert text[-1] not in ".!?"


@pytest.mark.parametrize("e", EXERCISES, ids=lambda e: e.id)
def test_rep_ranges_within_bounds(e: Exercise) -> None:
    low = 3 if e.id in NORDICS else 6
    assert low <= e.rep_low <= e.rep_high <= 20
    assert 1 <= e.sets <= 4


def test_synonyms_are_plain_and_unique_across_the_catalog() -> None:
    owner: dict[str, str] = {}
    for e in EXERCISES:
        assert e.synonyms, f"{e.id} has no synonyms"
        for syn in e.synonyms:
            assert SYNONYM_CHARS.match(syn), f"{e.id}: synonym {syn!r} not plain lower case"
        terms = {e.name.lower().replace("-", " "), e.singular.lower().replace("-", " ")}
        terms.update(e.synonyms)
        for term in terms:
            assert owner.setdefault(term, e.id) == e.id, (
                f"{term!r} is said for both {owner[term]} and {e.id}"
            )


# --- session planning needs -----------------------------------------------------------------------


@pytest.mark.parametrize("slot", list(Slot))
def test_every_slot_has_a_bodyweight_option(slot: Slot) -> None:
    options = {e.id for e in EXERCISES if slot in e.slots and Equipment.BODYWEIGHT in e.equipment}
    assert options, f"no bodyweight exercise for {slot}"
    if slot is not Slot.CURL:
        assert options - NORDICS, f"{slot} relies on Nordics alone"


@pytest.mark.parametrize("slot", list(Slot))
def test_every_slot_has_a_beginner_option(slot: Slot) -> None:
    assert any(slot in e.slots and e.level is Level.NEW for e in EXERCISES)


# --- the model rejects bad data -----------------------------------------------------------------


def test_minimal_catalog_is_valid() -> None:
    catalog = Catalog.model_validate(
        {"exercises": [minimal("a", harder="b"), minimal("b", easier="a")]}
    )
    assert [e.id for e in catalog.exercises] == ["a", "b"]


def test_rejects_link_to_unknown_id() -> None:
    with pytest.raises(ValidationError, match="not in the catalog"):
        Catalog.model_validate({"exercises": [minimal("a", harder="ghost")]})


def test_rejects_duplicate_id() -> None:
    with pytest.raises(ValidationError, match="duplicate"):
        Catalog.model_validate({"exercises": [minimal("a"), minimal("a")]})


def test_rejects_self_link() -> None:
    with pytest.raises(ValidationError, match="itself"):
        Exercise.model_validate(minimal("a", easier="a"))


def test_rejects_only_two_setup_cues() -> None:
    with pytest.raises(ValidationError, match="setup_cues"):
        Exercise.model_validate(minimal("a", setup_cues=["Lie down.", "Brace."]))


def test_rejects_inverted_rep_range() -> None:
    with pytest.raises(ValidationError, match="rep_low"):
        Exercise.model_validate(minimal("a", rep_low=12, rep_high=8))


def test_real_exercise_with_two_setup_cues_is_rejected() -> None:
    data = next(d for d in raw_exercises() if d["id"] == "glute_bridge")
    data["setup_cues"] = data["setup_cues"][:2]
    with pytest.raises(ValidationError):
        Exercise.model_validate(data)


def test_rejects_a_family_whose_members_are_not_linked() -> None:
    with pytest.raises(ValidationError, match="not linked"):
        Catalog.model_validate(
            {"exercises": [minimal("a", family="moves"), minimal("b", family="moves")]}
        )


def test_a_family_linked_one_way_is_enough() -> None:
    catalog = Catalog.model_validate(
        {"exercises": [minimal("a", family="moves", harder="b"), minimal("b", family="moves")]}
    )
    assert catalog.variations("b") == ["b", "a"]


# --- variation families and kit ------------------------------------------------------------------

FAMILIES = {
    "deadlift": {"rdl_barbell", "rdl_dumbbell", "rdl_band", "deadlift"},
    "good_morning": {"good_morning_barbell", "good_morning_band"},
    "nordic_curl": {"nordic_curl_partial", "nordic_curl_assisted", "nordic_curl"},
    "glute_bridge": {"glute_bridge", "single_leg_glute_bridge"},
    "hip_thrust": {"hip_thrust", "hip_thrust_dumbbell", "hip_thrust_barbell"},
}
"""The families with more than one member; every other exercise is a family of its own."""


@pytest.mark.parametrize("exercise_id", sorted(EXPECTED_IDS))
def test_variations_are_the_exercise_first_then_its_family(exercise_id: str) -> None:
    found = CATALOG.variations(exercise_id)
    assert found[0] == exercise_id
    family = next((f for f in FAMILIES.values() if exercise_id in f), {exercise_id})
    assert set(found) == family and len(found) == len(family)
    assert all(exercise_id in CATALOG.variations(other) for other in found), "symmetric"


def test_single_leg_rdl_is_not_a_family_member_of_the_two_leg_hinge() -> None:
    assert "single_leg_rdl" not in CATALOG.variations("rdl_barbell")


@pytest.mark.parametrize(
    ("exercise_id", "kit", "doable"),
    [
        ("rdl_barbell", {Equipment.BARBELL}, True),
        ("rdl_barbell", {Equipment.DUMBBELLS}, False),
        ("rdl_barbell", set(), False),
        ("glute_bridge", set(), True),
        ("single_leg_rdl", {Equipment.KETTLEBELL}, True),
        ("single_leg_rdl", set(), True),
        ("hip_thrust", {Equipment.BANDS}, True),
        ("stability_ball_curl", {Equipment.BODYWEIGHT}, False),
        ("stability_ball_curl", {Equipment.BALL}, True),
    ],
)
def test_doable_with_any_one_listed_piece_and_bodyweight_needs_none(
    exercise_id: str, kit: set[Equipment], doable: bool
) -> None:
    assert CATALOG.get(exercise_id).doable_with(kit) is doable


def test_every_movement_is_named_and_swings_are_ballistic() -> None:
    catalog = load_catalog()
    by_id = {e.id: e.movement for e in catalog.exercises}
    assert by_id["kettlebell_swing"] is Movement.SWING and Movement.SWING.ballistic
    assert by_id["deadlift"] is Movement.PULL
    assert by_id["lying_leg_curl"] is Movement.CURL
    assert by_id["hip_thrust"] is Movement.BRIDGE
    assert by_id["banded_march"] is Movement.MARCH
    assert not any(m.ballistic for i, m in by_id.items() if i != "kettlebell_swing")
