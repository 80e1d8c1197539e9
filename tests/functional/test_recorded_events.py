"""Recorded Alexa requests (tests/events/*.json) through the Lambda-style handler.

The envelopes are written as Alexa's request reference shows them, not by this repository's own
EnvelopeFactory: a Show's Viewport and APL interfaces, slots with ``slotValue`` and entity
resolutions, a skill event with no session, an error on SessionEndedRequest, a display event,
a request for another skill. The handler is the one the Lambda runs (``build_handler``), over a
SQLite file in tmp_path, configured for the recorded skill id.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, cast

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.alexa.app import build_handler
from skill.core.effort import Effort
from skill.core.profile import Unit
from skill.store.protocol import Store
from skill.store.sqlite import SQLiteStore
from tests.events import (
    OTHER_SKILL_ID,
    RECORDED_SKILL_ID,
    RECORDED_USER_ID,
    event_names,
    load_event,
)
from tests.factories import Alexa, MutableClock, check_response, plain_text

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
SORRY = "something went wrong"
"""The catch-all's words: a recorded event must never end up there."""


class StoreSpy:
    """Any store, with the name of every method called on it recorded."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)
        if not callable(attr):
            return attr

        def recorded(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            return attr(*args, **kwargs)

        return recorded


@pytest.fixture
def spy(sqlite_store: SQLiteStore) -> StoreSpy:
    return StoreSpy(sqlite_store)


@pytest.fixture
def handler(spy: StoreSpy, clock: MutableClock) -> Handler:
    return build_handler(cast(Store, spy), clock, skill_id=RECORDED_SKILL_ID)


@pytest.fixture
def trainee(handler: Handler, clock: MutableClock) -> Alexa:
    """The recorded user, through the same handler, driven by the test's own envelopes."""
    alexa = Alexa(handler, clock, user_id=RECORDED_USER_ID)
    alexa.factory.skill_id = RECORDED_SKILL_ID
    return alexa


def send(handler: Handler, name: str) -> dict[str, Any]:
    response = handler(load_event(name), None)
    check_response(response)
    return response


def spoken(response: dict[str, Any]) -> str:
    ssml = (response.get("response", {}).get("outputSpeech") or {}).get("ssml")
    return plain_text(ssml) if ssml else ""


def awaiting_feedback(trainee: Alexa) -> None:
    """Onboarded with dumbbells, first set counted, then walked away before saying how it felt."""
    trainee.onboard(("dumbbells",), "new")
    trainee.say("ReadyIntent")
    assert "easy, just right, or hard" in trainee.text
    trainee.leave()


# -- the recordings themselves ---------------------------------------------------------------


def test_the_recordings_are_all_here() -> None:
    assert set(event_names()) >= {
        "launch_request",
        "log_set_intent",
        "stop_intent",
        "session_ended_error",
        "skill_disabled",
        "display_element_selected",
        "launch_other_skill",
    }


@pytest.mark.parametrize("name", event_names())
def test_each_recording_is_a_request_envelope_the_sdk_reads(name: str) -> None:
    event = load_event(name)
    assert event["version"] == "1.0"
    request = event["request"]
    assert request["requestId"].startswith("amzn1.echo-api.request.")
    assert request["timestamp"].endswith("Z")
    envelope = DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)
    assert envelope.request.object_type == request["type"]
    assert envelope.context.system.user.user_id == RECORDED_USER_ID
    expected_skill = OTHER_SKILL_ID if name == "launch_other_skill" else RECORDED_SKILL_ID
    assert envelope.context.system.application.application_id == expected_skill


@pytest.mark.parametrize("name", event_names())
def test_each_recording_gets_a_valid_answer_never_the_catch_all(
    handler: Handler, name: str
) -> None:
    response = send(handler, name)
    assert SORRY not in spoken(response).lower()


# -- what each request does ------------------------------------------------------------------


def test_a_launch_on_a_show_asks_a_new_person_for_their_equipment(
    handler: Handler, spy: StoreSpy
) -> None:
    response = send(handler, "launch_request")
    text = spoken(response)
    assert "Welcome to Hamstring Coach" in text
    assert "What equipment do you have" in text
    assert response["response"]["shouldEndSession"] is False
    assert "equipment" in plain_text(response["response"]["reprompt"]["outputSpeech"]["ssml"])
    profile = spy.inner.load_user(RECORDED_USER_ID).profile
    assert profile is None or not profile.equipment, "nothing chosen yet"


