"""A small Alexa Reminders API on loopback, for tests: the documented REST shapes
(POST /v1/alerts/reminders, PUT and DELETE /v1/alerts/reminders/{alertToken}), a bearer token
checked on every call, the JSON body checked, and failure or a stall on demand. The settings
API's time-zone query is answered too, so a skill pointed here makes every call for real.

Run alone, it is the API for ``hamstring-coach chat --reminders-url``: from the repository,
``python -m tests.reminders_double --port 8642`` prints each call it answers (Ctrl-C stops it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

REMINDERS = "/v1/alerts/reminders"
TOKEN = "test-api-access-token"


@dataclass
class Call:
    method: str
    path: str
    body: dict[str, Any] | None


@dataclass
class RemindersDouble:
    """The API's state (reminders by alert token) and its behaviour for the next calls."""

    token: str = TOKEN
    zone: str = "America/New_York"
    reminders: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    fail_with: int | None = None
    """Answer every reminders call with this status (e.g. 500; 403: no permission)."""
    stall_s: float = 0.0
    """Wait this long before answering a reminders call (longer than the client's timeout),
    then fail it: a stalled call never makes a reminder here."""
    problems: list[str] = field(default_factory=list)
    """Requests the real API would reject (bad token, bad body): the tests assert none."""
    server: ThreadingHTTPServer | None = None
    port: int = 0
    """The loopback port to listen on (0: any free one)."""
    log: Callable[[str], None] | None = None
    """Told one line per reminders call answered (the command line prints them)."""

    @property
    def endpoint(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> RemindersDouble:
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                if self.path.endswith("/settings/System.timeZone"):
                    self._send(200, double.zone)
                else:
                    self._send(404, {"code": "NOT_FOUND", "message": "no such resource"})

            def do_POST(self) -> None:
                self._reminders("POST")

            def do_PUT(self) -> None:
                self._reminders("PUT")

            def do_DELETE(self) -> None:
                self._reminders("DELETE")

            def _reminders(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                double.calls.append(Call(method, self.path, body))
                if double.stall_s:  # a stall that ends in a gateway timeout: nothing stored
                    time.sleep(double.stall_s)
                    return self._send(504, {"code": "TIMEOUT", "message": "stalled"})
                if self.headers.get("Authorization") != f"Bearer {double.token}":
                    double.problems.append(f"{method} {self.path}: bad token")
                    return self._send(401, {"code": "UNAUTHORIZED", "message": "bad token"})
                if double.fail_with is not None:
                    return self._send(double.fail_with, {"code": "ERROR", "message": "failed"})
                status, reply = double.handle(method, self.path, body)
                if double.log is not None:
                    double.log(_described(method, self.path, status, body))
                self._send(status, reply)

            def _send(self, status: int, reply: Any) -> None:
                data = json.dumps(reply).encode() if reply is not None else b""
                # the client may have given up waiting (a stall): as a real server would, go on
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._write(status, data)

            def _write(self, status: int, data: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def handle(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        if method == "POST" and path == REMINDERS:
            if not self._valid(body, method, path):
                return 400, {"code": "INVALID_REQUEST", "message": "bad reminder"}
            token = str(uuid.uuid4())
            self.reminders[token] = body
            return 200, self._response(token)
        if not path.startswith(REMINDERS + "/"):
            return 404, {"code": "NOT_FOUND", "message": "no such path"}
        token = path.removeprefix(REMINDERS + "/")
        if token not in self.reminders:
            return 404, {"code": "NOT_FOUND", "message": "no such reminder"}
        if method == "DELETE":
            del self.reminders[token]
            return 200, None
        if not self._valid(body, method, path):
            return 400, {"code": "INVALID_REQUEST", "message": "bad reminder"}
        self.reminders[token] = body
        return 200, self._response(token)

    def _response(self, token: str) -> dict[str, Any]:
        return {
            "alertToken": token,
            "createdTime": "2026-12-01T18:00:00.000Z",
            "updatedTime": "2026-12-01T18:00:00.000Z",
            "status": "ON",
            "version": "1",
            "href": f"{REMINDERS}/{token}",
        }

    def _valid(self, body: Any, method: str, path: str) -> bool:
        """A reminder request as documented: an absolute trigger (local time, no offset) in a
        time zone, a spoken text with its locale, and the push notification status."""
        problem = _problem(body)
        if problem:
            self.problems.append(f"{method} {path}: {problem}")
        return not problem


def _problem(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "no JSON body"
    if not isinstance(body.get("requestTime"), str):
        return "no requestTime"
    trigger = body.get("trigger") or {}
    if trigger.get("type") != "SCHEDULED_ABSOLUTE":
        return "not an absolute trigger"
    scheduled = trigger.get("scheduledTime")
    if not isinstance(scheduled, str) or "+" in scheduled or scheduled.endswith("Z"):
        return "scheduledTime must be local, without an offset"
    if not trigger.get("timeZoneId"):
        return "no timeZoneId"
    content = ((body.get("alertInfo") or {}).get("spokenInfo") or {}).get("content") or []
    if not content or not all(c.get("locale") and c.get("text") for c in content):
        return "spoken content needs a locale and a text"
    if (body.get("pushNotification") or {}).get("status") not in ("ENABLED", "DISABLED"):
        return "no pushNotification status"
    return None


def _described(method: str, path: str, status: int, body: Any) -> str:
    """ "POST /v1/alerts/reminders -> 200: 2026-12-03T18:30:00 UTC "Time for hamstring day..." "."""
    line = f"{method} {path} -> {status}"
    if isinstance(body, dict) and status == 200:
        trigger = body.get("trigger") or {}
        content = ((body.get("alertInfo") or {}).get("spokenInfo") or {}).get("content") or [{}]
        text = content[0].get("text")
        line += f": {trigger.get('scheduledTime')} {trigger.get('timeZoneId')} {text!r}"
    return line


def main(argv: list[str] | None = None) -> int:
    """Serve the double on loopback until interrupted, printing each reminders call."""
    from skill.local.envelope import API_ACCESS_TOKEN

    parser = argparse.ArgumentParser(
        prog="python -m tests.reminders_double",
        description="A Reminders API double for hamstring-coach chat --reminders-url.",
    )
    parser.add_argument("--port", type=int, default=8642, help="loopback port (0: any free one)")
    parser.add_argument(
        "--zone", default="UTC", help="the time zone the settings API answers (default: UTC)"
    )
    args = parser.parse_args(argv)

    def say(line: str) -> None:
        print(line, flush=True)

    double = RemindersDouble(token=API_ACCESS_TOKEN, zone=args.zone, port=args.port, log=say)
    double.start()
    say(f"Reminders API double at {double.endpoint} (the chat's --reminders-url)")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        double.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
