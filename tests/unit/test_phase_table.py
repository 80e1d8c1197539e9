"""What each intent does in each phase of the workout: the table in docs/phases.md, checked.

Every row is an intent (Alexa's built-ins and ours, with the event skill.alexa.intents gives for
it) and every column a phase; each cell is the kind of outcome ``workout.step`` gives there:

- COUNTS: the set is counted out; LOGS: a set is logged and we move on;
- SKIPS: a set or the exercise is left out; ASKS: a yes-or-no question opens ("Skip set two?",
  "Want to finish here?", a number read back);
- PAUSES / RESUMES; STOPS: pain stops the exercise and an offer follows;
- ENDS: the workout ends (finished, partial, or a red flag), with its words;
- MOVES: the phase changes without any of those (the set done on their own, "no" to a skip);
- ANSWERS: an answer or help, then back to exactly where they were;
- REASKS: nothing changes; the phase's own question or hint again.

Intents the conversation takes before the workout sees them (stop, cancel, home, repeat, start,
equipment, level, progress, exercise info, delete) are listed in docs/phases.md; the functional
test tests/functional/test_phrases_in_place.py drives samples of both through the real handler.
"""

from __future__ import annotations

from enum import Enum, auto
from typing import Any, cast

import pytest

from skill.alexa.intents import INTENTS
from skill.core import events as ev
from skill.core import lines as ln
from skill.core import workout as wk
from skill.core.catalog import load_catalog
from skill.core.effort import Effort
from skill.core.history import PainKind
from skill.core.profile import Equipment, Unit
from skill.core.workout import Context, Phase, Step, WorkoutState
from tests.factories import T0, make_plan

CATALOG = load_catalog()
BODYWEIGHT = Equipment.BODYWEIGHT


def ctx() -> Context:
    """Bodyweight only: no weight question after the first set, so a report logs at once."""
    return Context(catalog=CATALOG, now=T0, unit=Unit.LB, equipment=frozenset([BODYWEIGHT]))


class Kind(Enum):
    COUNTS = auto()
    LOGS = auto()
    SKIPS = auto()
    ASKS = auto()
    PAUSES = auto()
    RESUMES = auto()
    STOPS = auto()
    ENDS = auto()
    MOVES = auto()
    ANSWERS = auto()
    REASKS = auto()


COUNTS, LOGS, SKIPS, ASKS = Kind.COUNTS, Kind.LOGS, Kind.SKIPS, Kind.ASKS
PAUSES, RESUMES, STOPS, ENDS = Kind.PAUSES, Kind.RESUMES, Kind.STOPS, Kind.ENDS
MOVES, ANSWERS, REASKS = Kind.MOVES, Kind.ANSWERS, Kind.REASKS

ANSWER_LINES = (
    ln.FeelCue,
    ln.HowTo,
    ln.OnSet,
    ln.SetsLeft,
    ln.RestLength,
    ln.ComingUp,
    ln.FormCues,
    ln.Paced,
    ln.Soreness,
    ln.HelpSetup,
    ln.HelpPain,
    ln.HelpFeedback,
)
ANSWER_CUES = {
    ln.Cue.HELP_PAUSED,
    ln.Cue.HELP_WRAP_UP,
    ln.Cue.SLOWEST,
    ln.Cue.QUICKEST,
}
QUESTION_PHASES = (Phase.SKIP_SET, Phase.WRAP_UP, Phase.CONFIRM)


def outcome(before: WorkoutState, step: Step) -> Kind:
    """The kind of one step's outcome (see the module docstring)."""
    after, said = step.state, step.say
    if step.finished:
        return ENDS
    if any(isinstance(line, ln.CountSet) for line in said):
        return COUNTS
    if step.log is not None:
        return LOGS
    if any(isinstance(line, ln.Skipping | ln.SkippedSet) for line in said):
        return SKIPS
    if after.phase is Phase.PAIN and before.phase is not Phase.PAIN:
        return STOPS
    if after.phase in QUESTION_PHASES and after.phase is not before.phase:
        return ASKS
    if after.phase is Phase.PAUSED and before.phase is not Phase.PAUSED:
        return PAUSES
    if before.phase is Phase.PAUSED and after.phase is not Phase.PAUSED:
        return RESUMES
    if after.phase is not before.phase:
        return MOVES
    if any(isinstance(line, ANSWER_LINES) or line in ANSWER_CUES for line in said):
        return ANSWERS
    return REASKS


