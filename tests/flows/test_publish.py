"""The analysts' copy: atomic replace, old readers undisturbed, nothing lost when publishing dies."""

from __future__ import annotations

import duckdb
import pytest

from flows.publish import analyst_path_beside, publish_analyst_copy


def make_db(path, rows: int) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE OR REPLACE TABLE t AS SELECT range AS n FROM range(?)", [rows])


def test_open_reader_keeps_its_snapshot_and_new_readers_see_the_new_copy(tmp_path):
    db = tmp_path / "flows.duckdb"
    make_db(db, 3)
    target = publish_analyst_copy(db)
    assert target == analyst_path_beside(db) == tmp_path / "flows.analyst.duckdb"
    reader = duckdb.connect(str(target), read_only=True)
    make_db(db, 7)  # the flows' database may be written while the analyst reads: they are different files
    publish_analyst_copy(db)
    assert reader.execute("SELECT count(*) FROM t").fetchone() == (3,)
    reader.close()
    with duckdb.connect(str(target), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM t").fetchone() == (7,)


def test_a_failed_publish_leaves_the_previous_copy(tmp_path):
    db = tmp_path / "flows.duckdb"
    make_db(db, 3)
    target = publish_analyst_copy(db)
    db.unlink()  # the copy fails part-way for want of a source
    with pytest.raises(FileNotFoundError):
        publish_analyst_copy(db)
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM t").fetchone() == (3,)
