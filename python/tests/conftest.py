"""Shared fixtures: where the repository is, and the command-line binary."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def attrib_bin():
    """The `attrib` command line, from ATTRIB_BIN (set by .ci/run)."""
    path = os.environ.get("ATTRIB_BIN")
    if not path:
        pytest.skip(
            "ATTRIB_BIN is not set: build the CLI with `cargo build --features cli "
            "--bin attrib` and set ATTRIB_BIN=target/debug/attrib to compare with it"
        )
    if not os.access(path, os.X_OK):
        pytest.fail(f"ATTRIB_BIN={path} is not an executable file")
    return path


@pytest.fixture(scope="session")
def cli(attrib_bin):
    """Runs the CLI; returns (exit code, stdout, stderr)."""

    def run(*args):
        done = subprocess.run(
            [attrib_bin, *map(str, args)], capture_output=True, text=True, cwd=ROOT
        )
        return done.returncode, done.stdout, done.stderr

    return run
