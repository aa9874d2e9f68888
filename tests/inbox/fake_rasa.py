"""A small fake of Rasa's conversation API on 127.0.0.1, in its own thread: trackers to read,
events posted by staff recorded. Checks the token like Rasa does."""
from __future__ import annotations

import asyncio
import threading
from typing import Dict, List, Optional

from aiohttp import web

TOKEN = "fake-rasa-token"


class FakeRasa:
    def __init__(self) -> None:
        self.events: Dict[str, List[dict]] = {}
        self.posted: List[tuple] = []
        self.fail_posts = False
        self.url = ""
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._runner: Optional[web.AppRunner] = None
        self._thread: Optional[threading.Thread] = None

    def add_user_message(self, conversation_id: str, text: str, at: float = 1764000000.0, risk: str = "none") -> None:
        self.events.setdefault(conversation_id, []).append(
            {"event": "user", "text": text, "timestamp": at, "parse_data": {"risk": {"level": risk}}})

    def posted_to(self, conversation_id: str) -> List[dict]:
        return [e for cid, events in self.posted if cid == conversation_id for e in events]

    async def _tracker(self, request: web.Request) -> web.Response:
        if request.query.get("token") != TOKEN:
            return web.json_response({"error": "token"}, status=401)
        return web.json_response({"events": self.events.get(request.match_info["cid"], [])})

    async def _post(self, request: web.Request) -> web.Response:
        if request.query.get("token") != TOKEN:
            return web.json_response({"error": "token"}, status=401)
        if self.fail_posts:
            return web.json_response({"error": "down"}, status=500)
        cid, events = request.match_info["cid"], await request.json()
        self.posted.append((cid, events))
        self.events.setdefault(cid, []).extend(e for e in events if e["event"] == "bot")
        return web.json_response({"events": []})

    def start(self) -> "FakeRasa":
        ready = threading.Event()

        def serve() -> None:
            self._loop = asyncio.new_event_loop()
            app = web.Application()
            app.router.add_get("/conversations/{cid}/tracker", self._tracker)
            app.router.add_post("/conversations/{cid}/tracker/events", self._post)
            self._runner = web.AppRunner(app)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            port = site._server.sockets[0].getsockname()[1]
            self.url = f"http://127.0.0.1:{port}"
            ready.set()
            self._loop.run_forever()
            self._loop.run_until_complete(self._runner.cleanup())
            self._loop.close()

        self._thread = threading.Thread(target=serve, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
