"""The one golden-file runner for every parser on the ``crawler.parsers`` contract.

A case is a folder ``tests/fixtures/<platform>/<parser>/<case>/`` with ``payload.json`` (the
decoded body), ``context.json`` (the :class:`~crawler.parsers.Context` fields) and
``expected.json``: the :class:`~crawler.parsers.Page` as JSON (dataclass items as objects), or
``{"error": "ParseError", "detail": ...}``. The parser is ``PARSERS[<parser>]`` of
``crawler.parsers.<platform>``. Only folders in this three-level layout are collected, so a
platform joins by adding ``PARSERS`` and moving its fixtures; older flat fixture folders
(``tests/fixtures/<platform>/<case>/``) are left to their own tests.

To (re)write an expected file after a deliberate change, then review it by hand::

    python -m tests.test_parsers_golden --write bluesky/search_posts/page_with_cursor
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.errors import ParseError
from crawler.parsers import Context, Page

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def find_cases(root: Path = FIXTURES) -> list[str]:
    """``<platform>/<parser>/<case>`` of every folder that holds a ``payload.json``."""
    return sorted(path.parent.relative_to(root).as_posix() for path in root.glob("*/*/*/payload.json"))


CASES = find_cases()


def parsers_of(platform: str) -> dict[str, Any]:
    """``PARSERS`` of ``crawler.parsers.<platform>`` (a failure names the module that lacks it)."""
    module = importlib.import_module(f"crawler.parsers.{platform}")
    parsers = getattr(module, "PARSERS", None)
    if not isinstance(parsers, dict):
        raise LookupError(f"crawler.parsers.{platform} has golden cases but no PARSERS dict")
    return parsers


def to_jsonable(value: Any) -> Any:
    """A Page, item or fact as plain JSON values (dataclasses become objects, recursively)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    # A round trip turns tuples into lists and fails on values JSON cannot hold (datetimes, sets).
    return json.loads(json.dumps(value, ensure_ascii=False))


def run_case(case: str, root: Path = FIXTURES) -> Any:
    """Parse one case folder; a ParseError becomes ``{"error": "ParseError", "detail": ...}``."""
    platform, name, _ = case.split("/")
    folder = root / case
    parser = parsers_of(platform).get(name)
    if parser is None:
        raise LookupError(f"crawler.parsers.{platform}.PARSERS has no parser {name!r} (case {case})")
    payload = json.loads((folder / "payload.json").read_text(encoding="utf-8"))
    context = Context(**json.loads((folder / "context.json").read_text(encoding="utf-8")))
    try:
        page = parser(payload, context)
    except ParseError as exc:
        return {"error": "ParseError", "detail": exc.detail}
    if not isinstance(page, Page):
        raise TypeError(f"{platform}.{name} returned {type(page).__name__}, expected a Page")
    return to_jsonable(page)


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    expected = json.loads((FIXTURES / case / "expected.json").read_text(encoding="utf-8"))
    assert run_case(case) == expected


@pytest.mark.parametrize("case", CASES)
def test_case_is_complete(case: str) -> None:
    for name in ("payload.json", "context.json", "expected.json"):
        assert (FIXTURES / case / name).is_file(), f"{case} lacks {name}"


def test_every_parser_of_a_platform_with_cases_has_one() -> None:
    """A platform that moved to the contract covers each of its parsers with a golden case."""
    platforms = sorted({case.split("/")[0] for case in CASES})
    assert platforms, "no golden cases found"
    for platform in platforms:
        covered = {case.split("/")[1] for case in CASES if case.startswith(f"{platform}/")}
        assert set(parsers_of(platform)) <= covered, f"{platform}: parsers without a golden case"


def test_runner_reports_parse_errors_and_page_shape(tmp_path: Path) -> None:
    """The runner itself: a ParseError becomes the error object, a Page becomes plain JSON."""
    ok = tmp_path / "bluesky" / "session" / "ok"
    bad = tmp_path / "bluesky" / "session" / "bad"
    flat = tmp_path / "bluesky" / "old_flat_case"  # the older two-level layout is not collected
    for folder in (ok, bad, flat):
        folder.mkdir(parents=True)
    context = {"url": "https://pds.example/xrpc/com.atproto.server.createSession", "fetched_at": "2026-01-01T00:00:00Z"}
    session = {"did": "did:plc:abc", "handle": "a.example", "accessJwt": "a", "refreshJwt": "r"}
    for folder, payload in ((ok, session), (bad, []), (flat, session)):
        (folder / "payload.json").write_text(json.dumps(payload))
        (folder / "context.json").write_text(json.dumps(context))
    assert find_cases(tmp_path) == ["bluesky/session/bad", "bluesky/session/ok"]
    assert run_case("bluesky/session/bad", tmp_path) == {
        "error": "ParseError",
        "detail": "session is list, expected an object",
    }
    assert run_case("bluesky/session/ok", tmp_path) == {
        "items": [{"did": "did:plc:abc", "handle": "a.example", "access_jwt": "a", "refresh_jwt": "r"}],
        "cursor": None,
        "facts": {},
    }


def write_expected(case: str, root: Path = FIXTURES) -> Path:
    """Write ``expected.json`` of ``case`` from the parser's current output."""
    path = root / case / "expected.json"
    path.write_text(json.dumps(run_case(case, root), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """``--write <platform>/<parser>/<case> ...``: regenerate expected files (review them by hand)."""
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--write", nargs="+", metavar="CASE", required=True, help="e.g. bluesky/session/ok")
    args = options.parse_args(argv)
    for case in args.write:
        case = case.strip("/")
        if case not in CASES:
            options.error(f"no case {case!r}: expected a folder tests/fixtures/<platform>/<parser>/<case>/")
        sys.stdout.write(f"wrote {write_expected(case)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
