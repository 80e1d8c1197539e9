"""Whatever is said, in whatever order, with whatever slot values: the skill answers validly and
never stores a set twice or more sets than were reported (by LogSetIntent, or by
"next" after a counted set, which logs it as done at its target reps).

Hypothesis draws conversations of up to 25 steps: intents from the interaction model (and some it
does not know) with slot values that are valid ids, synonyms, junk, odd numbers ("?", huge,
negative, NaN) or missing; launches, session ends, retried requests, hours or days passing, and
broken envelopes. Each conversation is one new user on one shared SQLite store.
"""

from __future__ import annotations

import copy
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from skill.alexa.app import SORRY, build_handler
from skill.core.workout import Phase
from skill.local.envelope import EnvelopeFactory
from skill.store.sqlite import SQLiteStore
from tests.factories import (
    MutableClock,
    at,
    check_response,
    intent_match,
    model_intents,
    slot_type_values,
)

INTENTS = model_intents()
ALL_NAMES = [*INTENTS, "SomethingNewIntent", "AMAZON.SendMessageIntent"]
WORKOUT_NAMES = [
    "ReadyIntent",
    "LogSetIntent",
    "LogSetIntent",
    "FormCueIntent",
    "AMAZON.NextIntent",
]

JUNK = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "?",
            "<speak>",
            "</speak><break time='60s'/>",
            "&amp; & < > \" '",
            "]]>",
            "null",
            "ten",
            "💪",
            "x" * 300,
        ]
    ),
    st.text(max_size=20),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.integers(min_value=0, max_value=40).map(str),
    st.integers(min_value=0, max_value=40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["?", "-5", "0", "3.5", "1e309", "nan", "-inf", "99999999999999999999"]),
)


def slot_values(type_name: str) -> st.SearchStrategy[str | None]:
    if type_name == "AMAZON.NUMBER":
        return st.one_of(st.none(), NUMBERS, JUNK)
    if type_name == "AMAZON.DATE":  # days as Alexa resolves them, and worse
        days = st.sampled_from(["2026-12-03", "2026-W49", "2026-12-XX", "PRESENT_REF", "friday"])
        return st.one_of(st.none(), days, JUNK)
    if type_name == "AMAZON.TIME":
        times = st.sampled_from(["18:00", "07:30", "MO", "EV", "25:99", "seven thirty"])
        return st.one_of(st.none(), times, JUNK)
    known = slot_type_values(type_name)
    spoken = [name for names in known.values() for name in names]
    valid = st.one_of(st.sampled_from(list(known)), st.sampled_from(spoken))
    return st.one_of(st.none(), valid, valid, JUNK)


@st.composite
def intent_steps(draw: st.DrawFn) -> tuple[Any, ...]:
    name = draw(st.one_of(st.sampled_from(ALL_NAMES), st.sampled_from(WORKOUT_NAMES)))
    slots = {slot: draw(slot_values(t)) for slot, t in INTENTS.get(name, {}).items()}
    if draw(st.integers(0, 9)) == 0:
        slots[draw(st.sampled_from(["reps", "mystery", "bodyPart"]))] = draw(JUNK)
    wrong_ids = draw(st.integers(0, 9)) == 0  # resolutions that name ids we never declared
    return ("intent", name, slots, wrong_ids)


SINGLE_STEPS = st.one_of(
    intent_steps(),
    intent_steps(),
    intent_steps(),
    intent_steps(),
    st.just(("launch",)),
    st.tuples(
        st.just("ended"), st.sampled_from(["USER_INITIATED", "EXCEEDED_MAX_REPROMPTS", "ERROR"])
    ),
    st.just(("retry",)),
    st.tuples(st.just("wait"), st.sampled_from([1, 30, 60 * 20, 60 * 49, 60 * 24 * 8])),
    st.tuples(st.just("malformed"), st.integers(0, 11)),
)
A_SET = st.tuples(
    st.just(("intent", "ReadyIntent", {}, False)),
    st.builds(
        lambda effort, reps: ("intent", "LogSetIntent", {"effort": effort, "reps": reps}, False),
        st.sampled_from(["easy", "just right", "hard", "tough"]),
        st.one_of(st.none(), st.integers(0, 12).map(str)),
    ),
)
"""A plain set (ready, then how it felt), so conversations get deep into workouts."""
STEPS = st.one_of(SINGLE_STEPS.map(lambda step: (step,)), A_SET)


def _malformed(kind: int, e: dict[str, Any]) -> object:
    request, session = e["request"], e["session"]
    return [
        lambda: {k: v for k, v in e.items() if k != "request"},
        lambda: {**e, "request": "IntentRequest"},
        lambda: {**e, "request": {**request, "type": "Alexa.Presentation.APL.UserEvent"}},
        lambda: {**e, "request": {**request, "intent": {"name": 7, "slots": "all"}}},
        lambda: {**e, "request": {**request, "timestamp": "soon"}},
        lambda: {**e, "session": {**session, "attributes": {"coach": "corrupt"}}},
        lambda: {**e, "session": {**session, "attributes": {"coach": {"workout": {"plan": 3}}}}},
        lambda: {**e, "session": None},
        lambda: {"garbage": True},
        lambda: {**e, "request": {**request, "locale": None}},
        lambda: {**e, "context": "nope"},
        lambda: None,
    ][kind]()


