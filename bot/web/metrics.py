"""GET /metrics: Prometheus text format, written by hand (no extra package).

Needs `Authorization: Bearer <METRICS_TOKEN>`; without METRICS_TOKEN set it is off (403).
Web chat turns are timed in this process; everything else is read from the database at each
scrape, so it covers every replica: SMS turns and their latency, cases by level and status,
alerts by status (failures included), failed texts, and the age of the oldest unsent alert and
oldest unanswered text."""
from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import time
from collections import Counter
from typing import Dict, Iterable, List, Tuple

import sqlalchemy as sa
from sanic import Blueprint, response
from sanic.request import Request

from bot import broker
from bot.db.models import Alert, Case, SmsInbound, SmsOutbound, utcnow

bp = Blueprint("metrics")
BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
LATENCY_WINDOW = dt.timedelta(minutes=15)
TIMED_PATHS = ("/chat/send",)
Labels = Tuple[Tuple[str, str], ...]


class TurnTimer:
    """Web chat turns through this process: a counter by status and a latency histogram."""

    def __init__(self) -> None:
        self.turns: Counter = Counter()
        self.buckets: Counter = Counter()
        self.count, self.total = 0, 0.0

    def observe(self, status: int, seconds: float) -> None:
        self.turns[str(status)] += 1
        self.count += 1
        self.total += seconds
        for bound in BUCKETS:
            if seconds <= bound:
                self.buckets[bound] += 1

    def lines(self) -> List[str]:
        out = _family("parent_support_web_turns_total", "counter", "Web chat turns relayed, by HTTP status",
                      {(("status", s),): n for s, n in sorted(self.turns.items())})
        out += ["# HELP parent_support_web_turn_seconds Web chat turn latency through the bot service",
                "# TYPE parent_support_web_turn_seconds histogram"]
        out += [f'parent_support_web_turn_seconds_bucket{{le="{b}"}} {self.buckets[b]}' for b in BUCKETS]
        out += [f'parent_support_web_turn_seconds_bucket{{le="+Inf"}} {self.count}',
                f"parent_support_web_turn_seconds_sum {self.total:.6f}",
                f"parent_support_web_turn_seconds_count {self.count}"]
        return out


def install(app) -> None:
    """Time the web chat turns of this app and serve /metrics."""
    app.ctx.turn_timer = TurnTimer()
    app.blueprint(bp)

    @app.middleware("request")
    async def start_timer(request: Request) -> None:
        request.ctx.started = time.perf_counter()

    @app.middleware("response")
    async def stop_timer(request: Request, resp) -> None:
        started = getattr(request.ctx, "started", None)
        if started is not None and request.path in TIMED_PATHS and request.method == "POST":
            request.app.ctx.turn_timer.observe(resp.status, time.perf_counter() - started)


@bp.get("/metrics")
async def metrics(request: Request):
    token = request.app.ctx.settings.metrics_token
    if not token:
        return response.json({"error": "metrics are off: set METRICS_TOKEN"}, status=403)
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return response.json({"error": "a valid bearer token is needed"}, status=401)
    lines = request.app.ctx.turn_timer.lines()
    lines += await asyncio.to_thread(database_lines, request.app.ctx.runtime.sessions, utcnow())
    lines += broker.metrics_lines(request.app)
    return response.text("\n".join(lines) + "\n", content_type="text/plain; version=0.0.4; charset=utf-8")


def database_lines(sessions, now: dt.datetime) -> List[str]:
    with sessions() as session:
        def grouped(*columns, where=()) -> Dict[Labels, int]:
            query = sa.select(*columns, sa.func.count()).where(*where).group_by(*columns)
            return {tuple((c.key, str(v)) for c, v in zip(columns, row[:-1])): row[-1]
                    for row in session.execute(query)}

        def oldest(column, *where) -> float:
            first = session.execute(sa.select(sa.func.min(column)).where(*where)).scalar()
            return max(0.0, (now - first).total_seconds()) if first else 0.0

        out = _family("parent_support_cases", "gauge", "Cases by school, level and status",
                      grouped(Case.school_id, Case.level, Case.status))
        out += _family("parent_support_alerts", "gauge", "Staff alerts by school, transport and status",
                       grouped(Alert.school_id, Alert.transport, Alert.status))
        out += _family("parent_support_alert_delivery_failures", "gauge",
                       "Staff alerts that could not be delivered (given up)",
                       grouped(Alert.school_id, Alert.transport, where=[Alert.status == "failed"]))
        out += _family("parent_support_sms_texts", "gauge", "Parents' texts held, by school and status",
                       grouped(SmsInbound.school_id, SmsInbound.status))
        out += _family("parent_support_sms_send_failures", "gauge", "Texts to parents that failed",
                       grouped(SmsOutbound.school_id, where=[SmsOutbound.status.in_(("failed", "undelivered"))]))
        out += _family("parent_support_outbox_oldest_unsent_seconds", "gauge",
                       "Age of the oldest alert not yet sent and the oldest text not yet answered", {
                           (("outbox", "alerts"),): oldest(Alert.created_at, Alert.status.in_(("queued", "sending"))),
                           (("outbox", "sms_inbound"),): oldest(SmsInbound.created_at,
                                                                 SmsInbound.status.in_(("received", "processing"))),
                       })
        recent = session.execute(sa.select(SmsInbound.created_at, SmsInbound.processed_at).where(
            SmsInbound.status == "processed", SmsInbound.processed_at >= now - LATENCY_WINDOW)).all()
    return out + _summary("parent_support_sms_turn_seconds",
                          "SMS turn latency (received to answered) over the last 15 minutes",
                          sorted((done - got).total_seconds() for got, done in recent))


def _family(name: str, kind: str, help_text: str, samples: Dict[Labels, float]) -> List[str]:
    out = [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}"]
    for labels, value in sorted(samples.items()):
        out.append(f"{name}{_labels(labels)} {_number(value)}")
    return out


def _summary(name: str, help_text: str, values: List[float]) -> List[str]:
    out = [f"# HELP {name} {help_text}", f"# TYPE {name} summary"]
    for q in (0.5, 0.95):
        if values:
            out.append(f'{name}{{quantile="{q}"}} {values[min(len(values) - 1, int(q * len(values)))]:.3f}')
    return out + [f"{name}_sum {sum(values):.3f}", f"{name}_count {len(values)}"]


def _labels(labels: Iterable[Tuple[str, str]]) -> str:
    text = ",".join(f'{key}="{_escape(value)}"' for key, value in labels)
    return f"{{{text}}}" if text else ""


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"
