"""The logging net: numbers masked, SQL parameters hidden, JSON lines when asked, wherever the
line comes from (our loggers, Rasa's, Sanic's)."""
import io
import json
import logging

import pytest

from bot.logging_setup import install, mask_phones


@pytest.fixture
def captured():
    """A handler on the root logger as a process has it, restored afterwards."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    root.handlers, root.level = [handler], logging.INFO
    yield stream
    root.handlers, root.level = saved


def test_numbers_are_masked():
    assert mask_phones("from +447700900123 to +447700900001") == "from +447700900*** to +447700900***"
    assert mask_phones("call 07700 900123 or 07700900456") == "call 07700 900*** or 07700900***"
    assert mask_phones("case 12, alert 3456, sms-74ce4520f4232d45") == "case 12, alert 3456, sms-74ce4520f4232d45"


def test_text_lines_are_scrubbed_after_formatting(captured):
    install("text")
    try:
        raise ValueError("(sqlite3.IntegrityError) UNIQUE failed\n[SQL: INSERT ...]\n"
                         "[parameters: ('SM1', 'harbourside', 'I feel so low tonight')]")
    except ValueError:
        logging.getLogger("bot.sms.service").exception("sms: could not record a text from %s", "+447700900321")
    out = captured.getvalue()
    assert "+447700900***" in out and "900321" not in out
    assert "I feel so low" not in out and "[parameters hidden]" in out
    assert out.startswith("ERROR bot.sms.service: sms: could not record a text")


def test_json_lines(captured, monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "json")
    install()
    logging.getLogger("rasa.core.processor").info("turn for %s done", "+447700900555")
    entry = json.loads(captured.getvalue().strip())
    assert entry["logger"] == "rasa.core.processor" and entry["level"] == "INFO"
    assert entry["message"] == "turn for +447700900*** done"
    install("json")  # twice is harmless: still one JSON object a line
    logging.getLogger("x").warning("again")
    assert json.loads(captured.getvalue().strip().splitlines()[-1])["message"] == "again"


def test_twilio_request_lines_are_not_logged(captured):
    install("text")
    logging.getLogger("twilio.async_http_client").info("Query Params: {'To': '+447700900777'}")
    assert captured.getvalue() == ""


def test_our_log_calls_never_pass_message_text():
    """An audit of our own logging calls: none formats a body, text or message argument."""
    import re

    from bot.settings import PROJECT_ROOT

    call = re.compile(r"\b(?:log|logger)\.(?:debug|info|warning|error|exception|critical)\((.*)")
    suspicious = re.compile(r"\b(?:body|text|texts|trigger_text|payload|phone|to)\b")
    offenders = []
    for path in [*(PROJECT_ROOT / "bot").rglob("*.py"), *(PROJECT_ROOT / "actions").rglob("*.py")]:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            found = call.search(line)
            if not found:
                continue
            arguments = re.sub(r"len\([^)]*\)", "", found.group(1).split('"')[-1])  # a count is fine
            if suspicious.search(arguments):
                offenders.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}")
    assert offenders == []
