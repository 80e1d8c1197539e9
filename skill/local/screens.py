"""What a screen shows and what a card says, as text for the chat and as a static HTML page.

Not an APL renderer: it shows the data a RenderDocument carries (``payload.screen``), in our
own simple layout, so scripted chats can check what would be on the display.
"""

from __future__ import annotations

import html
from collections.abc import Iterator, Mapping
from typing import Any

RENDER_DOCUMENT = "Alexa.Presentation.APL.RenderDocument"


def screens_in(response: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The screen data of each RenderDocument in a response envelope, in order."""
    directives = (response.get("response") or {}).get("directives") or []
    found = []
    for directive in directives:
        if directive.get("type") == RENDER_DOCUMENT:
            screen = ((directive.get("datasources") or {}).get("payload") or {}).get("screen")
            if isinstance(screen, dict):
                found.append(screen)
    return found


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
            f"{r['number']}*" if r.get("cue") else str(r["number"]) for r in screen["reps"]
        )
        yield f"reps: {reps}"
        yield f"cue: {screen['cue']}"
    elif kind == "rest":
        minutes, seconds = divmod(int(screen["seconds"]), 60)
        yield f"rest {minutes}:{seconds:02d}"
        yield f"next: {screen['next_exercise']} · {screen['next_label']} · {screen['next_target']}"
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
    kind = html.escape(str(screen.get("kind", "screen")))
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>Hamstring Coach: {kind}</title>"
        "<style>body{background:#111;color:#eee;font:20px sans-serif;margin:2em}"
        "ul{list-style:none;padding:0}li{margin:.4em 0}</style></head>"
        f"<body><h1>{kind}</h1><ul>{items}</ul></body></html>\n"
    )
