"""``FastSerializer`` makes exactly what ask-sdk's ``DefaultSerializer`` makes.

Every request type the skill handles, as recorded from devices (``tests/events``) and as
``EnvelopeFactory`` builds them (launch, intents with and without slots, a screen device with
permissions, an APL UserEvent, Connections.Response, reminder events, SessionEndedRequest with
an error, SkillDisabled), is read by both and compared model by model: same classes, same
attributes, same values (timestamps: the same instant and offset). A whole day on a screen
device goes through the skill, each request read and each response written by both. The API
clients' bodies (a reminder request, a reminder response, an error, a time zone) too.

The one class of its own is the session's attributes, a ``JsonDict``: a dict, equal to
``DefaultSerializer``'s, whose deep copy (ask-sdk makes one each request) is exact and plain.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope, Response, ResponseEnvelope

from skill.alexa.app import build_skill
from skill.alexa.reminders import _request as reminder_request
from skill.alexa.serializer import FastSerializer, JsonDict
from skill.local.envelope import EnvelopeFactory
from skill.store.sqlite import SQLiteStore
from tests.factories import T0, MutableClock, intent_match

EVENTS = Path(__file__).resolve().parents[1] / "events"
DEFAULT = DefaultSerializer()
ERROR = "ask_sdk_model.services.reminder_management.error.Error"


def same(fast: Any, default: Any, path: str = "$") -> None:
    """Equal, and of the same types all the way down (``==`` on ask-sdk models only compares
    ``__dict__``, and would let an int pass for a bool or a naive time for an aware one)."""
    if type(fast) is JsonDict:  # the session's attributes: a dict of its own
        assert type(default) is dict, path
    else:
        assert type(fast) is type(default), f"{path}: {type(fast)} is not {type(default)}"
    if isinstance(fast, datetime):
        assert fast == default and fast.utcoffset() == default.utcoffset(), path
    elif isinstance(fast, dict):
        assert list(fast) == list(default) or set(fast) == set(default), path
        for key in default:
            same(fast[key], default[key], f"{path}.{key}")
    elif isinstance(fast, list | tuple):
        assert len(fast) == len(default), path
        for i, (a, b) in enumerate(zip(fast, default, strict=True)):
            same(a, b, f"{path}[{i}]")
    elif hasattr(fast, "__dict__") and not isinstance(fast, Enum):
        same(vars(fast), vars(default), path)
        assert fast == default, path
    else:
        assert fast == default, path


def read_both(envelope: dict[str, Any]) -> RequestEnvelope:
    text = json.dumps(envelope)
    default = DEFAULT.deserialize(text, RequestEnvelope)
    fast = FastSerializer()
    same(fast.load(copy.deepcopy(envelope), RequestEnvelope), default)
    same(fast.deserialize(text, RequestEnvelope), default)
    same(fast.load(copy.deepcopy(envelope), RequestEnvelope), default)  # its plans cached
    return default  # type: ignore[no-any-return]


def write_both(obj: object) -> dict[str, Any]:
    default = DEFAULT.serialize(obj)
    fast = FastSerializer().serialize(obj)
    same(fast, default)
    assert json.dumps(fast) == json.dumps(default)  # the same JSON, key order included
    return default  # type: ignore[no-any-return]


def factory_envelopes() -> Iterator[tuple[str, dict[str, Any]]]:
    plain = EnvelopeFactory()
    yield "launch", plain.launch(T0)
    yield (
        "intent with slots",
        plain.intent(
            intent_match("LogSetIntent", reps="10", load="20", unit="pounds", effort="just right"),
            now=T0,
        ),
    )
    yield "intent with empty slots", plain.intent("LogSetIntent", {"reps": None}, now=T0)
    yield "builtin intent", plain.intent("AMAZON.RepeatIntent", now=T0)
    yield "session ended", plain.session_ended(T0, "USER_INITIATED")
    yield "session ended by an error", plain.session_ended(T0, "ERROR")
    screen = EnvelopeFactory(
        screen="show5",
        permissions={
            "consentToken": "token",
            "scopes": {"alexa::alerts:reminders:skill:readwrite": {"status": "GRANTED"}},
        },
    )
    yield "launch on a screen", screen.launch(T0 + timedelta(microseconds=123_000))
    yield "APL UserEvent", screen.user_event(["done", 3, True, {"n": 1.5}, None], T0)
    base = screen._request_base(T0)
    for kind, fields in (
        (
            "Connections.Response",
            {
                "name": "AskFor",
                "status": {"code": "200", "message": "OK"},
                "payload": {"permissionScope": "alexa::alerts:reminders", "status": "ACCEPTED"},
                "token": "reminder",
            },
        ),
        ("Reminders.ReminderCreated", {"body": {"alertToken": "a", "status": "ON"}}),
        ("Reminders.ReminderDeleted", {"body": {"alertTokens": ["a", "b"]}}),
        ("Reminders.ReminderStatusChanged", {"body": {"alertToken": "a", "status": "COMPLETED"}}),
        ("AlexaSkillEvent.SkillDisabled", {"eventCreationTime": "2026-12-01T18:00:00Z"}),
    ):
        yield kind, screen._envelope({**base, "type": kind, **fields})
    offset = plain.launch(T0)
    offset["request"]["timestamp"] = "2026-12-01T19:00:00.5+01:00"
    yield "timestamp with an offset", offset
    odd = plain.launch(T0)
    odd["request"]["timestamp"] = "Tue, 01 Dec 2026 18:00:00 GMT"  # dateutil's, not ISO's
    yield "timestamp fromisoformat cannot read", odd


@pytest.mark.parametrize("path", sorted(EVENTS.glob("*.json")), ids=lambda p: p.stem)
def test_recorded_device_envelopes_read_the_same(path: Path) -> None:
    read_both(json.loads(path.read_text()))


@pytest.mark.parametrize(("kind", "envelope"), list(factory_envelopes()), ids=lambda x: x)
def test_every_request_type_we_handle_reads_the_same(kind: str, envelope: dict[str, Any]) -> None:
    read_both(envelope)


def test_a_day_on_a_screen_reads_and_writes_the_same(tmp_path: Path) -> None:
    clock = MutableClock(T0)
    store = SQLiteStore(tmp_path / "coach.sqlite3", clock=clock)
    skill = build_skill(store, clock)
    factory = EnvelopeFactory(screen="show5")
    log_set = {"reps": "10", "load": "20", "unit": "pounds", "effort": "right"}
    script: list[tuple[str, dict[str, str]]] = [
        ("launch", {}),
        ("SetEquipmentIntent", {"equipmentOne": "dumbbells"}),
        ("SetLevelIntent", {"level": "some"}),
        ("ReadyIntent", {}),
        ("FormCueIntent", {}),
        ("AMAZON.HelpIntent", {}),
        ("AMAZON.RepeatIntent", {}),
        ("ReadyIntent", {}),
        ("LogSetIntent", log_set),
        ("user_event", {}),
        ("AMAZON.PauseIntent", {}),
        ("AMAZON.StopIntent", {}),
        ("session_ended", {}),
    ]
    for kind, slots in script:
        now = clock.advance(seconds=40)
        if kind == "launch":
            envelope = factory.launch(now)
        elif kind == "user_event":
            envelope = factory.user_event(["next"], now)
        elif kind == "session_ended":
            envelope = factory.session_ended(now)
        else:
            envelope = factory.intent(intent_match(kind, **slots), now=now)
        request = read_both(envelope)
        response = skill.invoke(request_envelope=request, context=None)
        assert isinstance(response, ResponseEnvelope)
        assert isinstance(response.response, Response)
        factory.remember(write_both(response))
    store.close()


def test_the_api_clients_bodies_read_and_write_the_same() -> None:
    when = datetime(2026, 12, 3, 18, tzinfo=UTC)
    write_both(reminder_request(when, "America/New_York", "en-US", when - timedelta(days=2)))
    fast = FastSerializer()
    reply = {
        "alertToken": "token-1",
        "createdTime": "2026-12-01T18:00:00.000Z",
        "updatedTime": "2026-12-01T18:00:00Z",
        "status": "ON",
        "version": "1",
        "href": "/v1/alerts/reminders/token-1",
    }
    for body, kind in (
        (reply, "ask_sdk_model.services.reminder_management.reminder_response.ReminderResponse"),
        ({"code": "INVALID_TIME", "message": "no"}, ERROR),
        ("America/Los_Angeles", "str"),
        ([1, "2", None], "list[str]"),
        ({"a": "2026-12-01"}, "dict(str, date)"),
        (7, "int"),
        (True, "bool"),
    ):
        text = json.dumps(body)
        same(fast.deserialize(text, kind), DEFAULT.deserialize(text, kind))
    assert fast.deserialize(None, "str") is None
    assert fast.deserialize(json.dumps("2026-12-01"), date) == date(2026, 12, 1)


def test_what_default_refuses_is_refused() -> None:
    fast = FastSerializer()
    for text, kind in (
        ("not json", RequestEnvelope),
        (json.dumps({"request": {"type": "NoSuchRequest"}}), RequestEnvelope),
        (json.dumps("abc"), "int"),
        (json.dumps({"request": {"type": "LaunchRequest", "timestamp": "soon"}}), RequestEnvelope),
    ):
        with pytest.raises(SerializationException):
            DEFAULT.deserialize(text, kind)
        with pytest.raises(SerializationException):
            fast.deserialize(text, kind)


def test_session_attributes_deep_copy_exactly_into_a_plain_dict() -> None:
    """ask-sdk's ``AttributesManager`` deep-copies the session's attributes every request: the
    copy is ``copy.deepcopy``'s, value for value and type for type, shares nothing, and falls
    back to ``copy.deepcopy`` for what marshal cannot write."""
    attributes = {
        "coach": {"loaded": True, "n": 3, "f": 0.1, "big": 2**70, "none": None, "s": "é ✓"},
        "unsaved": [{"kind": "log", "reps": [1, 2.5, False]}],
        "empty": {},
    }
    envelope = EnvelopeFactory().intent("AMAZON.HelpIntent", now=T0)
    envelope["session"]["attributes"] = attributes
    read = FastSerializer().load(copy.deepcopy(envelope), RequestEnvelope).session.attributes
    assert type(read) is JsonDict
    copied = copy.deepcopy(read)
    same(copied, copy.deepcopy(attributes))
    assert type(copied) is dict
    assert copied["coach"] is not read["coach"] and copied["unsaved"][0] is not read["unsaved"][0]
    copied["coach"]["n"] = 4
    assert read["coach"]["n"] == 3
    read["odd"] = T0  # not JSON: marshal cannot write it
    fallback = copy.deepcopy(read)
    assert type(fallback) is dict and fallback["odd"] == T0 and fallback["coach"] == read["coach"]
    assert fallback["coach"] is not read["coach"]