LOGGING_INTENTS = (
    "LogSetIntent",
    "AMAZON.NextIntent",
    # "I'm done" logs a half-heard set; "I'm tired" then yes or one more logs the counted one.
    "SetDoneIntent",
    "TiredIntent",
    "LighterIntent",
)
"""Intents that may log a set: "next" after a counted set logs it as done, at its target reps."""
AFTER_A_COUNTED_SET = ("ReadyIntent", "AMAZON.ResumeIntent", "SkipExerciseIntent")
"""Intents that log a set only when one was just counted and not reported (it is logged as
planned, never recounted): they count as set reports only then."""


def counted_and_unreported(envelope: dict[str, Any], store: SQLiteStore, user: str) -> bool:
    """Whether the workout this request meets waits for a counted set's report: as the session
    attributes carry it, or, starting a session, as stored."""
    session = envelope.get("session")
    attributes = session.get("attributes") if isinstance(session, dict) else None
    coach = attributes.get("coach") if isinstance(attributes, dict) else None
    if isinstance(coach, dict):
        workout = coach.get("workout")
        return isinstance(workout, dict) and workout.get("phase") == Phase.FEEDBACK.value
    active = store.load_user(user).active
    return active is not None and active.phase is Phase.FEEDBACK


@dataclass
class Tally:
    log_requests: set[str]
    """requestIds of the set-reporting envelopes sent (a retried one counts once)."""


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("property") / "coach.sqlite3"


@pytest.fixture(scope="module")
def shared_store(shared_db: Path) -> Iterator[SQLiteStore]:
    with SQLiteStore(shared_db) as store:
        yield store


def stored_keys(store: SQLiteStore, user_id: str) -> list[tuple[str, str]]:
    sessions = store.recent_sessions(user_id, limit=1000)
    return [(s.workout_id, s.key) for session in sessions for s in session.sets]


def raw_set_rows(path: Path, user_id: str) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return list(
            conn.execute("SELECT workout_id, set_key FROM sets WHERE user_id = ?", (user_id,))
        )


def _send(
    handler: Callable[..., dict[str, Any]], factory: EnvelopeFactory, envelope: object
) -> dict[str, Any]:
    response = handler(copy.deepcopy(envelope), None)
    check_response(response)
    if isinstance(envelope, dict):
        factory.remember(response)
    return response


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    onboard=st.sampled_from([True, True, True, False]),
    groups=st.lists(STEPS, min_size=3, max_size=20),
)
def test_any_conversation_gets_valid_answers_and_never_overcounts_sets(
    shared_store: SQLiteStore,
    shared_db: Path,
    onboard: bool,
    groups: list[tuple[tuple[Any, ...], ...]],
) -> None:
    steps = [step for group in groups for step in group][:25]
    clock = MutableClock(at(days=60))
    handler = build_handler(shared_store, clock)
    user = f"amzn1.ask.account.PROP-{uuid.uuid4().hex}"
    factory = EnvelopeFactory(user_id=user)
    tally = Tally(set())
    last: dict[str, Any] | None = None

    prefix: list[tuple[Any, ...]] = []
    if onboard:
        prefix = [
            ("launch",),
            ("intent", "SetEquipmentIntent", {"equipmentOne": "dumbbells"}, False),
            ("intent", "SetLevelIntent", {"level": "new"}, False),
        ]
    for step in prefix + steps:
        kind = step[0]
        if kind == "wait":
            clock.advance(minutes=step[1])
            continue
        if kind == "launch":
            envelope: Any = factory.launch(clock())
        elif kind == "ended":
            envelope = factory.session_ended(clock(), step[1])
        elif kind == "retry":
            if last is None:
                continue
            # The last response was lost: Alexa sends the same request again (same requestId,
            # the session attributes from before it) and goes on with the answer to the retry.
            envelope = last
        elif kind == "malformed":
            envelope = _malformed(step[1], factory.intent("ReadyIntent", now=clock()))
        else:
            _, name, slots, wrong_ids = step
            match = intent_match(name, **slots)
            if wrong_ids:
                for value in match.slots.values():
                    value.resolved_id = f"not-an-id-{value.value}"
            envelope = factory.intent(match, now=clock())
        if isinstance(envelope, dict):
            request = envelope.get("request")
            intent = request.get("intent") if isinstance(request, dict) else None
            asked = intent.get("name") if isinstance(intent, dict) else None
            if asked in LOGGING_INTENTS or (
                asked in AFTER_A_COUNTED_SET
                and counted_and_unreported(envelope, shared_store, user)
            ):
                tally.log_requests.add(str(request.get("requestId")))
        if kind in ("intent", "launch"):
            last = envelope
        response = _send(handler, factory, envelope)
        if kind != "malformed":  # a well-formed request, however odd, must not fail inside
            ssml = (response["response"].get("outputSpeech") or {}).get("ssml", "")
            assert SORRY not in ssml, f"{step} failed inside the skill"

        keys = stored_keys(shared_store, user)
        assert len(keys) == len(set(keys)), f"a set was stored twice: {keys}"
        assert len(keys) <= len(tally.log_requests), (
            f"{len(keys)} sets stored from {len(tally.log_requests)} LogSet/Next requests"
        )

    stored = len(stored_keys(shared_store, user))
    event(f"sets stored: {'0' if not stored else '1-3' if stored <= 3 else '4+'}")
    rows = raw_set_rows(shared_db, user)  # what the file holds, not just what the store returns
    assert len(rows) == len(set(rows)) == len(stored_keys(shared_store, user))
