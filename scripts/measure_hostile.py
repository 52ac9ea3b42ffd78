"""Issue 9 figures, measured in one run as ratios:

1. a batch of good articles mixed with the hostile corpus (tests/hostile_corpus.py) against
   the good articles alone, both through `claimledger ingest` into a new SQLite ledger;
2. degenerate texts: how long the readers take to reject them against how long spaCy's
   tokenizer alone takes on a smaller piece of them (what ingest used to do);
3. the CRF features of one long paragraph (`said ` repeated) against the code before issue 9
   (crf_features.py as of commit e69375b, read from git), whose nearest-cue loop was quadratic.

    PYTHONPATH=src python scripts/measure_hostile.py [--good 40] [--rounds 2]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_corpus import build_corpus, expected_rejects  # noqa: E402

BEFORE = "e69375b"  # the last commit before issue 9

SENTENCES = (
    "Officials in {town} said on {day} that {n} families had been moved to shelters.",
    "\"The water is still rising,\" the mayor of {town}, Lena Varga, told reporters.",
    "According to the regional agency, about {m} homes were without power.",
    "Opposition leaders denied that the warnings had come too late.",
    "The ministry said repairs could cost {n} million euros, up from an earlier estimate.",
)
TOWNS = ("Brena", "Ostrava Nova", "Kelmar", "Tivoli Bay", "Sander", "Moravik", "Lund Vale")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def good_articles(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    for i in range(n):
        paras = []
        for p in range(6):
            words = {"town": TOWNS[(i + p) % len(TOWNS)], "day": DAYS[(i + p) % 5],
                     "n": 10 + 7 * i + p, "m": 200 + 13 * i + p}
            paras.append(" ".join(s.format(**words) for s in SENTENCES))
        (folder / f"story-{i:03d}.txt").write_text(
            f" date 2025-04-{1 + i % 28:02d} {TOWNS[i % len(TOWNS)].upper()} >> " + "\n\n".join(paras),
            encoding="utf-8")


def ingest_seconds(paths: list[Path], db: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "claimledger.cli", "ingest", *map(str, paths), "--db", str(db),
                    "--silent"], cwd=ROOT, check=False, capture_output=True)
    return time.perf_counter() - t0


def batch_ratio(work: Path, n_good: int, rounds: int) -> None:
    good = work / "good"
    good_articles(good, n_good)
    hostile = build_corpus(work / "hostile")
    n_files = sum(1 for p in hostile.rglob("*") if p.is_file())
    alone, mixed = [], []
    for r in range(rounds):
        alone.append(ingest_seconds([good], work / f"alone-{r}.db"))
        mixed.append(ingest_seconds([good, hostile], work / f"mixed-{r}.db"))
    a, m = min(alone), min(mixed)
    print(f"good alone: {n_good} articles, {a:.1f} s (best of {rounds})")
    print(f"good + hostile corpus ({n_files} files, {len(expected_rejects())} rejections): {m:.1f} s")
    print(f"ratio mixed / good alone: {m / a:.2f}  (target <= 2)")


def degenerate() -> None:
    from claimledger.extraction.pipeline import load_model
    from claimledger.readers import Article, ReadOptions
    from claimledger.readers.base import checked_article

    tok = load_model().tokenizer
    cases = {
        "punctuation 14 KB": "!?.,;:" * 2400,
        "quote marks 100 KB": '"' * 100_000,
        "emoji 200 KB": "\U0001f600" * 50_000,
    }
    for name, text in cases.items():
        t0 = time.perf_counter()
        try:
            checked_article(Article(id="x", text=text), ReadOptions())
        except Exception as exc:  # noqa: BLE001 - the rejection is what is timed
            rejected = str(exc)[:60]
        after = time.perf_counter() - t0
        # before: the tokenizer on a piece; it is quadratic, so the whole text takes longer
        piece = text[: 4000 if len(text) > 4000 else len(text)]
        t0 = time.perf_counter()
        tok(piece)
        part = time.perf_counter() - t0
        scale = (len(text) / len(piece)) ** 2
        print(f"{name}: rejected in {after * 1000:.1f} ms ({rejected}...); tokenizer alone on the "
              f"first {len(piece):,} characters {part:.2f} s, about {part * scale:,.0f} s for all of it "
              "(quadratic)")


def crf_features() -> None:
    import json
    import types

    from claimledger.extraction import crf_features as cf
    from claimledger.extraction.pipeline import load_model

    source = subprocess.run(["git", "show", f"{BEFORE}:src/claimledger/extraction/crf_features.py"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    old_cf = types.ModuleType("crf_features_before")
    sys.modules[old_cf.__name__] = old_cf  # dataclasses look their module up
    exec(compile(source, "crf_features_before", "exec"), old_cf.__dict__)  # noqa: S102 - our own code
    lexicon = json.loads((ROOT / "src/claimledger/extraction/data/attribution_lexicon.json").read_text())
    nlp = load_model()
    for chars in (20_000, 40_000):
        info = cf.doc_info(nlp("said " * (chars // 5)))
        t0 = time.perf_counter()
        cf.doc_features(info, lexicon)
        new = time.perf_counter() - t0
        t0 = time.perf_counter()
        old_cf.doc_features(info, lexicon)
        old = time.perf_counter() - t0
        print(f"doc_features, one paragraph of {chars:,} characters of `said `: {new:.2f} s, "
              f"before issue 9 {old:.2f} s (x{old / new:.0f})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--good", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--no-batch", action="store_true", help="skip the batch ratio (the slow part)")
    a = ap.parse_args()
    if not a.no_batch:
        with tempfile.TemporaryDirectory(prefix="claimledger-hostile-") as tmp:
            batch_ratio(Path(tmp), a.good, a.rounds)
    degenerate()
    crf_features()


if __name__ == "__main__":
    main()
