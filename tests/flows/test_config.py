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
    config.write_text('[newsclaims]\ndb_path = "db/x.duckdb"\nchunk_size = 7\n[fetch]\nread_timeout = 2.5\n')
    settings = load_settings(config, environ={"NEWSCLAIMS_CHUNK_SIZE": "9", "NEWSCLAIMS_RETRIES": "0"})
    assert settings.db_path == tmp_path / "db" / "x.duckdb"
    assert settings.analyst_path == tmp_path / "db" / "x.analyst.duckdb"
    assert settings.chunk_size == 9 and settings.fetch.read_timeout == 2.5 and settings.fetch.retries == 0
    assert load_settings(config, environ={"NEWSCLAIMS_DB": "/srv/n.duckdb"}).db_path == Path("/srv/n.duckdb")


def test_unknown_setting_is_an_error(tmp_path):
    config = tmp_path / "newsclaims.toml"
    config.write_text('[newsclaims]\ndb = "x"\n')
    with pytest.raises(ValueError, match="unknown settings"):
        load_settings(config, environ={})


def test_feeds_file_paths_are_relative_to_it(tmp_path):
    feeds = tmp_path / "feeds.toml"
    feeds.write_text('[[feed]]\nurl = "local/feed.xml"\noutlet = "Local"\n[[feed]]\nurl = "https://example.org/rss"\n')
    specs = load_feeds_file(feeds)
    assert specs[0].url == (tmp_path / "local" / "feed.xml").as_uri() and specs[0].outlet == "Local"
    assert specs[0].local_root == tmp_path / "local"
    assert specs[1].url == "https://example.org/rss" and specs[1].local_root is None
    with pytest.raises(ValueError, match="scheme"):
        feed_spec("ftp://example.org/feed")
