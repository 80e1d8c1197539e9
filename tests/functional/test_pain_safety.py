"""Pain and red flags through the real handler: red flags end everything at once and say to get
help; a pull ends the day and the next launch checks in; back pain leaves hinges out next time;
a place we don't know is never taken for one we do."""

from __future__ import annotations

import re

import pytest

from skill.core.catalog import Slot, load_catalog
from skill.core.history import Hurt, PainKind, SessionStatus
from skill.core.workout import Phase
from skill.speech.workout import AREA_NAMES
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, slot_type_values

CATALOG = load_catalog()


def log_a_set(alexa: Alexa) -> None:
    """Count a set and report it, skipping the weight question if it comes."""
    before = len(alexa.workout.logged) if alexa.workout else 0
    alexa.count_set()
    alexa.say("LogSetIntent", effort="right")
    for _ in range(3):
        workout = alexa.workout
        if workout is None or len(workout.logged) > before:
            return
        alexa.say("AMAZON.NextIntent")  # "skip" the weight question
    raise AssertionError(f"the set was never logged: {alexa.text}")


def day_one(alexa: Alexa, sets: int = 1) -> None:
    alexa.onboard()
    for _ in range(sets):
        log_a_set(alexa)


def only_session(store: SQLiteStore, alexa: Alexa) -> tuple[SessionStatus, int, list[Hurt]]:
    [session] = store.recent_sessions(alexa.user_id)
    return session.status, len(session.sets), session.hurts


def has_word(text: str, word: str) -> bool:
    return re.search(rf"\b{word}\b", text, re.IGNORECASE) is not None


# --- red flags ---------------------------------------------------------------------------------


