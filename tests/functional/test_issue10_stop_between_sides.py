"""Issue 10: "stop" between the two sides of a per-side set keeps the counted side. Stop still
ends the session; the resume picks the set up at the other side, so the set is logged once,
whole, and no side is done twice or thrown away."""

from __future__ import annotations

from skill.core.history import SessionStatus
from skill.core.workout import Phase
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock


def between_sides(alexa: Alexa) -> None:
    """Bodyweight, some experience: single-leg RDLs first, its left side counted."""
    alexa.onboard(("bodyweight",), "some")
    workout = alexa.workout
    assert workout is not None and workout.current.exercise_id == "single_leg_rdl"
    alexa.say("ReadyIntent")
    assert alexa.text.endswith("Switch sides, and say ready for the other side.")


def test_stop_between_sides_ends_and_says_the_side_is_kept(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    between_sides(alexa)
    alexa.say("AMAZON.StopIntent")
    assert alexa.ended
    assert alexa.text == (
        "Saved where you are, with one side of set one counted. "
        "Open Hamstring Coach and we'll start with the other side."
    )
    stored = sqlite_store.load_user(alexa.user_id).active
    assert stored is not None and stored.count_part == 1 and stored.logged == []


def test_the_resume_starts_with_the_other_side_and_logs_the_set_once(
    alexa: Alexa, clock: MutableClock, sqlite_store: SQLiteStore
) -> None:
    between_sides(alexa)
    alexa.say("AMAZON.StopIntent")

    clock.advance(hours=2)
    alexa.launch()
    assert "single-leg Romanian deadlifts, set one of four, one side done." in alexa.text
    alexa.say("AMAZON.YesIntent")
    assert "Single-leg Romanian deadlifts, set one: your first side is done." in alexa.text
    assert alexa.text.endswith("Switch sides, and say ready for the other side.")
    assert "Left side first" not in alexa.text

    alexa.say("ReadyIntent")
    assert alexa.text.startswith("Now the right side.")
    assert "Left side first" not in alexa.text
    assert "easy, just right, or hard" in alexa.text
    alexa.say("LogSetIntent", effort="right")
    workout = alexa.workout
    assert workout is not None and workout.phase is Phase.SETUP and workout.set_number == 2
    assert [(r.set_number, r.exercise_id) for r in workout.logged] == [(1, "single_leg_rdl")]


def test_stop_between_sides_after_a_logged_set_counts_both(alexa: Alexa) -> None:
    between_sides(alexa)
    alexa.say("ReadyIntent")
    alexa.say("LogSetIntent", effort="hard")
    alexa.say("ReadyIntent")
    assert alexa.text.endswith("Switch sides, and say ready for the other side.")
    alexa.say("AMAZON.StopIntent")
    assert alexa.ended
    assert alexa.text.startswith(
        "Saved where you are, with one set logged and one side of set two counted."
    )


def test_a_pause_between_sides_then_stop_keeps_the_side_too(alexa: Alexa) -> None:
    between_sides(alexa)
    alexa.say("AMAZON.PauseIntent")
    alexa.say("AMAZON.StopIntent")
    assert alexa.ended and "one side of set one counted" in alexa.text


def test_a_stale_half_set_is_closed_with_the_logged_sets(
    alexa: Alexa, clock: MutableClock, sqlite_store: SQLiteStore
) -> None:
    """Past the resume window the workout closes as before; nothing half done is logged as a
    whole set."""
    between_sides(alexa)
    alexa.say("AMAZON.StopIntent")
    clock.advance(days=3)
    alexa.launch()
    sessions = sqlite_store.load_user(alexa.user_id).recent_sessions
    assert [s.status for s in sessions] == [SessionStatus.PARTIAL]
    assert sessions[0].sets == []


def test_tired_between_sides_then_one_more_evens_up_and_ends(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    between_sides(alexa)
    alexa.say("TiredIntent")
    assert alexa.text.endswith(
        "Want to finish here? Or say one more, to even up with the other side and stop there."
    )
    alexa.say("LighterIntent")  # "one more"
    assert alexa.text == (
        "Then the other side is your last. Switch sides, and say ready for the other side."
    )
    alexa.say("ReadyIntent")
    assert alexa.text.startswith("Now the right side.")
    alexa.say("LogSetIntent", effort="hard")
    assert alexa.ended and "That's hamstring day done. One set" in alexa.text
    (session,) = sqlite_store.load_user(alexa.user_id).recent_sessions
    assert [(r.set_number, r.exercise_id) for r in session.sets] == [(1, "single_leg_rdl")]


def test_tired_between_sides_then_stop_ends_and_says_the_side_is_not_a_set(
    alexa: Alexa,
) -> None:
    between_sides(alexa)
    alexa.say("TiredIntent")
    alexa.say("AMAZON.StopIntent")
    assert alexa.ended
    assert "That one side isn't logged, since a set needs both." in alexa.text
