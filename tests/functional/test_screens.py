"""Screens on APL devices, through the real Lambda handler with device-shaped envelopes: an Echo
Show or Spot gets a RenderDocument for the set, the rest, the plan and the summary; a voice-only
Echo gets exactly the voice response; a touch on a button acts as the intent it stands for."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.directive import Directive
from ask_sdk_model.interfaces.alexa.presentation.apl import (
    ExecuteCommandsDirective,
    RenderDocumentDirective,
    SpeakListCommand,
)

from skill.alexa.apl import document
from skill.alexa.app import build_handler
from skill.alexa.state import MAX_RESPONSE_BYTES
from skill.core.catalog import load_catalog
from skill.core.conversation import Conversation
from skill.core.plan import PlannedExercise
from skill.core.tempo import MAX_TEMPO_SCALE
from skill.core.workout import Phase
from skill.local.cli import Chat
from skill.local.nlu import Matcher
from skill.local.screens import heard_ssml
from skill.speech.ssml import words
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock, make_profile, make_workout

RENDER = "Alexa.Presentation.APL.RenderDocument"
EXECUTE = "Alexa.Presentation.APL.ExecuteCommands"
SERIALIZER = DefaultSerializer()


def on(alexa: Alexa, screen: str | None) -> Alexa:
    alexa.factory.screen = screen
    return alexa


def screens(alexa: Alexa) -> list[dict[str, Any]]:
    """The RenderDocument directives of the last response."""
    return [d for d in alexa.body.get("directives") or [] if d.get("type") == RENDER]


def shown(alexa: Alexa) -> dict[str, Any]:
    """The one screen the last response shows: its data, after checking the directive."""
    found = screens(alexa)
    assert len(found) == 1, alexa.body
    directive = found[0]
    kind = directive["datasources"]["payload"]["properties"]["screen"]["kind"]
    assert directive["token"] == f"hamstring-coach-{kind}"
    assert directive["document"] == document(kind), "the shipped document, unchanged"
    parsed = SERIALIZER.deserialize(json.dumps(directive), Directive)
    assert isinstance(parsed, RenderDocumentDirective)
    screen: dict[str, Any] = directive["datasources"]["payload"]["properties"]["screen"]
    return screen


def speak_list(alexa: Alexa) -> dict[str, Any] | None:
    """The SpeakList the last response runs, after checking its directive, or None."""
    found = [d for d in alexa.body.get("directives") or [] if d.get("type") == EXECUTE]
    if not found:
        return None
    assert len(found) == 1, found
    parsed = SERIALIZER.deserialize(json.dumps(found[0]), Directive)
    assert isinstance(parsed, ExecuteCommandsDirective)
    assert isinstance(parsed.commands[0], SpeakListCommand)
    rendered = screens(alexa)
    assert rendered and found[0]["token"] == rendered[0]["token"], "it reads the document sent"
    command: dict[str, Any] = found[0]["commands"][0]
    return command


def workout_day(alexa: Alexa) -> list[dict[str, Any]]:
    """Onboarding, a counted set, its report, the next set, then stop: every response body."""
    bodies = []
    alexa.launch()
    bodies.append(alexa.body)
    alexa.say("SetEquipmentIntent", equipmentOne="dumbbells")
    bodies.append(alexa.body)
    for step in (
        lambda: alexa.say("SetLevelIntent", level="some"),
        alexa.count_set,
        lambda: alexa.say("LogSetIntent", reps="10", load="20", effort="hard"),
        lambda: alexa.say("FormCueIntent"),
        alexa.count_set,
        lambda: alexa.say("AMAZON.StopIntent"),
    ):
        step()
        bodies.append(alexa.body)
    return bodies


def test_a_voice_only_echo_gets_no_directives(alexa: Alexa) -> None:
    for body in workout_day(on(alexa, None)):
        assert "directives" not in body, body


def test_a_screen_device_hears_exactly_what_a_voice_only_one_does(
    sqlite_store: SQLiteStore, alexa: Alexa, clock: MutableClock
) -> None:
    """Heard: the outputSpeech, then whatever a SpeakList reads; the words and their order are
    the voice-only device's, once each."""
    voice = workout_day(alexa)
    screen = Alexa(alexa.handler, clock, user_id="amzn1.ask.account.SHOW-OWNER")
    with_screen = workout_day(on(screen, "show15"))
    spoken = [(b.get("outputSpeech") or {}).get("ssml", "") for b in voice]
    assert spoken == [heard_ssml({"response": b}) for b in with_screen]
    assert [b.get("reprompt") for b in voice] == [b.get("reprompt") for b in with_screen]
    assert any("directives" in b for b in with_screen)
    read = [b for b in with_screen if any(d["type"] == EXECUTE for d in b.get("directives", []))]
    assert read, "the counted sets are read by the screen"
    for body in read:
        assert "One." not in (body.get("outputSpeech") or {}).get("ssml", ""), "said once"


