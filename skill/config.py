"""Configuration from the environment, read once by whichever shell starts the skill."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import Field

from skill.core.model import Model
from skill.store.codec import Clock, utc_now
from skill.store.protocol import Store


def default_db_path() -> Path:
    import platformdirs  # the local shells' default only: not imported on the Lambda's cold start

    return platformdirs.user_data_path("hamstring-coach") / "coach.sqlite3"


class Settings(Model):
    store: Literal["sqlite", "dynamodb"] = "sqlite"
    db_path: Path = Field(default_factory=default_db_path)
    table_name: str | None = None
    """DynamoDB table (``HAMSTRING_TABLE``, else ``TABLE_NAME``); required for ``dynamodb``."""
    region: str | None = None
    """AWS region (``AWS_REGION``); None lets boto3 find it (Lambda always sets AWS_REGION)."""
    skill_id: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        if env.get("HAMSTRING_STORE"):
            values["store"] = env["HAMSTRING_STORE"]
        if env.get("HAMSTRING_DB"):
            values["db_path"] = Path(env["HAMSTRING_DB"])
        table = env.get("HAMSTRING_TABLE") or env.get("TABLE_NAME")
        if table:
            values["table_name"] = table
        if env.get("AWS_REGION"):
            values["region"] = env["AWS_REGION"]
        if env.get("SKILL_ID"):
            values["skill_id"] = env["SKILL_ID"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)


def make_store(settings: Settings, clock: Clock = utc_now) -> Store:
    """The configured store, on the same clock as the skill (the chat's ``--now`` included)."""
    if settings.store == "dynamodb":
        from skill.store.dynamodb import DynamoDBStore, make_client

        if not settings.table_name:
            raise ValueError("HAMSTRING_STORE=dynamodb needs HAMSTRING_TABLE (or TABLE_NAME)")
        return DynamoDBStore(settings.table_name, make_client(settings.region), clock=clock)

    from skill.store.sqlite import SQLiteStore

    return SQLiteStore(settings.db_path, clock=clock)
