"""skill.core.conversation: the talk around the workout, one turn at a time, with its effects."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, get_args

import pytest

from skill.core import conversation as dg
from skill.core import events as ev
from skill.core import plan as planner
from skill.core import said as sd
from skill.core.catalog import Slot, load_catalog
from skill.core.conversation import (
    Conversation,
    EndSession,
    LogSet,
    Outcome,
    Pending,
    SaveActive,
    SaveProfile,
    Turn,
)
from skill.core.effort import Effort
from skill.core.history import HistorySummary, Hurt, PainKind, SessionStatus
from skill.core.profile import Equipment, Level, Profile, Unit
from skill.core.rules import FULL_SESSION_SETS
from skill.core.said import Said
from skill.core.workout import Phase, WorkoutState
from skill.speech import render
from tests.factories import (
    T0,
    check_ssml,
    fitted,
    make_profile,
    make_session,
    make_set,
    plain_text,
)

CATALOG = load_catalog()
MAX_ATTRIBUTE_BYTES = 20 * 1024
DISCLAIMER = "not medical advice"


def ssml(lines: list[Said]) -> str:
    """The lines as Alexa hears them ('' for none), through the speech layer like the shell."""
    speech = render(lines, CATALOG)
    return speech.ssml() if speech else ""


class Chat:
    """One person talking to the dialog core; every outcome is checked as Alexa would need it."""

    def __init__(self, conv: Conversation | None = None, now: datetime = T0) -> None:
        self.conv = conv or Conversation()
        self.now = now
        self.outcomes: list[Outcome] = []

    def turn(self) -> Turn:
        return Turn(now=self.now, catalog=CATALOG, locale="en-US", new_workout_id="w1")

    def say(self, event: ev.Event) -> Outcome:
        before = self.conv.model_copy(deep=True)
        out = dg.respond(self.conv, event, self.turn())
        assert self.conv == before, "respond must not mutate the conversation it was given"
        # Handed over (the shell's way), the conversation is changed in place to the same end.
        handed = before.model_copy(deep=True)
        owned = dg.respond(handed, event, self.turn(), owned=True)
        assert owned == out, f"an owned conversation answered {event!r} differently"
        if ssml(out.speech):
            check_ssml(ssml(out.speech))
        if not out.end_session:
            assert ssml(out.reprompt), f"a question without a reprompt after {event!r}"
            check_ssml(ssml(out.reprompt))
        dumped = out.conversation.model_dump(mode="json")
        encoded = json.dumps(dumped)
        assert len(encoded.encode()) < MAX_ATTRIBUTE_BYTES, len(encoded)
        assert Conversation.model_validate(json.loads(encoded)) == out.conversation
        self.conv = out.conversation
        self.outcomes.append(out)
        return out

    def text(self, out: Outcome | None = None) -> str:
        out = out or self.outcomes[-1]
        said = ssml(out.speech)
        return plain_text(said) if said else ""

    @property
    def workout(self) -> WorkoutState:
        assert self.conv.workout is not None
        return self.conv.workout

    def new_session(self) -> None:
        """Alexa starts a fresh session: only what was stored comes back."""
        self.conv = Conversation(
            loaded=True,
            profile=self.conv.profile,
            workout=self.conv.workout,
            history=self.conv.history,
        )


def effects_of(out: Outcome, kind: type) -> list:
    return [e for e in out.effects if isinstance(e, kind)]


def ready_chat(profile: Profile | None = None, history: HistorySummary | None = None) -> Chat:
    return Chat(
        Conversation(
            loaded=True,
            profile=profile or make_profile(),
            history=history or HistorySummary(),
        )
    )


def started(profile: Profile | None = None) -> Chat:
    chat = ready_chat(profile)
    out = chat.say(ev.StartWorkout())
    assert effects_of(out, SaveActive)
    return chat


def do_set(chat: Chat, effort: Effort = Effort.RIGHT) -> Outcome:
    counted = chat.say(ev.Ready())
    assert chat.workout.phase is Phase.FEEDBACK, chat.text(counted)
    out = chat.say(ev.LogSet(effort=effort))
    if not effects_of(out, LogSet) and chat.workout is not None and chat.workout.draft:
        # The first set of a loaded exercise asks for the weight once; "skip" logs without it.
        out = chat.say(ev.Next())
    return out


# --- first launch and onboarding ---------------------------------------------------------------


def test_first_launch_asks_for_equipment_and_gives_the_disclaimer_once() -> None:
    chat = Chat()
    out = chat.say(ev.Launch())
    assert chat.conv.pending is Pending.EQUIPMENT
    assert not out.end_session
    assert chat.text().count(DISCLAIMER) == 1
    assert "equipment" in chat.text().lower()
    again = chat.say(ev.Launch())
    assert DISCLAIMER not in chat.text(again)
    assert chat.conv.pending is Pending.EQUIPMENT


def test_onboarding_saves_the_profile_and_starts_the_workout() -> None:
    chat = Chat()
    chat.say(ev.Launch())
    out = chat.say(ev.SetEquipment((Equipment.DUMBBELLS, Equipment.BANDS)))
    saved = effects_of(out, SaveProfile)
    assert len(saved) == 1
    assert saved[0].profile.equipment == [Equipment.DUMBBELLS, Equipment.BANDS]
    assert saved[0].profile.disclaimer_given, "the disclaimer is remembered, so it is said once"
    assert chat.conv.pending is Pending.LEVEL
    assert chat.conv.workout is None

    out = chat.say(ev.SetLevel(Level.SOME))
    profiles = effects_of(out, SaveProfile)
    actives = effects_of(out, SaveActive)
    assert profiles and profiles[-1].profile.level is Level.SOME
    assert profiles[-1].profile.complete
    assert len(actives) == 1
    assert out.effects.index(profiles[-1]) < out.effects.index(actives[0])
    workout = chat.workout
    assert actives[0].workout == workout
    assert workout.workout_id == "w1"
    assert workout.phase is Phase.SETUP
    assert chat.conv.pending is None
    said = chat.text(out)
    for planned in workout.plan:
        assert CATALOG.get(planned.exercise_id).name in said
    assert DISCLAIMER not in said


def test_onboarding_plans_with_the_equipment_given() -> None:
    chat = Chat()
    chat.say(ev.Launch())
    chat.say(ev.SetEquipment((Equipment.BANDS,)))
    chat.say(ev.SetLevel(Level.NEW))
    have = {Equipment.BANDS, Equipment.BODYWEIGHT}
    for planned in chat.workout.plan:
        assert have & set(CATALOG.get(planned.exercise_id).equipment)


def test_unrecognised_equipment_is_asked_again() -> None:
    chat = Chat()
    chat.say(ev.Launch())
    out = chat.say(ev.SetEquipment(()))
    assert chat.conv.pending is Pending.EQUIPMENT
    assert not effects_of(out, SaveProfile)


# --- launch with a profile ---------------------------------------------------------------------


def test_launch_with_a_complete_profile_offers_to_start_and_yes_starts() -> None:
    chat = ready_chat()
    out = chat.say(ev.Launch())
    assert chat.conv.pending is Pending.START
    assert DISCLAIMER not in chat.text(out)
    out = chat.say(ev.Yes())
    assert len(effects_of(out, SaveActive)) == 1
    assert chat.workout.phase is Phase.SETUP
    assert chat.conv.pending is None


def test_launch_then_no_ends_without_a_workout() -> None:
    chat = ready_chat()
    chat.say(ev.Launch())
    out = chat.say(ev.No())
    assert out.end_session
    assert chat.conv.workout is None
    assert not out.effects


# --- 48 hours ----------------------------------------------------------------------------------


def _recent(hours: float) -> HistorySummary:
    return HistorySummary(
        last_session_at=T0 - timedelta(hours=hours), recent_exercises=[["rdl_barbell"]]
    )


def test_start_within_48_hours_asks_about_a_lighter_session() -> None:
    chat = ready_chat(history=_recent(24))
    out = chat.say(ev.StartWorkout())
    assert chat.conv.pending is Pending.LIGHTER
    assert chat.conv.workout is None
    assert not out.effects
    assert "lighter" in chat.text(out).lower()


def test_yes_to_lighter_starts_a_lighter_workout() -> None:
    chat = ready_chat(history=_recent(24))
    chat.say(ev.StartWorkout())
    out = chat.say(ev.Yes())
    workout = chat.workout
    assert workout.lighter
    assert effects_of(out, SaveActive)
    normal = planner.plan_session(CATALOG, make_profile(), fitted(_recent(24)))
    assert sum(p.sets for p in workout.plan) < normal.total_sets


def test_no_to_lighter_ends_the_session_without_a_workout() -> None:
    chat = ready_chat(history=_recent(24))
    chat.say(ev.StartWorkout())
    out = chat.say(ev.No())
    assert out.end_session
    assert chat.conv.workout is None
    assert not out.effects
    assert chat.conv.pending is None


def test_start_after_49_hours_goes_straight_in() -> None:
    chat = ready_chat(history=_recent(49))
    out = chat.say(ev.StartWorkout())
    assert chat.conv.pending is None
    assert effects_of(out, SaveActive)
    assert not chat.workout.lighter


def test_launch_within_48_hours_says_still_recovering() -> None:
    chat = ready_chat(history=_recent(20))
    chat.say(ev.Launch())
    assert "recovering" in chat.text()
    assert chat.conv.pending is Pending.START
    chat.say(ev.Yes())
    assert chat.conv.pending is Pending.LIGHTER


# --- resume ------------------------------------------------------------------------------------


def _interrupted() -> Chat:
    """A workout with one set logged, left when Alexa's session ended."""
    chat = started()
    do_set(chat)
    assert (chat.workout.exercise_index, chat.workout.set_number) == (0, 2)
    chat.now = T0 + timedelta(minutes=10)
    out = chat.say(ev.SessionEnded())
    assert effects_of(out, SaveActive)
    chat.new_session()
    chat.now = T0 + timedelta(hours=2)
    return chat


