"""Rasa's event broker (RabbitMQ) and the statistics the bot service takes from it.

With AMQP_URL set, `make run` gives Rasa an endpoints file with a `pika` event broker that
publishes every tracker event to the AMQP_QUEUE queue (its own queue, never the tracker's
`events` table); the bot service consumes that queue and keeps counts that /metrics exposes.
The counts are per bot service process: with several replicas, each counts the events it took
from the shared queue, and Prometheus sums them. Without AMQP_URL nothing here runs.
"""
from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
from typing import List, Optional
from urllib.parse import unquote, urlparse

from bot.settings import PROJECT_ROOT, Settings

logger = logging.getLogger(__name__)
EVENT_TYPES = {"user", "bot", "action", "slot", "session_started", "restart", "pause", "resume",
               "followup", "active_loop", "user_featurization", "action_execution_rejected"}
CHANNELS = {"webchat", "sms", "rest"}
RISK_LEVELS = {"none", "concern", "high", "critical"}
RECONNECT_AFTER_S = 5.0
GENERATED_ENDPOINTS = PROJECT_ROOT / "var" / "endpoints.broker.yml"


# -- Rasa's side: the endpoints file -------------------------------------------------------
def endpoints_file(settings: Settings) -> str:
    """endpoints.yml, or with AMQP_URL a copy of it with the event broker added (in var/)."""
    base = PROJECT_ROOT / "endpoints.yml"
    if not settings.amqp_url:
        return base.name
    broker = (
        "\n# Added because AMQP_URL is set (bot/broker.py): every tracker event to RabbitMQ.\n"
        "event_broker:\n  type: pika\n  url: ${AMQP_URL}\n  username: ${AMQP_USERNAME}\n"
        "  password: ${AMQP_PASSWORD}\n  port: ${AMQP_PORT}\n"
        f"  queues:\n    - {settings.amqp_queue}\n"
    )
    GENERATED_ENDPOINTS.parent.mkdir(parents=True, exist_ok=True)
    GENERATED_ENDPOINTS.write_text(base.read_text() + broker)
    return str(GENERATED_ENDPOINTS)


def broker_environment(settings: Settings) -> dict:
    """AMQP_URL's parts, which Rasa's pika broker wants as separate settings."""
    if not settings.amqp_url:
        return {}
    url = urlparse(settings.amqp_url)
    return {"AMQP_USERNAME": unquote(url.username or "guest"), "AMQP_PASSWORD": unquote(url.password or "guest"),
            "AMQP_PORT": str(url.port or 5672)}


# -- the bot service's side: counting events -----------------------------------------------
class EventStats:
    """Counts of the events Rasa published; labels only from fixed sets (input is untrusted)."""

    def __init__(self) -> None:
        self.events: Counter = Counter()
        self.parent_messages: Counter = Counter()
        self.screened: Counter = Counter()
        self.unreadable = 0

    def record(self, body: bytes) -> None:
        try:
            event = json.loads(body)
        except (UnicodeDecodeError, ValueError):
            event = None
        if not isinstance(event, dict) or not isinstance(event.get("event"), str):
            self.unreadable += 1
            return
        kind = event["event"] if event["event"] in EVENT_TYPES else "other"
        self.events[kind] += 1
        if kind == "user":
            channel = event.get("input_channel")
            self.parent_messages[channel if channel in CHANNELS else "other"] += 1
            risk = ((event.get("parse_data") or {}).get("risk") or {}) if isinstance(event.get("parse_data"), dict) else {}
            level = risk.get("level") if isinstance(risk, dict) else None
            self.screened[level if level in RISK_LEVELS else "unknown"] += 1

    def lines(self) -> List[str]:
        def family(name: str, help_text: str, label: str, counts: Counter) -> List[str]:
            out = [f"# HELP {name} {help_text}", f"# TYPE {name} counter"]
            return out + [f'{name}{{{label}="{key}"}} {value}' for key, value in sorted(counts.items())]

        return (
            family("parent_support_broker_events_total", "Rasa events taken from the event broker by this process",
                   "event", self.events)
            + family("parent_support_parent_messages_total", "Parents' messages (from the event broker), by channel",
                     "channel", self.parent_messages)
            + family("parent_support_screened_messages_total",
                     "Parents' messages (from the event broker), by risk screen level", "level", self.screened)
            + ["# HELP parent_support_broker_unreadable_total Broker messages that were not a Rasa event",
               "# TYPE parent_support_broker_unreadable_total counter",
               f"parent_support_broker_unreadable_total {self.unreadable}"]
        )


class EventConsumer:
    """Takes Rasa's events from the queue into `stats`; reconnects until stopped."""

    def __init__(self, url: str, queue: str, stats: EventStats) -> None:
        self.url, self.queue, self.stats = url, queue, stats
        self.connected = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        import aio_pika

        while not stop.is_set():
            connection = None
            try:
                connection = await aio_pika.connect_robust(self.url, timeout=10)
                channel = await connection.channel()
                await channel.set_qos(prefetch_count=100)
                queue = await channel.declare_queue(self.queue, durable=True)
                await queue.consume(self._on_message)
                self.connected.set()
                await stop.wait()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # RabbitMQ away: the queue keeps the events meanwhile
                logger.warning("event broker: cannot consume (%s); trying again", type(error).__name__)
                try:
                    await asyncio.wait_for(stop.wait(), RECONNECT_AFTER_S)
                except asyncio.TimeoutError:
                    pass
            finally:
                if connection is not None:
                    await connection.close()

    async def _on_message(self, message) -> None:
        async with message.process():
            self.stats.record(message.body)


def install(app, settings: Settings) -> None:
    """Give the bot service its event statistics, and with AMQP_URL the consumer."""
    app.ctx.event_stats = EventStats()

    @app.listener("before_server_start")
    async def start_consumer(app_, _loop) -> None:
        app_.ctx.event_consumer_stop = asyncio.Event()
        app_.ctx.event_consumer_task: Optional[asyncio.Task] = None
        if settings.amqp_url:
            consumer = EventConsumer(settings.amqp_url, settings.amqp_queue, app_.ctx.event_stats)
            app_.ctx.event_consumer_task = asyncio.ensure_future(consumer.run(app_.ctx.event_consumer_stop))

    @app.listener("before_server_stop")
    async def stop_consumer(app_, _loop) -> None:
        app_.ctx.event_consumer_stop.set()
        if app_.ctx.event_consumer_task is not None:
            await asyncio.wait({app_.ctx.event_consumer_task}, timeout=10)


def metrics_lines(app) -> List[str]:
    stats: Optional[EventStats] = getattr(app.ctx, "event_stats", None)
    return stats.lines() if stats is not None and app.ctx.settings.amqp_url else []
