"""What a screen shows and what a card says, as text for the chat and as a static HTML page.

Not an APL renderer: it shows the data a RenderDocument carries (``payload.properties.screen``),
in our own simple layout, so scripted chats can check what would be on the display; and what a
screen device says, where a SpeakList reads the counted reps after the outputSpeech.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from typing import Any

RENDER_DOCUMENT = "Alexa.Presentation.APL.RenderDocument"
EXECUTE_COMMANDS = "Alexa.Presentation.APL.ExecuteCommands"


def screens_in(response: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The screen data of each RenderDocument in a response envelope, in order."""
    directives = (response.get("response") or {}).get("directives") or []
    found = []
    for directive in directives:
        if directive.get("type") == RENDER_DOCUMENT:
            payload = (directive.get("datasources") or {}).get("payload") or {}
            screen = (payload.get("properties") or {}).get("screen")
            if isinstance(screen, dict):
                found.append(screen)
    return found


def heard_ssml(response: Mapping[str, Any]) -> str:
    """Everything the device says, in order, as one SSML document: the outputSpeech, then the
    items each SpeakList reads (their own SSML, from the rendered screen's data)."""
    body = response.get("response") or {}
    said = [(body.get("outputSpeech") or {}).get("ssml") or ""]
    screens = screens_in(response)
    for directive in body.get("directives") or []:
        if directive.get("type") != EXECUTE_COMMANDS or not screens:
            continue
        for command in directive.get("commands") or []:
            if command.get("type") == "SpeakList":
                start, count = int(command["start"]), int(command["count"])
                reps = screens[-1].get("reps") or []
                said.extend(r.get("ssml") or "" for r in reps[start : start + count])
    bodies = [s.removeprefix("<speak>").removesuffix("</speak>") for s in said]
    joined = " ".join(b for b in bodies if b)
    return f"<speak>{joined}</speak>" if joined else ""


def card_in(response: Mapping[str, Any]) -> tuple[str, str] | None:
    """A card's title and text, if the response carries one."""
    card = (response.get("response") or {}).get("card")
    if not isinstance(card, dict):
        return None
    return str(card.get("title", "")), str(card.get("content") or card.get("text") or "")


def _lines(screen: Mapping[str, Any]) -> Iterator[str]:
    kind = screen.get("kind")
    if kind == "set":
        state = "counting" if screen.get("counting") else "say ready"
        yield f"{screen['exercise']} · {screen['set_label']} · {screen['target']} ({state})"
        reps = " ".join(
            f"{r.get('side', '')}{r['number']}" + ("*" if r.get("cue") else "")
            for r in screen["reps"]
        )
        read = " (read one by one)" if any(r.get("ssml") for r in screen["reps"]) else ""
        yield f"reps: {reps}{read}"
        yield f"cue: {screen['cue']}"
    elif kind == "rest":
        minutes, seconds = divmod(int(screen["seconds"]), 60)
        yield f"rest {minutes}:{seconds:02d}"
        yield f"next: {screen['next_exercise']} · {screen['next_label']} · {screen['next_target']}"
    elif kind == "progress":
        yield f"{screen['title']} · {screen['subtitle']}"
        for chart in screen["charts"]:
            points = chart["line"].count("L") + 1
            shown = f"{chart['latest']}, {chart['change']}"
            yield f"- {chart['exercise']}: {shown} ({points}-point line)"
        for item in screen.get("next_time") or []:
            yield f"next time: {item}"
    elif kind in ("overview", "summary"):
        yield f"{screen['title']} · {screen['subtitle']}"
        for row in screen["rows"]:
            yield f"- {row['exercise']}: {row['detail']}"
        for item in screen.get("next_time") or []:
            yield f"next time: {item}"
    else:
        yield str(dict(screen))


def screen_text(screen: Mapping[str, Any]) -> str:
    """A compact rendering: a header line naming the screen, then its data."""
    body = "\n".join(f"        {line}" for line in _lines(screen))
    return f"Screen [{screen.get('kind', '?')}]\n{body}"


def screen_html(screen: Mapping[str, Any]) -> str:
    """A self-contained page showing one screen's data (for a browser, not a device)."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in _lines(screen))
    for chart in screen.get("charts") or [] if screen.get("kind") == "progress" else []:
        # the chart's own path data, in the box it is drawn in (an SVG path reads it as is)
        items += (
            f"<li>{html.escape(str(chart['exercise']))}<br>"
            "<svg viewBox='0 0 100 40' width='400' height='160'>"
            f"<path d='{html.escape(str(chart['line']))}' stroke='#FFB74D' fill='none'/>"
            f"<path d='{html.escape(str(chart['dots']))}' fill='#FFB74D'/></svg></li>"
        )
    kind = html.escape(str(screen.get("kind", "screen")))
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Hamstring Coach: {kind}</title>"
        "<style>body{background:#111;color:#eee;font:20px sans-serif;margin:2em}"
        "ul{list-style:none;padding:0}li{margin:.4em 0}</style></head>"
        f"<body><h1>{kind}</h1><ul>{items}</ul></body></html>\n"
    )
