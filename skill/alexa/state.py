"""What rides in Alexa's session attributes from one turn to the next, so a turn inside a session
needs no storage read: the pure conversation, plus what only the shell keeps (writes the store
could not take yet, and the last words said, for "repeat")."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from pydantic import AwareDatetime, Field
from pydantic_core import to_json

from skill.alexa.serializer import JsonDict
from skill.core.conversation import Conversation, Effect
from skill.core.model import Model, new_list

log = logging.getLogger(__name__)

MAX_RESPONSE_BYTES = 24 * 1024
"""Alexa refuses a whole response (speech, reprompt and session attributes) over 24 KB."""


def json_size(value: Any) -> int:
    """At least the length of ``json.dumps(value)`` (what Lambda sends back), for a quarter of
    its time: pydantic-core writes compact JSON, and each comma or colon in it (those inside
    strings too, so never fewer) stands for one of ``json.dumps``' ", " or ": ". A float's
    negative exponent is one digit in pydantic-core ("1e-7") and at least two in ``json.dumps``
    ("1e-07"), so each "e-" counts one more. Text outside ASCII, or with DEL in it (both of
    which ``json.dumps`` escapes and pydantic-core does not), is measured exactly."""
    compact = to_json(value)
    if not compact.isascii() or b"\x7f" in compact:
        return len(json.dumps(value))
    return len(compact) + compact.count(b",") + compact.count(b":") + compact.count(b"e-")


def owner_of(user_id: str) -> str:
    """A short digest of the user id: binds the attributes to their user without carrying the id
    itself (which never goes into logs either). Not a secret: an integrity check against
    mix-ups and replays under another id, not against forgery (the store-side rules hold then)."""
    return hashlib.sha256(user_id.encode()).hexdigest()[:16]


class SessionState(Model):
    """The session attributes, as one model; each field is one top-level attribute."""

    coach: Conversation = Field(default_factory=Conversation)
    """The conversation (under "coach", the key sessions in flight already carry)."""
    unsaved: list[Effect] = Field(default_factory=new_list)
    """Writes the store could not take yet; the next turn retries them before anything else,
    once they pass ``skill.alexa.effects.replayable``."""
    owner: str | None = None
    """Whose session this is (``owner_of`` the user id): attributes sent back under another
    user's id are not that user's, and are not used."""
    last_speech: str | None = None
    last_reprompt: str | None = None
    """The last speech in short (``Outcome.again``: the question or the set announced, never a
    counted set or rest countdown again) and the last reprompt, as SSML: "repeat" replays them."""
    reminder_offer: AwareDatetime | None = None
    """A reminder offered this turn ("Thursday at six?"): yes, no or another day answers it."""

    def attributes(self, speech: str | None, reprompt: str | None) -> dict[str, Any]:
        """Session attributes that keep the response inside Alexa's limit.

        The copy of the last speech (kept for "repeat") is the one large, optional part: it
        goes first when a long counted set and a long history would not fit together.
        """
        dumped = self.model_dump(mode="json")
        size = len(speech or "") + len(reprompt or "") + json_size(dumped)
        if size + 1024 > MAX_RESPONSE_BYTES:
            log.warning("response near Alexa's size limit; not keeping speech for repeat")
            dumped["last_speech"] = None
        # JSON already (pydantic's JSON mode): the serializer writes these as they are.
        return {key: JsonDict(v) if type(v) is dict else v for key, v in dumped.items()}
