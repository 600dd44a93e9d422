"""Check and time the conversation rules and ``refers_to_post`` against their frozen reference copy.

Usage::

    python benchmarks/vet.py --creators 250 --db bench250.db --keep     # once: a generated store
    python benchmarks/conversation_rules.py --db bench250.db [--rounds 5] [--check-only]

Calls are replayed the way :func:`vetting.comment_pass._process_batch` makes them: per creator its
section language (the same language sample), the seeded sample of :data:`~vetting.conversation.SAMPLE_SIZE`
comments by others to ``rule_inputs`` (as ``classify`` calls it) and ``refers_to_post`` for every comment by
others (a superset of the real calls, which skip bot-flagged and generic comments: the bot model is not run
here). Equivalence is checked, answer for answer, on

(a) those calls and every comment text of the store (each with no, German and English section language),
(b) the labelled corpora: the conversation eval sets, the bot model's training and blind sets, the shared
    data sets and the strings of the recorded platform fixtures,
(c) hostile strings (emoji, combining marks, zero-width characters, styled letters, right-to-left text,
    very long texts, empty) and mutations of corpus texts.

Timing: CPU time (``time.process_time``) of the replayed calls with cold per-text caches (the comment
key cache warm, as the comment cues leave it), old and new alternating over several rounds; prints the
median of each and their ratio.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import conversation_reference as old  # noqa: E402
from features_equivalence import strings_in  # noqa: E402

from crawler.storage import Store  # noqa: E402
from vetting import conversation as new  # noqa: E402
from vetting import relevance  # noqa: E402
from vetting.comment_features import comment_key, model_text  # noqa: E402
from vetting.comment_pass import LANGUAGE_SAMPLE, _language_sample, comment_groups  # noqa: E402
from vetting.language import language_profile  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"   # ../shared beside the project (skipped when absent)

RuleCall = tuple[str, str | None, Any, Any, bool]   # text, section, new profile, old profile, generic
RefersCall = tuple[str, str, Any, Any]                # key, raw, new profile, old profile


def replay_calls(db: str) -> tuple[list[RuleCall], list[RefersCall], list[str]]:
    """The rule and relevance calls a vetting run makes on the store, and every comment text in it."""
    store = Store.open(db)
    creators = {(c["platform"], c["creator_id"]) for c in store.creators()}
    posts: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for post in store.iter_posts():
        posts.setdefault((post["platform"], post["creator_id"]), {})[post["post_id"]] = post
    rules: list[RuleCall] = []
    refers: list[RefersCall] = []
    for key, rows in comment_groups(store, creators):
        info = posts.get(key, {})
        profiles: dict[str, tuple[Any, Any]] = {}
        section = new.section_language(language_profile(_language_sample(rows), sample_size=LANGUAGE_SAMPLE).shares)
        others = [i for i, row in enumerate(rows) if not row[4]]
        sample = None if len(others) <= new.SAMPLE_SIZE else \
            frozenset(random.Random(f"{key[0]}:{key[1]}").sample(others, new.SAMPLE_SIZE))
        for index, row in enumerate(rows):
            if row[4]:
                continue
            text = model_text(row[6], row[0])
            if row[2] not in profiles:
                p = info.get(row[2])
                args = (p["title"], p["text"], p.get("hashtags") or ()) if p else None
                profiles[row[2]] = (relevance.post_profile(*args), old.post_profile(*args)) if args else (None, None)
            now, then = profiles[row[2]]
            if sample is None or index in sample:
                rules.append((text, section, now, then, False))
            refers.append((comment_key(text), text, now, then))
    texts = [row[0] or "" for row in store.db.conn.execute("select text from comments")]
    store.close()
    return rules, refers, texts


def corpus_texts() -> Iterator[tuple[str, str | None, str | None]]:
    """``(text, section language, post text)`` of the labelled corpora and recorded fixtures."""
    for path in sorted((ROOT / "vetting" / "data" / "conversation_eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("text"):
                yield row["text"], row.get("section_language") or row.get("language"), row.get("post")
    for path in [*sorted((ROOT / "models").rglob("*.csv")), *sorted(SHARED.rglob("*.csv"))]:
        with path.open(encoding="utf-8", errors="replace", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    if len(cell) >= 2 and not cell.isdigit():
                        yield cell, None, None
    for path in sorted((ROOT / "models").rglob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            yield line, None, None
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*.json")):
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        yield from ((s, None, None) for s in strings_in(payload) if len(s) >= 2)


HOSTILE = [
    "", " ", "?", "??", "?!", "...?", "\u200b", "\u200b?\u200b", "😍🔥", "😍😍😍", "🙄", "great, another ad 🙄",
    "𝓼𝓽𝔂𝓵𝓮𝓭 𝓽𝓮𝔁𝓽?", "𝐖𝐨 𝐠𝐢𝐛𝐭 𝐞𝐬 𝐝𝐢𝐞 𝐅𝐨𝐫𝐦?", "ｗｈｅｒｅ ｄｉｄ ｙｏｕ ｇｅｔ ｉｔ", "Ⓛⓘⓝⓚ ⓑⓘⓣⓣⓔ",
    "wo\u200bgibt\u200bes die form?", "wo gi\u0301bt es die fo\u0308rm?", "schö\u0308n lecker", "e\u0301\u0301\u0301?",
    "مرحبا كيف حالك؟", "שלום מה שלומך?", "\u202ewo gibt es die form?\u202c", "\u200fwhere did you get it\u200f",
    "Ｗｈｙ ｉｓ ｉｔ ｓｏ ｇｏｏｄ?", "ß ẞ ǅ ﬁ ﬀ ı İ", "WO GIBT ES DIE FORM?",
    "i'm sold!!! 💸", "@anna_k @koch Danke!",
    "https://example.test/x?y=1 link?", "call +49 170 1234567?", "code?", "rezept?", "link ?", "5 min?", "30 tage??",
    "du idiot", "you idiot", "ich idiot", "i'm an idiot lol", "nicht lecker", "not bad", "not bad at all but meh",
    "aber", "but", "\n\n?\n", "?\n?\n?", "wie geil ist das denn?", "who else is here in 2025?",
    "a" * 5000, ("wo gibt es die form? " * 400), ("nice 🔥 " * 2000), "x" * 100_000 + "?",
    "\t\r\x0b\x0c", "\x00\x01\x02?", "🏳️‍🌈🏳️‍⚧️👨‍👩‍👧‍👦?", "👍🏽👍🏿", "ᴡʜᴇʀᴇ ᴅɪᴅ ʏᴏᴜ ɢᴇᴛ ɪᴛ?", "ʷʰᵉʳᵉ?",
    "haha", "hahahaha 😂", "lol", "LMAOOO", "xd", "/s", "sure jan", "halt's maul", "hab's gleich bestellt",
    "ich hab's nicht bestellt", "didn't buy it", "never ordered", "I've bought three already!",
]


def mutations(text: str) -> list[str]:
    """Variants that move word boundaries, case and punctuation."""
    return [text.upper(), text + "?", text + " 🙄", "\u200b".join(text.split(" ")), text.replace(" ", "  "),
            text.replace("?", "") + "?!", "¿" + text, text[: len(text) // 2]]


def facts_of(module: Any, text: str, section: str | None) -> tuple[Any, ...]:
    facts = module._text_facts(text, section)
    return tuple(getattr(facts, name) for name in facts.__slots__)


def compare(label: str, cases: Iterable[Any], left: Callable[..., Any], right: Callable[..., Any]) -> int:
    """Count the cases where the two implementations differ (print the first few)."""
    shown = checked = differ = 0
    for case in cases:
        checked += 1
        a, b = left(*case), right(*case)
        if a != b:
            differ += 1
            if shown < 5:
                shown += 1
                print(f"  DIFFERENT {label}: {case[:2]!r}\n    new {a!r}\n    old {b!r}")
    print(f"{label}: {checked:,} cases, {differ} different")
    return differ


def check(rules: list[RuleCall], refers: list[RefersCall], texts: list[str]) -> int:
    differ = 0
    differ += compare("rule_inputs (replayed)", rules,
                      lambda t, s, p, q, g: new.rule_inputs(t, s, p, g),
                      lambda t, s, p, q, g: _same_inputs(old.rule_inputs(t, s, q, g)))
    differ += compare("rule_inputs generic (replayed)", rules,
                      lambda t, s, p, q, g: new.rule_inputs(t, s, p, True),
                      lambda t, s, p, q, g: _same_inputs(old.rule_inputs(t, s, q, True)))
    differ += compare("refers_to_post (replayed)", refers,
                      lambda k, r, p, q: relevance.refers_to_post(k, r, p),
                      lambda k, r, p, q: old.refers_to_post(k, r, q))
    corpus = list(corpus_texts())
    extra = [(h, s, None) for h in HOSTILE for s in (None, "de", "en")]
    extra += [(m, s, post) for t, s, post in corpus[::7] for m in mutations(t)]
    every = sorted({(t, s) for t in set(texts) for s in (None, "de", "en")}
                   | {(t, s) for t, s, _ in corpus + extra}
                   | {(t, s) for t, _, _ in corpus + extra for s in (None, "de", "en")}, key=repr)
    differ += compare("_text_facts (store, corpora, hostile)", every,
                      lambda t, s: facts_of(new, t, s), lambda t, s: facts_of(old, t, s))
    differ += compare("comment_language (store, corpora, hostile)", every,
                      lambda t, s: new.comment_language(comment_key(t), s),
                      lambda t, s: old.comment_language(comment_key(t), s))
    posts = [t for t, _, _ in corpus if len(t) > 20][:200] + [r[0] for r in rules[:: max(1, len(rules) // 200)]]
    posts += [h for h in HOSTILE if len(h) < 1000]
    profiled = [(relevance.post_profile(None, p), old.post_profile(None, p)) for p in posts]
    differ += compare("post_profile", [(p,) for p in posts],
                      lambda p: relevance.post_profile("Titel", p, ("tag", p[:20])),
                      lambda p: _same_profile(old.post_profile("Titel", p, ("tag", p[:20]))))
    pairs = [(t, s, *profiled[i % len(profiled)]) for i, (t, s) in enumerate(every)]
    differ += compare("comment_traits with a post (store, corpora, hostile)", pairs,
                      lambda t, s, p, q: new.comment_traits(t, section_language=s, profile=p),
                      lambda t, s, p, q: _same_traits(old.comment_traits(t, section_language=s, profile=q)))
    differ += compare("refers_to_post with a post (store, corpora, hostile)", pairs,
                      lambda t, s, p, q: relevance.refers_to_post(comment_key(t), t, p),
                      lambda t, s, p, q: old.refers_to_post(comment_key(t), t, q))
    differ += compare("is_question", [(t,) for t, _ in every], relevance.is_question, old.is_question)
    differ += compare("rule_inputs with the post's text", [(t, s, post) for t, s, post in corpus + extra],
                      lambda t, s, post: new.rule_inputs(t, s, post),
                      lambda t, s, post: _same_inputs(old.rule_inputs(t, s, post)))
    return differ


def _same_profile(profile: Any) -> relevance.PostProfile:
    return relevance.PostProfile(stems=profile.stems, words=profile.words, blob=profile.blob)


def _same_traits(traits: Any) -> new.Traits:
    return new.Traits(**{name: getattr(traits, name) for name in traits.__slots__})


def _same_inputs(inputs: tuple[str, Any, bool]) -> tuple[str, new.Traits, bool]:
    return inputs[0], _same_traits(inputs[1]), inputs[2]


def timed(module: Any, refers_module: Any, rules: list[RuleCall], refers: list[RefersCall],
          which: int) -> tuple[float, float]:
    """CPU seconds of one pass over the replayed rule calls (cold per-text caches) and refers_to_post calls."""
    module.clear_cache()
    rule_inputs, refers_to_post = module.rule_inputs, refers_module.refers_to_post
    start = time.process_time()
    for call in rules:
        rule_inputs(call[0], call[1], call[2 + which], call[4])
    middle = time.process_time()
    for call in refers:
        refers_to_post(call[0], call[1], call[2 + which])
    return middle - start, time.process_time() - middle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a store made by benchmarks/vet.py --keep")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--check-only", action="store_true")
    parser.add_argument("--time-only", action="store_true")
    args = parser.parse_args()
    rules, refers, texts = replay_calls(args.db)
    print(f"{len(rules):,} rule calls ({len({r[:2] for r in rules}):,} distinct), {len(refers):,} refers_to_post "
          f"calls, {len(texts):,} comment texts")
    if not args.time_only:
        differ = check(rules, refers, texts)
        print("IDENTICAL" if not differ else f"{differ} DIFFERENCES")
        if differ:
            raise SystemExit(1)
    if args.check_only:
        return
    for _, raw, _, _ in refers:
        comment_key(raw)   # the comment cues have filled this cache by the time the rules run
    times: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
    for _ in range(args.rounds):
        times["old"].append(timed(old, old, rules, refers, 1))
        times["new"].append(timed(new, relevance, rules, refers, 0))
    distinct = len({r[:2] for r in rules})
    parts = (("rules", 0, distinct, "distinct text"), ("refers_to_post", 1, len(refers), "call"),
             ("both", None, None, None))
    for part, index, count, unit in parts:
        o, n = (statistics.median(sum(t) if index is None else t[index] for t in times[name])
                for name in ("old", "new"))
        per = f" ({o / count * 1e6:.1f} -> {n / count * 1e6:.1f} µs per {unit})" if count else ""
        print(f"{part}: old {o:.3f} s, new {n:.3f} s{per}: {o / n:.2f}x")
    print(f"(CPU time, median of {args.rounds} alternating rounds)")


if __name__ == "__main__":
    main()
