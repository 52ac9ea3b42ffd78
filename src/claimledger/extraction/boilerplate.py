"""Page boilerplate inside an article text: left out of extraction, kept in the text.

Web pages put the publisher's own lines among the paragraphs: paywall notices ("To view
the full story, please subscribe"), newsletter and app prompts ("Sign up", "download our
app"), "Report a typo", copyright lines and "MORE:" / "Read more:" links to other stories.
Extracted as prose they give claims with speakers such as "you". The text itself stays
exact (offsets must not move), so this module only says which paragraphs are boilerplate;
extraction skips claims whose content starts in one.
"""

from __future__ import annotations

import re

# A paragraph is boilerplate when it is short and matches one of these.
BOILERPLATE_PATTERNS = [
    # links to other stories
    r"^(?:read more|more|related|see also|also read|recommended|watch|listen|trending)\s*[:|-]",
    r"^(?:related|related stories|related articles|advertisement|sponsored)\s*$",
    # paywalls and subscriptions
    r"\bsubscribe (?:now|today|to (?:our|the|read))\b",
    r"\balready a subscriber\b",
    r"\b(?:to (?:view|read) the full (?:story|article)|for the full story|to continue reading)\b",
    r"\b(?:subscribers? only|for subscribers|premium (?:content|article))\b",
    r"\byou have reached (?:your|the) (?:limit|maximum)\b",
    r"\bfree articles?\b.*\b(?:left|remaining|this month)\b",
    # newsletters, apps, social
    r"\bsign up\b.*\b(?:newsletter|email|free|here|now|today)\b|\b(?:newsletter|email)\b.*\bsign up\b",
    r"\bsign up\s*$",
    r"\bby email and never miss\b",
    r"\bdownload (?:the|our) [\w ]{0,30}apps?\b",
    r"\bon the [\w ]{1,30} app, click here\b",
    r"\bclick here to (?:watch|read|listen|subscribe|sign up|download|see)\b",
    r"\bfollow us on\b",
    r"\bshare (?:this|the) (?:article|story)\b",
    # corrections, copyright
    r"\breport (?:a|an) (?:typo|error|correction)\b",
    r"\b(?:©|\(c\)|copyright)\s*\d{4}\b",
    r"\ball rights reserved\b",
    r"\bwritten permission must be obtained\b",
]
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in BOILERPLATE_PATTERNS), re.I)
EMBEDDED_POST = re.compile(r"^<tweet\b|pic\.twitter\.com/|twitter\.com/\w+/status/", re.I)
MAX_WORDS = 60  # longer paragraphs are prose, even when they mention a subscription


def is_boilerplate(paragraph: str) -> bool:
    """True when one paragraph of an article is the page's own boilerplate."""
    text = paragraph.strip()
    if not text or len(text.split()) > MAX_WORDS or EMBEDDED_POST.search(text):
        return False  # an embedded post is what someone said, whatever the page put in it
    return bool(_BOILERPLATE.search(text))


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Character spans [start, end) of the boilerplate paragraphs of `text`, in order."""
    out = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if is_boilerplate(line):
            out.append((start, end))
        start = end + 1
    return out
