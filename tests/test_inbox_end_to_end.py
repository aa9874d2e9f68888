"""The inbox in real Chromium against the real stack: sign in, a new critical case appears live,
open it, reply (it reaches the parent's web chat), hand back (the assistant answers again), and
the audit log shows each step."""
import os
import subprocess
import sys

import pytest

from tests.support import ROOT, new_sender, post_json, query, wait_for

pytestmark = [pytest.mark.servers, pytest.mark.browser]
PASSWORD = "end to end test password"
CRITICAL = "ive taken all my tablets and i want to die"


def add_user(stack, username, name, role):
    env = {**os.environ, "DATABASE_URL": stack.database_url}
    result = subprocess.run([sys.executable, "-m", "bot", "users", "add", username, "--name", name, "--role", role,
                             "--school", "harbourside", "--password-stdin"], cwd=ROOT, env=env, input=PASSWORD + "\n",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def sign_in(browser, stack, username):
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    page.goto(f"{stack.bot_url}/inbox/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    return page


def latest_web_message(stack, sender, wanted):
    """The newest message of the parent's web chat log that `wanted` accepts, once it arrives."""
    def find():
        status, body = post_json(f"{stack.bot_url}/chat/poll", {"sender": sender, "token": stack.web_token(sender)})
        assert status == 200
        return next((m for m in reversed(body["messages"]) if wanted(m)), None)
    return wait_for(find)


def test_the_hwbl_handles_a_critical_case_in_the_browser(stack, browser):
    add_user(stack, "e2e-dee", "Dee Harper", "hwbl")
    add_user(stack, "e2e-admin", "Ada Admin", "admin")
    errors = []

    # Signed in on a 360 px phone, the queue open and listening.
    inbox = sign_in(browser, stack, "e2e-dee")
    inbox.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    inbox.wait_for_selector("h1:has-text('Open cases: Harbourside Primary School')")
    cookie = next(c for c in inbox.context.cookies() if c["name"] == "inbox_session")
    assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict"  # PUBLIC_URL is https
    assert inbox.is_hidden("#new-critical")
    inbox.wait_for_function("document.getElementById('live-status').textContent === 'Updates live.'")

    # A parent writes something critical: the case appears without a reload, with the cue.
    sender = new_sender()
    stack.texts(sender, "hi")
    stack.texts(sender, CRITICAL)
    case_id = wait_for(lambda: query(stack, "SELECT id FROM cases WHERE conversation_id = :s", s=sender))[0]["id"]
    row = inbox.wait_for_selector(f"tr[data-case='{case_id}'].fresh", timeout=15000)
    assert "critical" in row.inner_text().lower()
    assert inbox.is_visible("#new-critical") and inbox.title().startswith("(!) New critical case")

    # Open it: the conversation, escaped, and the page fits the phone's width.
    inbox.click(f"tr[data-case='{case_id}'] a")
    inbox.wait_for_selector(f"h1:has-text('Case #{case_id}')")
    assert CRITICAL in inbox.inner_text(".transcript")
    assert inbox.evaluate("document.documentElement.scrollWidth") <= 360

    # Reply: it reaches the parent's web chat.
    inbox.fill("textarea[name=text] >> nth=0", "Hi, it's Dee from school. I'm here. Are you safe right now?")
    inbox.click("button:has-text('Send reply')")
    inbox.wait_for_selector("text=Your reply was sent to the parent.")
    reply = latest_web_message(stack, sender, lambda m: m["text"].startswith("Hi, it's Dee from school"))
    assert reply["staff_name"] == "Dee Harper"
    assert "Hi, it's Dee from school" in inbox.inner_text(".transcript")

    # Hand back: the assistant tells the parent, then answers their next message again.
    inbox.click("button:has-text('Hand back to the assistant')")
    inbox.wait_for_selector("text=Handed back")
    latest_web_message(stack, sender, lambda m: "passed you back to me" in m["text"])
    assert any("How are things this week?" in r for r in stack.texts(sender, "hello"))

    # Resolve with an outcome; it leaves the queue.
    inbox.select_option("select[name=outcome]", "signposted")
    inbox.click("button:has-text('Resolve')")
    inbox.wait_for_selector("text=Resolved.")
    assert query(stack, "SELECT status, outcome FROM cases WHERE id = :c", c=case_id)[0]["outcome"] == "signposted"

    # The audit log, for the admin, shows every step by whom.
    audit = sign_in(browser, stack, "e2e-admin")
    audit.goto(f"{stack.bot_url}/inbox/audit")
    rows = [r.split("\t") for r in audit.inner_text("table.audit tbody").splitlines()]
    steps = [(who, what) for _when, who, what, case, *_ in rows if case == f"#{case_id}"][::-1]
    assert steps[0] == ("assistant", "case_opened")
    for step in ("view", "take", "reply", "handback", "resolve"):
        assert ("Dee Harper", step) in steps, step
    order = [what for _who, what in steps]
    assert order.index("take") < order.index("reply") < order.index("handback") < order.index("resolve")
    assert any(who == "Dee Harper" and what == "sign_in" for _when, who, what, *_ in rows)
    assert not errors, errors
