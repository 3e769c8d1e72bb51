"""Audit a partitioned Parquet dataset with PySpark: counts per partition, merged on the driver.

Each Spark task counts its partition's Arrow batches with `welfare.fairness.counts` (a few
kilobytes per partition, whatever its size), the driver merges them (`+`, exact) and audits the
merged counts with `welfare.fairness.audit_counts`: the same numbers as auditing every row in
one process, for every metric counts determine (all but ROC AUC).

    python python/examples/spark_audit.py DATA_DIR --sensitive sex,district --y-score y_score \
        --privileged sex=male --bootstrap 1000

    python python/examples/spark_audit.py DATA_DIR --generate 2000000 --partitions 8   # test data

On a cluster, the same code runs with `spark-submit --master yarn` (or `k8s://...`) as long as
the executors can `import welfare` (install the wheel on every node, or ship it with
`--py-files`/a conda-pack archive); see the README ("For researchers").
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Iterator, List, Optional

import welfare


def partition_counts(y_true: str, y_pred: str, sensitive: List[str], y_score: Optional[str]):
    """The function Spark runs per partition (mapInArrow): Arrow batches in, one row with the
    partition's counts (their JSON form) out."""

    def count(batches: Iterator) -> Iterator:
        import pyarrow as pa

        total = None
        for batch in batches:
            if batch.num_rows == 0:
                continue
            c = welfare.fairness.counts(
                batch.column(y_true), batch.column(y_pred), {s: batch.column(s) for s in sensitive},
                y_score=None if y_score is None else batch.column(y_score),
            )
            total = c if total is None else total + c
        if total is not None:
            yield pa.RecordBatch.from_pydict({"counts": [total.to_json()]})

    return count


def spark_counts(frame, *, y_true="y_true", y_pred="y_pred", sensitive: List[str], y_score=None):
    """The merged counts of a Spark DataFrame."""
    columns = [y_true, y_pred] + ([y_score] if y_score else []) + list(sensitive)
    rows = frame.select(*columns).mapInArrow(partition_counts(y_true, y_pred, sensitive, y_score), "counts string").collect()
    if not rows:
        raise welfare.WelfareError("the dataset has no rows")
    return sum(welfare.fairness.Counts.from_json(r["counts"]) for r in rows)


def audit_parquet(spark, path: str, *, sensitive: List[str], y_true="y_true", y_pred="y_pred", y_score=None, **audit):
    """Audits a (partitioned) Parquet dataset on Spark."""
    frame = spark.read.parquet(path)
    merged = spark_counts(frame, y_true=y_true, y_pred=y_pred, sensitive=sensitive, y_score=y_score)
    return welfare.fairness.audit_counts(merged, **audit)


def generate(path: str, rows: int, partitions: int, seed: int = 1) -> None:
    """Synthetic decisions in `partitions` Parquet files (sex, age_group, district; scores)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    os.makedirs(path, exist_ok=True)
    rng = np.random.default_rng(seed)
    sex = rng.choice(np.array(["female", "male"]), rows)
    age = rng.choice(np.array(["<25", ">=25"]), rows, p=[0.2, 0.8])
    district = rng.choice(np.array([f"d{i:02d}" for i in range(1, 21)]), rows)
    y_true = (rng.random(rows) < 0.35).astype(np.int64)
    score = np.clip(rng.normal(0.3 + 0.35 * y_true - 0.06 * (sex == "female"), 0.18), 0.0, 1.0)
    y_pred = (score > 0.5).astype(np.int64)
    table = pa.table({"y_true": y_true, "y_pred": y_pred, "y_score": score, "sex": sex, "age_group": age, "district": district})
    step = -(-rows // partitions)
    for p in range(partitions):
        pq.write_table(table.slice(p * step, step), os.path.join(path, f"part-{p:05d}.parquet"))


def session(cores: int = 2):
    """A local Spark session whose workers run this interpreter."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master(f"local[{cores}]").appName("welfare-audit")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
        .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("data", help="folder of Parquet files (or one file)")
    p.add_argument("--generate", type=int, metavar="ROWS", help="write synthetic data to DATA and stop")
    p.add_argument("--partitions", type=int, default=8)
    p.add_argument("--sensitive", default="sex,age_group", help="comma separated")
    p.add_argument("--y-true", default="y_true")
    p.add_argument("--y-pred", default="y_pred")
    p.add_argument("--y-score")
    p.add_argument("--privileged")
    p.add_argument("--bootstrap", type=int, default=0)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    if args.generate:
        generate(args.data, args.generate, args.partitions)
        print(f"wrote {args.generate} rows in {args.partitions} files to {args.data}")
        return 0
    spark = session()
    try:
        a = audit_parquet(spark, args.data, sensitive=args.sensitive.split(","), y_true=args.y_true,
                          y_pred=args.y_pred, y_score=args.y_score, privileged=args.privileged,
                          bootstrap=args.bootstrap, seed=args.seed)
    finally:
        spark.stop()
    print(a)
    print(a.by_group()[["count", "selection_rate", "true_positive_rate", "false_positive_rate"]].to_string())
    for name, value in a.disparities.items():
        print(f"{name:45s} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
