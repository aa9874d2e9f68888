"""The queue: own school's open cases, most urgent then longest waiting; live updates by SSE."""
import json
import re
import threading
import time

import httpx

from tests.inbox.conftest import csrf_of


def queue_ids(page: str) -> list:
    body = page.split('<tbody id="queue-rows">')[1].split("</tbody>")[0]
    return [int(i) for i in re.findall(r'data-case="(\d+)"', body)]


def test_open_cases_by_level_then_waiting_time_own_school_only(service):
    service.execute("UPDATE cases SET status = 'resolved'")
    concern = service.new_case(level="concern")
    critical_new = service.new_case(level="critical")
    high = service.new_case(level="high")
    service.execute("UPDATE cases SET created_at = '2026-01-01 00:00:00' WHERE id = :c", c=concern)
    critical_old = service.new_case(level="critical")
    service.execute("UPDATE cases SET created_at = '2026-01-01 00:00:00' WHERE id = :c", c=critical_old)
    elsewhere = service.new_case(school_id="seaview", level="critical")
    resolved = service.new_case(level="critical")
    service.execute("UPDATE cases SET status = 'resolved' WHERE id = :c", c=resolved)

    page = service.login("dee").get("/inbox").text
    assert queue_ids(page) == [critical_old, critical_new, high, concern]
    assert "self-harm or suicide" in page and "webchat" in page and "nobody yet" in page and "days" in page
    assert queue_ids(service.login("sam").get("/inbox").text) == [elsewhere]


def read_events(client, stop_after: float, found: list) -> None:
    with client.stream("GET", "/inbox/events", headers={"accept": "text/event-stream"}, timeout=30) as response:
        found.append(response.headers["content-type"])
        deadline = time.monotonic() + stop_after
        event = None
        for line in response.iter_lines():
            line = line.rstrip("\r\n")  # httpx 0.23 keeps line endings
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "queue":
                found.append(json.loads(line[6:]))
            if time.monotonic() > deadline:
                return


def test_a_new_case_is_pushed_to_the_open_queue_within_seconds(service):
    service.execute("UPDATE cases SET status = 'resolved'")
    client = service.login("dee")
    found: list = []
    reader = threading.Thread(target=read_events, args=(client, 8, found), daemon=True)
    reader.start()
    time.sleep(1.5)
    case_id = service.new_case(level="critical", text="must not be sent in the feed")
    other = service.new_case(school_id="seaview", level="critical")
    reader.join(15)
    assert found[0].startswith("text/event-stream")
    snapshots = found[1:]
    assert snapshots[0] == []  # the queue as it was
    latest = snapshots[-1]
    assert [row["id"] for row in latest] == [case_id]
    assert latest[0]["level"] == "critical" and "must not be sent" not in json.dumps(snapshots)
    assert other not in [row["id"] for snap in snapshots for row in snap]


def test_the_queue_page_loads_its_script_and_styles_from_files(service):
    client = service.login("dee")
    page = client.get("/inbox").text
    assert '<script src="/inbox/static/queue.js" defer></script>' in page
    script = client.get("/inbox/static/queue.js")
    assert script.status_code == 200 and "EventSource" in script.text and "textContent" in script.text
    assert "innerHTML" not in script.text
    assert client.get("/inbox/static/inbox.css").status_code == 200
