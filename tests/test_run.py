"""``creatorscout run``: the steps, the lock, the jobs it builds, the hooks of other parts, and an
end-to-end run against the sandbox."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from click.testing import CliRunner
from redis_server import free_port, redis_url  # noqa: F401  (fixture)

from crawler.distributed import connect
from crawler.errors import CrawlStopped
from crawler.locks import CrawlLocked
from crawler.plans import parse_plan
from crawler.platforms import get_platform, sandbox_environment
from crawler.sandbox.expect import expected_crawl
from crawler.storage import Store
from vetting import run as run_module
from vetting.cli import cli
from vetting.run import RunState, digest_step, plan_lock, retention_step, run_plan, vetting_run_before

ROOT = Path(__file__).resolve().parents[1]


def _plan(tmp_path: Path, extra: str = "", platforms: str = '[platforms.mastodon]\nhashtags = ["veganrecipes"]\n',
          top: str = "", check_credentials: bool = True):
    path = tmp_path / "plan.toml"
    path.write_text(f'name = "t"\nniche = "vegan recipes"\ndb = "store.db"\n{top}{platforms}{extra}')
    return parse_plan(path.read_text(), path, environ={}, check_credentials=check_credentials)


def test_a_second_run_of_the_plan_exits_75_at_once(tmp_path):
    plan = _plan(tmp_path)
    with plan_lock(plan):
        result = CliRunner().invoke(cli, ["run", str(plan.path)], catch_exceptions=False)
    assert result.exit_code == 75, result.output
    assert "a run of plan 't' is already running on this database (PID" in result.output
    assert "run t: not started: the previous run is still running" in result.output
    assert "Traceback" not in result.output


def test_a_lock_left_by_a_killed_run_is_taken_over(tmp_path):
    plan = _plan(tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from crawler.plans import load_plan; from vetting.run import "
         "plan_lock; plan_lock(load_plan(sys.argv[1], check_credentials=False)).acquire(); print('held', "
         "flush=True); time.sleep(60)", str(plan.path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(CrawlLocked, match=f"PID {holder.pid}"):
            run_plan(plan, steps=[], handle_signals=False)
    finally:
        holder.kill()  # kill -9: the lock file stays, naming a dead process
        holder.wait()
    ran = []
    state = run_plan(plan, steps=[("mark", lambda s: ran.append(s.plan.name))], handle_signals=False)
    assert ran == ["t"] and state.step == "mark"


def test_a_signal_during_a_step_stops_the_run_even_if_a_library_swallows_it(tmp_path):
    plan = _plan(tmp_path)
    after = []
    before = signal.getsignal(signal.SIGTERM)

    def swallowing(state: RunState) -> None:
        try:
            os.kill(os.getpid(), signal.SIGTERM)
        except BaseException as exc:  # what langdetect does while loading its profiles
            raise ValueError("profile format error") from exc

    with pytest.raises(CrawlStopped) as caught:
        run_plan(plan, steps=[("vet", swallowing), ("shortlist", lambda s: after.append(1))])
    assert caught.value.signum == signal.SIGTERM and "during vet" in str(caught.value)
    assert after == []
    assert signal.getsignal(signal.SIGTERM) == before  # the handlers are put back

    def hiding(state: RunState) -> None:
        with contextlib.suppress(BaseException):  # a library that swallows everything and goes on
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(CrawlStopped, match="SIGINT during reports"):
        run_plan(plan, steps=[("reports", hiding), ("digest", lambda s: after.append(2))])
    assert after == []
    with pytest.raises(CrawlStopped) as interrupted:
        run_plan(plan, steps=[("reports", lambda s: os.kill(os.getpid(), signal.SIGINT))])
    assert interrupted.value.signum == signal.SIGINT


def test_crawl_jobs_carry_the_plan_and_are_incremental(tmp_path, monkeypatch):
    plan = _plan(tmp_path, '[limits]\nmax_creators = 7\nmax_posts = 3\nmax_comments = 0\n'
                           '[budgets.mastodon]\nmax_requests = 40\n',
                 platforms='[platforms.mastodon]\nhashtags = ["veganrecipes"]\nhandles = ["anna@example.social"]\n'
                           'instance = "https://example.social"\n')
    seen: list[list] = []
    monkeypatch.setattr("crawler.runner.run_crawls", lambda jobs, **kw: seen.append(list(jobs)) or [])
    state = RunState(plan, "2026-06-01T00:00:00Z", crawl_settings={"AUTOTHROTTLE_ENABLED": "False"})
    run_module.crawl_step(state)
    job = seen[0][0]
    assert job.platform == "mastodon" and job.arguments["incremental"] is True
    assert job.arguments["hashtags"] == ["veganrecipes"] and job.arguments["max_creators"] == 7
    assert job.arguments["max_posts"] == 3 and job.arguments["max_comments"] == 0
    assert job.arguments["handles"] == [{"handle": "anna@example.social", "kind": "handle", "source": "handle"}]
    assert job.settings == {"CREATORSCOUT_MASTODON_API_URL": "https://example.social", "CLOSESPIDER_PAGECOUNT": 40,
                            "AUTOTHROTTLE_ENABLED": "False", "CREATORSCOUT_PLAN": "t"}
    assert state.incomplete == ["mastodon did not start"] and state.refreshed == {"mastodon": 0}


def test_retention_and_digest_steps_call_their_parts_and_the_digest_notes_the_retention(tmp_path, monkeypatch):
    plan = _plan(tmp_path, "[retention]\ncomments_days = 180\n")
    Store.open(plan.db).close()
    state = RunState(plan, "2026-06-01T00:00:00Z", vetting_run_id=5, previous_vetting_run_id=3,
                     crawl_run_ids=[8, 9])
    monkeypatch.setitem(sys.modules, "crawler.retention", None)  # import fails as if absent
    monkeypatch.setitem(sys.modules, "vetting.digest", None)
    with pytest.raises(ImportError):
        import vetting.digest  # noqa: F401
    calls = []
    retention = types.ModuleType("crawler.retention")
    retention.apply_retention = lambda store, **kw: calls.append(("retention", kw)) or {"comments": 2}
    digest = types.ModuleType("vetting.digest")
    built = types.SimpleNamespace(notes=[])
    digest.build_digest = lambda store, **kw: calls.append(("build", kw)) or built
    digest.write_digest = lambda d, folder: calls.append(("write", d, folder)) or (folder / "digest.html",
                                                                                    folder / "digest.csv")
    monkeypatch.setitem(sys.modules, "crawler.retention", retention)
    monkeypatch.setitem(sys.modules, "vetting.digest", digest)
    retention_step(state)
    digest_step(state)
    assert calls[0][0] == "retention" and calls[0][1]["comments_days"] == 180
    assert calls[0][1]["snapshots_days"] is None and calls[0][1]["now"].tzinfo is not None
    assert calls[1] == ("build", {"current_run": 5, "previous_run": 3, "crawl_run_ids": [8, 9], "plan": plan.name})
    assert calls[2] == ("write", built, plan.digest)
    assert built.notes == ["Retention removed 2 comments older than 180 days."]
    assert state.retention == {"comments": 2} and state.digest == (plan.digest / "digest.html",
                                                                   plan.digest / "digest.csv")
    assert f"digest {plan.digest / 'digest.html'}" in state.summary()


def test_retention_runs_for_real_and_the_digest_says_what_it_removed(tmp_path):
    plan = _plan(tmp_path, "[retention]\ncomments_days = 30\nsnapshots_days = 365\n")
    store = Store.open(plan.db)
    store.write_batch(
        creators=[{"platform": "mastodon", "creator_id": "1", "handle": "anna", "fetched_at": "2026-05-01T00:00:00Z",
                   "source_url": "u"}],
        posts=[{"platform": "mastodon", "post_id": "p", "creator_id": "1", "fetched_at": "2026-05-01T00:00:00Z",
                "source_url": "u", "created_at": "2025-01-01T00:00:00Z"}],
        comments=[{"platform": "mastodon", "comment_id": c, "post_id": "p", "author_key": "k", "text": "hi",
                   "created_at": when, "fetched_at": "2026-05-01T00:00:00Z", "source_url": "u"}
                  for c, when in (("old", "2025-01-02T00:00:00Z"), ("new", "2099-01-01T00:00:00Z"))])
    store.close()
    state = RunState(plan, "2026-06-01T00:00:00Z")
    retention_step(state)
    assert state.retention["comments"] == 1
    store = Store.open(plan.db)
    try:
        assert [r["comment_id"] for r in store.db.query("SELECT comment_id FROM comments")] == ["new"]
        assert [r["kind"] for r in store.db.query("SELECT kind FROM erasures")] == ["retention"]
    finally:
        store.close()
    note = run_module.retention_note(state.retention, plan)
    assert note.startswith("Retention removed 1 comments older than 30 days and 0 follower snapshots older than 365")


def test_the_previous_run_is_the_last_vetting_of_the_same_plan(tmp_path):
    plan = _plan(tmp_path)
    store = Store.open(plan.db)
    try:
        def vetting(niche: str, platforms: list[str]) -> int:
            import json

            return store.start_vetting_run({"niche": niche, "market_language": None,
                                            "settings": json.dumps({"platforms": platforms})})

        first = vetting("vegan recipes", ["mastodon"])
        vetting("vegan recipes", ["mastodon", "youtube"])  # another plan's
        vetting("fitness", ["mastodon"])
        current = vetting("vegan recipes", ["mastodon"])
        assert vetting_run_before(store, current, plan) == first
        assert vetting_run_before(store, first, plan) is None
    finally:
        store.close()


# -- end to end --------------------------------------------------------------------------------

def _sandbox_plan(tmp_path: Path, sandbox, extra: str = "", top: str = "", tiktok: bool = True) -> Path:
    day = sandbox.truth["now"][:10]
    path = tmp_path / "plan.toml"
    tiktok_table = f'[platforms.tiktok]\nhashtags = ["veganrecipes", "plantbased"]\nuntil = "{day}"\n' if tiktok else ""
    path.write_text(f'''name = "sandbox"
niche = "vegan recipes, plant-based cooking"
market_language = "en"
db = "store.db"
{top}
[platforms.mastodon]
hashtags = ["veganrecipes", "plantbased"]

{tiktok_table}
[limits]
max_creators = 100
max_posts = 50
max_comments = 200

[outputs]
shortlist = "out/shortlist.csv"
reports = "out/reports"
digest = "out/digest"
{extra}''')
    return path


def _run(sandbox, plan: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **sandbox_environment(), "CREATORSCOUT_ALLOWED_HOSTS": sandbox.host}
    for key in ("mastodon", "tiktok"):
        env.update(get_platform(key).sandbox_settings(sandbox.url))
    return subprocess.run([sys.executable, "-m", "vetting.cli", "run", str(plan), "-s", "AUTOTHROTTLE_ENABLED=False",
                           *extra], cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)


SUMMARY = re.compile(r"^run sandbox: (?P<status>finished|incomplete \(.*\)), (?P<creators>\d+) creators, "
                     r"(?P<new>\d+) new, verdicts (?P<verdicts>.+), digest (?P<digest>.+)$")


def test_run_crawls_vets_and_delivers_a_sandbox_plan(tmp_path, sandbox_factory):
    sandbox = sandbox_factory("--platforms", "mastodon,tiktok", "--seed", "7", "--creators", "10", "--posts", "4",
                              "--comments", "4")
    plan = _sandbox_plan(tmp_path, sandbox)
    first = _run(sandbox, plan)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "Traceback" not in first.stderr
    line = first.stdout.strip().splitlines()[-1]
    match = SUMMARY.match(line)
    assert match, line
    truth = {(c["platform"], c["creator_id"]) for c in sandbox.truth["creators"]}
    store = Store.open(tmp_path / "store.db")
    try:
        stored = {(c["platform"], c["creator_id"]) for c in store.creators()}
        runs = store.last_crawl_runs(10)
    finally:
        store.close()
    assert stored and stored <= truth
    assert match["status"] == "finished" and int(match["new"]) == len(stored) == int(match["creators"])
    assert sorted(r["platform"] for r in runs) == ["mastodon", "tiktok"]
    assert all(r["status"] == "finished" for r in runs)
    with open(tmp_path / "out" / "shortlist.csv", encoding="utf-8") as handle:
        rows = [r for r in csv.reader(handle) if r]
    assert len(rows) > 1
    assert (tmp_path / "out" / "reports" / "index.html").is_file()
    logs = list((tmp_path / "out" / "digest").glob("*.log"))
    assert len(logs) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.log", logs[0].name)
    text = logs[0].read_text()
    assert "plan sandbox: vet" in text and line in text

    digest = tmp_path / "out" / "digest" / "digest.html"
    assert match["digest"] == str(digest) and (digest.parent / "digest.csv").is_file()
    assert "nothing to compare yet" in digest.read_text()

    second = _run(sandbox, plan)
    assert second.returncode == 0, second.stderr[-3000:]
    again = SUMMARY.match(second.stdout.strip().splitlines()[-1])
    assert again and again["new"] == "0" and again["creators"] == match["creators"]
    assert "nothing to compare yet" not in digest.read_text()  # compared with the first run's vetting

    # A requests budget that runs out: every step still runs, the run says so and exits 3.
    short = _sandbox_plan(tmp_path, sandbox, "\n[budgets.mastodon]\nmax_requests = 2\n")
    third = _run(sandbox, short)
    assert third.returncode == 3, third.stderr[-3000:]
    assert SUMMARY.match(third.stdout.strip().splitlines()[-1])["status"].startswith("incomplete (mastodon ")
    assert len(list((tmp_path / "out" / "digest").glob("*.log"))) >= 2


def test_run_of_an_invalid_plan_exits_2_with_its_lines(tmp_path):
    path = tmp_path / "plan.toml"
    path.write_text('name = "x"\nniche = "y"\n[platforms.youtube]\nhashtags = ["a"]\n')
    env = {k: v for k, v in os.environ.items() if k != "YOUTUBE_API_KEY"}
    result = subprocess.run([sys.executable, "-m", "vetting.cli", "run", str(path)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env=env)
    assert result.returncode == 2
    assert f"{path}:3: YouTube cannot be crawled: YOUTUBE_API_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_queued_plan_names_its_queue_platforms_and_workers_need_a_queue(tmp_path, monkeypatch):
    from crawler.plans import PlanError

    # Whatever platforms can be queued by now: one that cannot is named.
    monkeypatch.setattr("crawler.distributed.QUEUE_PLATFORMS", ("mastodon", "youtube", "bluesky"))
    queued = _plan(tmp_path, top='queue = "redis://127.0.0.1:6379/0"\nworkers = 3\n')
    assert queued.queue == "redis://127.0.0.1:6379/0" and queued.workers == 3
    assert _plan(tmp_path, top='queue = "redis://127.0.0.1:6379/0"\n').workers == 1
    with pytest.raises(PlanError) as refused:
        _plan(tmp_path, top='queue = "redis://127.0.0.1:6379/0"\n',
              platforms='[platforms.instagram]\nhandles = ["koch_anna"]\n', check_credentials=False)
    assert any("instagram cannot be crawled through a queue yet" in p.message for p in refused.value.problems)
    with pytest.raises(PlanError) as alone:
        _plan(tmp_path, top="workers = 2\n")
    assert any("it needs a queue" in p.message for p in alone.value.problems)


@pytest.mark.slow
def test_a_queued_plan_runs_through_redis_and_its_second_run_is_incremental(tmp_path, sandbox_factory,
                                                                            redis_url):  # noqa: F811
    """``run`` of a plan with a queue: each platform's crawl is published in Redis (the second run's with the
    store's cutoffs), local workers crawl it, the run drains it into the store, then vets and delivers."""
    sandbox = sandbox_factory("--platforms", "mastodon", "--seed", "7", "--creators", "10", "--posts", "4",
                              "--comments", "4", "--rate-limit", "off")
    plan = _sandbox_plan(tmp_path, sandbox, top=f'queue = "{redis_url}"\nworkers = 2\n', tiktok=False)
    first = _run(sandbox, plan)
    assert first.returncode == 0, first.stderr[-3000:]
    match = SUMMARY.match(first.stdout.strip().splitlines()[-1])
    assert match and match["status"] == "finished", first.stdout
    expected = expected_crawl(sandbox.truth, "mastodon", ("veganrecipes", "plantbased"))
    db = tmp_path / "store.db"
    assert _ids(db, "creators", "creator_id") == set(expected.creators)
    assert _ids(db, "posts", "post_id") == set(expected.posts)
    assert _ids(db, "comments", "comment_id") == set(expected.comments)
    store = Store.open(db)
    try:
        (run1,) = store.last_crawl_runs(10)
        assert (run1["plan"], run1["status"]) == ("sandbox", "finished")
        assert {c["creator_id"] for c in store.plan_creators("sandbox")} == set(expected.creators)
    finally:
        store.close()
    assert (tmp_path / "out" / "reports" / "index.html").is_file() and (tmp_path / "out" / "shortlist.csv").is_file()

    sandbox.admin("advance", {"epochs": 1})
    advanced = expected_crawl(sandbox.admin("ground-truth"), "mastodon", ("veganrecipes", "plantbased"))
    second = _run(sandbox, plan)
    assert second.returncode == 0, second.stderr[-3000:]
    assert _ids(db, "posts", "post_id") == set(advanced.posts) and set(advanced.posts) - set(expected.posts)
    assert _ids(db, "comments", "comment_id") == set(advanced.comments)
    store = Store.open(db)
    try:
        run2 = store.last_crawl_runs(10)[0]
    finally:
        store.close()
    assert run2["id"] != run1["id"] and run2["plan"] == "sandbox" and run2["status"] == "finished"
    assert json.loads(run2["arguments"])["incremental"] is True
    assert run2["request_count"] <= 0.6 * run1["request_count"], (run2["request_count"], run1["request_count"])
    assert connect(redis_url).keys() == []  # both crawls finished: nothing left in the queue


