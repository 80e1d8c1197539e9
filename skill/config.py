"""Configuration from the environment, read once by whichever shell starts the skill."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import BaseModel

from skill.store.protocol import Store


def default_db_path() -> Path:
    return platformdirs.user_data_path("hamstring-coach") / "coach.sqlite3"


class Settings(BaseModel):
    store: Literal["sqlite"] = "sqlite"
    db_path: Path = default_db_path()
    skill_id: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        if env.get("HAMSTRING_STORE"):
            values["store"] = env["HAMSTRING_STORE"]
        if env.get("HAMSTRING_DB"):
            values["db_path"] = Path(env["HAMSTRING_DB"])
        if env.get("SKILL_ID"):
            values["skill_id"] = env["SKILL_ID"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)


def make_store(settings: Settings) -> Store:
    from skill.store.sqlite import SQLiteStore

    return SQLiteStore(settings.db_path)
