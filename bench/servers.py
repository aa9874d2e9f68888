"""Start, time, measure and stop the servers under test (all on 127.0.0.1)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import psutil

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BASELINE_DIR = OUT / "baseline"
LOGS = OUT / "logs"
READY_TIMEOUT_S = 240
TRAIN_TIMEOUT_S = 1800
# Nothing leaves the machine: no SMS, email, Redis or RabbitMQ even if .env sets them.
OFFLINE = {name: "" for name in (
    "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER", "TWILIO_API_URL",
    "SMTP_URL", "REDIS_URL", "AMQP_URL", "RASA_URL", "ACTION_SERVER_URL",
)}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_status(url: str, timeout: float = 3) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def base_env() -> Dict[str, str]:
    env = dict(os.environ, **OFFLINE)
    env.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", PYTHONUNBUFFERED="1")
    return env


@dataclass
class Server:
    """A started process (its own session), its log and the URLs to reach it."""

    name: str
    process: subprocess.Popen
    log_path: Path
    urls: Dict[str, str] = field(default_factory=dict)

    def wait_ready(self, url: str, timeout: float = READY_TIMEOUT_S) -> float:
        """Seconds from now until `url` answers 200; raises if the process dies or times out."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early (code {self.process.returncode}); see {self.log_path}")
            if http_status(url) == 200:
                return time.monotonic() - start
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f} s; see {self.log_path}")

    def stop(self) -> None:
        """SIGINT (the runner stops its children), then SIGKILL the whole group if it hangs."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        log(f"{self.name} stopped (exit {self.process.returncode})")


def _spawn(name: str, argv: List[str], cwd: Path, env: Dict[str, str]) -> Server:
    LOGS.mkdir(parents=True, exist_ok=True)
    log_path = LOGS / f"{name}.log"
    with open(log_path, "w") as log_file:
        process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    return Server(name, process, log_path)


def start_stack(database_dir: Path, extra_env: Optional[Dict[str, str]] = None) -> Server:
    """`python -m bot run` on free ports and a fresh SQLite file; `urls` gets rasa, bot, health.
    `extra_env` may point Twilio at a local fake (bench/sms.py)."""
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "BOT_PORT": free_port()}
    env = base_env()
    env.update({key: str(value) for key, value in ports.items()})
    env.update(HOST="127.0.0.1", DATABASE_URL=f"sqlite:///{database_dir / 'bench.db'}",
               RASA_TOKEN=uuid.uuid4().hex)
    env.update(extra_env or {})
    server = _spawn("stack", [sys.executable, "-m", "bot", "run"], ROOT, env)
    server.urls = {
        "rasa": f"http://127.0.0.1:{ports['RASA_PORT']}",
        "bot": f"http://127.0.0.1:{ports['BOT_PORT']}",
        "health": f"http://127.0.0.1:{ports['BOT_PORT']}/healthz",
    }
    return server


def newest_model(models_dir: Path) -> Optional[Path]:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    return models[-1] if models else None


def prepare_baseline() -> Path:
    """A trained `rasa init` assistant under bench/out/baseline, created once and re-used."""
    model = newest_model(BASELINE_DIR / "models")
    if model:
        return model
    BASELINE_DIR.mkdir(parents=True, exist_ok=True)
    rasa = [sys.executable, "-m", "rasa"]
    if (BASELINE_DIR / "domain.yml").exists():  # an earlier init stopped before its model was saved
        argv, cwd = rasa + ["train"], BASELINE_DIR
    else:
        argv, cwd = rasa + ["init", "--no-prompt", "--init-dir", str(BASELINE_DIR)], ROOT
    log(f"training the baseline assistant once ({' '.join(argv[2:])}); this takes a few minutes")
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / "baseline-train.log", "w") as log_file:
        subprocess.run(argv, cwd=cwd, env=base_env(), stdout=log_file, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, check=True, timeout=TRAIN_TIMEOUT_S)
    model = newest_model(BASELINE_DIR / "models")
    if not model:
        raise RuntimeError(f"no baseline model after training; see {LOGS / 'baseline-train.log'}")
    return model


def start_baseline(model: Path) -> Server:
    port = free_port()
    argv = [sys.executable, "-m", "rasa", "run", "--enable-api", "-i", "127.0.0.1", "-p", str(port),
            "--credentials", "credentials.yml", "--model", str(model)]
    server = _spawn("baseline", argv, BASELINE_DIR, base_env())
    server.urls = {"rasa": f"http://127.0.0.1:{port}", "health": f"http://127.0.0.1:{port}/status"}
    return server


def _tree_rss(process: psutil.Process) -> int:
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def _role(cmdline: List[str]) -> Optional[str]:
    joined = " ".join(cmdline)
    if "-m rasa run" in joined or "/rasa run" in joined:
        return "rasa"
    if "-m bot actions" in joined:
        return "actions"
    if "-m bot serve" in joined:
        return "bot"
    return None


def stack_rss_mb(stack: Server) -> Dict[str, float]:
    """RSS in MB of the runner's children (each with its own descendants), by role."""
    runner = psutil.Process(stack.process.pid)
    found: Dict[str, float] = {}
    for child in runner.children():
        role = _role(child.cmdline())
        if role:
            found[role] = round(_tree_rss(child) / 2**20, 1)
    missing = {"rasa", "actions", "bot"} - found.keys()
    if missing:
        raise RuntimeError(f"runner children not found: {sorted(missing)}")
    found["runner_itself"] = round(runner.memory_info().rss / 2**20, 1)
    return found


def process_rss_mb(server: Server) -> float:
    return round(_tree_rss(psutil.Process(server.process.pid)) / 2**20, 1)
