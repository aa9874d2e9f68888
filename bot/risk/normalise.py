"""Text normalisation for the risk screen.

Turns a raw text message into a lower-case, apostrophe-free token string:
text-speak expanded ("kms" -> "kill myself"), emoji mapped to words or markers,
key risk words spelled right when a typo is within a small edit distance
("sucidal" -> "suicidal"), and clause ends kept as a "|" token so that negation
and subjects can be looked up within one clause.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_CHARS = 4000  # longer messages are screened in their first and last parts

HUMOUR = "emohumour"  # marker token for laughing emoji, lol, haha ...
SAD = "emosad"

EMOJI = {
    "\U0001F480": HUMOUR, "\u2620": HUMOUR, "\U0001F602": HUMOUR, "\U0001F923": HUMOUR,
    "\U0001F606": HUMOUR, "\U0001F605": HUMOUR, "\U0001F639": HUMOUR, "\U0001F61C": HUMOUR,
    "\U0001F61D": HUMOUR, "\U0001F92A": HUMOUR, "\U0001F643": HUMOUR,
    "\U0001F52A": " knife ", "\U0001F5E1": " knife ", "\U0001F48A": " pills ",
    "\U0001F52B": " gun ", "\U0001FA78": " blood ", "\U0001FAA2": " rope ",
    "\U0001F309": " bridge ", "\u26B0": " coffin ", "\U0001FAA6": " coffin ",
    "\U0001F62D": SAD, "\U0001F622": SAD, "\U0001F625": SAD, "\U0001F61E": SAD,
    "\U0001F614": SAD, "\u2639": SAD, "\U0001F641": SAD, "\U0001F623": SAD,
    "\U0001F629": SAD, "\U0001F62B": SAD, "\U0001F494": SAD, "\U0001F63F": SAD,
    "\U0001F630": " scared ", "\U0001F628": " scared ", "\U0001F631": " scared ",
    "\U0001F691": " ambulance ", "\U0001F198": " help ",
}

# whole-token replacements: text-speak, contractions, common misspellings
TEXTSPEAK = {
    "kms": "kill myself", "kmS": "kill myself", "kys": "kill yourself",
    "unalive": "kill", "unalived": "killed", "unaliving": "killing",
    "cba": "cant be bothered", "ctb": "kill myself", "sh": "self harm",
    "od": "overdose", "oded": "overdosed", "odd": "odd",
    "u": "you", "ur": "your", "r": "are", "ya": "you", "yh": "yeah",
    "ppl": "people", "pls": "please", "plz": "please", "plzz": "please",
    "wanna": "want to", "wana": "want to", "gonna": "going to", "gna": "going to",
    "gotta": "got to", "dunno": "dont know", "idk": "dont know", "ik": "i know",
    "2day": "today", "2nite": "tonight", "tonite": "tonight", "2night": "tonight",
    "2moro": "tomorrow", "tmrw": "tomorrow", "tmw": "tomorrow", "b4": "before",
    "coz": "because", "cos": "because", "cuz": "because", "bc": "because", "cus": "because",
    "n": "and", "wiv": "with", "w": "with", "nuffin": "nothing", "nothin": "nothing",
    "evry1": "everyone", "every1": "everyone", "some1": "someone", "any1": "anyone",
    "no1": "no one", "noone": "no one", "nobody": "no one", "rn": "right now",
    "atm": "at the moment", "tbh": "", "ngl": "", "omg": "", "ffs": "", "fml": "",
    "lol": HUMOUR, "lool": HUMOUR, "lmao": HUMOUR, "lmfao": HUMOUR, "rofl": HUMOUR,
    "haha": HUMOUR, "hahaha": HUMOUR, "hehe": HUMOUR, "jk": HUMOUR, "xd": HUMOUR,
    "bf": "boyfriend", "gf": "girlfriend", "hubby": "husband", "oh": "oh",
    "mom": "mum", "mam": "mum", "mummy": "mum", "mammy": "mum", "daddy": "dad",
    "ds": "son", "dd": "daughter", "dh": "husband", "dp": "partner",
    "yo": "year old", "yr": "year", "yrs": "years", "hrs": "hours", "mins": "minutes",
    "kil": "kill", "kll": "kill", "kiil": "kill", "kilk": "kill", "kil": "kill",
    "myslf": "myself", "meself": "myself", "mysel": "myself", "mysef": "myself",
    "nife": "knife", "knifes": "knives", "tabs": "tablets", "meds": "medication",
    "paracetomol": "paracetamol", "paracetemol": "paracetamol", "paracetmol": "paracetamol",
    "sucide": "suicide", "suicde": "suicide", "suicdal": "suicidal", "sucidal": "suicidal",
    "brething": "breathing", "breathin": "breathing", "breatheing": "breathing",
    "wont": "wont", "cant": "cant", "dont": "dont", "didnt": "didnt", "isnt": "isnt",
    "dosent": "doesnt", "doesent": "doesnt", "dosnt": "doesnt", "wasnt": "wasnt",
    "aint": "isnt", "cannot": "cant", "hes": "hes", "shes": "shes",
    "anymore": "anymore", "nomore": "no more", "evrything": "everything",
    "evicted": "evicted", "homless": "homeless", "starvin": "starving",
    "knackerd": "knackered", "copeing": "coping", "copin": "coping", "harmin": "harming",
    "hangin": "hanging", "knif": "knife", "pils": "pills", "pillz": "pills", "overdos": "overdose", "nackered": "knackered", "shatterd": "shattered",
    "skint": "skint", "brassic": "skint", "potless": "skint",
    "fone": "phone", "phne": "phone", "wivout": "without", "witout": "without", "wot": "what",
    "wen": "when", "sed": "said", "ses": "says", "maself": "myself",
    "sayin": "saying", "bangin": "banging", "goin": "going", "doin": "doing", "comin": "coming",
    "tryin": "trying", "cryin": "crying", "takin": "taking", "gettin": "getting", "lookin": "looking",
    "feelin": "feeling", "thinkin": "thinking", "kickin": "kicking", "hittin": "hitting",
    "shoutin": "shouting", "screamin": "screaming", "sleepin": "sleeping", "eatin": "eating",
    "cuttin": "cutting", "bleedin": "bleeding", "livin": "living", "nite": "night",
    "preggo": "pregnant", "preggers": "pregnant", "leccy": "electric", "lecky": "electric",
    "telly": "tv", "mumma": "mum", "innit": "", "ive": "ive", "iv": "ive",
}

# multi-word phrases normalised after tokenising (applied on the joined string)
PHRASES = (
    (r"\bthe social\b(?! (media|worker|workers|services|care))", "social services"),
    (r"\bsocials\b", "social services"),
    (r"\bi m\b", "im"), (r"\bi ve\b", "ive"), (r"\bi ll\b", "ill"), (r"\bi d\b", "id"),
    (r"\b(he|she|it|that|there|what|who) s\b", r"\1s"),
    (r"\b(do|does|did|is|are|was|were|wo|ca|could|would|should|have|has|had) nt\b", r"\1nt"),
    (r"\b(do|does|did|is|are|was|were|could|would|should|have|has|had) n t\b", r"\1nt"),
    (r"\bcan t\b", "cant"), (r"\bwon t\b", "wont"), (r"\bdon t\b", "dont"),
    (r"\bcan not\b", "cant"), (r"\bself harm\w*", "self harm"),
    (r"\bunalive (myself|me)\b", "kill myself"),
    (r"\b(son|daughter|brother|sister|mother|father) in law\b", r"\1inlaw"), (r"\bover dose(d)?\b", r"overdose\1"),
)

KEYWORDS = (
    "suicide", "suicidal", "myself", "himself", "herself", "overdose", "overdosed",
    "paracetamol", "ibuprofen", "tablets", "pills", "medication", "bleach", "breathing",
    "unconscious", "unresponsive", "seizure", "swallowed", "knife", "strangled",
    "strangling", "choking", "punched", "slapped", "violent", "abusive", "abuse",
    "abused", "threatened", "threatening", "hanging", "killing", "evicted", "eviction",
    "homeless", "bailiffs", "starving", "worthless", "hopeless", "helpless", "exhausted",
    "overwhelmed", "struggling", "knackered", "depressed", "anxious", "anxiety",
    "cutting", "goodbye", "anymore", "tonight", "bleeding",
    "ambulance", "kicking", "collapsed", "antidepressants", "lonely",
    "shattered", "miserable", "domestic", "controlling", "terrified", "frightened",
)

# real words within reach of a keyword that must never be "corrected" into it
PROTECTED = frozenset("""
overdone overdue tables table pulls polls piles pile pill beach bleak breach breaking
bathing beating bleating breaching cooking coking slipped snapped slopped violet amuse
amused handing having noise nose starting staring starring storing smuggling pinched
munched punches kicked picking licking ticking kissing killings evident elected
homework bettering buttering coding coming cooing changing stringing spills harping
tablet mediation coping battering harming hanging hopefully thought through though tonights tonight anyone anymore goods
goodbyes struggle struggled strangle abuser abusers coping copying hoping hopping
choosing chucking cutting putting hating having harmony charming warming farming
shuttered shattering battling bottling kicking sticking anxiously lovely lowly
bleached myself himself herself itself yourself themselves medicating meditation
helpful healthy hopeful hopes homes home homely worthy threaten threatens threads
""".split())

_TOKEN_RE = None
_LEET = str.maketrans({"1": "i", "3": "e", "0": "o", "4": "a", "5": "s", "@": "a", "$": "s", "!": "i"})


def _token_re() -> re.Pattern:
    global _TOKEN_RE
    if _TOKEN_RE is None:
        _TOKEN_RE = re.compile(r"[a-z0-9£@$*!]+|\|")
    return _TOKEN_RE


@lru_cache(maxsize=1)
def _phrase_res():
    return tuple((re.compile(p), r) for p, r in PHRASES)


def osa_distance(a: str, b: str, bound: int) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein with adjacent
    transpositions), returning bound + 1 as soon as it must exceed bound."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > bound:
            return bound + 1
        prev2, prev = prev, cur
    return prev[-1]


def _bound(word: str) -> int:
    return 2 if len(word) >= 10 else 1


@lru_cache(maxsize=20000)
def correct_token(token: str) -> str:
    """Spell a token as a key risk word when it is a near miss of one."""
    if token in TEXTSPEAK:
        return TEXTSPEAK[token]
    if "*" in token and len(token) >= 3:  # self-censored: "k*ll", "su*cide"
        pattern = re.compile("^" + re.escape(token).replace(r"\*", "[a-z]{0,2}") + "$")
        for word in ("kill", "die", "dead", "suicide", "suicidal", "myself") + KEYWORDS:
            if pattern.match(word):
                return word
        return token.replace("*", "")
    if any(c.isdigit() or c in "@$!" for c in token) and any(c.isalpha() for c in token):
        decoded = token.translate(_LEET)
        if decoded.isalpha():
            fixed = correct_token(decoded)
            return fixed if fixed != decoded or decoded in KEYWORDS else token
        return token.replace("!", "")
    token = token.replace("!", "").replace("@", "a").replace("$", "s")
    if re.search(r"(.)\1\1", token):  # "soooo", "diiiie", "killlll"
        single = re.sub(r"(.)\1+", r"\1", token)
        double = re.sub(r"(.)\1\1+", r"\1\1", token)
        for cand in (double, single):
            if cand in KEYWORDS or cand in TEXTSPEAK or cand in _SHORT_WORDS:
                return TEXTSPEAK.get(cand, cand)
        token = double
    if len(token) < 5 or token in PROTECTED or token in KEYWORDS or not token.isalpha():
        return token
    best, best_d = token, 99
    for word in KEYWORDS:
        if word[0] != token[0] and not (len(word) >= 7 and word[0] == token[1]):
            continue
        bound = _bound(word)
        d = osa_distance(token, word, bound)
        if d <= bound and d < best_d:
            best, best_d = word, d
    return best


_SHORT_WORDS = frozenset("die dead kill hurt cut help now so too me need please sad".split())


def _map_emoji(text: str) -> str:
    out = []
    for ch in text:
        if ch in EMOJI:
            out.append(" " + EMOJI[ch] + " ")
        elif ord(ch) < 0x2000 or ch in "£":
            out.append(ch)
        elif unicodedata.category(ch).startswith("L"):
            out.append(ch)
        else:
            out.append(" ")  # other symbols and emoji carry no signal here
    return "".join(out)


def normalise(text: str) -> str:
    """Return the normalised token string of a message (may be empty)."""
    if not isinstance(text, str):
        text = str(text or "")
    if len(text) > MAX_CHARS:
        half = MAX_CHARS // 2
        text = text[:half] + " | " + text[-half:]
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = _map_emoji(text).lower()
    text = re.sub(r"(?<=[a-z])'(?=[a-z])", "", text)  # i'm -> im, can't -> cant
    text = re.sub(r"[.!?;:\n\r]+(?=\s|$)|[\n\r]+|\s[-–—]+\s", " | ", text)
    tokens = []
    for tok in _token_re().findall(text):
        if tok == "|":
            if tokens and tokens[-1] != "|":
                tokens.append("|")
            continue
        fixed = correct_token(tok)
        if fixed:
            tokens.append(fixed)
    out = " ".join(tokens).strip(" |")
    for pattern, repl in _phrase_res():
        out = pattern.sub(repl, out)
    return re.sub(r"\s+", " ", out)


def tokens_of(text: str) -> list[str]:
    return text.split()
