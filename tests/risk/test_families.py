"""The phrasing families added for a second writer's messages (bot/risk/families.py),
the flags behind them, and the false alarms they must not raise."""
import pytest

from bot.risk.rules import RuleSet


def level(screen, text):
    return screen.screen(text).level


@pytest.mark.parametrize("text, category", [
    # coercive control, fear, threats, stalking
    ("he is really controlling, i cant do anything without asking", "domestic_abuse"),
    ("im not allowed to go to the gym anymore", "domestic_abuse"),
    ("i have to get his permission to see my own mum", "domestic_abuse"),
    ("my husband goes through my texts every night", "domestic_abuse"),
    ("he keeps my bank card so i have to ask for money", "domestic_abuse"),
    ("my partner monitors who i talk to", "domestic_abuse"),
    ("i'm terrified of what he'll do when he finds out", "domestic_abuse"),
    ("my ex sent me threatening voicemails all weekend", "domestic_abuse"),
    ("he texted saying he'll make me pay for leaving", "domestic_abuse"),
    ("my ex keeps following me to work", "domestic_abuse"),
    ("my ex found out where we live now", "domestic_abuse"),
    # a child harmed or at risk
    ("i noticed cuts on my sons wrists when he got changed", "child_at_risk"),
    ("there are bruises on her arms and she wont say how", "child_at_risk"),
    ("my lad was jumped by a gang on the way back from football training", "child_at_risk"),
    ("my daughter got beaten up on her way to the bus", "child_at_risk"),
    ("my 13 year old has been talking to strangers on discord", "child_at_risk"),
    ("my son sent selfies to a man he met on a game", "child_at_risk"),
    ("my 12yo says someone on roblox told her to keep their chats a secret", "child_at_risk"),
    ("my daughter keeps getting snaps from an older man", "child_at_risk"),
    # acute hardship
    ("we got a no fault notice from the letting agent", "acute_hardship"),
    ("landlord wants us out within 2 weeks", "acute_hardship"),
    ("the landlord told us we have to move out by the 14th", "acute_hardship"),
    ("me and the kids are staying on my cousins sofa, nowhere else to go", "acute_hardship"),
    ("nothing to give the kids for tea tonight", "acute_hardship"),
    ("ive got 3 quid to my name till friday", "acute_hardship"),
    ("the benefits havent come in and ive got £1 left until monday", "acute_hardship"),
    ("we're living out of bin bags at a friends", "acute_hardship"),
    # self-harm
    ("i'm self harming again", "self_harm"),
    ("it would be easier for everyone if i wasnt here", "self_harm"),
    ("i'm worried i might do something stupid tonight", "self_harm"),
])
def test_high_families(rules_screen, text, category):
    result = rules_screen.screen(text)
    assert result.level == "high", result.reasons
    assert result.category == category


@pytest.mark.parametrize("text", [
    "he's got his hands round my neck right now",
    "my partner has just stabbed me in the arm",
    "my ex just snatched my son from the school gate and sped off",
    "my daughter has been out since lunch and her phone is switched off",
    "my mum fell down in the bathroom and wont respond",
    "my toddler drank some washing liquid",
    "he swallowed one of the magnets off the fridge",
    "my son is threatening to jump off the balcony",
    "my daughter is posting goodbye messages on snapchat",
    "the baby pulled a cup of hot tea all over himself",
    "im going to take all of my tablets tonight",
])
def test_critical_families(rules_screen, text):
    assert level(rules_screen, text) == "critical"


@pytest.mark.parametrize("text", [
    "3",
    "3 rough one",
    "def 3 this week",
    "shocking week honestly",
    "not great, to be honest",
    "had a horrible few days",
    "its all getting too much",
    "i'm not a very good mum",
    "i always mess it up with my kids",
    "everything i do with him turns out wrong",
    "my children would be better off with another mum",
    "my grandad passed away last night",
    "we lost my dad in the spring",
    "i keep bursting into tears",
    "worried how well afford the rent in march",
])
def test_concern_families(rules_screen, text):
    assert level(rules_screen, text) == "concern"


