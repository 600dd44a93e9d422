"""``creatorscout plan new|check|schedule``: write, validate and schedule a crawl plan (a TOML file).

``schedule`` only prints: a crontab line and a systemd user service + timer, with absolute paths,
an environment file for the credentials, and how to read the logs. Nothing is installed.
"""

from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from crawler.plans import NAME_PATTERN, Plan, PlanError, example_plan, load_plan
from vetting.cli.options import friendly_errors
from vetting.wording import plural

EXIT_PLAN_ERROR = 2

EVERY = {"daily": "17 3 * * *", "weekly": "17 3 * * 1"}
"""``--every`` words as cron expressions (a few minutes past the hour: schedulers crowd the full hour)."""

_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day of month", 1, 31), ("month", 1, 12), ("day of week", 0, 7))
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_SYSTEMD_DAYS = ("Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat")


class CronError(ValueError):
    """A cron expression that cron would reject (or systemd cannot express)."""


@dataclass(frozen=True)
class Schedule:
    """A validated schedule: the cron expression and the same times as a systemd ``OnCalendar``."""

    cron: str
    on_calendar: str
    every: str  # how the user said it


def _value(text: str, index: int, low: int, high: int) -> int:
    names = _MONTHS if index == 3 else _DAYS if index == 4 else ()
    lowered = text.lower()
    if lowered in names:
        return names.index(lowered) + (1 if index == 3 else 0)
    if not text.isdigit():
        raise CronError(f"{_FIELDS[index][0]}: {text!r} is not a number" + (
            f" or a name ({', '.join(names)})" if names else ""))
    value = int(text)
    if not low <= value <= high:
        raise CronError(f"{_FIELDS[index][0]}: {value} is outside {low}-{high}")
    return value


def cron_values(expression: str) -> list[set[int]]:
    """The values each of the five fields of ``expression`` allows; :class:`CronError` otherwise."""
    fields = expression.split()
    if len(fields) != 5:
        raise CronError(f"a cron expression has 5 fields (minute hour day-of-month month day-of-week), "
                        f"got {len(fields)}: {expression!r}")
    values: list[set[int]] = []
    for index, (text, (name, low, high)) in enumerate(zip(fields, _FIELDS, strict=True)):
        allowed: set[int] = set()
        for item in text.split(","):
            match = re.fullmatch(r"(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:/(\d+))?", item)
            if not match:
                raise CronError(f"{name}: cannot read {item!r} (use *, 5, 1-5, */15, 1-5/2 or lists of them)")
            span, step_text = match.groups()
            step = int(step_text) if step_text else 1
            if step < 1:
                raise CronError(f"{name}: the step in {item!r} must be at least 1")
            if span == "*":
                start, end = low, high
            elif "-" in span:
                first, last = span.split("-", 1)
                start, end = _value(first, index, low, high), _value(last, index, low, high)
                if start > end:
                    raise CronError(f"{name}: the range {item!r} runs backwards")
            else:
                start = _value(span, index, low, high)
                end = high if step_text else start
            allowed.update(range(start, end + 1, step))
        if index == 4 and 7 in allowed:  # 7 is Sunday too
            allowed = (allowed - {7}) | {0}
        values.append(allowed)
    return values


def _systemd_list(values: set[int], low: int, high: int, width: int = 2) -> str:
    if values == set(range(low, high + 1)):
        return "*"
    return ",".join(f"{v:0{width}d}" for v in sorted(values))


def parse_every(every: str) -> Schedule:
    """``daily``, ``weekly`` or a cron expression as a :class:`Schedule`; :class:`CronError` otherwise."""
    cron = EVERY.get(every.strip().lower(), every.strip())
    minutes, hours, days, months, weekdays = cron_values(cron)
    all_days, all_weekdays = days == set(range(1, 32)), weekdays == set(range(0, 7))
    if not all_days and not all_weekdays:
        raise CronError("the expression restricts both the day of month and the day of week; cron runs on either, "
                        "systemd only on both: restrict one of them")
    weekday = "" if all_weekdays else ",".join(_SYSTEMD_DAYS[d] for d in sorted(weekdays)) + " "
    on_calendar = (f"{weekday}*-{_systemd_list(months, 1, 12)}-{_systemd_list(days, 1, 31)} "
                   f"{_systemd_list(hours, 0, 23)}:{_systemd_list(minutes, 0, 59)}:00")
    return Schedule(" ".join(cron.split()), on_calendar, every.strip())


