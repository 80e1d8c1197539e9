"""Envelopes must be what Alexa sends: ask-sdk has to read them exactly like device requests."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils import get_simple_slot_values, is_intent_name
from ask_sdk_model import (
    IntentRequest,
    LaunchRequest,
    RequestEnvelope,
    Response,
    SessionEndedReason,
    SessionEndedRequest,
)
from ask_sdk_model.slu.entityresolution import StatusCode

from skill.local.envelope import DEFAULT_SKILL_ID, EnvelopeFactory
from skill.local.nlu import IntentMatch, Matcher, SlotValue

NOW = datetime(2025, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)

MODEL = {
    "interactionModel": {
        "languageModel": {
            "invocationName": "hamstring coach",
            "intents": [
                {
                    "name": "LogSetIntent",
                    "slots": [
                        {"name": "reps", "type": "AMAZON.NUMBER"},
                        {"name": "load", "type": "AMAZON.NUMBER"},
                        {"name": "unit", "type": "WEIGHT_UNIT"},
                        {"name": "effort", "type": "EFFORT"},
                    ],
                    "samples": ["{reps} reps", "{reps} reps at {load} {unit}"],
                },
                {"name": "AMAZON.YesIntent", "samples": []},
                {"name": "AMAZON.FallbackIntent", "samples": []},
            ],
            "types": [
                {
                    "name": "WEIGHT_UNIT",
                    "values": [
                        {"id": "lb", "name": {"value": "pounds", "synonyms": ["lb", "lbs"]}},
                        {"id": "kg", "name": {"value": "kilograms", "synonyms": ["kilos"]}},
                    ],
                },
                {
                    "name": "EFFORT",
                    "values": [{"id": "hard", "name": {"value": "hard", "synonyms": []}}],
                },
            ],
        }
    }
}


def _parse(envelope: dict[str, Any]) -> Any:
    """Exactly what the Lambda entry point does with Alexa's JSON."""
    return DefaultSerializer().deserialize(payload=json.dumps(envelope), obj_type=RequestEnvelope)


@pytest.fixture
def factory() -> EnvelopeFactory:
    return EnvelopeFactory()


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.from_model(MODEL)


def test_launch_request_shape(factory: EnvelopeFactory) -> None:
    env = factory.launch(NOW)
    assert env["version"] == "1.0"
    assert env["request"]["type"] == "LaunchRequest"
    assert env["request"]["timestamp"] == "2025-03-04T05:06:07Z"
    assert env["request"]["requestId"].startswith("amzn1.echo-api.request.")
    assert env["session"]["new"] is True
    assert env["session"]["attributes"] == {}
    system = env["context"]["System"]
    assert system["application"]["applicationId"] == DEFAULT_SKILL_ID
    assert system["apiEndpoint"] == "https://api.amazonalexa.com"
    assert system["device"]["supportedInterfaces"] == {}

    parsed = _parse(env)
    assert isinstance(parsed.request, LaunchRequest)
    assert parsed.session.new is True
    assert parsed.session.session_id == factory.session_id
    assert parsed.session.user.user_id == factory.user_id
    assert parsed.context.system.device.device_id == factory.device_id
    assert parsed.context.system.application.application_id == DEFAULT_SKILL_ID
    assert parsed.request.locale == "en-US"
    assert parsed.request.timestamp == datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_timestamp_is_converted_to_utc_and_naive_rejected(factory: EnvelopeFactory) -> None:
    local = datetime(2025, 3, 4, 7, 6, 7, 5, tzinfo=timezone(timedelta(hours=2)))
    assert factory.launch(local)["request"]["timestamp"] == "2025-03-04T05:06:07Z"
    with pytest.raises(ValueError, match="timezone-aware"):
        factory.launch(datetime(2025, 3, 4))


def test_request_ids_are_unique(factory: EnvelopeFactory) -> None:
    ids = {factory.intent("AMAZON.YesIntent", now=NOW)["request"]["requestId"] for _ in range(5)}
    assert len(ids) == 5


