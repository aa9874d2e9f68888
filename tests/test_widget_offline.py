"""The service goes down while a parent is typing and comes back: the widget sends the message
it kept, once, and the answer arrives."""
import json

import pytest
from playwright.sync_api import expect

from tests.conftest import _require_model, assert_stops_cleanly
from tests.support import free_port, http, query, start_stack

pytestmark = [pytest.mark.browser, pytest.mark.servers]
KEY = "parent-support-chat:harbourside"


def test_a_message_typed_while_the_service_is_down_is_delivered_once_when_it_is_back(browser, tmp_path):
    _require_model()
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "BOT_PORT": free_port()}
    database = f"sqlite:///{tmp_path / 'parent_support.db'}"
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    stack = start_stack(database, tmp_path / "first", ports=ports)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{stack.bot_url}/")
        page.wait_for_selector("#parent-support-chat[data-ready=true]", state="attached")
        page.get_by_role("button", name="Chat with us").click()
        page.get_by_label("Your message").fill("hello")
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.locator(".msg.bot").nth(1)).to_be_visible(timeout=30_000)
        sender = json.loads(page.evaluate(f"() => sessionStorage.getItem('{KEY}')"))["sender"]

        assert_stops_cleanly(stack)
        page.get_by_label("Your message").fill("how do i apply for free school meals")
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.locator(".status")).to_contain_text("offline", timeout=15_000)
        expect(page.locator(".msg.parent.pending")).to_have_count(1)
        kept = json.loads(page.evaluate(f"() => sessionStorage.getItem('{KEY}:queue')"))
        assert [item["text"] for item in kept] == ["how do i apply for free school meals"]

        stack = start_stack(database, tmp_path / "second", ports=ports)
        answer = page.locator(".msg.bot", has_text="free school meals")
        expect(answer.first).to_be_visible(timeout=60_000)
        expect(page.locator(".msg.parent.pending")).to_have_count(0)
        assert page.locator(".msg.parent .text").all_inner_texts() == ["hello", "how do i apply for free school meals"]
        assert page.evaluate(f"() => sessionStorage.getItem('{KEY}:queue')") == "[]"

        status, tracker = http("GET", f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}")
        users = [e["text"] for e in json.loads(tracker)["events"] if e["event"] == "user"]
        assert users == ["hello", "how do i apply for free school meals"]
        rows = query(stack, "SELECT status FROM web_inbound WHERE conversation_id = :s ORDER BY id", s=sender)
        assert [r["status"] for r in rows] == ["answered", "answered"]
    finally:
        context.close()
        if stack.process.poll() is None:
            assert_stops_cleanly(stack)