@pytest.mark.slow
def test_ctrl_c_during_a_queued_plan_run_stops_its_workers_and_the_next_run_finishes_the_crawl(
        tmp_path, sandbox_factory, redis_url):  # noqa: F811
    sandbox = sandbox_factory("--platforms", "mastodon", "--seed", "7", "--creators", "10", "--posts", "4",
                              "--comments", "4", "--rate-limit", "off", "--fault", "slow=0.3")
    plan = _sandbox_plan(tmp_path, sandbox, top=f'queue = "{redis_url}"\nworkers = 2\n', tiktok=False)
    env = {**os.environ, **sandbox_environment(), "CREATORSCOUT_ALLOWED_HOSTS": sandbox.host,
           **get_platform("mastodon").sandbox_settings(sandbox.url)}
    proc = subprocess.Popen([sys.executable, "-m", "vetting.cli", "run", str(plan), "-s", "AUTOTHROTTLE_ENABLED=False"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    client = connect(redis_url)
    deadline = time.monotonic() + 120
    while not client.scard(b"creatorscout:workers"):  # the local workers have joined the queued crawl
        assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()[1][-3000:]
        time.sleep(0.05)
    workers = {int(w.decode().rsplit("-", 2)[-2]) for w in client.smembers(b"creatorscout:workers")}  # host-pid-id
    time.sleep(1)
    stopped_at = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert time.monotonic() - stopped_at < 30
    assert proc.returncode == 130, err[-3000:]
    assert "Traceback" not in err and out.strip().splitlines()[-1].startswith("run sandbox: stopped by SIGINT")
    for pid in workers:  # the run's own workers ended with it
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert client.exists(b"creatorscout:job")  # the crawl stays queued for the next run
    again = _run(sandbox, plan)
    logs = sorted((tmp_path / "out" / "digest").glob("*.log"))
    assert again.returncode == 0, again.stdout + "\n".join(p.read_text()[-4000:] for p in logs)
    assert SUMMARY.match(again.stdout.strip().splitlines()[-1])["status"] == "finished"
    expected = expected_crawl(sandbox.truth, "mastodon", ("veganrecipes", "plantbased"))
    db = tmp_path / "store.db"
    assert _ids(db, "posts", "post_id") == set(expected.posts)
    assert _ids(db, "comments", "comment_id") == set(expected.comments)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*), MIN(status) FROM crawl_runs").fetchone() == (1, "finished")
    assert client.keys() == []


def _ids(db: Path, table: str, column: str) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute(f"SELECT {column} FROM {table}")}


