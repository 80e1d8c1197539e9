"""Alexa's built-in intents, pain, unknown intents and broken envelopes, through the real handler.

Certification asks that Help, Stop, Cancel, NavigateHome and Fallback are always answered
sensibly, that there are no dead ends, and that unknown input never crashes the skill. Each
built-in is tried in every place a person can be: just launched with no profile, halfway through
onboarding, offered a new day or a resume, before a set (SETUP) and after one (FEEDBACK).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from skill.alexa.app import SORRY, build_handler
from skill.core.catalog import Slot, load_catalog
from skill.core.effort import Effort
from skill.core.history import newest_per_position
from skill.core.workout import Phase
from skill.speech.ssml import words
from skill.store.sqlite import SQLiteStore
from tests.factories import (
    BUILT_IN_INTENTS,
    Alexa,
    MutableClock,
    check_response,
    make_profile,
    plain_text,
)

CATALOG = load_catalog()
HINGE_NAMES = {
    name.lower()
    for e in CATALOG.exercises
    if Slot.HINGE in e.slots
    for name in (e.name, e.singular)
}

BUILTINS = BUILT_IN_INTENTS
STOPS = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")
NEVER_END = ("AMAZON.HelpIntent", "AMAZON.FallbackIntent", "AMAZON.RepeatIntent")


# --- the places a person can be ----------------------------------------------------------------


def at_launch(alexa: Alexa, store: SQLiteStore, clock: MutableClock) -> None:
    alexa.launch()  # a brand-new user: no profile


def returning(alexa: Alexa, store: SQLiteStore, clock: MutableClock) -> None:
    store.save_profile(alexa.user_id, make_profile())
    alexa.launch()  # "Ready to start hamstring day?"


def onboarding(alexa: Alexa, store: SQLiteStore, clock: MutableClock) -> None:
    alexa.launch()
    alexa.say("SetEquipmentIntent", equipmentOne="barbell")  # now asked for the level


def setup(alexa: Alexa, store: SQLiteStore, clock: MutableClock) -> None:
    alexa.onboard()
    alexa.count_set()
    alexa.say("LogSetIntent", effort="right", load="20", unit="pounds")
    assert alexa.workout is not None and alexa.workout.phase is Phase.SETUP  # set two announced


def feedback(alexa: Alexa, store: SQLiteStore, clock: MutableClock) -> None:
    alexa.onboard()
    alexa.count_set()  # set one counted, waiting for how it felt


def resume_offer(alexa: Alexa, store: SQLiteStore, clock: MutableClock) -> None:
    setup(alexa, store, clock)
    alexa.say("AMAZON.StopIntent")
    clock.advance(hours=2)  # offered the same day (rules.RESUME_WITHIN); older ones are closed
    alexa.launch()  # "Want to pick it up where you left off?"


PLACES: dict[str, Callable[[Alexa, SQLiteStore, MutableClock], None]] = {
    "launch": at_launch,
    "returning": returning,
    "onboarding": onboarding,
    "setup": setup,
    "feedback": feedback,
    "resume": resume_offer,
}
IN_WORKOUT = ("setup", "feedback", "resume")


def prompts(text: str) -> bool:
    """Whether an answer that leaves the mic open tells the person what they can say."""
    lowered = text.lower()
    return "?" in text or "say " in lowered or "tell me" in lowered


@pytest.fixture(params=list(PLACES))
def place(
    request: pytest.FixtureRequest, alexa: Alexa, sqlite_store: SQLiteStore, clock: MutableClock
) -> str:
    name: str = request.param
    PLACES[name](alexa, sqlite_store, clock)
    assert not alexa.ended
    return name


@pytest.mark.parametrize("intent", BUILTINS)
def test_every_built_in_is_answered_everywhere(
    alexa: Alexa, sqlite_store: SQLiteStore, place: str, intent: str
) -> None:
    before_ssml = alexa.body["outputSpeech"]["ssml"]
    before = alexa.workout

    ssml = alexa.say(intent)  # the fixture has checked SSML, limits and the reprompt

    assert ssml, "every built-in gets spoken words"
    assert SORRY not in alexa.text, "the turn failed inside the skill"
    if intent in STOPS:
        assert alexa.ended
        assert "reprompt" not in alexa.body
        if place in IN_WORKOUT:
            assert before is not None
            saved = sqlite_store.load_user(alexa.user_id).active
            assert saved is not None, "stop must keep the workout to resume"
            # in "feedback" the counted set lives only in the session until this stop saves it
            assert (saved.workout_id, saved.exercise_index, saved.set_number, saved.phase) == (
                before.workout_id,
                before.exercise_index,
                before.set_number,
                before.phase,
            )
            assert "Saved" in alexa.text
        return
    if intent in NEVER_END:
        assert not alexa.ended
    if intent == "AMAZON.RepeatIntent":
        if place in ("setup", "feedback"):
            # Said again in short: the question or the set announced, never the counted set or
            # the rest countdown again (tests/functional/test_repeat.py).
            assert ssml != before_ssml
            assert "Rest" not in alexa.text and "One." not in alexa.text
            assert alexa.text.split(". ")[-1] in plain_text(before_ssml)
        else:
            assert ssml == before_ssml
    if intent == "AMAZON.FallbackIntent":
        assert "catch" in alexa.text or "Sorry" in alexa.text
    if place in ("setup", "feedback") and not alexa.ended:
        after = alexa.workout
        assert after is not None and before is not None
        assert after.workout_id == before.workout_id, "a built-in lost the workout"


@pytest.mark.parametrize("intent", [i for i in BUILTINS if i not in STOPS])
@pytest.mark.parametrize("where", list(PLACES))
def test_an_open_mic_always_comes_with_a_prompt(
    alexa: Alexa, sqlite_store: SQLiteStore, clock: MutableClock, where: str, intent: str
) -> None:
    """No dead ends: if the session stays open, the speech itself says what to say next."""
    PLACES[where](alexa, sqlite_store, clock)
    alexa.say(intent)
    if not alexa.ended:
        assert prompts(alexa.text), alexa.text


def test_pause_and_resume_keep_the_set(alexa: Alexa, sqlite_store: SQLiteStore) -> None:
    feedback(alexa, sqlite_store, alexa.clock)
    alexa.say("AMAZON.PauseIntent")
    paused = alexa.workout
    assert paused is not None and paused.phase is Phase.PAUSED
    alexa.say("FormCueIntent")
    assert alexa.workout is not None and alexa.workout.phase is Phase.PAUSED
    alexa.count_set()  # "ready" (or resume, or yes) picks up where the pause began
    resumed = alexa.workout
    assert resumed is not None
    assert (resumed.phase, resumed.exercise_index, resumed.set_number) == (Phase.FEEDBACK, 0, 1)
    alexa.say("AMAZON.PauseIntent")
    alexa.say("AMAZON.ResumeIntent")
    assert alexa.workout is not None and alexa.workout.phase is Phase.FEEDBACK


@pytest.mark.parametrize("intent", STOPS)
def test_stop_during_onboarding_keeps_what_was_said(
    alexa: Alexa, sqlite_store: SQLiteStore, intent: str
) -> None:
    onboarding(alexa, sqlite_store, alexa.clock)
    alexa.say(intent)
    assert alexa.ended
    profile = sqlite_store.load_user(alexa.user_id).profile
    assert profile is not None and [q.value for q in profile.equipment] == ["barbell"]
    alexa.launch()  # picks up with the level question, not the equipment one
    assert "experience" in alexa.text and "equipment" not in alexa.text


# --- pain --------------------------------------------------------------------------------------


def count_words(n: int) -> list[str]:
    return [f"{words(rep).capitalize()}." for rep in range(1, n + 1)]


def mentions_a_hinge(text: str, *, besides: str = "") -> set[str]:
    """Hinge exercises named in ``text``, leaving out ``besides`` (the one already done)."""
    lowered = text.lower().replace(besides.lower(), "") if besides else text.lower()
    return {name for name in HINGE_NAMES if name in lowered}


@pytest.mark.parametrize("spoken", ["back", "lower back"])
@pytest.mark.parametrize("answer", ["AMAZON.YesIntent", "ReadyIntent", "AMAZON.NoIntent"])
def test_back_pain_mid_workout_stops_the_exercise_and_offers_no_hinge(
    alexa: Alexa, sqlite_store: SQLiteStore, answer: str, spoken: str
) -> None:
    setup(alexa, sqlite_store, alexa.clock)
    workout = alexa.workout
    assert workout is not None
    hurt = CATALOG.get(workout.current.exercise_id)
    assert Slot.HINGE in hurt.slots, "the plan opens with a hinge"

    alexa.say("PainIntent", bodyPart=spoken)  # "my back hurts": resolved to the id "back"
    text = alexa.text
    assert "Stop" in text and hurt.name in text
    assert "physio" in text or "doctor" in text
    assert not any(w in text for w in count_words(workout.current.target_reps)), text
    assert not mentions_a_hinge(text, besides=hurt.name), text
    assert alexa.workout is not None and alexa.workout.phase is Phase.PAIN

    alexa.say(answer)  # a yes, a habitual "ready", or no
    text = alexa.text
    assert "Lower slowly" not in text and "Left side first" not in text, "counted after pain"
    assert not mentions_a_hinge(text, besides=hurt.name), text
    if alexa.ended:
        return
    rest = alexa.workout
    assert rest is not None
    assert hurt.id in rest.skipped
    assert rest.current.exercise_id != hurt.id
    for _ in range(12):
        if alexa.ended:
            break
        alexa.count_set()
        assert not mentions_a_hinge(alexa.text, besides=hurt.name), alexa.text
        alexa.say("LogSetIntent", effort="right", load="20", unit="pounds")
        assert not mentions_a_hinge(alexa.text, besides=hurt.name), alexa.text
    assert alexa.ended
    (session,) = sqlite_store.recent_sessions(alexa.user_id)
    assert [s.set_number for s in session.sets if s.exercise_id == hurt.id] == [1]


@pytest.mark.parametrize("sets_before_pain", [0, 3], ids=["on-the-hinge", "on-the-curl"])
def test_after_back_pain_no_hinge_is_offered_for_the_rest_of_the_day(
    alexa: Alexa, sets_before_pain: int
) -> None:
    # kettlebell + machines plans single-leg RDLs, lying leg curls, then kettlebell swings
    alexa.onboard(("kettlebell", "machines"), "some")
    plan = alexa.workout
    assert plan is not None
    assert [Slot.HINGE in CATALOG.get(p.exercise_id).slots for p in plan.plan] == [
        True,
        False,
        True,
    ]
    for _ in range(sets_before_pain):
        alexa.count_set()
        alexa.say("LogSetIntent", effort="right", load="20", unit="pounds")
    hurt = alexa.workout
    assert hurt is not None
    hurt_name = CATALOG.get(hurt.current.exercise_id).name

    alexa.say("PainIntent", bodyPart="back")
    offered = [alexa.text]
    if not alexa.ended:  # "want to move on to ...?"
        alexa.say("AMAZON.YesIntent")
        offered.append(alexa.text)
    for _ in range(12):
        if alexa.ended:
            break
        alexa.count_set()
        alexa.say("LogSetIntent", effort="right", load="20", unit="pounds")
        offered.append(alexa.text)
    assert alexa.ended
    # the closing summary may name what was done before the pain; nothing else may name a hinge
    ahead = [t.split("That's hamstring day done")[0] for t in offered]
    offending = [t for t in ahead if mentions_a_hinge(t, besides=hurt_name)]
    assert not offending, offending[0]


def test_pain_with_an_unknown_body_part_still_stops(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    setup(alexa, sqlite_store, alexa.clock)
    alexa.say("PainIntent", bodyPart="left pinky toe")
    assert "Stop there" in alexa.text
    assert not alexa.ended or "physio" in alexa.text


# --- unknown intents and broken envelopes -------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["SomethingNewIntent", "AMAZON.SearchAction<object@WeatherForecast>"]
)
def test_an_unknown_intent_gets_a_fallback_answer(
    alexa: Alexa, sqlite_store: SQLiteStore, place: str, name: str
) -> None:
    before = alexa.workout
    alexa.say(name)
    assert not alexa.ended
    assert "catch" in alexa.text or "Sorry" in alexa.text or "no workout" in alexa.text
    assert prompts(alexa.text)
    if before is not None and alexa.workout is not None:
        assert alexa.workout.workout_id == before.workout_id


def _envelope(alexa: Alexa) -> dict[str, Any]:
    return alexa.envelope("ReadyIntent")


MALFORMED: dict[str, Callable[[dict[str, Any]], object]] = {
    "empty dict": lambda e: {},
    "garbage dict": lambda e: {"hello": "world", "request": 42, "version": None},
    "missing request": lambda e: {k: v for k, v in e.items() if k != "request"},
    "request is a string": lambda e: {**e, "request": "IntentRequest"},
    "request is a list": lambda e: {**e, "request": [1, 2, 3]},
    "request without type": lambda e: {**e, "request": {"requestId": "x"}},
    "unknown request type": lambda e: {
        **e,
        "request": {**e["request"], "type": "Alexa.Presentation.APL.UserEvent"},
    },
    "made-up request type": lambda e: {**e, "request": {**e["request"], "type": "NoSuchRequest"}},
    "intent is a string": lambda e: {**e, "request": {**e["request"], "intent": "ReadyIntent"}},
    "intent without name": lambda e: {**e, "request": {**e["request"], "intent": {}}},
    "slots is a list": lambda e: {
        **e,
        "request": {**e["request"], "intent": {"name": "LogSetIntent", "slots": ["reps"]}},
    },
    "bad timestamp": lambda e: {**e, "request": {**e["request"], "timestamp": "yesterday-ish"}},
    "locale is a number": lambda e: {**e, "request": {**e["request"], "locale": 7}},
    "session is a number": lambda e: {**e, "session": 5},
    "attributes are junk": lambda e: {
        **e,
        "session": {**e["session"], "attributes": {"coach": {"workout": "lots"}}},
    },
    "attributes are a list": lambda e: {**e, "session": {**e["session"], "attributes": [1]}},
    "no context or session": lambda e: {"version": "1.0", "request": e["request"]},
    "version is a dict": lambda e: {**e, "version": {"v": 1}},
    "not a dict: None": lambda e: None,
    "not a dict: list": lambda e: [e],
    "not a dict: string": lambda e: "LaunchRequest",
}


@pytest.mark.parametrize("shape", list(MALFORMED))
def test_a_malformed_envelope_gets_a_valid_response(
    alexa: Alexa, sqlite_store: SQLiteStore, clock: MutableClock, shape: str
) -> None:
    feedback(alexa, sqlite_store, clock)
    broken = MALFORMED[shape](_envelope(alexa))

    response = alexa.handler(broken, None)  # type: ignore[arg-type]
    check_response(response)

    # the workout survives: the next proper request carries on from where it was
    clock.advance(seconds=5)
    alexa.say("LogSetIntent", effort="hard", load="20", unit="pounds")
    assert "Logged" in alexa.text
    (session,) = sqlite_store.recent_sessions(alexa.user_id)
    # A malformed request that still got through (a ready at "how did that feel?" logs the set
    # as planned) and the proper report are two reports for one position, like two devices:
    # both are stored, and the newest is the one progression counts.
    assert {s.set_number for s in session.sets} == {1}
    [newest] = newest_per_position(session.sets)
    assert (newest.load, newest.effort) == (20, Effort.HARD)


def test_a_fresh_skill_answers_a_malformed_envelope(tmp_path: Any) -> None:
    with SQLiteStore(tmp_path / "fresh.sqlite3") as store:
        handler = build_handler(store)
        for broken in ({}, {"request": {"type": "IntentRequest"}}, {"session": {"new": "yes"}}):
            check_response(handler(broken, None))
