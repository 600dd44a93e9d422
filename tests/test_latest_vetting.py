"""rank, shortlist and report after a per-platform `vet`: each creator's latest vetting, the runs
and niches named, the shared order (verdict first, then score) kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from delivery_store import build_store
from openpyxl import load_workbook

from crawler.storage import Store
from vetting.cli import cli
from vetting.export import NicheMismatchError, ShortlistFilters, build_shortlist
from vetting.report import write_reports
from vetting.verdicts import rank_key
from vetting.vet import ranked_scores


def _revet_mastodon(store: Store, niche: str = "vegan food") -> int:
    """A second vetting run over the Mastodon creators only (as `vet --platform mastodon` stores it)."""
    rows = [dict(r) for r in store.db.query("SELECT * FROM vetting_scores WHERE platform = 'mastodon'")]
    run = store.start_vetting_run({"vetted_at": "2026-06-02T08:00:00Z", "niche": niche,
                                   "settings": json.dumps({"platforms": ["mastodon"]})})
    for row in rows:
        row.pop("vetting_run_id")
        row["vetted_at"] = "2026-06-02T08:00:00Z"
        row["score"] = (row["score"] or 0) - 1
    store.write_vetting_scores(run, rows)
    return run


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cs.db"
    store = build_store(path, n=6, hostile=False)
    _revet_mastodon(store)
    store.close()
    return path


def test_ranked_scores_use_each_creators_latest_run(db: Path) -> None:
    store = Store.open(db)
    runs, rows = ranked_scores(store, limit=None)
    assert {r["platform"] for r in rows} == {"mastodon", "youtube"} and len(rows) == 6
    assert {r["platform"]: r["vetting_run_id"] for r in rows} == {"mastodon": 2, "youtube": 1}
    assert [(run.id, run.niche, dict(run.creators)) for run in runs] == [
        (2, "vegan food", {"mastodon": 3}), (1, "vegan cooking", {"youtube": 3})]
    assert rows == sorted(rows, key=rank_key)
    runs, rows = ranked_scores(store, platforms=["youtube"])
    assert [run.id for run in runs] == [1] and len(rows) == 3
    store.close()


def test_rank_cli_names_runs_and_niches(db: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(cli, ["rank", "--db", str(db)], catch_exceptions=False)
    assert table.exit_code == 0, table.output
    assert "latest vetting of each creator" in table.output
    assert "niche 'vegan food'" in table.output and "niche 'vegan cooking'" in table.output
    assert "youtube" in table.output and "mastodon" in table.output
    assert "vetted for different niches" in table.output  # the note (stderr is mixed into output)
    data = json.loads(runner.invoke(cli, ["rank", "--db", str(db), "--json", "--platform", "youtube"],
                                    catch_exceptions=False).stdout)
    assert [r["id"] for r in data["vetting_runs"]] == [1] and data["vetting_runs"][0]["niche"] == "vegan cooking"
    assert len(data["creators"]) == 3 and {c["vetting_run_id"] for c in data["creators"]} == {1}


def test_shortlist_lists_every_platform_and_checks_each_niche(db: Path, tmp_path: Path) -> None:
    store = Store.open(db)
    rows = build_shortlist(store)
    assert {r.platform for r in rows} == {"mastodon", "youtube"}
    assert build_shortlist(store, ShortlistFilters(niche="vegan food", platforms=("mastodon",)))
    with pytest.raises(NicheMismatchError, match=r"3 of these creators were last vetted for another niche.*run #1"):
        build_shortlist(store, ShortlistFilters(niche="vegan food"))
    store.close()
    out = tmp_path / "s.xlsx"
    result = CliRunner().invoke(cli, ["shortlist", "--db", str(db), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Wrote 6 creators" in result.output and "run #2" in result.output and "run #1" in result.output
    method = {r[0].value: r[1].value for r in load_workbook(out)["Methodology"].iter_rows(max_col=2)}
    assert "run #2" in method["Data as of"] and "run #1" in method["Data as of"]
    assert "vegan food (run #2: 3 mastodon)" in method["Niche"]
    assert "vegan cooking (run #1: 3 youtube)" in method["Niche"]


def test_report_index_names_the_runs(db: Path, tmp_path: Path) -> None:
    store = Store.open(db)
    paths = write_reports(store, tmp_path / "r")
    store.close()
    index = paths[-1].read_text(encoding="utf-8")
    assert "run #2" in index and "run #1" in index and "vegan food" in index and "vegan cooking" in index
    assert "vetted for different niches" in index
    assert len(paths) == 7
    page = next(p for p in paths if p.name.startswith("youtube")).read_text(encoding="utf-8")
    assert "(run #1, niche “vegan cooking”" in page
