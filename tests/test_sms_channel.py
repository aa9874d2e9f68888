"""The SMS channel end to end: the real processes, Twilio's REST API faked on loopback, webhooks
signed with twilio's own RequestValidator as Twilio signs them and sent, as Twilio sends them, to
the bot service, which hands each text to Rasa."""
import asyncio
import itertools
import json
import socket
import time
import urllib.parse
import uuid

import pytest
from twilio.request_validator import RequestValidator

from bot.db.engine import make_engine, make_session_factory
from bot.settings import Settings
from bot.sms.service import TEXT_ONLY
from bot.sms.store import conversation_id_for, may_send_proactive
from bot.sms_text import is_gsm7, segment_count
from tests.fakes.twilio_api import AUTH_TOKEN
from tests.support import ROOT, http, query, wait_for

servers = pytest.mark.servers
PUBLIC_URL = "https://support.example.org"
WEBHOOK, STATUS, PROCESS = "/webhooks/sms/webhook", "/webhooks/sms/status", "/webhooks/sms/process"
SCHOOL_NUMBER = "+447700900001"
EMPTY_TWIML = b'<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
CRITICAL = "ive taken all my tablets and i want to die"
_PARENT_NUMBERS = (f"+447700900{n:03d}" for n in itertools.count(200) if n not in (456, 789))


def new_parent() -> str:
    """A parent's number: 07700 900200 upwards (Ofcom's drama range), never a staff number."""
    return next(_PARENT_NUMBERS)


def conversation(phone: str, school_id: str = "harbourside") -> str:
    return conversation_id_for(phone, school_id, Settings.from_env().secret_key)


def sign(path: str, params: dict, token: str = AUTH_TOKEN, base: str = PUBLIC_URL) -> str:
    return RequestValidator(token).compute_signature(base + path, params)


def text_params(phone: str, body=None, sid=None, to=SCHOOL_NUMBER, **extra) -> dict:
    params = {"MessageSid": sid or "SM" + uuid.uuid4().hex, "AccountSid": "AC" + "1" * 32,
              "From": phone, "To": to, "NumMedia": "0", **extra}
    if body is not None:
        params["Body"] = body
    return params


def post_form(stack, path: str, params: dict, signature="sign", to_rasa=False):
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if signature == "sign":
        signature = sign(path, params)
    if signature is not None:
        headers["X-Twilio-Signature"] = signature
    base = stack.rasa_url if to_rasa else stack.bot_url
    return http("POST", base + path, urllib.parse.urlencode(params).encode(), headers)


def text(stack, phone: str, body, **kwargs) -> dict:
    """Text the assistant as Twilio would; the params sent."""
    params = text_params(phone, body, **kwargs)
    status, answer = post_form(stack, WEBHOOK, params)
    assert (status, answer) == (200, EMPTY_TWIML)
    return params


def processed(stack, sid):
    rows = query(stack, "SELECT * FROM sms_inbound WHERE message_sid = :s", s=sid)
    return rows[0] if rows and rows[0]["status"] in ("processed", "failed") else None


def answered(stack, fake_twilio, phone, params, count_before=0):
    """The texts the parent got for one message, once it has been answered and sent."""
    wait_for(lambda: processed(stack, params["MessageSid"]))
    return [m["body"] for m in fake_twilio.to(phone)[count_before:]]


def tracker(stack, sender):
    status, body = http("GET", f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}")
    assert status == 200
    return json.loads(body)


def user_texts(stack, sender):
    return [e["text"] for e in tracker(stack, sender)["events"] if e["event"] == "user"]


