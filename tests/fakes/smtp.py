"""A local SMTP server (aiosmtpd) that keeps what it receives."""
from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default
from typing import List

from aiosmtpd.controller import Controller

from tests.support import free_port


class FakeSmtp:
    def __init__(self):
        self.messages: List[EmailMessage] = []
        self.recipients: List[List[str]] = []
        self.reply_next: List[str] = []  # e.g. "451 4.3.0 try later", "550 5.1.1 no such user"
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.controller.port}"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.reply_next:
            return self.reply_next.pop(0)
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def start(self) -> "FakeSmtp":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