def test_launch_with_a_workout_in_progress_offers_to_resume() -> None:
    chat = _interrupted()
    out = chat.say(ev.Launch())
    assert chat.conv.pending is Pending.RESUME
    exercise = CATALOG.get(chat.workout.current.exercise_id)
    assert exercise.name in chat.text(out)
    assert not out.effects


def test_yes_resumes_at_the_same_exercise_and_set() -> None:
    chat = _interrupted()
    before = chat.workout
    chat.say(ev.Launch())
    out = chat.say(ev.Yes())
    after = chat.workout
    assert (after.exercise_index, after.set_number) == (before.exercise_index, before.set_number)
    assert after.phase is Phase.SETUP
    assert after.logged == before.logged
    assert chat.conv.pending is None
    assert CATALOG.get(after.current.exercise_id).name.lower() in chat.text(out).lower()
    # And the next set logged is set two, not set one again.
    logged = do_set(chat)
    records = [e.record for e in logged.effects if isinstance(e, dg.LogSet)]
    assert [r.key for r in records] == ["00-02"]


def test_no_to_resume_closes_the_old_workout_as_partial_and_offers_a_new_one() -> None:
    chat = _interrupted()
    old = chat.workout
    chat.say(ev.Launch())
    out = chat.say(ev.No())
    ended = effects_of(out, EndSession)
    assert len(ended) == 1
    session = ended[0].session
    assert session.status is SessionStatus.PARTIAL
    assert session.workout_id == old.workout_id
    assert session.sets == old.logged and len(session.sets) == 1
    assert chat.conv.workout is None
    assert not out.end_session
    assert chat.conv.pending is Pending.START
    assert chat.conv.history.recent_exercises[0] == ["rdl_barbell"]