def test_run_exit_codes_summary_line_and_log_file(tmp_path, monkeypatch):
    plan = _plan(tmp_path, '[outputs]\ndigest = "digest"\n')

    def broken(state: RunState) -> None:
        raise RuntimeError("the model file is\nbroken")

    monkeypatch.setattr(run_module, "STEPS", [("vet", broken)])
    failed = CliRunner().invoke(cli, ["run", str(plan.path)], catch_exceptions=False)
    assert failed.exit_code == 1
    assert "Error: RuntimeError: the model file is broken (the traceback is in the run's log)" in failed.output
    assert "run t: failed during vet" in failed.output and "Traceback" not in failed.output
    (log,) = (tmp_path / "digest").glob("*.log")
    assert "Traceback" in log.read_text() and "RuntimeError" in log.read_text()

    def short(state: RunState) -> None:
        state.incomplete.append("mastodon stopped_quota")
        state.creators_vetted, state.new_creators = 4, 1
        state.verdicts = {"recommended": 1, "review": 3, "avoid": 0}

    monkeypatch.setattr(run_module, "STEPS", [("crawl", short)])
    incomplete = CliRunner().invoke(cli, ["run", str(plan.path)], catch_exceptions=False)
    assert incomplete.exit_code == 3
    assert incomplete.output.strip().splitlines()[-1] == (
        "run t: incomplete (mastodon stopped_quota), 4 creators, 1 new, verdicts 1 recommended, 3 review, "
        "digest not written")


