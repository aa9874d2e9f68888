"""`python -m bench`: latency, throughput, cold start and memory; one JSON document on stdout.

Ours (`python -m bot run`: Rasa with the `webchat` channel, the action server, the bot
service relay) against a bare `rasa init` assistant on its `rest` channel, in the same run on
the same machine. Everything listens on 127.0.0.1; every process started here is stopped.
"""
from __future__ import annotations

import argparse
import json
import platform
import shutil
import tempfile
import time
from pathlib import Path

import psutil
import yaml

from bench import load, replicas, screening, servers, sms, widget
from bench.servers import log
from bench.stats import ratio

GOAL_P95_RATIO = 1.5
GOAL_COLD_START_S = 30.0
GOAL_RSS_MB = 1600.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--conversations", type=int, default=15, help="sequential conversations per target")
    parser.add_argument("--concurrency", type=int, default=4, help="conversations at once (throughput)")
    parser.add_argument("--load-conversations", type=int, default=12, help="conversations per throughput run")
    parser.add_argument("--budget", type=float, default=300, help="seconds for the latency phase at most")
    parser.add_argument("--replica-conversations", type=int, default=50, help="at once, on two Rasa replicas (0: skip)")
    parser.add_argument("--replica-turns", type=int, default=20, help="turns per replica-load conversation")
    parser.add_argument("--replica-rss-messages", type=int, default=10000, help="messages before RSS is read again")
    parser.add_argument("--replica-budget", type=float, default=900, help="seconds at most for the extra rounds")
    return parser.parse_args()


def fallback_text() -> str:
    domain = yaml.safe_load((servers.ROOT / "domain.yml").read_text())
    return domain["responses"]["utter_default"][0]["text"]


def goal(value, limit) -> dict:
    return {"value": value, "goal": limit, "met": value is not None and value <= limit}


