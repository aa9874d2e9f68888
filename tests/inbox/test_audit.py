"""The audit log: admins see who did what and when, for their own school; nobody can change it."""
from tests.inbox.conftest import csrf_of


def test_admin_sees_views_and_actions_of_their_school_only(service):
    case_id = service.new_case()
    other = service.new_case(school_id="seaview")
    dee = service.login("dee")
    page = dee.get(f"/inbox/cases/{case_id}")
    dee.post(f"/inbox/cases/{case_id}/take", data={"csrf": csrf_of(page.text)})
    sam = service.login("sam")
    sam.get(f"/inbox/cases/{other}")
    log = service.login("ada").get("/inbox/audit")
    assert log.status_code == 200
    rows = log.text.split("<tbody>")[1]
    assert f"<td>Dee Harper</td><td>take</td><td>#{case_id}</td>" in rows
    assert f"<td>Dee Harper</td><td>view</td><td>#{case_id}</td>" in rows
    assert f"<td>assistant</td><td>case_opened</td><td>#{case_id}</td>" in rows
    assert f"#{other}<" not in rows and "Sam Seaview" not in rows


def test_the_audit_log_cannot_be_changed_through_the_inbox(service):
    ada = service.login("ada")
    page = ada.get("/inbox/audit").text
    assert "<form" not in page.split("</header>")[1]  # only the sign-out form in the header
    csrf = csrf_of(page)
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        assert ada.request(method, "/inbox/audit", data={"csrf": csrf}).status_code == 405


def test_signing_in_and_staff_changes_are_audited_and_paged(service):
    ada = service.login("ada")
    page = ada.get("/inbox/users")
    assert ada.post("/inbox/users", data={"csrf": csrf_of(page.text), "username": "newbie", "name": "New Person",
                                          "role": "hwbl", "password": "long enough pass"}).status_code == 303
    log = ada.get("/inbox/audit").text
    assert "<td>Ada Admin</td><td>user_added</td><td>-</td><td>newbie (hwbl)</td>" in log
    assert "<td>Ada Admin</td><td>sign_in</td>" in log
    before = ada.get("/inbox/audit?before=2").text
    assert "user_added" not in before
    assert ada.get("/inbox/audit?before=nonsense").status_code == 200