# -- the plan's creators: refreshed, and the only ones delivered -----------------------------------

def _found(store: Store, plan: str | None, platform: str, creators: dict[str, str], seen: str) -> int:
    """A finished crawl run of ``plan`` that found ``creators`` (id -> handle), last seen at ``seen``."""
    run = store.start_crawl_run(platform, platform, {"hashtags": ["veganrecipes"]}, plan=plan)
    store.write_batch(
        creators=[{"platform": platform, "creator_id": cid, "handle": handle, "fetched_at": seen,
                   "source_url": f"https://example.social/api/v1/accounts/{cid}"} for cid, handle in creators.items()],
        discoveries=[{"crawl_run_id": run, "platform": platform, "hashtag": "veganrecipes", "creator_id": cid,
                      "discovered_at": seen, "source_url": "https://example.social/tags/veganrecipes"}
                     for cid in creators])
    store.finish_crawl_run(run, "finished", {})
    return run


def test_refresh_seeds_are_the_plans_earlier_creators_stalest_first_bounded_and_never_erased(tmp_path):
    from crawler.retention import forget_creator

    plan = _plan(tmp_path, "[limits]\nmax_creators = 10\nmax_refresh = 3\n",
                 platforms='[platforms.mastodon]\nhashtags = ["veganrecipes"]\nhandles = ["listed@example.social"]\n'
                           '[platforms.tiktok]\nhashtags = ["veganrecipes"]\n', check_credentials=False)
    store = Store.open(plan.db)
    try:
        _found(store, "t", "mastodon", {"1": "anna", "2": "ben", "9": "listed@example.social"},
               "2026-05-03T00:00:00Z")
        _found(store, "t", "mastodon", {"3": "cleo", "4": "dora"}, "2026-05-01T00:00:00Z")
        _found(store, "other", "mastodon", {"5": "eve"}, "2026-04-01T00:00:00Z")  # another plan's creator
        _found(store, None, "mastodon", {"6": "fay"}, "2026-04-01T00:00:00Z")  # a hand-started crawl's
        _found(store, "t", "tiktok", {"gus": "gus"}, "2026-05-01T00:00:00Z")
        listed = run_module._seeds(plan)
        secret = b"k" * 32
        seeds = run_module.refresh_seeds(store, plan, listed, secret=secret)
        # least recently seen first, at most max_refresh; Mastodon by id, TikTok by handle; the listed one left out
        assert [(s.handle, s.kind, s.source) for s in seeds["mastodon"]] == [
            ("3", "id", "refresh"), ("4", "id", "refresh"), ("1", "id", "refresh")]
        assert [(s.handle, s.kind) for s in seeds["tiktok"]] == [("gus", "handle")]

        forget_creator(store, "mastodon", "3", secret=secret)
        assert [s.handle for s in run_module.refresh_seeds(store, plan, listed, secret=secret)["mastodon"]] == [
            "4", "1", "2"]
        # even a row that came back (the erasure's keyed hash names it) is never a seed again
        _found(store, "t", "mastodon", {"3": "cleo"}, "2026-04-01T00:00:00Z")
        assert "3" not in [s.handle for s in run_module.refresh_seeds(store, plan, listed, secret=secret)["mastodon"]]
    finally:
        store.close()
    none = _plan(tmp_path, "[limits]\nmax_refresh = 0\n")
    store = Store.open(none.db)
    try:
        assert run_module.refresh_seeds(store, none, {"mastodon": []}) == {"mastodon": []}
    finally:
        store.close()