@pytest.mark.parametrize("text", [
    # an EHCP plan, a form or a page is not a missing child or a suicide plan
    "the final plan they issued is missing his therapy",
    "the letter he brought home is missing a page",
    "we are planning to take the kids to cornwall in august",
    # a child's nerves, an everyday injury, a school building
    "my son has terrible anxiety about swimming",
    "he has a bruise on his leg from football",
    "the heating is off in the sports hall again",
    "she always comes home starving after swimming",
    # look-alikes of control, grooming, hardship and check-ins
    "my son checks my phone for games all the time",
    "my husband checks the parentpay account, can he have a login",
    "grandad asked him to keep the birthday present a secret",
    "the school asked for photos for the leavers book",
    "£3 left on her dinner money account",
    "the kids slept in the car on the drive up north",
    "3 kids and one bathroom, mornings are fun",
    "is it too much to ask for homework on the app",
    "my daughter passed her driving theory",
    "my grandma died 20 years ago and my son is doing a family tree",
    "i'm scared of needles, can my husband take her for her jabs",
    "my son keeps choking me when we play fight",
    "said goodbye to everyone at the leavers party",
])
def test_look_alikes_are_not_urgent(rules_screen, text):
    assert level(rules_screen, text) in ("none", "concern")


@pytest.mark.parametrize("text", [
    "the final plan they issued is missing his therapy",
    "we are planning to take the kids to cornwall in august",
    "my son has terrible anxiety about swimming",
    "my son checks my phone for games all the time",
    "£3 left on her dinner money account",
])
def test_former_false_alarms_are_none(rules_screen, text):
    assert level(rules_screen, text) == "none"


def test_a_helpline_number_request_is_concern_at_most(rules_screen):
    result = rules_screen.screen("can i have the number for the domestic abuse line")
    assert result.level == "concern"
    assert any("asking for a helpline" in r for r in result.reasons)
    # a disclosure with it stays urgent
    assert level(rules_screen, "he hit me again, whats the number for the domestic abuse line") == "high"


def test_negation_stops_at_and(rules_screen):
    assert level(rules_screen, "no gas and no food in the house") == "high"
    assert level(rules_screen, "i dont want to die") == "concern"  # a negation still counts


def test_no_fault_is_not_a_negation(rules_screen):
    result = rules_screen.screen("landlord served a no fault eviction")
    assert result.level == "high" and not any("negated" in r for r in result.reasons)


def test_child_subject_drops_control_and_stalking():
    rules = RuleSet()
    assert rules.screen("my partner checks my phone").level == "high"
    assert rules.screen("my daughter checks my phone").level == "none"
    assert rules.screen("my toddler keeps following me around").level == "none"


def test_singular_pronoun_skips_plural_children():
    rules = RuleSet()
    tokens = "if i take the kids hell find us".split()
    assert rules.referent(tokens, tokens.index("hell")) == "unknown"
    tokens = "my son said hell find us".split()
    assert rules.referent(tokens, tokens.index("hell")) == "child"


def test_online_contact_needs_a_child():
    rules = RuleSet()
    assert rules.screen("im chatting to a man online from a dating app").level != "high"
    assert rules.screen("my daughter is chatting to a man online").level == "high"


def test_innocent_cause_clears_marks_unless_doubted():
    rules = RuleSet()
    assert rules.screen("bruises on his back from rugby").level == "none"
    assert rules.screen("bruises on his back, says it was rugby but i dont believe him").level == "high"


def test_ideation_lowers_a_method_from_critical_to_high():
    rules = RuleSet()
    assert rules.screen("i sometimes think about stepping in front of a train").level == "high"
    assert rules.screen("im going to step in front of a train").level == "critical"


