"""Small builders for valid domain models, so tests state only the fields they care about."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from skill.core import blocks
from skill.core.catalog import load_catalog
from skill.core.history import HistorySummary, SessionRecord, SessionStatus, SetRecord
from skill.core.profile import Equipment, Level, Profile, Unit
from skill.core.workout import Phase, PlannedExercise, WorkoutState
from skill.local.envelope import EnvelopeFactory
from skill.local.nlu import IntentMatch, SlotValue

BUILT_IN_INTENTS = (
    "AMAZON.HelpIntent",
    "AMAZON.StopIntent",
    "AMAZON.CancelIntent",
    "AMAZON.NavigateHomeIntent",
    "AMAZON.FallbackIntent",
    "AMAZON.YesIntent",
    "AMAZON.NoIntent",
    "AMAZON.PauseIntent",
    "AMAZON.ResumeIntent",
    "AMAZON.RepeatIntent",
    "AMAZON.NextIntent",
    "AMAZON.StartOverIntent",
)
"""The Alexa built-ins the skill must answer (certification and the product's own use)."""

T0 = datetime(2024, 5, 6, 18, 0, tzinfo=UTC)
"""A fixed, timezone-aware base time: tests must not depend on the wall clock."""


def at(minutes: float = 0, *, days: float = 0) -> datetime:
    """``T0`` shifted, to write times as offsets ("five minutes in")."""
    return T0 + timedelta(days=days, minutes=minutes)


def make_profile(
    equipment: Sequence[Equipment] = (Equipment.BARBELL, Equipment.DUMBBELLS),
    level: Level | None = Level.SOME,
    unit: Unit = Unit.LB,
    disclaimer_given: bool = True,
) -> Profile:
    return Profile(
        equipment=list(equipment), level=level, unit=unit, disclaimer_given=disclaimer_given
    )


def make_plan(*exercise_ids: str, sets: int = 3, target_reps: int = 10) -> list[PlannedExercise]:
    """One planned exercise per id; defaults to a single barbell RDL."""
    return [
        PlannedExercise(exercise_id=exercise_id, sets=sets, target_reps=target_reps)
        for exercise_id in exercise_ids or ("rdl_barbell",)
    ]


def make_workout(
    workout_id: str = "w1",
    started_at: datetime = T0,
    plan: list[PlannedExercise] | None = None,
    lighter: bool = False,
    **changes: object,
) -> WorkoutState:
    """``changes`` sets any other WorkoutState field (validated)."""
    return WorkoutState.model_validate(
        {
            "workout_id": workout_id,
            "started_at": started_at,
            "plan": plan if plan is not None else make_plan(),
            "lighter": lighter,
            **changes,
        }
    )


def make_set(
    workout_id: str = "w1",
    exercise_index: int = 0,
    set_number: int = 1,
    exercise_id: str = "rdl_barbell",
    reps: int = 10,
    target_reps: int = 10,
    logged_at: datetime | None = None,
    **changes: object,
) -> SetRecord:
    """By default logged a few minutes after ``T0``, later for later sets, so order is natural."""
    if logged_at is None:
        logged_at = at(5 + 10 * exercise_index + 3 * set_number)
    return SetRecord.model_validate(
        {
            "workout_id": workout_id,
            "exercise_id": exercise_id,
            "exercise_index": exercise_index,
            "set_number": set_number,
            "target_reps": target_reps,
            "reps": reps,
            "logged_at": logged_at,
            **changes,
        }
    )


def make_session(
    workout_id: str = "w1",
    started_at: datetime = T0,
    status: SessionStatus = SessionStatus.FINISHED,
    ended_at: datetime | None = None,
    sets: Sequence[SetRecord] = (),
    exercise_ids: Sequence[str] = ("rdl_barbell",),
    lighter: bool = False,
) -> SessionRecord:
    """An ended session; ``ended_at`` defaults to 45 minutes after the start unless active."""
    if ended_at is None and status is not SessionStatus.ACTIVE:
        ended_at = started_at + timedelta(minutes=45)
    return SessionRecord(
        workout_id=workout_id,
        started_at=started_at,
        ended_at=ended_at,
        status=status,
        lighter=lighter,
        exercise_ids=list(exercise_ids),
        sets=list(sets),
    )


# --- driving the skill through its real entry point ---------------------------------------------
# Used by the functional tests: the interaction model, Alexa-shaped intents with entity
# resolution, a clock the test moves by hand, and checks every response must pass.

MODEL_PATH = Path(__file__).resolve().parent.parent / "interaction_models" / "en-US.json"
NEW_USER = "amzn1.ask.account.NEW-TRAINEE"
MAX_RESPONSE_BYTES = 24 * 1024


@cache
def language_model() -> dict[str, Any]:
    with MODEL_PATH.open(encoding="utf-8") as handle:
        model: dict[str, Any] = json.load(handle)["interactionModel"]["languageModel"]
    return model


def model_intents() -> dict[str, dict[str, str]]:
    """Intent name -> {slot name: slot type}, in model order."""
    return {
        intent["name"]: {s["name"]: s["type"] for s in intent.get("slots", [])}
        for intent in language_model()["intents"]
    }


def slot_type_values(type_name: str) -> dict[str, list[str]]:
    """A custom slot type's value ids -> [canonical name, *synonyms]."""
    for slot_type in language_model().get("types", []):
        if slot_type["name"] == type_name:
            return {
                v.get("id") or v["name"]["value"]: [
                    v["name"]["value"],
                    *v["name"].get("synonyms", []),
                ]
                for v in slot_type["values"]
            }
    raise KeyError(type_name)


def intent_match(intent: str, /, **slots: str | None) -> IntentMatch:
    """An intent as Alexa's NLU fills it, every declared slot present (unfilled ones empty).

    A custom-type slot may be given as a value id or any spoken name or synonym: either way it is
    sent as Alexa would, spoken text plus a successful entity resolution to the id. Anything else
    is sent unresolved (``ER_SUCCESS_NO_MATCH``). Number slots are sent as given.
    """
    declared = model_intents().get(intent, {})
    filled: dict[str, SlotValue] = {}
    for name, value in slots.items():
        if value is None:
            continue
        type_name = declared.get(name, "")
        resolved_id = resolved_name = None
        spoken = value
        if type_name and not type_name.startswith("AMAZON."):
            for value_id, names in slot_type_values(type_name).items():
                if value == value_id or value.lower() in (n.lower() for n in names):
                    resolved_id, resolved_name = value_id, names[0]
                    spoken = value if value != value_id else names[0]
                    break
        filled[name] = SlotValue(
            name=name, value=spoken, resolved_id=resolved_id, resolved_name=resolved_name
        )
    slot_types = dict(declared)
    slot_types.update({n: "" for n in slots if n not in declared})
    return IntentMatch(intent=intent, slots=filled, slot_types=slot_types)


@dataclass
class MutableClock:
    """The skill's clock, moved by the test (``clock.advance(days=2)``)."""

    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


_BREAK_TIME = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$")


def break_seconds(ssml: str) -> list[float]:
    """Every ``<break time>`` in a document, in seconds."""
    out = []
    for element in ElementTree.fromstring(ssml).iter("break"):
        time = element.get("time")
        if time is None:
            continue
        found = _BREAK_TIME.match(time)
        assert found, f"unreadable break time {time!r}"
        value = float(found.group(1))
        out.append(value / 1000 if found.group(2) == "ms" else value)
    return out


def plain_text(ssml: str) -> str:
    """What the SSML says, without tags (entities decoded)."""
    return " ".join("".join(ElementTree.fromstring(ssml).itertext()).split())


def check_ssml(ssml: str) -> None:
    """Alexa's limits on one outputSpeech: parses, <= 8000 chars, no break over 10 s."""
    assert isinstance(ssml, str)
    assert len(ssml) <= 8000, f"outputSpeech is {len(ssml)} characters"
    root = ElementTree.fromstring(ssml)  # raises ParseError on broken SSML
    assert root.tag == "speak", ssml[:80]
    for seconds in break_seconds(ssml):
        assert 0 <= seconds <= 10, f"break of {seconds}s"


def check_response(response: object) -> str:
    """Every response the skill gives must pass these; returns the outputSpeech SSML or ''."""
    assert isinstance(response, dict), response
    assert response.get("version"), response
    body = response.get("response")
    assert isinstance(body, dict), response
    assert len(json.dumps(response).encode()) <= MAX_RESPONSE_BYTES
    ssml = ""
    speech = body.get("outputSpeech")
    if speech is not None:
        assert speech.get("type") == "SSML", speech
        ssml = speech["ssml"]
        check_ssml(ssml)
    if body.get("shouldEndSession") is False:
        reprompt = (body.get("reprompt") or {}).get("outputSpeech")
        assert reprompt, f"a question without a reprompt: {ssml[:200]}"
        check_ssml(reprompt["ssml"])
    return ssml


class Alexa:
    """Plays Alexa for one user: real envelopes in, every response checked and remembered."""

    def __init__(
        self, handler: Callable[..., dict[str, Any]], clock: MutableClock, user_id: str = NEW_USER
    ) -> None:
        self.handler, self.clock = handler, clock
        self.factory = EnvelopeFactory(user_id=user_id)
        self.last: dict[str, Any] = {}

    @property
    def user_id(self) -> str:
        return self.factory.user_id

    def send(self, envelope: dict[str, Any], *, remember: bool = True) -> str:
        """Send one envelope; returns the SSML spoken ('' if none)."""
        response = self.handler(copy.deepcopy(envelope), None)
        ssml = check_response(response)
        if remember:
            self.factory.remember(response)
        self.last = response
        return ssml

    def launch(self) -> str:
        return self.send(self.factory.launch(self.clock()))

    def envelope(self, intent: str, /, **slots: str | None) -> dict[str, Any]:
        return self.factory.intent(intent_match(intent, **slots), now=self.clock())

    def say(self, intent: str, /, **slots: str | None) -> str:
        return self.send(self.envelope(intent, **slots))

    def count_set(self) -> str:
        """ "Ready", and "ready" again for each further turn of a set counted in turns (a side
        at a time, or in runs of reps); all of it as one SSML document. Anywhere else it is
        just "ready"."""
        said = [self.say("ReadyIntent")]
        while (w := self.workout) is not None and w.phase is Phase.SETUP and w.count_part:
            said.append(self.say("ReadyIntent"))
        bodies = (s.removeprefix("<speak>").removesuffix("</speak>") for s in said)
        return "<speak>" + " ".join(bodies) + "</speak>"

    def leave(self, reason: str = "EXCEEDED_MAX_REPROMPTS") -> str:
        return self.send(self.factory.session_ended(self.clock(), reason))

    @property
    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = self.last.get("response", {})
        return body

    @property
    def ended(self) -> bool:
        return self.body.get("shouldEndSession") is True

    @property
    def text(self) -> str:
        ssml = (self.body.get("outputSpeech") or {}).get("ssml")
        return plain_text(ssml) if ssml else ""

    @property
    def workout(self) -> WorkoutState | None:
        """The workout as the last response left it in the session attributes."""
        coach = (self.last.get("sessionAttributes") or {}).get("coach")
        if not coach or not coach.get("workout"):
            return None
        return WorkoutState.model_validate(coach["workout"])

    def onboard(
        self, equipment: Sequence[str] = ("dumbbells", "bands"), level: str = "some"
    ) -> str:
        """A new user's first launch through to the first set being announced."""
        self.launch()
        names = ("equipmentOne", "equipmentTwo", "equipmentThree", "equipmentFour")
        self.say("SetEquipmentIntent", **dict(zip(names, equipment, strict=False)))
        return self.say("SetLevelIntent", level=level)


@dataclass
class FakeLambdaContext:
    """The attributes of Lambda's context object that powertools reads."""

    function_name: str = "hamstring-coach"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:123456789012:function:hamstring-coach"
    aws_request_id: str = "lambda-request-1"


def fitted(
    history: HistorySummary, profile: Profile | None = None, now: datetime = T0
) -> HistorySummary:
    """The history with its programme fitted to the profile, as a start of a workout does
    (plans are built from the programme; a hand-built history has none yet)."""
    programme = blocks.fit(
        load_catalog(), profile or make_profile(), history, history.programme, now, {}
    )
    return history.model_copy(update={"programme": programme})
