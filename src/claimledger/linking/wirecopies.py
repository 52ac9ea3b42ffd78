"""Wire copies: near-duplicate articles found with MinHash-LSH and sentence hashes.

Each article gets a MinHash signature of its word 4-shingles: the values of datasketch's
"legacy" scheme, computed with numpy (bit-identical; importing datasketch would import scipy). The
signature's bands go into `wire_bands` and the hashes of its longer sentences into
`sentence_hashes`, so a new article finds its candidates with two indexed lookups. A
candidate is a copy when the estimated Jaccard similarity is high, or when most sentences
of the shorter article are in the other (a trimmed copy).

Copies form a group whose origin is the earliest copy (article date, then ingest order).
Each claim of a copy points at the same claim of the origin (`claim_links.origin_claim_id`),
so copies never count as corroboration.
"""

from __future__ import annotations

import hashlib
import re
import struct

import numpy as np

from claimledger.linking.db import LinkDB
from claimledger.linking.entities import clear_table

NUM_PERM = 64
BANDS = 16  # of NUM_PERM // BANDS rows: candidates from an estimated Jaccard of about 0.5
ROWS = NUM_PERM // BANDS
SHINGLE = 4
SEED = 1
COPY_JACCARD = 0.7  # estimated Jaccard at or above which two articles are copies
COPY_CONTAINMENT = 0.8  # share of the shorter article's sentences found in the other
MIN_SHARED_SENTENCES = 3
MIN_SENTENCE_WORDS = 8
MAX_SENTENCE_POSTINGS = 50  # a sentence in more articles than this is boilerplate
MAX_BUCKET = 100  # an LSH bucket with more articles than this finds no candidates
MAX_CANDIDATES = 25
CLAIM_MATCH = 0.7  # word Jaccard at which a copy's claim is the origin's claim

_MERSENNE = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_WORD = re.compile(r"\w+")
_SENTENCE = re.compile(r"(?<=[.!?\"”])\s+(?=[\"“A-Z0-9])")


def _permutations() -> np.ndarray:
    gen = np.random.RandomState(SEED)
    return np.array(
        [(gen.randint(1, _MERSENNE, dtype=np.uint64), gen.randint(0, _MERSENNE, dtype=np.uint64))
         for _ in range(NUM_PERM)],
        dtype=np.uint64,
    ).T


_PERMS = _permutations()