def test_a_red_flag_mid_set_ends_the_session_saving_exactly_the_logged_sets(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    day_one(alexa, sets=2)
    alexa.count_set()  # the third set is counted, not yet reported
    assert alexa.workout is not None and alexa.workout.phase is Phase.FEEDBACK
    alexa.say("DizzyIntent")
    assert alexa.ended
    assert "Stop now" in alexa.text and "get checked" in alexa.text
    assert "?" not in alexa.text, "offers nothing more"
    status, sets, _ = only_session(sqlite_store, alexa)
    assert (status, sets) == (SessionStatus.PARTIAL, 2)
    assert sqlite_store.load_user(alexa.user_id).active is None, "nothing left to resume"


@pytest.mark.parametrize(
    ("intent", "slots"),
    [("ChestPainIntent", {}), ("PainIntent", {"bodyPart": "chest"})],
    ids=["chest-pain-intent", "my-chest-hurts"],
)
def test_chest_pain_says_to_call_emergency_services(
    alexa: Alexa, sqlite_store: SQLiteStore, intent: str, slots: dict[str, str]
) -> None:
    day_one(alexa)
    alexa.say(intent, **slots)
    assert alexa.ended
    assert "Call emergency services now." in alexa.text
    assert not has_word(alexa.text, "neck")
    status, sets, _ = only_session(sqlite_store, alexa)
    assert (status, sets) == (SessionStatus.PARTIAL, 1)


def test_dizziness_at_the_resume_question_closes_the_workout(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    day_one(alexa)
    alexa.say("AMAZON.StopIntent")
    alexa.clock.advance(hours=2)  # the same day: offered again (rules.RESUME_WITHIN)
    alexa.launch()
    assert "pick it up" in alexa.text
    alexa.say("DizzyIntent")
    assert alexa.ended
    assert "dizzy" in alexa.text.lower() and "emergency services" in alexa.text
    status, sets, _ = only_session(sqlite_store, alexa)
    assert (status, sets) == (SessionStatus.PARTIAL, 1)
    alexa.launch()
    assert "pick it up" not in alexa.text


@pytest.mark.parametrize(
    "intent",
    [
        "ChestPainIntent",
        "DizzyIntent",
        "BreathlessIntent",
        "NumbnessIntent",
        "HeartRacingIntent",
        "NauseaIntent",
    ],
)
def test_a_red_flag_outside_a_workout_still_says_get_help(alexa: Alexa, intent: str) -> None:
    alexa.launch()  # a new user, asked about equipment
    alexa.say(intent)
    assert alexa.ended
    assert "Stop now" in alexa.text and "emergency services" in alexa.text


# --- a pull: the day ends, the next launch asks how it feels ---------------------------------


def pulled_then_back_days_later(alexa: Alexa, sqlite_store: SQLiteStore) -> None:
    day_one(alexa)
    alexa.say("PullIntent", bodyPart="hamstring")
    assert alexa.ended
    assert "physio or doctor" in alexa.text
    assert not [e.name for e in CATALOG.exercises if e.name in alexa.text], "nothing offered"
    status, sets, hurts = only_session(sqlite_store, alexa)
    assert (status, sets) == (SessionStatus.PARTIAL, 1)
    assert hurts == [Hurt(area="hamstring", kind=PainKind.PULL)]
    alexa.clock.advance(days=3)
    alexa.launch()
    assert "Last time you felt a pull in your hamstring." in alexa.text
    assert alexa.workout is None and not alexa.ended


def test_a_pull_that_feels_fine_carries_on_to_the_usual_launch(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    pulled_then_back_days_later(alexa, sqlite_store)
    alexa.say("FeelsFineIntent")
    assert "Good to hear." in alexa.text
    assert "Ready to start hamstring day?" in alexa.text
    alexa.say("AMAZON.YesIntent")
    assert alexa.workout is not None, "planned and started"


def test_a_pull_that_still_hurts_means_no_training_today(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    pulled_then_back_days_later(alexa, sqlite_store)
    alexa.say("PainIntent")  # "it still hurts"
    assert alexa.ended
    assert "no training today" in alexa.text and "physio or doctor" in alexa.text
    assert alexa.workout is None
    alexa.launch()  # still not trained since: asked again
    assert "Last time you felt a pull" in alexa.text


# --- the back: no hinges that day, and a check-in next time ------------------------------------


def hinges_in_plan(alexa: Alexa) -> list[str]:
    workout = alexa.workout
    assert workout is not None
    return [p.exercise_id for p in workout.plan if Slot.HINGE in CATALOG.get(p.exercise_id).slots]


def test_back_pain_then_still_sore_next_time_plans_no_hinge(alexa: Alexa) -> None:
    alexa.onboard()
    assert hinges_in_plan(alexa), "the usual plan has a hinge"
    alexa.say("PainIntent", bodyPart="lower back")
    alexa.say("AMAZON.StopIntent")
    alexa.clock.advance(hours=3)  # the same day: offered again (rules.RESUME_WITHIN)
    alexa.launch()
    assert "pick it up" in alexa.text
    alexa.say("AMAZON.NoIntent")  # close it, keeping what was logged; a new day?
    alexa.say("AMAZON.YesIntent")  # yes: but first, the back
    assert "How's your back today" in alexa.text
    assert alexa.workout is None, "nothing planned before the answer"
    alexa.say("SoreIntent")  # "I'm still sore"
    assert "leave out the hinges" in alexa.text
    assert alexa.workout is not None, "asked on the way to starting: it starts"
    assert hinges_in_plan(alexa) == []


def test_back_fine_next_time_plans_as_usual(alexa: Alexa) -> None:
    alexa.onboard()
    alexa.say("PainIntent", bodyPart="back")
    alexa.say("AMAZON.NoIntent")  # no to the offer: stop for today
    assert alexa.ended
    alexa.clock.advance(days=3)
    alexa.launch()
    assert "How's your back today" in alexa.text
    alexa.say("AMAZON.YesIntent")
    alexa.say("AMAZON.YesIntent")
    assert hinges_in_plan(alexa)


# --- places we know, and places we don't --------------------------------------------------------


def test_my_elbow_hurts_is_the_elbow_never_the_neck_back_or_knee(alexa: Alexa) -> None:
    alexa.onboard()
    alexa.say("PainIntent", bodyPart="elbow")
    assert "Rest your elbow for now." in alexa.text
    for wrong in ("neck", "back", "knee"):
        assert not has_word(alexa.text, wrong), alexa.text


def test_an_unknown_place_is_said_back_as_heard(alexa: Alexa) -> None:
    alexa.onboard()
    alexa.say("PainIntent", bodyPart="left pinky toe")  # ER_SUCCESS_NO_MATCH
    assert "Rest your left pinky toe for now." in alexa.text
    assert not has_word(alexa.text, "neck")


def test_sore_hamstrings_mid_workout_carry_on(alexa: Alexa) -> None:
    alexa.onboard()
    alexa.say("SoreIntent", bodyPart="hamstrings")
    assert "normal" in alexa.text and not alexa.ended
    workout = alexa.workout
    assert workout is not None and workout.pain == [] and workout.phase is Phase.SETUP


def test_every_body_part_in_the_model_has_a_name_to_say() -> None:
    ids = set(slot_type_values("BODY_PART"))
    assert ids <= set(AREA_NAMES), ids - set(AREA_NAMES)
    assert "other" not in ids, "no catch-all that stands for a place it isn't"
    assert slot_type_values("BODY_PART")["chest"][0] == "chest"
