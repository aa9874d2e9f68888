"""Cross-origin use of the widget's API: only the school websites in schools/*.yml.

A school's page is another origin, so the browser asks first (a preflight) and then checks
Access-Control-Allow-Origin on every answer. No cookies are used, so credentials are never
allowed. Each request naming a school is also refused unless it comes from that school's site
(or from this service itself).
"""
from __future__ import annotations

from typing import Optional
from urllib.parse import urlsplit

from sanic import response
from sanic.request import Request

from bot.schools import School

CORS_PATHS = ("/chat/", "/widget.css", "/widget.js")
PREFLIGHT_MAX_AGE = "600"


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _own_origins(request: Request) -> set:
    return {_origin_of(request.app.ctx.settings.public_url), f"{request.scheme}://{request.host}".lower()}


def _all_school_origins(request: Request) -> set:
    return {origin for school in request.app.ctx.runtime.schools.values() for origin in school.widget_origins}


def allowed_origin(request: Request) -> Optional[str]:
    """The request's Origin if some school (or this service) may use the API from it."""
    origin = (request.headers.get("origin") or "").lower()
    if origin and (origin in _all_school_origins(request) or origin in _own_origins(request)):
        return origin
    return None


def refused_for_school(request: Request, school: School) -> bool:
    """A browser request from a site that is neither this school's nor this service's."""
    origin = (request.headers.get("origin") or "").lower()
    return bool(origin) and origin not in school.widget_origins and origin not in _own_origins(request)


def is_cors_path(path: str) -> bool:
    return path.startswith(CORS_PATHS)


def preflight(request: Request):
    origin = allowed_origin(request)
    if origin is None:
        return response.json({"error": "This website may not use the chat."}, status=403)
    return response.empty(status=204, headers={
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Methods": "GET, POST",
        "Access-Control-Allow-Headers": "Content-Type",
        "Access-Control-Max-Age": PREFLIGHT_MAX_AGE,
        "Vary": "Origin",
    })


def add_headers(request: Request, resp) -> None:
    if not is_cors_path(request.path):
        return
    resp.headers["Vary"] = "Origin"
    origin = allowed_origin(request)
    if origin is not None:
        resp.headers["Access-Control-Allow-Origin"] = origin