def test_intent_from_match_carries_values_resolutions_and_empty_slots(
    factory: EnvelopeFactory, matcher: Matcher
) -> None:
    env = factory.intent(matcher.match("ten reps at sixty lbs"), now=NOW)
    slots = env["request"]["intent"]["slots"]
    assert set(slots) == {"reps", "load", "unit", "effort"}
    assert slots["effort"] == {"name": "effort", "confirmationStatus": "NONE", "source": "USER"}
    assert "resolutions" not in slots["reps"]
    assert "dialogState" not in env["request"]

    request = _parse(env).request
    assert isinstance(request, IntentRequest)
    assert request.intent.name == "LogSetIntent"
    assert request.intent.confirmation_status.value == "NONE"
    parsed = request.intent.slots
    assert parsed["reps"].value == "10"
    assert parsed["load"].value == "60"
    assert parsed["unit"].value == "lbs"
    assert parsed["effort"].value is None
    authority = parsed["unit"].resolutions.resolutions_per_authority[0]
    assert authority.authority == f"amzn1.er-authority.echo-sdk.{DEFAULT_SKILL_ID}.WEIGHT_UNIT"
    assert authority.status.code == StatusCode.ER_SUCCESS_MATCH
    assert authority.values[0].value.id == "lb"
    assert authority.values[0].value.name == "pounds"
    # ask-sdk's non-deprecated accessors read slotValue, not value.
    (simple,) = get_simple_slot_values(parsed["unit"].slot_value)
    assert simple.value == "lbs"
    assert simple.resolutions.resolutions_per_authority[0].values[0].value.id == "lb"


def test_custom_slot_without_resolution_reports_no_match(factory: EnvelopeFactory) -> None:
    match = IntentMatch(
        intent="LogSetIntent",
        slots={"unit": SlotValue(name="unit", value="stones")},
        slot_types={"unit": "WEIGHT_UNIT"},
    )
    slot = _parse(factory.intent(match, now=NOW)).request.intent.slots["unit"]
    assert slot.value == "stones"
    per_authority = slot.resolutions.resolutions_per_authority[0]
    assert per_authority.status.code == StatusCode.ER_SUCCESS_NO_MATCH
    assert per_authority.values is None


def test_intent_by_name_and_plain_values(factory: EnvelopeFactory) -> None:
    env = factory.intent("LogSetIntent", {"reps": "8", "load": None}, now=NOW)
    slots = _parse(env).request.intent.slots
    assert slots["reps"].value == "8"
    assert slots["reps"].resolutions is None
    assert slots["load"].value is None


def test_slotless_intent_has_no_slots_key(factory: EnvelopeFactory, matcher: Matcher) -> None:
    env = factory.intent(matcher.match("yes"), now=NOW)
    assert env["request"]["intent"] == {"name": "AMAZON.YesIntent", "confirmationStatus": "NONE"}
    assert _parse(env).request.intent.name == "AMAZON.YesIntent"
    fallback = factory.intent(matcher.match("blah"), now=NOW)
    assert _parse(fallback).request.intent.name == "AMAZON.FallbackIntent"


def test_match_and_separate_slots_is_an_error(factory: EnvelopeFactory) -> None:
    with pytest.raises(ValueError):
        factory.intent(IntentMatch(intent="X"), {"a": "b"}, now=NOW)


def test_session_attributes_round_trip_and_new_flag(factory: EnvelopeFactory) -> None:
    first = factory.launch(NOW)
    factory.remember({"version": "1.0", "sessionAttributes": {"phase": "setup", "n": [1]}})
    second = factory.intent("AMAZON.YesIntent", now=NOW)
    assert second["session"]["new"] is False
    assert second["session"]["sessionId"] == first["session"]["sessionId"]
    assert _parse(second).session.attributes == {"phase": "setup", "n": [1]}

    # Alexa replaces attributes: a response without them clears them.
    factory.remember({"version": "1.0", "response": {"shouldEndSession": False}})
    assert factory.intent("AMAZON.YesIntent", now=NOW)["session"]["attributes"] == {}


def test_attributes_are_copied_not_shared(factory: EnvelopeFactory) -> None:
    response: dict[str, Any] = {"sessionAttributes": {"items": [1]}}
    factory.remember(response)
    env = factory.intent("AMAZON.YesIntent", now=NOW)
    response["sessionAttributes"]["items"].append(2)
    env["session"]["attributes"]["items"].append(3)
    assert factory.intent("AMAZON.YesIntent", now=NOW)["session"]["attributes"] == {"items": [1]}