def test_a_set_logged_in_a_fresh_session_with_no_workout_points_to_starting_one(
    handler: Handler, spy: StoreSpy
) -> None:
    response = send(handler, "log_set_intent")
    text = spoken(response)
    assert "no workout going" in text
    assert "start hamstring day" in text
    assert response["response"]["shouldEndSession"] is False
    data = spy.inner.load_user(RECORDED_USER_ID)
    assert data.active is None
    assert spy.inner.recent_sessions(RECORDED_USER_ID) == []


def test_a_set_logged_in_a_fresh_session_lands_in_the_stored_workout(
    handler: Handler, spy: StoreSpy, trainee: Alexa, clock: MutableClock
) -> None:
    """Alexa, tell Hamstring Coach "ten reps at twenty pounds, easy": the slots' entity
    resolutions (``lb``, ``easy``) and numbers reach the workout that was left waiting."""
    awaiting_feedback(trainee)
    clock.advance(minutes=2)

    text = spoken(send(handler, "log_set_intent"))
    assert "Logged ten at twenty pounds" in text
    assert "Set two of four" in text

    (session,) = spy.inner.recent_sessions(RECORDED_USER_ID)
    (logged,) = session.sets
    assert (logged.reps, logged.load, logged.unit, logged.effort) == (
        10,
        20.0,
        Unit.LB,
        Effort.EASY,
    )


def test_stop_says_goodbye_and_ends_the_session(handler: Handler) -> None:
    response = send(handler, "stop_intent")
    assert response["response"]["shouldEndSession"] is True
    assert "see you next time" in spoken(response).lower()


def test_a_session_ended_by_an_error_is_logged_answered_silently_and_keeps_the_workout(
    handler: Handler,
    spy: StoreSpy,
    trainee: Alexa,
    caplog: pytest.LogCaptureFixture,
) -> None:
    awaiting_feedback(trainee)
    before = spy.inner.load_user(RECORDED_USER_ID).active
    assert before is not None

    with caplog.at_level(logging.WARNING):
        response = send(handler, "session_ended_error")
    assert "outputSpeech" not in response["response"], "Alexa ignores speech here"
    assert any(
        "An exception occurred while dispatching" in record.getMessage()
        for record in caplog.records
    ), "Alexa's error reaches the log"
    after = spy.inner.load_user(RECORDED_USER_ID).active
    assert after is not None and after.workout_id == before.workout_id


def test_skill_disabled_deletes_everything_about_that_person_only(
    handler: Handler, spy: StoreSpy, trainee: Alexa, clock: MutableClock
) -> None:
    awaiting_feedback(trainee)
    send(handler, "log_set_intent")
    other = Alexa(handler, clock, user_id="amzn1.ask.account.SOMEONE-ELSE")
    other.factory.skill_id = RECORDED_SKILL_ID
    other.onboard(("bands",), "some")
    assert spy.inner.recent_sessions(RECORDED_USER_ID)

    response = send(handler, "skill_disabled")
    assert "outputSpeech" not in response["response"]
    assert "delete_user" in spy.calls
    gone = spy.inner.load_user(RECORDED_USER_ID)
    assert (gone.profile, gone.active, gone.recent_sessions) == (None, None, [])
    assert spy.inner.recent_sessions(RECORDED_USER_ID) == []
    assert spy.inner.load_user(other.user_id).profile is not None, "nobody else's data"


def test_a_display_event_gets_a_quiet_answer_and_stores_nothing(
    handler: Handler, spy: StoreSpy
) -> None:
    response = send(handler, "display_element_selected")
    assert "outputSpeech" not in response["response"]
    assert not any(call.startswith(("save", "log", "end", "delete")) for call in spy.calls)
    assert spy.inner.load_user(RECORDED_USER_ID).profile is None


def test_a_request_type_the_sdk_has_never_heard_of_is_still_answered(
    handler: Handler, spy: StoreSpy
) -> None:
    event = load_event("display_element_selected")
    event["request"]["type"] = "Alexa.Future.SomethingNew"
    response = handler(event, None)
    check_response(response)
    assert spy.inner.load_user(RECORDED_USER_ID).profile is None


def test_a_request_for_another_skill_is_refused_before_the_store_is_touched(
    handler: Handler, spy: StoreSpy
) -> None:
    response = send(handler, "launch_other_skill")
    assert response["response"].get("shouldEndSession") is True
    assert "outputSpeech" not in response["response"]
    assert "sessionAttributes" not in response
    assert spy.calls == [], "refused before any read or write"
    assert spy.inner.load_user(RECORDED_USER_ID).profile is None