def test_the_count_is_read_rep_by_rep_from_the_screen(alexa: Alexa) -> None:
    """Each rep item carries its own speech (ssmlToSpeech), and a SpeakList reads them all
    in order, each highlighted while it is said; the outputSpeech keeps what comes before."""
    on(alexa, "show5").onboard(("dumbbells",), "some")
    alexa.say("ReadyIntent")
    counting = shown(alexa)
    command = speak_list(alexa)
    assert command == {
        "type": "SpeakList",
        "componentId": "reps",
        "start": 0,
        "count": len(counting["reps"]),
        "align": "center",
    }
    payload = screens(alexa)[0]["datasources"]["payload"]
    assert payload["transformers"] == [
        {"inputPath": "screen.reps[*].ssml", "outputName": "speech", "transformer": "ssmlToSpeech"}
    ]
    reps = counting["reps"]
    for rep in reps:
        assert rep["ssml"].startswith("<speak>") and rep["ssml"].endswith("</speak>")
    for rep in reps[:-1]:
        said = rep["ssml"].removesuffix("</speak>")
        assert said.endswith(f" {words(rep['number']).capitalize()}."), "a rep ends on its number"
    last = reps[-1]["ssml"].removesuffix("</speak>")
    assert f" {words(reps[-1]['number']).capitalize()}. " in last
    assert last.endswith(("ready for the other side.", "easy, just right, or hard?")), last
    assert "outputSpeech" not in alexa.body, "nothing came before the count this turn"
    assert alexa.body["reprompt"]["outputSpeech"]["ssml"]
    assert '"id": "reps"' in json.dumps(document("set")), "the SpeakList reads the set's reps"


@pytest.mark.parametrize("device", ["spot", "show5", "show15"])
def test_the_plan_then_the_set_then_the_rest(alexa: Alexa, device: str) -> None:
    on(alexa, device).onboard(("dumbbells",), "some")
    plan = shown(alexa)
    assert plan["kind"] == "overview"
    workout = alexa.workout
    assert workout is not None
    assert len(plan["rows"]) == len(workout.plan)

    alexa.count_set()
    counting = shown(alexa)
    current = workout.current
    assert counting["kind"] == "set"
    assert counting["counting"] is True
    assert counting["set_label"] == f"Set 1 of {current.sets}"
    assert [r["number"] for r in counting["reps"]] == list(range(1, current.target_reps + 1))
    cued = [r for r in counting["reps"] if r["cue"]]
    assert cued, "the mid-set cues are on their reps"
    assert all(r["cue"] in r["ssml"] for r in cued), "each shown cue is said with its rep"

    alexa.say("LogSetIntent", reps="10", load="20", effort="hard")
    rest = shown(alexa)
    assert rest["kind"] == "rest"
    assert rest["next_label"] == f"Set 2 of {current.sets}"
    assert rest["next_target"].endswith("× 20 lb")
    assert rest["seconds"] >= 10
    logged = alexa.text.split(" Rest ")[0]
    assert 1000 <= rest["starts_in_ms"] <= 1000 * len(logged.split()), "with the spoken countdown"


def test_a_question_mid_set_keeps_the_screen_showing(alexa: Alexa) -> None:
    on(alexa, "show15").onboard(("dumbbells",), "some")
    alexa.say("FormCueIntent")
    assert screens(alexa) == [], "nothing new to show: the set screen stays"


def test_the_finished_workout_shows_a_summary(alexa: Alexa) -> None:
    on(alexa, "show5").onboard(("dumbbells",), "some")
    while (workout := alexa.workout) is not None and workout.phase is not Phase.DONE:
        alexa.count_set()
        alexa.say("LogSetIntent", reps="10", load="20", effort="easy")
        if alexa.ended:
            break
    summary = shown(alexa)
    assert summary["kind"] == "summary"
    assert summary["rows"][0]["detail"].startswith("10 × 20 lb")