def test_a_stale_workout_is_closed_at_launch_and_does_not_count_as_training_now() -> None:
    chat = _interrupted()
    old = chat.workout
    chat.now = old.logged[-1].logged_at + timedelta(hours=50)  # past rules.RESUME_WITHIN
    out = chat.say(ev.Launch())
    [ended] = effects_of(out, EndSession)
    assert ended.session.workout_id == old.workout_id
    assert ended.session.status is SessionStatus.PARTIAL and ended.session.sets == old.logged
    assert chat.conv.workout is None and chat.conv.pending is Pending.START
    assert chat.conv.history.last_session_at is None, "one set is not a day to rest from"
    assert chat.conv.history.recent_exercises[0] == ["rdl_barbell"]
    out = chat.say(ev.Yes())
    assert chat.conv.pending is not Pending.LIGHTER, chat.text(out)
    assert effects_of(out, SaveActive)


@pytest.mark.parametrize(("sets", "rest"), [(1, False), (FULL_SESSION_SETS, True)])
def test_only_real_work_starts_the_48_hour_clock(sets: int, rest: bool) -> None:
    logged = [make_set(set_number=n) for n in range(1, sets + 1)]
    stopped = make_session(status=SessionStatus.PARTIAL, sets=logged)
    history = HistorySummary.from_sessions([stopped])
    assert (history.last_session_at is not None) is rest
    assert history.recent_exercises == [["rdl_barbell"]], "rotation still sees it"
    hurt = stopped.model_copy(update={"hurts": [Hurt(area="back")]})
    assert HistorySummary.from_sessions([hurt]).last_session_at == hurt.last_activity
    # the same rule when a session closes inside a conversation
    conv = Conversation(loaded=True, profile=make_profile())
    closed = dg._with_session(conv, stopped, dg.Turn(now=T0, catalog=CATALOG))
    assert (closed.last_session_at is not None) is rest


