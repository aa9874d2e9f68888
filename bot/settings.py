"""Settings from environment variables, with an optional `.env` file beneath them."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional

from dotenv import dotenv_values

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "sqlite:///var/parent_support.db"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: Optional[str] = None
    amqp_url: Optional[str] = None
    twilio_account_sid: Optional[str] = None
    twilio_auth_token: Optional[str] = None
    twilio_number: Optional[str] = None
    twilio_api_url: Optional[str] = None
    public_url: str = "http://localhost:8000"
    smtp_url: Optional[str] = None
    rasa_token: Optional[str] = None
    secret_key: Optional[str] = None
    rasa_url: str = "http://127.0.0.1:5005"
    action_server_url: str = "http://127.0.0.1:5055"
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    actions_port: int = 5055
    bot_port: int = 8000
    schools_dir: Path = field(default=PROJECT_ROOT / "schools")
    metrics_token: Optional[str] = None
    amqp_queue: str = "parent_support_events"
    trusted_proxy: bool = False
    chat_sessions_per_hour: int = 30
    checkin_requests_per_hour: int = 5

    @classmethod
    def from_env(
        cls, env: Optional[Mapping[str, str]] = None, dotenv_path: Optional[Path] = None
    ) -> "Settings":
        """Read settings: real environment first, then `.env`, then defaults."""
        merged: dict = {}
        path = dotenv_path or PROJECT_ROOT / ".env"
        if path.is_file():
            merged.update({k: v for k, v in dotenv_values(path).items() if v is not None})
        merged.update(os.environ if env is None else env)

        def text(name: str, default: Optional[str] = None) -> Optional[str]:
            value = merged.get(name, "").strip()
            return value or default

        def port(name: str, default: int) -> int:
            raw = text(name)
            if raw is None:
                return default
            if not raw.isdigit() or not 0 < int(raw) < 65536:
                raise ValueError(f"{name} must be a port number, not {raw!r}")
            return int(raw)

        def count(name: str, default: int) -> int:
            raw = text(name)
            if raw is None:
                return default
            if not raw.isdigit() or int(raw) < 1:
                raise ValueError(f"{name} must be a whole number of 1 or more, not {raw!r}")
            return int(raw)

        return cls(
            database_url=text("DATABASE_URL", DEFAULT_DATABASE_URL),
            redis_url=text("REDIS_URL"),
            amqp_url=text("AMQP_URL"),
            twilio_account_sid=text("TWILIO_ACCOUNT_SID"),
            twilio_auth_token=text("TWILIO_AUTH_TOKEN"),
            twilio_number=text("TWILIO_NUMBER"),
            twilio_api_url=text("TWILIO_API_URL"),
            public_url=text("PUBLIC_URL", "http://localhost:8000").rstrip("/"),
            smtp_url=text("SMTP_URL"),
            rasa_token=text("RASA_TOKEN"),
            secret_key=text("SECRET_KEY"),
            rasa_url=text("RASA_URL", "http://127.0.0.1:5005").rstrip("/"),
            action_server_url=text("ACTION_SERVER_URL", "http://127.0.0.1:5055").rstrip("/"),
            host=text("HOST", "127.0.0.1"),
            rasa_port=port("RASA_PORT", 5005),
            actions_port=port("ACTIONS_PORT", 5055),
            bot_port=port("BOT_PORT", 8000),
            schools_dir=Path(text("SCHOOLS_DIR", str(PROJECT_ROOT / "schools"))),
            metrics_token=text("METRICS_TOKEN"),
            amqp_queue=text("AMQP_QUEUE", "parent_support_events"),
            trusted_proxy=text("TRUSTED_PROXY", "0") in ("1", "true", "yes"),
            chat_sessions_per_hour=count("CHAT_SESSIONS_PER_HOUR", 30),
            checkin_requests_per_hour=count("CHECKIN_REQUESTS_PER_HOUR", 5),
        )


LOCAL_TOKEN_FILE = PROJECT_ROOT / "var" / "rasa_token"


def rasa_token(settings: Settings) -> str:
    """RASA_TOKEN, or for the embedded default a random one kept in var/ (readable by its owner only)."""
    if settings.rasa_token:
        return settings.rasa_token
    if LOCAL_TOKEN_FILE.is_file():
        return LOCAL_TOKEN_FILE.read_text().strip()
    import secrets

    LOCAL_TOKEN_FILE.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    LOCAL_TOKEN_FILE.touch(mode=0o600)
    LOCAL_TOKEN_FILE.write_text(token)
    return token