@servers
def test_signed_text_is_answered_from_the_schools_number(stack, fake_twilio):
    phone = new_parent()
    params = text(stack, phone, "hello")
    replies = answered(stack, fake_twilio, phone, params)
    assert replies and any("How are things this week?" in r for r in replies)
    assert all(is_gsm7(r) and segment_count(r) <= 3 for r in replies)
    sent = fake_twilio.to(phone)[-1]
    assert sent["from"] == SCHOOL_NUMBER
    assert sent["status_callback"].startswith(f"{PUBLIC_URL}{STATUS}?o=")

    sender = conversation(phone)
    state = tracker(stack, sender)
    assert state["latest_input_channel"] == "sms" and state["slots"]["school_id"] == "harbourside"
    assert sender.startswith("sms-") and phone not in sender
    inbound = processed(stack, params["MessageSid"])
    assert (inbound["status"], inbound["body"], inbound["conversation_id"]) == ("processed", None, sender)
    outbound = query(stack, "SELECT * FROM sms_outbound WHERE conversation_id = :c", c=sender)
    assert [r["length"] for r in outbound] == [len(r) for r in replies]
    assert {r["status"] for r in outbound} == {"queued"} and all(r["provider_id"] for r in outbound)
    assert phone not in stack.log_path.read_text()  # the number is in the channel's table only


@servers
def test_a_number_no_school_uses_still_gets_an_answer(stack, fake_twilio):
    phone = new_parent()
    params = text(stack, phone, "hello", to="+447700900998")
    replies = answered(stack, fake_twilio, phone, params)
    assert any("How are things this week?" in r for r in replies)
    assert fake_twilio.to(phone)[-1]["from"] == "+447700900998"
    assert tracker(stack, conversation(phone))["slots"]["school_id"] == "harbourside"


@servers
def test_bad_missing_and_replayed_signatures_are_refused(stack):
    phone = new_parent()
    params = text_params(phone, "hello")
    good = sign(WEBHOOK, params)
    changed = {**params, "Body": "something else"}
    attempts = [
        (params, None),                                        # missing
        (params, "bm90IGEgc2lnbmF0dXJl"),                      # bad
        (params, sign(WEBHOOK, params, token="another-token")),  # someone else's token
        (params, sign(WEBHOOK, params, base="http://127.0.0.1:5005")),  # not our public URL
        (changed, good),                                        # replayed, Body changed
        ({**params, "From": new_parent()}, good),               # replayed, From changed
    ]
    for form, signature in attempts:
        assert post_form(stack, WEBHOOK, form, signature)[0] == 403
    assert post_form(stack, STATUS, {"MessageSid": "SM" + "0" * 32, "MessageStatus": "failed"}, None)[0] == 403
    assert not query(stack, "SELECT id FROM sms_inbound WHERE message_sid = :s", s=params["MessageSid"])


@servers
def test_a_repeated_message_sid_is_answered_once(stack, fake_twilio):
    phone = new_parent()
    params = text(stack, phone, "hello")
    for _ in range(2):  # Twilio retrying, or an attacker replaying a signed request as it was
        assert post_form(stack, WEBHOOK, params) == (200, EMPTY_TWIML)
    replies = answered(stack, fake_twilio, phone, params)
    time.sleep(2)
    assert len(fake_twilio.to(phone)) == len(replies)
    assert len(query(stack, "SELECT id FROM sms_inbound WHERE message_sid = :s", s=params["MessageSid"])) == 1
    events = tracker(stack, conversation(phone))["events"]
    assert [e["message_id"] for e in events if e["event"] == "user"] == [params["MessageSid"]]


