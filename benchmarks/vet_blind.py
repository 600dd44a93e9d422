"""Creator verdicts on the independently written held-out set (``models/bot_comments/eval``).

Loads the 961 comments under their 30 invented creators into a temporary store, vets it, and
prints per creator the labelled and measured bot-like share and the verdict; then the two checks
of the Vet issue: every bot-heavy creator (>= 40 % bot-like by the labels) gets ``avoid`` or
``review``, no clean creator (0 % bot-like) gets ``avoid``. The set has no follower or interaction
counts, so no creator can be ``recommended`` here (unknown engagement is never recommended).

    python benchmarks/vet_blind.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.storage import Store
from vetting.blind_store import blind_creator_report, load_blind_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "blind.db")
        truth = load_blind_store(store)
        report = blind_creator_report(store, truth)
        store.close()
    if args.json:
        print(json.dumps(report))
        return
    for c in report["creators"]:
        tag = "bot-heavy" if c["bot_heavy"] else "clean" if c["clean"] else ""
        measured = "-" if c["measured_bot_share"] is None else f"{c['measured_bot_share']:.2f}"
        print(f"{c['creator']}  labelled {c['labelled_bot_share']:.2f}  measured {measured}  "
              f"{c['verdict']:<17} {tag}")
    print(f"bot-heavy creators not given avoid/review: {len(report['bot_heavy_missed'])} of {report['bot_heavy']} "
          f"{report['bot_heavy_missed']}")
    print(f"clean creators given avoid: {len(report['clean_avoided'])} of {report['clean']} {report['clean_avoided']}")


if __name__ == "__main__":
    main()