def test_trained_screen_keeps_families_and_guards(trained_screen):
    assert trained_screen.screen("3 to be fair").level == "concern"
    assert trained_screen.screen("my son has bad anxiety about going in on mondays").level in (
        "none", "concern")
    assert trained_screen.screen("the draft plan is missing loads of her needs").level == "none"
    assert trained_screen.screen("weve been told to be out by friday by the landlord").level == "high"


def test_measure_scores_a_small_file(tmp_path, trained_screen):
    from bot.risk.measure import measure
    data = tmp_path / "mini.yml"
    data.write_text('version: 1\nexamples:\n'
                    '  - {text: "when is the next inset day", topic: school_contact, risk: none}\n'
                    '  - {text: "im on the bridge", topic: service_mental_health, risk: critical}\n'
                    '  - {text: "what time is pickup", topic: school_contact, risk: high}\n')
    m = measure(trained_screen, str(data))
    assert m["recall"]["critical"] == 1.0
    assert m["urgent_recall"] == 0.5 and m["false_alarm_rate"] == 0.0
    assert m["cpu_ms_p95"] >= 0.0


# ---------------------------------------------------------------- third writer
@pytest.mark.parametrize("text, category", [
    ("honestly i cant see any point in carrying on", "self_harm"),
    ("there's no reason for me to keep going", "self_harm"),
    ("my fella gets a bit physical with me when the footy's lost", "domestic_abuse"),
    ("my partner can be handy with his fists", "domestic_abuse"),
    ("he has raised his hand to me more than once", "domestic_abuse"),
    ("my brother-in-law struck my sister at the weekend", "domestic_abuse"),
    ("i daren't go to the shops without him these days", "domestic_abuse"),
    ("he hides my car keys, i cant leave", "domestic_abuse"),
    ("my son has a bruise on his cheek he won't explain", "child_at_risk"),
    ("there are burn marks on my little one's hand and she can't say how", "child_at_risk"),
    ("my 9 year old is terrified to stay home when he's about", "child_at_risk"),
    ("some bloke on snapchat asked my daughter to send pics", "child_at_risk"),
    ("i've been missing dinners for days so the children can eat", "acute_hardship"),
])
def test_third_writer_high_families(rules_screen, text, category):
    result = rules_screen.screen(text)
    assert result.level == "high", result.reasons
    assert result.category == category


@pytest.mark.parametrize("text", [
    "swallowed a whole packet of paracetamol an hour ago",
    "my grandson has eaten some of his nan's sleeping tablets",
    "the baby got into the dishwasher tablets",
    "she had a temperature all day and now she won't wake up properly",
    "my partners outside banging on the door saying he'll kill me",
    "i've made up my mind, tonight is the night",
    "there's no point going on, i've got my affairs in order",
])
def test_third_writer_critical_families(rules_screen, text):
    assert level(rules_screen, text) == "critical"


@pytest.mark.parametrize("text", [
    # a story, a resolved scare, a past eviction, a lazy teenager, a school photo
    "we watched a film about a lad who overdoses, is it ok for year 9",
    "she choked on a sweet last summer but she's fine now, is there a paediatric first aid course",
    "my teenager won't wake up for school without three alarms",
    "the teacher asked my son to send photos of his science project",
    "my daughter gets a bit rough with her little brother when they play",
    "i took two paracetamol for my headache",
    "my son took his tablets for adhd this morning, can school do the lunchtime one",
    "she skips breakfast because she's never hungry in the morning",
    "there's no point ringing the office before 9",
    "im skint till payday lol",
])
def test_third_writer_false_alarms_stay_low(rules_screen, text):
    assert level(rules_screen, text) in ("none", "concern")


def test_past_hardship_is_not_urgent(rules_screen):
    assert level(rules_screen, "we were evicted years ago, settled now, need a reference") != "high"
    assert level(rules_screen, "we've been evicted and have nowhere to go") == "high"


def test_text_speak_without_subject_or_g(rules_screen):
    assert level(rules_screen, "cryin every nite for weeks") == "concern"
    assert level(rules_screen, "low in spirits lately") == "concern"
    assert level(rules_screen, "hes took my fone n i cant go out wivout him") == "high"
