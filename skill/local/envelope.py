"""Alexa request envelopes as plain JSON-ready dicts, for driving the skill without a device.

The shapes follow Alexa's custom-skill request reference (including ``slotValue``, which ask-sdk's
``get_slot_value_v2`` reads), so the skill cannot tell a typed chat from a real Echo. The factory
also plays Alexa's part in a session: it carries ``sessionAttributes`` from each response into
the next request and opens a new session once the skill (or the user) ends one. It never reads
the clock, so tests and recorded conversations stay reproducible.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from skill.local.nlu import IntentMatch, SlotValue

DEFAULT_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
DEFAULT_USER_ID = "amzn1.ask.account.LOCAL-DEVELOPER"
"""Fixed by default so a developer's stored profile and history survive between chat runs."""
DEFAULT_DEVICE_ID = "amzn1.ask.device.LOCAL-DEVICE"
API_ENDPOINT = "https://api.amazonalexa.com"
API_ACCESS_TOKEN = "local-chat-placeholder-token"
"""Not a real token: Alexa's service APIs will reject it, just as they would an expired one."""


SCREENS: dict[str, dict[str, Any]] = {
    "spot": {"shape": "ROUND", "pixelWidth": 480, "pixelHeight": 480, "dpi": 160},
    "show5": {"shape": "RECTANGLE", "pixelWidth": 960, "pixelHeight": 480, "dpi": 160},
    "show15": {"shape": "RECTANGLE", "pixelWidth": 1920, "pixelHeight": 1080, "dpi": 160},
}
"""Echo Spot, Echo Show 5 and Echo Show 15 as their requests describe the screen (``Viewport``);
the viewport profiles Alexa derives from these are hubRoundSmall, hubLandscapeSmall and
hubLandscapeXLarge."""
APL_RUNTIME = {"runtime": {"maxVersion": "2023.3"}}


def viewport(screen: str) -> dict[str, Any]:
    """``context.Viewport`` for one of ``SCREENS``, in the shape Alexa sends."""
    size = SCREENS[screen]
    return {
        "experiences": [{"canRotate": False, "canResize": False}],
        "mode": "HUB",
        "shape": size["shape"],
        "pixelWidth": size["pixelWidth"],
        "pixelHeight": size["pixelHeight"],
        "currentPixelWidth": size["pixelWidth"],
        "currentPixelHeight": size["pixelHeight"],
        "dpi": size["dpi"],
        "touch": ["SINGLE"],
        "video": {"codecs": ["H_264_42", "H_264_41"]},
    }


def _new_session_id() -> str:
    return f"amzn1.echo-api.session.{uuid4()}"


