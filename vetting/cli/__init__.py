"""The ``creatorscout`` command line. Each command parses options, calls one library
function and formats the result; Scrapy and scikit-learn are imported lazily so that
``creatorscout --help`` starts fast."""

from __future__ import annotations

import click

from vetting.cli import collect, deliver, digest, distributed, forget, plan, run, vet


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="creatorscout")
def cli() -> None:
    """Find and vet social-media creators: crawl, vet, shortlist, report.

    \b
    Example:
        creatorscout demo --out demo/
    """


for module in (collect, vet, deliver, digest, forget, plan, run, distributed):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    cli()