@servers
def test_a_text_is_answered_even_if_twilio_hangs_up(stack, fake_twilio):
    phone = new_parent()
    params = text_params(phone, "hello")
    body = urllib.parse.urlencode(params).encode()
    host, port = stack.bot_url.rsplit("//", 1)[1].split(":")
    request = (f"POST {WEBHOOK} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
               f"X-Twilio-Signature: {sign(WEBHOOK, params)}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(request + body)
    replies = answered(stack, fake_twilio, phone, params)  # the socket closed before any answer
    assert any("How are things this week?" in r for r in replies)


@servers
def test_429_and_500_from_twilio_are_retried_and_the_reply_sent_once(stack, fake_twilio):
    phone = new_parent()
    fake_twilio.fail_next(1, 429)
    fake_twilio.fail_next(1, 500)
    params = text(stack, phone, "what can you do")
    replies = answered(stack, fake_twilio, phone, params)
    assert len(replies) == 1
    rows = query(stack, "SELECT status, attempts FROM sms_outbound WHERE conversation_id = :c", c=conversation(phone))
    assert [(r["status"], r["attempts"]) for r in rows] == [("queued", 3)]


@servers
@pytest.mark.parametrize("extra", [{}, {"Body": ""}, {"Body": "", "NumMedia": "1",
                                                     "MediaUrl0": "https://api.twilio.com/m/ME1",
                                                     "MediaContentType0": "image/jpeg"}])
def test_no_text_or_a_picture_gets_a_polite_answer(stack, fake_twilio, extra):
    phone = new_parent()
    params = text(stack, phone, None, **extra)
    assert answered(stack, fake_twilio, phone, params) == [TEXT_ONLY]


@servers
def test_a_picture_with_words_gets_the_note_and_an_answer(stack, fake_twilio):
    phone = new_parent()
    params = text(stack, phone, "hello", NumMedia="1", MediaUrl0="https://api.twilio.com/m/ME2")
    replies = answered(stack, fake_twilio, phone, params)
    assert replies[0].startswith(TEXT_ONLY) and any("How are things this week?" in r for r in replies)


@servers
def test_a_leading_slash_is_just_text(stack, fake_twilio):
    phone = new_parent()
    answered(stack, fake_twilio, phone, text(stack, phone, "hello"))
    answered(stack, fake_twilio, phone, text(stack, phone, "/restart"))
    events = tracker(stack, conversation(phone))["events"]
    assert user_texts(stack, conversation(phone))[-1] == "restart"
    assert not [e for e in events if e["event"] == "restart"]


@servers
def test_numbered_choices_reach_rasa_as_the_buttons_payload(stack, fake_twilio):
    phone = new_parent()
    replies = answered(stack, fake_twilio, phone, text(stack, phone, "hello"))
    assert any("Reply 1 Good, 2 Up and down or 3 Struggling" in r for r in replies)
    answered(stack, fake_twilio, phone, text(stack, phone, "3"), len(fake_twilio.to(phone)))
    assert user_texts(stack, conversation(phone))[-1] == "Struggling"


@servers
def test_stop_start_and_help_are_recorded_and_answered(stack, fake_twilio):
    phone = new_parent()
    sender = conversation(phone)
    engine = make_engine(stack.database_url)
    sessions = make_session_factory(engine)

    def may_send():
        with sessions() as session:
            return may_send_proactive(session, sender)

    try:
        assert may_send()
        stop = answered(stack, fake_twilio, phone, text(stack, phone, "Stop"))
        assert "START" in stop[-1] and not may_send()
        # Opted out of check-ins, not out of answers.
        hello = answered(stack, fake_twilio, phone, text(stack, phone, "hello"), len(stop))
        assert any("How are things this week?" in r for r in hello)
        start = answered(stack, fake_twilio, phone, text(stack, phone, "START"), len(stop) + len(hello))
        assert "STOP" in start[-1] and may_send()
        help_ = answered(stack, fake_twilio, phone, text(stack, phone, "HELP"), len(fake_twilio.to(phone)))
    finally:
        engine.dispose()
    assert len(help_) == 1
    reply = help_[0]
    assert "Harbourside Primary School" in reply and "automated helper" in reply
    assert "999" in reply and "116 123" in reply and is_gsm7(reply) and segment_count(reply) <= 2
    kinds = [r["kind"] for r in query(stack, "SELECT kind FROM consents WHERE conversation_id = :c ORDER BY id", c=sender)]
    assert kinds == ["opt_out", "opt_in", "help"]
    assert "Stop" not in user_texts(stack, sender) and "HELP" not in user_texts(stack, sender)


@servers
def test_risk_by_sms_staff_reply_and_a_failed_safety_text(stack, fake_twilio):
    from tests.test_handoff_flow import cli

    phone = new_parent()
    sender = conversation(phone)
    replies = answered(stack, fake_twilio, phone, text(stack, phone, CRITICAL))
    assert "call 999" in replies[0] and "press 55" in replies[0]
    case = query(stack, "SELECT * FROM cases WHERE conversation_id = :c", c=sender)[-1]
    assert case["channel"] == "sms"
    safety = query(stack, "SELECT * FROM sms_outbound WHERE conversation_id = :c AND safety", c=sender)
    assert safety and all(r["case_id"] == case["id"] for r in safety)

    # The HWBL's reply goes through Rasa's API (output_channel=latest) and reaches the phone.
    before = len(fake_twilio.to(phone))
    cli(stack, "reply", str(case["id"]), "Hi, it's Dee. I'm here. Are you safe right now?", "--staff", "Dee Harper")
    staff = wait_for(lambda: fake_twilio.to(phone)[before:])
    assert staff[-1]["body"] == "Hi, it's Dee. I'm here. Are you safe right now?"
    assert staff[-1]["from"] == SCHOOL_NUMBER

    # Twilio reports that the 999 text never arrived: the row and the case show it.
    row = safety[0]
    callback = {"MessageSid": row["provider_id"], "MessageStatus": "undelivered", "ErrorCode": "30003",
                "AccountSid": "AC" + "1" * 32, "To": phone, "From": SCHOOL_NUMBER}
    path = f"{STATUS}?o={row['id']}"
    assert post_form(stack, path, {**callback, "MessageStatus": "failed"}, sign(STATUS, callback))[0] == 403
    assert post_form(stack, path, callback)[0] == 204
    assert post_form(stack, path, {**callback, "MessageStatus": "sent"})[0] == 204  # late, out of order
    after = query(stack, "SELECT status, error FROM sms_outbound WHERE id = :i", i=row["id"])[0]
    assert after["status"] == "undelivered" and "30003" in after["error"]
    audit = query(stack, "SELECT action FROM audit_log WHERE case_id = :c", c=case["id"])
    assert "safety_sms_failed" in [a["action"] for a in audit]


@servers
def test_a_delivered_callback_is_recorded(stack, fake_twilio):
    phone = new_parent()
    answered(stack, fake_twilio, phone, text(stack, phone, "hello"))
    row = query(stack, "SELECT * FROM sms_outbound WHERE conversation_id = :c", c=conversation(phone))[0]
    callback = {"MessageSid": row["provider_id"], "MessageStatus": "delivered", "AccountSid": "AC" + "1" * 32}
    assert post_form(stack, f"{STATUS}?o={row['id']}", callback)[0] == 204
    assert query(stack, "SELECT status FROM sms_outbound WHERE id = :i", i=row["id"])[0]["status"] == "delivered"


@servers
def test_the_sms_webhook_never_answers_500(stack):
    for body, headers in ((b"not a form", {"Content-Type": "text/plain"}),
                          (b"{", {"Content-Type": "application/json"}),
                          (b"", {})):
        status, _ = http("POST", stack.bot_url + WEBHOOK, body, headers)
        assert status in (400, 403)
    params = {"Body": "hello"}  # signed, but no MessageSid or From
    assert post_form(stack, WEBHOOK, params)[0] == 400


@servers
def test_only_the_token_holder_can_hand_a_text_to_rasa(stack, fake_twilio):
    from types import SimpleNamespace

    phone = new_parent()
    engine = make_engine(stack.database_url)
    try:  # a text the bot service recorded but could not hand over
        row_id, _, sender = seed_text(SimpleNamespace(sessions=make_session_factory(engine)), phone, "hello")
    finally:
        engine.dispose()
    url, body = stack.rasa_url + PROCESS, json.dumps({"inbound_id": row_id}).encode()

    def call(headers, data=body):
        return http("POST", url, data, {"Content-Type": "application/json", **headers})[0]

    assert call({}) == 401
    assert call({"Authorization": "Bearer not-the-token"}) == 401
    assert call({"Authorization": stack.token}) == 401
    token = {"Authorization": f"Bearer {stack.token}"}
    for bad in (b"{}", b'{"inbound_id": "1"}', b'{"inbound_id": true}', b"[1]", b"{"):
        assert call(token, bad) == 400, bad
    time.sleep(1)
    assert query(stack, "SELECT status FROM sms_inbound WHERE id = :i", i=row_id)[0]["status"] == "received"
    assert call(token) == 202
    assert call(token) == 202  # asked twice: answered once
    wait_for(lambda: query(stack, "SELECT id FROM sms_inbound WHERE id = :i AND status = 'processed'", i=row_id))
    time.sleep(1)
    assert user_texts(stack, sender) == ["hello"]
    assert any("How are things this week?" in m["body"] for m in fake_twilio.to(phone))
    assert call(token, json.dumps({"inbound_id": 10**9}).encode()) == 202  # no such text: nothing to do


@servers
def test_the_rasa_channel_takes_twilios_webhook_too(stack, fake_twilio):
    """DESIGN.md's interface: SMS at POST :5005/webhooks/sms/webhook, checked and recorded the same way."""
    phone = new_parent()
    params = text_params(phone, "hello")
    assert post_form(stack, WEBHOOK, params, to_rasa=True) == (200, EMPTY_TWIML)
    assert post_form(stack, WEBHOOK, params, to_rasa=True) == (200, EMPTY_TWIML)  # Twilio's retry
    assert any("How are things this week?" in r for r in answered(stack, fake_twilio, phone, params))
    time.sleep(1)
    assert user_texts(stack, conversation(phone)) == ["hello"]
    assert post_form(stack, WEBHOOK, text_params(phone, "hi"), signature="forged", to_rasa=True)[0] == 403
    assert post_form(stack, WEBHOOK, text_params(phone, "hi"), signature=None, to_rasa=True)[0] == 403
    row = query(stack, "SELECT * FROM sms_outbound WHERE conversation_id = :c", c=conversation(phone))[0]
    callback = {"MessageSid": row["provider_id"], "MessageStatus": "delivered", "AccountSid": "AC" + "1" * 32}
    assert post_form(stack, f"{STATUS}?o={row['id']}", callback, to_rasa=True)[0] == 204
    assert query(stack, "SELECT status FROM sms_outbound WHERE id = :i", i=row["id"])[0]["status"] == "delivered"


# -- the service on its own: recovery after a crash, failed sends, duplicates --------------
class FakeRasa:
    """Stands in for Rasa's on_new_message: records the turn and answers with fixed texts."""

    def __init__(self, *replies):
        self.replies, self.seen = replies, []

    async def __call__(self, message):
        self.seen.append(message.text)
        for reply in self.replies:
            await message.output_channel.send_response(message.sender_id, {"text": reply})


class FakeAgent:
    """A tracker store whose trackers hold the given message ids."""

    def __init__(self, *message_ids):
        events = [type("UserUttered", (), {"message_id": m})() for m in message_ids]
        tracker = type("Tracker", (), {"events": events})()

        class Store:
            async def retrieve(self, _sender_id):
                return tracker

        self.tracker_store = Store()


@pytest.fixture(params=["sqlite", "postgresql"])
def sms_db(request, sqlite_url):
    """A migrated database (SQLite, then PostgreSQL where it runs) opened as Rasa's process opens it."""
    from bot.db.migrate import upgrade
    from bot.runtime import close_runtime, open_runtime
    from bot.schools import load_schools

    url = sqlite_url if request.param == "sqlite" else request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    upgrade(engine, load_schools(ROOT / "schools"))
    engine.dispose()
    yield open_runtime(Settings.from_env(env={"DATABASE_URL": url}))
    close_runtime()


def seed_text(runtime_db, phone, body, status="received", claimed_ago=None):
    from bot.db.models import SmsInbound, utcnow
    from bot.db.engine import transaction
    from bot.sms import store

    sender = conversation_id_for(phone, "harbourside", None)
    with transaction(runtime_db.sessions) as session:
        store.remember_contact(session, sender, "harbourside", phone, SCHOOL_NUMBER)
        row = SmsInbound(message_sid="SM" + uuid.uuid4().hex, school_id="harbourside", conversation_id=sender,
                         body=body, num_media=0, status=status,
                         claimed_at=utcnow() - claimed_ago if claimed_ago else None)
        session.add(row)
        session.flush()
        return row.id, row.message_sid, sender


def inbound_rows(runtime_db):
    from bot.db.models import SmsInbound

    with runtime_db.sessions() as session:
        return {r.id: r for r in session.query(SmsInbound)}


def make_service(runtime_db, fake_twilio, rasa, agent=None):
    from bot.sms.service import SmsService

    settings = fake_twilio.settings(database_url=runtime_db.settings.database_url, public_url=PUBLIC_URL)
    return SmsService(settings, runtime_db.schools, runtime_db.engine, rasa, agent=lambda: agent)


async def test_texts_a_crash_left_behind_are_answered_once(sms_db, fake_twilio):
    import datetime as dt

    phone = new_parent()
    left, _, _ = seed_text(sms_db, phone, "hello")
    stale, _, _ = seed_text(sms_db, phone, "what can you do", "processing", dt.timedelta(minutes=10))
    busy, _, _ = seed_text(sms_db, phone, "still being answered", "processing", dt.timedelta(seconds=10))
    done, done_sid, _ = seed_text(sms_db, phone, "already reached rasa")
    rasa = FakeRasa("Hello, I'm here.")
    service = make_service(sms_db, fake_twilio, rasa, FakeAgent(done_sid))
    try:
        assert await service.recover(dt.timedelta(0)) == 3
        assert await service.recover(dt.timedelta(0)) == 0
    finally:
        await service.stop()
    assert rasa.seen == ["hello", "what can you do"]
    assert [m["body"] for m in fake_twilio.to(phone)] == ["Hello, I'm here."] * 2
    rows = inbound_rows(sms_db)
    assert [rows[i].status for i in (left, stale, busy, done)] == ["processed", "processed", "processing", "processed"]
    assert rows[left].body is None and rows[busy].body == "still being answered"


class RasaProcessRoute:
    """Rasa's POST /webhooks/sms/process on loopback: notes each call and, with the right token,
    hands the text to an SmsService as the channel does."""

    def __init__(self, service, token="the-rasa-token"):
        self.service, self.token, self.calls = service, token, []
        self.url, self._runner = "", None

    async def __aenter__(self):
        from aiohttp import web
        from tests.support import free_port

        async def process(request):
            body = await request.json()
            self.calls.append((body["inbound_id"], request.headers.get("Authorization")))
            if request.headers.get("Authorization") != f"Bearer {self.token}":
                return web.json_response({}, status=401)
            if self.service is not None:
                self.service.take(body["inbound_id"])
            return web.json_response({}, status=202)

        app = web.Application()
        app.router.add_post(PROCESS, process)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        port = free_port()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *_):
        await self._runner.cleanup()


