"""The README cannot drift from the code: its commands and flags exist."""

import re
import shlex

from core.cli import build_parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001 - argparse has no public API
    return action.choices


def readme_core_commands():
    for line in README.splitlines():
        m = re.search(r"python -m core (\w+)(.*?)(?:#|$)", line)
        if m:
            yield m.group(1), m.group(2)


def test_every_documented_core_command_and_flag_exists():
    commands = subcommands()
    seen = list(readme_core_commands())
    assert {c for c, _ in seen} >= {"times", "parse", "ingest", "export", "reparse"}
    for command, rest in seen:
        assert command in commands, f"README documents unknown command {command!r}"
        known = {opt for action in commands[command]._actions for opt in action.option_strings}  # noqa: SLF001
        for token in shlex.split(rest.replace("`", "")):
            if token.startswith("--"):
                assert token in known, f"README: {command} has no flag {token}"


def test_every_command_is_documented():
    documented = {c for c, _ in readme_core_commands()}
    assert set(subcommands()) <= documented


def test_the_two_commands_exist():
    assert "make run" in README and "make test" in README
    assert re.search(r"^run:", MAKEFILE, re.M) and re.search(r"^test:", MAKEFILE, re.M)
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci  # CI runs exactly the README's test command


def test_hosted_pages_show_no_error_details_and_make_run_does():
    import tomllib

    from streamlit.config import ShowErrorDetailsConfigOptions

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == ShowErrorDetailsConfigOptions.NONE
    assert "--client.showErrorDetails=full" in (ROOT / "scripts" / "run.sh").read_text()


def test_every_link_parameter_is_in_the_readmes_table():
    from ui.state import DATE_PARAMS, KNOWN_PARAMS

    section = README.split("### Links that restore a view", 1)[1].split("\n### ", 1)[0]
    documented = set(re.findall(r"^\| `([a-z]+)`", section, re.M))
    documented |= set(DATE_PARAMS) if "| `from`, `to` |" in section else set()
    assert set(KNOWN_PARAMS) <= documented, set(KNOWN_PARAMS) - documented