def _states() -> dict[Phase, WorkoutState]:
    def step(state: WorkoutState, event: ev.Event) -> WorkoutState:
        return wk.step(state, event, ctx()).state

    plan = make_plan("hip_thrust", "glute_bridge", sets=3)
    setup = wk.start("w1", plan, False, 20, ctx()).state
    feedback = step(setup, ev.Ready())
    return {
        Phase.SETUP: setup,
        Phase.FEEDBACK: feedback,
        Phase.CONFIRM: step(feedback, ev.LogSet(reps=25)),
        Phase.PAUSED: step(setup, ev.Pause()),
        Phase.PAIN: step(setup, ev.Pain(area="hamstring")),
        Phase.SKIP_SET: step(setup, ev.Next()),
        Phase.WRAP_UP: step(setup, ev.Tired()),
        Phase.DONE: step(step(setup, ev.SkipExercise()), ev.SkipExercise()),
    }


STATES_BY_PHASE = _states()
PHASES = tuple(Phase)
"""Column order of the table: SETUP, FEEDBACK, CONFIRM, PAUSED, PAIN, SKIP_SET, WRAP_UP, DONE."""

INTENT_EVENTS: dict[str, ev.Event] = {
    "ReadyIntent": ev.Ready(),
    "LogSetIntent": ev.LogSet(effort=Effort.HARD),
    "FormCueIntent": ev.FormCue(),
    "FeelIntent": ev.WorkoutQuestion(ev.Topic.FEEL),
    "HowToIntent": ev.WorkoutQuestion(ev.Topic.HOW_TO),
    "WhichSetIntent": ev.WorkoutQuestion(ev.Topic.WHICH_SET),
    "SetsLeftIntent": ev.WorkoutQuestion(ev.Topic.SETS_LEFT),
    "RestTimeIntent": ev.WorkoutQuestion(ev.Topic.REST),
    "WhatsNextIntent": ev.WorkoutQuestion(ev.Topic.NEXT),
    "SlowerIntent": ev.ChangePace(slower=True),
    "FasterIntent": ev.ChangePace(slower=False),
    "SkipExerciseIntent": ev.SkipExercise(),
    "SetDoneIntent": ev.SetDone(),
    "TiredIntent": ev.Tired(),
    "LighterIntent": ev.GoLighter(),
    "PainIntent": ev.Pain(area="knee"),
    "PullIntent": ev.Pain(area="hamstring", kind=PainKind.PULL),
    "SoreIntent": ev.Pain(area="hamstring", kind=PainKind.SORE),
    "FeelsFineIntent": ev.FeelsFine(),
    "DizzyIntent": ev.RedFlag(ev.Symptom.DIZZY),
    "AMAZON.PauseIntent": ev.Pause(),
    "AMAZON.ResumeIntent": ev.Resume(),
    "AMAZON.NextIntent": ev.Next(),
    "AMAZON.StartOverIntent": ev.StartOver(),
    "AMAZON.HelpIntent": ev.Help(),
    "AMAZON.YesIntent": ev.Yes(),
    "AMAZON.NoIntent": ev.No(),
    "AMAZON.FallbackIntent": ev.Fallback(),
}
"""Each intent's event (slot intents with a typical filling)."""