def make_receiver(runtime_db, rasa_url, http, token="the-rasa-token"):
    """The bot service's receiver on this database, handing texts to `rasa_url`."""
    import dataclasses

    from bot.sms.receiver import RasaHandOver, SmsReceiver

    settings = Settings(database_url=runtime_db.settings.database_url, rasa_url=rasa_url, rasa_token=token)
    runtime = dataclasses.replace(runtime_db, settings=settings)
    return SmsReceiver(runtime, RasaHandOver(runtime, http))


async def test_a_text_is_recorded_once_handed_to_rasa_once_and_answered(sms_db, fake_twilio):
    import aiohttp

    from bot.sms.webhook import InboundText

    phone = new_parent()
    rasa = FakeRasa("Hello.")
    service = make_service(sms_db, fake_twilio, rasa)
    text_ = InboundText("SM" + uuid.uuid4().hex, phone, SCHOOL_NUMBER, "hello", 0)
    try:
        async with RasaProcessRoute(service) as route, aiohttp.ClientSession() as http:
            receiver = make_receiver(sms_db, route.url, http)
            outcomes = [receiver.accept(text_), receiver.accept(text_)]
            assert sorted([await outcomes[0], await outcomes[1]]) == ["duplicate", "new"]
            await receiver.stop()  # the hand-over is done
    finally:
        await service.stop()  # the turn is done
    (row,) = [r for r in inbound_rows(sms_db).values() if r.message_sid == text_.message_sid]
    assert route.calls == [(row.id, "Bearer the-rasa-token")]
    assert row.status == "processed" and row.conversation_id == conversation_id_for(phone, "harbourside", None)
    assert rasa.seen == ["hello"] and [m["body"] for m in fake_twilio.to(phone)] == ["Hello."]


