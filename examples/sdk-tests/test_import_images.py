"""Tests of import_images.py, run as it runs in production (a process of its own, configured by
KILI_API_KEY and KILI_API_ENDPOINT), against the emulator the `emulator` fixture starts. They
assert on what the project holds afterwards, read back with the SDK."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from PIL import Image

SCRIPT = Path(__file__).with_name("import_images.py")


def write_dataset(folder: Path) -> Path:
    """A CSV of two hosted images and one local file, with metadata."""
    Image.new("RGB", (4, 3), "red").save(folder / "local-sign.png")
    csv_path = folder / "images.csv"
    with csv_path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["external_id", "content", "metadata.camera", "metadata.city"])
        writer.writerow(["sign-1", "https://example.com/signs/1.jpg", "front", "Paris"])
        writer.writerow(["sign-2", "https://example.com/signs/2.jpg", "rear", ""])
        writer.writerow(["local-sign", "local-sign.png", "front", "Lyon"])
    return csv_path


def run_script(emulator, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        env=emulator.env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture()
def imported(emulator, tmp_path):
    """The id of a project import_images.py made, with two members."""
    result = run_script(
        emulator,
        str(write_dataset(tmp_path)),
        "--title",
        "Street signs",
        "--member",
        "Jane.Doe@example.com:LABELER",
        "--member",
        "sam@example.com:REVIEWER",
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_project_holds_the_images_with_their_metadata(emulator, imported):
    kili = emulator.kili()
    assets = kili.assets(project_id=imported, fields=["externalId", "content", "jsonMetadata"])
    by_external_id = {asset["externalId"]: asset for asset in assets}
    assert sorted(by_external_id) == ["local-sign", "sign-1", "sign-2"]
    assert by_external_id["sign-1"]["content"] == "https://example.com/signs/1.jpg"
    assert by_external_id["sign-1"]["jsonMetadata"] == {"camera": "front", "city": "Paris"}
    assert by_external_id["sign-2"]["jsonMetadata"] == {"camera": "rear"}
    assert kili.count_assets(project_id=imported, metadata_where={"city": "Lyon"}) == 1


def test_the_local_image_was_uploaded_and_is_served(emulator, imported, tmp_path):
    kili = emulator.kili()
    (asset,) = kili.assets(project_id=imported, external_id_in=["local-sign"], fields=["content"])
    response = requests.get(
        asset["content"], headers={"Authorization": f"X-API-Key: {emulator.api_key}"}, timeout=30
    )
    assert response.status_code == 200
    write_dataset(tmp_path)
    assert response.content == (tmp_path / "local-sign.png").read_bytes()


def test_the_members_have_their_roles_and_the_metadata_is_declared(emulator, imported):
    kili = emulator.kili()
    (project,) = kili.projects(
        project_id=imported, fields=["title", "roles.user.email", "roles.role", "metadataProperties"]
    )
    assert project["title"] == "Street signs"
    roles = {(member["user"]["email"], member["role"]) for member in project["roles"]}
    assert {("jane.doe@example.com", "LABELER"), ("sam@example.com", "REVIEWER")} <= roles
    assert sorted(project["metadataProperties"]) == ["camera", "city"]
    emails = {user["email"] for user in kili.users()}
    assert {"jane.doe@example.com", "sam@example.com"} <= emails


def test_deleting_the_project_leaves_nothing_to_read(emulator, imported):
    kili = emulator.kili()
    assert kili.delete_project(imported) == imported
    assert kili.count_projects(project_id=imported) == 0
    assert kili.projects(project_id=imported, deleted=True, fields=["id"]) == [{"id": imported}]


def test_a_script_error_is_the_sdks_error(emulator, tmp_path):
    """An unknown role is refused by the SDK before anything is sent, as it would be on Kili."""
    result = run_script(
        emulator, str(write_dataset(tmp_path)), "--title", "Bad role", "--member", "x@example.com:OWNER"
    )
    assert result.returncode != 0
    assert "role" in result.stderr
