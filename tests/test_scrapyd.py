"""Deploying the Scrapy project to Scrapyd unchanged (README "Scheduling with Scrapyd").

``scrapyd-deploy --build-egg`` (scrapyd-client) packages a copy of the project; the spiders load from that egg
alone (no repository on ``sys.path``, no editable install), and a real ``scrapyd`` on 127.0.0.1 runs a sandbox
crawl scheduled through ``schedule.json`` into the store.
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_crawl import TAGS, ids, last_run, rows
from scrapy.utils.test import get_crawler

from crawler.platforms import REGISTRY, get_platform, sandbox_environment
from crawler.runner import spider_class
from crawler.sandbox.expect import expected_crawl

ROOT = Path(__file__).resolve().parents[1]
WORLD = ("--seed", "11", "--creators", "12", "--posts", "4", "--comments", "4")

# Run with ``python -I`` (no PYTHONPATH, no current folder): only the egg and site-packages may provide
# ``crawler``. An editable install of the project is a finder on sys.meta_path: dropped first.
LOAD_FROM_EGG = r"""
import configparser, json, os, sys, zipfile

egg = sys.argv[1]
sys.meta_path[:] = [f for f in sys.meta_path if not getattr(f, "__module__", "").startswith("__editable__")]
sys.path_hooks[:] = [h for h in sys.path_hooks if not getattr(h, "__module__", "").startswith("__editable__")]
sys.path_importer_cache.clear()
sys.path.insert(0, egg)
entry_points = configparser.ConfigParser()
with zipfile.ZipFile(egg) as archive:
    entry_points.read_string(archive.read("EGG-INFO/entry_points.txt").decode())
os.environ["SCRAPY_SETTINGS_MODULE"] = entry_points["scrapy"]["settings"]  # what Scrapyd's runner does

from scrapy.spiderloader import get_spider_loader
from scrapy.utils.project import get_project_settings

loader = get_spider_loader(get_project_settings())
files = {name: sys.modules[loader.load(name).__module__].__file__ for name in loader.list()}
print(json.dumps({"settings": os.environ["SCRAPY_SETTINGS_MODULE"], "spiders": files,
                  "vetting_imported": any(m == "vetting" or m.startswith("vetting.") for m in sys.modules),
                  "sys_path": sys.path}))
