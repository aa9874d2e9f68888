"""The rule screen: patterns per category and level, with idiom suppression,
negation, humour, subject (writer / child / other adult) and actor detection."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import islice

from . import families as F
from . import indirect as I
from . import patterns as P
from .normalise import HUMOUR, normalise

LEVELS = ("none", "concern", "high", "critical")
RANK = {name: i for i, name in enumerate(LEVELS)}
# when two hits share the top level, the category shown is the first of these
CATEGORY_PRIORITY = ("child_at_risk", "self_harm", "domestic_abuse", "medical_emergency",
                     "acute_hardship", "not_coping")

SKIP_BACK = frozenset(
    "has had have just then also always keeps kept again even actually literally really sometimes "
    "often never once already and was is s been will would ll d did does do to tried try trying "
    "started starts start might could going gonna wants want not dont didnt doesnt wont last night "
    "yesterday today twice physically badly hard accidentally deliberately ever who that finally "
    "suddenly my our his her their the a an said says told keeps saying 1 2 3 4 5 6 7 8 9 10 11 "
    "12 13 14 15 16 17 year old outside here downstairs upstairs in at door front back garden "
    "house now gets got get feels felt seems seemed looks looked been very so really quite bit too "
    "getting becoming becomes always bad severe terrible awful such suffers suffering diagnosed".split())
LOOSE_AFTER = frozenset("and then".split())
SINGULAR = frozenset("he she hes shes him her himself herself hell hed shell shed".split())
PLURAL_CHILDREN = frozenset("kids children childrens twins sons daughters boys girls".split())
VIOLENCE = (r"\b(?P<verb><VIOLENT>) (?P<obj>(?:my|our|the|his|her|their|one of (?:the|my|our)) "
            r"(?:(?:little|baby|younger|older|big|eldest|youngest|step|own|two|2|3|three) )*"
            r"(?:\d+ year old|\w+)|me|us|him|her|them)\b")
PASSIVE = (r"\b(?:was|were|been|got|get|gets|being|is|am|im) (?P<verb>hit|punched|kicked|slapped|"
           r"beaten|strangled|choked|pushed|shoved|attacked|assaulted|raped|hurt|bitten|burned|burnt|"
           r"smacked|thumped|stabbed|battered) by (?P<actor>\w+(?: \w+)?)\b")
DA_NOW = (r"\b(?:banging on the (?:door|doors|window|windows)|kicking (?:the )?door|trying to (?:get|break) in|"
          r"(?:hes|shes|he is|she is) (?:outside|at the door|at the window)|right now|as we speak|this minute|happening now|help me now|send help|hurry|help please|"
          r"please help me|is here now|hes here|(?:hes|shes|he is|she is|theyre) still (?:here|in the house|"
          r"in the flat|downstairs|upstairs|outside))\b")
MAX_MATCHES = 8  # per pattern: enough to find the worst one, bounded on very long input
WEAPON_PRESENT = frozenset("has have got s hes holding waving with carrying brandishing pulling "
                           "threatening".split())


@dataclass
class Hit:
    rule: str
    level: str
    category: str
    phrase: str
    notes: list[str] = field(default_factory=list)
    intent: bool = False

    def reason(self) -> str:
        extra = f"; {', '.join(self.notes)}" if self.notes else ""
        return f'phrase "{self.phrase}" -> {self.level} {self.category}{extra}'


@dataclass
class RuleResult:
    level: str
    category: str | None
    reasons: list[str]
    clean: str          # normalised text with idioms replaced (the model's input)
    suppressed: bool    # an idiom, negation, humour or info cue lowered something


class RuleSet:
    """Compiled rule tables; build once and reuse (compiling takes ~50 ms)."""

    def __init__(self) -> None:
        macros = {**P.MACROS, "AMOUNT": F.AMOUNT, "DAYS": F.DAYS, "FAMILY": F.FAMILY,
                  "PERSONS": F.PERSONS}
        sub = lambda s: re.sub(r"<([A-Z]+)>", lambda m: sub(macros[m.group(1)]), s)  # noqa: E731
        self.idioms = [(re.compile(sub(p)), r, label) for p, r, label in P.IDIOMS + I.IDIOMS]
        self.rules = [(name, lvl, cat, re.compile(sub(p)), flags)
                      for name, lvl, cat, p, flags in P.RULES + F.RULES + I.RULES]
        self.violence = re.compile(sub(VIOLENCE))
        self.passive = re.compile(PASSIVE)
        self.means = re.compile(sub(P.MEANS))
        self.plan = re.compile(P.PLAN)
        self.info = re.compile(P.INFO_CUES)
        self.past = re.compile(P.PAST_CUES)
        self.da_now = re.compile(DA_NOW)
        self.innocent = re.compile(F.INNOCENT_CUES)
        self.disbelief = re.compile(F.DISBELIEF_CUES)
        self.ideation = re.compile(F.IDEATION_CUES)
        self.helpline = re.compile(F.HELPLINE_CUES)
        self.fiction = re.compile(F.FICTION_CUES)
        self.resolved = re.compile(F.RESOLVED_CUES)

    # ------------------------------------------------------------------ helpers
    def prepare(self, text: str) -> tuple[str, list[str]]:
        """Normalise and replace idioms; returns (clean text, idiom labels)."""
        clean = normalise(text)
        found = []
        for pattern, repl, label in self.idioms:
            clean, n = pattern.subn(repl, clean)
            if n:
                found.append(label)
        return clean, found

    @staticmethod
    def _index(text: str, pos: int, _cache: dict = {}) -> int:  # noqa: B006 - tiny memo
        """Token index of a character position (the number of spaces before it)."""
        key = id(text), len(text)
        spaces = _cache.get(key)
        if spaces is None or _cache.get("text") is not text:
            spaces = [i for i, c in enumerate(text) if c == " "]
            _cache.clear()
            _cache.update({key: spaces, "text": text})
        return bisect_left(spaces, pos)

    @staticmethod
    def referent(tokens: list[str], j: int) -> str:
        """Who a he/she/him/her at tokens[j] most likely refers to (a singular pronoun
        skips plural nouns: in "if i take the kids hell find us", "hell" is not the kids)."""
        singular = j < len(tokens) and tokens[j] in SINGULAR
        for k in range(j - 1, -1, -1):
            t = tokens[k]
            if singular and t in PLURAL_CHILDREN:
                continue
            if t in P.CHILD_WORDS or (t == "old" and k and tokens[k - 1] == "year"):
                return "child"
            if t in P.ADULT_WORDS:
                return "partner" if t in P.PARTNER_WORDS else "adult"
        return "unknown"

    def who(self, tokens: list[str], idx: int) -> str | None:
        """The subject just before tokens[idx]: self, child, partner, adult,
        unknown (a pronoun with no referent), thing, or None (nothing found)."""
        j = idx - 1
        loose = False  # after "and"/"then" the subject may sit before an earlier verb
        while j >= 0:
            t = tokens[j]
            loose = loose or t in LOOSE_AFTER
            if t in P.FIRST_PERSON:
                return "self"
            if t in P.CHILD_WORDS or (t == "old" and j and tokens[j - 1] == "year"):
                return "child"
            if t in P.ADULT_WORDS:
                return "partner" if t in P.PARTNER_WORDS else "adult"
            if t in P.THIRD_PERSON:
                return self.referent(tokens, j)
            if t in SKIP_BACK or (loose and t != "|"):
                j -= 1
                continue
            return None if t == "|" else "thing"
        return None

    @staticmethod
    def negated(tokens: list[str], idx: int, window: int = 3) -> bool:
        for j in range(idx - 1, max(-1, idx - window - 1), -1):
            t = tokens[j]
            if t == "|" or t in P.NEGATION_BREAKS:
                return False
            if t in P.NEGATORS:
                nxt = tokens[j + 1] if j + 1 < len(tokens) else ""
                return nxt not in P.NOT_NEGATION_AFTER
        return False

    @staticmethod
    def clause(text: str, start: int, end: int) -> str:
        left = text.rfind("|", 0, start) + 1
        right = text.find("|", end)
        return text[left: right if right >= 0 else len(text)]

    def _object_kind(self, obj: str, tokens: list[str], idx: int) -> str:
        if obj in ("me", "us"):
            return "self"
        if obj in ("him", "her", "them"):
            return self.referent(tokens, idx)
        words = obj.split()
        word = words[-1]
        if word in ("brother", "sister", "brothers", "sisters") and words[0] in ("his", "her", "their"):
            return "thing"  # a child's sibling: children fighting is behaviour, not abuse
        if word in P.CHILD_WORDS or obj.endswith("year old") or (
                len(words) > 2 and words[1] in ("little", "baby", "younger")):
            return "child"
        if word in P.ADULT_WORDS:
            return "adult"
        return "thing"

    # ------------------------------------------------------------------ screen
    def screen(self, text: str) -> RuleResult:
        clean, idioms = self.prepare(text)
        tokens = clean.split()
        humour = HUMOUR in tokens
        hits: list[Hit] = []
        suppressed = bool(idioms)
        reasons = [f"idiom ignored: {label}" for label in idioms]

        for name, level, cat, regex, flags in self.rules:
            for m in islice(regex.finditer(clean), MAX_MATCHES):
                hit = self._rule_hit(name, level, cat, flags, m, clean, tokens, humour)
                if hit is not None:
                    suppressed |= bool(hit.notes)
                    hits.append(hit)
        hits.extend(self._violence_hits(clean, tokens))
        self._combine(hits, clean, humour)

        live = [h for h in hits if h.level != "none"]
        reasons.extend(h.reason() for h in hits)
        if not live:
            return RuleResult("none", None, reasons, clean, suppressed)
        top = max(RANK[h.level] for h in live)
        cats = {h.category for h in live if RANK[h.level] == top}
        category = next(c for c in CATEGORY_PRIORITY if c in cats)
        return RuleResult(LEVELS[top], category, reasons, clean, suppressed)

    def _rule_hit(self, name, level, cat, flags, m, clean, tokens, humour) -> Hit | None:
        idx = self._index(clean, m.start())
        phrase = m.group(0)
        subject = None
        if cat in ("SUBJ", "WEAPON") or "c" in flags or "a" in flags:
            if re.search(r"\b(?:himself|herself|themselves|themself)\b", phrase):
                subject = self.referent(tokens, idx + len(phrase.split()) - 1)
            elif re.search(r"\bmyself\b", phrase):
                subject = "self"
            else:
                subject = self.who(tokens, idx)
        if "c" in flags and subject in ("child", "adult", "partner", "unknown"):
            return None  # someone else's tiredness or worry is not the writer struggling
        if "a" in flags and "child" in (subject, self._pronoun_referent(tokens, idx, phrase)):
            return None  # a child checking the phone or calling names is not abuse
        if "k" in flags and not self._names_child(tokens, clean):
            return None  # talking to strangers online is a worry about a child only
        if cat == "SUBJ":
            cat = "child_at_risk" if subject in ("child", "unknown") else "self_harm"
        hit = Hit(name, level, cat, phrase, intent="i" in flags)
        if cat == "WEAPON":
            if subject == "self" or subject == "thing":
                return None
            hit.category = "child_at_risk" if subject == "child" else "domestic_abuse"
            verb_tokens = set(phrase.split()[:2])
            if subject != "child" and (verb_tokens & WEAPON_PRESENT or self.da_now.search(clean)):
                hit.level = "critical"
        self._modifiers(hit, flags, tokens, idx, clean, m, humour)
        return hit

    def _pronoun_referent(self, tokens: list[str], idx: int, phrase: str) -> str | None:
        for k, word in enumerate(phrase.split()):
            if word in P.THIRD_PERSON or word in ("hell", "hed", "shell", "shed"):
                return self.referent(tokens, idx + k)
        return None

    @staticmethod
    def _names_child(tokens: list[str], clean: str) -> bool:
        return any(t in P.CHILD_WORDS for t in tokens) or bool(
            re.search(r"\b\d+ ?(?:yo|year old|yr old|yrs old)\b|\b\d+yo\b|\blittle ones?\b", clean))

    def _modifiers(self, hit, flags, tokens, idx, clean, m, humour) -> None:
        def lower(to: str, note: str) -> None:
            if RANK[hit.level] > RANK[to]:
                hit.level = to
                hit.notes.append(note)
                hit.intent = False
        if "n" in flags and self.negated(tokens, idx):
            lower("concern" if RANK[hit.level] >= RANK["high"] else "none", "negated")
        clause = self.clause(clean, m.start(), m.end())
        if "t" in flags and self.info.search(clause):
            lower("none", "asking for information")
        elif "t" in flags and self.helpline.search(clause):
            lower("concern", "asking for a helpline")
        if "x" in flags and self.innocent.search(clause) and not self.disbelief.search(clean):
            lower("none", "innocent cause")
        if "d" in flags and self.ideation.search(clean[clean.rfind("|", 0, m.start()) + 1: m.start()]):
            lower("high", "thinking about it")
        if (hit.level == "critical" or "i" in flags or "t" in flags) and self.past.search(clause):
            lower("concern", "in the past")
        if self.fiction.search(clause):
            lower("none", "in a story")
        if hit.category == "medical_emergency" and self.resolved.search(clause):
            lower("none", "over and fine")
        if hit.category == "acute_hardship" and self.past.search(clause):
            lower("concern", "in the past")
        if "h" in flags and humour:
            lower("concern" if hit.level in ("high", "critical") and hit.intent else "none", "humour")

    def _violence_hits(self, clean: str, tokens: list[str]) -> list[Hit]:
        hits = []
        for m in islice(self.violence.finditer(clean), MAX_MATCHES):
            idx = self._index(clean, m.start())
            actor = self.who(tokens, idx)
            if actor is None:  # "and pushed me": take the last person named before
                actor = self.referent(tokens, idx) if idx else None
                if actor == "unknown":
                    actor = None
            obj = self._object_kind(m.group("obj"), tokens, idx + len(m.group(0).split()) - 1)
            hits.extend(self._violence_hit(actor, obj, m.group(0), clean, tokens, idx, m))
        for m in islice(self.passive.finditer(clean), MAX_MATCHES):
            idx = self._index(clean, m.start())
            who_by = m.group("actor").split()[-1]
            if who_by in ("him", "her", "them"):
                actor = self.referent(tokens, idx)
            elif who_by in P.CHILD_WORDS:
                actor = "child"
            elif who_by in P.ADULT_WORDS:
                actor = "partner" if who_by in P.PARTNER_WORDS else "adult"
            else:
                continue
            victim = self.who(tokens, idx + 1)
            obj = "self" if victim in ("self", None) else victim
            hits.extend(self._violence_hit(actor, obj, m.group(0), clean, tokens, idx, m))
        return hits

    def _violence_hit(self, actor, obj, phrase, clean, tokens, idx, m) -> list[Hit]:
        if actor in (None, "thing", "child") or obj == "thing":
            return []
        if actor == "unknown" and self._plural_subject(tokens, idx):
            return []  # "they pushed him": other children, a gang - not a carer's abuse
        if actor == "self":
            if obj not in ("child", "unknown"):
                return []
            hit = Hit("parent hurt child", "high", "child_at_risk", phrase)
        elif obj == "self" or obj in ("adult", "partner"):
            hit = Hit("violence", "high", "domestic_abuse", phrase)
        else:
            hit = Hit("violence to child", "high", "child_at_risk", phrase)
        if re.match(r"(?:\w+ing)\b", phrase) and idx and tokens[idx - 1] in (
                "is", "are", "hes", "shes", "theyre", "s", "re", "now"):
            hit.level = "critical"
            hit.notes.append("happening now")
        self._modifiers(hit, "n", tokens, idx, clean, m, humour=False)
        return [hit]

    @staticmethod
    def _plural_subject(tokens: list[str], idx: int) -> bool:
        for j in range(idx - 1, max(-1, idx - 6), -1):
            if tokens[j] in ("they", "theyre", "theyve", "theyd", "theyll"):
                return True
            if tokens[j] in P.THIRD_PERSON or tokens[j] == "|":
                return False
        return False

    def _combine(self, hits: list[Hit], clean: str, humour: bool) -> None:
        """Intent + means or plan -> critical; abuse + 'right now' -> critical."""
        means = self.means.search(clean)
        plan = self.plan.search(clean)
        for hit in hits:
            if hit.intent and hit.level == "high" and (means or plan):
                hit.level = "critical"
                hit.notes.append(f'with "{(means or plan).group(0)}"')
            if hit.category == "domestic_abuse" and hit.level == "high" and not hit.notes:
                now = self.da_now.search(clean)
                if now:
                    hit.level = "critical"
                    hit.notes.append(f'with "{now.group(0)}"')
