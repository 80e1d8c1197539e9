"""Phrases mean what people mean where they say them, and questions get the answer asked for:
typed text through the chat's matcher (the interaction model's own samples), then the real
handler. The whole (phase, intent) table is tests/unit/test_phase_table.py and docs/phases.md.
"""

from __future__ import annotations

from functools import cache

from skill.core.catalog import load_catalog
from skill.core.effort import Effort
from skill.core.history import SessionStatus
from skill.core.profile import Unit
from skill.core.workout import Phase
from skill.local.nlu import Matcher
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock

CATALOG = load_catalog()


@cache
def matcher() -> Matcher:
    return Matcher.for_locale()


def say(alexa: Alexa, text: str) -> str:
    """Type ``text`` as the chat does; returns what was said back, as plain text."""
    alexa.send(alexa.factory.intent(matcher().match(text), now=alexa.clock()))
    return alexa.text


def started(alexa: Alexa) -> Alexa:
    """Onboarded with bodyweight only (no weight question), the first set announced."""
    alexa.onboard(equipment=("bodyweight",), level="new")
    assert alexa.workout is not None and alexa.workout.phase is Phase.SETUP
    return alexa


def current_name(alexa: Alexa) -> str:
    assert alexa.workout is not None
    return CATALOG.get(alexa.workout.current.exercise_id).name


# --- "I'm done", "I'm finished" -----------------------------------------------------------------


def test_im_done_after_a_set_means_the_set_not_the_workout(alexa: Alexa) -> None:
    started(alexa)
    say(alexa, "ready")
    for text in ("i'm done", "i'm finished"):
        reply = say(alexa, text)
        assert not alexa.ended, text
        assert "How did it feel" in reply
        assert alexa.workout is not None and alexa.workout.phase is Phase.FEEDBACK
    say(alexa, "it was hard")
    assert alexa.workout is not None and len(alexa.workout.logged) == 1


def test_im_done_before_the_count_logs_a_set_done_at_their_own_pace(alexa: Alexa) -> None:
    started(alexa)
    reply = say(alexa, "done")
    assert "Set one, done at your own pace." in reply and "One." not in reply
    say(alexa, "just right")
    assert alexa.workout is not None
    assert [r.effort for r in alexa.workout.logged] == [Effort.RIGHT]


def test_im_done_with_no_workout_going_says_goodbye(alexa: Alexa) -> None:
    alexa.onboard()
    say(alexa, "stop")
    alexa.launch()
    say(alexa, "no")  # closes the unfinished one: no workout going now
    say(alexa, "i'm done")
    assert alexa.ended and "Train well" in alexa.text


# --- "next" or "skip" before a set -------------------------------------------------------------


def test_next_at_say_ready_asks_before_skipping_the_set(alexa: Alexa) -> None:
    started(alexa)
    reply = say(alexa, "next")
    assert reply == "Skip set one?" and "One." not in reply
    reply = say(alexa, "no")
    assert reply == "Okay, we'll do it. Say ready for set one."
    say(alexa, "skip")
    reply = say(alexa, "yes")
    assert "Okay, skipping set one." in reply and "Set two of" in reply
    assert alexa.workout is not None and alexa.workout.set_number == 2
    assert alexa.workout.logged == [] and alexa.workout.phase is Phase.SETUP


def test_skip_at_the_resume_question_is_a_no(alexa: Alexa, sqlite_store: SQLiteStore) -> None:
    started(alexa)
    say(alexa, "stop")
    alexa.launch()
    reply = say(alexa, "skip")
    assert "closed that one" in reply and "new hamstring day" in reply
    assert alexa.workout is None


# --- "I'm tired" ---------------------------------------------------------------------------------


def test_im_tired_then_yes_finishes_here_with_a_summary(
    alexa: Alexa, sqlite_store: SQLiteStore
) -> None:
    started(alexa)
    say(alexa, "ready")
    reply = say(alexa, "i'm tired")
    assert "Want to finish here? Or say one more" in reply and not alexa.ended
    reply = say(alexa, "yes")
    assert alexa.ended
    assert "We'll finish here." in reply and "That's hamstring day done. One set" in reply
    sessions = sqlite_store.load_user(alexa.user_id).recent_sessions
    assert [s.status for s in sessions] == [SessionStatus.PARTIAL]
    assert [r.effort for r in sessions[0].sets] == [Effort.HARD]


