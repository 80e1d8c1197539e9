"""Every English-speaking Alexa market through the real Lambda handler: sets are logged and
advice given in the person's unit (the locale's default, the device's setting, or what they
said, which wins), and a locale we don't list runs in en-US wording."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse

from skill.alexa.app import build_handler
from skill.alexa.settings import weight_unit_of
from skill.core.profile import Unit
from skill.local.cli import Chat, build_parser
from skill.local.nlu import Matcher
from skill.speech.market import spell
from skill.store.sqlite import SQLiteStore
from tests.factories import Alexa, MutableClock

START = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
WORDS = {Unit.LB: "pounds", Unit.KG: "kilos"}


class FakeSettings(ApiClient):  # type: ignore[misc]
    """Alexa's settings API: a zone, and a weight unit (None: the device has none, 204)."""

    def __init__(self, weight: str | None) -> None:
        self.weight = weight
        self.urls: list[str] = []

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        self.urls.append(str(request.url))
        if str(request.url).endswith("/System.weightUnits"):
            if self.weight is None:
                return ApiClientResponse(headers=[], status_code=204, body="")
            return ApiClientResponse(headers=[], status_code=200, body=json.dumps(self.weight))
        return ApiClientResponse(headers=[], status_code=200, body=json.dumps("UTC"))


def speaker(store: SQLiteStore, locale: str, api: ApiClient | None = None) -> Alexa:
    clock = MutableClock(START)
    alexa = Alexa(build_handler(store, clock, api_client=api), clock)
    alexa.factory.locale = locale
    return alexa


def first_session(alexa: Alexa, unit_word: str) -> None:
    """Onboard with dumbbells, log three easy sets at twenty in ``unit_word``, finish."""
    alexa.onboard(("dumbbells",), "new")
    alexa.count_set()
    logged = alexa.say("LogSetIntent", reps="10", load="20", unit=unit_word, effort="easy")
    assert f"Logged ten at twenty {unit_word}" in alexa.text, logged
    alexa.say("AMAZON.StopIntent")


def advice_two_days_later(alexa: Alexa) -> str:
    alexa.clock.now = START + timedelta(days=2)
    alexa.launch()
    alexa.say("LoadAdviceIntent", exercise="romanian deadlifts")
    return alexa.text


@pytest.mark.parametrize(
    ("locale", "unit"),
    [("en-US", Unit.LB), ("en-GB", Unit.KG), ("en-AU", Unit.KG), ("en-IN", Unit.KG)],
)
def test_each_market_logs_and_advises_in_its_unit(
    sqlite_store: SQLiteStore, locale: str, unit: Unit
) -> None:
    alexa = speaker(sqlite_store, locale)
    alexa.launch()
    alexa.say("SetEquipmentIntent", equipmentOne="dumbbells")
    alexa.say("SetLevelIntent", level="new")
    assert "pounds or kilos" not in alexa.text
    alexa.count_set()
    alexa.say("AMAZON.HelpIntent")
    other = WORDS[Unit.KG if unit is Unit.LB else Unit.LB]
    assert WORDS[unit] in alexa.text and other not in alexa.text, alexa.text
    alexa.say("LogSetIntent", reps="10", load="20", unit=WORDS[unit], effort="easy")
    assert f"Logged ten at twenty {WORDS[unit]}" in alexa.text
    alexa.say("AMAZON.StopIntent")
    advice = advice_two_days_later(alexa)
    assert WORDS[unit] in advice and other not in advice, advice


def test_canada_asks_once_and_the_answer_is_kept(sqlite_store: SQLiteStore) -> None:
    alexa = speaker(sqlite_store, "en-CA")
    alexa.launch()
    alexa.say("SetEquipmentIntent", equipmentOne="dumbbells")
    alexa.say("SetLevelIntent", level="new")
    assert "pounds or kilos" in alexa.text
    reprompt = alexa.body["reprompt"]["outputSpeech"]["ssml"]
    assert "pounds or kilos" in reprompt
    alexa.say("AMAZON.HelpIntent")
    assert "pounds or kilos" in alexa.text
    alexa.say("SetUnitIntent", unit="kilos")
    assert "Got it: kilos from now on." in alexa.text
    assert "First up" in alexa.text, "the answer goes straight on to the plan"
    alexa.count_set()
    alexa.say("LogSetIntent", reps="10", load="20", unit="kilos", effort="easy")
    assert "Logged ten at twenty kilos" in alexa.text
    alexa.say("AMAZON.StopIntent")
    advice = advice_two_days_later(alexa)
    assert "kilos" in advice and "pounds" not in advice, advice
    assert "pounds or kilos" not in alexa.text


def test_canada_with_a_device_unit_is_not_asked(sqlite_store: SQLiteStore) -> None:
    api = FakeSettings("POUNDS")
    alexa = speaker(sqlite_store, "en-CA", api)
    alexa.launch()
    alexa.say("SetEquipmentIntent", equipmentOne="dumbbells")
    alexa.say("SetLevelIntent", level="new")
    assert "pounds or kilos" not in alexa.text
    assert any(u.endswith("/settings/System.weightUnits") for u in api.urls)
    assert alexa.last["sessionAttributes"]["coach"]["profile"]["unit"] == "lb"