# fmt: off
TABLE: dict[str, tuple[Kind, ...]] = {
    #                         SETUP    FEEDBACK CONFIRM  PAUSED   PAIN     SKIP_SET WRAP_UP  DONE
    "ReadyIntent":           (COUNTS,  LOGS,    REASKS,  RESUMES, MOVES,   COUNTS,  MOVES,   ENDS),
    "LogSetIntent":          (REASKS,  LOGS,    REASKS,  REASKS,  REASKS,  REASKS,  REASKS,  ENDS),
    "FormCueIntent":         (ANSWERS, ANSWERS, REASKS,  ANSWERS, REASKS,  REASKS,  REASKS,  ENDS),
    "FeelIntent":            (ANSWERS, ANSWERS, ANSWERS, ANSWERS, REASKS,  ANSWERS, ANSWERS, ENDS),
    "HowToIntent":           (ANSWERS, ANSWERS, ANSWERS, ANSWERS, REASKS,  ANSWERS, ANSWERS, ENDS),
    "WhichSetIntent":        (ANSWERS, ANSWERS, ANSWERS, ANSWERS, REASKS,  ANSWERS, ANSWERS, ENDS),
    "SetsLeftIntent":        (ANSWERS, ANSWERS, ANSWERS, ANSWERS, REASKS,  ANSWERS, ANSWERS, ENDS),
    "RestTimeIntent":        (ANSWERS, ANSWERS, ANSWERS, ANSWERS, REASKS,  ANSWERS, ANSWERS, ENDS),
    "WhatsNextIntent":       (ANSWERS, ANSWERS, ANSWERS, ANSWERS, REASKS,  ANSWERS, ANSWERS, ENDS),
    "SlowerIntent":          (ANSWERS, ANSWERS, REASKS,  ANSWERS, REASKS,  REASKS,  REASKS,  ENDS),
    "FasterIntent":          (ANSWERS, ANSWERS, REASKS,  ANSWERS, REASKS,  REASKS,  REASKS,  ENDS),
    "SkipExerciseIntent":    (SKIPS,   LOGS,    SKIPS,   SKIPS,   MOVES,   SKIPS,   REASKS,  ENDS),
    "SetDoneIntent":         (MOVES,   REASKS,  REASKS,  REASKS,  ENDS,    REASKS,  ENDS,    ENDS),
    "TiredIntent":           (ASKS,    ASKS,    REASKS,  ASKS,    ENDS,    ASKS,    REASKS,  ENDS),
    "LighterIntent":         (ASKS,    ASKS,    REASKS,  ASKS,    REASKS,  ASKS,    MOVES,   ENDS),
    "PainIntent":            (STOPS,   STOPS,   STOPS,   STOPS,   ENDS,    STOPS,   STOPS,   ENDS),
    "PullIntent":            (ENDS,    ENDS,    ENDS,    ENDS,    ENDS,    ENDS,    ENDS,    ENDS),
    "SoreIntent":            (ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ANSWERS, ENDS),
    "FeelsFineIntent":       (REASKS,  REASKS,  REASKS,  REASKS,  REASKS,  REASKS,  REASKS,  ENDS),
    "DizzyIntent":           (ENDS,    ENDS,    ENDS,    ENDS,    ENDS,    ENDS,    ENDS,    ENDS),
    "AMAZON.PauseIntent":    (PAUSES,  PAUSES,  REASKS,  REASKS,  REASKS,  REASKS,  REASKS,  ENDS),
    "AMAZON.ResumeIntent":   (COUNTS,  LOGS,    REASKS,  RESUMES, MOVES,   COUNTS,  MOVES,   ENDS),
    "AMAZON.NextIntent":     (ASKS,    LOGS,    REASKS,  REASKS,  MOVES,   SKIPS,   REASKS,  ENDS),
    "AMAZON.StartOverIntent":(REASKS,  MOVES,   REASKS,  RESUMES, REASKS,  REASKS,  REASKS,  ENDS),
    "AMAZON.HelpIntent":     (ANSWERS, ANSWERS, REASKS,  ANSWERS, ANSWERS, REASKS,  ANSWERS, ENDS),
    "AMAZON.YesIntent":      (COUNTS,  REASKS,  MOVES,   RESUMES, MOVES,   SKIPS,   ENDS,    ENDS),
    "AMAZON.NoIntent":       (REASKS,  REASKS,  REASKS,  REASKS,  MOVES,   MOVES,   MOVES,   ENDS),
    "AMAZON.FallbackIntent": (REASKS,  REASKS,  REASKS,  REASKS,  REASKS,  REASKS,  REASKS,  ENDS),
}
# fmt: on


def test_every_intent_the_skill_handles_in_a_workout_has_its_event() -> None:
    """The events above are the ones the intent table gives (slot intents: same type)."""
    for intent, event in INTENT_EVENTS.items():
        assert intent in INTENTS, intent
        given = INTENTS[intent](cast(Any, None)) if not _reads_slots(intent) else None
        assert given is None or given == event, intent


def _reads_slots(intent: str) -> bool:
    return intent in {"LogSetIntent", "PainIntent", "PullIntent", "SoreIntent"}


def test_there_is_one_state_per_phase_in_the_phase_it_claims() -> None:
    assert set(STATES_BY_PHASE) == set(Phase)
    for phase, state in STATES_BY_PHASE.items():
        assert state.phase is phase


@pytest.mark.parametrize("intent", list(TABLE))
def test_each_intent_does_in_each_phase_what_the_table_says(intent: str) -> None:
    event = INTENT_EVENTS[intent]
    got = tuple(
        outcome(STATES_BY_PHASE[phase], wk.step(STATES_BY_PHASE[phase], event, ctx()))
        for phase in PHASES
    )
    assert dict(zip(PHASES, got, strict=True)) == dict(zip(PHASES, TABLE[intent], strict=True))


# --- the new transitions, in detail --------------------------------------------------------------


def _step(state: WorkoutState, event: ev.Event) -> Step:
    return wk.step(state, event, ctx())


def test_yes_to_skipping_the_last_set_of_the_day_finishes_without_logging_it() -> None:
    plan = make_plan("glute_bridge", sets=1)
    setup = wk.start("w1", plan, False, 5, ctx()).state
    asked = _step(setup, ev.Next())
    assert asked.say == [ln.SkipSetQuestion(1)]
    assert asked.reprompt == [ln.SkipSetQuestion(1, hint=True)]
    done = _step(asked.state, ev.Yes())
    assert done.finished and done.log is None and done.say[0] == ln.SkippedSet(1)


