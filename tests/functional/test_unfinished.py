"""Nothing done is thrown away, and nothing stale is offered (issue 10, items 1 and 2), through the
real handler: a counted set that was never reported is logged as planned rather than recounted;
an unfinished workout is offered again only the same day (rules.RESUME_WITHIN), an older one is
closed at launch as a partial session; a set or two then stopping is not a day to rest from
(rules.FULL_SESSION_SETS), while real work is, and the offer after declining a resume says so.
"""

from __future__ import annotations

import pytest

from skill.core.history import SessionStatus, SetRecord
from skill.core.rules import FULL_SESSION_SETS, RESUME_WITHIN
from skill.core.workout import Phase, WorkoutState
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa

KIT = ("dumbbells",)


def workout_of(alexa: Alexa) -> WorkoutState:
    workout = alexa.workout
    assert workout is not None, "no workout in the session attributes"
    return workout


def stored_sets(store: SQLiteStore, user_id: str) -> list[SetRecord]:
    return [s for session in store.recent_sessions(user_id, limit=100) for s in session.sets]


def log_sets(alexa: Alexa, sets: int) -> None:
    """Onboard, then count and report ``sets`` sets (the first exercise has three)."""
    alexa.onboard(KIT, "some")
    for _ in range(sets):
        alexa.count_set()
        alexa.say("LogSetIntent", effort="right", load="20", unit="pounds")


# --- a counted set is never silently thrown away -----------------------------------------------


@pytest.mark.parametrize("intent", ["ReadyIntent", "AMAZON.ResumeIntent"])
def test_ready_after_an_unreported_set_logs_it_as_planned_instead_of_recounting(
    alexa: Alexa, sqlite_store: SQLiteStore, intent: str
) -> None:
    log_sets(alexa, 1)
    alexa.count_set()  # set two counted; nothing said about it
    target = workout_of(alexa).current.target_reps

    alexa.say(intent)

    said = alexa.text
    assert said.startswith("I'll log that one as planned:"), said
    assert "One." not in said and "From the top" not in said, "never a recount"
    assert "Rest" in said and "Set three of four" in said and said.endswith("you're set.")
    workout = workout_of(alexa)
    assert (workout.phase, workout.set_number) == (Phase.SETUP, 3)
    sets = stored_sets(sqlite_store, alexa.user_id)
    assert [(s.set_number, s.reps, s.load, s.effort) for s in sets] == [
        (1, target, 20.0, "right"),
        (2, target, 20.0, None),  # at its target, the weight carried on, effort unknown
    ]


