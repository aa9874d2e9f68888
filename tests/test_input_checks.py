import json

import pytest

from bot.channels.webchat import parse_webchat_body
from bot.settings import Settings
from bot.text import MAX_MESSAGE_CHARS, BadMessage, clean_parent_text, valid_conversation_id


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("/restart", "restart"),
        ("//greet{\"a\": 1}", "greet{\"a\": 1}"),
        ("  hello\x00 there ", "hello there"),
        ("\u202ehidden", "hidden"),
        ("ok \U0001F600", "ok \U0001F600"),
    ],
)
def test_clean_parent_text(raw, expected):
    assert clean_parent_text(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "/", "///  ", None, 5, ["hi"], {"text": "hi"}])
def test_empty_or_not_text_is_refused(raw):
    with pytest.raises(BadMessage):
        clean_parent_text(raw)


def test_too_long_is_413():
    with pytest.raises(BadMessage) as info:
        clean_parent_text("x" * (MAX_MESSAGE_CHARS + 1))
    assert info.value.status == 413


@pytest.mark.parametrize("sender", ["abcdef12", "a" * 128, "test-0f3a_b.c:d+e"])
def test_valid_conversation_ids(sender):
    assert valid_conversation_id(sender)


@pytest.mark.parametrize("sender", ["short", "a" * 129, "../etc/passwd", "has space ok", None, 123456789])
def test_invalid_conversation_ids(sender):
    assert not valid_conversation_id(sender)


def test_webchat_body_keeps_only_known_metadata():
    body = json.dumps({"sender": "abcdef123", "message": "hi", "metadata": {"school": "harbourside", "x": 1}})
    assert parse_webchat_body(body.encode()) == {
        "sender": "abcdef123", "text": "hi", "metadata": {"school": "harbourside"}}


@pytest.mark.parametrize("body", [b"\xff\xfe", b"{", b"[]", b'{"sender": "abcdef123", "message": "hi", "metadata": 3}'])
def test_webchat_body_errors(body):
    with pytest.raises(BadMessage):
        parse_webchat_body(body)


def test_settings_from_env_and_dotenv(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text("DATABASE_URL=sqlite:///from-dotenv.db\nTWILIO_NUMBER=+447700900001\nBOT_PORT=8100\n")
    settings = Settings.from_env(env={"BOT_PORT": "8200", "PUBLIC_URL": "https://x.example.org/"}, dotenv_path=dotenv)
    assert settings.database_url == "sqlite:///from-dotenv.db"
    assert settings.twilio_number == "+447700900001"
    assert settings.bot_port == 8200
    assert settings.public_url == "https://x.example.org"


def test_settings_refuse_a_bad_port(tmp_path):
    with pytest.raises(ValueError, match="RASA_PORT"):
        Settings.from_env(env={"RASA_PORT": "eighty"}, dotenv_path=tmp_path / "none")
