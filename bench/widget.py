"""The chat widget: gzipped size, page load to launcher ready, send to first reply (headless Chromium).

Part of `python -m bench`; `python -m bench.widget` measures it alone on a stack of its own.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
from pathlib import Path

from bench import load, servers
from bench.servers import log
from bench.stats import summary

STATIC = servers.ROOT / "bot" / "web" / "static"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PAGE_LOADS = 10
MESSAGES = 50
GOAL_GZIP_BYTES = 15 * 1024

# Send one message through the widget's own form and time it to the first new reply on screen.
SEND_AND_TIME = """async (text) => {
  const root = document.getElementById('parent-support-chat').shadowRoot;
  const log = root.querySelector('.log');
  const before = log.querySelectorAll('.msg.bot, .msg.staff').length;
  return await new Promise((resolve) => {
    const started = performance.now();
    const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, 30000);
    const observer = new MutationObserver(() => {
      if (log.querySelectorAll('.msg.bot, .msg.staff').length > before) {
        observer.disconnect(); clearTimeout(timer); resolve(performance.now() - started);
      }
    });
    observer.observe(log, {childList: true});
    root.querySelector('#ps-input').value = text;
    root.querySelector('form').requestSubmit();
  });
}"""
READY_MS = """() => new Promise((resolve) => {
  const check = () => {
    const mark = performance.getEntriesByName('parent-support-chat-ready')[0];
    if (mark) { resolve(mark.startTime); } else { setTimeout(check, 10); }
  };
  check();
})"""


def token_for(sender: str) -> str:
    from bot.settings import Settings
    from bot.web.widget_session import sign

    return sign(Settings.from_env().secret_key, sender, "harbourside")


def sizes() -> dict:
    result = {}
    for name in ("widget.js", "widget.css"):
        raw = (STATIC / name).read_bytes()
        result[name] = {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, 9))}
    total = sum(item["gzip_bytes"] for item in result.values())
    result["gzip_total"] = {"value": total, "goal": GOAL_GZIP_BYTES, "met": total < GOAL_GZIP_BYTES}
    return result


def _open(page, bot_url: str) -> float:
    page.goto(f"{bot_url}/")
    ready = page.evaluate(READY_MS)
    page.get_by_role("button", name="Chat with us").click()
    return ready


def measure(bot_url: str, page_loads: int = PAGE_LOADS, messages: int = MESSAGES) -> dict:
    from playwright.sync_api import sync_playwright

    texts = [text for script in load.PARENT_SCRIPTS for text in script]
    ready_ms, reply_ms, unanswered = [], [], 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            for _ in range(page_loads):  # a fresh browser profile each time: nothing cached
                context = browser.new_context()
                ready_ms.append(_open(context.new_page(), bot_url) / 1000)
                context.close()
            context, page = None, None
            for i in range(messages):
                if i % 10 == 0:  # a new family every 10 messages, as in the latency benchmark
                    if context is not None:
                        context.close()
                    context = browser.new_context()
                    page = context.new_page()
                    _open(page, bot_url)
                elapsed = page.evaluate(SEND_AND_TIME, texts[i % len(texts)])
                if elapsed is None:
                    unanswered += 1
                else:
                    reply_ms.append(elapsed / 1000)
            if context is not None:
                context.close()
        finally:
            browser.close()
    return {
        "size": sizes(),
        "page_load_to_launcher_ready": dict(summary(ready_ms), loads=page_loads),
        "send_to_first_reply": dict(summary(reply_ms), messages=messages, unanswered=unanswered),
    }


def main() -> int:
    database_dir = Path(tempfile.mkdtemp(prefix="bench-widget-"))
    stack = servers.start_stack(database_dir)
    try:
        log(f"stack healthy after {stack.wait_ready(stack.urls['health']):.1f} s")
        print(json.dumps(measure(stack.urls["bot"]), indent=2))
        return 0
    finally:
        stack.stop()
        shutil.rmtree(database_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
