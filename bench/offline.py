"""What every bench that runs the Lambda on moto needs, put back afterwards: fake AWS
credentials and region, the bench's own variables, and Alexa's settings API answered offline
(no time zone set; anything else, no consent), so no bench touches the network."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

MOTO_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


def _offline(self: Any, request: Any) -> Any:
    from ask_sdk_model.services import ApiClientResponse

    status = 204 if (request.method or "GET") == "GET" else 401
    return ApiClientResponse(headers=[], status_code=status, body="")


@contextlib.contextmanager
def lambda_offline(env: Mapping[str, str] = {}, unset: Sequence[str] = ()) -> Iterator[None]:
    """Moto's credentials plus ``env`` set and ``unset`` removed while inside; all restored."""
    from skill.alexa.settings import TimedApiClient

    wanted = {**MOTO_CREDENTIALS, **env}
    saved = {k: os.environ.get(k) for k in [*wanted, *unset]}
    os.environ.update(wanted)
    for key in unset:
        os.environ.pop(key, None)
    invoke = TimedApiClient.invoke
    TimedApiClient.invoke = _offline  # type: ignore[method-assign]
    try:
        yield
    finally:
        TimedApiClient.invoke = invoke  # type: ignore[method-assign]
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