def _timestamp(now: datetime) -> str:
    """ISO 8601 in UTC with a ``Z`` and whole seconds, as Alexa sends it."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class EnvelopeFactory:
    """Builds successive requests for one user on one device, tracking the session like Alexa."""

    skill_id: str = DEFAULT_SKILL_ID
    user_id: str = DEFAULT_USER_ID
    device_id: str = DEFAULT_DEVICE_ID
    locale: str = "en-US"
    session_id: str = field(default_factory=_new_session_id)
    attributes: dict[str, Any] = field(default_factory=dict)
    new: bool = True
    """Whether the next request is the first of its session."""
    screen: str | None = None
    """A key of ``SCREENS``: the device has that screen and says it supports APL; None: a
    voice-only device."""
    api_endpoint: str = API_ENDPOINT
    """``context.System.apiEndpoint``: Alexa's, or a local Reminders API double."""
    permissions: dict[str, Any] | None = None
    """``context.System.user.permissions`` (a consent token and granted scopes), or None:
    the person has granted the skill nothing."""
    _ended: bool = field(default=False, init=False, repr=False)
    _last_type: str | None = field(default=None, init=False, repr=False)

    def new_session(self) -> None:
        """Forget the session: fresh id, no attributes, the next request says ``new``."""
        self.session_id = _new_session_id()
        self.attributes = {}
        self.new = True
        self._ended = False

    def launch(self, now: datetime) -> dict[str, Any]:
        """LaunchRequest ("open hamstring coach"); invoking the skill always starts a session."""
        self.new_session()
        return self._envelope({"type": "LaunchRequest", **self._request_base(now)})

    def intent(
        self,
        match_or_name: IntentMatch | str,
        slots: Mapping[str, str | None] | None = None,
        *,
        now: datetime,
    ) -> dict[str, Any]:
        """IntentRequest from an NLU match, or from a name and slot values (None = unfilled)."""
        if isinstance(match_or_name, IntentMatch):
            if slots is not None:
                raise ValueError("pass slots inside the IntentMatch, not separately")
            match = match_or_name
        else:
            given = dict(slots or {})
            match = IntentMatch(
                intent=match_or_name,
                slots={
                    name: SlotValue(name=name, value=value)
                    for name, value in given.items()
                    if value is not None
                },
                slot_types=dict.fromkeys(given, ""),
            )
        intent: dict[str, Any] = {"name": match.intent, "confirmationStatus": "NONE"}
        slot_names = list(match.slot_types) + [n for n in match.slots if n not in match.slot_types]
        if slot_names:
            intent["slots"] = {
                name: self._slot(name, match.slot_types.get(name, ""), match.slots.get(name))
                for name in slot_names
            }
        request = {"type": "IntentRequest", **self._request_base(now), "intent": intent}
        return self._envelope(request)

    def user_event(
        self, arguments: list[Any], now: datetime, token: str = "hamstring-coach-set"
    ) -> dict[str, Any]:
        """A touch on a screen: the ``SendEvent`` arguments of the button, as Alexa sends them."""
        request = {
            "type": "Alexa.Presentation.APL.UserEvent",
            **self._request_base(now),
            "token": token,
            "arguments": list(arguments),
            "source": {"type": "TouchWrapper", "handler": "Press", "id": "", "value": False},
        }
        return self._envelope(request)

    def session_ended(
        self,
        now: datetime,
        reason: str = "USER_INITIATED",
        *,
        error_type: str = "INTERNAL_SERVICE_ERROR",
        error_message: str = "An error occurred",
    ) -> dict[str, Any]:
        """SessionEndedRequest; the next request starts a new session, as on a device."""
        request: dict[str, Any] = {
            "type": "SessionEndedRequest",
            **self._request_base(now),
            "reason": reason,
        }
        if reason == "ERROR":
            request["error"] = {"type": error_type, "message": error_message}
        envelope = self._envelope(request)
        self._ended = True
        return envelope

    def remember(self, response: Mapping[str, Any]) -> None:
        """Take the skill's response envelope the way Alexa does before the next turn.

        Attributes are replaced, not merged: a response without ``sessionAttributes`` clears
        them. A response to a SessionEndedRequest is ignored, because Alexa ignores it too.
        """
        if self._last_type == "SessionEndedRequest":
            return
        self.attributes = copy.deepcopy(dict(response.get("sessionAttributes") or {}))
        body = response.get("response") or {}
        if body.get("shouldEndSession") is True:
            self._ended = True

    def _request_base(self, now: datetime) -> dict[str, Any]:
        return {
            "requestId": f"amzn1.echo-api.request.{uuid4()}",
            "timestamp": _timestamp(now),
            "locale": self.locale,
        }

    def _envelope(self, request: dict[str, Any]) -> dict[str, Any]:
        if self._ended:
            self.new_session()
        application = {"applicationId": self.skill_id}
        user = {"userId": self.user_id}
        system_user: dict[str, Any] = dict(user)
        if self.permissions is not None:
            system_user["permissions"] = copy.deepcopy(self.permissions)
        envelope: dict[str, Any] = {
            "version": "1.0",
            "session": {
                "new": self.new,
                "sessionId": self.session_id,
                "application": dict(application),
                "attributes": copy.deepcopy(self.attributes),
                "user": dict(user),
            },
            "context": {
                "System": {
                    "application": dict(application),
                    "user": system_user,
                    "device": {"deviceId": self.device_id, "supportedInterfaces": {}},
                    "apiEndpoint": self.api_endpoint,
                    "apiAccessToken": API_ACCESS_TOKEN,
                }
            },
            "request": request,
        }
        if self.screen is not None:
            device = envelope["context"]["System"]["device"]
            device["supportedInterfaces"]["Alexa.Presentation.APL"] = copy.deepcopy(APL_RUNTIME)
            envelope["context"]["Viewport"] = viewport(self.screen)
        self.new = False
        self._last_type = request["type"]
        return envelope

    def _slot(self, name: str, type_name: str, filled: SlotValue | None) -> dict[str, Any]:
        """One slot as Alexa sends it; custom types carry entity resolution when filled."""
        slot: dict[str, Any] = {"name": name, "confirmationStatus": "NONE", "source": "USER"}
        if filled is None:
            return slot
        slot["value"] = filled.value
        slot_value: dict[str, Any] = {"type": "Simple", "value": filled.value}
        if type_name and not type_name.startswith("AMAZON."):
            authority = f"amzn1.er-authority.echo-sdk.{self.skill_id}.{type_name}"
            if filled.resolved_id is not None:
                per_authority: dict[str, Any] = {
                    "authority": authority,
                    "status": {"code": "ER_SUCCESS_MATCH"},
                    "values": [
                        {
                            "value": {
                                "name": filled.resolved_name or filled.value,
                                "id": filled.resolved_id,
                            }
                        }
                    ],
                }
            else:
                per_authority = {"authority": authority, "status": {"code": "ER_SUCCESS_NO_MATCH"}}
            resolutions = {"resolutionsPerAuthority": [per_authority]}
            slot["resolutions"] = resolutions
            slot_value["resolutions"] = copy.deepcopy(resolutions)
        slot["slotValue"] = slot_value
        return slot
