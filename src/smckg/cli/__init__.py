"""The ``smc-kg`` command: a click group whose subcommands live in the modules of this package.

Each module of ``smckg.cli`` exposes ``COMMANDS``, a list of click commands; they are
collected here, so a feature adds its commands without editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from smckg.errors import SmcError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="smc-kg")
def cli() -> None:
    """Knowledge graph of the SMC digital-transformation framework / 中小城市数字化转型框架知识图谱."""


def _register_commands() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", []):
            cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI; a domain error prints its message and exits with its code."""
    _register_commands()
    try:
        cli.main(args=argv, prog_name="smc-kg", standalone_mode=False)
    except SmcError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