@pytest.mark.parametrize(
    ("button", "intent"),
    [
        ("ready", "ReadyIntent"),
        ("pause", "AMAZON.PauseIntent"),
        ("skip", "SkipExerciseIntent"),
        ("not-ours", "AMAZON.FallbackIntent"),
    ],
)
def test_a_touch_acts_as_its_spoken_twin(
    alexa: Alexa, clock: MutableClock, button: str, intent: str
) -> None:
    spoken = on(alexa, "show15")
    touched = on(Alexa(alexa.handler, clock, user_id="amzn1.ask.account.TOUCHER"), "show15")
    for person in (spoken, touched):
        person.onboard(("dumbbells",), "some")

    spoken.say(intent)
    touched.send(touched.factory.user_event([button], now=clock()))

    assert touched.body == spoken.body
    workouts = [p.workout for p in (spoken, touched)]
    assert workouts[0] is not None and workouts[1] is not None
    ids = {"workout_id": "w"}
    assert workouts[0].model_copy(update=ids) == workouts[1].model_copy(update=ids)


def longest_set(exercise_id: str) -> dict[str, Any]:
    """Session attributes for a set at the most reps and the slowest tempo we ever count."""
    plan = [PlannedExercise(exercise_id=exercise_id, sets=5, target_reps=30, load=225.5)]
    workout = make_workout(plan=plan, tempo_scale=MAX_TEMPO_SCALE, setup_given=True)
    coach = Conversation(loaded=True, profile=make_profile(), workout=workout)
    return {"coach": coach.model_dump(mode="json")}


@pytest.mark.parametrize("exercise_id", [e.id for e in load_catalog().exercises])
def test_the_longest_counted_set_fits_with_its_screen(
    alexa: Alexa, clock: MutableClock, exercise_id: str
) -> None:
    """The most reps at the slowest tempo, every turn of it: within 24 KB with its screen and
    its reps' speech, each rep read from the screen, and heard exactly as a voice-only Echo
    hears it (two-sided sets side by side, long sides in runs)."""
    voice = Alexa(alexa.handler, clock, user_id="amzn1.ask.account.VOICE-ONLY")
    for person in (on(alexa, "spot"), voice):
        person.launch()
        person.factory.attributes = longest_set(exercise_id)
    read = 0
    while True:
        spoken = voice.say("ReadyIntent")
        alexa.say("ReadyIntent")
        size = len(json.dumps(alexa.last).encode())
        assert size <= MAX_RESPONSE_BYTES, size
        screen = shown(alexa)
        assert screen["kind"] == "set" and screen["counting"] is True
        command = speak_list(alexa)
        assert command is not None and command["count"] == len(screen["reps"])
        assert heard_ssml(alexa.last) == spoken
        read += len(screen["reps"])
        workout = alexa.workout
        if workout is None or workout.phase is not Phase.SETUP or not workout.count_part:
            break
    per_side = load_catalog().get(exercise_id).per_side
    assert read in ((60, 30) if per_side else (30,)), "every rep read once (marches: once)"


def test_the_chat_prints_what_a_show_would_show(
    sqlite_store: SQLiteStore, clock: MutableClock, tmp_path: Path
) -> None:
    out = io.StringIO()
    page = tmp_path / "screen.html"
    chat = Chat(
        build_handler(sqlite_store, clock),
        Matcher.for_locale(),
        clock,
        out,
        screen="show15",
        html_path=page,
    )
    chat.run(["dumbbells", "new", "[ready]", "ten reps at twenty pounds it was hard", "stop"])
    text = out.getvalue()
    assert "Screen [overview]" in text
    assert "Card [Your setup] Equipment: dumbbells." in text
    assert "Screen [set]" in text and "Set 1 of " in text and "(counting)" in text
    assert "(read one by one)" in text and "Alexa: Lower slowly." in text, "the reps, said"
    assert "Screen [rest]" in text and "next: " in text and "Set 2 of " in text
    assert "<h1>rest</h1>" in page.read_text(encoding="utf-8")


def test_the_chat_without_a_screen_prints_no_screens(
    sqlite_store: SQLiteStore, clock: MutableClock
) -> None:
    out = io.StringIO()
    chat = Chat(build_handler(sqlite_store, clock), Matcher.for_locale(), clock, out)
    chat.run(["dumbbells", "new", "ready", "stop"])
    assert "Screen [" not in out.getvalue()