def creatorscout_command() -> list[str]:
    """The absolute command that starts this creatorscout (the script beside this Python, else ``python -m``)."""
    script = Path(sys.executable).parent / "creatorscout"
    if script.is_file():
        return [str(script)]
    return [str(Path(sys.executable).absolute()), "-m", "vetting.cli"]


def _systemd_quote(value: str) -> str:
    return value if re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", value) else '"' + value.replace('"', '\\"') + '"'


def schedule_text(plan: Plan, schedule: Schedule, env_file: Path, command: list[str] | None = None) -> str:
    """The crontab line, the systemd user units and how to install them and read the logs."""
    from crawler.platforms import get_platform

    command = command or creatorscout_command()
    unit = f"creatorscout-{plan.name}"
    folder = plan.path.parent
    run = [*command, "run", str(plan.path)]
    cron_log = plan.digest / "cron.log"
    shell = (f"cd {shlex.quote(str(folder))} && set -a && {{ [ ! -f {shlex.quote(str(env_file))} ] || "
             f". {shlex.quote(str(env_file))}; }} && set +a && {' '.join(shlex.quote(a) for a in run)} "
             f">> {shlex.quote(str(cron_log))} 2>&1")
    credentials = [c for p in plan.platforms for c in get_platform(p.key).credentials]
    env_lines = [f"#   {c.env}=...{'' if c.required else '   (optional)'}" for c in credentials] or [
        "#   (the plan's platforms need none; keep the file for settings such as CREATORSCOUT_CONTACT_URL)"]
    lines = [
        f"# creatorscout plan {plan.name}: {schedule.every} (cron: {schedule.cron}; systemd: {schedule.on_calendar})",
        "# Nothing was installed; copy what you use. A run that finds the previous one still running exits",
        "# at once with status 75 (the plan's lock); 3 means finished but incomplete (a budget or platform).",
        "#",
        f"# Credentials: one NAME=value per line in {env_file} (chmod 600), read by both:",
        *env_lines,
        "",
        f"# --- crontab (crontab -e); output is appended to {cron_log} ---",
        f"{schedule.cron} {shell.replace('%', chr(92) + '%')}",
        "",
        f"# --- ~/.config/systemd/user/{unit}.service ---",
        "[Unit]",
        f"Description=creatorscout plan {plan.name} ({plan.path})",
        "",
        "[Service]",
        "Type=oneshot",
        f"WorkingDirectory={_systemd_quote(str(folder))}",
        f"EnvironmentFile=-{_systemd_quote(str(env_file))}",
        f"ExecStart={' '.join(_systemd_quote(a) for a in run)}",
        "# 75: the previous run still holds the lock, not a failure",
        "SuccessExitStatus=75",
        "# SIGTERM stops the run within seconds, keeping what was collected",
        "TimeoutStopSec=60",
        "",
        f"# --- ~/.config/systemd/user/{unit}.timer ---",
        "[Unit]",
        f"Description=Run creatorscout plan {plan.name} ({schedule.every})",
        "",
        "[Timer]",
        f"OnCalendar={schedule.on_calendar}",
        "Persistent=true",
        "",
        "[Install]",
        "WantedBy=timers.target",
        "",
        "# --- install the timer, and read the logs ---",
        "# systemctl --user daemon-reload",
        f"# systemctl --user enable --now {unit}.timer",
        '# loginctl enable-linger "$USER"          # runs also while you are logged out',
        f"# systemctl --user list-timers {unit}.timer",
        f"# journalctl --user -u {unit}.service    # each run's one-line summary and errors",
        f"# ls {shlex.quote(str(plan.digest))}/*.log                # the full log of every run",
    ]
    return "\n".join(lines) + "\n"


