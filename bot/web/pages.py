"""The demo school page at `/`, which embeds the chat exactly as a school's website would, and
the widget's files (`/widget.js`, `/widget.css`)."""
from __future__ import annotations

import html
from pathlib import Path
from string import Template

from sanic import Blueprint, response
from sanic.request import Request

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
WIDGET_CACHE = "public, max-age=300"  # short: a fix reaches every school's site within minutes
bp = Blueprint("pages")
bp.static("/static", str(STATIC), name="static")


def render(name: str, **values: str) -> str:
    template = Template((HERE / "templates" / name).read_text(encoding="utf-8"))
    return template.substitute({key: html.escape(value, quote=True) for key, value in values.items()})


@bp.get("/")
async def demo_school_page(request: Request):
    school = request.app.ctx.runtime.school(None)
    page = render(
        "index.html",
        school_name=school.name,
        school_id=school.id,
        town=school.town,
        hwbl_name=school.hwbl.name,
        office_phone=school.office_phone,
    )
    return response.html(page)


@bp.get("/widget.js")
async def widget_script(_request: Request):
    return await response.file(STATIC / "widget.js", mime_type="text/javascript; charset=utf-8",
                               headers={"Cache-Control": WIDGET_CACHE})


@bp.get("/widget.css")
async def widget_styles(_request: Request):
    return await response.file(STATIC / "widget.css", mime_type="text/css; charset=utf-8",
                               headers={"Cache-Control": WIDGET_CACHE})


@bp.get("/favicon.ico")
async def no_favicon(_request: Request):
    return response.empty(status=204)
