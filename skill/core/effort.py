"""How a set felt, as the person says it: the one signal progression reads besides reps."""

from __future__ import annotations

from enum import StrEnum


class Effort(StrEnum):
    EASY = "easy"
    RIGHT = "right"
    HARD = "hard"
