"""Logs that are safe to keep: phone numbers masked, SQL parameters (which may hold a parent's
words) hidden, and JSON lines when LOG_FORMAT=json. Installed on every handler of the root and
Sanic loggers by each process at start (`install()`; calling it again is harmless).

No log call of ours passes a message's text; this is the net under that rule."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re

_E164 = re.compile(r"(\+\d{4,12})\d{3}\b")
_UK_MOBILE = re.compile(r"\b(07\d{3} ?\d{3})\d{3}\b")
_SQL_PARAMETERS = re.compile(r"\[parameters: [^\n]*")
SANIC_LOGGERS = ("sanic.root", "sanic.error", "sanic.access")
QUIET_BELOW_WARNING = ("twilio",)  # logs every request's query parameters (phone numbers) at INFO


def mask_phones(text: str) -> str:
    """+447700900123 -> +447700900***, 07700 900123 -> 07700 900***."""
    return _UK_MOBILE.sub(r"\1***", _E164.sub(r"\1***", text))


def scrub(text: str) -> str:
    return mask_phones(_SQL_PARAMETERS.sub("[parameters hidden]", text))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "pid": record.process,
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class SafeFormatter(logging.Formatter):
    """Formats with the handler's own formatter (or JSON), then scrubs the result."""

    def __init__(self, inner: logging.Formatter) -> None:
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        return scrub(self.inner.format(record))


def wanted_format() -> str:
    return "json" if os.environ.get("LOG_FORMAT", "").strip().lower() == "json" else "text"


def install(log_format: str = None) -> None:
    log_format = log_format or wanted_format()
    for name in QUIET_BELOW_WARNING:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in SANIC_LOGGERS:  # Sanic's loggers have handlers of their own: each line once
        if logging.getLogger(name).handlers:
            logging.getLogger(name).propagate = False
    loggers = [logging.getLogger()] + [logging.getLogger(name) for name in SANIC_LOGGERS]
    for logger in loggers:
        for handler in logger.handlers:
            current = handler.formatter
            if isinstance(current, SafeFormatter):
                current = current.inner
            inner = JsonFormatter() if log_format == "json" else (current or logging.Formatter())
            handler.setFormatter(SafeFormatter(inner))
