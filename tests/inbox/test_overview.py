"""The overview's figures and charts, from cases, the audit log and Rasa's tracker events."""
import datetime as dt
import json

import sqlalchemy as sa

from bot.db.engine import make_engine, make_session_factory
from bot.inbox import overview
from bot.inbox.charts import bar_chart, stacked_bars
from bot.schools import load_schools
from bot.settings import PROJECT_ROOT

SCHOOL = load_schools(PROJECT_ROOT / "schools")["harbourside"]


def test_contacts_count_by_uk_hour_and_weekday_with_out_of_hours_share():
    monday_10_uk = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.timezone.utc)  # GMT in November
    saturday_23 = dt.datetime(2026, 11, 28, 23, 30, tzinfo=dt.timezone.utc)
    summer_8_uk = dt.datetime(2026, 6, 1, 7, 0, tzinfo=dt.timezone.utc)  # 08:00 BST, a Monday
    counts = overview.contacts_by_time([monday_10_uk, saturday_23, summer_8_uk], SCHOOL)
    assert counts["hours"][10] == 1 and counts["hours"][23] == 1 and counts["hours"][8] == 1
    assert counts["days"][0] == 2 and counts["days"][5] == 1
    assert counts["out_of_hours"] == 2  # Saturday night, and 08:00 before her 08:30 start


def test_parent_messages_come_from_the_tracker_events_of_this_school(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'e.db'}")
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, type_name TEXT, "
                                   "timestamp REAL, intent_name TEXT, action_name TEXT, data TEXT)"))
        now = dt.datetime(2026, 11, 25, 12, tzinfo=dt.timezone.utc).timestamp()
        rows = [("user", now, {"metadata": {"school": "harbourside"}}), ("user", now, {"metadata": {"school": "seaview"}}),
                ("user", now, {}), ("bot", now, {"metadata": {"school": "harbourside"}}),
                ("user", now - 90 * 86400, {"metadata": {"school": "harbourside"}}), ("user", now, "not json")]
        for kind, at, data in rows:
            connection.execute(sa.text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES ('s', :k, :t, :d)"),
                               {"k": kind, "t": at, "d": data if isinstance(data, str) else json.dumps(data)})
    since = dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc)
    with make_session_factory(engine)() as session:
        assert len(overview.parent_messages(session, SCHOOL, "harbourside", since)) == 3  # own, no school, bad JSON
        assert len(overview.parent_messages(session, SCHOOL, "seaview", since)) == 1
    engine.dispose()


def test_charts_are_svg_with_escaped_labels_and_scaled_bars():
    chart = bar_chart("Open <cases>", ["<b>Dee</b>", "nobody yet"], [4, 2])
    assert chart.startswith("<figure><svg") and "<b>Dee" not in chart and "&lt;b&gt;Dee&lt;/b&gt;" in chart
    heights = [float(part.split('"')[0]) for part in chart.split(' height="')[1:]]
    assert heights[0] == 2 * heights[1]
    stacked = stacked_bars("Cases", ["01 Jan"], {"critical": [1], "high": [0], "concern": [3], "request": [0]})
    assert stacked.count("<rect") == 2 + 4  # two non-empty segments and four legend keys


def test_the_overview_page_shows_each_figure(service):
    service.execute("UPDATE cases SET status = 'resolved'")
    case_id = service.new_case(level="high")
    dee = service.login("dee")
    from tests.inbox.conftest import csrf_of

    page = dee.get(f"/inbox/cases/{case_id}")
    dee.post(f"/inbox/cases/{case_id}/reply", data={"csrf": csrf_of(page.text), "text": "Hello, it's Dee."})
    text = dee.get("/inbox/overview").text
    for words in ("by hour of day", "by day of the week", "Cases opened each week", "first reply from a person",
                  "Open cases by who has them"):
        assert words in text
    assert "<td>high</td><td>1</td>" in text and "Dee Harper: 1" in text
    assert "Seaview" not in text
