#!/usr/bin/env python3
"""The diabetes data and scikit-learn's ElasticNet fits behind Runboard's "Train in your browser" page.

Commands:
  export   write static/train/diabetes.json (the split the page trains on) and
           tests/fixtures/train/sklearn-elasticnet.json (scikit-learn's fits of a 3x3 grid, the unit tests'
           reference)
  fit      fit ElasticNet fresh for every --alpha x --l1-ratio and print the results as JSON on stdout (the
           interop test compares the page's runs against this, never against the committed fixture)

The data is scikit-learn's `load_diabetes()` (the scaled features it ships) split exactly as
tests/interop/quickstart.py splits it: `train_test_split(df, test_size=0.25, random_state=42)`. The resulting
rows are exported, so the page needs no random number generator to get the same split.

Usage: tests/interop/.venv/bin/python tests/interop/export_diabetes.py export
       tests/interop/.venv/bin/python tests/interop/export_diabetes.py fit --alpha 0.1 1 --l1-ratio 0.5
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.model_selection import train_test_split

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_OUT = REPO_ROOT / "static" / "train" / "diabetes.json"
FIXTURE_OUT = REPO_ROOT / "tests" / "fixtures" / "train" / "sklearn-elasticnet.json"
SEED = 42
GRID_ALPHAS = [0.01, 0.1, 1.0]
GRID_L1_RATIOS = [0.1, 0.5, 0.9]


def load_split():
    data = load_diabetes(as_frame=True)
    df = data.frame  # 10 feature columns + "target"
    train, test = train_test_split(df, test_size=0.25, random_state=SEED)
    features = list(data.feature_names)
    return (
        features,
        train[features].to_numpy(dtype=np.float64),
        train["target"].to_numpy(dtype=np.float64),
        test[features].to_numpy(dtype=np.float64),
        test["target"].to_numpy(dtype=np.float64),
    )


def fit_one(alpha: float, l1_ratio: float, split) -> dict:
    _, X_train, y_train, X_test, y_test = split
    model = ElasticNet(
        alpha=alpha,
        l1_ratio=l1_ratio,
        fit_intercept=True,
        max_iter=1000,
        tol=1e-4,
        random_state=SEED,
        selection="cyclic",
    )
    with warnings.catch_warnings():
        # A small alpha may stop at max_iter; the page reports the same, so the warning is not news here.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X_train, y_train)
    predicted = model.predict(X_test)
    return {
        "alpha": alpha,
        "l1_ratio": l1_ratio,
        "coef": [float(c) for c in model.coef_],
        "intercept": float(model.intercept_),
        "n_iter": int(model.n_iter_),
        "dual_gap": float(model.dual_gap_),
        "rmse": float(math.sqrt(mean_squared_error(y_test, predicted))),
        "r2": float(r2_score(y_test, predicted)),
        "mae": float(mean_absolute_error(y_test, predicted)),
    }


def fit_grid(alphas: list[float], l1_ratios: list[float], split) -> list[dict]:
    return [fit_one(a, r, split) for a in alphas for r in l1_ratios]


def write_json(path: Path, value, compact: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # repr-exact floats (Python's json writes the shortest text that reads back as the same double).
    text = json.dumps(value, separators=(",", ":")) if compact else json.dumps(value, indent="\t")
    path.write_text(text + "\n", encoding="utf-8")


def export() -> None:
    split = load_split()
    features, X_train, y_train, X_test, y_test = split
    write_json(
        DATA_OUT,
        {
            "source": "scikit-learn load_diabetes() (scaled), train_test_split(test_size=0.25, random_state=42)",
            "sklearn_version": sklearn.__version__,
            "feature_names": features,
            "target_name": "target",
            "X_train": X_train.tolist(),
            "y_train": y_train.tolist(),
            "X_test": X_test.tolist(),
            "y_test": y_test.tolist(),
        },
        compact=True,
    )
    write_json(
        FIXTURE_OUT,
        {
            "provenance": {
                "script": "tests/interop/export_diabetes.py export",
                "sklearn_version": sklearn.__version__,
                "numpy_version": np.__version__,
                "data": "static/train/diabetes.json",
                "estimator": "ElasticNet(alpha, l1_ratio, fit_intercept=True, max_iter=1000, tol=1e-4, "
                "random_state=42, selection='cyclic')",
            },
            "fits": fit_grid(GRID_ALPHAS, GRID_L1_RATIOS, split),
        },
        compact=False,
    )
    print(f"[export_diabetes] wrote {DATA_OUT.relative_to(REPO_ROOT)} and {FIXTURE_OUT.relative_to(REPO_ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("export")
    fit = commands.add_parser("fit")
    fit.add_argument("--alpha", type=float, nargs="+", required=True)
    fit.add_argument("--l1-ratio", type=float, nargs="+", required=True)
    args = parser.parse_args()
    if args.command == "export":
        export()
    else:
        results = fit_grid(args.alpha, args.l1_ratio, load_split())
        json.dump({"sklearn_version": sklearn.__version__, "fits": results}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
