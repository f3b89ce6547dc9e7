"""The production layout: Parquet files on an S3-compatible server (moto, its own process, over HTTP)."""

from __future__ import annotations

import urllib.request

from flows.config import load_settings
from tests.warehouse.stories import shared_batch
from warehouse.lake import connect
from warehouse.store import Warehouse


def bucket_listing(s3_server, bucket: str) -> str:
    with urllib.request.urlopen(f"http://{s3_server.endpoint}/{bucket}?list-type=2", timeout=10) as response:
        return response.read().decode()


def test_a_postgres_catalog_with_data_in_object_storage(postgres, s3_server, tmp_path):
    bucket = s3_server.new_bucket()
    environ = {"NEWSCLAIMS_DB": postgres.new_database(), "NEWSCLAIMS_DATA_PATH": f"s3://{bucket}/lake/",
               **s3_server.environment()}
    lake = load_settings(tmp_path / "absent.toml", environ=environ).lake()
    batch = shared_batch()
    with Warehouse(lake) as warehouse:
        loaded = warehouse.load_articles("run-1", batch)
    assert (loaded.new_articles, loaded.duplicates) == (30, 10)
    assert ".parquet" in bucket_listing(s3_server, bucket)  # the rows went to the server, not to local disk
    with connect(lake, read_only=True) as reader:
        assert reader.execute("SELECT count(*), count(DISTINCT canonical_url) FROM articles").fetchone() == (40, 40)
        files = reader.execute("SELECT data_file FROM ducklake_list_files('lake', 'articles')").fetchall()
    assert files and all(f[0].startswith(f"s3://{bucket}/lake/") for f in files)


def test_an_embedded_catalog_with_data_in_object_storage(s3_server, tmp_path):
    bucket = s3_server.new_bucket()
    environ = {"NEWSCLAIMS_DB": str(tmp_path / "newsclaims.ducklake"), "NEWSCLAIMS_DATA_PATH": f"s3://{bucket}/",
               **s3_server.environment()}
    lake = load_settings(tmp_path / "absent.toml", environ=environ).lake()
    with Warehouse(lake) as warehouse:
        warehouse.load_articles("run-1", shared_batch()[:12])
    with connect(lake, read_only=True) as reader:
        assert reader.execute("SELECT count(*) FROM articles").fetchone() == (12,)
    assert not (tmp_path / "newsclaims.ducklake.files").exists()
