"""Cards in the Alexa app, through the real handler: the finished workout, the next
prescriptions, and the setup heard at onboarding; plain short text, and none on other turns."""

from __future__ import annotations

from typing import Any

from skill.core.workout import Phase
from skill.speech.screens import CARD_LIMIT
from tests.factories import Alexa


def card(alexa: Alexa) -> dict[str, Any] | None:
    found: dict[str, Any] | None = alexa.body.get("card")
    if found is not None:
        assert found["type"] == "Simple"
        assert 0 < len(found["content"]) <= CARD_LIMIT
        assert "<" not in found["content"], "plain text, no SSML"
        assert "(…" not in found["content"], "no pause marks"
    return found


def finish(alexa: Alexa) -> None:
    while (workout := alexa.workout) is not None and workout.phase is not Phase.DONE:
        alexa.count_set()
        assert card(alexa) is None, "no card while counting"
        alexa.say("LogSetIntent", reps="10", load="20", effort="just right")
        if alexa.ended:
            return
        assert card(alexa) is None, "no card on an ordinary set"


def test_onboarding_ends_with_a_card_of_what_we_heard(alexa: Alexa) -> None:
    alexa.launch()
    assert card(alexa) is None
    alexa.say("SetEquipmentIntent", equipmentOne="dumbbells", equipmentTwo="bands")
    assert card(alexa) is None
    alexa.say("SetLevelIntent", level="new")
    setup = card(alexa)
    assert setup is not None
    assert setup["title"] == "Your setup"
    assert setup["content"] == (
        "Equipment: dumbbells, bands. Level: new to training. Weights in pounds."
    )


def test_a_finished_workout_sends_its_summary(alexa: Alexa) -> None:
    alexa.onboard(("dumbbells",), "some")
    finish(alexa)
    summary = card(alexa)
    assert summary is not None
    assert summary["title"] == "Hamstring day done"
    assert "hamstring day done" in summary["content"]
    assert "Next time:" in summary["content"]
    assert summary["content"].split(" Next time:")[0] in alexa.text, "the summary as said"


def test_what_to_increase_sends_the_next_prescriptions(alexa: Alexa) -> None:
    alexa.onboard(("dumbbells",), "some")
    finish(alexa)
    alexa.launch()
    alexa.say("ProgressIntent")
    advice = card(alexa)
    assert advice is not None
    assert advice["title"] == "What to increase next"
    assert advice["content"] in alexa.text, "the advice as said, without the pauses"


def test_no_card_on_questions_and_cues(alexa: Alexa) -> None:
    alexa.onboard(("dumbbells",), "some")
    for intent in ("FormCueIntent", "WhichSetIntent", "AMAZON.HelpIntent", "AMAZON.PauseIntent"):
        alexa.say(intent)
        assert card(alexa) is None, intent