def test_known_creators_join_the_crawl_but_not_its_identity(tmp_path, monkeypatch):
    plan = _plan(tmp_path, platforms='[platforms.mastodon]\nhashtags = ["veganrecipes"]\n'
                                     'instance = "https://example.social"\n')
    seen: list[list] = []
    monkeypatch.setattr("crawler.runner.run_crawls", lambda jobs, **kw: seen.append(list(jobs)) or [])
    run_module.crawl_step(RunState(plan, "2026-06-01T00:00:00Z"))
    store = Store.open(plan.db)
    try:
        _found(store, "t", "mastodon", {"1": "anna"}, "2026-05-03T00:00:00Z")
    finally:
        store.close()
    state = RunState(plan, "2026-06-02T00:00:00Z")
    run_module.crawl_step(state)
    first, second = seen[0][0], seen[1][0]
    assert "handles" not in first.arguments
    assert second.arguments["handles"] == [{"handle": "1", "kind": "id", "source": "refresh"}]
    assert state.refreshed == {"mastodon": 1}
    assert first.job_key == second.job_key  # an interrupted crawl is continued whatever the plan has learnt since
    assert second.settings["CREATORSCOUT_PLAN"] == "t"


def test_shortlist_and_reports_of_a_plan_hold_only_its_creators_on_its_platforms(tmp_path):
    from delivery_store import build_store

    from vetting.report import write_reports
    from vetting.shortlist.rows import ShortlistFilters, build_shortlist

    store = build_store(tmp_path / "store.db")
    try:
        run = store.start_crawl_run("mastodon", "mastodon", {"hashtags": ["veganrecipes"]}, plan="p")
        store.write_batch(discoveries=[
            {"crawl_run_id": run, "platform": p, "hashtag": "veganrecipes", "creator_id": cid,
             "discovered_at": "2026-05-01T00:00:00Z", "source_url": "https://x/tags"}
            for p, cid in (("mastodon", "100"), ("mastodon", "102"), ("youtube", "UCchan0001"))])
        everyone = {(r.platform, r.creator_id) for r in build_shortlist(store)}
        assert len(everyone) == 6
        planned = build_shortlist(store, ShortlistFilters(plan="p", platforms=("mastodon",)))
        assert {(r.platform, r.creator_id) for r in planned} == {("mastodon", "100"), ("mastodon", "102")}
        pages = write_reports(store, tmp_path / "reports", top=20, platforms=["mastodon"], plan="p")
        assert len(pages) == 3 and pages[-1].name == "index.html"
        index = pages[-1].read_text(encoding="utf-8")
        assert "UCchan" not in index and "cook4" not in index and "cook2" in index
        assert build_shortlist(store, ShortlistFilters(plan="nobody")) == []
    finally:
        store.close()


