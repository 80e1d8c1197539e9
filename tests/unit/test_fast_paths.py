"""The warm turn's shortcuts keep their meaning: field-less events behave as the frozen
dataclasses they replaced, the response size bound never undercounts, and a workout step handed
its state changes it in place to the same end as a step on a copy."""

from __future__ import annotations

import copy
import json
from dataclasses import FrozenInstanceError
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from skill.alexa.state import json_size
from skill.core import events as ev
from skill.core import workout as wk

PLAIN = [ev.Ready, ev.FormCue, ev.Help, ev.Stop, ev.Yes, ev.No, ev.Repeat, ev.SessionEnded]


@pytest.mark.parametrize("kind", PLAIN, ids=lambda k: k.__name__)
def test_a_field_less_event_acts_as_a_frozen_dataclass(kind: type) -> None:
    event = kind()
    assert event == kind() and hash(event) == hash(kind())
    assert all(event != other() for other in PLAIN if other is not kind)
    assert event != ev.LogSet() and event is not None
    assert repr(event) == f"{kind.__name__}()"
    assert {event, kind()} == {event}
    with pytest.raises(FrozenInstanceError):
        event.anything = 1  # type: ignore[attr-defined]
    with pytest.raises(FrozenInstanceError):
        del event.anything  # type: ignore[attr-defined]
    assert copy.deepcopy(event) == event and type(copy.copy(event)) is kind


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(JSON)
@example(5.220452468780744e-06)  # "e-6" against json.dumps' "e-06"
@example({"\x7f": None})  # DEL: ASCII, yet json.dumps writes "\u007f"
def test_the_size_bound_is_never_under_what_lambda_sends(value: Any) -> None:
    assert json_size(value) >= len(json.dumps(value))


def test_the_size_bound_is_close_for_the_session_attributes() -> None:
    attributes = {
        "coach": {"loaded": True, "workout": {"phase": "feedback", "logged": [1, 2, 3]}},
        "unsaved": [],
        "last_speech": "<speak>Set two: ten reps, 20 pounds.</speak>",
    }
    exact = len(json.dumps(attributes))
    assert exact <= json_size(attributes) <= exact + 16


def test_an_owned_step_changes_the_state_in_place_to_the_same_end() -> None:
    from tests.unit.test_phase_table import STATES_BY_PHASE, ctx

    for phase, state in STATES_BY_PHASE.items():
        for event in (ev.Ready(), ev.FormCue(), ev.Help(), ev.Stop(), ev.LogSet(reps=8)):
            kept = state.model_copy(deep=True)
            copied = wk.step(state, event, ctx())
            assert state == kept, f"step changed the state it was given in {phase}"
            handed = state.model_copy(deep=True)
            owned = wk.step(handed, event, ctx(), owned=True)
            assert owned == copied, (phase, event)
