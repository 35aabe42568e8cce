"""`python -m sabt.cli`: the same as the `sabt` command."""

from sabt.cli import main

main()