# --- stop and session end ----------------------------------------------------------------------


def test_stop_mid_workout_saves_and_ends() -> None:
    chat = started()
    do_set(chat)
    out = chat.say(ev.Stop())
    assert out.end_session
    saved = effects_of(out, SaveActive)
    assert len(saved) == 1
    assert saved[0].workout == chat.workout
    assert len(saved[0].workout.logged) == 1
    assert not effects_of(out, EndSession)


def test_stop_outside_a_workout_just_ends() -> None:
    chat = ready_chat()
    out = chat.say(ev.Stop())
    assert out.end_session and not out.effects


def test_session_ended_mid_workout_saves_silently() -> None:
    chat = started()
    chat.say(ev.Ready())
    out = chat.say(ev.SessionEnded())
    assert not ssml(out.speech)
    assert out.end_session
    saved = effects_of(out, SaveActive)
    assert len(saved) == 1 and saved[0].workout == chat.workout


# --- finishing ---------------------------------------------------------------------------------


def test_finishing_the_last_set_ends_the_session_with_every_logged_set() -> None:
    chat = started()
    planned = sum(p.sets for p in chat.workout.plan)
    logged = []
    out = None
    for _ in range(planned):
        out = do_set(chat)
        logged += [e.record for e in out.effects if isinstance(e, dg.LogSet)]
        if out.end_session:
            break
    assert out is not None and out.end_session
    ended = effects_of(out, EndSession)
    assert len(ended) == 1
    session = ended[0].session
    assert session.status is SessionStatus.FINISHED
    assert [r.key for r in session.sets] == [r.key for r in logged]
    assert len(logged) == planned
    assert chat.conv.workout is None
    assert chat.conv.history.last_session_at is not None
    assert "saved" in chat.text(out).lower()


# --- the whole journey stays small and serialisable --------------------------------------------


def test_a_long_conversation_keeps_every_invariant() -> None:
    """Onboarding, pace, cues, pause, pain, drafts, help and fallback through to the end."""
    chat = Chat()
    script: list[ev.Event] = [
        ev.Launch(),
        ev.Help(),
        ev.SetEquipment(tuple(Equipment)),
        ev.SetLevel(Level.EXPERIENCED),
        ev.FormCue(),
        ev.ChangePace(slower=True),
        ev.Ready(),
        ev.LogSet(reps=8, load=185),
        ev.LogSet(effort=Effort.HARD),
        ev.Pause(),
        ev.Help(),
        ev.Resume(),
        ev.Repeat(),
        ev.Fallback(),
        ev.Ready(),
        ev.Pain(area="hamstring"),
        ev.Yes(),
        ev.ExerciseInfo("glute_bridge"),
    ]
    for event in script:
        chat.say(event)
    for _ in range(12):
        if chat.conv.workout is None:
            break
        out = do_set(chat)
        if out.end_session:
            break
    assert chat.conv.workout is None
    assert effects_of(chat.outcomes[-1], EndSession)


# --- every event in every kind of conversation -------------------------------------------------


PULLED = HistorySummary(
    last_session_at=T0 - timedelta(days=4),
    recent_exercises=[["rdl_barbell"]],
    last_hurts=[Hurt(area="hamstring", kind=PainKind.PULL)],
)
BACK_HURT = HistorySummary(
    last_session_at=T0 - timedelta(days=4),
    recent_exercises=[["lying_leg_curl"]],
    last_hurts=[Hurt(area="back", kind=PainKind.PAIN)],
)


