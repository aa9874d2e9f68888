"""The queue page and its live updates (server-sent events)."""
from __future__ import annotations

import asyncio
import json

from sanic import Blueprint
from sanic.request import Request

from bot.inbox.guard import STAFF, db, staff_only
from bot.inbox.queue import queue_rows
from bot.inbox.render import fill, fill_file, join, page

bp = Blueprint("inbox_queue", url_prefix="/inbox")
POLL_SECONDS = 2.0
KEEPALIVE_SECONDS = 20.0
ROW = ('<tr class="level-$level" data-case="$id"><td><a href="/inbox/cases/$id">#$id</a></td>'
       '<td><span class="level">$level</span></td><td>$category</td><td>$channel</td><td>$age</td><td>$who</td></tr>')


@bp.listener("before_server_start")
async def open_live_updates(app, _loop) -> None:
    app.ctx.inbox_closing = asyncio.Event()


@bp.listener("before_server_stop")
async def end_live_updates(app, _loop) -> None:
    app.ctx.inbox_closing.set()


@bp.get("/")
@staff_only(*STAFF)
async def queue_page(request: Request):
    school_id = request.ctx.user.school_id
    rows = await db(request, lambda s: queue_rows(s, school_id))
    school = request.app.ctx.runtime.school(school_id).name
    content = fill_file("queue.html", school=school, rows=join(fill(ROW, **row) for row in rows),
                        empty_hidden="hidden" if rows else "")
    return page("Queue", content, user=request.ctx.user, csrf=request.ctx.csrf, scripts=["/inbox/static/queue.js"])


@bp.get("/events")
@staff_only(*STAFF)
async def queue_events(request: Request):
    """`queue` events with the open cases whenever they change, and every 20 s so proxies keep it open."""
    school_id = request.ctx.user.school_id
    closing: asyncio.Event = request.app.ctx.inbox_closing
    stream = await request.respond(content_type="text/event-stream",
                                   headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})
    last, quiet = None, 0.0
    await stream.send("retry: 3000\n\n")
    while not closing.is_set():
        rows = await db(request, lambda s: queue_rows(s, school_id))
        data = json.dumps(rows, separators=(",", ":"))
        changed = [{k: v for k, v in row.items() if k != "age"} for row in rows]
        if changed != last:
            await stream.send(f"event: queue\ndata: {data}\n\n")
            last, quiet = changed, 0.0
        elif quiet >= KEEPALIVE_SECONDS:
            await stream.send(f"event: queue\ndata: {data}\n\n")
            quiet = 0.0
        try:
            await asyncio.wait_for(closing.wait(), POLL_SECONDS)
        except asyncio.TimeoutError:
            quiet += POLL_SECONDS
    await stream.eof()
