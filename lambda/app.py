"""Lambda entry point: the same skill as everywhere else, with the store from configuration.

Built once per container (cold start), not per request.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from skill.app import build_handler
from skill.config import Settings, make_store

logging.getLogger().setLevel(logging.INFO)

# Lambda's file system is read-only outside /tmp; the DynamoDB store is the deployed default
# once configured, and SQLite in /tmp keeps a bare deployment answering rather than failing.
_default_db = None if os.environ.get("HAMSTRING_DB") else Path("/tmp/hamstring-coach.sqlite3")
_settings = Settings.from_env(db_path=_default_db)
_handler = build_handler(make_store(_settings))


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return _handler(event, context)
