"""The security tests' shared pieces: an app with its rate limits on, and uploads."""

import io
import shutil

import pytest

from app import create_app
from tests.conftest import _config
from tests.inputs.conftest import text_of

MB = 1024 * 1024
UPLOADS = [("/ops/data/upload", "files", "sites.csv"), ("/booking/referrals/import", "worklist")]


@pytest.fixture
def limited_app(migrated_template, tmp_path):
    """Make apps on one fresh database with the clinics' rate limit on (3 a minute); several
    apps on it stand for several server processes."""
    path = tmp_path / "test.sqlite3"
    shutil.copy(migrated_template, path)

    def make(**settings):
        limits = {"RATELIMIT_ENABLED": True, "CLINICS_RATE_LIMIT": "3 per minute"}
        return create_app(_config(path) | limits | settings)

    return make


def post_file(client, path: str, field: str, name: str, body: bytes):
    data = {field: (io.BytesIO(body), name)}
    return client.post(path, data=data, content_type="multipart/form-data")


def assert_friendly_413(response, limit_mb: int = 10) -> None:
    assert response.status_code == 413
    page = text_of(response)
    assert "<h1>The file is too large</h1>" in page
    assert f"You can upload up to {limit_mb} MB at a time. Nothing was uploaded" in page
    assert "split the data into smaller files" in page