async def test_texts_that_arrive_together_are_recorded_in_one_transaction(sms_db, monkeypatch):
    import aiohttp
    import sqlalchemy

    from bot.db.engine import transaction
    from bot.sms import store
    from bot.sms.webhook import InboundText

    def texts(count):
        return [InboundText("SM" + uuid.uuid4().hex, new_parent(), SCHOOL_NUMBER, f"text {n}", 0)
                for n in range(count)]

    earlier, burst = texts(1), texts(18)
    burst += [burst[0], earlier[0]]  # Twilio's retries: one in the same burst, one of an earlier text
    async with RasaProcessRoute(None) as route, aiohttp.ClientSession() as http:
        receiver = make_receiver(sms_db, route.url, http)
        commits = []
        sqlalchemy.event.listen(receiver._engine, "commit", lambda _connection: commits.append(1))
        assert await receiver.accept(earlier[0]) == "new"
        outcomes = await asyncio.gather(*[receiver.accept(t) for t in burst])
        assert outcomes == ["new"] * 18 + ["duplicate", "duplicate"]
        assert 1 < len(commits) <= 3  # the first text alone, then the rest together (at most two)

        # If recording together fails, each text is recorded on its own.
        together = receiver._record_together
        monkeypatch.setattr(receiver, "_record_together",
                            lambda batch: together(batch) if len(batch) == 1 else 1 / 0)
        again = texts(3)
        assert await asyncio.gather(*[receiver.accept(t) for t in again + [again[0]]]) == ["new"] * 3 + ["duplicate"]
        await receiver.stop()
    sent = earlier + burst + again
    rows = {r.message_sid: r for r in inbound_rows(sms_db).values() if r.message_sid in {t.message_sid for t in sent}}
    assert len(rows) == 22 and all(rows[t.message_sid].body == t.body for t in sent)
    assert sorted(i for i, _ in route.calls) == sorted(r.id for r in rows.values())  # each handed over once
    with transaction(sms_db.sessions) as session:  # answered, as far as other tests' sweeps go
        for row in rows.values():
            store.finish_inbound(session, row.id, "processed")


