"""The chat widget in real Chromium against the real stack, as a parent would use it."""
import json
import re

import pytest
from playwright.sync_api import expect

from tests.support import ROOT, http, post_json, query

pytestmark = [pytest.mark.browser, pytest.mark.servers]
KEY = "parent-support-chat:harbourside"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
EXIT_URL = "https://www.bbc.co.uk/weather"

IN_SHADOW = """(path) => {
  const host = document.getElementById('parent-support-chat');
  const active = host && document.activeElement === host ? host.shadowRoot.activeElement : null;
  if (!active) return null;
  return {id: active.id, text: active.textContent.trim(), inPanel: !!active.closest('#ps-panel'),
          outline: getComputedStyle(active).outlineStyle};
}"""


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def open_page(page, stack):
    page.goto(f"{stack.bot_url}/")
    page.wait_for_selector("#parent-support-chat[data-ready=true]", state="attached")


def open_widget(page, stack):
    open_page(page, stack)
    page.get_by_role("button", name="Chat with us").click()
    expect(page.get_by_role("dialog")).to_be_visible()


def send(page, text):
    page.get_by_label("Your message").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()


def wait_for_bot_messages(page, count):
    """The assistant's messages once there are at least `count` of them."""
    expect(page.locator(".msg.bot").nth(count - 1)).to_be_visible(timeout=30_000)
    page.wait_for_timeout(300)  # the rest of the same turn
    return page.locator(".msg.bot .text").all_inner_texts()


def stored_session(page, storage="sessionStorage"):
    raw = page.evaluate(f"() => {storage}.getItem('{KEY}')")
    return json.loads(raw) if raw else None


def staff_reply(stack, sender, text, staff="Dee Harper"):
    url = (f"{stack.rasa_url}/conversations/{sender}/tracker/events?token={stack.token}"
           "&output_channel=latest&execute_side_effects=true")
    status, _ = post_json(url, [{"event": "bot", "text": text, "metadata": {"staff_name": staff}}])
    assert status == 200


def user_texts(stack, sender):
    status, body = http("GET", f"{stack.rasa_url}/conversations/{sender}/tracker?token={stack.token}")
    return [e["text"] for e in json.loads(body)["events"] if e["event"] == "user"]


def test_open_send_and_get_the_reply_with_real_buttons(stack, context):
    page = context.new_page()
    open_widget(page, stack)
    send(page, "hello")
    replies = wait_for_bot_messages(page, 2)
    assert any("automated" in r for r in replies)
    choices = page.locator(".choices button")
    expect(choices).to_have_count(3)
    assert choices.all_inner_texts() == ["Good", "Up and down", "Struggling"]
    choices.first.click()
    wait_for_bot_messages(page, 3)
    assert page.locator(".msg.parent .text").all_inner_texts() == ["hello", "Good"]
    expect(page.locator(".choices button").first).to_be_disabled()
    expect(page.locator(".typing")).to_be_hidden()
    sender = stored_session(page)["sender"]
    assert re.fullmatch(r"web-[0-9a-f]{32}", sender)
    assert user_texts(stack, sender) == ["hello", "Good"]
    assert context.cookies() == []


def test_reload_keeps_the_conversation(stack, context):
    page = context.new_page()
    open_widget(page, stack)
    send(page, "hello")
    before = wait_for_bot_messages(page, 2)
    page.reload()
    open_page(page, stack)
    page.get_by_role("button", name="Chat with us").click()
    assert wait_for_bot_messages(page, 2) == before
    assert page.locator(".msg.parent .text").all_inner_texts() == ["hello"]


def test_a_second_browser_cannot_read_the_first_ones_conversation(stack, browser, context):
    first = context.new_page()
    open_widget(first, stack)
    send(first, "my secret worry about money")
    wait_for_bot_messages(first, 1)
    session = stored_session(first)

    other = browser.new_context()
    try:
        second = other.new_page()
        open_widget(second, stack)
        assert stored_session(second) is None
        expect(second.locator(".msg")).to_have_count(0)
        send(second, "hello")
        wait_for_bot_messages(second, 2)
        own = stored_session(second)
        assert own["sender"] != session["sender"]
        assert "my secret worry" not in second.locator(".log").inner_text()
        # Replaying the first conversation's id with no token, a made-up one or its own is refused.
        for token in (None, "x" * 43, own["token"]):
            result = second.evaluate("""async ([sender, token]) => {
                const r = await fetch('/chat/poll', {method: 'POST', headers: {'Content-Type': 'application/json'},
                    body: JSON.stringify({sender, token, after: 0})});
                return [r.status, await r.text()];
            }""", [session["sender"], token])
            assert result[0] == 403 and "secret worry" not in result[1]
    finally:
        other.close()


