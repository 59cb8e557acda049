"""`python -m hdkg` is the `hdkg` command."""

from hdkg.cli import app

app(prog_name="hdkg")