async def test_a_text_rasa_did_not_take_is_answered_by_the_sweep(sms_db, fake_twilio):
    import datetime as dt

    import aiohttp

    from bot.sms.webhook import InboundText
    from tests.support import free_port

    phone = new_parent()
    rasa = FakeRasa("Hello.")
    service = make_service(sms_db, fake_twilio, rasa)
    refused = InboundText("SM" + uuid.uuid4().hex, phone, SCHOOL_NUMBER, "hello", 0)
    unreachable = InboundText("SM" + uuid.uuid4().hex, phone, SCHOOL_NUMBER, "are you there", 0)
    try:
        async with RasaProcessRoute(service) as route, aiohttp.ClientSession() as http:
            wrong_token = make_receiver(sms_db, route.url, http, token="not-the-token")
            assert await wrong_token.accept(refused) == "new"
            await wrong_token.stop()
            rasa_down = make_receiver(sms_db, f"http://127.0.0.1:{free_port()}", http)
            assert await rasa_down.accept(unreachable) == "new"
            await rasa_down.stop()
        assert len(route.calls) == 1 and rasa.seen == []
        rows = {r.message_sid: r for r in inbound_rows(sms_db).values()}
        assert {rows[t.message_sid].status for t in (refused, unreachable)} == {"received"}
        assert await service.recover(dt.timedelta(0)) >= 2  # nothing lost
    finally:
        await service.stop()
    rows = {r.message_sid: r for r in inbound_rows(sms_db).values()}
    assert {rows[t.message_sid].status for t in (refused, unreachable)} == {"processed"}
    assert {"hello", "are you there"} <= set(rasa.seen) and len(fake_twilio.to(phone)) == 2