def test_skip_right_after_a_counted_set_logs_that_set_first(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    log_sets(alexa, 1)
    alexa.count_set()  # set two counted
    skipped = workout_of(alexa).current.exercise_id

    alexa.say("SkipExerciseIntent")

    said = alexa.text
    assert said.startswith("I'll log that one as planned:") and "Skipping" in said, said
    workout = workout_of(alexa)
    assert workout.skipped == [skipped] and workout.exercise_index == 1
    sets = stored_sets(sqlite_store, alexa.user_id)
    assert [(s.exercise_id, s.set_number, s.effort) for s in sets] == [
        (skipped, 1, "right"),
        (skipped, 2, None),
    ]


def test_ready_on_a_resumed_counted_set_logs_it_as_planned(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    log_sets(alexa, 1)
    alexa.count_set()
    alexa.say("AMAZON.StopIntent")
    alexa.clock.advance(hours=1)
    alexa.launch()
    alexa.say("AMAZON.YesIntent")
    assert "set two was counted" in alexa.text and "say ready to go on" in alexa.text

    alexa.count_set()

    assert alexa.text.startswith("I'll log that one as planned:"), alexa.text
    assert [s.set_number for s in stored_sets(sqlite_store, alexa.user_id)] == [1, 2]


# --- resume only what is worth resuming ----------------------------------------------------------


def stop_and_come_back(alexa: Alexa, **later: float) -> None:
    alexa.say("AMAZON.StopIntent")
    assert alexa.ended
    alexa.clock.advance(**later)
    alexa.launch()


def test_a_workout_from_weeks_ago_is_closed_at_launch_and_the_day_starts_afresh(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    log_sets(alexa, 1)
    alexa.count_set()  # and a counted set, unreported, as in the issue
    old = workout_of(alexa)
    stop_and_come_back(alexa, days=19)

    said = alexa.text
    assert "pick it up" not in said and "was counted" not in said, said
    assert said.startswith("Welcome back. I've saved the sets from your unfinished workout.")
    assert said.endswith("Ready to start hamstring day?")
    user = sqlite_store.load_user(alexa.user_id)
    assert user.active is None, "closed in the store"
    (session,) = sqlite_store.recent_sessions(alexa.user_id)
    assert session.workout_id == old.workout_id and session.status is SessionStatus.PARTIAL
    assert [s.set_number for s in session.sets] == [1], "its logged sets stay in history"

    alexa.say("AMAZON.YesIntent")
    fresh = workout_of(alexa)
    assert fresh.workout_id != old.workout_id and not fresh.lighter
    assert (fresh.exercise_index, fresh.set_number, fresh.logged) == (0, 1, [])


def test_an_old_workout_with_real_work_in_it_counts_for_the_layoff(alexa: Alexa) -> None:
    log_sets(alexa, FULL_SESSION_SETS)
    stop_and_come_back(alexa, days=19)
    said = alexa.text
    assert "I've saved the sets from your unfinished workout." in said
    assert "After a break, we'll start back a little lighter" in said, said


@pytest.mark.parametrize(
    ("hours", "offered"),
    [(1, True), (RESUME_WITHIN.total_seconds() / 3600 - 0.5, True), (13, False), (48, False)],
)
def test_an_unfinished_workout_is_offered_only_the_same_day(
    alexa: Alexa, sqlite_store: SQLiteStore, hours: float, offered: bool
) -> None:
    log_sets(alexa, 1)
    stop_and_come_back(alexa, hours=hours)
    assert ("pick it up" in alexa.text) is offered, alexa.text
    assert (sqlite_store.load_user(alexa.user_id).active is not None) is offered


def test_asking_to_start_closes_an_old_workout_too(alexa: Alexa, sqlite_store: SQLiteStore) -> None:
    """ "Alexa, ask hamstring coach to start a workout" skips the launch: it is checked there."""
    log_sets(alexa, 1)
    old = workout_of(alexa)
    alexa.say("AMAZON.StopIntent")
    alexa.clock.advance(days=3)
    alexa.say("StartWorkoutIntent")  # a new session (the stop ended it), straight to the intent
    assert "already have a workout going" not in alexa.text, alexa.text
    assert workout_of(alexa).workout_id != old.workout_id
    sessions = sqlite_store.recent_sessions(alexa.user_id)
    assert {s.status for s in sessions if s.workout_id == old.workout_id} == {SessionStatus.PARTIAL}


def test_declining_a_resume_after_a_set_or_two_offers_a_full_day_without_a_catch(
    alexa: Alexa,
) -> None:
    log_sets(alexa, FULL_SESSION_SETS - 1)
    stop_and_come_back(alexa, hours=1)
    alexa.say("AMAZON.NoIntent")
    assert alexa.text.endswith("Want to start a new hamstring day?")

    alexa.say("AMAZON.YesIntent")

    said = alexa.text
    assert "lighter" not in said and "ago" not in said, "a new day, as offered"
    workout = workout_of(alexa)
    assert not workout.lighter and workout.phase is Phase.SETUP
    week = alexa.last["sessionAttributes"]["coach"]["history"]["week"]
    assert week["sets_per_session"][-1] == FULL_SESSION_SETS - 1, "the sets still count"


def test_declining_a_resume_after_real_work_says_plainly_why_it_offers_lighter(
    alexa: Alexa,
) -> None:
    log_sets(alexa, FULL_SESSION_SETS)
    stop_and_come_back(alexa, hours=1)
    alexa.say("AMAZON.NoIntent")

    said = alexa.text
    assert "new hamstring day" not in said, "no offer that the next answer takes back"
    assert "closed that one" in said and "only an hour ago" in said and "recover" in said, said
    assert said.endswith("Want a lighter session instead? Or say no to rest today.")
    alexa.say("AMAZON.YesIntent")
    assert workout_of(alexa).lighter
