"""The ASK CLI skill package: skill.json (manifest) plus the interaction models.

`hamstring-coach package --endpoint ARN` writes it, so the manifest always points at the
deployed function and carries exactly the models in interaction_models/.
"""

from __future__ import annotations

import json
import re
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

ARN = re.compile(r"^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_.:-]+$")
HTTPS = re.compile(r"^https://[^\s/]+(/\S*)?$")

SUMMARY = "A hands-free coach for hamstring day: counted slow reps, form cues, rest, progress."
DESCRIPTION = (
    "Hamstring Coach plans a hamstring session around your equipment and experience, then "
    "talks you through it: how to set up, every rep counted slowly with form cues, a rest "
    "countdown, and a saved summary. Ask what to increase next week and it answers from what "
    "you really did. It is a training guide, not medical advice: pain always stops an exercise."
)
EXAMPLES = [
    "Alexa, open hamstring coach",
    "Alexa, ask hamstring coach to start hamstring day",
    "Alexa, ask hamstring coach what I should increase next week",
]
PROGRAMME_DESCRIPTION = DESCRIPTION.replace(
    "Ask what to increase next week and it answers from what you really did.",
    "It keeps a programme that moves on with you: ask what to increase next week and it "
    "answers from what you really did.",
)
PROGRAM_DESCRIPTION = PROGRAMME_DESCRIPTION.replace("programme", "program")
LISTING: dict[str, tuple[str, list[str]]] = {
    "en-US": (PROGRAM_DESCRIPTION, EXAMPLES),
    "en-CA": (PROGRAM_DESCRIPTION, EXAMPLES),
    "en-GB": (
        PROGRAMME_DESCRIPTION,
        [*EXAMPLES[:2], "Alexa, ask hamstring coach what's next on my programme"],
    ),
    "en-AU": (
        PROGRAMME_DESCRIPTION,
        [*EXAMPLES[:2], "Alexa, ask hamstring coach what's next on my programme"],
    ),
    "en-IN": (
        PROGRAMME_DESCRIPTION,
        [*EXAMPLES[:2], "Alexa, ask hamstring coach how should I progress my programme"],
    ),
}
"""Each market's store listing: its spelling, and an example phrase in its own words (every
example must be a sample of that locale's model, as certification checks)."""
COUNTRIES = {"en-US": "US", "en-GB": "GB", "en-AU": "AU", "en-CA": "CA", "en-IN": "IN"}

REMINDERS_PERMISSION = "alexa::alerts:reminders:skill:readwrite"
"""The next hamstring day's reminder (skill.alexa.reminders asks for it by voice)."""
REMINDER_EVENTS = ("REMINDER_CREATED", "REMINDER_DELETED", "REMINDER_STATUS_CHANGED")
"""Alexa's news of our reminders, so the stored reminder id stays in step."""


def manifest(endpoint: str, locales: list[str], certificate: str | None = None) -> dict[str, Any]:
    """skill.json for a Lambda ARN or an HTTPS endpoint (with its certificate type)."""
    if ARN.match(endpoint):
        target: dict[str, Any] = {"uri": endpoint}
    elif HTTPS.match(endpoint):
        target = {"uri": endpoint, "sslCertificateType": certificate or "Wildcard"}
    else:
        raise ValueError(f"endpoint must be a Lambda function ARN or an https URL: {endpoint!r}")
    locale_info = {
        locale: {
            "name": "Hamstring Coach",
            "summary": SUMMARY,
            "description": LISTING.get(locale, (DESCRIPTION, EXAMPLES))[0],
            "examplePhrases": LISTING.get(locale, (DESCRIPTION, EXAMPLES))[1],
            "keywords": ["hamstrings", "workout", "strength", "coach", "fitness"],
        }
        for locale in locales
    }
    countries = sorted({COUNTRIES[locale] for locale in locales if locale in COUNTRIES} or {"US"})
    return {
        "manifest": {
            "manifestVersion": "1.0",
            "publishingInformation": {
                "locales": locale_info,
                "isAvailableWorldwide": False,
                "distributionCountries": countries,
                "category": "HEALTH_AND_FITNESS",
                "testingInstructions": "Say: open hamstring coach, then answer the two setup "
                "questions and say ready.",
            },
            "privacyAndCompliance": {
                "allowsPurchases": False,
                "usesPersonalInfo": False,
                "isChildDirected": False,
                "isExportCompliant": True,
                "containsAds": False,
                "locales": {locale: {} for locale in locales},
            },
            "apis": {"custom": {"endpoint": target, "interfaces": []}},
            "permissions": [{"name": REMINDERS_PERMISSION}],
            "events": {
                "endpoint": target,
                "subscriptions": [
                    {"eventName": name} for name in ("SKILL_DISABLED", *REMINDER_EVENTS)
                ],
            },
        }
    }


def write_package(
    models_dir: Traversable, out_dir: Path, endpoint: str, certificate: str | None = None
) -> list[Path]:
    """Write skill-package/skill.json and interactionModels/custom/<locale>.json."""
    found = models_dir.iterdir() if models_dir.is_dir() else []
    models = sorted((m for m in found if m.name.endswith(".json")), key=lambda m: m.name)
    if not models:
        raise FileNotFoundError(f"no interaction models in {models_dir}")
    locales = [m.name.removesuffix(".json") for m in models]
    out_dir.mkdir(parents=True, exist_ok=True)
    skill_json = out_dir / "skill.json"
    skill_json.write_text(
        json.dumps(manifest(endpoint, locales, certificate), indent=2) + "\n", encoding="utf-8"
    )
    written = [skill_json]
    custom = out_dir / "interactionModels" / "custom"
    custom.mkdir(parents=True, exist_ok=True)
    for model in models:
        target = custom / model.name
        target.write_bytes(model.read_bytes())
        written.append(target)
    return written
