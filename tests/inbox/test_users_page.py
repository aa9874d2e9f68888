"""The admin's staff page: add and disable accounts of their own school."""
from tests.inbox.conftest import PASSWORD, csrf_of


def test_admin_adds_a_member_of_staff_who_can_then_sign_in(service):
    ada = service.login("ada")
    page = ada.get("/inbox/users")
    assert "dee" in page.text and "sam" not in page.text  # own school only
    added = ada.post("/inbox/users", data={"csrf": csrf_of(page.text), "username": "priya", "name": "Priya <Patel>",
                                           "role": "dsl", "password": PASSWORD})
    assert added.status_code == 303
    assert "Priya &lt;Patel&gt;" in ada.get("/inbox/users").text
    row = service.query("SELECT school_id, role FROM staff_users WHERE username = 'priya'")[0]
    assert (row["school_id"], row["role"]) == ("harbourside", "dsl")
    service.login("priya")


def test_bad_account_details_are_refused_with_a_reason(service):
    ada = service.login("ada")
    page = ada.get("/inbox/users")
    response = ada.post("/inbox/users", data={"csrf": csrf_of(page.text), "username": "x2", "name": "X",
                                              "role": "superuser", "password": PASSWORD})
    assert response.status_code == 400 and "role must be one of" in response.text


def test_disabling_signs_the_person_out_and_other_schools_are_out_of_reach(service):
    from bot.inbox.accounts import create_user
    from bot.db.engine import transaction

    engine, factory = service.sessions()
    with transaction(factory) as session:
        leaver = create_user(session, school_id="harbourside", username="leaver", display_name="Lee Ver", role="hwbl",
                             password=PASSWORD).id
    sam_id = service.query("SELECT id FROM staff_users WHERE username = 'sam'")[0]["id"]
    engine.dispose()
    lee = service.login("leaver")
    ada = service.login("ada")
    csrf = csrf_of(ada.get("/inbox/users").text)
    assert ada.post(f"/inbox/users/{sam_id}/disable", data={"csrf": csrf}).status_code == 404
    assert ada.post(f"/inbox/users/{leaver}/disable", data={"csrf": csrf}).status_code == 303
    assert lee.get("/inbox").status_code == 303
    assert service.query("SELECT active FROM staff_users WHERE id = :i", i=sam_id)[0]["active"] == 1