def test_should_end_session_starts_a_new_session(factory: EnvelopeFactory) -> None:
    first = factory.launch(NOW)
    factory.remember({"sessionAttributes": {"x": 1}, "response": {"shouldEndSession": True}})
    nxt = factory.intent("AMAZON.YesIntent", now=NOW)
    assert nxt["session"]["new"] is True
    assert nxt["session"]["sessionId"] != first["session"]["sessionId"]
    assert nxt["session"]["attributes"] == {}
    assert factory.intent("AMAZON.YesIntent", now=NOW)["session"]["new"] is False


def test_launch_always_opens_a_fresh_session(factory: EnvelopeFactory) -> None:
    first = factory.launch(NOW)
    factory.remember({"sessionAttributes": {"x": 1}, "response": {}})
    again = factory.launch(NOW)
    assert again["session"]["new"] is True
    assert again["session"]["attributes"] == {}
    assert again["session"]["sessionId"] != first["session"]["sessionId"]


def test_session_ended_request(factory: EnvelopeFactory) -> None:
    factory.launch(NOW)
    factory.remember({"sessionAttributes": {"x": 1}})
    env = factory.session_ended(NOW)
    assert env["session"]["attributes"] == {"x": 1}
    request = _parse(env).request
    assert isinstance(request, SessionEndedRequest)
    assert request.reason == SessionEndedReason.USER_INITIATED
    assert request.error is None
    assert "error" not in env["request"]

    # Alexa ignores the reply to a SessionEndedRequest, and the next turn is a new session.
    factory.remember({"sessionAttributes": {"late": True}})
    nxt = factory.intent("AMAZON.YesIntent", now=NOW)
    assert nxt["session"]["new"] is True
    assert nxt["session"]["attributes"] == {}


def test_session_ended_with_error(factory: EnvelopeFactory) -> None:
    env = factory.session_ended(NOW, "ERROR", error_message="boom")
    assert env["request"]["error"] == {"type": "INTERNAL_SERVICE_ERROR", "message": "boom"}
    request = _parse(env).request
    assert request.reason == SessionEndedReason.ERROR
    assert request.error.message == "boom"


def test_factory_identity_is_configurable() -> None:
    factory = EnvelopeFactory(
        skill_id="amzn1.ask.skill.x", user_id="u", device_id="d", locale="en-GB"
    )
    parsed = _parse(factory.launch(NOW))
    assert parsed.session.application.application_id == "amzn1.ask.skill.x"
    assert parsed.context.system.user.user_id == "u"
    assert parsed.context.system.device.device_id == "d"
    assert parsed.request.locale == "en-GB"


def test_round_trip_through_a_real_ask_sdk_skill(matcher: Matcher) -> None:
    """Attributes written by an ask-sdk handler come back on the next request via remember()."""
    builder = SkillBuilder()

    @builder.request_handler(can_handle_func=lambda _: True)
    def count(handler_input: HandlerInput) -> Response:
        attributes = handler_input.attributes_manager.session_attributes
        attributes["turns"] = attributes.get("turns", 0) + 1
        if is_intent_name("LogSetIntent")(handler_input):
            unit = handler_input.request_envelope.request.intent.slots["unit"]
            attributes["unit"] = unit.resolutions.resolutions_per_authority[0].values[0].value.id
        end = is_intent_name("AMAZON.YesIntent")(handler_input)
        return handler_input.response_builder.set_should_end_session(end).response

    handler = builder.lambda_handler()
    factory = EnvelopeFactory()

    factory.remember(handler(factory.launch(NOW), None))
    assert factory.attributes == {"turns": 1}
    factory.remember(handler(factory.intent(matcher.match("5 reps at 20 kilos"), now=NOW), None))
    assert factory.attributes == {"turns": 2, "unit": "kg"}
    reply = handler(factory.intent(matcher.match("yes"), now=NOW), None)
    assert reply["sessionAttributes"] == {"turns": 3, "unit": "kg"}
    factory.remember(reply)
    nxt = factory.intent(matcher.match("yes"), now=NOW)
    assert nxt["session"]["new"] is True
    assert handler(nxt, None)["sessionAttributes"] == {"turns": 1}