async def test_a_safety_text_that_cannot_be_sent_shows_on_the_case(sms_db, fake_twilio, monkeypatch):
    from bot import safety
    from bot.cases import open_case
    from bot.db.engine import transaction
    from bot.db.models import AuditEntry, SmsOutbound
    from bot.sms import sender

    monkeypatch.setattr(sender, "FIRST_BACKOFF", 0.01)
    phone = new_parent()
    _, _, conversation_id = seed_text(sms_db, phone, "hello", status="processed")
    with transaction(sms_db.sessions) as session:
        case_id = open_case(session, school_id="harbourside", conversation_id=conversation_id, channel="sms",
                            level="critical").id
    service = make_service(sms_db, fake_twilio, FakeRasa())
    try:
        fake_twilio.fail_next(sender.ATTEMPTS, 503)
        await service.send_messages(conversation_id, [{"text": safety.NINE_NINE_NINE}])
        fake_twilio.fail_next(1, 400)  # not worth retrying
        await service.send_messages(conversation_id, [{"text": "Thank you for telling me."}])
    finally:
        await service.stop()
    with sms_db.sessions() as session:
        rows = session.query(SmsOutbound).filter_by(conversation_id=conversation_id).order_by(SmsOutbound.id).all()
        audit = session.query(AuditEntry).filter_by(case_id=case_id, action="safety_sms_failed").all()
    assert [(r.status, r.attempts, r.safety, r.case_id) for r in rows] == [
        ("failed", sender.ATTEMPTS, True, case_id), ("failed", 1, False, case_id)]
    assert "503" in rows[0].error and len(audit) == 1
    assert not fake_twilio.to(phone)