def test_im_tired_then_one_more_is_a_last_lighter_set(alexa: Alexa) -> None:
    started(alexa)
    assert alexa.workout is not None
    planned = alexa.workout.current.target_reps
    say(alexa, "i'm tired")
    reply = say(alexa, "one more")
    assert "One last set, a little lighter." in reply
    w = alexa.workout
    assert w is not None and len(w.plan) == 1 and w.current.sets == 1
    assert w.current.target_reps < planned
    say(alexa, "ready")
    reply = say(alexa, "easy")
    assert alexa.ended and "That's hamstring day done." in reply


def test_stop_at_the_wrap_up_offer_finishes(alexa: Alexa) -> None:
    started(alexa)
    say(alexa, "i'm tired")
    reply = say(alexa, "stop")
    assert alexa.ended and "We'll finish here." in reply


# --- questions get the answer asked for -------------------------------------------------------


def test_what_should_i_feel_and_how_do_i_do_this_answer_then_carry_on(alexa: Alexa) -> None:
    started(alexa)
    assert alexa.workout is not None
    e = CATALOG.get(alexa.workout.current.exercise_id)
    reply = say(alexa, "what should i feel")
    assert reply.startswith(e.feel) and reply.endswith("Say ready for set one.")
    reply = say(alexa, "how do i do this")
    assert all(cue in reply for cue in e.setup_cues)
    assert e.feel not in reply and reply.endswith("Say ready for set one.")


def test_where_am_i_questions_get_direct_answers(alexa: Alexa) -> None:
    started(alexa)
    w = alexa.workout
    assert w is not None
    name, sets = current_name(alexa), w.current.sets
    total = sum(p.sets for p in w.plan)
    assert say(alexa, "what set am i on").startswith(f"You're on {name}, set one of")
    assert say(alexa, "how many sets are left").startswith(f"{_cap_words(total)} sets left")
    rest = CATALOG.get(w.current.exercise_id).rest_seconds
    assert "seconds between sets" in say(alexa, "how long do i rest")
    assert rest > 0
    assert say(alexa, "what's next").startswith(f"Next up: {name}, {_words(sets)} sets of")
    say(alexa, "ready")
    assert say(alexa, "what set am i on").startswith(f"You just did set one of {_words(sets)}")
    assert say(alexa, "what's next").startswith(f"Next up: {name}, set two of")
    assert alexa.workout is not None and alexa.workout.phase is Phase.FEEDBACK


def _words(n: int) -> str:
    from skill.speech.ssml import words

    return words(n)


def _cap_words(n: int) -> str:
    return _words(n).capitalize()


def test_help_after_a_pain_stop_says_what_can_be_done_now(alexa: Alexa) -> None:
    # Some experience: more than one exercise, so a pain stop has something to go on to.
    alexa.onboard(equipment=("bodyweight",), level="some")
    stopped = current_name(alexa)
    say(alexa, "my knee hurts")
    assert alexa.workout is not None and alexa.workout.phase is Phase.PAIN
    reply = say(alexa, "help")
    assert f"We stopped {stopped} because it hurt." in reply
    assert "Say yes to" in reply and "say stop" in reply.lower()
    assert not alexa.ended


def test_help_while_onboarding_says_why_and_gives_examples(alexa: Alexa) -> None:
    alexa.launch()
    reply = say(alexa, "help")
    assert "I ask so I only pick exercises you can do" in reply
    assert "dumbbells and bands" in reply and reply.endswith("or just bodyweight.")
    say(alexa, "dumbbells")
    reply = say(alexa, "help")
    assert "I ask so I start you at the right difficulty." in reply
    assert "Say new if you're just starting out." in reply


# --- "eighty pounds" is a weight ----------------------------------------------------------------


def test_eighty_pounds_is_a_weight_never_eight_reps(alexa: Alexa, clock: MutableClock) -> None:
    for text in ("eighty pounds", "eighty pounds it was hard", "i used eighty pounds"):
        match = matcher().match(text)
        assert match.intent == "LogSetIntent", text
        assert match.slots["load"].value == "80" and "reps" not in match.slots, text
        assert match.slots["unit"].resolved_id == "lb", text
    alexa.onboard(equipment=("dumbbells",), level="new")
    say(alexa, "ready")
    say(alexa, "eighty pounds it was hard")
    assert alexa.workout is not None
    logged = alexa.workout.logged
    assert [(r.load, r.unit, r.effort) for r in logged] == [(80, Unit.LB, Effort.HARD)]
    assert logged[0].reps == logged[0].target_reps
