"""/metrics: what the database says at each scrape, and the web turns this process timed."""
import datetime as dt

from bot.db.models import Alert, Case, SmsInbound
from bot.web.metrics import TurnTimer, database_lines

NOW = dt.datetime(2026, 11, 25, 12, 0)


def sample(lines, name):
    """{labels text: value} of one metric."""
    out = {}
    for line in lines:
        if line.startswith(name) and not line.startswith("#"):
            head, value = line.rsplit(" ", 1)
            out[head[len(name):]] = float(value)
    return out


def test_database_metrics(runtime_db):
    with runtime_db.sessions() as session:
        for level, status in (("critical", "pending"), ("critical", "resolved"), ("concern", "pending")):
            session.add(Case(school_id="harbourside", conversation_id="c", channel="sms", level=level, reasons=[],
                             status=status))
        session.flush()
        for n, (status, age) in enumerate((("failed", 50), ("queued", 120), ("sending", 30), ("sent", 900))):
            session.add(Alert(school_id="harbourside", case_id=1, recipient_role="hwbl", recipient_name="Dee Harper",
                              transport="sms", address="+447700900123", idempotency_key=f"k{n}", status=status,
                              created_at=NOW - dt.timedelta(seconds=age)))
        for n, (status, seconds, ago) in enumerate((("processed", 1.0, 60), ("processed", 3.0, 120),
                                                    ("processed", 9.0, 3600), ("received", None, 45))):
            got = NOW - dt.timedelta(seconds=ago)
            session.add(SmsInbound(message_sid=f"SM{n:032d}", school_id="harbourside", conversation_id="sms-x",
                                   status=status, created_at=got,
                                   processed_at=got + dt.timedelta(seconds=seconds) if seconds else None))
        session.commit()

    lines = database_lines(runtime_db.sessions, NOW)
    cases = sample(lines, "parent_support_cases")
    assert cases['{school_id="harbourside",level="critical",status="pending"}'] == 1
    assert cases['{school_id="harbourside",level="concern",status="pending"}'] == 1
    assert sample(lines, "parent_support_alert_delivery_failures") == {'{school_id="harbourside",transport="sms"}': 1}
    oldest = sample(lines, "parent_support_outbox_oldest_unsent_seconds")
    assert oldest == {'{outbox="alerts"}': 120, '{outbox="sms_inbound"}': 45}
    latency = sample(lines, "parent_support_sms_turn_seconds")
    assert latency["_count"] == 2  # the hour-old text is outside the 15-minute window
    assert latency['{quantile="0.5"}'] == 3.0 and latency["_sum"] == 4.0
    assert all(" " in line for line in lines if not line.startswith("#"))


def test_web_turn_histogram_and_empty_database(runtime_db):
    timer = TurnTimer()
    for seconds in (0.03, 0.2, 0.2, 4.0):
        timer.observe(200, seconds)
    timer.observe(503, 12.0)
    lines = timer.lines()
    assert sample(lines, "parent_support_web_turns_total") == {'{status="200"}': 4, '{status="503"}': 1}
    buckets = sample(lines, "parent_support_web_turn_seconds_bucket")
    assert buckets['{le="0.05"}'] == 1 and buckets['{le="0.25"}'] == 3 and buckets['{le="5.0"}'] == 4
    assert buckets['{le="+Inf"}'] == 5
    empty = database_lines(runtime_db.sessions, NOW)
    assert sample(empty, "parent_support_outbox_oldest_unsent_seconds") == {'{outbox="alerts"}': 0,
                                                                             '{outbox="sms_inbound"}': 0}
    assert sample(empty, "parent_support_sms_turn_seconds") == {"_sum": 0, "_count": 0}
