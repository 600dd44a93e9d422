"""Prove that the comment text analysis of #13 answers exactly as before, and how much cheaper it is.

Usage::

    python benchmarks/vet.py --creators 250 --db bench250.db --keep
    python benchmarks/features_equivalence.py --db bench250.db [--fuzz 50000] [--rounds 5]

Compares the current ``vetting`` functions (``_analyse``, ``classifier_text``, ``comment_cues``,
``address_of``, ``model_text``, ``canonical_text``, ``entity_tokens``, ``normalize_comment``,
``comment_skeleton``) with the frozen copies under ``tests/`` on every comment text of the store,
every string of the labelled corpora, hostile strings and seeded random mixtures of them; exits 1
on the first differences. Then prints the CPU time per distinct text of ``_analyse`` +
``comment_skeleton``, old and new, alternating over several rounds, and their ratio.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import reference_comment_features as ref_cf  # noqa: E402
from features_equivalence import HOSTILE, corpus_texts, differences, fuzz_texts  # noqa: E402

from vetting import comment_features as cf  # noqa: E402
from vetting.networks import comment_skeleton  # noqa: E402


def _cpu(analyse, skeleton, texts: list[str]) -> float:
    start = time.process_time()
    for text in texts:
        analyse(text)
        skeleton(text)
    return time.process_time() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a store made by benchmarks/vet.py --keep")
    parser.add_argument("--fuzz", type=int, default=50_000, help="random mixtures to compare (default 50,000)")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (default 5; 0 skips timing)")
    args = parser.parse_args()
    store = sorted({r[0] or "" for r in sqlite3.connect(args.db).execute("select text from comments")}) \
        if args.db else []
    corpus = corpus_texts()
    fuzz = fuzz_texts(corpus + store[:20_000], args.fuzz)
    for name, texts in (("store", store), ("corpora", corpus), ("hostile", HOSTILE), ("fuzz", fuzz)):
        found = differences(texts)
        print(f"{name}: {len(texts):,} texts, {len(found)} differences")
        for function, text, new, old in found[:5]:
            print(f"  {function}({text!r}):\n    new {new!r}\n    old {old!r}")
        if found:
            return 1
    if not args.rounds or not store:
        return 0
    old_total = new_total = 0.0
    for r in range(args.rounds):
        old = _cpu(ref_cf._analyse.__wrapped__, ref_cf.comment_skeleton, store)
        new = _cpu(cf._analyse.__wrapped__, comment_skeleton, store)
        old_total += old
        new_total += new
        print(f"round {r + 1}: old {old / len(store) * 1e6:.1f} µs/text, new {new / len(store) * 1e6:.1f} µs/text, "
              f"ratio {old / new:.2f}")
    per_text = 1e6 / args.rounds / len(store)
    print(f"_analyse + comment_skeleton over {len(store):,} distinct texts: old {old_total * per_text:.1f} µs/text, "
          f"new {new_total * per_text:.1f} µs/text, ratio {old_total / new_total:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
