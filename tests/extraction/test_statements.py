"""Statement spans (content / source / cue / kind) on sentences written for these tests."""

from __future__ import annotations

import warnings

import pytest

from claimledger.extraction import statements as st
from claimledger.extraction.crf_features import doc_info, inside_quote, quote_states

# (text, expected statements as (content pieces, source, cue, kind)); a content piece only
# has to lie inside a predicted content span, and sources/cues must match after trimming.
CASES = [
    (  # split quote: one statement, two content spans
        "“We will rebuild the harbor,” the governor said. “It will take two years.”",
        [
            (
                ["We will rebuild the harbor", "It will take two years"],
                "the governor",
                "said",
                "direct",
            )
        ],
    ),
    (  # floating quote: the next paragraph keeps the speaker
        "“The plant will close in March,” said Ana Ruiz, a spokeswoman for the company.\n\n"
        "“Workers will receive severance pay and help finding new jobs.”",
        [
            (
                ["The plant will close in March"],
                "Ana Ruiz, a spokeswoman for the company",
                "said",
                "direct",
            ),
            (
                ["Workers will receive severance pay"],
                "Ana Ruiz, a spokeswoman for the company",
                "said",
                "direct",
            ),
        ],
    ),
    (  # colon attribution
        "The mayor put it simply: “The budget is broken and we have to fix it.”",
        [(["The budget is broken and we have to fix it"], "The mayor", None, "direct")],
    ),
    (
        "According to the weather service, the storm will reach the coast on Sunday.",
        [
            (
                ["the storm will reach the coast on Sunday"],
                "the weather service",
                "According to",
                "according_to",
            )
        ],
    ),
    (
        "The company said that its profits rose by ten percent last year.",
        [(["its profits rose by ten percent last year"], "The company", "said", "indirect")],
    ),
    (  # the closing quote mark is missing
        'The coach said "we played our best game of the season.',
        [(["we played our best game of the season"], "The coach", "said", "direct")],
    ),
    (  # NYT-style ASCII quote marks
        "''The vote was closer than we expected,'' the senator said on Tuesday.",
        [(["The vote was closer than we expected"], "the senator", "said", "direct")],
    ),
    (  # the cue ends a paragraph with a colon; the quote is the next paragraph
        "The senator said on Monday:\n\n“This bill will not pass in its current form.”",
        [(["This bill will not pass in its current form"], "The senator", "said", "direct")],
    ),
    (  # transcript labels
        "HOST: Welcome back to the program, we have a lot to cover tonight.\n\n"
        "GARCIA: Thank you, it is good to be here.",
        [
            (["Welcome back to the program"], "HOST", None, "indirect"),
            (["it is good to be here"], "GARCIA", None, "indirect"),
        ],
    ),
    (  # split quote, then a floating paragraph
        "“Nobody expected the river to rise this fast,” said the fire chief, Tom Berry. "
        "“We moved people out overnight.”\n\n“Next year we will build the wall higher.”",
        [
            (
                ["Nobody expected the river", "We moved people out"],
                "the fire chief, Tom Berry",
                "said",
                "direct",
            ),
            (["Next year we will build"], "the fire chief, Tom Berry", "said", "direct"),
        ],
    ),
    (
        "The bridge opened to traffic on Tuesday morning after two years of repairs.",
        [],
    ),
]


def _clean(text: str) -> str:
    return text.strip(" \t\n.,:;\"“”'")


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_statements(nlp, text: str, expected: list) -> None:
    found = st.find_statements(nlp(text))
    assert len(found) == len(expected), [(s.content, s.source, s.cue) for s in found]
    for s, (pieces, source, cue, kind) in zip(found, expected, strict=True):
        contents = [text[a:b] for a, b in s.content]
        for piece in pieces:
            assert any(piece in c for c in contents), (piece, contents)
        assert [_clean(text[a:b]) for a, b in s.source] == ([source] if source else [])
        if cue is not None:
            assert [_clean(text[a:b]) for a, b in s.cue] == [cue]
        else:
            assert s.cue, "a statement needs a cue"
        assert s.kind == kind


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        ('He said "go now" and left.', "go", "left"),
        ("He said “go now” and left.", "go", "left"),
        ("He said ''go now'' and left.", "go", "left"),
        ('She wrote "stay home.\nNext day came.', "stay", "Next"),  # newline closes
    ],
)
def test_quote_states(text: str, inside: str, outside: str) -> None:
    pos, state = quote_states(text)
    assert inside_quote(pos, state, text.index(inside)) == 1
    assert inside_quote(pos, state, text.index(outside)) == 0


def test_offsets_index_the_text(nlp) -> None:
    text = "  “Prices will fall,”\tthe minister said.\n\n\nOthers disagreed, the report said."
    doc = nlp(text)
    for s in st.find_statements(doc):
        for a, b in s.content + s.source + s.cue:
            assert 0 <= a < b <= len(text)
            assert text[a:b] == text[a:b].strip()


def test_paragraphs_skip_newlines(nlp) -> None:
    info = doc_info(nlp("One line here.\n\nA second one."))
    assert [info.orth[a] for a, _ in info.paragraphs] == ["One", "A"]


def test_rules_when_weights_are_missing(nlp, monkeypatch) -> None:
    monkeypatch.setattr(st, "MODEL_FILES", ("no-such-model.crfsuite", "none.crfsuite"))
    st._load_crf.cache_clear()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = st.find_statements(nlp("The company said that its profits rose last year."))
        assert any("not found" in str(w.message) for w in caught)
        assert [(s.kind, len(s.source)) for s in found] == [("indirect", 1)]
    finally:
        st._load_crf.cache_clear()


def test_best_cue_is_the_least_cost_of_every_cue(nlp) -> None:
    """The pruned search for a content span's cue gives what trying every cue gave."""
    text = " ".join(
        f"The {w} said {n} ships sank, and the {w}'s aide told reporters the port, which officials "
        f"said was shut, would reopen." for n, w in enumerate(["minister", "mayor", "union", "court"] * 4))
    doc = nlp(text)
    info = doc_info(doc)
    cues = [st._TSpan("C", t.i, t.i + 1) for t in doc if t.lower_ in ("said", "told")]
    starts = [c.start for c in cues]
    taken = {c.start for c in cues}
    for i in range(len(doc)):
        for length in (1, 3):
            if any(j in taken for j in range(i, min(i + length, len(doc)))):
                continue
            t = st._TSpan("T", i, min(i + length, len(doc)))
            every = min(range(len(cues)), key=lambda k: st._content_cost(info, cues[k], t))
            assert st._best_cue(info, cues, starts, t) == every


def test_grouping_a_long_paragraph_tries_few_cues_per_content(nlp, monkeypatch) -> None:
    """One paragraph of 400 attributions: each content is weighed against nearby cues only
    (weighing every cue made the grouping quadratic, minutes for a long wall of text)."""
    doc = nlp("The minister said 5 ships sank. " * 400)
    calls = 0
    real = st._content_cost

    def counted(*args):  # noqa: ANN002, ANN202
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(st, "_content_cost", counted)
    found = st.find_statements(doc)
    assert len(found) >= 350
    assert calls <= 5 * 400