"""


def _clean_env(**extra: str) -> dict[str, str]:
    """This environment without anything that points Python or Scrapy at the repository or a store."""
    env = {k: v for k, v in os.environ.items()
           if k != "PYTHONPATH" and not k.startswith(("SCRAPY_", "SCRAPYD_", "CREATORSCOUT_"))}
    return {**env, **extra}


def _project_copy(dest: Path) -> Path:
    """The files ``setup.py bdist_egg`` reads (scrapy.cfg, setup.py, pyproject.toml and what it names)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    tops = {name.split(".")[0] for name in config["tool"]["setuptools"]["packages"]}
    dest.mkdir()
    for name in ("scrapy.cfg", "setup.py", "pyproject.toml", config["project"]["readme"], "LICENSE"):
        shutil.copy2(ROOT / name, dest / name)
    for top in sorted(tops):
        shutil.copytree(ROOT / top, dest / top, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.fixture(scope="module")
def egg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An egg built by ``scrapyd-deploy --build-egg`` from a copy of the project."""
    pytest.importorskip("scrapyd_client", reason="scrapyd-client is not installed (pip install -e '.[dev]')")
    tmp = tmp_path_factory.mktemp("scrapyd-egg")
    project = _project_copy(tmp / "project")
    out = tmp / "creatorscout.egg"
    # scrapyd-deploy keeps its build folder when it only builds: TMPDIR keeps it inside the test's folder.
    result = subprocess.run([sys.executable, "-m", "scrapyd_client.deploy", "--build-egg", str(out), "--debug"],
                            cwd=project, capture_output=True, text=True, timeout=120,
                            env=_clean_env(TMPDIR=str(tmp)))
    assert result.returncode == 0 and out.is_file(), (result.stdout + result.stderr)[-3000:]
    return out


def test_every_spider_accepts_the_job_id_scrapyd_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in sandbox_environment().items():
        monkeypatch.setenv(name, value)
    for key in REGISTRY:
        spider_cls = spider_class(key)
        crawler = get_crawler(spider_cls, get_platform(key).sandbox_settings("http://127.0.0.1:9"))
        spider = spider_cls.from_crawler(crawler, hashtags="veganrecipes", _job="6487ec79947edab326d6db28a2d86511")
        assert spider._job == "6487ec79947edab326d6db28a2d86511"


def test_the_egg_holds_the_crawler_and_its_spiders_load_from_the_egg_alone(egg: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        entry_points = configparser.ConfigParser()
        entry_points.read_string(archive.read("EGG-INFO/entry_points.txt").decode())
    assert entry_points["scrapy"]["settings"] == "crawler.settings"
    assert {"crawler/settings.py", "crawler/spiders/base.py"} <= names
    assert {f"crawler/spiders/{key}.py" for key in REGISTRY} <= names
    assert not any(n.startswith(("tests/", "benchmarks/")) for n in names)

    result = subprocess.run([sys.executable, "-I", "-c", LOAD_FROM_EGG, str(egg)], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, env=_clean_env())
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = json.loads(result.stdout)
    assert loaded["settings"] == "crawler.settings"
    assert set(loaded["spiders"]) == set(REGISTRY)
    for name, file in loaded["spiders"].items():
        assert file == os.path.join(str(egg), "crawler", "spiders", f"{name}.py")
    assert str(ROOT) not in loaded["sys_path"] and "" not in loaded["sys_path"]
    assert not loaded["vetting_imported"]  # the crawler never imports vetting (STYLE.md)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Scrapyd:
    """A ``scrapyd`` daemon on 127.0.0.1 with its eggs, logs and queues in ``folder``."""

    def __init__(self, folder: Path) -> None:
        import requests

        self.requests = requests
        self.folder = folder
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        (folder / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
            "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\n"
            "max_proc = 1\npoll_interval = 0.2\n")
        self.output = (folder / "scrapyd.out").open("w")
        self.proc = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=folder, stdout=self.output,
                                     stderr=subprocess.STDOUT, env=_clean_env(**sandbox_environment()))

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"scrapyd exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                if self.get("daemonstatus.json")["status"] == "ok":
                    return
            except self.requests.ConnectionError:
                time.sleep(0.2)
        pytest.fail(f"scrapyd did not answer within {timeout} s: {self.log_tail()}")

    def get(self, endpoint: str, **params: str) -> dict:
        response = self.requests.get(f"{self.url}/{endpoint}", params=params, timeout=30)
        response.raise_for_status()
        return response.json()

    def post(self, endpoint: str, data: list[tuple[str, str]], **kwargs: object) -> dict:
        response = self.requests.post(f"{self.url}/{endpoint}", data=data, timeout=120, **kwargs)
        response.raise_for_status()
        return response.json()

    def log_tail(self) -> str:
        self.output.flush()
        return (self.folder / "scrapyd.out").read_text()[-3000:]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.output.close()


@pytest.fixture(scope="module")
def scrapyd(egg: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Scrapyd, str]]:
    """A running ``scrapyd`` with the egg deployed as the project ``scrapy.cfg``'s deploy target names."""
    pytest.importorskip("scrapyd", reason="scrapyd is not installed (pip install -e '.[dev]')")
    deploy = configparser.ConfigParser()
    deploy.read(ROOT / "scrapy.cfg")
    project = deploy["deploy"]["project"]
    daemon = Scrapyd(tmp_path_factory.mktemp("scrapyd"))
    try:
        daemon.wait_ready()
        with egg.open("rb") as f:
            added = daemon.post("addversion.json", [("project", project), ("version", "1")],
                                files={"egg": ("creatorscout.egg", f)})
        assert added["status"] == "ok" and added["spiders"] == len(REGISTRY), added
        yield daemon, project
    finally:
        daemon.stop()


def _schedule(daemon: Scrapyd, project: str, sandbox, db: Path) -> str:
    settings = {**get_platform("mastodon").sandbox_settings(sandbox.url),
                "CREATORSCOUT_ALLOWED_HOSTS": sandbox.host, "CREATORSCOUT_DB": str(db),
                "AUTOTHROTTLE_ENABLED": "False"}
    scheduled = daemon.post("schedule.json", [
        ("project", project), ("spider", "mastodon"), ("hashtags", ",".join(TAGS)),
        ("max_creators", "100"), ("max_posts", "50"), ("max_comments", "200"),
        *(("setting", f"{name}={value}") for name, value in settings.items())])
    assert scheduled["status"] == "ok", scheduled
    return scheduled["jobid"]


def _wait_finished(daemon: Scrapyd, project: str, job: str) -> str:
    """The job's log once Scrapyd lists the job as finished."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if any(j["id"] == job for j in daemon.get("listjobs.json", project=project)["finished"]):
            return (daemon.folder / "logs" / project / "mastodon" / f"{job}.log").read_text()
        time.sleep(0.3)
    pytest.fail(f"the job did not finish: {daemon.log_tail()}")


@pytest.mark.slow
def test_scrapyd_runs_a_sandbox_crawl_scheduled_through_schedule_json(scrapyd, sandbox_factory,
                                                                     tmp_path: Path) -> None:
    daemon, project = scrapyd
    assert sorted(daemon.get("listspiders.json", project=project)["spiders"]) == sorted(REGISTRY)
    sandbox = sandbox_factory(*WORLD)
    db = tmp_path / "scrapyd.db"
    job_log = _wait_finished(daemon, project, _schedule(daemon, project, sandbox, db))

    assert db.is_file(), job_log[-3000:]
    run = last_run(db)
    assert run["status"] == "finished", job_log[-3000:]
    expected = expected_crawl(sandbox.truth, "mastodon", TAGS)
    assert expected.creators and expected.posts and expected.comments
    assert ids(db, "creators", "creator_id", "mastodon") == expected.creators
    assert ids(db, "posts", "post_id", "mastodon") == expected.posts
    assert ids(db, "comments", "comment_id", "mastodon") == expected.comments
    assert "offsite_blocked" not in job_log  # every request stayed on the sandbox


@pytest.mark.slow
def test_cancel_json_interrupts_the_crawl_and_keeps_what_it_collected(scrapyd, sandbox_factory,
                                                                     tmp_path: Path) -> None:
    daemon, project = scrapyd
    # A tight rate limit keeps the crawl going long enough to be cancelled half-way.
    sandbox = sandbox_factory("--seed", "3", "--creators", "40", "--posts", "8", "--comments", "8",
                              "--rate-limit", "20/5")
    db = tmp_path / "cancel.db"
    job = _schedule(daemon, project, sandbox, db)
    deadline = time.monotonic() + 120
    while not (db.is_file() and _stored_creators(db)):  # a checkpoint has written creators
        if time.monotonic() > deadline:
            pytest.fail(f"nothing was stored: {daemon.log_tail()}")
        time.sleep(0.2)
    assert daemon.post("cancel.json", [("project", project), ("job", job)])["prevstate"] == "running"
    job_log = _wait_finished(daemon, project, job)

    run = last_run(db)
    assert run["status"] == "interrupted", job_log[-3000:]
    # Creators are stored as the hashtag timeline finds them, their posts and comments later: kept, but not all.
    expected = expected_crawl(sandbox.truth, "mastodon", TAGS)
    assert set() < ids(db, "creators", "creator_id", "mastodon") <= expected.creators
    assert ids(db, "comments", "comment_id", "mastodon") < expected.comments


def _stored_creators(db: Path) -> int:
    try:
        return rows(db, "SELECT COUNT(*) FROM creators")[0][0]
    except sqlite3.OperationalError:  # the store is still being created
        return 0
