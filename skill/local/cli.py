"""`hamstring-coach chat`: talk to the real skill from a terminal, or pipe a conversation in.
`hamstring-coach serve`: run the skill as the HTTPS endpoint Alexa calls (behind a tunnel).

Typed text becomes an intent by matching the interaction model's own samples, then a full Alexa
request envelope, then goes through the same handler the Lambda runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from skill.alexa.app import LambdaHandler, build_handler
from skill.alexa.interaction_model import models_dir
from skill.alexa.reminders import SCOPE
from skill.alexa.settings import LOOPBACK, TimedApiClient, valid_zone
from skill.config import Settings, make_store
from skill.local.envelope import API_ACCESS_TOKEN, SCREENS, EnvelopeFactory
from skill.local.markets import SOURCE_LOCALE, stale_models, write_models
from skill.local.nlu import Matcher
from skill.local.package import write_package
from skill.local.screens import card_in, heard_ssml, screen_html, screen_text, screens_in
from skill.speech.ssml import readable
from skill.store.codec import Clock, utc_now

LAUNCH_PHRASES = {"open hamstring coach", "launch hamstring coach", "start hamstring coach"}
LOCAL_USER = "amzn1.ask.account.LOCAL-DEVELOPER"


def parse_now(text: str) -> datetime:
    """ISO date-time; naive times are taken as UTC."""
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def zone_name(text: str) -> str:
    """An IANA zone name, checked here so a typo fails at once."""
    if valid_zone(text) is None:
        raise argparse.ArgumentTypeError(f"unknown time zone: {text!r}")
    return text


def locale_name(text: str) -> str:
    """A locale tag as Alexa writes it ("en-GB"); one we don't ship still runs (as en-US)."""
    parts = text.replace("_", "-").split("-")
    if len(parts) != 2 or not all(part.isalpha() for part in parts):
        raise argparse.ArgumentTypeError(f"not a locale like en-GB: {text!r}")
    return f"{parts[0].lower()}-{parts[1].upper()}"


def reminders_url(text: str) -> str:
    """Where the Alexa APIs are: an HTTPS URL, or plain HTTP on this machine (a local double)."""
    url = text.rstrip("/")
    if not url.startswith(("https://", *LOOPBACK)):
        raise argparse.ArgumentTypeError(
            f"not https:// nor http://127.0.0.1:PORT or http://localhost:PORT: {text!r}"
        )
    return url


GRANTED = {"consentToken": API_ACCESS_TOKEN, "scopes": {SCOPE: {"status": "GRANTED"}}}
"""With ``--reminders-url``: the person has given the skill the reminders permission."""


def moving_clock(start: datetime | None) -> Clock:
    """The real clock, or one that starts at ``start`` and runs at real speed from there."""
    if start is None:
        return utc_now
    began = time.monotonic()
    return lambda: start + timedelta(seconds=time.monotonic() - began)


ASKS_PERMISSION = (
    "       (Alexa would now ask your permission to set reminders; the chat can't give it."
    " Run it with --reminders-url to try reminders.)\n"
)


def _asks_permission(body: dict[str, Any]) -> bool:
    """The response hands over to Alexa's own voice consent (``Connections.SendRequest`` AskFor),
    which says nothing of ours: the chat says what a device would do."""
    return any(
        d.get("type") == "Connections.SendRequest" and d.get("name") == "AskFor"
        for d in body.get("directives") or []
    )


