"""The Spark example on Spark in local mode: 2M generated rows in 8 Parquet partitions, counted
per partition with mapInArrow and merged on the driver, equal the single-process audit of the
same rows exactly."""

import pathlib
import sys

import pytest

import welfare

pytest.importorskip("pyspark")
pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "examples"))
import spark_audit  # noqa: E402
from test_counts import strip_rank_metrics  # noqa: E402

ROWS, PARTITIONS = 2_000_000, 8


def test_spark_audit_equals_the_single_process_audit(tmp_path):
    data = tmp_path / "decisions"
    spark_audit.generate(str(data), ROWS, PARTITIONS, seed=5)
    assert len(list(data.glob("*.parquet"))) == PARTITIONS
    sensitive = ["sex", "age_group", "district"]
    kw = dict(privileged="sex=male", bootstrap=200, seed=4)
    spark = spark_audit.session(cores=2)
    try:
        frame = spark.read.parquet(str(data))
        assert frame.rdd.getNumPartitions() >= 2
        merged = spark_audit.spark_counts(frame, sensitive=sensitive, y_score="y_score")
        distributed = spark_audit.audit_parquet(spark, str(data), sensitive=sensitive, y_score="y_score", **kw)
    finally:
        spark.stop()
    assert merged.rows == ROWS

    table = pq.read_table(str(data))
    one = welfare.fairness.audit(table.column("y_true"), table.column("y_pred"), table.select(sensitive),
                                 y_score=table.column("y_score"), **kw)
    single_counts = welfare.fairness.counts(table.column("y_true"), table.column("y_pred"), table.select(sensitive),
                                            y_score=table.column("y_score"))
    assert merged == single_counts
    got = distributed.to_dict()
    assert got == welfare.fairness.audit_counts(single_counts, **kw).to_dict()
    assert strip_rank_metrics(got) == strip_rank_metrics(one.to_dict())
    assert got["rows"] == ROWS and len(got["audits"]) == 4
