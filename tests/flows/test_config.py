"""Settings from the config file and the environment; feeds from a feeds file."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.config import PROJECT_ROOT, load_settings
from flows.sources import feed_spec, load_feeds_file


def test_defaults_point_at_the_seed_feed(tmp_path):
    settings = load_settings(tmp_path / "absent.toml", environ={})
    assert settings.feeds_file == PROJECT_ROOT / "feeds.toml"
    specs = load_feeds_file(settings.feeds_file)
    assert [s.url for s in specs] == [(PROJECT_ROOT / "seeds" / "feed.xml").as_uri()]


def test_file_then_environment(tmp_path):
    config = tmp_path / "newsclaims.toml"
    config.write_text('[newsclaims]\ndb = "db/x.ducklake"\nchunk_size = 7\n[fetch]\nread_timeout = 2.5\n'
                      '[s3]\nregion = "eu-west-1"\n')
    settings = load_settings(config, environ={"NEWSCLAIMS_CHUNK_SIZE": "9", "NEWSCLAIMS_RETRIES": "0"})
    assert settings.db == str(tmp_path / "db" / "x.ducklake")
    lake = settings.lake()
    assert lake.catalog == f"sqlite:{tmp_path / 'db' / 'x.ducklake'}"
    assert lake.data_path == str(tmp_path / "db" / "x.ducklake.files") + "/"
    assert settings.chunk_size == 9 and settings.fetch.read_timeout == 2.5 and settings.fetch.retries == 0
    assert load_settings(config, environ={"NEWSCLAIMS_DB": "/srv/n.ducklake"}).db == "/srv/n.ducklake"


def test_postgres_catalog_and_object_storage_from_the_environment(tmp_path):
    settings = load_settings(tmp_path / "absent.toml", environ={
        "NEWSCLAIMS_DB": "postgresql://lake:pw@db:5432/lake", "NEWSCLAIMS_DATA_PATH": "s3://news/lake/",
        "AWS_ACCESS_KEY_ID": "aws-key", "NEWSCLAIMS_S3_KEY_ID": "own-key", "AWS_SECRET_ACCESS_KEY": "secret",
        "NEWSCLAIMS_S3_ENDPOINT": "127.0.0.1:9000", "NEWSCLAIMS_S3_USE_SSL": "false"})
    lake = settings.lake()
    assert lake.is_postgres and lake.catalog == "postgres:postgresql://lake:pw@db:5432/lake"
    assert lake.data_path == "s3://news/lake/" and lake.s3.key_id == "own-key" and lake.s3.use_ssl is False
    assert "ENDPOINT '127.0.0.1:9000'" in lake.s3.secret_sql()


def test_unknown_setting_is_an_error(tmp_path):
    config = tmp_path / "newsclaims.toml"
    config.write_text('[newsclaims]\ndb_path = "x"\n')
    with pytest.raises(ValueError, match="unknown setting") as raised:
        load_settings(config, environ={})
    assert str(raised.value).startswith(f"{config}:2: newsclaims.db_path: unknown setting")


def test_feeds_file_paths_are_relative_to_it(tmp_path):
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feed]]\nurl = "local/feed.xml"\noutlet = "Local"\n[[feed]]\nurl = "https://example.org/rss"\n')
    specs = load_feeds_file(feeds)
    assert specs[0].url == (tmp_path / "local" / "feed.xml").as_uri() and specs[0].outlet == "Local"
    assert specs[0].local_root == tmp_path / "local"
    assert specs[1].url == "https://example.org/rss" and specs[1].local_root is None
    with pytest.raises(ValueError, match="scheme"):
        feed_spec("ftp://example.org/feed")


def test_shards_split_the_feeds_stably_and_completely():
    from flows.sources import in_shard, parse_shard

    urls = [f"https://outlet{n}.example/rss" for n in range(200)]
    shards = [[u for u in urls if in_shard(u, f"{k}/3")] for k in (1, 2, 3)]
    assert sorted(sum(shards, [])) == sorted(urls) and all(len(s) > 40 for s in shards)
    assert [u for u in urls if in_shard(u, "2/3")] == shards[1]  # the same split every time, on every machine
    assert parse_shard("2/3") == (2, 3)
    for bad in ("3/2", "0/2", "a/b", "1"):
        with pytest.raises(ValueError, match="shard"):
            parse_shard(bad)