def test_quick_exit_clears_everything_and_back_does_not_return(stack, context):
    context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(
        status=200, content_type="text/html", body="<title>Weather</title><p>Sunny spells</p>"))
    page = context.new_page()
    page.goto(f"{stack.bot_url}/healthz")
    open_widget(page, stack)
    page.get_by_label("Remember me on this device").check()
    send(page, "hello")
    wait_for_bot_messages(page, 2)
    assert stored_session(page, "localStorage") and stored_session(page) is None

    page.get_by_label("Your message").press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(EXIT_URL)
    assert "Sunny spells" in page.content()

    page.go_back()
    assert page.url == f"{stack.bot_url}/healthz"  # the school page was replaced in the history
    assert page.evaluate("() => [sessionStorage.length, localStorage.getItem('%s')]" % KEY) == [0, None]
    open_widget(page, stack)
    expect(page.locator(".msg")).to_have_count(0)


def test_leave_this_site_button_is_always_visible_and_leaves(stack, context):
    context.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(status=200, body="weather"))
    page = context.new_page()
    open_page(page, stack)
    expect(page.get_by_role("button", name="Leave this site")).to_be_visible()
    page.get_by_role("button", name="Chat with us").click()
    expect(page.get_by_role("button", name="Leave this site")).to_be_visible()
    send(page, "hello")
    wait_for_bot_messages(page, 2)
    page.get_by_role("button", name="Leave this site").click()
    page.wait_for_url(EXIT_URL)
    page.goto(f"{stack.bot_url}/")
    assert page.evaluate("() => sessionStorage.length") == 0


def test_a_staff_reply_sent_through_rasa_appears_with_her_name(stack, context):
    page = context.new_page()
    open_widget(page, stack)
    send(page, "hello")
    wait_for_bot_messages(page, 2)
    staff_reply(stack, stored_session(page)["sender"], "Hi, it's Dee. I can call you at 3pm if that helps.")
    staff = page.locator(".msg.staff")
    expect(staff).to_have_count(1, timeout=15_000)
    assert staff.locator(".who").inner_text() == "Dee Harper, school staff"
    assert staff.locator(".text").inner_text() == "Hi, it's Dee. I can call you at 3pm if that helps."


def test_keyboard_only_flow(stack, context):
    page = context.new_page()
    open_page(page, stack)
    for _ in range(6):
        page.keyboard.press("Tab")
        focused = page.evaluate(IN_SHADOW)
        if focused and focused["text"].startswith("Chat with us"):
            break
    else:
        pytest.fail("the launcher cannot be reached with Tab")
    assert focused["outline"] != "none"  # visible focus
    page.keyboard.press("Enter")
    assert page.evaluate(IN_SHADOW)["id"] == "ps-input"
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    wait_for_bot_messages(page, 2)

    seen = set()
    for _ in range(14):  # focus stays in the open panel
        page.keyboard.press("Tab")
        focused = page.evaluate(IN_SHADOW)
        assert focused and focused["inPanel"], focused
        seen.add(focused["text"] or focused["id"])
    assert {"Send", "Close", "Leave this site", "Good"} <= seen
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(IN_SHADOW)["inPanel"]

    page.keyboard.press("Escape")  # closes, and focus returns to the launcher
    expect(page.get_by_role("dialog")).to_be_hidden()
    assert page.evaluate(IN_SHADOW)["text"].startswith("Chat with us")
    page.wait_for_timeout(1600)  # a later Escape is a new first press, not a quick exit
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_be_visible()
    assert page.url == f"{stack.bot_url}/"


def test_axe_finds_no_serious_or_critical_problems_in_the_open_panel(stack, browser):
    assert AXE.is_file(), "run `npm ci` (make test does) to install axe-core"
    context = browser.new_context(bypass_csp=True)  # axe is injected as inline script
    try:
        page = context.new_page()
        open_widget(page, stack)
        send(page, "hello")
        wait_for_bot_messages(page, 2)
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == []
        assert results["passes"]  # axe really ran over the page (and into the shadow root)
    finally:
        context.close()


def test_html_and_script_in_text_are_shown_literally(stack, context):
    page = context.new_page()
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    open_widget(page, stack)
    hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    send(page, hostile)
    wait_for_bot_messages(page, 1)
    assert page.locator(".msg.parent .text").first.inner_text() == hostile
    staff_text = '<b>bold</b> <a href="javascript:alert(1)">click</a> see https://www.example.org/help.'
    staff_reply(stack, stored_session(page)["sender"], staff_text)
    expect(page.locator(".msg.staff")).to_have_count(1, timeout=15_000)
    assert page.locator(".msg.staff .text").inner_text() == staff_text
    links = page.locator(".msg.staff a")
    expect(links).to_have_count(1)
    assert links.get_attribute("href") == "https://www.example.org/help"
    assert links.get_attribute("target") == "_blank" and "noopener" in links.get_attribute("rel")
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("#parent-support-chat img, #parent-support-chat script, #parent-support-chat b").count() == 0


