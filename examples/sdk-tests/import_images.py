"""An import script of the kind teams keep beside their data, written for the official Kili SDK.

It creates an IMAGE project, adds its members, declares its metadata and imports the images a
CSV file lists (URLs or paths to local files, each with an external ID and metadata), then prints
the project's id. The Kili client reads KILI_API_KEY and KILI_API_ENDPOINT, so the same script
runs against Kili or against `kili-sync emulator`:

    python import_images.py images.csv --title "Street signs" --member jane@example.com:LABELER

The CSV has the columns `external_id`, `content` and any number of `metadata.<key>` columns.
"""

import argparse
import csv
from pathlib import Path

from kili.client import Kili

INTERFACE = {
    "jobs": {
        "CLASSIFICATION_JOB": {
            "mlTask": "CLASSIFICATION",
            "required": 1,
            "isChild": False,
            "content": {
                "categories": {"SIGN": {"name": "Sign"}, "NO_SIGN": {"name": "No sign"}},
                "input": "radio",
            },
        }
    }
}

METADATA_PREFIX = "metadata."


def read_rows(csv_path: Path) -> list[dict]:
    """The images to import; local paths are read relative to the CSV file."""
    rows = []
    with csv_path.open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            content = row["content"]
            if not content.startswith(("http://", "https://")):
                content = str((csv_path.parent / content).resolve())
            metadata = {
                key[len(METADATA_PREFIX) :]: value
                for key, value in row.items()
                if key.startswith(METADATA_PREFIX) and value != ""
            }
            rows.append({"external_id": row["external_id"], "content": content, "metadata": metadata})
    return rows


def import_images(kili: Kili, title: str, rows: list[dict], members: list[tuple[str, str]]) -> str:
    """Creates the project and fills it; returns its id."""
    project_id = kili.create_project(title=title, input_type="IMAGE", json_interface=INTERFACE)["id"]
    for email, role in members:
        kili.append_to_roles(project_id=project_id, user_email=email, role=role)
    metadata_keys = sorted({key for row in rows for key in row["metadata"]})
    kili.update_properties_in_project(
        project_id=project_id,
        metadata_properties={key: {"type": "string", "filterable": True} for key in metadata_keys},
    )
    # The SDK takes hosted images and local files in separate calls.
    hosted = [row for row in rows if row["content"].startswith(("http://", "https://"))]
    local = [row for row in rows if row not in hosted]
    for batch in (hosted, local):
        if batch:
            kili.append_many_to_dataset(
                project_id=project_id,
                content_array=[row["content"] for row in batch],
                external_id_array=[row["external_id"] for row in batch],
                json_metadata_array=[row["metadata"] for row in batch],
            )
    return project_id


def parse_member(text: str) -> tuple[str, str]:
    email, _, role = text.partition(":")
    return email, role or "LABELER"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path, help="the images to import")
    parser.add_argument("--title", required=True, help="the new project's title")
    parser.add_argument(
        "--member", action="append", default=[], type=parse_member, help="EMAIL[:ROLE], repeatable"
    )
    args = parser.parse_args()
    kili = Kili(disable_tqdm=True)
    print(import_images(kili, args.title, read_rows(args.csv), args.member))


if __name__ == "__main__":
    main()
