"""HTML for the inbox: every value is escaped unless it is already-built HTML (`Safe`)."""
from __future__ import annotations

import datetime as dt
import html
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Iterable, Optional
from zoneinfo import ZoneInfo

from sanic import response

TEMPLATES = Path(__file__).resolve().parent / "templates"
UK = ZoneInfo("Europe/London")


class Safe(str):
    """HTML built here, from escaped parts: inserted as it is."""


def esc(value: object) -> Safe:
    if isinstance(value, Safe):
        return value
    return Safe(html.escape("" if value is None else str(value), quote=True))


def fill(template: str, /, **values: object) -> Safe:
    return Safe(Template(template).substitute({key: esc(value) for key, value in values.items()}))


@lru_cache(maxsize=None)
def _template(name: str) -> str:
    return (TEMPLATES / name).read_text(encoding="utf-8")


def fill_file(template_name: str, /, **values: object) -> Safe:
    return fill(_template(template_name), **values)


def join(parts: Iterable[str]) -> Safe:
    return Safe("".join(esc(part) for part in parts))


def uk_time(moment: Optional[dt.datetime], with_date: bool = True) -> str:
    """A stored naive-UTC time as UK local time."""
    if moment is None:
        return "-"
    local = moment.replace(tzinfo=dt.timezone.utc).astimezone(UK)
    return local.strftime("%a %d %b %H:%M" if with_date else "%H:%M")


def age(moment: dt.datetime, now: dt.datetime) -> str:
    minutes = max(0, int((now - moment).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{minutes // (24 * 60)} days"


def page(title: str, content: Safe, *, user=None, csrf: str = "", scripts: Iterable[str] = (), status: int = 200):
    nav = Safe("")
    if user is not None:
        links = [("/inbox", "Queue", ("hwbl", "dsl")), ("/inbox/overview", "Overview", ("hwbl", "dsl", "admin")),
                 ("/inbox/audit", "Audit log", ("admin",)), ("/inbox/users", "Staff", ("admin",)),
                 ("/inbox/account", "My account", ("hwbl", "dsl", "admin"))]
        items = join(fill('<a href="$href">$label</a>', href=href, label=label)
                     for href, label, roles in links if user.role in roles)
        nav = fill_file("nav.html", links=items, name=user.display_name, role=user.role, csrf=csrf)
    body = fill_file("layout.html", title=title, nav=nav, content=content,
                     scripts=join(fill('<script src="$src" defer></script>', src=src) for src in scripts))
    return response.html(body, status=status, headers={"Cache-Control": "no-store"})


def message_page(title: str, text: str, status: int, user=None, csrf: str = ""):
    return page(title, fill('<h1>$title</h1><p>$text</p><p><a href="/inbox">Back to the inbox</a></p>',
                            title=title, text=text), user=user, csrf=csrf, status=status)