def shingles(text: str) -> list[bytes]:
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE:
        return [" ".join(words).encode("utf-8")] if words else []
    return sorted({" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)})


def signature(text: str) -> np.ndarray:
    """The MinHash values of the text's shingles (uint64 holding 32-bit values): datasketch's
    `MinHash(num_perm=64, seed=1, scheme="legacy")` values, computed here with numpy because
    importing datasketch imports scipy (seconds per process); tests check they are equal."""
    return _signature_numpy(shingles(text))


def _signature_numpy(items: list[bytes]) -> np.ndarray:
    """The same values as datasketch's legacy MinHash, without datasketch."""
    hv = np.array([struct.unpack("<I", hashlib.sha1(b).digest()[:4])[0] for b in items], dtype=np.uint64)
    if not len(hv):
        return np.full(NUM_PERM, _MAX_HASH, dtype=np.uint64)
    a, b = _PERMS
    phv = np.bitwise_and((hv[:, None] * a + b) % _MERSENNE, _MAX_HASH)
    return phv.min(axis=0)


def band_hashes(sig: np.ndarray) -> list[int]:
    """One 63-bit hash per band (fits a signed BIGINT on both back ends)."""
    out = []
    for band in range(BANDS):
        chunk = sig[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        out.append(int.from_bytes(hashlib.blake2b(chunk, digest_size=8).digest(), "little") >> 1)
    return out


def sentence_hashes(text: str) -> list[int]:
    out = set()
    for sent in _SENTENCE.split(text):
        words = _WORD.findall(sent.casefold())
        if len(words) >= MIN_SENTENCE_WORDS:
            digest = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=8).digest()
            out.add(int.from_bytes(digest, "little") >> 1)
    return sorted(out)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)


def _pack(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def _unpack(blob: bytes) -> np.ndarray:
    return np.frombuffer(bytes(blob), dtype="<u4").astype(np.uint64)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


class WireCopyStage:
    """Finds the wire copies of each new article and keeps every group's origin."""

    name = "wirecopies"

    def link_articles(self, db: LinkDB, article_ids: list[int]) -> None:
        rows = db.select_in("SELECT id, date, text FROM articles WHERE id {IN}", article_ids)
        info = {int(r[0]): (r[1], r[2]) for r in rows}
        for aid in article_ids:  # one at a time: an article may copy one of the same batch
            date, text = info[aid]
            self._link_one(db, aid, date, text)

    def _link_one(self, db: LinkDB, aid: int, date: str | None, text: str) -> None:
        sig = signature(text)
        bands = band_hashes(sig)
        sents = sentence_hashes(text)
        hits: dict[int, int] = {}
        buckets: dict[int, list[int]] = {}
        posted: list[tuple[int, int]] = []
        # every band and every sentence in one statement: one round trip (band -1: a sentence)
        sentence_sql = " UNION ALL SELECT -1, hash, article_id FROM sentence_hashes WHERE hash IN ({})"
        for band, h, other in db.execute(
                "SELECT band, hash, article_id FROM wire_bands WHERE "
                + " OR ".join(["(band = ? AND hash = ?)"] * len(bands))
                + (sentence_sql.format(",".join("?" * len(sents))) if sents else ""),
                [x for band_hash in enumerate(bands) for x in band_hash] + sents):
            if int(band) < 0:
                posted.append((int(h), int(other)))
            else:
                buckets.setdefault(int(band), []).append(int(other))
        for bucket in buckets.values():
            if len(bucket) <= MAX_BUCKET:  # a fuller bucket is boilerplate, not one wire story
                for other in bucket:
                    hits[other] = hits.get(other, 0) + 1
        postings: dict[int, int] = {}
        for h, _ in posted:
            postings[int(h)] = postings.get(int(h), 0) + 1
        shared: dict[int, int] = {}
        for h, other in posted:
            if postings[int(h)] < MAX_SENTENCE_POSTINGS:  # boilerplate links nothing
                shared[int(other)] = shared.get(int(other), 0) + 1
        for other, n in shared.items():
            if n >= MIN_SHARED_SENTENCES:
                hits[other] = hits.get(other, 0) + n
        # the most similar few: a copy shares many bands or sentences, so few are needed
        candidates = sorted(hits, key=lambda o: (-hits[o], o))[:MAX_CANDIDATES]
        copies: list[tuple[int, float]] = []
        if candidates:
            stored = db.select_in("SELECT article_id, signature, sentences FROM wire_signatures"
                                  " WHERE article_id {IN}", sorted(candidates))
            sigs = {int(r[0]): _unpack(r[1]) for r in stored}
            counts = {int(r[0]): int(r[2]) for r in stored}
            for other in sorted(candidates):
                j = jaccard(sig, sigs[other]) if other in sigs else 0.0
                n_shared = shared.get(other, 0)
                shorter = min(len(sents), counts.get(other, 0)) or 1
                contained = n_shared >= MIN_SHARED_SENTENCES and n_shared / shorter >= COPY_CONTAINMENT
                if j >= COPY_JACCARD or contained:
                    copies.append((other, max(j, n_shared / shorter)))
        db.execute("INSERT INTO wire_signatures (article_id, signature, sentences) VALUES (?, ?, ?)",
                   (aid, _pack(sig), len(sents)))
        db.executemany("INSERT INTO wire_bands (band, hash, article_id) VALUES (?,?,?)",
                       [(b, h, aid) for b, h in enumerate(bands)])
        db.executemany("INSERT INTO sentence_hashes (hash, article_id) VALUES (?, ?)",
                       [(h, aid) for h in sents if postings.get(h, 0) < MAX_SENTENCE_POSTINGS])
        self._join_groups(db, aid, date, copies)

    def _join_groups(self, db: LinkDB, aid: int, date: str | None, copies: list[tuple[int, float]]) -> None:
        """Put `aid` in the group of its copies (merging groups it bridges); the earliest
        article of the group is its origin."""
        if not copies:  # an origin of its own: nothing to read
            db.execute("INSERT INTO wire_copies (article_id, origin_id, similarity) VALUES (?,?,?)", (aid, aid, 1.0))
            return
        similarity = max(s for _, s in copies)
        origins = sorted({int(r[0]) for r in db.select_in(
            "SELECT origin_id FROM wire_copies WHERE article_id {IN}", [o for o, _ in copies])})
        members = [aid] + [int(r[0]) for r in db.select_in(
            "SELECT article_id FROM wire_copies WHERE origin_id {IN}", origins)]
        dates = {int(r[0]): r[1] for r in db.select_in("SELECT id, date FROM articles WHERE id {IN}", members)}
        origin = min(members, key=lambda i: (dates.get(i) or "9999-99-99", i))
        db.execute("INSERT INTO wire_copies (article_id, origin_id, similarity) VALUES (?,?,?)",
                   (aid, origin, similarity if copies else 1.0))
        if origins and origins != [origin]:
            db.select_in("UPDATE wire_copies SET origin_id = ? WHERE origin_id {IN}", origins, (origin,))
        if copies or origins:
            self._match_claims(db, origin, sorted(set(members)))

    @staticmethod
    def _match_claims(db: LinkDB, origin: int, members: list[int]) -> None:
        """Point every claim of the group at the same claim of the origin (itself if none)."""
        rows = db.select_in(
            "SELECT l.claim_id, l.article_id, l.text_key, c.text FROM claim_links l"
            " JOIN claims c ON c.id = l.claim_id WHERE l.article_id {IN} ORDER BY l.claim_id", members)
        of_origin = [(int(r[0]), r[2], _words(r[3])) for r in rows if int(r[1]) == origin]
        updates = []
        for cid, aid, key, text in rows:
            target = int(cid)
            if int(aid) != origin:
                words = _words(text)
                for ocid, okey, owords in of_origin:
                    if okey == key or len(words & owords) / (len(words | owords) or 1) >= CLAIM_MATCH:
                        target = ocid
                        break
            updates.append((target, int(cid)))
        db.executemany("UPDATE claim_links SET origin_claim_id = ? WHERE claim_id = ?", updates)

    def clear(self, db: LinkDB) -> None:
        for table in ("wire_copies", "sentence_hashes", "wire_bands", "wire_signatures"):
            clear_table(db, table)


STAGE = WireCopyStage()
