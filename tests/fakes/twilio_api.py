"""A small fake of Twilio's Messages REST API (2010-04-01) on 127.0.0.1, in its own thread.

Point the SDK at it with `client.api.base_url = fake.url` (TWILIO_API_URL). It records every
message, and can be told to fail the next requests or to hang on them.
"""
from __future__ import annotations

import asyncio
import base64
import threading
import uuid
from email.utils import format_datetime
from typing import Dict, List, Optional

import datetime as dt
from aiohttp import web

from bot.settings import Settings

ACCOUNT_SID = "AC" + "1" * 32
AUTH_TOKEN = "test-auth-token"
NUMBER = "+447700900000"


class FakeTwilio:
    def __init__(self, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN):
        self.account_sid, self.auth_token = account_sid, auth_token
        self.messages: List[dict] = []        # what Twilio accepted (and would deliver)
        self.posts = 0                        # message-create requests received
        self.hung = threading.Event()         # set when a request starts hanging
        self.delay = 0.0                      # seconds before answering a create
        self._plan: List[tuple] = []          # ("fail", status) or ("hang", record)
        self._lock = threading.Lock()
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._release: Optional[asyncio.Event] = None
        self._thread: Optional[threading.Thread] = None
        self.url = ""

    # -- control ---------------------------------------------------------------------------
    def fail_next(self, count: int, status: int) -> None:
        with self._lock:
            self._plan += [("fail", status)] * count

    def hang_next(self, record: bool) -> None:
        """The next create hangs until stop(); with record=True Twilio 'accepted' it first."""
        with self._lock:
            self._plan.append(("hang", record))

    def to(self, number: str) -> List[dict]:
        return [m for m in self.messages if m["to"] == number]

    def settings(self, **overrides) -> Settings:
        values = dict(twilio_account_sid=self.account_sid, twilio_auth_token=self.auth_token,
                      twilio_number=NUMBER, twilio_api_url=self.url)
        values.update(overrides)
        return Settings(**values)

    def env(self) -> Dict[str, str]:
        return {"TWILIO_ACCOUNT_SID": self.account_sid, "TWILIO_AUTH_TOKEN": self.auth_token,
                "TWILIO_NUMBER": NUMBER, "TWILIO_API_URL": self.url}

    # -- server ----------------------------------------------------------------------------
    def start(self) -> "FakeTwilio":
        ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake Twilio did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._release.set)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)

    def _serve(self, ready: threading.Event) -> None:
        loop = self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._release = asyncio.Event()
        app = web.Application()
        path = "/2010-04-01/Accounts/{sid}/Messages.json"
        app.router.add_post(path, self._create)
        app.router.add_get(path, self._list)
        runner = web.AppRunner(app)
        loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        loop.run_until_complete(site.start())
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        ready.set()
        loop.run_forever()
        loop.run_until_complete(runner.cleanup())
        loop.close()

    def _authorised(self, request: web.Request) -> bool:
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return (request.match_info["sid"] == self.account_sid
                and request.headers.get("Authorization") == f"Basic {expected}")

    async def _create(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return _error(401, 20003, "Authenticate")
        form = await request.post()
        with self._lock:
            self.posts += 1
            step = self._plan.pop(0) if self._plan else None
        if step and step[0] == "fail":
            return _error(step[1], 20429 if step[1] == 429 else 20500, f"Fake failure {step[1]}")
        if not str(form.get("To", "")).startswith("+") or not form.get("Body"):
            return _error(400, 21211, "The 'To' number is not a valid phone number.")
        if self.delay:
            await asyncio.sleep(self.delay)
        message = self._message(form)
        if step and step[0] == "hang":
            if step[1]:
                self.messages.append(message)
            self.hung.set()
            await self._release.wait()
            return _error(503, 20503, "Fake shutting down")
        self.messages.append(message)
        return web.json_response(message, status=201)

    async def _list(self, request: web.Request) -> web.Response:
        if not self._authorised(request):
            return _error(401, 20003, "Authenticate")
        to, sender = request.query.get("To"), request.query.get("From")
        size = int(request.query.get("PageSize", "50"))
        found = [m for m in reversed(self.messages)
                 if (not to or m["to"] == to) and (not sender or m["from"] == sender)][:size]
        uri = f"/2010-04-01/Accounts/{self.account_sid}/Messages.json?PageSize={size}&Page=0"
        return web.json_response({
            "messages": found, "end": max(len(found) - 1, 0), "first_page_uri": uri,
            "next_page_uri": None, "page": 0, "page_size": size, "previous_page_uri": None,
            "start": 0, "uri": uri,
        })

    def _message(self, form) -> dict:
        sid = "SM" + uuid.uuid4().hex
        now = format_datetime(dt.datetime.now(dt.timezone.utc), usegmt=True)
        return {
            "account_sid": self.account_sid, "api_version": "2010-04-01", "body": form["Body"],
            "date_created": now, "date_sent": None, "date_updated": now, "direction": "outbound-api",
            "error_code": None, "error_message": None, "from": form.get("From"),
            "messaging_service_sid": None, "num_media": "0", "num_segments": "1", "price": None,
            "price_unit": "USD", "sid": sid, "status": "queued", "to": form["To"],
            "status_callback": form.get("StatusCallback"),
            "subresource_uris": {"media": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}/Media.json"},
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
        }


def _error(status: int, code: int, message: str) -> web.Response:
    return web.json_response({"code": code, "message": message, "status": status,
                              "more_info": f"https://www.twilio.com/docs/errors/{code}"}, status=status)