def _conversations() -> dict[str, Conversation]:
    out: dict[str, Conversation] = {"empty": Conversation()}
    chat = Chat()
    chat.say(ev.Launch())
    out["pending-equipment"] = chat.conv
    chat.say(ev.SetEquipment((Equipment.BANDS,)))
    out["pending-level"] = chat.conv
    chat = ready_chat()
    chat.say(ev.Launch())
    out["pending-start"] = chat.conv
    chat = ready_chat(history=_recent(10))
    chat.say(ev.StartWorkout())
    out["pending-lighter"] = chat.conv
    chat = _interrupted()
    chat.say(ev.Launch())
    out["pending-resume"] = chat.conv
    chat = ready_chat()
    chat.say(ev.DeleteData())
    out["pending-delete"] = chat.conv
    chat = started()
    out["workout-setup"] = chat.conv
    chat.say(ev.Ready())
    out["workout-feedback"] = chat.conv
    chat.say(ev.Pause())
    out["workout-paused"] = chat.conv
    chat = started()
    chat.say(ev.Pain(area="hamstring"))
    out["workout-pain"] = chat.conv
    chat = started()
    chat.say(ev.Next())
    out["workout-skip-set"] = chat.conv
    chat = started()
    chat.say(ev.Tired())
    out["workout-wrap-up"] = chat.conv
    chat = ready_chat(history=PULLED)
    chat.say(ev.Launch())
    out["pending-pull-check"] = chat.conv
    chat = ready_chat(history=BACK_HURT)
    chat.say(ev.Launch())
    out["pending-back-check"] = chat.conv
    return out


CONVERSATIONS = _conversations()
DIALOG_EVENTS: list[ev.Event] = [
    ev.Launch(),
    ev.StartWorkout(),
    ev.Ready(),
    ev.LogSet(effort=Effort.EASY),
    ev.LogSet(reps=9, load=50.0),
    ev.LogSet(heard_something=False),
    ev.FormCue(),
    ev.ChangePace(slower=True),
    ev.Repeat(),
    ev.Pause(),
    ev.Resume(),
    ev.SkipExercise(),
    ev.Next(),
    ev.SetDone(),
    ev.Tired(),
    ev.GoLighter(),
    ev.WorkoutQuestion(ev.Topic.SETS_LEFT),
    ev.Pain(area="back"),
    ev.Pain(area="chest"),
    ev.Pain(area="hamstring", kind=PainKind.PULL),
    ev.Pain(area="hamstring", kind=PainKind.SORE),
    ev.Pain(spoken="little toe"),
    ev.RedFlag(ev.Symptom.DIZZY),
    ev.RedFlag(None),
    ev.FeelsFine(),
    ev.Help(),
    ev.Stop(),
    ev.StartOver(),
    ev.Fallback(),
    ev.Yes(),
    ev.No(),
    ev.SetEquipment((Equipment.MACHINES, Equipment.BALL)),
    ev.SetEquipment(()),
    ev.AskEquipment(),
    ev.SetLevel(Level.EXPERIENCED),
    ev.SetLevel(None),
    ev.AskLevel(),
    ev.SetUnit(Unit.KG),
    ev.SetUnit(None),
    ev.ExerciseInfo("nordic_curl"),
    ev.ExerciseInfo("not_an_exercise"),
    ev.AskProgress(),
    ev.AskWeek(),
    ev.AskLastTime("rdl_barbell"),
    ev.AskLastTime(None),
    ev.AskLoad("rdl_barbell"),
    ev.AskLoad("not_an_exercise"),
    ev.DeleteData(),
    ev.SessionEnded(),
]


def test_dialog_events_cover_every_event_type() -> None:
    assert {type(e) for e in DIALOG_EVENTS} == set(get_args(ev.Event))


