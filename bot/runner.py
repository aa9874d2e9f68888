"""`make run`: Rasa, the action server and the bot service together, one log, one Ctrl-C."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from bot.broker import broker_environment, endpoints_file
from bot.db.engine import make_engine
from bot.db.migrate import upgrade
from bot.schools import load_schools
from bot.settings import PROJECT_ROOT, Settings, rasa_token

STOP_GRACE_SECONDS = 15
READY_TIMEOUT_SECONDS = 240


RESTARTS_ALLOWED = 5        # a child that dies is started again, this many times a window;
RESTART_WINDOW_SECONDS = 300  # more often than that it is broken, and everything stops


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    restarts: List[float] = field(default_factory=list)

    def may_restart(self, now: float) -> bool:
        self.restarts = [t for t in self.restarts if now - t < RESTART_WINDOW_SECONDS] + [now]
        return len(self.restarts) <= RESTARTS_ALLOWED


def child_environment(settings: Settings, token: str) -> Dict[str, str]:
    env = dict(os.environ)
    env.update(
        RASA_TOKEN=token,
        DATABASE_URL=settings.database_url,
        RASA_URL=f"http://127.0.0.1:{settings.rasa_port}",
        ACTION_SERVER_URL=f"http://127.0.0.1:{settings.actions_port}",
        RASA_TELEMETRY_ENABLED="false",
        TF_CPP_MIN_LOG_LEVEL="2",
        PYTHONUNBUFFERED="1",
    )
    env.update(broker_environment(settings))
    return env


def commands(settings: Settings, token: str) -> Dict[str, List[str]]:
    python = sys.executable
    return {
        "rasa": [
            python, "-m", "rasa", "run", "--enable-api", "--auth-token", token,
            "--interface", settings.host, "--port", str(settings.rasa_port),
            "--endpoints", endpoints_file(settings), "--credentials", "credentials.yml", "--model", "models",
        ],
        "actions": [python, "-m", "bot", "actions"],
        "bot": [python, "-m", "bot", "serve"],
    }


def _pipe_logs(child: Child) -> None:
    assert child.process.stdout is not None
    for line in child.process.stdout:
        sys.stdout.write(line if line.startswith("{") else f"[{child.name:7}] {line}")  # JSON lines as they are
        sys.stdout.flush()


def _wait_until_healthy(url: str, children: List[Child]) -> bool:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if any(c.process.poll() is not None for c in children):
            return False
        try:
            with urllib.request.urlopen(url, timeout=3) as resp:
                if resp.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(1)
    return False


def stop_all(children: List[Child]) -> None:
    for child in children:
        if child.process.poll() is None:
            child.process.terminate()
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for child in children:
        try:
            child.process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.process.kill()
            child.process.wait()


def run_all(settings: Settings) -> int:
    token = rasa_token(settings)
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine, load_schools(settings.schools_dir))
    finally:
        engine.dispose()

    env = child_environment(settings, token)
    children: List[Child] = []
    stopping = threading.Event()

    def on_signal(_signum, _frame) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    argvs = commands(settings, token)
    for name, argv in argvs.items():
        children.append(_start(name, argv, env))

    health = f"http://127.0.0.1:{settings.bot_port}/healthz"
    ready = threading.Thread(target=_announce_when_ready, args=(settings, health, children, stopping), daemon=True)
    ready.start()

    exit_code = 0
    while not stopping.is_set():
        failed: Optional[Child] = next((c for c in children if c.process.poll() is not None), None)
        if failed and not stopping.is_set() and failed.may_restart(time.monotonic()):
            # The others carry on: Rasa answers for a missing action server, the bot service
            # keeps web chat messages until Rasa is back, and Rasa takes up unanswered texts.
            print(f"[run    ] {failed.name} stopped (exit {failed.process.returncode}); starting it again", flush=True)
            restarted = _start(failed.name, argvs[failed.name], env)
            failed.process = restarted.process
            continue
        if failed:
            print(f"[run    ] {failed.name} stopped (exit {failed.process.returncode}); stopping the rest", flush=True)
            exit_code = 1
            break
        stopping.wait(0.5)
    print("[run    ] stopping...", flush=True)
    stop_all(children)
    print("[run    ] stopped", flush=True)
    return exit_code


def _start(name: str, argv: List[str], env: Dict[str, str]) -> Child:
    process = subprocess.Popen(
        argv, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, errors="replace", start_new_session=True,
    )
    child = Child(name, process)
    threading.Thread(target=_pipe_logs, args=(child,), daemon=True).start()
    return child


def _announce_when_ready(settings: Settings, health: str, children: List[Child], stopping: threading.Event) -> None:
    if _wait_until_healthy(health, children) and not stopping.is_set():
        base = f"http://localhost:{settings.bot_port}"
        print(
            f"[run    ] ready. Demo school page: {base}/   Health: {base}/healthz   "
            f"Rasa: http://localhost:{settings.rasa_port}   Ctrl-C stops everything.",
            flush=True,
        )
