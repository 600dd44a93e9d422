"""``python -m vetting.cli`` runs the creatorscout command line."""

from vetting.cli import main

main()