def measure(args: argparse.Namespace, started: list, database_dir: Path) -> dict:
    baseline_model = servers.prepare_baseline()
    our_model = servers.newest_model(servers.ROOT / "models")
    if our_model is None:
        raise RuntimeError("no model in models/: run `make train` first")

    log("risk screen cost per message, beside the whole NLU parse")
    screen_cost = screening.measure_screening(our_model)

    log("cold start of `python -m bot run` (fresh SQLite, free ports)")
    load_before = round(psutil.getloadavg()[0], 2)
    fake_twilio = sms.TimedTwilio().start()
    started.append(fake_twilio)
    stack = servers.start_stack(database_dir, fake_twilio.env())
    started.append(stack)
    cold_start = stack.wait_ready(stack.urls["health"])
    log(f"healthy after {cold_start:.1f} s")

    baseline = servers.start_baseline(baseline_model)
    started.append(baseline)
    baseline_start = baseline.wait_ready(baseline.urls["health"])
    log(f"baseline ready after {baseline_start:.1f} s")

    targets = [
        load.Target("ours_webchat", f"{stack.urls['rasa']}/webhooks/webchat/webhook", load.PARENT_SCRIPTS),
        load.Target("ours_relay", f"{stack.urls['bot']}/chat/send", load.PARENT_SCRIPTS, widget.token_for),
        load.Target("baseline_rest", f"{baseline.urls['rasa']}/webhooks/rest/webhook", load.BASELINE_SCRIPTS),
    ]
    warm = {}
    for target in targets:
        log(f"warming up {target.name}")
        warm[target.name] = load.warm_up(target)
        if warm[target.name].errors:
            raise RuntimeError(f"{target.name} fails during warm-up: {warm[target.name].errors[:3]}")
    fallback = fallback_text()
    not_understood = sum(text == fallback for name in ("ours_webchat", "ours_relay") for text in warm[name].replies)

    log(f"latency: {args.conversations} sequential 10-turn conversations per target, interleaved")
    latency = load.latency(targets, args.conversations, args.budget)
    throughput = {}
    for target in targets:
        log(f"throughput: {target.name}, {args.load_conversations} conversations, {args.concurrency} at once")
        throughput[target.name] = load.throughput(target, args.concurrency, args.load_conversations)

    log("widget: size, launcher ready and send to first reply in headless Chromium")
    widget_report = widget.measure(stack.urls["bot"])
    log(f"sms: {sms.SENDERS} senders at once through the signed webhook, replies to a fake Twilio")
    sms_report = sms.measure_sms(stack.urls["bot"], baseline.urls["rasa"], fake_twilio)

    rss = servers.stack_rss_mb(stack)
    three = round(rss["rasa"] + rss["actions"] + rss["bot"], 1)
    base = latency["baseline_rest"]
    return {
        "machine": {"cpus": psutil.cpu_count(), "load_avg_1m_before_cold_start": load_before,
                    "load_avg_1m_at_end": round(psutil.getloadavg()[0], 2),
                    "python": platform.python_version()},
        "models": {"ours": our_model.name, "baseline": str(baseline_model.relative_to(servers.ROOT))},
        "warm_up": {"ours_fallback_replies": not_understood,
                    "ours_turns": len(warm["ours_webchat"].latencies) + len(warm["ours_relay"].latencies)},
        "latency": latency,
        "latency_ratio_vs_baseline": {
            name: {"p50": ratio(latency[name]["p50_ms"], base["p50_ms"]),
                   "p95": ratio(latency[name]["p95_ms"], base["p95_ms"])}
            for name in ("ours_webchat", "ours_relay")
        },
        "throughput": throughput,
        "throughput_ratio_vs_baseline": {
            name: ratio(throughput[name]["turns_per_s"], throughput["baseline_rest"]["turns_per_s"])
            for name in ("ours_webchat", "ours_relay")
        },
        "risk_screening": screen_cost,
        "widget": widget_report,
        "sms": sms_report,
        "cold_start_s": round(cold_start, 2),
        "baseline_start_s": round(baseline_start, 2),
        "rss_mb": {"ours": dict(rss, sum_of_three=three), "baseline_rasa": servers.process_rss_mb(baseline)},
        "goals": {
            "p95_ratio_webchat_vs_baseline": goal(ratio(latency["ours_webchat"]["p95_ms"], base["p95_ms"]),
                                                  GOAL_P95_RATIO),
            "p95_ratio_relay_vs_baseline": goal(ratio(latency["ours_relay"]["p95_ms"], base["p95_ms"]),
                                                GOAL_P95_RATIO),
            "cold_start_s": goal(round(cold_start, 2), GOAL_COLD_START_S),
            "rss_sum_mb": goal(three, GOAL_RSS_MB),
            "risk_screen_p95_ms": screen_cost["goal_screen_p95_ms"],
            **{f"sms_{name}": value for name, value in sms_report["goals"].items()},
        },
    }


def main() -> int:
    args = parse_args()
    started: list = []
    database_dir = Path(tempfile.mkdtemp(prefix="bench-db-"))
    begin = time.monotonic()
    try:
        report = measure(args, started, database_dir)
    finally:
        for server in reversed(started):
            server.stop()
        shutil.rmtree(database_dir, ignore_errors=True)
    report["replicas"] = measure_replicas(args)  # alone on the machine, after the rest stopped
    report["bench_duration_s"] = round(time.monotonic() - begin, 1)
    print(json.dumps(report, indent=2))
    return 0  # goals missed are reported ("met": false), not a failure of the benchmark


def measure_replicas(args: argparse.Namespace) -> dict:
    """Two Rasa replicas on PostgreSQL and Redis under SMS and web chat load (bench/replicas.py)."""
    if args.replica_conversations <= 0:
        return {"skipped": "--replica-conversations 0"}
    try:
        import psycopg2
        import redis

        psycopg2.connect(replicas.POSTGRES_ADMIN_URL, connect_timeout=3).close()
        redis.Redis(host="127.0.0.1", port=6379, socket_timeout=3).ping()
    except Exception as error:  # reported, not fatal: the rest of the bench still stands
        return {"skipped": f"PostgreSQL or Redis not reachable on 127.0.0.1: {type(error).__name__}"}
    log(f"replicas: {args.replica_conversations} conversations x {args.replica_turns} turns, SMS and web chat")
    return replicas.measure(args.replica_conversations, args.replica_turns, args.replica_rss_messages,
                            args.replica_budget)


if __name__ == "__main__":
    raise SystemExit(main())
