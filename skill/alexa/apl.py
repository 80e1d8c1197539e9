"""Screens and cards onto Alexa's response: the one place that knows APL directives and cards.

What to show is decided in skill.speech.screens from the turn's lines; this only checks the
device can show it (``Alexa.Presentation.APL`` in ``supportedInterfaces``), wraps the screen's
data in a RenderDocument with its document from skill/data/apl, and adds the card. A device
without a screen gets exactly the voice response it always got.

A counted set is said by the screen: each rep item carries its own SSML (the ``ssmlToSpeech``
transformer makes it the item's speech) and an ExecuteCommands ``SpeakList`` reads them, each
highlighted while it is said. Alexa says the outputSpeech first and then runs the commands, so
the outputSpeech keeps only what comes before the first rep: every word is said once, in the
voice-only order.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.utils import get_locale
from ask_sdk_model import Response, SessionEndedRequest
from ask_sdk_model.ui import SimpleCard, SsmlOutputSpeech

from skill.alexa.state import MAX_RESPONSE_BYTES
from skill.core.catalog import Catalog
from skill.core.conversation import EndSession, Outcome
from skill.speech.market import DEFAULT_LOCALE
from skill.speech.screens import (
    Card,
    Screen,
    SetScreen,
    SpokenCount,
    card_for,
    screen_for,
    spoken_count,
)

if TYPE_CHECKING:
    # ask-sdk's APL models (about a hundred classes) are imported when a screen is first shown,
    # not at the Lambda's cold start: a voice-only device never needs them.
    from ask_sdk_model.interfaces.alexa.presentation.apl import (
        ExecuteCommandsDirective,
        RenderDocumentDirective,
    )

log = logging.getLogger(__name__)
_SERIALIZER = DefaultSerializer()

TOKEN_PREFIX = "hamstring-coach-"
"""Each document's token is this and the screen's kind ("hamstring-coach-set")."""


def supports_apl(handler_input: HandlerInput) -> bool:
    """Whether the device says it renders APL (a screen); voice-only devices don't."""
    context = handler_input.request_envelope.context
    system = context.system if context is not None else None
    device = system.device if system is not None else None
    interfaces = device.supported_interfaces if device is not None else None
    return interfaces is not None and interfaces.alexa_presentation_apl is not None


@cache
def document(kind: str) -> dict[str, Any]:
    """The APL document for one kind of screen, as shipped in the package (read once)."""
    path = resources.files("skill").joinpath(f"data/apl/{kind}.json")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


REPS_ID = "reps"
"""The set document's Sequence of rep items, which a SpeakList reads."""

SPEECH_TRANSFORMERS = [
    {"inputPath": "screen.reps[*].ssml", "outputName": "speech", "transformer": "ssmlToSpeech"}
]
"""Each counted rep's SSML becomes the ``speech`` its item in the Sequence carries."""


def data_sources(screen: Screen) -> dict[str, Any]:
    """What changes per turn: the screen's data, bound in the documents as
    ``payload.properties.screen``; a counted set's reps also get their speech."""
    payload: dict[str, Any] = {
        "type": "object",
        "properties": {"screen": screen.model_dump(mode="json")},
    }
    if isinstance(screen, SetScreen) and any(r.ssml for r in screen.reps):
        payload["transformers"] = SPEECH_TRANSFORMERS
    return {"payload": payload}


def render_directive(screen: Screen) -> RenderDocumentDirective:
    from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

    return RenderDocumentDirective(
        token=TOKEN_PREFIX + screen.kind,
        document=document(screen.kind),
        datasources=data_sources(screen),
    )


def speak_list_directive(screen: SetScreen) -> ExecuteCommandsDirective:
    """Read the counted reps, each highlighted while it is said; the token is the set
    document's, which this same response renders."""
    from ask_sdk_model.interfaces.alexa.presentation.apl import (
        Align,
        ExecuteCommandsDirective,
        SpeakListCommand,
    )

    return ExecuteCommandsDirective(
        token=TOKEN_PREFIX + screen.kind,
        commands=[
            SpeakListCommand(
                component_id=REPS_ID, start=0, count=len(screen.reps), align=Align.center
            )
        ],
    )


def _locale(handler_input: HandlerInput) -> str:
    try:
        return str(get_locale(handler_input) or DEFAULT_LOCALE)
    except (AttributeError, TypeError):
        return DEFAULT_LOCALE


def simple_card(card: Card) -> SimpleCard:
    return SimpleCard(title=card.title, content=card.content)


def present(
    handler_input: HandlerInput, out: Outcome, catalog: Catalog, response: Response
) -> Response:
    """The turn's response with its card and, on a screen device, its screen. A screen that
    would take the whole response over Alexa's size limit is left out (the voice carries the
    workout without it); nothing is added to the answer to a SessionEndedRequest."""
    if isinstance(handler_input.request_envelope.request, SessionEndedRequest):
        return response
    card = card_for(out.speech, out.conversation, catalog, _locale(handler_input))
    if card is not None:
        response.card = simple_card(card)
    if not supports_apl(handler_input):
        return response
    finished = next((e.session for e in out.effects if isinstance(e, EndSession)), None)
    screen = screen_for(out.speech, out.conversation, catalog, finished)
    if screen is None:
        return response
    before, speech = response.directives, response.output_speech
    added: list[Any] = []
    if isinstance(screen, SetScreen) and any(r.ssml for r in screen.reps):
        spoken = spoken_count(out.speech, catalog)
        opening = _opening(speech, spoken) if spoken is not None else None
        if opening is None:  # the voice said something else: show the reps, say as before
            screen = screen.model_copy(
                update={"reps": [r.model_copy(update={"ssml": ""}) for r in screen.reps]}
            )
        else:
            response.output_speech = SsmlOutputSpeech(ssml=f"<speak>{opening}</speak>")
            if not opening:
                response.output_speech = None
            added.append(speak_list_directive(screen))
    response.directives = [*(before or []), render_directive(screen), *added]
    attributes = handler_input.attributes_manager.session_attributes
    if response_bytes(response, attributes) > MAX_RESPONSE_BYTES - MARGIN_BYTES:
        log.warning("screen left out: the response would be over Alexa's size limit")
        response.directives, response.output_speech = before, speech
    return response


def _opening(speech: Any, spoken: SpokenCount) -> str | None:
    """What the outputSpeech keeps when the screen reads the count: what the voice said before
    the first rep (notices the shell put first included). Alexa says the outputSpeech, then runs
    the SpeakList, so the count is said once, in the same order. None when the outputSpeech is
    not this turn's count (a storage failure said instead): then nothing moves."""
    ssml = getattr(speech, "ssml", None)
    if not isinstance(ssml, str):
        return None
    body = ssml.removeprefix("<speak>").removesuffix("</speak>")
    if not body.endswith(spoken.whole):
        return None
    notices = body[: len(body) - len(spoken.whole)].strip()
    return " ".join(p for p in (notices, spoken.before) if p)


MARGIN_BYTES = 512
"""Room for what Alexa's envelope adds around the response (version, user agent)."""


def response_bytes(response: Response, attributes: dict[str, Any] | None) -> int:
    """The size of the response envelope Alexa will receive: body and session attributes."""
    envelope = {
        "version": "1.0",
        "sessionAttributes": attributes or {},
        "response": _SERIALIZER.serialize(response),
    }
    return len(json.dumps(envelope).encode())
