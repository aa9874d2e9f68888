"""Helpers for tests that start the real processes."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(method: str, url: str, body: Optional[bytes] = None, headers: Optional[Dict[str, str]] = None,
         timeout: float = 60) -> Tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def post_json(url: str, payload: object) -> Tuple[int, object]:
    status, body = http("POST", url, json.dumps(payload).encode(), {"Content-Type": "application/json"})
    return status, json.loads(body) if body else None


@dataclass
class Stack:
    """The three processes started as `make run` starts them."""

    process: subprocess.Popen
    bot_url: str
    rasa_url: str
    actions_url: str
    token: str
    database_url: str
    log_path: Path

    def say(self, sender: str, text: str) -> Tuple[int, dict]:
        return post_json(f"{self.bot_url}/chat/send", {"sender": sender, "token": self.web_token(sender), "message": text})

    def web_token(self, sender: str, school_id: str = "harbourside") -> str:
        """The web chat session token the bot service would have issued for this conversation."""
        from bot.settings import Settings
        from bot.web.widget_session import sign

        return sign(Settings.from_env().secret_key, sender, school_id)

    def texts(self, sender: str, text: str) -> list:
        status, body = self.say(sender, text)
        assert status == 200, body
        return [m.get("text", "") for m in body["messages"]]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.process.returncode


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex}"


def start_stack(database_url: str, log_dir: Path, extra_env: Optional[Dict[str, str]] = None,
                ports: Optional[Dict[str, int]] = None) -> Stack:
    """`ports` (RASA_PORT, ACTIONS_PORT, BOT_PORT) restarts a stack where it was; free ones otherwise."""
    ports = ports or {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "BOT_PORT": free_port()}
    token = uuid.uuid4().hex
    env = dict(os.environ)
    env.update({k: str(v) for k, v in ports.items()})
    env.update(DATABASE_URL=database_url, RASA_TOKEN=token, RASA_TELEMETRY_ENABLED="false")
    env.update(extra_env or {})
    log_path = log_dir / "stack.log"
    log = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    stack = Stack(
        process, f"http://127.0.0.1:{ports['BOT_PORT']}", f"http://127.0.0.1:{ports['RASA_PORT']}",
        f"http://127.0.0.1:{ports['ACTIONS_PORT']}", token, database_url, log_path,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the stack exited early:\n{log_path.read_text()[-4000:]}")
        try:
            status, _ = http("GET", f"{stack.bot_url}/healthz", timeout=5)
            if status == 200:
                return stack
        except OSError:
            pass
        time.sleep(1)
    stack.stop()
    raise RuntimeError(f"the stack did not become healthy:\n{log_path.read_text()[-4000:]}")


def query(stack: "Stack", sql: str, **params) -> list:
    """Rows from the stack's database, as mappings."""
    import sqlalchemy as sa

    from bot.db.engine import make_engine

    engine = make_engine(stack.database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text(sql), params).mappings().all()
    finally:
        engine.dispose()


def wait_for(predicate, timeout: float = 40, interval: float = 0.3):
    """The predicate's first truthy result, or AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError("timed out waiting")