def test_the_device_setting_beats_the_locale(sqlite_store: SQLiteStore) -> None:
    alexa = speaker(sqlite_store, "en-GB", FakeSettings("POUNDS"))
    first_session(alexa, "pounds")
    assert "pounds" in advice_two_days_later(alexa)


def test_what_the_person_says_beats_device_and_locale(sqlite_store: SQLiteStore) -> None:
    api = FakeSettings("KILOGRAMS")
    alexa = speaker(sqlite_store, "en-GB", api)
    alexa.onboard(("dumbbells",), "new")
    alexa.say("SetUnitIntent", unit="pounds")
    assert "Got it: pounds from now on." in alexa.text
    assert "Say ready" in alexa.text, "back to the set announced"
    alexa.count_set()
    alexa.say("AMAZON.HelpIntent")
    assert "pounds" in alexa.text and "kilos" not in alexa.text, alexa.text
    alexa.say("LogSetIntent", reps="10", load="20", unit="pounds", effort="easy")
    alexa.say("AMAZON.StopIntent")
    # The device still says kilograms at the next launch: the person's word stands.
    advice = advice_two_days_later(alexa)
    assert "pounds" in advice and "kilos" not in advice, advice


def test_a_device_unit_changed_later_is_followed_until_the_person_chooses(
    sqlite_store: SQLiteStore,
) -> None:
    api = FakeSettings(None)
    alexa = speaker(sqlite_store, "en-US", api)
    alexa.onboard(("dumbbells",), "new")
    alexa.say("AMAZON.StopIntent")
    api.weight = "KILOGRAMS"
    alexa.clock.now = START + timedelta(days=2)
    alexa.launch()
    assert alexa.last["sessionAttributes"]["coach"]["profile"]["unit"] == "kg"


@pytest.mark.parametrize("locale", ["en-NZ", "fr-FR"])
def test_an_unlisted_locale_runs_in_us_wording_with_the_persons_unit(
    sqlite_store: SQLiteStore, locale: str
) -> None:
    alexa = speaker(sqlite_store, locale)
    alexa.launch()
    assert "Welcome to Hamstring Coach" in alexa.text
    alexa.say("SetEquipmentIntent", equipmentOne="dumbbells")
    alexa.say("SetLevelIntent", level="new")
    assert "pounds or kilos" not in alexa.text
    alexa.say("SetUnitIntent", unit="pounds")
    alexa.count_set()
    alexa.say("LogSetIntent", reps="10", load="20", unit="pounds", effort="easy")
    assert "Logged ten at twenty pounds" in alexa.text
    alexa.say("AMAZON.StopIntent")
    assert "pounds" in advice_two_days_later(alexa)


def test_cards_are_spelt_for_their_market() -> None:
    text = "Glute bridges join your programme. Programme moves on."
    assert spell(text, "en-US") == "Glute bridges join your program. Program moves on."
    assert spell(text, "en-CA") == spell(text, "en-US")
    assert spell(text, "en-GB") == text
    assert spell(text, "en-NZ") == spell(text, "en-US"), "unlisted: en-US wording"


def test_the_setup_card_names_the_unit(sqlite_store: SQLiteStore) -> None:
    alexa = speaker(sqlite_store, "en-AU")
    alexa.onboard(("dumbbells",), "new")
    card = alexa.body.get("card") or {}
    assert "Weights in kilograms." in str(card.get("content")), card


@pytest.mark.parametrize(
    ("body", "unit"),
    [('"KILOGRAMS"', Unit.KG), ('"POUNDS"', Unit.LB), ("POUNDS", Unit.LB), ('"STONE"', None)],
)
def test_the_settings_value_is_read_or_left_alone(body: str, unit: Unit | None) -> None:
    assert weight_unit_of(body) is unit
    assert weight_unit_of("") is None


@pytest.mark.parametrize(
    ("locale", "said", "unit_word"),
    [
        ("en-GB", "ten reps at twelve kilos it was a bit easy", "twelve kilos"),
        ("en-IN", "ten reps at twelve kgs it was a bit easy", "twelve kilos"),
        ("en-US", "ten reps at twenty pounds it was easy", "twenty pounds"),
    ],
)
def test_the_chat_speaks_as_a_device_in_that_locale(
    sqlite_store: SQLiteStore, clock: MutableClock, locale: str, said: str, unit_word: str
) -> None:
    out = io.StringIO()
    chat = Chat(
        build_handler(sqlite_store, clock),
        Matcher.for_locale(locale),
        clock,
        out,
        locale=locale,
    )
    sent: list[str] = []
    send = chat.send

    def spy(envelope: dict[str, object]) -> dict[str, object]:
        request = envelope["request"]
        assert isinstance(request, dict)
        sent.append(str(request["locale"]))
        return send(envelope)  # type: ignore[arg-type]

    chat.send = spy  # type: ignore[method-assign]
    chat.run(["dumbbells", "new", "ready", said, "stop"])
    assert f"Logged ten at {unit_word}" in out.getvalue(), out.getvalue()
    assert sent and set(sent) == {locale}


def test_the_chat_takes_a_locale_option() -> None:
    assert build_parser().parse_args(["chat", "--locale", "en_gb"]).locale == "en-GB"
    assert build_parser().parse_args(["chat"]).locale == "en-US"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["chat", "--locale", "british"])