def test_finishing_here_after_a_counted_set_logs_it_as_hard_and_saves_as_partial() -> None:
    offered = _step(STATES_BY_PHASE[Phase.FEEDBACK], ev.Tired())
    assert offered.say == [ln.Cue.TIRED, ln.Cue.FINISH_OR_ONE_MORE]
    assert offered.state.wrap_from is Phase.FEEDBACK
    done = _step(offered.state, ev.Yes())
    assert done.finished and done.partial
    assert done.log is not None and done.log.effort is Effort.HARD and done.log.reps == 10
    assert isinstance(done.say[-1], ln.Summary) and ln.Cue.FINISH_HERE in done.say


def test_one_more_after_a_counted_set_rests_then_a_last_set_with_fewer_reps() -> None:
    offered = _step(STATES_BY_PHASE[Phase.FEEDBACK], ev.Tired()).state
    more = _step(offered, ev.GoLighter())
    w = more.state
    assert more.log is not None and more.log.set_number == 1
    assert any(isinstance(line, ln.Rest) for line in more.say)
    assert (w.phase, w.set_number, w.current.sets, w.current.target_reps) == (Phase.SETUP, 2, 2, 8)
    assert [p.exercise_id for p in w.plan] == ["hip_thrust"] and w.skipped == ["glute_bridge"]
    counted = _step(w, ev.Ready())
    assert counted.say[0] == ln.CountSet("hip_thrust", 2, 8, 1.0, again=False)
    assert _step(counted.state, ev.LogSet(effort=Effort.EASY)).finished


def test_lighter_reps_are_about_a_fifth_fewer_and_at_least_one_fewer() -> None:
    assert [wk.lighter_reps(n) for n in (1, 2, 5, 8, 10, 12, 15)] == [1, 1, 4, 6, 8, 10, 12]


def test_tired_after_the_days_last_set_only_asks_how_it_went() -> None:
    plan = make_plan("glute_bridge", sets=1)
    counted = _step(wk.start("w1", plan, False, 5, ctx()).state, ev.Ready()).state
    result = _step(counted, ev.Tired())
    assert result.state.phase is Phase.FEEDBACK and result.say[0] is ln.Cue.LAST_SET_ANYWAY


@pytest.mark.parametrize("phase", [Phase.SKIP_SET, Phase.WRAP_UP])
def test_an_offer_left_open_is_not_resumed_later(phase: Phase) -> None:
    resumed = wk.resume_prompt(STATES_BY_PHASE[phase], ctx())
    assert resumed.state.phase is Phase.SETUP and resumed.state.wrap_from is None
    assert resumed.say[-1] is ln.Cue.SAY_READY


def test_questions_answer_what_was_asked_then_carry_on() -> None:
    setup = STATES_BY_PHASE[Phase.SETUP]
    feedback = STATES_BY_PHASE[Phase.FEEDBACK]
    cases = {
        ev.Topic.FEEL: ln.FeelCue("hip_thrust"),
        ev.Topic.HOW_TO: ln.HowTo("hip_thrust"),
        ev.Topic.WHICH_SET: ln.OnSet("hip_thrust", 1, 3, counted=False),
        ev.Topic.SETS_LEFT: ln.SetsLeft((("hip_thrust", 3), ("glute_bridge", 3))),
        ev.Topic.REST: ln.RestLength(CATALOG.get("hip_thrust").rest_seconds),
        ev.Topic.NEXT: ln.ComingUp("hip_thrust", 1, 3, ln.Target(10, False, None, Unit.LB)),
    }
    for topic, line in cases.items():
        result = _step(setup, ev.WorkoutQuestion(topic))
        assert result.say == [line, ln.ReadyFor(1)], topic
        assert result.state.phase is Phase.SETUP and result.log is None
    after = {
        ev.Topic.WHICH_SET: ln.OnSet("hip_thrust", 1, 3, counted=True),
        ev.Topic.SETS_LEFT: ln.SetsLeft((("hip_thrust", 2), ("glute_bridge", 3))),
        ev.Topic.NEXT: ln.ComingUp("hip_thrust", 2, 3, ln.Target(10, False, None, Unit.LB)),
    }
    for topic, line in after.items():
        result = _step(feedback, ev.WorkoutQuestion(topic))
        assert result.say[0] == line and result.state.phase is Phase.FEEDBACK, topic


def test_help_after_a_pain_stop_names_the_offer() -> None:
    pain = STATES_BY_PHASE[Phase.PAIN]
    result = _step(pain, ev.Help())
    assert result.say == [ln.HelpPain("hip_thrust", pain.pain_offer, "glute_bridge")]
    assert result.reprompt == [ln.OfferEasier(pain.pain_offer or "")]
