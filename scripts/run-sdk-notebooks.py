#!/usr/bin/env python3
"""Runs Kili's own example notebooks (the recipes/ folder of the official SDK's repository)
against a fresh `kili-sync emulator`, cell by cell, and says for each cell whether it ran.

    PYTHONPATH=<folder holding the kili package> python3 scripts/run-sdk-notebooks.py \\
        <SDK checkout> [NOTEBOOK ...]

With no NOTEBOOK it runs those that create a project, add members, import assets (images,
text, PDF, video, metadata) and delete the project. Each notebook runs in a Python process of
its own, in an empty folder, with KILI_API_ENDPOINT and KILI_API_KEY pointing at the emulator
(one emulator for all, in memory). From the project root, after `npm run build`; the command
that runs kili-sync can be changed with KILI_SYNC_COMMAND.

The notebooks are run as they are, with two stand-ins for what a notebook kernel or the internet
would provide: IPython lines (`%pip install kili`, `!ls`) are left out, and files a notebook
downloads with urllib.request.urlretrieve are written locally instead (a small image, PDF or
MP4 stub of the kind the file name says), since this may run without internet access.

Exits 1 when a cell failed. A cell's failure says whether the emulator caused it: a request it
refused during the cell (a GraphQL error or an HTTP status of 400 or more), or a document the SDK
found missing from the schema the emulator serves; anything else (a missing Python package, a
download that needed the internet) is not the emulator's.
"""

import json
import os
import secrets
import shlex
import signal
import struct
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

DEFAULT_NOTEBOOKS = [
    "basic_project_setup.ipynb",
    "importing_assets_and_metadata.ipynb",
    "import_text_assets.ipynb",
    "importing_pdf_assets.ipynb",
    "importing_video_assets.ipynb",
]
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def main(argv):
    if len(argv) >= 2 and argv[0] == "--run-notebook":
        return run_notebook(Path(argv[1]))
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    recipes = Path(argv[0]) / "recipes"
    notebooks = [recipes / name for name in (argv[1:] or DEFAULT_NOTEBOOKS)]
    missing = [str(path) for path in notebooks if not path.is_file()]
    if missing:
        print(f"error: no such notebook: {', '.join(missing)}", file=sys.stderr)
        return 2
    failed = 0
    with running_emulator() as environment:
        for notebook in notebooks:
            print(f"== {notebook.name}", flush=True)
            with tempfile.TemporaryDirectory(prefix="kili-notebook-") as folder:
                child = subprocess.run(
                    [sys.executable, __file__, "--run-notebook", str(notebook)],
                    cwd=folder,
                    env=environment,
                    check=False,
                )
            failed += child.returncode != 0
    print(f"{len(notebooks) - failed} notebooks ran without a failed cell, {failed} with one")
    return 1 if failed else 0


class running_emulator:
    """`kili-sync emulator` on a free port, in memory; the environment that points the SDK at it."""

    def __enter__(self):
        command = shlex.split(os.environ.get("KILI_SYNC_COMMAND", "node dist/cli/bin.js"))
        api_key = f"notebooks-{secrets.token_hex(8)}"
        self.log = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [*command, "emulator", "--port", "0", "--db", ":memory:", "--api-key", api_key],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        endpoint = self.process.stdout.readline().strip()
        if not endpoint.startswith("http"):
            self.process.wait()
            self.log.seek(0)
            raise SystemExit(
                f"kili-sync emulator did not start (exit {self.process.returncode}):\n{self.log.read()}"
            )
        print(f"emulator: {endpoint}", flush=True)
        return {**os.environ, "KILI_API_ENDPOINT": endpoint, "KILI_API_KEY": api_key}

    def __exit__(self, *_exc):
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def run_notebook(path: Path) -> int:
    """Runs the notebook's code cells in order in one namespace, as a kernel would."""
    refusals = observe_emulator_refusals()
    offline_downloads()
    cells = [cell for cell in json.loads(path.read_text("utf-8"))["cells"] if cell["cell_type"] == "code"]
    namespace = {"__name__": "__main__"}
    failed = 0
    for number, cell in enumerate(cells, start=1):
        source = "".join(cell["source"])
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
        first_line = source.strip().splitlines()[0] if source.strip() else ""
        if not code.strip():
            print(f"  cell {number:2}: skipped (IPython only: {first_line})")
            continue
        refusals.clear()
        try:
            exec(compile(code, f"{path.name}, cell {number}", "exec"), namespace)  # noqa: S102
        except Exception as error:  # noqa: BLE001  (reported, and the next cells still run)
            failed += 1
            print(f"  cell {number:2}: FAILED: {type(error).__name__}: {error}; {blame(error, refusals)}")
            traceback.print_exc(limit=-3)
        else:
            print(f"  cell {number:2}: ok ({first_line[:70]})")
    return 1 if failed else 0


def blame(error: Exception, refusals: list) -> str:
    """Whether the emulator caused a failure: a refusal, or an operation its schema lacks (the
    SDK checks each document against the schema it read from the server before sending it)."""
    if refusals:
        return f"the emulator refused: {refusals}"
    if type(error).__module__ == "kili.exceptions" and type(error).__name__ == "GraphQLError":
        return "the emulator's schema lacks what the SDK sent (checked by the SDK before sending)"
    return "not from the emulator"


def observe_emulator_refusals() -> list:
    """Keeps, for the cell running, the emulator's refusals (only observed, never altered)."""
    import requests  # noqa: PLC0415  (the SDK's own dependency)

    endpoint = os.environ["KILI_API_ENDPOINT"].rsplit("/graphql", 1)[0]
    refusals = []
    send = requests.Session.send

    def observed_send(session, request, **kwargs):
        response = send(session, request, **kwargs)
        if request.url.startswith(endpoint):
            if response.status_code >= 400:
                refusals.append(f"HTTP {response.status_code} {response.text[:200]}")
            elif "/graphql" in request.url:
                try:
                    errors = response.json().get("errors")
                except ValueError:
                    errors = None
                if errors:
                    refusals.append("; ".join(error.get("message", "?") for error in errors))
        return response

    requests.Session.send = observed_send
    return refusals


def offline_downloads():
    """urllib.request.urlretrieve writes a small local stand-in of the kind the name says."""
    import urllib.request  # noqa: PLC0415

    def stand_in(url, filename=None, *_args, **_kwargs):
        target = Path(filename or url.rsplit("/", 1)[-1])
        target.write_bytes(stand_in_bytes(target.suffix.lower()))
        return str(target), None

    urllib.request.urlretrieve = stand_in


def stand_in_bytes(suffix: str) -> bytes:
    if suffix in (".jpg", ".jpeg", ".png"):
        import io  # noqa: PLC0415

        from PIL import Image  # noqa: PLC0415  (the SDK's image extra)

        image = io.BytesIO()
        Image.new("RGB", (8, 6), (200, 30, 30)).save(image, "PNG" if suffix == ".png" else "JPEG")
        return image.getvalue()
    if suffix == ".mp4":
        # The start of an MP4 file: enough for a MIME type, not for a player.
        ftyp = b"ftyp" + b"isom" + struct.pack(">I", 512) + b"isomiso2mp41"
        return struct.pack(">I", len(ftyp) + 4) + ftyp + struct.pack(">I", 8) + b"free"
    if suffix == ".pdf":
        return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return b"stand-in for a downloaded file\n"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