def test_shortlist_and_report_commands_take_a_plan_and_refuse_one_the_store_never_ran(tmp_path):
    from delivery_store import build_store

    db = tmp_path / "store.db"
    store = build_store(db)
    try:
        run = store.start_crawl_run("mastodon", "mastodon", {"hashtags": ["veganrecipes"]}, plan="p")
        store.write_batch(discoveries=[
            {"crawl_run_id": run, "platform": "mastodon", "hashtag": "veganrecipes", "creator_id": cid,
             "discovered_at": "2026-05-01T00:00:00Z", "source_url": "https://x/tags"} for cid in ("100", "102")])
    finally:
        store.close()
    out = tmp_path / "p.csv"
    listed = CliRunner().invoke(cli, ["shortlist", "--plan", "p", "--out", str(out), "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    with out.open(encoding="utf-8") as fh:
        keys = sorted(row["creator_key"] for row in csv.DictReader(fh))
    assert len(keys) == 2 and all(k.startswith("mastodon:") for k in keys)
    reports = CliRunner().invoke(cli, ["report", "--top", "5", "--plan", "p", "--platform", "youtube",
                                       "--out", str(tmp_path / "r"), "--db", str(db)])
    assert reports.exit_code == 0 and "Wrote 0 reports" in reports.output
    for command in (["shortlist", "--out", str(tmp_path / "x.csv")], ["report", "--out", str(tmp_path / "x")]):
        unknown = CliRunner().invoke(cli, [*command, "--plan", "nobody", "--db", str(db)])
        assert unknown.exit_code == 2 and "no crawl of plan 'nobody' in this database (plans with crawls in it: p)" \
            in unknown.output and "Traceback" not in unknown.output
    both = CliRunner().invoke(cli, ["report", "mastodon:100", "--plan", "p", "--db", str(db)])
    assert both.exit_code == 2 and "give them with --top" in both.output


def test_a_second_run_refreshes_the_creators_the_first_found_even_when_no_hashtag_finds_them(tmp_path,
                                                                                              sandbox_factory):
    import json

    from crawler.retention import forget_creator

    sandbox = sandbox_factory("--platforms", "mastodon", "--seed", "11", "--creators", "6", "--posts", "3",
                              "--comments", "2")
    path = tmp_path / "plan.toml"
    text = ('name = "sandbox"\nniche = "vegan recipes"\nmarket_language = "en"\ndb = "store.db"\n'
            '[platforms.mastodon]\nhashtags = ["{tag}"]\n[limits]\nmax_posts = 5\nmax_comments = 3\n'
            '[outputs]\nshortlist = "out/shortlist.csv"\nreports = "out/reports"\ndigest = "out/digest"\n')
    path.write_text(text.format(tag="veganrecipes"))
    first = _run(sandbox, path)
    assert first.returncode == 0, first.stderr[-3000:]
    store = Store.open(tmp_path / "store.db")
    try:
        found = sorted(c["creator_id"] for c in store.plan_creators("sandbox", "mastodon"))
        assert len(found) >= 2
        assert {r["plan"] for r in store.last_crawl_runs(10)} == {"sandbox"}
        erased = found[0]
        forget_creator(store, "mastodon", erased)
    finally:
        store.close()

    path.write_text(text.format(tag="nosuchtagatall"))  # discovery finds nobody now
    second = _run(sandbox, path)
    assert second.returncode == 0, second.stderr[-3000:]
    store = Store.open(tmp_path / "store.db")
    try:
        crawl = store.last_crawl_runs(1)[0]
        asked = json.loads(crawl["arguments"])["handles"]
        assert sorted(h["handle"] for h in asked) == found[1:]  # every earlier creator but the erased one
        assert {(h["kind"], h["source"]) for h in asked} == {("id", "refresh")}
        observed = {s["creator_id"] for s in store.db.query(
            "SELECT creator_id FROM creator_snapshots WHERE crawl_run_id = ?", [crawl["id"]])}
        assert observed == set(found[1:])  # refreshed: a new snapshot each, with the handle seen
        assert store.creator("mastodon", erased) is None
        assert all(s["handle"] for s in store.db.query(
            "SELECT handle FROM creator_snapshots WHERE crawl_run_id = ?", [crawl["id"]]))
    finally:
        store.close()
    rows = list(csv.reader((tmp_path / "out" / "digest" / "digest.csv").open(encoding="utf-8", newline="")))
    kinds = [row[0] for row in rows[1:]]
    assert "not_seen" not in kinds and ("erasure", "mastodon") in {(r[0], r[1]) for r in rows[1:]}
    assert erased not in " ".join(" ".join(r) for r in rows)
    index = (tmp_path / "out" / "reports" / "index.html").read_text(encoding="utf-8")
    assert "tiktok" not in index.lower()
