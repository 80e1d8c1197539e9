"""Session attributes never push a response over Alexa's 24 KB limit."""

from __future__ import annotations

import json

from skill.alexa.handlers.base import MAX_RESPONSE_BYTES, _fit
from skill.core.conversation import Conversation, Outcome
from skill.speech.ssml import Speech


def outcome(last_speech: str, speech_words: int) -> Outcome:
    conv = Conversation(loaded=True, last_speech=last_speech)
    return Outcome(conv, Speech(" ".join(["rep"] * speech_words)), Speech("Ready?"))


def test_small_conversations_keep_the_speech_for_repeat() -> None:
    attrs = _fit(outcome("<speak>Set two of three.</speak>", 10))
    assert attrs["last_speech"] == "<speak>Set two of three.</speak>"


def test_a_response_near_the_limit_drops_only_the_repeat_copy() -> None:
    big = "<speak>" + "One. " * 3600 + "</speak>"  # about 18 KB
    out = outcome(big, 1900)  # nearly 8 KB of speech this turn
    attrs = _fit(out)
    assert attrs["last_speech"] is None
    assert attrs["loaded"] is True, "everything else is kept"
    total = len(out.speech.ssml()) + len(json.dumps(attrs))
    assert total < MAX_RESPONSE_BYTES
