"""The skill as an HTTPS endpoint for Alexa, on Flask.

``create_app()`` is an app factory: nothing is built at import time. ``POST /`` takes an Alexa
request, verifies it (see ``skill.web.verify``), runs it through the same handler the Lambda
runs and answers with the response envelope; ``GET /health`` answers ``{"status": "ok"}``.
Every error is a short JSON body: never a stack trace, whatever goes wrong.

Run it with ``hamstring-coach serve`` while developing (behind a tunnel), or under a production
WSGI server: ``gunicorn 'skill.web:create_app()'``. With no arguments the factory reads the
environment: ``HAMSTRING_DB`` / ``HAMSTRING_STORE`` (see ``skill.config``), ``SKILL_ID``, and
``HAMSTRING_VERIFY=0`` to switch verification off (local tools only; never the default).
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TextIO

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Response as WerkzeugResponse
from werkzeug.wsgi import get_input_stream

from skill.alexa.app import LambdaHandler, build_handler
from skill.alexa.settings import TimedApiClient
from skill.config import Settings, make_store
from skill.store.codec import Clock, utc_now
from skill.store.protocol import Store
from skill.web.verify import CERT_URL_HEADER, SIGNATURE_HEADER, RequestVerifier, VerificationError

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
"""Alexa's requests are a few KiB; a bigger body is refused with 413 before it is read."""
VERIFY_ENV = "HAMSTRING_VERIFY"
JSON_TYPE = "application/json"

NO_VERIFY_WARNING = """\
!!! WARNING: Alexa request verification is OFF (--no-verify / HAMSTRING_VERIFY=0).
!!! Signatures, certificates, timestamps and the skill id are NOT checked: anyone who can reach
!!! this server can speak as any Alexa user. Use it only for local tools, never on a public URL.
"""
NO_SKILL_ID_WARNING = """\
WARNING: SKILL_ID is not set, so requests signed by Alexa for ANY skill are accepted.
         Set SKILL_ID (or --skill-id) to your skill's id (amzn1.ask.skill....).
"""

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def parse_flag(value: object, name: str) -> bool:
    """A boolean setting from a bool or a string ("0"/"1", "true"/"false", "on"/"off", ...)."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{name} must be one of 1/0, true/false, yes/no, on/off, not {value!r}")


def _error(status: int, error: str, reason: str | None = None) -> tuple[Response, int]:
    body: dict[str, Any] = {"error": error}
    if reason:
        body["reason"] = reason
    return jsonify(body), status


@dataclass(frozen=True)
class WebSettings:
    """The app's configuration, resolved once: ``config`` keys first, then the environment."""

    skill: Settings
    verify: bool
    max_body: int


def resolve_settings(config: Mapping[str, object] | None) -> WebSettings:
    """Raises ValueError for an unreadable setting, so a bad deployment fails at startup."""
    given: Mapping[str, object] = config or {}
    env = os.environ
    settings = Settings.from_env(
        env,
        store=given.get("STORE"),
        db_path=given.get("DB_PATH"),
        skill_id=given.get("SKILL_ID"),
    )
    verify = given.get("VERIFY")
    if verify is None:
        verify = env.get(VERIFY_ENV) or True
    max_body = given.get("MAX_CONTENT_LENGTH")
    return WebSettings(
        skill=settings,
        verify=parse_flag(verify, "VERIFY"),
        max_body=MAX_BODY_BYTES if max_body is None else int(str(max_body)),
    )


def _checker(
    web: WebSettings, verifier: RequestVerifier | None, clock: Clock
) -> RequestVerifier | None:
    """The verifier requests must pass; None with verification off."""
    if not web.verify:
        return None
    if verifier is None:
        verifier = RequestVerifier(web.skill.skill_id, clock=clock)
        verifier.load_roots()  # a missing CA bundle fails here, at startup, not on a request
    return verifier


def _skill(web: WebSettings, store: Store | None, clock: Clock) -> LambdaHandler:
    # Verified requests come from Alexa, whose settings API gives the device time zone.
    return build_handler(
        store if store is not None else make_store(web.skill, clock),
        clock,
        api_client=TimedApiClient() if web.verify else None,
    )


