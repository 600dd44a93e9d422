"""Does a comment refer to the post it sits under?"""

from __future__ import annotations

import pytest

from vetting.relevance import is_question, post_profile, refers_to_post
from vetting.textnorm import normalize_comment

POST = post_profile("Saftiges Bananenbrot ohne Zucker", "Mit Haferflocken und Walnüssen, ganz einfach.",
                    ["veganbacken", "bananenbrot"])


@pytest.mark.parametrize(
    ("comment", "refers"),
    [
        ("Das Brot ist der Hammer, die Walnüsse machen es", True),   # compound and shared word
        ("Hab's mit Dinkel-Haferflocken probiert", True),
        ("Kann man das einfrieren?", True),                           # a real question is addressed to the post
        ("Vielen Dank für Ihre harte Arbeit und die Energie, die Sie in jedes Video stecken!", False),
        ("Tolles Rezept, danke fürs Teilen 😍", False),                # names only the kind of post
        ("Super Video, oder?", False),                                # tag question
        ("Thank you for the effort you put into every video", False),
    ],
)
def test_refers_to_post(comment: str, refers: bool) -> None:
    assert refers_to_post(normalize_comment(comment), comment, POST) is refers


def test_unknown_post_counts_as_referring() -> None:
    assert refers_to_post("nice", "nice", None)


def test_tag_questions_are_not_questions() -> None:
    assert is_question("Welche Linsen nimmst du?")
    assert not is_question("Sieht gut aus, oder?") and not is_question("Great video, right?")
