import os
import pathlib
import shutil

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
GERMAN = REPO / "datasets" / "fairness" / "german_credit"


@pytest.fixture(scope="session")
def german():
    pd = pytest.importorskip("pandas")
    # pandas < 3 parses floats with a fast parser that can be 1 ulp off; round_trip reads
    # every number exactly as the CLI does, so the two agree bit for bit.
    exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
    return pd.read_csv(GERMAN / "predictions.csv", **exact)


@pytest.fixture(scope="session")
def welfare_cli():
    """The `welfare` command of this checkout (built by `cargo build -p welfare-cli`)."""
    for candidate in (os.environ.get("WELFARE_CLI"), REPO / "target/debug/welfare", REPO / "target/release/welfare"):
        if candidate and pathlib.Path(candidate).is_file():
            return str(candidate)
    found = shutil.which("welfare")
    if found:
        return found
    pytest.fail("no welfare binary: run `cargo build -p welfare-cli` or set WELFARE_CLI")