def test_a_send_whose_answer_is_lost_is_retried_and_processed_once(stack, context):
    page = context.new_page()
    open_widget(page, stack)
    lost = {"count": 0}

    def lose_first_answer(route):
        if lost["count"] == 0:
            lost["count"] += 1
            route.fetch()          # the server gets it and answers...
            route.abort("failed")  # ...but the answer never reaches the browser
        else:
            route.continue_()

    page.route("**/chat/send", lose_first_answer)
    send(page, "hello")
    wait_for_bot_messages(page, 2)
    sender = stored_session(page)["sender"]
    assert lost["count"] == 1
    assert user_texts(stack, sender) == ["hello"]
    rows = query(stack, "SELECT status FROM web_inbound WHERE conversation_id = :s", s=sender)
    assert [r["status"] for r in rows] == ["answered"]
    assert page.locator(".msg.parent").count() == 1


@pytest.mark.parametrize("width, height", [(320, 640), (640, 360)])  # a small phone; 1280x720 at 200% zoom
def test_usable_at_320_px_and_200_percent_zoom(stack, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, reduced_motion="reduce")
    try:
        page = context.new_page()
        open_widget(page, stack)
        send(page, "hello")
        wait_for_bot_messages(page, 2)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        for name in ("Send", "Close the chat", "Leave this site"):
            box = page.get_by_role("button", name=name, exact=True).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] + box["height"] <= height
        animation = page.evaluate("""() => getComputedStyle(document.getElementById('parent-support-chat')
            .shadowRoot.querySelector('.typing'), '::after').animationName""")
        assert animation == "none"  # prefers-reduced-motion
    finally:
        context.close()


def test_embedded_on_the_school_site_it_works_across_origins_and_nowhere_else(stack, browser):
    # The school's site is a public origin routed inside the browser; the service listens on
    # loopback, which Chromium's Local Network Access guards unless allowed (in production both
    # are public). CORS is what is under test.
    context = browser.new_context(permissions=["local-network-access"])
    try:
        def school_site(host):
            page_html = (f"<!doctype html><html lang='en'><title>School</title><body><h1>{host}</h1>"
                         f"<script src='{stack.bot_url}/widget.js' data-school='harbourside' defer></script></body></html>")
            return lambda route: route.fulfill(status=200, content_type="text/html", body=page_html)

        context.route("https://www.harbourside.example.org/", school_site("school"))
        context.route("https://evil.example.org/", school_site("evil"))
        page = context.new_page()
        page.goto("https://www.harbourside.example.org/")
        page.wait_for_selector("#parent-support-chat[data-ready=true]", state="attached")
        page.get_by_role("button", name="Chat with us").click()
        send(page, "hello")
        wait_for_bot_messages(page, 2)
        assert stored_session(page)["sender"].startswith("web-")

        other = context.new_page()
        other.goto("https://evil.example.org/")
        other.wait_for_selector("#parent-support-chat[data-ready=true]", state="attached")
        result = other.evaluate("""async (base) => {
            try {
                const r = await fetch(base + '/chat/session', {method: 'POST', headers: {'Content-Type': 'application/json'},
                                      body: JSON.stringify({school: 'harbourside'})});
                return 'read ' + r.status;
            } catch (e) { return 'blocked'; }
        }""", stack.bot_url)
        assert result == "blocked"
    finally:
        context.close()


def test_out_of_hours_notice_and_24_7_lines_match_the_school_config(stack, context):
    config = json.loads(http("GET", f"{stack.bot_url}/chat/config/harbourside")[1])
    page = context.new_page()
    open_widget(page, stack)
    lines = page.locator(".lines li").all_text_contents()
    assert lines[0].startswith("Emergency: 999") and any("Samaritans: 116 123" in line for line in lines)
    if config["out_of_hours"]:
        expect(page.locator(".hours")).to_have_text(config["out_of_hours"])
        expect(page.locator(".lines li").first).to_be_visible()
    else:
        expect(page.locator(".hours")).to_be_hidden()
    assert "Mrs Harper" in page.locator(".intro").inner_text()


def test_the_school_pages_css_cannot_restyle_the_widget(stack, browser):
    context = browser.new_context(bypass_csp=True)  # to add the "school's" stylesheet inline
    try:
        page = context.new_page()
        open_page(page, stack)
        page.add_style_tag(content="button { background: red !important; font-size: 40px !important; } "
                                   "div, p, textarea { display: none !important; } body > * { transform: scale(0.2); }")
        launcher = page.get_by_role("button", name="Chat with us")
        colour = launcher.evaluate("b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).fontSize]")
        assert colour == ["rgb(29, 92, 99)", "16px"]  # the school's colour from its config, our size
        box = launcher.bounding_box()
        assert box["width"] > 100 and box["y"] > 600  # full size, at the bottom of a 720 px window
        launcher.click()
        expect(page.get_by_label("Your message")).to_be_visible()
    finally:
        context.close()
