"""Every inbox route refuses the signed-out and the wrong role; forged CSRF tokens are refused;
a parent's words are shown as text; another school's cases are not found; headers are strict."""
import pytest

from tests.inbox.conftest import csrf_of

STAFF_PAGES = ["/inbox", "/inbox/events", "/inbox/cases/{case}", "/inbox/cases/{case}/history"]
ADMIN_PAGES = ["/inbox/audit", "/inbox/users"]
EVERYONE_PAGES = ["/inbox/overview", "/inbox/account"]
CASE_ACTIONS = ["take", "acknowledge", "reply", "reassign", "handback", "resolve", "note"]


@pytest.fixture(scope="module")
def case_id(service):
    return service.new_case(text="please help <script>alert('x')</script>")


def test_every_page_sends_the_signed_out_to_sign_in(service, case_id):
    client = service.client()
    for path in STAFF_PAGES + ADMIN_PAGES + EVERYONE_PAGES:
        response = client.get(path.format(case=case_id))
        if path == "/inbox/events":
            assert response.status_code in (303, 401), path
        else:
            assert response.status_code == 303, path
            assert response.headers["location"] == "/inbox/login?next=" + path.format(case=case_id), path


def test_the_live_feed_refuses_the_signed_out(service):
    response = service.client().get("/inbox/events", headers={"accept": "text/event-stream"})
    assert response.status_code == 401


def test_every_action_refuses_the_signed_out(service, case_id):
    client = service.client()
    for action in CASE_ACTIONS:
        response = client.post(f"/inbox/cases/{case_id}/{action}", data={"csrf": "x", "text": "hi", "outcome": "signposted"})
        assert response.status_code == 401, action
    for path in ("/inbox/logout", "/inbox/account/totp", "/inbox/users"):
        assert client.post(path, data={"csrf": "x"}).status_code == 401, path
    assert service.query("SELECT action FROM audit_log WHERE case_id = :c AND action != 'case_opened'", c=case_id) == []


def test_admin_cannot_open_cases_and_staff_cannot_open_admin_pages(service, case_id):
    admin = service.login("ada")
    for path in STAFF_PAGES:
        if path != "/inbox/events":
            assert admin.get(path.format(case=case_id)).status_code == 403, path
    csrf = csrf_of(admin.get("/inbox/overview").text)
    for action in CASE_ACTIONS:
        assert admin.post(f"/inbox/cases/{case_id}/{action}", data={"csrf": csrf, "text": "hi"}).status_code == 403
    hwbl = service.login("dee")
    for path in ADMIN_PAGES:
        assert hwbl.get(path).status_code == 403, path
    for path in EVERYONE_PAGES:
        assert hwbl.get(path).status_code == 200, path
        assert admin.get(path).status_code == 200, path


def test_admin_is_refused_the_live_feed(service):
    admin = service.login("ada")
    assert admin.get("/inbox/events", headers={"accept": "text/event-stream"}).status_code == 403


def test_a_forged_or_missing_csrf_token_is_refused_and_changes_nothing(service, case_id):
    client = service.login("dee")
    for data in ({"csrf": "forged"}, {}):
        response = client.post(f"/inbox/cases/{case_id}/take", data=data)
        assert response.status_code == 403 and "expired" in response.text
    assert service.query("SELECT status FROM cases WHERE id = :c", c=case_id)[0]["status"] == "pending"
    assert client.post("/inbox/logout", data={"csrf": "forged"}).status_code == 403
    assert client.get("/inbox").status_code == 200


def test_another_users_csrf_token_is_refused(service, case_id):
    dee, ravi = service.login("dee"), service.login("ravi")
    ravi_token = csrf_of(ravi.get("/inbox").text)
    assert dee.post(f"/inbox/cases/{case_id}/take", data={"csrf": ravi_token}).status_code == 403


def test_script_in_a_parents_message_is_shown_as_text(service, case_id):
    service.rasa.add_user_message(service.query("SELECT conversation_id FROM cases WHERE id = :c", c=case_id)[0]
                                  ["conversation_id"], '<img src=x onerror="alert(1)"> help me')
    page = service.login("dee").get(f"/inbox/cases/{case_id}").text
    assert "<script>alert" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; help me" in page


def test_another_schools_staff_get_not_found(service, case_id):
    sam = service.login("sam")
    assert sam.get(f"/inbox/cases/{case_id}").status_code == 404
    csrf = csrf_of(sam.get("/inbox").text)
    for action in CASE_ACTIONS:
        response = sam.post(f"/inbox/cases/{case_id}/{action}", data={"csrf": csrf, "text": "hi", "outcome": "signposted"})
        assert response.status_code == 404, action
    assert str(case_id) not in sam.get("/inbox").text.split("<tbody")[1]
    assert service.query("SELECT status, assigned_to FROM cases WHERE id = :c", c=case_id)[0]["assigned_to"] is None
    assert service.rasa.posted_to(service.query("SELECT conversation_id FROM cases WHERE id = :c", c=case_id)[0]
                                  ["conversation_id"]) == []


def test_pages_carry_the_security_headers_and_no_inline_script(service, case_id):
    client = service.login("dee")
    for path in ("/inbox/login", "/inbox", f"/inbox/cases/{case_id}"):
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["x-frame-options"] == "DENY" and response.headers["cache-control"] == "no-store"
        assert "<script>" not in response.text and " onclick=" not in response.text and "style=" not in response.text


def test_hostile_input_gets_a_clear_answer_never_a_server_error(service, case_id):
    dee = service.login("dee")
    csrf = csrf_of(dee.get("/inbox").text)
    assert dee.get("/inbox/cases/99999999999999999999999999").status_code == 404
    assert dee.post("/inbox/cases/99999999999999999999999999/take", data={"csrf": csrf}).status_code == 404
    assert dee.get("/inbox/").status_code == 200
    ada = service.login("ada")
    for before in ("99999999999999999999999999", "\u00b2", "-1"):
        assert ada.get("/inbox/audit", params={"before": before}).status_code == 200
    assert ada.post("/inbox/users/99999999999999999999999999/disable", data={"csrf": csrf_of(ada.get("/inbox/users").text)}).status_code == 404
    client = service.client()
    assert client.post("/inbox/login", content=b"\xff\xfe{not a form", headers={"content-type": "application/json"}).status_code == 403
    assert client.post("/inbox/login", content=bytes(range(256)),
                       headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 403
    long_reply = dee.post(f"/inbox/cases/{case_id}/reply", data={"csrf": csrf, "text": "x" * 4000})
    assert long_reply.status_code == 303 and long_reply.headers["location"].endswith("problem=long")
