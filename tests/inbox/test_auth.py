"""Signing in and out: sessions, cookies, CSRF on the login form, the throttle, one-time codes."""
import time

import pyotp

from bot.db.models import utcnow
from tests.inbox.conftest import PASSWORD, csrf_of


def test_login_sets_a_strict_httponly_session_cookie_and_opens_the_queue(service):
    client = service.client()
    form = client.get("/inbox/login")
    assert form.status_code == 200 and 'name="password"' in form.text
    response = client.post("/inbox/login", data={"csrf": csrf_of(form.text), "username": "dee", "password": PASSWORD})
    assert response.status_code == 303 and response.headers["location"] == "/inbox"
    cookie = [c for c in response.headers.get_list("set-cookie") if c.startswith("inbox_session=")][0]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/inbox" in cookie
    assert "Secure" not in cookie  # PUBLIC_URL is plain http here
    queue = client.get("/inbox")
    assert queue.status_code == 200 and "Open cases" in queue.text and "Dee Harper" in queue.text


def test_the_cookie_holds_a_token_whose_hash_alone_is_stored(service):
    client = service.login("dee")
    token = client.cookies.get("inbox_session")
    stored = [r["token_hash"] for r in service.query("SELECT token_hash FROM staff_sessions")]
    assert token not in stored and len(stored[0]) == 64


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(service):
    client = service.client()
    form = client.get("/inbox/login")
    response = client.post("/inbox/login", data={"csrf": csrf_of(form.text), "username": "ravi", "password": "nope"})
    assert response.status_code == 401 and "not right" in response.text
    assert "inbox_session" not in client.cookies


def test_login_without_the_form_token_is_refused(service):
    client = service.client()
    client.get("/inbox/login")
    response = client.post("/inbox/login", data={"csrf": "forged", "username": "dee", "password": PASSWORD})
    assert response.status_code == 403 and "inbox_session" not in client.cookies


def attempt(service, username, password, address, code=""):
    client = service.client()
    form = client.get("/inbox/login")
    return client.post("/inbox/login", headers={"X-Forwarded-For": f"{address}, 10.0.0.1"},
                       data={"csrf": csrf_of(form.text), "username": username, "password": password, "code": code})


def test_one_address_guessing_is_blocked_for_every_username_but_not_the_colleague_it_guessed_at(service):
    guesser = "198.51.100.7"
    try:
        for _ in range(10):
            assert attempt(service, "sam", "wrong password", guesser).status_code == 401
        blocked = attempt(service, "dee", PASSWORD, guesser)  # even the right password of another account
        assert blocked.status_code == 429 and "wait 15 minutes" in blocked.text
        assert attempt(service, "sam", PASSWORD, "198.51.100.8").status_code == 303  # sam, elsewhere, gets in
    finally:
        service.execute("DELETE FROM login_failures")
        service.execute("DELETE FROM rate_counts")


def test_a_username_is_blocked_only_after_many_failures_from_anywhere(service):
    try:
        for i in range(49):
            service.execute("INSERT INTO login_failures (username, at) VALUES ('sam', :at)", at=utcnow())
        assert attempt(service, "sam", "wrong password", "198.51.100.20").status_code == 401  # the 50th
        assert attempt(service, "sam", PASSWORD, "198.51.100.21").status_code == 429
    finally:
        service.execute("DELETE FROM login_failures")
        service.execute("DELETE FROM rate_counts")


def test_logout_ends_the_session_on_the_server(service):
    client = service.login("ravi")
    token = client.cookies.get("inbox_session")
    page = client.get("/inbox")
    assert client.post("/inbox/logout", data={"csrf": csrf_of(page.text)}).status_code == 303
    stale = service.client()
    stale.cookies.set("inbox_session", token, path="/inbox")
    assert stale.get("/inbox").status_code == 303


def test_an_expired_session_sends_you_to_sign_in(service):
    client = service.login("dee")
    service.execute("UPDATE staff_sessions SET last_seen_at = '2000-01-01 00:00:00'")
    response = client.get("/inbox")
    assert response.status_code == 303 and response.headers["location"] == "/inbox/login?next=/inbox"


def test_totp_once_turned_on_is_needed_to_sign_in(service):
    from bot.inbox.accounts import create_user
    from bot.db.engine import transaction

    engine, factory = service.sessions()
    with transaction(factory) as session:
        create_user(session, school_id="harbourside", username="tess", display_name="Tess Totp", role="hwbl",
                    password=PASSWORD)
    engine.dispose()
    client = service.login("tess")
    account = client.get("/inbox/account")
    secret = account.text.split('name="secret" value="')[1].split('"')[0]
    assert client.post("/inbox/account/totp", data={"csrf": csrf_of(account.text), "secret": secret,
                                                     "code": "000000"}).status_code == 400
    totp, enabled_at = pyotp.TOTP(secret), time.time()
    done = client.post("/inbox/account/totp", data={"csrf": csrf_of(account.text), "secret": secret,
                                                     "code": totp.at(enabled_at)})
    assert done.status_code == 200
    fresh = service.client()
    form = fresh.get("/inbox/login")
    assert fresh.post("/inbox/login", data={"csrf": csrf_of(form.text), "username": "tess",
                                            "password": PASSWORD}).status_code == 401
    # A code accepted once (here to turn codes on) never works again; the next one does, once.
    assert attempt(service, "tess", PASSWORD, "198.51.100.30", code=totp.at(enabled_at)).status_code == 401
    service.login("tess", code=totp.at(enabled_at + 30))
    assert attempt(service, "tess", PASSWORD, "198.51.100.31", code=totp.at(enabled_at + 30)).status_code == 401


def test_an_alert_link_leads_to_the_case_after_signing_in_but_never_off_site(service):
    client = service.client()
    link = client.get("/inbox/cases/12")
    assert link.headers["location"] == "/inbox/login?next=/inbox/cases/12"
    form = client.get(link.headers["location"])
    assert 'name="next" value="/inbox/cases/12"' in form.text
    signed_in = client.post("/inbox/login", data={"csrf": csrf_of(form.text), "username": "dee", "password": PASSWORD,
                                                  "next": "/inbox/cases/12"})
    assert signed_in.headers["location"] == "/inbox/cases/12"
    for hostile in ("https://evil.example.org/", "//evil.example.org", "/inbox/../admin", "/inbox\\evil"):
        other = service.client()
        form = other.get("/inbox/login", params={"next": hostile})
        assert 'name="next" value=""' in form.text
        response = other.post("/inbox/login", data={"csrf": csrf_of(form.text), "username": "dee",
                                                     "password": PASSWORD, "next": hostile})
        assert response.headers["location"] == "/inbox", hostile


def test_a_code_is_accepted_for_its_own_step_or_either_beside_it_and_only_once():
    from bot.inbox.accounts import accepted_step

    secret, now = pyotp.random_base32(), 1764000000
    totp = pyotp.TOTP(secret)
    step = accepted_step(secret, totp.at(now), None, now)
    assert step == totp.timecode(now)
    assert accepted_step(secret, totp.at(now), step, now) is None
    assert accepted_step(secret, totp.at(now + 30), step, now) == step + 1
    assert accepted_step(secret, totp.at(now - 30), None, now) == step - 1
    assert accepted_step(secret, totp.at(now + 60), None, now) is None
    for junk in ("", "\uff11\uff12\uff13\uff14\uff15\uff16", "1" * 10):
        assert accepted_step(secret, junk, None, now) is None
