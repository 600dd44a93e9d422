"""Precision and recall of the conversation labels per language and label (vetting.conversation).

    python benchmarks/conversation_eval.py                 # test halves + real English comments
    python benchmarks/conversation_eval.py --half dev --errors    # dev halves, with the wrong rows
    python benchmarks/conversation_eval.py --rules-only           # the rules without the model
    python benchmarks/conversation_eval.py --json

The test halves (even ids) are the figures to report; the dev halves (odd ids) may be read while
writing rules, so their figures are optimistic.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vetting.conversation_eval import evaluate, load_real, load_written, split


def _fmt(x: float | None) -> str:
    return "   – " if x is None else f"{x:5.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("test", "dev", "all"), default="test")
    parser.add_argument("--errors", action="store_true", help="print the rows with a wrong label")
    parser.add_argument("--rules-only", action="store_true", help="the rules without the model")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    sets = {f"de ({args.half})": split(load_written("de"), args.half),
            f"en ({args.half})": split(load_written("en"), args.half)}
    real = load_real()
    if real is not None:
        sets["en real (all)"] = real
    out = {}
    for name, rows in sets.items():
        started = time.perf_counter()
        result = evaluate(rows, rules_only=args.rules_only)
        result["seconds"] = time.perf_counter() - started
        out[name] = result
    if real is None:
        print("real English comments skipped: ../shared/data is absent or changed", file=sys.stderr)
    if args.json:
        print(json.dumps({name: {"rows": r["rows"], "language_gate": r["language_gate"],
                                 "scores": {s.label: {"precision": s.precision, "recall": s.recall, "f1": s.f1,
                                                      "support": s.support} for s in r["scores"]}}
                          for name, r in out.items()}, indent=1))
        return
    for name, r in out.items():
        print(f"\n{name}: {r['rows']} German/English comments; language gate {r['language_gate']}")
        print(f"  {'label':18} {'support':>7} {'prec':>5} {'recall':>6} {'F1':>5}")
        for s in r["scores"]:
            print(f"  {s.label:18} {s.support:7d} {_fmt(s.precision)} {_fmt(s.recall):>6} {_fmt(s.f1)}")
        if args.errors:
            for e in r["errors"]:
                print(f"    {e['id']:9} {','.join(e['wrong']):32} [{e['kind']}] {e['text'][:110]!r}")


if __name__ == "__main__":
    main()
