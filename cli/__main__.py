"""`python -m cli` is the `hdkg` command."""

from cli.main import app

app(prog_name="hdkg")
