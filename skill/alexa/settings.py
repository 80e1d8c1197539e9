"""The person's own time zone, from the Alexa settings API, so "yesterday", "on Tuesday" and
"this week" follow their calendar rather than UTC.

ask-sdk-core's DefaultApiClient sets no timeout at all; one slow settings call must not cost
the 8-second turn, so ``TimedApiClient`` bounds it and the skill falls back to its default zone.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_device_id
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

log = logging.getLogger(__name__)

SETTINGS_TIMEOUT_S = 1.0


class TimedApiClient(ApiClient):  # type: ignore[misc]
    """An ask-sdk ApiClient on urllib with a hard timeout; HTTPS only."""

    def __init__(self, timeout: float = SETTINGS_TIMEOUT_S) -> None:
        self.timeout = timeout

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        import urllib.error  # only a session's first turn calls out: keep it off the cold start
        import urllib.request

        if not str(request.url).startswith("https://"):
            raise ValueError("the Alexa APIs are HTTPS only")
        outgoing = urllib.request.Request(
            request.url, method=request.method, headers=dict(request.headers or [])
        )
        try:
            with urllib.request.urlopen(outgoing, timeout=self.timeout) as reply:
                status, body, headers = reply.status, reply.read(), list(reply.headers.items())
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read(), list(error.headers.items())
        return ApiClientResponse(headers=headers, status_code=status, body=body.decode())


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
