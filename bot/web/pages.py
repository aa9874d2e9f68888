"""The demo school page at `/`, as a school's own website would embed the chat."""
from __future__ import annotations

import html
from pathlib import Path
from string import Template

from sanic import Blueprint, response
from sanic.request import Request

HERE = Path(__file__).resolve().parent
bp = Blueprint("pages")
bp.static("/static", str(HERE / "static"), name="static")


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


@bp.get("/favicon.ico")
async def no_favicon(_request: Request):
    return response.empty(status=204)
