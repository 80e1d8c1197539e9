"""Session attributes never push a response over Alexa's 24 KB limit."""

from __future__ import annotations

import json

from skill.alexa.state import MAX_RESPONSE_BYTES, SessionState
from skill.core.conversation import Conversation
from skill.speech.ssml import Speech


def state(last_speech: str) -> SessionState:
    return SessionState(coach=Conversation(loaded=True), last_speech=last_speech)


def speech(words: int) -> str:
    return Speech(" ".join(["rep"] * words)).ssml()


def test_small_conversations_keep_the_speech_for_repeat() -> None:
    last = "<speak>Set two of three.</speak>"
    attrs = state(last).attributes(speech(10), "<speak>Ready?</speak>")
    assert attrs["last_speech"] == last


def test_a_response_near_the_limit_drops_only_the_repeat_copy() -> None:
    big = "<speak>" + "One. " * 3600 + "</speak>"  # about 18 KB
    said = speech(1900)  # nearly 8 KB of speech this turn
    attrs = state(big).attributes(said, "<speak>Ready?</speak>")
    assert attrs["last_speech"] is None
    assert attrs["coach"]["loaded"] is True, "everything else is kept"
    total = len(said) + len(json.dumps(attrs))
    assert total < MAX_RESPONSE_BYTES