def _print_problems(exc: PlanError) -> None:
    for problem in exc.problems:
        click.echo(problem.text(exc.path), err=True)
    click.echo(f"Error: {plural(len(exc.problems), 'problem')} in {exc.path}", err=True)


@click.group()
def plan() -> None:
    """Write, check and schedule crawl plans (TOML files run by `creatorscout run`).

    \b
    Example:
        creatorscout plan new vegan-de
        creatorscout plan check vegan-de.toml
        creatorscout plan schedule vegan-de.toml --every daily
    """


@plan.command("new")
@click.argument("name")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the plan (default: NAME.toml in this folder).")
@friendly_errors
def plan_new(name: str, out: Path | None) -> None:
    """Write a commented example plan NAME.toml (never overwrites a file).

    \b
    Example:
        creatorscout plan new vegan-de
    """
    stem = name[:-5] if name.endswith(".toml") else name
    if not NAME_PATTERN.match(stem):
        raise click.BadParameter(f"{name!r}: use letters, digits, '.', '_' or '-' (it names files and the lock)",
                                 param_hint="'NAME'")
    path = out or Path(f"{stem}.toml")
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(example_plan(stem))
    except FileExistsError:
        raise click.ClickException(f"{path} exists: not overwritten; choose another NAME or --out") from None
    click.echo(f"Wrote {path}; edit it, then `creatorscout plan check {path}`")


@plan.command("check")
@click.argument("plan_file", metavar="PLAN", type=click.Path(dir_okay=False))
@friendly_errors
def plan_check(plan_file: str) -> None:
    """Validate PLAN: every problem with its line (unknown keys, wrong types, unknown platforms, missing
    credentials); exit status 2 when there is one.

    \b
    Example:
        creatorscout plan check vegan-de.toml
    """
    try:
        loaded = load_plan(plan_file)
    except PlanError as exc:
        _print_problems(exc)
        raise SystemExit(EXIT_PLAN_ERROR) from None
    crawls = "; ".join(
        f"{p.key} " + ", ".join(part for part in (
            plural(len(p.hashtags), "hashtag") if p.hashtags else "",
            plural(len(p.handles), "handle") if p.handles else "",
            f"handles from {p.handles_file.name}" if p.handles_file else "") if part)
        for p in loaded.platforms)
    click.echo(f"{plan_file}: ok: plan {loaded.name} crawls {crawls}; store {loaded.db}; shortlist "
               f"{loaded.shortlist}; digest {loaded.digest}")


@plan.command("schedule")
@click.argument("plan_file", metavar="PLAN", type=click.Path(dir_okay=False))
@click.option("--every", required=True, metavar='daily|weekly|"CRON"',
              help='When to run: daily (03:17), weekly (Monday 03:17) or a cron expression such as "30 5 * * 1-5".')
@click.option("--env-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The file with the credentials (default: ~/.config/creatorscout/NAME.env).")
@friendly_errors
def plan_schedule(plan_file: str, every: str, env_file: Path | None) -> None:
    """Print (never install) a crontab line and a systemd user service + timer that run PLAN.

    \b
    Example:
        creatorscout plan schedule vegan-de.toml --every daily
        creatorscout plan schedule vegan-de.toml --every "30 5 * * 1-5"
    """
    try:
        schedule = parse_every(every)
    except CronError as exc:
        raise click.BadParameter(str(exc), param_hint="'--every'") from None
    try:
        loaded = load_plan(plan_file, check_credentials=False)  # they live in the environment file
    except PlanError as exc:
        _print_problems(exc)
        raise SystemExit(EXIT_PLAN_ERROR) from None
    env = (env_file or Path("~/.config/creatorscout") / f"{loaded.name}.env").expanduser().absolute()
    click.echo(schedule_text(loaded, schedule, env), nl=False)


COMMANDS = [plan]