def _warn(out: TextIO, checker: RequestVerifier | None) -> None:
    """Say loudly when this configuration is unsafe to expose."""
    if checker is None:
        out.write(NO_VERIFY_WARNING)
    elif checker.skill_id is None:
        out.write(NO_SKILL_ID_WARNING)
    out.flush()


def _body() -> bytes:
    """The whole request body, or 413 if it is over the limit, however it was framed.

    Werkzeug refuses a ``Content-Length`` over the limit, but a chunked body it reads only up to
    the limit and returns that cut, which would then be verified (and fail) as if it were the
    request. So the body is read through a stream one byte longer than the limit: getting that
    byte means the body is over it.
    """
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None:
        data: bytes = request.get_data()  # werkzeug answers 413 past the limit, unread
        return data
    stream = get_input_stream(request.environ, max_content_length=limit + 1)
    data = stream.read()
    if len(data) > limit:
        raise RequestEntityTooLarge()
    return data


def _event(checker: RequestVerifier | None) -> dict[str, Any] | tuple[Response, int]:
    """This request's Alexa event (verified when ``checker`` is set), or the 400 to answer."""
    if request.mimetype != JSON_TYPE:
        return _error(400, "bad request", f"content type must be {JSON_TYPE}")
    body = _body()
    if checker is not None:
        try:
            cert_url = request.headers.get(CERT_URL_HEADER)
            return checker.verify(body, cert_url, request.headers.get(SIGNATURE_HEADER))
        except VerificationError as error:
            log.warning("rejected a request from %s: %s", request.remote_addr, error.reason)
            return _error(400, "request verification failed", error.reason)
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "bad request", "body is not valid JSON")
    if not isinstance(parsed, dict):
        return _error(400, "bad request", "body must be a JSON object")
    return parsed


def _routes(skill: LambdaHandler, checker: RequestVerifier | None) -> Blueprint:
    """``POST /`` (the skill), ``GET /health``, and JSON bodies for every error."""
    routes = Blueprint("skill", __name__)

    @routes.post("/")
    def alexa() -> Response | tuple[Response, int]:
        event = _event(checker)
        if isinstance(event, tuple):
            return event
        return jsonify(skill(event, None))

    @routes.get("/health")
    def health() -> Response:
        return jsonify({"status": "ok"})

    @routes.app_errorhandler(HTTPException)
    def http_error(error: HTTPException) -> WerkzeugResponse:
        """404, 405 (with its Allow header), 413 ...: the status, as JSON."""
        response = error.get_response()
        response.set_data(json.dumps({"error": (error.name or "error").lower()}))
        response.content_type = JSON_TYPE
        return response

    @routes.app_errorhandler(Exception)
    def unexpected(error: Exception) -> tuple[Response, int]:
        log.exception("unhandled error serving %s %s", request.method, request.path)
        return _error(500, "internal error")

    return routes


def create_app(
    config: Mapping[str, object] | None = None,
    *,
    handler: LambdaHandler | None = None,
    verifier: RequestVerifier | None = None,
    store: Store | None = None,
    clock: Clock | None = None,
    warnings: TextIO | None = None,
) -> Flask:
    """The Flask app serving the skill.

    ``config`` keys (each overrides the environment): ``SKILL_ID``, ``VERIFY`` (default True;
    env ``HAMSTRING_VERIFY``), ``DB_PATH`` (env ``HAMSTRING_DB``), ``STORE`` (env
    ``HAMSTRING_STORE``), ``MAX_CONTENT_LENGTH`` (default 64 KiB). ``handler`` replaces the
    skill (default: ``build_handler(store, clock)``), ``store`` the configured store,
    ``verifier`` the default ``RequestVerifier(SKILL_ID)``. Warnings about an unsafe
    configuration go to ``warnings`` (default stderr).
    """
    web = resolve_settings(config)
    now = clock or utc_now
    checker = _checker(web, verifier, now)
    skill = handler if handler is not None else _skill(web, store, now)
    _warn(warnings or sys.stderr, checker)

    app = Flask(__name__)
    app.config.update(
        DEBUG=False,
        TESTING=False,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
        MAX_CONTENT_LENGTH=web.max_body,
    )
    app.register_blueprint(_routes(skill, checker))
    return app
