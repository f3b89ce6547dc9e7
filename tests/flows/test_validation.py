"""Mistakes in newsclaims.toml, the feeds file and NEWSCLAIMS_* variables: named by file, line and key."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from flows.config import PROJECT_ROOT, check_settings, load_settings
from flows.sources import check_feeds_file, load_feeds_file
from flows.validation import ConfigError, Locator

NEWSCLAIMS = str(Path(sys.executable).with_name("newsclaims"))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def config_error(path: Path, environ: dict | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as raised:
        load_settings(path, environ=environ or {})
    return raised.value


def feeds_error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as raised:
        load_feeds_file(path)
    return raised.value


def located(error: ConfigError, path: Path | None, line: int | None, key: str | None, *fragments: str) -> None:
    assert (error.file, error.line, error.key) == (None if path is None else str(path), line, key), str(error)
    text = str(error)
    assert "\n" not in text
    where = "environment" if path is None else f"{path}:{line}" if line else str(path)
    assert text.startswith(f"{where}: {key}: " if key else f"{where}: "), text
    for fragment in fragments:
        assert fragment in text, text


# -- the settings file ---------------------------------------------------------------------------------------

def test_a_toml_syntax_error_is_one_line_naming_file_and_line(tmp_path):
    config = write(tmp_path / "newsclaims.toml", '[newsclaims]\nchunk_size = 5\n[fetch\nretries = 1\n')
    located(config_error(config), config, 3, None, "invalid TOML", "column")
    unterminated = write(tmp_path / "open.toml", '[newsclaims]\ndb = "x.ducklake\n')
    located(config_error(unterminated), unterminated, 2, None, "invalid TOML")
    feeds = write(tmp_path / "feeds.toml", '[[feed]]\nurl = "https://example.org/rss"\n\n[[feed]\nurl = "x"\n')
    located(feeds_error(feeds), feeds, 4, None, "invalid TOML")


def test_unknown_keys_and_tables_suggest_the_closest_known_one(tmp_path):
    config = write(tmp_path / "newsclaims.toml", '# settings\n[newsclaims]\nchunk_size = 5\n\n[fetch]\n'
                   'concurrency = 8\nper_host_concurency = 2\n')
    located(config_error(config), config, 7, "fetch.per_host_concurency", "unknown setting",
            "did you mean 'per_host_concurrency'?")
    table = write(tmp_path / "table.toml", '[newsclaims]\nchunk_size = 5\n[fetchs]\nretries = 1\n')
    located(config_error(table), table, 3, "fetchs", "unknown table", "did you mean 'fetch'?")
    misplaced = write(tmp_path / "misplaced.toml", '[newsclaims]\nconcurrency = 8\n')
    located(config_error(misplaced), misplaced, 2, "newsclaims.concurrency", "belongs in [fetch]")
    outside = write(tmp_path / "outside.toml", 'chunk_size = 5\n[fetch]\nretries = 1\n')
    located(config_error(outside), outside, 1, "chunk_size", "put it under [newsclaims]")


@pytest.mark.parametrize("table, line, key, message", [
    ("[fetch]", 'concurrency = "8"', "fetch.concurrency", "expected an integer, got the string '8'"),
    ("[fetch]", "concurrency = 2.5", "fetch.concurrency", "expected an integer, got 2.5"),
    ("[fetch]", "max_bytes = true", "fetch.max_bytes", "expected an integer, got true"),  # bools are not ints
    ("[fetch]", 'read_timeout = "fast"', "fetch.read_timeout", "expected a number, got the string 'fast'"),
    ("[fetch]", "connect_timeout = false", "fetch.connect_timeout", "expected a number, got false"),
    ("[fetch]", "respect_robots = 1", "fetch.respect_robots", "expected true or false, got 1"),
    ("[fetch]", "allow_private_networks = [10]", "fetch.allow_private_networks", "array holding 10"),
    ("[newsclaims]", "db = 5", "newsclaims.db", "expected a string, got 5"),
    ("[newsclaims]", 'feeds_file = ["a.toml"]', "newsclaims.feeds_file", "expected a string, got an array"),
    ("[s3]", "use_ssl = 'no'", "s3.use_ssl", "expected true or false, got the string 'no'"),
])
def test_wrong_types_name_what_was_expected_and_found(tmp_path, table, line, key, message):
    config = write(tmp_path / "newsclaims.toml", f"# header\n\n{table}\n# a comment\n{line}\n")
    located(config_error(config), config, 5, key, message)


@pytest.mark.parametrize("table, line, key, message", [
    ("fetch", "concurrency = 0", "fetch.concurrency", "must be at least 1, got 0"),
    ("fetch", "per_host_concurrency = -2", "fetch.per_host_concurrency", "must be at least 1, got -2"),
    ("newsclaims", "chunk_size = 0", "newsclaims.chunk_size", "must be at least 1"),
    ("newsclaims", "workers = 0", "newsclaims.workers", "must be at least 1"),
    ("newsclaims", "dedup_window_days = 0", "newsclaims.dedup_window_days", "must be at least 1"),
    ("fetch", "connect_timeout = 0", "fetch.connect_timeout", "must be greater than 0"),
    ("fetch", "read_timeout = -1.5", "fetch.read_timeout", "must be greater than 0, got -1.5"),
    ("fetch", "total_timeout = 0.0", "fetch.total_timeout", "must be greater than 0"),
    ("fetch", "max_bytes = 0", "fetch.max_bytes", "must be at least 1"),
    ("fetch", "retries = -1", "fetch.retries", "must not be negative, got -1"),
    ("fetch", 'allow_private_networks = ["10.0.0.0/8", "intranet"]', "fetch.allow_private_networks",
     "'intranet' is not an IP network"),
    ("s3", 'url_style = "virtual"', "s3.url_style", "must be 'path' or 'vhost', got 'virtual'"),
    ("newsclaims", 'db = "mysql://lake@db/lake"', "newsclaims.db", "postgresql:// URL, got 'mysql://lake@db/lake'"),
    ("newsclaims", 'db = ""', "newsclaims.db", "must not be empty"),
])
def test_bad_values_are_refused(tmp_path, table, line, key, message):
    config = write(tmp_path / "newsclaims.toml", f"[{table}]\n{line}\n")
    located(config_error(config), config, 2, key, message)


def test_limits_that_are_allowed_and_values_as_before(tmp_path):
    config = write(tmp_path / "newsclaims.toml", '[newsclaims]\ncompact_every_chunks = 0\ndb = "postgresql://u:p@h/d"\n'
                   '[fetch]\nretries = 0\nconnect_timeout = 3\nallow_private_networks = ["10.1.2.3/8"]\n'
                   '[feeds]\nmin_interval = 60\nmax_interval = 60\n[s3]\nurl_style = "path"\n')
    settings = load_settings(config, environ={})
    assert settings.compact_every_chunks == 0 and settings.fetch.retries == 0
    assert settings.fetch.connect_timeout == 3.0 and isinstance(settings.fetch.connect_timeout, float)
    assert settings.fetch.allow_private_networks == ("10.0.0.0/8",)
    assert settings.db == "postgresql://u:p@h/d" and settings.s3.url_style == "path"


def test_min_interval_above_max_interval_names_the_line(tmp_path):
    config = write(tmp_path / "newsclaims.toml", "[feeds]\nmin_interval = 900\nmax_interval = 600\n")
    located(config_error(config), config, 2, "feeds.min_interval", "must not be greater than max_interval")
    located(config_error(tmp_path / "absent.toml", {"NEWSCLAIMS_FEEDS_MAX_INTERVAL": "10"}), None, None,
            "NEWSCLAIMS_FEEDS_MAX_INTERVAL", "min_interval (300 s)")


# -- the environment -----------------------------------------------------------------------------------------

def test_environment_variables_are_checked_too(tmp_path):
    absent = tmp_path / "absent.toml"
    error = config_error(absent, {"NEWSCLAIMS_CONCURRENCY": "abc"})
    assert str(error) == "environment: NEWSCLAIMS_CONCURRENCY: expected an integer, got 'abc'"
    assert error.file is None and error.line is None
    located(config_error(absent, {"NEWSCLAIMS_CHUNK_SIZE": "0"}), None, None, "NEWSCLAIMS_CHUNK_SIZE", "at least 1")
    located(config_error(absent, {"NEWSCLAIMS_READ_TIMEOUT": "soon"}), None, None, "NEWSCLAIMS_READ_TIMEOUT",
            "expected a number, got 'soon'")
    located(config_error(absent, {"NEWSCLAIMS_RESPECT_ROBOTS": "flase"}), None, None, "NEWSCLAIMS_RESPECT_ROBOTS",
            "expected true or false")
    located(config_error(absent, {"NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS": "127.0.0.1/32,lan"}), None, None,
            "NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS", "'lan' is not an IP network")
    located(config_error(absent, {"NEWSCLAIMS_S3_URL_STYLE": "dns"}), None, None, "NEWSCLAIMS_S3_URL_STYLE",
            "'path' or 'vhost'")
    settings = load_settings(absent, environ={"NEWSCLAIMS_RESPECT_ROBOTS": "no", "NEWSCLAIMS_S3_USE_SSL": "FALSE",
                                              "NEWSCLAIMS_ALLOW_PRIVATE_NETWORKS": "127.0.0.1/32, 10.0.0.0/8"})
    assert settings.fetch.respect_robots is False and settings.s3.use_ssl is False
    assert settings.fetch.allow_private_networks == ("127.0.0.1/32", "10.0.0.0/8")


def test_every_mistake_is_collected_in_line_order_then_the_environment(tmp_path):
    config = write(tmp_path / "newsclaims.toml", '[newsclaims]\nchunk_size = 10\nworkers = "2"\n[fetch]\n'
                   'concurency = 4\nretries = 3\nread_timeout = 0\n[bogus]\n')
    check = check_settings(config, environ={"NEWSCLAIMS_CONCURRENCY": "abc", "NEWSCLAIMS_RETRIES": "1"})
    assert [(e.line, e.key) for e in check.errors] == [
        (3, "newsclaims.workers"), (5, "fetch.concurency"), (7, "fetch.read_timeout"), (8, "bogus"),
        (None, "NEWSCLAIMS_CONCURRENCY")]
    # the good values still apply, so the feeds file and the rest can be checked as well
    assert check.settings.chunk_size == 10 and check.settings.fetch.retries == 1
    assert (check.from_file, check.from_environment) == (2, 1)


def test_the_projects_own_files_are_valid():
    check = check_settings(PROJECT_ROOT / "newsclaims.toml", environ={})
    assert check.errors == [] and check.from_file > 5
    specs, errors = check_feeds_file(PROJECT_ROOT / "feeds.toml")
    assert errors == [] and specs


# -- the feeds file ------------------------------------------------------------------------------------------

def test_a_typo_in_the_feed_table_name_is_an_unknown_table(tmp_path):
    feeds = write(tmp_path / "feeds.toml", "# my feeds\n\n[[feeds]]\nurl = 'https://example.org/rss'\n")
    located(feeds_error(feeds), feeds, 3, "feeds", "unknown table [[feeds]]", "did you mean [[feed]]?",
            "no feeds to poll")
    other = write(tmp_path / "other.toml", "[[feed]]\nurl = 'https://example.org/rss'\n[site]\nname = 'x'\n")
    located(feeds_error(other), other, 3, "site", "unknown table [site]")
    single = write(tmp_path / "single.toml", "# one\n[feed]\nurl = 'https://example.org/rss'\n")
    located(feeds_error(single), single, 2, "feed", "expected [[feed]] tables, got a single [feed] table")


def test_each_feed_needs_a_url_and_only_known_keys(tmp_path):
    feeds = write(tmp_path / "feeds.toml", '[[feed]]\nurl = "https://a.example/rss"\n\n[[feed]]\noutlet = "B"\n')
    located(feeds_error(feeds), feeds, 4, "feed[2]", "needs a url")
    typo = write(tmp_path / "typo.toml", '[[feed]]\nurl = "https://a.example/rss"\noutlt = "A"\n')
    located(feeds_error(typo), typo, 3, "feed[1].outlt", "unknown key", "did you mean 'outlet'?")
    number = write(tmp_path / "number.toml", '[[feed]]\nurl = 42\n')
    located(feeds_error(number), number, 2, "feed[1].url", "expected a string, got 42")
    outlet = write(tmp_path / "outlet.toml", '[[feed]]\nurl = "https://a.example/rss"\noutlet = ["A"]\n')
    located(feeds_error(outlet), outlet, 3, "feed[1].outlet", "expected a string")


@pytest.mark.parametrize("url, message", [
    ("ftp://example.org/feed.xml", "unsupported feed URL scheme 'ftp'"),
    ("https:///feed.xml", "needs a host"),
    ("http://example.org:port/rss", "bad port"),
    ("", "must not be empty"),
    (" https://example.org/rss", "spaces"),
])
def test_bad_feed_urls_name_the_feed_and_line(tmp_path, url, message):
    feeds = write(tmp_path / "feeds.toml", f'[[feed]]\nurl = "https://ok.example/rss"\n\n[[feed]]\n'
                  f'outlet = "X"\nurl = "{url}"\n')
    located(feeds_error(feeds), feeds, 6, "feed[2].url", message)


def test_duplicate_feeds_name_both_lines(tmp_path):
    feeds = write(tmp_path / "feeds.toml", '[[feed]]\nurl = "local/feed.xml"\n[[feed]]\nurl = "https://a.example/rss"\n'
                  '[[feed]]\noutlet = "Again"\nurl = "./local/../local/feed.xml"\n')
    located(feeds_error(feeds), feeds, 7, "feed[3].url", "duplicate of feed[1] (line 2)",
            (tmp_path / "local" / "feed.xml").as_uri())


def test_every_feed_mistake_is_collected(tmp_path):
    feeds = write(tmp_path / "feeds.toml", '[[feed]]\nurl = "https://a.example/rss"\n[[feed]]\nurl = "gopher://x"\n'
                  '[[feed]]\nurl = "https://a.example/rss"\ntitle = "A"\n[[feed]]\nurl = "https://b.example/rss"\n'
                  '[[feeds]]\nurl = "https://c.example/rss"\n')
    specs, errors = check_feeds_file(feeds)
    assert [s.url for s in specs] == ["https://a.example/rss", "https://b.example/rss"]
    assert [(e.line, e.key) for e in errors] == [(4, "feed[2].url"), (6, "feed[3].url"), (7, "feed[3].title"),
                                                 (10, "feeds")]
    assert check_feeds_file(tmp_path / "missing.toml")[1][0].message == "no such file"


def test_a_feed_url_given_as_the_feeds_file_says_where_urls_go():
    (error,) = check_feeds_file("http://127.0.0.1:9/feed.xml")[1]
    assert str(error).startswith("http://127.0.0.1:9/feed.xml: is a URL, not a feeds file")
    assert "newsclaims ingest URL" in error.message


# -- the error and the locator ----------------------------------------------------------------------------------

def test_a_config_error_is_one_line_and_survives_pickling():
    error = ConfigError("feeds.toml", 3, "feed[1].url", "two\nlines")
    assert str(error) == "feeds.toml:3: feed[1].url: two lines" and isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error) and (copy.file, copy.line, copy.key) == ("feeds.toml", 3, "feed[1].url")
    assert str(ConfigError("x.toml", None, None, "no such file")) == "x.toml: no such file"


def test_the_locator_is_not_fooled_by_multiline_values_and_dotted_keys():
    text = ('title = """\n[fetch]\nconcurrency = 1\n"""\nfetch.retries = 3\n[newsclaims]\nnets = [\n'
            '  ["a"],\n  "b = 1",\n]\n"quoted.key" = 1\n[[feed]]\nurl = "a"\n[[feed]]\n\nurl = "b"\n')
    locator = Locator(text)
    assert locator.line("fetch.retries") == 5 and locator.line("fetch") == 5
    assert locator.line("fetch.concurrency") == 5  # not line 3, inside the string: the table's line
    assert locator.line("newsclaims") == 6 and locator.line("newsclaims.quoted.key") == 11
    assert locator.line("feed[1].url") == 13 and locator.line("feed[2]") == 14 and locator.line("feed[2].url") == 16
    assert locator.line("feed[3].url") == 12 and locator.line("nothing.here") is None


# -- the command ---------------------------------------------------------------------------------------------

def run(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSCLAIMS_", "AWS_"))}
    return subprocess.run([NEWSCLAIMS, *args], capture_output=True, text=True, timeout=120, cwd=cwd,
                          env={**clean, **(env or {})})


@pytest.fixture
def project(tmp_path) -> Path:
    write(tmp_path / "newsclaims.toml", '[newsclaims]\nfeeds_file = "feeds.toml"\nchunk_size = 10\n'
          '[fetch]\nconcurrency = 4\n')
    write(tmp_path / "feeds.toml", '[[feed]]\nurl = "https://example.org/rss"\n[[feed]]\nurl = "local.xml"\n'
          'outlet = "Local"\n')
    return tmp_path


def test_check_passes_a_good_configuration_and_says_what_it_found(project):
    config, feeds = project / "newsclaims.toml", project / "feeds.toml"
    result = run("check", "--config", str(config))
    assert result.returncode == 0 and result.stderr == "", result.stderr
    assert result.stdout.strip() == f"ok: {config} (3 settings), {feeds} (2 feeds: 1 http(s), 1 local)"
    before = run("--config", str(config), "check", env={"NEWSCLAIMS_RETRIES": "1"})  # the global option works too
    assert before.returncode == 0 and "(3 settings, 1 from the environment)" in before.stdout


def test_check_reports_a_toml_syntax_error_on_one_line(project):
    config = write(project / "newsclaims.toml", '[newsclaims]\nchunk_size = 10\n[fetch\n')
    result = run("check", "--config", str(config))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"{config}:3: invalid TOML: Expected ']' at the end of a table "
                                          f"declaration (column 7)", "newsclaims check: 1 mistake"]
    other = run("--config", str(config), "info")  # every command: one line, exit 2
    assert other.returncode == 2 and other.stdout == ""
    assert other.stderr.splitlines() == [f"newsclaims: {config}:3: invalid TOML: Expected ']' at the end of a "
                                         f"table declaration (column 7)"]


def test_check_reports_a_feeds_table_typo_and_duplicates_with_their_lines(project):
    typo = write(project / "typo.toml", "[[feeds]]\nurl = 'https://example.org/rss'\n")
    result = run("check", "--config", str(project / "newsclaims.toml"), "--feeds", str(typo))
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].startswith(f"{typo}:1: feeds: unknown table [[feeds]]; did you mean [[feed]]?")
    write(project / "feeds.toml", '[[feed]]\nurl = "https://example.org/rss"\n\n'
          '[[feed]]\nurl = "https://example.org/rss"\n')
    duplicate = run("check", "--config", str(project / "newsclaims.toml"))
    assert duplicate.returncode == 2
    assert duplicate.stderr.splitlines()[0] == (f"{project / 'feeds.toml'}:5: feed[2].url: duplicate of feed[1] "
                                                f"(line 2): https://example.org/rss")


def test_check_lists_every_mistake_with_suggestions(project):
    write(project / "newsclaims.toml", '[newsclaims]\nfeeds_file = "feeds.toml"\n[fetch]\nper_host_concurency = 2\n'
          'retries = -1\n')
    write(project / "feeds.toml", '[[feed]]\nurl = "ftp://example.org/rss"\n')
    result = run("check", cwd=project, env={"NEWSCLAIMS_CONFIG": "newsclaims.toml", "NEWSCLAIMS_CONCURRENCY": "abc"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "newsclaims.toml:4: fetch.per_host_concurency: unknown setting; did you mean 'per_host_concurrency'?",
        "newsclaims.toml:5: fetch.retries: must not be negative, got -1",
        "environment: NEWSCLAIMS_CONCURRENCY: expected an integer, got 'abc'",
        "feeds.toml:2: feed[1].url: unsupported feed URL scheme 'ftp' (http, https, file or a path): "
        "ftp://example.org/rss",  # paths as the operator wrote them (relative to the config file)
        "newsclaims check: 4 mistakes",
    ]


def test_a_bad_environment_variable_stops_every_command_with_one_line(project):
    env = {"NEWSCLAIMS_CONCURRENCY": "abc"}
    checked = run("check", "--config", str(project / "newsclaims.toml"), env=env)
    assert checked.returncode == 2
    assert checked.stderr.splitlines()[0] == "environment: NEWSCLAIMS_CONCURRENCY: expected an integer, got 'abc'"
    info = run("info", env=env)
    assert info.returncode == 2 and info.stderr == (
        "newsclaims: environment: NEWSCLAIMS_CONCURRENCY: expected an integer, got 'abc'\n")


def test_check_names_a_missing_config_file_and_an_empty_feeds_file(project):
    missing = run("check", "--config", str(project / "nope.toml"))
    assert missing.returncode == 2 and missing.stderr.startswith(f"{project / 'nope.toml'}: no such file\n")
    write(project / "feeds.toml", "# nothing yet\n")
    empty = run("check", "--config", str(project / "newsclaims.toml"))
    assert empty.returncode == 2 and "no feeds to poll" in empty.stderr


def test_ingest_refuses_a_bad_feeds_file_before_running(project):
    write(project / "feeds.toml", '[[feed]]\nurl = "https://example.org/rss"\nurl_ = "x"\n')
    result = run("--config", str(project / "newsclaims.toml"), "ingest", "--db", str(project / "x.ducklake"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert f"{project / 'feeds.toml'}:3: feed[1].url_: unknown key; did you mean 'url'?" in result.stderr
    assert not (project / "x.ducklake").exists()