@pytest.mark.parametrize("label", list(CONVERSATIONS))
@pytest.mark.parametrize("event", DIALOG_EVENTS, ids=repr)
def test_every_event_in_every_conversation_is_answered(label: str, event: ev.Event) -> None:
    chat = Chat(CONVERSATIONS[label].model_copy(deep=True), now=T0 + timedelta(hours=3))
    out = chat.say(event)  # checks SSML, reprompts, round trip and size
    if isinstance(event, ev.SessionEnded):
        assert not ssml(out.speech) and out.end_session
    else:
        assert ssml(out.speech), "never silent"
    if out.end_session and CONVERSATIONS[label].workout is not None:
        in_progress = CONVERSATIONS[label].workout.phase is not Phase.DONE
        stored = effects_of(out, SaveActive) or effects_of(out, EndSession)
        assert not in_progress or stored, "an in-progress workout is never dropped"


# --- the open question's answers ---------------------------------------------------------------


def test_every_open_question_has_its_answers() -> None:
    assert set(dg.ANSWERS) == set(Pending)
    assert set(dg.REASK) | {Pending.EQUIPMENT, Pending.LEVEL} == set(Pending)


def test_requests_that_work_at_any_time_are_events_not_answers() -> None:
    assert set(dg.ANYTIME) <= set(get_args(ev.Event))
    assert not {ev.Yes, ev.No, ev.Help, ev.Fallback, ev.Ready} & set(dg.ANYTIME)


YES_NO = [label for label in CONVERSATIONS if label.startswith("pending-")]


@pytest.mark.parametrize("label", YES_NO)
@pytest.mark.parametrize("event", [ev.Help(), ev.Fallback()], ids=repr)
def test_help_or_a_mishearing_asks_the_open_question_again(label: str, event: ev.Event) -> None:
    conv = CONVERSATIONS[label].model_copy(deep=True)
    pending = conv.pending
    assert pending is not None
    out = Chat(conv).say(event)
    assert out.conversation.pending is pending and not out.end_session
    question = dg.REASK.get(pending) or dg.QUESTIONS[pending]
    assert out.reprompt == [question]
    assert plain_text(ssml(out.speech)).endswith(plain_text(ssml([question])))


# --- red flags, a pull, the back: checking in before planning ---------------------------------


def test_a_red_flag_at_the_resume_question_closes_the_workout_as_partial() -> None:
    chat = _interrupted()
    chat.say(ev.Launch())
    assert chat.conv.pending is Pending.RESUME
    out = chat.say(ev.RedFlag(ev.Symptom.DIZZY))
    assert out.end_session and not out.reprompt
    assert chat.conv.workout is None and chat.conv.pending is None
    [ended] = effects_of(out, EndSession)
    assert ended.session.status is SessionStatus.PARTIAL
    assert len(ended.session.sets) == 1, "exactly the set that was logged"
    said = chat.text(out)
    assert "dizzy" in said and "get checked" in said
    assert "?" not in said


@pytest.mark.parametrize("label", list(CONVERSATIONS))
def test_chest_pain_anywhere_ends_the_session_and_says_call_emergency_services(
    label: str,
) -> None:
    for event in (ev.RedFlag(ev.Symptom.CHEST_PAIN), ev.Pain(area="chest")):
        chat = Chat(CONVERSATIONS[label].model_copy(deep=True), now=T0 + timedelta(hours=3))
        out = chat.say(event)
        assert out.end_session and not out.reprompt
        assert "Call emergency services now." in chat.text(out)
        assert chat.conv.pending is None
        assert not effects_of(out, SaveActive), "the workout is closed, not kept to resume"
        if CONVERSATIONS[label].workout is not None and label != "empty":
            assert effects_of(out, EndSession)


def test_a_pull_ends_the_workout_as_partial_and_the_next_launch_asks_how_it_feels() -> None:
    chat = started()
    do_set(chat)
    out = chat.say(ev.Pain(area="hamstring", kind=PainKind.PULL))
    assert out.end_session
    [ended] = effects_of(out, EndSession)
    assert ended.session.status is SessionStatus.PARTIAL
    assert ended.session.hurts == [Hurt(area="hamstring", kind=PainKind.PULL)]
    history = HistorySummary.from_sessions([ended.session])
    assert history.pulled is not None
    later = ready_chat(history=history)
    asked = later.say(ev.Launch())
    assert later.conv.pending is Pending.PULL_CHECK
    assert "Last time you felt a pull in your hamstring." in later.text(asked)
    assert later.conv.workout is None, "nothing planned before the answer"


