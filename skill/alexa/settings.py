"""The person's own time zone, from the Alexa settings API, so "yesterday", "on Tuesday" and
"this week" follow their calendar rather than UTC; and their weight unit, when the device has one
(``System.weightUnits``), so a new profile starts in it.

ask-sdk-core's DefaultApiClient sets no timeout at all; one slow settings call must not cost
the 8-second turn, so ``TimedApiClient`` bounds it and the skill falls back to its default zone.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_device_id
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

from skill.core.profile import Unit

if TYPE_CHECKING:
    import ssl

log = logging.getLogger(__name__)

SETTINGS_TIMEOUT_S = 1.0
LOOPBACK = ("http://127.0.0.1:", "http://localhost:")
"""Plain HTTP only to this machine: the local chat's and the tests' API doubles."""


class TimedApiClient(ApiClient):  # type: ignore[misc]
    """An ask-sdk ApiClient on urllib with a hard timeout; HTTPS only."""

    def __init__(self, timeout: float = SETTINGS_TIMEOUT_S) -> None:
        self.timeout = timeout

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        import urllib.error  # only a session's first turn calls out: keep it off the cold start
        import urllib.request

        if not str(request.url).startswith(("https://", *LOOPBACK)):
            raise ValueError("the Alexa APIs are HTTPS only (plain HTTP: loopback doubles)")
        outgoing = urllib.request.Request(
            request.url,
            data=_body(request.body),  # the reminders API's JSON
            method=request.method,
            headers=dict(request.headers or []),
        )
        https = str(request.url).startswith("https://")
        try:
            with urllib.request.urlopen(
                outgoing, timeout=self.timeout, context=_tls() if https else None
            ) as reply:
                status, body, headers = reply.status, reply.read(), list(reply.headers.items())
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read(), list(error.headers.items())
        return ApiClientResponse(headers=headers, status_code=status, body=body.decode())


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context for the container's calls: urllib would make a new one per connection,
    loading the system's certificates each time (about 30 ms, twice at every session's start:
    the time zone and the weight unit)."""
    import ssl

    return ssl.create_default_context()


def _body(body: object) -> bytes | None:
    """A request body as ask-sdk's own client sends it: the serializer's dict as JSON."""
    if not body:
        return None
    if isinstance(body, bytes):
        return body
    return (body if isinstance(body, str) else json.dumps(body)).encode()


def valid_zone(name: object) -> str | None:
    if not isinstance(name, str) or not name:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def device_zone(handler_input: HandlerInput) -> str | None:
    """The device's zone name ("America/Los_Angeles"), or None if it can't be had quickly."""
    factory = handler_input.service_client_factory
    try:
        device = get_device_id(handler_input)
    except (AttributeError, TypeError):
        device = None
    if factory is None or not device:
        return None
    try:
        zone = factory.get_ups_service().get_system_time_zone(device)
    except Exception as error:  # the settings API is a courtesy: any failure means "default"
        log.info("no device time zone (%s)", type(error).__name__)
        return None
    return valid_zone(zone)


WEIGHT_UNITS_PATH = "/v2/devices/{device}/settings/System.weightUnits"
WEIGHT_UNIT_VALUES = {
    "KILOGRAMS": Unit.KG,
    "KILOGRAM": Unit.KG,
    "KG": Unit.KG,
    "POUNDS": Unit.LB,
    "POUND": Unit.LB,
    "LB": Unit.LB,
    "LBS": Unit.LB,
}
"""The setting's values as we read them; anything else (or no setting: 204) means "not known"."""


def weight_unit_of(body: object) -> Unit | None:
    """The unit in a settings API body ("KILOGRAMS", quoted as JSON or bare), if we know it."""
    if not isinstance(body, str) or not body.strip():
        return None
    try:
        value = json.loads(body)
    except ValueError:
        value = body
    return WEIGHT_UNIT_VALUES.get(value.strip().upper()) if isinstance(value, str) else None


def device_weight_unit(handler_input: HandlerInput) -> Unit | None:
    """The device's weight unit, or None when it has none or it can't be had quickly.

    ask-sdk's settings client has no call for this setting, so it is asked through the same
    API client, endpoint and token the time zone uses."""
    try:
        factory = handler_input.service_client_factory
    except ValueError:  # no API client configured
        return None
    config = getattr(factory, "api_configuration", None)
    client = getattr(config, "api_client", None)
    endpoint = getattr(config, "api_endpoint", None)
    token = getattr(config, "authorization_value", None)
    try:
        device = get_device_id(handler_input)
    except (AttributeError, TypeError):
        device = None
    if client is None or not endpoint or not token or not device:
        return None
    request = ApiClientRequest(
        headers=[("Authorization", f"Bearer {token}"), ("Accept", "application/json")],
        method="GET",
        url=str(endpoint).rstrip("/") + WEIGHT_UNITS_PATH.format(device=quote(device, safe="")),
    )
    try:
        reply = client.invoke(request)
    except Exception as error:  # a courtesy, like the time zone: any failure means "default"
        log.info("no device weight unit (%s)", type(error).__name__)
        return None
    if getattr(reply, "status_code", None) != 200:
        return None
    return weight_unit_of(getattr(reply, "body", None))
