"""`python -m app` is the `gladshare` command."""

from app.cli import main

main()
