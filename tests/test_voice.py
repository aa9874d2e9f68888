"""Every response, rendered for every school, in the assistant's voice (DESIGN.md)."""
import datetime as dt
import string

import pytest
from ruamel.yaml import YAML

from bot import safety
from bot.conversation import passed_to_hwbl_text, school_slots
from bot.free_school_meals import eligibility_text
from bot.staff import HANDED_BACK
from bot.schools import UK, load_schools
from bot.settings import PROJECT_ROOT
from bot.voice import voice_problems
from bot.web.widget_config import SAVED_NOTICE, lines_text, widget_config

DOMAIN = YAML(typ="safe").load((PROJECT_ROOT / "domain.yml").read_text())
SCHOOLS = load_schools(PROJECT_ROOT / "schools")


def rendered_responses():
    for school in SCHOOLS.values():
        slots = school_slots(school)
        for name, variants in DOMAIN["responses"].items():
            for variant in variants:
                fields = {f for _, f, _, _ in string.Formatter().parse(variant["text"]) if f}
                assert fields <= set(slots), f"{name} uses an unknown slot: {fields - set(slots)}"
                yield f"{school.id}:{name}", variant["text"].format(**slots)


def generated_texts():
    for school in SCHOOLS.values():
        for hour in (10, 22):
            yield f"{school.id}:passed_to_hwbl@{hour}", passed_to_hwbl_text(
                school, dt.datetime(2026, 11, 25, hour, tzinfo=UK))
    yield "widget_saved_notice", SAVED_NOTICE
    for school in SCHOOLS.values():
        for hour in (10, 22):
            config = widget_config(school, dt.datetime(2026, 11, 25, hour, tzinfo=UK))
            yield f"{school.id}:widget_intro@{hour}", config["intro"]
            if config["out_of_hours"]:
                yield f"{school.id}:widget_out_of_hours@{hour}", config["out_of_hours"]
    for index, line in enumerate(lines_text()):
        yield f"widget_line:{index}", line
    for level in ("high", "critical"):
        for category in list(safety.CRISIS_LINES) + [None]:
            for index, line in enumerate(safety.crisis_messages(level, category)):
                yield f"crisis:{level}:{category}:{index}", line
    for school in SCHOOLS.values():
        for hour in (10, 22):
            now = dt.datetime(2026, 11, 25, hour, tzinfo=UK)
            for dsl_told in (True, False):
                for paged in (True, False):
                    yield (f"{school.id}:told_staff@{hour}:{dsl_told}:{paged}",
                           safety.told_staff_message(school, dsl_told, paged, now))
            yield f"{school.id}:concern_case@{hour}", safety.concern_case_message(school, now)
        yield f"{school.id}:handed_back", HANDED_BACK.format(name=school.hwbl.name)
    for school in SCHOOLS.values():
        for year in ("reception", "nursery", "year 4"):
            for uc, other in ((True, None), (False, True), (False, False)):
                yield f"fsm:{school.id}:{year}:{uc}:{other}", eligibility_text(year, uc, other, school.council)
    for name in ("VALIDATION", "SAFETY_HONESTY", "HOLDING_WHILE_WAITING", "NINE_NINE_NINE"):
        yield name, getattr(safety, name)


ALL_TEXTS = list(rendered_responses()) + list(generated_texts())


@pytest.mark.parametrize("name, text", ALL_TEXTS, ids=[n for n, _ in ALL_TEXTS])
def test_text_is_in_the_assistants_voice(name, text):
    assert voice_problems(text) == []


@pytest.mark.parametrize(
    "text, problem",
    [
        ("You should fill in the form.", "judgemental"),
        ("That\u2019s fine.", "GSM-7"),
        ("Hello \U0001F600", "GSM-7"),
        ("Notwithstanding multitudinous administrative considerations, applications necessitate documentation.", "reading ease"),
        ("Short words here. " * 20, "segments"),
        ("I worry about neglect.", "judgemental"),
    ],
)
def test_the_voice_check_catches(text, problem):
    assert any(problem in p for p in voice_problems(text))


def test_form_and_service_answers_offer_a_person():
    rules = YAML(typ="safe").load((PROJECT_ROOT / "data/rules/forms.yml").read_text())["rules"]
    rules += YAML(typ="safe").load((PROJECT_ROOT / "data/rules/services.yml").read_text())["rules"]
    for rule in rules:
        actions = [s["action"] for s in rule["steps"] if "action" in s]
        assert actions[-1] == "utter_offer_hwbl", rule["rule"]


def test_critical_reply_starts_with_999():
    for category in list(safety.CRISIS_LINES) + [None]:
        first = safety.crisis_messages("critical", category)[0]
        assert first.startswith("If you or anyone else is in danger now, call 999")
        assert "press 55" in first
