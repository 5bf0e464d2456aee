"""pytest fixtures that run scripts written for the official Kili SDK against `kili-sync emulator`.

`emulator` starts one emulator for the whole session, on a free port with an in-memory database
and a key of its own, and stops it at the end. The command that runs kili-sync is taken from
KILI_SYNC_COMMAND (default `npx --no kili-sync`, for a project that has kili-sync installed;
from a clone of kili-sync, after `npm run build`: `node dist/cli/bin.js`).
"""

import os
import secrets
import shlex
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass

import pytest
from kili.client import Kili

START_TIMEOUT_S = 60


@dataclass(frozen=True)
class RunningEmulator:
    endpoint: str
    api_key: str

    @property
    def env(self) -> dict:
        """The environment a script needs to talk to this emulator, as it would to Kili."""
        return {**os.environ, "KILI_API_ENDPOINT": self.endpoint, "KILI_API_KEY": self.api_key}

    def kili(self) -> Kili:
        """An SDK client of this emulator, to look at what a script did."""
        return Kili(api_key=self.api_key, api_endpoint=self.endpoint, disable_tqdm=True)


@pytest.fixture(scope="session")
def emulator():
    command = shlex.split(os.environ.get("KILI_SYNC_COMMAND", "npx --no kili-sync"))
    api_key = f"test-{secrets.token_hex(8)}"
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(
            [*command, "emulator", "--port", "0", "--db", ":memory:", "--api-key", api_key],
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        try:
            # The emulator prints its GraphQL endpoint on stdout once it listens, and nothing else.
            endpoint = read_first_line(process, log)
            yield RunningEmulator(endpoint=endpoint, api_key=api_key)
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def read_first_line(process: subprocess.Popen, log) -> str:
    """The emulator's first line of output, or its error output if it stopped first."""
    timer = threading.Timer(START_TIMEOUT_S, process.kill)
    timer.start()
    try:
        line = process.stdout.readline().strip()
    finally:
        timer.cancel()
    if not line.startswith("http"):
        process.wait()
        log.seek(0)
        raise RuntimeError(f"kili-sync emulator did not start (exit {process.returncode}):\n{log.read()}")
    return line