class Chat:
    """One developer at a speaker: a session that opens, runs and closes like Alexa's."""

    def __init__(
        self,
        handler: LambdaHandler,
        matcher: Matcher,
        clock: Clock,
        out: TextIO,
        user_id: str = LOCAL_USER,
        show_ssml: bool = False,
        echo: bool = False,
        screen: str | None = None,
        html_path: Path | None = None,
        locale: str = SOURCE_LOCALE,
        api_endpoint: str | None = None,
    ) -> None:
        self.handler, self.matcher, self.clock, self.out = handler, matcher, clock, out
        self.factory = EnvelopeFactory(user_id=user_id, screen=screen, locale=locale)
        if api_endpoint is not None:
            # The Alexa APIs at this URL (a local double), the reminders permission granted.
            self.factory.api_endpoint = api_endpoint
            self.factory.permissions = GRANTED
        self.visuals = screen is not None
        self.show_ssml, self.echo = show_ssml, echo
        self.html_path = html_path
        self.open = False

    def send(self, envelope: dict[str, Any]) -> dict[str, Any]:
        response = self.handler(envelope, None)
        self.factory.remember(response)
        body = response.get("response", {})
        self.open = body.get("shouldEndSession") is False
        speech = heard_ssml(response)  # on a screen: the outputSpeech, then the reps it reads
        if speech:
            self.out.write("Alexa: " + (speech if self.show_ssml else readable(speech)) + "\n")
        if _asks_permission(body):
            self.out.write(ASKS_PERMISSION)
        self.show_visuals(response)
        if not self.open and envelope["request"]["type"] != "SessionEndedRequest":
            self.out.write("       (session closed)\n")
        self.out.flush()
        return response

    def show_visuals(self, response: dict[str, Any]) -> None:
        """With ``--screen``: print what a screen and the Alexa app would show, and keep the last
        screen as HTML. Without it the chat is the voice-only device it pretends to be."""
        if not self.visuals:
            return
        for screen in screens_in(response):
            self.out.write(screen_text(screen) + "\n")
            if self.html_path is not None:
                self.html_path.write_text(screen_html(screen), encoding="utf-8")
        card = card_in(response)
        if card is not None:
            self.out.write(f"Card [{card[0]}] {card[1]}\n")

    def launch(self) -> None:
        self.send(self.factory.launch(self.clock()))

    def say(self, text: str) -> None:
        if self.echo:
            self.out.write(f"You:   {text}\n")
        if text.lower().strip(" .!?") in LAUNCH_PHRASES:
            self.launch()
            return
        if text.startswith("[") and text.endswith("]"):
            # "[ready]": a touch on the screen's button, sent as Alexa sends it
            self.send(self.factory.user_event([text[1:-1].strip()], now=self.clock()))
            return
        match = self.matcher.match(text)
        self.send(self.factory.intent(match, now=self.clock()))

    def leave(self) -> None:
        """Walking away mid-session: Alexa times out and sends SessionEndedRequest."""
        if self.open:
            self.send(self.factory.session_ended(self.clock(), reason="EXCEEDED_MAX_REPROMPTS"))

    def run(self, lines: Iterable[str], prompt: Callable[[], None] | None = None) -> None:
        self.launch()
        if prompt:
            prompt()
        for line in lines:
            text = line.strip()
            if text:
                self.say(text)
            if prompt:
                prompt()
        self.leave()


def chat(args: argparse.Namespace) -> int:
    settings = Settings.from_env(db_path=args.db)
    clock = moving_clock(args.now)  # one clock for the store, the skill and the speaker
    # With --reminders-url the skill reaches the Alexa APIs there, bounded as in the Lambda
    # (reminders, and the settings API's time zone: --tz is then the fallback).
    api_client = TimedApiClient() if args.reminders_url else None
    store = make_store(settings, clock)
    handler = build_handler(store, clock, api_client=api_client, default_zone=args.tz)
    interactive = sys.stdin.isatty()
    session = Chat(
        handler,
        Matcher.for_locale(args.locale),
        clock,
        sys.stdout,
        user_id=args.user,
        show_ssml=args.ssml,
        echo=not interactive,
        screen=args.screen,
        html_path=args.html,
        locale=args.locale,
        api_endpoint=args.reminders_url,
    )
    if interactive:
        print(f"Hamstring Coach chat (data in {settings.db_path}). Ctrl-D to leave.\n")

    def prompt() -> None:
        sys.stdout.write("You:   ")
        sys.stdout.flush()

    try:
        session.run(sys.stdin, prompt if interactive else None)
    except KeyboardInterrupt:
        session.leave()
    if interactive:
        print()
    return 0