@pytest.mark.parametrize("answer", [ev.Yes(), ev.FeelsFine(), ev.LogSet(effort=Effort.RIGHT)])
def test_the_pull_feels_fine_so_the_launch_carries_on(answer: ev.Event) -> None:
    chat = ready_chat(history=PULLED)
    chat.say(ev.Launch())
    out = chat.say(answer)
    assert chat.conv.pending is Pending.START
    assert "Good to hear." in chat.text(out)
    chat.say(ev.Yes())
    assert chat.conv.workout is not None, "planned and started"


@pytest.mark.parametrize("answer", [ev.No(), ev.Pain(), ev.Pain(kind=PainKind.SORE)])
def test_the_pull_still_hurts_so_no_training_today(answer: ev.Event) -> None:
    chat = ready_chat(history=PULLED)
    chat.say(ev.Launch())
    out = chat.say(answer)
    assert out.end_session and chat.conv.workout is None
    said = chat.text(out)
    assert "no training today" in said and "physio or doctor" in said


def test_starting_straight_away_after_a_pull_still_checks_in_first() -> None:
    chat = ready_chat(history=PULLED)
    chat.say(ev.StartWorkout())
    assert chat.conv.pending is Pending.PULL_CHECK and chat.conv.workout is None
    out = chat.say(ev.FeelsFine())
    assert chat.conv.workout is not None
    assert effects_of(out, SaveActive)


def _hinges(chat: Chat) -> list[str]:
    assert chat.conv.workout is not None
    plan = [p.exercise_id for p in chat.conv.workout.plan]
    return [i for i in plan if Slot.HINGE in CATALOG.get(i).slots]


def test_back_still_sore_means_no_hinges_today() -> None:
    chat = ready_chat(history=BACK_HURT)
    asked = chat.say(ev.Launch())
    assert chat.conv.pending is Pending.BACK_CHECK
    assert "How's your back today" in chat.text(asked)
    out = chat.say(ev.No())
    assert "leave out the hinges" in chat.text(out)
    assert chat.conv.pending is Pending.START
    chat.say(ev.Yes())
    assert chat.conv.workout is not None
    assert _hinges(chat) == []


def test_back_fine_plans_as_usual() -> None:
    chat = ready_chat(history=BACK_HURT)
    chat.say(ev.Launch())
    chat.say(ev.Yes())
    chat.say(ev.Yes())
    assert _hinges(chat), "a normal plan has its hinge"


def test_the_planner_can_leave_out_hinges() -> None:
    profile = make_profile()
    usual = planner.plan_session(CATALOG, profile, fitted(HistorySummary(), profile))
    assert any(Slot.HINGE in CATALOG.get(p.exercise_id).slots for p in usual.exercises)
    plan = planner.plan_session(CATALOG, profile, fitted(HistorySummary(), profile), no_hinges=True)
    assert plan.exercises
    assert not [p for p in plan.exercises if Slot.HINGE in CATALOG.get(p.exercise_id).slots]


def test_soreness_outside_a_workout_is_normal_and_offers_to_train() -> None:
    chat = ready_chat()
    out = chat.say(ev.Pain(area="hamstring", kind=PainKind.SORE))
    assert not out.end_session and chat.conv.pending is Pending.START
    assert "normal" in chat.text(out)


def test_a_pull_outside_a_workout_says_rest_and_see_a_professional() -> None:
    chat = ready_chat()
    out = chat.say(ev.Pain(kind=PainKind.PULL))
    assert out.end_session
    assert "physio or doctor" in chat.text(out)


def test_pain_somewhere_else_is_not_the_answer_to_the_pull_check() -> None:
    chat = ready_chat(history=PULLED)
    chat.say(ev.Launch())
    out = chat.say(ev.Pain(area="elbow"))
    assert "Rest" in chat.text(out) and "no training today" not in chat.text(out)
    again = ready_chat(history=PULLED)
    again.say(ev.Launch())
    out = again.say(ev.Pain(area="hamstring"))
    assert "no training today" in again.text(out)


# --- words we don't know, and repeated misunderstandings ---------------------------------------


