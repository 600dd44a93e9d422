"""The conversation rules and the post relevance give the same answers as before the #13 speed work.

The frozen copy in ``conversation_reference.py`` is the definition; this is the compact check (labelled
eval sets, hostile strings, mutations). ``benchmarks/conversation_rules.py`` runs the big one over a
generated store.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import conversation_reference as old
import pytest

from vetting import conversation as new
from vetting import relevance
from vetting.comment_features import comment_key

EVAL = Path(__file__).resolve().parents[1] / "vetting" / "data" / "conversation_eval"
SECTIONS = (None, "de", "en")

HOSTILE = [
    "", " ", "?", "??", "?!", "\u200b", "\u200b?\u200b", "😍🔥", "😍😍😍", "🙄", "great, another ad 🙄",
    "𝓼𝓽𝔂𝓵𝓮𝓭 𝓽𝓮𝔁𝓽?", "𝐖𝐨 𝐠𝐢𝐛𝐭 𝐞𝐬 𝐝𝐢𝐞 𝐅𝐨𝐫𝐦?", "ｗｈｅｒｅ ｄｉｄ ｙｏｕ ｇｅｔ ｉｔ", "wo\u200bgibt\u200bes die form?",
    "wo gi\u0301bt es die fo\u0308rm?", "e\u0301\u0301\u0301?", "مرحبا كيف حالك؟", "שלום מה שלומך?",
    "\u202ewo gibt es die form?\u202c", "ß ẞ ǅ ﬁ ﬀ ı İ", "WO GIBT ES DIE FORM?", "i'm sold!!! 💸",
    "@anna_k @koch Danke!", "sowie geil ist das?",
    "5 min?", "30 tage??", "du idiot", "ich idiot", "you stupid clown", "nicht lecker", "not bad at all but meh",
    "wie geil ist das denn?", "who else is here in 2025?", "'how cute is that?", "x'wie geil ist das?",
    "a" * 3000, "wo gibt es die form? " * 200, "nice 🔥 " * 500, "🏳️‍🌈👨‍👩‍👧‍👦?", "ᴡʜᴇʀᴇ ᴅɪᴅ ʏᴏᴜ ɢᴇᴛ ɪᴛ?",
    "hab's gleich bestellt", "ich hab's nicht bestellt", "didn't buy it", "I've bought three already!",
    "toll, schon wieder werbung", "Sieht gut aus, oder?", "Great video, right ?? ", "but aber doch great",
]


def _mutations(text: str) -> list[str]:
    return [text, text.upper(), text + "?", text + " 🙄", "\u200b".join(text.split(" ")), "¿" + text,
            text[: len(text) // 2]]


def _cases() -> Iterator[tuple[str, str | None, str | None]]:
    for path in sorted(EVAL.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            for text in _mutations(row["text"]) if row.get("text") else ():   # the real set holds no texts
                yield text, row.get("section_language"), row.get("post")
    for text in HOSTILE:
        for section in SECTIONS:
            yield text, section, "Bananenbrot mit Walnüssen #backen, Pfanne und Form"


CASES = list(_cases())


def _old_inputs(text: str, section: str | None, post: str | None, generic: bool) -> tuple[str, tuple, bool]:
    model_input, traits, on_post = old.rule_inputs(text, section, post, generic)
    return model_input, tuple(getattr(traits, name) for name in traits.__slots__), on_post


def _new_inputs(text: str, section: str | None, post: str | None, generic: bool) -> tuple[str, tuple, bool]:
    model_input, traits, on_post = new.rule_inputs(text, section, post, generic)
    return model_input, tuple(getattr(traits, name) for name in traits.__slots__), on_post


def _differences() -> list[tuple[str, str | None]]:
    new.clear_cache()
    old.clear_cache()
    out = []
    for text, section, post in CASES:
        for generic in (False, True):
            if _new_inputs(text, section, post, generic) != _old_inputs(text, section, post, generic):
                out.append((text, section))
    return out


def test_rule_inputs_are_identical_on_eval_sets_mutations_and_hostile_strings() -> None:
    assert len(CASES) > 9_000
    assert _differences() == []


def test_text_facts_and_language_are_identical() -> None:
    for text, section, _ in CASES[::3]:
        facts, before = new._text_facts(text, section), old._text_facts(text, section)
        assert [getattr(facts, n) for n in facts.__slots__] == [getattr(before, n) for n in before.__slots__], text
        assert new.comment_language(comment_key(text), section) == old.comment_language(comment_key(text), section)


def test_relevance_is_identical() -> None:
    posts = sorted({post for _, _, post in CASES if post})[:60] + [h for h in HOSTILE if len(h) < 100]
    for i, (text, _, _) in enumerate(CASES[::2]):
        post = posts[i % len(posts)]
        profile, before = relevance.post_profile("Titel", post, ("tag",)), old.post_profile("Titel", post, ("tag",))
        assert (profile.stems, profile.words, profile.blob) == (before.stems, before.words, before.blob)
        key = comment_key(text)
        assert relevance.refers_to_post(key, text, profile) == old.refers_to_post(key, text, before), (text, post)
        assert relevance.is_question(text) == old.is_question(text)


def test_the_check_notices_a_changed_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the shared look-behind, "sowie geil ist das?" would count as rhetorical: the check must see it."""
    monkeypatch.setattr(new, "_RHETORICAL", re.compile(new._RHETORICAL.pattern.replace(r"(?<!\w)", "", 1)))
    assert _differences()