@servers
def test_texts_left_unanswered_are_answered_when_rasa_starts(tmp_path, fake_twilio, fake_smtp):
    from bot.db.migrate import upgrade
    from bot.runtime import close_runtime, open_runtime
    from bot.schools import load_schools
    from tests.conftest import assert_stops_cleanly
    from tests.support import start_stack

    if not any((ROOT / "models").glob("*.tar.gz")):
        pytest.skip("no trained model in models/ (run `make train`)")
    url = f"sqlite:///{tmp_path / 'crashed.db'}"
    engine = make_engine(url)
    upgrade(engine, load_schools(ROOT / "schools"))
    engine.dispose()
    runtime_db = open_runtime(Settings.from_env(env={"DATABASE_URL": url}))
    phone = new_parent()
    try:
        row_id, _, sender = seed_text(runtime_db, phone, "hello")
    finally:
        close_runtime()
    env = {**fake_twilio.env(), "SMTP_URL": fake_smtp.url, "PUBLIC_URL": PUBLIC_URL, "SECRET_KEY": ""}
    running = start_stack(url, tmp_path, env)
    try:
        wait_for(lambda: query(running, "SELECT status FROM sms_inbound WHERE id = :i AND status = 'processed'",
                               i=row_id), timeout=90)
        assert any("How are things this week?" in m["body"] for m in fake_twilio.to(phone))
        assert tracker(running, sender)["slots"]["school_id"] == "harbourside"
    finally:
        assert_stops_cleanly(running)
