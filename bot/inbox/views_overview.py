"""The overview (for the head teacher and the HWBL) and one family's history."""
from __future__ import annotations

import datetime as dt

from sanic import Blueprint
from sanic.request import Request

from bot import staff
from bot.db.models import utcnow
from bot.inbox import overview
from bot.inbox.charts import bar_chart, dots_over_time, stacked_bars
from bot.inbox.guard import EVERYONE, STAFF, db, staff_only
from bot.inbox.queue import LEVEL_ORDER, category_words, school_case
from bot.inbox.render import Safe, fill, join, message_page, page, uk_time

bp = Blueprint("inbox_overview", url_prefix="/inbox")
WEEKS = 8


def _minutes(value: float) -> str:
    return f"{value:.0f} min" if value < 120 else f"{value / 60:.1f} h"


@bp.get("/overview")
@staff_only(*EVERYONE)
async def overview_page(request: Request):
    user = request.ctx.user
    runtime = request.app.ctx.runtime
    school = runtime.school(user.school_id)
    now = utcnow()
    since = now - dt.timedelta(weeks=WEEKS)

    def figures(session):
        times = overview.parent_messages(session, school, runtime.school(None).id,
                                         since.replace(tzinfo=dt.timezone.utc))
        return {"contacts": overview.contacts_by_time(times, school),
                "weeks": overview.cases_by_week(session, school.id, now, WEEKS),
                "replies": overview.first_reply_minutes(session, school.id, since),
                "open": overview.open_per_staff(session, school.id)}

    data = await db(request, figures)
    contacts = data["contacts"]
    share = f"{100 * contacts['out_of_hours'] / contacts['total']:.0f}%" if contacts["total"] else "none"
    hours_chart = bar_chart("Messages from parents by hour of day (UK time)", [f"{h:02d}" for h in range(24)],
                            contacts["hours"])
    days_chart = bar_chart("Messages from parents by day of the week", overview.DAYS, contacts["days"],
                           highlight=[False] * 5 + [True, True])
    weeks_chart = stacked_bars("Cases opened each week, by level (week starting)", data["weeks"]["labels"],
                               data["weeks"]["series"])
    people = data["open"].most_common()
    open_chart = bar_chart("Open cases by who has them", [name for name, _ in people], [n for _, n in people]) \
        if people else Safe("<p>No open cases.</p>")
    reply_rows = []
    for level in LEVEL_ORDER:
        stats = overview.summary(data["replies"].get(level, []))
        if stats:
            reply_rows.append(fill("<tr><td>$level</td><td>$n</td><td>$median</td><td>$p90</td></tr>", level=level,
                                   n=stats["n"], median=_minutes(stats["median"]), p90=_minutes(stats["p90"])))
    replies = fill('<div class="table-wrap"><table><thead><tr><th>Level</th><th>Cases replied to</th><th>Median</th>'
                   '<th>9 in 10 within</th></tr></thead><tbody>$rows</tbody></table></div>', rows=join(reply_rows)) \
        if reply_rows else Safe("<p>No staff replies in this period.</p>")
    content = fill(
        "<h1>Overview: $school</h1><p class=\"small\">The last $weeks weeks.</p>"
        "<h2>When parents write</h2><p>$total messages; $share outside the HWBL's working hours.</p>$hours$days"
        "<h2>Cases</h2>$weeks_chart<h2>Time to the first reply from a person</h2>$replies"
        "<h2>Open cases per member of staff</h2>$open",
        school=school.name, weeks=WEEKS, total=contacts["total"], share=share, hours=hours_chart, days=days_chart,
        weeks_chart=weeks_chart, replies=replies, open=open_chart)
    return page("Overview", content, user=user, csrf=request.ctx.csrf)


@bp.get("/cases/<case_id:int>/history")
@staff_only(*STAFF)
async def family_history(request: Request, case_id: int):
    user = request.ctx.user

    def load(session):
        case = school_case(session, user.school_id, case_id)
        if case is None:
            return None
        staff.audit(session, case, user.display_name, "view_history")
        return {"cases": overview.family_cases(session, case),
                "answers": overview.checkin_answers(session, case.school_id, case.conversation_id)}

    found = await db(request, load)
    if found is None:
        return message_page("Not found", "There is no such case.", 404)
    cases = found["cases"]
    chart = dots_over_time("This family's cases over time", [(uk_time(c.created_at), c.level) for c in cases],
                           LEVEL_ORDER)
    rows = join(fill('<tr><td><a href="/inbox/cases/$id">#$id</a></td><td>$opened</td><td>$level</td><td>$about</td>'
                     '<td>$status</td><td>$outcome</td></tr>', id=c.id, opened=uk_time(c.created_at), level=c.level,
                     about=category_words(c.category), status=c.status, outcome=c.outcome or "-") for c in cases)
    answers = join(fill("<li>$at: $answer</li>", at=uk_time(a["at"]), answer=a["answer"]) for a in found["answers"]) \
        or Safe("<li>No check-in answers yet.</li>")
    content = fill('<p><a href="/inbox/cases/$id">&larr; Case #$id</a></p><h1>Family history</h1>$chart'
                   '<div class="table-wrap"><table><thead><tr><th>Case</th><th>Opened</th><th>Level</th><th>About</th>'
                   '<th>Status</th><th>Outcome</th></tr></thead><tbody>$rows</tbody></table></div>'
                   '<h2>Check-in answers</h2><ul>$answers</ul>', id=case_id, chart=chart, rows=rows, answers=answers)
    return page("Family history", content, user=user, csrf=request.ctx.csrf)
