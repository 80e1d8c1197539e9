"""The interaction model and the handlers agree: no intent Alexa can send goes unhandled, and no
handler waits for an intent the model never declares."""

from __future__ import annotations

from skill.alexa.intents import handled_intents
from tests.factories import model_intents


def test_every_model_intent_has_a_handler() -> None:
    unhandled = set(model_intents()) - handled_intents()
    assert not unhandled, f"in the model but no handler takes them: {sorted(unhandled)}"


def test_every_handled_intent_is_in_the_model() -> None:
    undeclared = handled_intents() - set(model_intents())
    assert not undeclared, f"handled but never declared in en-US.json: {sorted(undeclared)}"


def test_the_model_declares_intents_and_the_required_built_ins() -> None:
    names = set(model_intents())
    assert len(names) > 10
    for required in (
        "AMAZON.HelpIntent",
        "AMAZON.StopIntent",
        "AMAZON.CancelIntent",
        "AMAZON.NavigateHomeIntent",
        "AMAZON.FallbackIntent",
    ):
        assert required in names
