"""10-turn conversations against a chat endpoint: sequential for latency, concurrent for throughput."""
from __future__ import annotations

import itertools
import json
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Sequence

from bench.stats import summary

REQUEST_TIMEOUT_S = 60

# Parents: greeting, check-in answer, form and service questions, declining the offer of
# the HWBL, school questions, thanks, bye (intents from domain.yml and data/nlu). Nothing
# that asks for a person or screens as risky, so no case or alert is raised.
PARENT_SCRIPTS = [
    ["hi there, I'm a mum from year 2", "up and down to be honest",
     "how do I apply for free school meals?", "no thanks", "how much is breakfast club",
     "where is the nearest food bank", "no thank you", "what time does the school office open",
     "thanks so much", "bye"],
    ["hello", "good thanks", "what can you help with",
     "we can't afford the school uniform, is there a grant", "not now",
     "he won't go to bed, bedtime is a battle every night", "no thanks", "when is half term",
     "cheers", "see ya"],
    ["hiya", "struggling a bit", "no thanks", "how do I report my child sick",
     "can I take the kids out for a family wedding in term time", "nah",
     "is there a homework club", "how do i apply for universal credit", "thank you",
     "that's all for now"],
]
# The `rasa init` assistant's own kind of messages (its data/nlu.yml).
BASELINE_SCRIPTS = [
    ["hey", "my day was horrible", "no", "good morning", "I am sad", "yes", "are you a bot?",
     "hello there", "I am feeling very good", "goodbye"],
    ["hi", "great", "am I talking to a bot?", "good evening", "not good", "of course",
     "hey there", "amazing", "see you later", "bye"],
]


@dataclass
class Target:
    name: str
    url: str
    scripts: Sequence[Sequence[str]]
    token_for: Optional[Callable[[str], str]] = None  # the web chat relay wants a session token


@dataclass
class Result:
    latencies: List[float] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)
    no_reply: List[str] = field(default_factory=list)  # turns answered with no text
    replies: List[str] = field(default_factory=list)

    def add(self, other: "Result") -> None:
        self.latencies += other.latencies
        self.errors += other.errors
        self.no_reply += other.no_reply
        self.replies += other.replies

    def report(self) -> dict:
        return dict(summary(self.latencies), errors=len(self.errors), first_errors=self.errors[:3],
                    turns_without_reply=len(self.no_reply),
                    no_reply_messages=sorted(set(self.no_reply))[:5])


def _post(url: str, sender: str, text: str, token: Optional[str] = None) -> list:
    body = json.dumps({"sender": sender, "message": text, **({"token": token} if token else {})}).encode()
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as resp:
        data = json.loads(resp.read())
    return data["messages"] if isinstance(data, dict) else data  # the relay wraps the list


def conversation(target: Target, script: Sequence[str]) -> Result:
    """One new conversation (fresh sender id), one turn per line of the script."""
    result = Result()
    sender = f"bench-{uuid.uuid4().hex}"
    for text in script:
        start = time.perf_counter()
        try:
            messages = _post(target.url, sender, text, target.token_for(sender) if target.token_for else None)
        except (urllib.error.URLError, OSError, ValueError, KeyError) as error:
            result.errors.append(f"{text!r}: {error}")
            continue
        result.latencies.append(time.perf_counter() - start)
        texts = [m.get("text", "") for m in messages if isinstance(m, dict)]
        if not any(texts):
            result.no_reply.append(text)
        result.replies += texts
    return result


def warm_up(target: Target) -> Result:
    result = Result()
    for script in target.scripts:
        result.add(conversation(target, script))
    return result


def latency(targets: List[Target], conversations: int, budget_s: float) -> dict:
    """Sequential conversations, interleaved across targets so slow drift on a shared
    machine hits every target alike. Stops starting new rounds after `budget_s`."""
    results = {target.name: Result() for target in targets}
    deadline = time.monotonic() + budget_s
    for index in range(conversations):
        if time.monotonic() > deadline:
            break
        for target in targets:
            results[target.name].add(conversation(target, target.scripts[index % len(target.scripts)]))
    return {name: result.report() for name, result in results.items()}


def throughput(target: Target, concurrency: int, conversations: int) -> dict:
    """`conversations` conversations, `concurrency` at once; turns per second over the wall time."""
    scripts = list(itertools.islice(itertools.cycle(target.scripts), conversations))
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        parts = list(pool.map(lambda script: conversation(target, script), scripts))
    wall = time.perf_counter() - start
    result = Result()
    for part in parts:
        result.add(part)
    return dict(result.report(), concurrency=concurrency, conversations=conversations,
                wall_s=round(wall, 2), turns_per_s=round(len(result.latencies) / wall, 2))