def test_known_equipment_is_kept_and_the_unknown_said_back() -> None:
    chat = Chat()
    chat.say(ev.Launch())
    out = chat.say(ev.SetEquipment((Equipment.BARBELL,), ("a bench",)))
    assert "Got it: a barbell. I don't know a bench, so I'll plan without it." in chat.text(out)
    [saved] = effects_of(out, SaveProfile)
    assert saved.profile.equipment == [Equipment.BARBELL]
    assert chat.conv.pending is Pending.LEVEL
    assert chat.conv.misheard == 0


def test_only_unknown_equipment_asks_again_naming_it() -> None:
    chat = Chat()
    chat.say(ev.Launch())
    out = chat.say(ev.SetEquipment((), ("a bench", "a squat rack")))
    assert chat.text(out).startswith("I don't know a bench and a squat rack.")
    assert "What equipment do you have?" in chat.text(out)
    assert not effects_of(out, SaveProfile)
    assert chat.conv.pending is Pending.EQUIPMENT and chat.conv.misheard == 1


def test_words_said_back_are_escaped_and_cleaned() -> None:
    chat = ready_chat()
    out = chat.say(ev.ExerciseInfo(None, "<zercher> & squats\x1b"))
    said = ssml(out.speech)
    assert "I don't know zercher squats." in plain_text(said)
    assert "<zercher>" not in said


def test_an_unknown_exercise_is_named_for_info_last_time_and_load() -> None:
    chat = ready_chat()
    for event in (
        ev.ExerciseInfo(None, "zercher squats"),
        ev.AskLastTime(None, "zercher squats"),
        ev.AskLoad(None, "zercher squats"),
    ):
        out = chat.say(event)
        assert chat.text(out).startswith("I don't know zercher squats."), event


def test_two_misunderstandings_in_a_row_give_examples_not_the_same_question() -> None:
    chat = Chat()
    chat.say(ev.Launch())
    first = chat.say(ev.Fallback())
    assert "What equipment do you have?" in chat.text(first)
    second = chat.say(ev.Fallback())
    assert "What equipment do you have?" not in chat.text(second)
    assert "You can say: dumbbells and bands." in chat.text(second)
    assert second.reprompt == [sd.Examples(sd.Where.EQUIPMENT, Unit.LB)]
    assert chat.conv.misheard == 2
    chat.say(ev.SetEquipment((Equipment.BANDS,)))
    assert chat.conv.misheard == 0, "an understood turn resets the count"
    assert "You can say" not in chat.text(chat.say(ev.Fallback()))


def test_examples_at_how_did_that_feel_use_the_persons_unit() -> None:
    chat = started(make_profile(unit=Unit.KG))
    chat.say(ev.Ready())
    chat.say(ev.Fallback())
    out = chat.say(ev.LogSet(heard_something=False))  # "it was purple": nothing heard
    assert chat.text(out).endswith(
        "You can say: easy, just right, or hard. Or: ten reps at twenty-five kilos."
    )
    assert chat.workout.phase is Phase.FEEDBACK


@pytest.mark.parametrize(
    ("setup", "where"),
    [
        (lambda chat: None, sd.Where.SETUP),
        (lambda chat: chat.say(ev.Pause()), sd.Where.PAUSED),
        (lambda chat: chat.say(ev.Tired()), sd.Where.WRAP_UP),
    ],
)
def test_examples_follow_the_phase(setup: Any, where: sd.Where) -> None:
    chat = started()
    setup(chat)
    chat.say(ev.Fallback())
    out = chat.say(ev.Fallback())
    assert out.speech[-1] == sd.Examples(where, Unit.LB)


def test_a_misfit_in_the_workout_counts_as_a_misunderstanding() -> None:
    chat = started()
    chat.say(ev.FeelsFine())  # means nothing before a set
    assert chat.conv.misheard == 1
    chat.say(ev.Ready())
    assert chat.conv.misheard == 0


def test_examples_outside_a_workout_and_at_a_yes_no_question() -> None:
    chat = ready_chat()
    chat.say(ev.Launch())
    chat.say(ev.Fallback())
    out = chat.say(ev.Fallback())
    assert out.speech[-1] == sd.Examples(sd.Where.YES_NO, Unit.LB)
    chat = ready_chat()
    chat.say(ev.FormCue())
    out = chat.say(ev.FormCue())
    assert out.speech[-1] == sd.Examples(sd.Where.IDLE, Unit.LB)