def serve(args: argparse.Namespace) -> int:
    """The Flask endpoint on Werkzeug's server: for development behind a tunnel (see README)."""
    from skill.web.app import create_app

    try:
        settings = Settings.from_env(db_path=args.db, skill_id=args.skill_id)
        # The command line decides verification; HAMSTRING_VERIFY is for create_app() alone.
        config = {"DB_PATH": settings.db_path, "VERIFY": not args.no_verify}
        if settings.skill_id:
            config["SKILL_ID"] = settings.skill_id
        app = create_app(config)
    except (OSError, ValueError) as error:
        print(f"hamstring-coach serve: {error}", file=sys.stderr)
        return 2
    where = f"http://{args.host}:{args.port}/"
    print(f"Hamstring Coach skill endpoint: {where} (data in {settings.db_path})", file=sys.stderr)
    sys.stderr.flush()
    app.run(host=args.host, port=args.port, debug=False, use_reloader=False, threaded=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hamstring-coach", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("chat", help="talk to the skill; reads utterances from stdin")
    c.add_argument("--db", type=Path, default=None, help="SQLite file (default: user data dir)")
    c.add_argument("--now", type=parse_now, default=None, help="start clock, e.g. 2026-12-01T18:00")
    c.add_argument("--ssml", action="store_true", help="print raw SSML instead of readable text")
    c.add_argument("--user", default=LOCAL_USER, help="Alexa user id to speak as")
    c.add_argument(
        "--tz",
        default="UTC",
        type=zone_name,
        help="the speaker's time zone, e.g. America/New_York (default: UTC)",
    )
    c.add_argument(
        "--screen",
        default=None,
        choices=sorted(SCREENS),
        help="speak as a device with this screen: prints what it and the Alexa app show; "
        "[ready] touches a button",
    )
    c.add_argument(
        "--html", type=Path, default=None, help="with --screen: write the last screen to this file"
    )
    c.add_argument(
        "--locale",
        default=SOURCE_LOCALE,
        type=locale_name,
        help="the device's locale: en-US, en-GB, en-AU, en-CA or en-IN (default: en-US)",
    )
    c.add_argument(
        "--reminders-url",
        default=None,
        type=reminders_url,
        help="the Alexa APIs at this URL (a local double, e.g. http://127.0.0.1:8642): "
        "reminders are really made there, with the permission granted",
    )
    c.set_defaults(func=chat)
    s = sub.add_parser("serve", help="run the skill as an HTTPS endpoint for Alexa (POST /)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=5000, help="port to listen on (default: 5000)")
    s.add_argument("--db", type=Path, default=None, help="SQLite file (default: user data dir)")
    s.add_argument(
        "--skill-id", default=None, help="accept only requests for this skill (default: $SKILL_ID)"
    )
    s.add_argument(
        "--no-verify",
        action="store_true",
        help="UNSAFE: skip Alexa request verification (local tools only)",
    )
    s.set_defaults(func=serve)
    p = sub.add_parser("package", help="write the ASK CLI skill package (skill.json + models)")
    p.add_argument("--endpoint", required=True, help="the Lambda function ARN (or an https URL)")
    p.add_argument("--out", type=Path, default=Path("skill-package"), help="default: skill-package")
    p.add_argument(
        "--certificate",
        default=None,
        choices=["Wildcard", "SelfSigned", "Trusted"],
        help="sslCertificateType for an https endpoint (default: Wildcard)",
    )
    p.set_defaults(func=package)
    m = sub.add_parser("models", help="regenerate the en-GB, en-AU, en-CA and en-IN models")
    m.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="folder holding en-US.json (default: the interaction_models shipped with the skill)",
    )
    m.add_argument("--check", action="store_true", help="only report stale files (exit 1)")
    m.set_defaults(func=models)
    return parser


def models(args: argparse.Namespace) -> int:
    """Write every market's model from en-US.json plus its overlay (skill.local.markets)."""
    folder = args.dir or Path(str(models_dir()))
    if args.check:
        stale = stale_models(folder)
        for name in stale:
            print(f"stale: {folder / name}", file=sys.stderr)
        return 1 if stale else 0
    for path in write_models(folder):
        print(path)
    return 0


def package(args: argparse.Namespace) -> int:
    """Write skill-package/ from interaction_models/, wired to the deployed endpoint."""
    try:
        written = write_package(models_dir(), args.out, args.endpoint, args.certificate)
    except (ValueError, FileNotFoundError) as error:
        print(f"hamstring-coach package: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
