"""SMS measures: the webhook's acknowledgement under 20 concurrent senders (Twilio's webhook is
the bot service's, which hands each text to Rasa), the time from webhook to reply sent (through a
fake of Twilio's REST API on loopback), and what the domain's responses cost as texts (segments
per reply, GSM-7 share).

The baseline, in the same run: Rasa's own Twilio channel answers Twilio only once the whole
turn is done, so its acknowledgement is at least a turn of the bare `rasa init` assistant on
its `rest` channel under the same 20 concurrent senders (without the blocking send).

Part of `python -m bench`; `python -m bench.sms` measures it alone on a stack of its own.
"""
from __future__ import annotations

import json
import shutil
import string
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Tuple

import psutil
import yaml

from bench import load, servers
from bench.servers import ROOT, log
from bench.stats import ratio, summary
from tests.fakes.twilio_api import FakeTwilio

PUBLIC_URL = "https://bench.example.org"
WEBHOOK = "/webhooks/sms/webhook"
SENDERS = 20
TEXTS_PER_SENDER = 4
REPLY_TIMEOUT_S = 120
GOAL_ACK_P95_MS = 50.0
GOAL_MEAN_SEGMENTS = 1.3


class TimedTwilio(FakeTwilio):
    """The fake Twilio API, noting when each accepted message arrived, by recipient."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: Dict[str, List[float]] = {}
        self._arrived = threading.Condition()

    async def _create(self, request):
        answer = await super()._create(request)
        if answer.status == 201:
            to = (await request.post()).get("To", "")
            with self._arrived:
                self.arrivals.setdefault(to, []).append(time.perf_counter())
                self._arrived.notify_all()
        return answer

    def wait_for_count(self, to: str, count: int, timeout: float) -> float:
        """When the `count`-th message to `to` arrived (perf_counter), or raise after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self.arrivals.get(to, [])) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no reply to {to} after {timeout:.0f} s")
                self._arrived.wait(left)
            return self.arrivals[to][count - 1]

    def wait_quiet(self, to: str, quiet: float = 0.8, timeout: float = 30) -> None:
        """Until no message to `to` has arrived for `quiet` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._arrived:
                last = (self.arrivals.get(to) or [0.0])[-1]
            if time.perf_counter() - last >= quiet:
                return
            time.sleep(0.1)

    def env(self) -> Dict[str, str]:
        return dict(super().env(), PUBLIC_URL=PUBLIC_URL)


def _signed_post(bot_url: str, token: str, params: Dict[str, str]) -> Tuple[int, float]:
    from twilio.request_validator import RequestValidator

    signature = RequestValidator(token).compute_signature(PUBLIC_URL + WEBHOOK, params)
    request = urllib.request.Request(bot_url + WEBHOOK, data=urllib.parse.urlencode(params).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded",
                                              "X-Twilio-Signature": signature})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, start


def _sender(bot_url: str, fake: TimedTwilio, phone: str, script: List[str]) -> dict:
    acks, replies, errors = [], [], []
    for text in script:
        before = len(fake.arrivals.get(phone, []))
        params = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": fake.account_sid, "From": phone,
                  "To": fake.settings().twilio_number, "Body": text, "NumMedia": "0"}
        try:
            status, start = _signed_post(bot_url, fake.auth_token, params)
            acks.append(time.perf_counter() - start)
            if status != 200:
                errors.append(f"webhook answered {status}")
                continue
            replies.append(fake.wait_for_count(phone, before + 1, REPLY_TIMEOUT_S) - start)
            fake.wait_quiet(phone)  # the rest of the turn's texts, before the next message
        except (OSError, TimeoutError) as error:
            errors.append(str(error))
    return {"acks": acks, "replies": replies, "errors": errors}


def webhook_load(bot_url: str, fake: TimedTwilio) -> dict:
    """SENDERS parents at once, each texting TEXTS_PER_SENDER lines of a parent script."""
    phones = [f"+447700900{n:03d}" for n in range(900 - SENDERS, 900)]
    scripts = [load.PARENT_SCRIPTS[i % len(load.PARENT_SCRIPTS)][:TEXTS_PER_SENDER] for i in range(SENDERS)]
    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        parts = list(pool.map(lambda pair: _sender(bot_url, fake, *pair), zip(phones, scripts)))
    acks = [a for p in parts for a in p["acks"]]
    replies = [r for p in parts for r in p["replies"]]
    errors = [e for p in parts for e in p["errors"]]
    return {"ack": summary(acks), "webhook_to_first_reply_sent": summary(replies),
            "errors": len(errors), "first_errors": errors[:3]}


def baseline_turns(baseline_rest_url: str) -> dict:
    """The same shape of load on the bare assistant's rest channel: a turn's whole time."""
    target = load.Target("baseline_rest", baseline_rest_url, load.BASELINE_SCRIPTS)
    scripts = [load.BASELINE_SCRIPTS[i % len(load.BASELINE_SCRIPTS)][:TEXTS_PER_SENDER] for i in range(SENDERS)]
    with ThreadPoolExecutor(max_workers=SENDERS) as pool:
        parts = list(pool.map(lambda script: load.conversation(target, script), scripts))
    result = load.Result()
    for part in parts:
        result.add(part)
    return result.report()


def domain_reply_costs() -> dict:
    """Every domain response for every school, shaped for SMS as the channel shapes it."""
    from bot.checkins import wording
    from bot.conversation import school_slots
    from bot.schools import load_schools
    from bot.sms.shaping import shape_turn
    from bot.sms_text import is_gsm7, segment_count

    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    replies = []
    for school in load_schools(ROOT / "schools").values():
        slots = school_slots(school)
        for name, variants in domain["responses"].items():
            for variant in variants:
                fields = {f for _, f, _, _ in string.Formatter().parse(variant["text"]) if f}
                text = variant["text"].format(**{f: slots.get(f, "") for f in fields})
                replies.append({"name": name, "text": text, "buttons": variant.get("buttons") or []})
        replies.append({"name": "checkin_question", "text": wording.question(school), "buttons": wording.CHOICES})
    raw_gsm7 = sum(is_gsm7(r["text"]) for r in replies)
    shaped = [shape_turn([{"text": r["text"], "buttons": r["buttons"]}])[0] for r in replies]
    segments = [sum(segment_count(t) for t in texts) for texts in shaped]
    gsm7 = sum(all(is_gsm7(t) for t in texts) for texts in shaped)
    return {"replies": len(replies), "mean_segments": round(sum(segments) / len(segments), 3),
            "max_segments": max(segments),
            "more_than_one_segment": sorted({r["name"] for r, n in zip(replies, segments) if n > 1}),
            "gsm7_share": round(gsm7 / len(replies), 3),
            "gsm7_share_before_shaping": round(raw_gsm7 / len(replies), 3)}


def measure_sms(stack_bot_url: str, baseline_rasa_url: str, fake: TimedTwilio) -> dict:
    ours = webhook_load(stack_bot_url, fake)
    base = baseline_turns(f"{baseline_rasa_url}/webhooks/rest/webhook")
    costs = domain_reply_costs()
    ack, reply = ours["ack"], ours["webhook_to_first_reply_sent"]
    return {
        "senders": SENDERS, "texts_per_sender": TEXTS_PER_SENDER,
        "ours": ours,
        "baseline_rest_turn": base,
        "ratio_vs_baseline_turn": {
            "ack_p95": ratio(ack["p95_ms"], base["p95_ms"]),
            "reply_sent_p50": ratio(reply["p50_ms"], base["p50_ms"]),
            "reply_sent_p95": ratio(reply["p95_ms"], base["p95_ms"]),
        },
        "domain_replies": costs,
        "goals": {
            "ack_p95_ms": {"value": ack["p95_ms"], "goal": GOAL_ACK_P95_MS,
                           "met": ack["p95_ms"] is not None and ack["p95_ms"] < GOAL_ACK_P95_MS},
            "mean_segments": {"value": costs["mean_segments"], "goal": GOAL_MEAN_SEGMENTS,
                              "met": costs["mean_segments"] <= GOAL_MEAN_SEGMENTS},
            "gsm7_share": {"value": costs["gsm7_share"], "goal": 1.0, "met": costs["gsm7_share"] == 1.0},
        },
    }


def main() -> int:
    """The SMS measures alone: a stack of our own and the bare assistant, both warmed up first."""
    database_dir = Path(tempfile.mkdtemp(prefix="bench-sms-"))
    started: list = []
    try:
        fake = TimedTwilio().start()
        started.append(fake)
        stack = servers.start_stack(database_dir, fake.env())
        started.append(stack)
        log(f"stack healthy after {stack.wait_ready(stack.urls['health']):.1f} s")
        baseline = servers.start_baseline(servers.prepare_baseline())
        started.append(baseline)
        log(f"baseline ready after {baseline.wait_ready(baseline.urls['health']):.1f} s")
        warm_ups = (
            load.Target("ours_webchat", f"{stack.urls['rasa']}/webhooks/webchat/webhook", load.PARENT_SCRIPTS),
            load.Target("baseline_rest", f"{baseline.urls['rasa']}/webhooks/rest/webhook", load.BASELINE_SCRIPTS),
        )
        for target in warm_ups:
            log(f"warming up {target.name}")
            load.warm_up(target)
        log(f"sms: {SENDERS} senders at once through the signed webhook, replies to a fake Twilio")
        load_before = round(psutil.getloadavg()[0], 2)
        report = measure_sms(stack.urls["bot"], baseline.urls["rasa"], fake)
        report["machine"] = {"cpus": psutil.cpu_count(), "load_avg_1m_before": load_before,
                             "load_avg_1m_at_end": round(psutil.getloadavg()[0], 2)}
        print(json.dumps(report, indent=2))
        return 0
    finally:
        for server in reversed(started):
            server.stop()
        shutil.rmtree(database_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
