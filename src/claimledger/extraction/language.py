"""Is an article in English? Extraction reads English only; other languages are rejected.

The English pipeline happily tags a Russian or Spanish text and produces "claims" whose
speakers are random words. So every article is checked before extraction:

1. a fast test: English prose is full of function words ("the", "of", "said"); when they
   make up enough of the words, the text is English and nothing else runs;
2. otherwise py3langid (its model ships inside the wheel, nothing is downloaded) names the
   language. Without py3langid installed, only the first test runs and a text that fails it
   is still extracted (with a warning), since "unknown" must not block English articles.
"""

from __future__ import annotations

import re
import warnings
from functools import cache
from typing import Any

from claimledger.errors import BadInputError

ENGLISH_FUNCTION_WORDS = frozenset(
    """the of and to in a is that for on was with said as by it at from he she has have
    are be this not but an they his her will would were had its their been who which
    says told or after about than more also we i you our""".split()
)
ENGLISH_SHARE = 0.12  # share of function words above which a text is English at once
SAMPLE_CHARS = 4000
# log-probability per character by which another language must beat English (real German,
# French, Spanish text: 1.5 and more; English lines of names, numbers and addresses: under 0.3)
MIN_MARGIN_PER_CHAR = 0.5
MIN_WORDS = 5  # different words needed before a text is called another language  # the language of an article shows in its first few paragraphs
_WORD = re.compile(r"[^\W\d_]+")
LANGUAGE_NAMES = {
    "ru": "Russian", "uk": "Ukrainian", "es": "Spanish", "fr": "French", "de": "German",
    "it": "Italian", "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "tr": "Turkish",
    "ar": "Arabic", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "sv": "Swedish",
    "da": "Danish", "no": "Norwegian", "fi": "Finnish", "cs": "Czech", "ro": "Romanian",
    "hu": "Hungarian", "el": "Greek", "he": "Hebrew", "fa": "Persian", "hi": "Hindi",
    "id": "Indonesian", "vi": "Vietnamese", "th": "Thai",
}


class NotEnglishError(BadInputError):
    """The article is not in English."""


def english_share(text: str) -> float:
    """Share of the words of `text` (its start) that are English function words."""
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    if not words:
        return 1.0  # nothing to judge: numbers, symbols, an empty text
    return sum(w in ENGLISH_FUNCTION_WORDS for w in words) / len(words)


@cache
def _langid() -> Any:
    try:
        import py3langid
    except ImportError:
        return None
    return py3langid


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language of `text`: "en" when it reads as English, "und"
    when it cannot be told."""
    if english_share(text) >= ENGLISH_SHARE:
        return "en"
    if len(set(_WORD.findall(text[:SAMPLE_CHARS].lower()))) < MIN_WORDS:
        return "und"  # too few different words to tell ("Strikes close ports", "xxxx")
    langid = _langid()
    if langid is None:
        warnings.warn(
            "py3langid is not installed: a text that may not be English is extracted anyway "
            "(pip install py3langid)", stacklevel=2,
        )
        return "und"
    sample = text[:SAMPLE_CHARS]
    scores = dict(langid.rank(sample))
    code = max(scores, key=scores.get)
    if code == "zxx":
        return "und"
    # Names, addresses and datelines with few words fool the classifier into a near language
    # (a creole, a minor one); call a text foreign only when it beats English clearly.
    if (scores[code] - scores.get("en", scores[code])) / max(len(sample), 1) < MIN_MARGIN_PER_CHAR:
        return "und"
    return str(code)


def check_english(text: str, origin: str) -> None:
    """Raise NotEnglishError when `text` is in another language than English."""
    code = detect_language(text)
    if code in ("en", "und"):
        return
    name = LANGUAGE_NAMES.get(code, code)
    raise NotEnglishError(
        origin,
        f"the article is in {name} ({code}), not English; no claims were extracted",
        "claimledger reads English news only: leave this input out or translate it first",
    )
