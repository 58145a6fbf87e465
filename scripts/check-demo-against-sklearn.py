"""Checks scripts/generate-demo.mjs's ElasticNet against scikit-learn's, on the same data and the same split.

Needs Node 20 on PATH and a Python with scikit-learn, e.g. a throwaway venv:
    python3 -m venv /tmp/dv && /tmp/dv/bin/pip install scikit-learn
    node scripts/generate-demo.mjs                       # writes static/demo/quickstart.json
    /tmp/dv/bin/python scripts/check-demo-against-sklearn.py

What it checks (exit status 1 on any failure):
  1. The Python re-implementation of the seeded split (mulberry32 + Fisher-Yates) equals the JS one.
  2. For a few grid points, both solvers run to a tight tolerance and must agree: coefficients, intercept and
     test RMSE to 1e-6 relative (the optimum is unique, so only the stopping rules could make them differ).
  3. The demo file's final `rmse` (JS stopping rule, tol 1e-4) is close to sklearn's default fit (tol 1e-4,
     duality-gap rule) -- reported, with a loose 1e-3 relative bound since the two rules stop at different sweeps.
"""

import json
import math
import pathlib
import subprocess
import sys
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import ElasticNet
from sklearn.metrics import mean_squared_error

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "generate-demo.mjs"
DEMO = ROOT / "static" / "demo" / "quickstart.json"
GRID = [(0.01, 0.9), (0.1, 0.5), (1.0, 0.1)]
SEED, TEST_FRACTION = 42, 0.25
TIGHT_TOL, TIGHT_MAX_ITER = 1e-12, 100_000
M32 = 0xFFFFFFFF


def imul(a, b):
    """Math.imul on uint32 inputs, returned as uint32 (the sign does not matter for the following xors/shifts)."""
    return (a * b) & M32


def mulberry32(seed):
    a = seed & M32

    def next_float():
        nonlocal a
        a = (a + 0x6D2B79F5) & M32
        t = imul(a ^ (a >> 15), 1 | a)
        t = ((t + imul(t ^ (t >> 7), 61 | t)) & M32) ^ t
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return next_float


def split_indices(n, fraction, seed):
    rng = mulberry32(seed)
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = int(rng() * (i + 1))
        order[i], order[j] = order[j], order[i]
    n_test = math.ceil(n * fraction)  # same double arithmetic as the JS Math.ceil
    return order[n_test:], order[:n_test]


def run_js(body):
    """Runs an ES module snippet that imports the generator's functions and prints JSON."""
    code = f"import * as g from {json.dumps(SCRIPT.as_uri())};\n{body}"
    out = subprocess.run(
        ["node", "--input-type=module", "-e", code], check=True, capture_output=True, text=True, cwd=ROOT
    )
    return json.loads(out.stdout)


def main():
    failures = []
    data = np.loadtxt(ROOT / "scripts" / "data" / "diabetes.csv", delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1]

    train, test = split_indices(len(y), TEST_FRACTION, SEED)
    js_split = run_js(
        f"console.log(JSON.stringify(g.splitIndices({len(y)}, g.TEST_FRACTION, g.SEED)));"
    )
    same_split = js_split["train"] == train and js_split["test"] == test
    print(f"split: {len(train)} train / {len(test)} test, identical to JS: {same_split}")
    if not same_split:
        failures.append("split differs")

    demo = {r["runName"]: r for r in json.loads(DEMO.read_text())["runs"]}
    for alpha, l1_ratio in GRID:
        js = run_js(
            f"""
            const d = g.readCsv({json.dumps(str(ROOT / 'scripts' / 'data' / 'diabetes.csv'))});
            const s = g.splitIndices(d.X.length, g.TEST_FRACTION, g.SEED);
            const fit = g.fitElasticNet(s.train.map((i) => d.X[i]), s.train.map((i) => d.y[i]),
                {{ alpha: {alpha}, l1Ratio: {l1_ratio}, maxIter: {TIGHT_MAX_ITER}, tol: {TIGHT_TOL} }});
            const m = g.evaluate(s.test.map((i) => d.y[i]), g.predict(fit, s.test.map((i) => d.X[i])));
            console.log(JSON.stringify({{ ...fit, rmse: m.rmse }}));
            """
        )
        with warnings.catch_warnings():
            # The duality gap cannot always reach 1e-12·||y||² in float64; the fit is still at the optimum.
            warnings.simplefilter("ignore", ConvergenceWarning)
            sk = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=TIGHT_TOL, max_iter=TIGHT_MAX_ITER)
            sk.fit(X[train], y[train])
        sk_rmse = float(np.sqrt(mean_squared_error(y[test], sk.predict(X[test]))))
        coef_js = np.array(js["coef"])
        coef_rel = float(np.max(np.abs(coef_js - sk.coef_)) / np.max(np.abs(sk.coef_)))
        icpt_rel = abs(js["intercept"] - sk.intercept_) / abs(sk.intercept_)
        rmse_rel = abs(js["rmse"] - sk_rmse) / sk_rmse

        default = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-4, max_iter=100).fit(X[train], y[train])
        default_rmse = float(np.sqrt(mean_squared_error(y[test], default.predict(X[test]))))
        name = f"elasticnet-a{alpha}-l{l1_ratio}"
        demo_rmse = next(m["value"] for m in demo[name]["metrics"] if m["key"] == "rmse")
        demo_sweeps = sum(1 for m in demo[name]["metrics"] if m["key"] == "val/rmse")
        demo_rel = abs(demo_rmse - default_rmse) / default_rmse

        print(f"\n{name}")
        print(f"  tight tol: JS rmse {js['rmse']:.12f} ({js['sweeps']} sweeps)")
        print(f"             sklearn {sk_rmse:.12f} ({sk.n_iter_} iterations)")
        print(f"             rel. diff: rmse {rmse_rel:.2e}, coef {coef_rel:.2e}, intercept {icpt_rel:.2e}")
        print(f"  tol 1e-4:  demo file rmse {demo_rmse:.12f} ({demo_sweeps} sweeps)")
        print(f"             sklearn      {default_rmse:.12f} ({default.n_iter_} iterations), rel. diff {demo_rel:.2e}")
        if max(coef_rel, icpt_rel, rmse_rel) > 1e-6:
            failures.append(f"{name}: tight fits differ")
        if demo_rel > 1e-3:
            failures.append(f"{name}: demo rmse far from sklearn's default fit")

    print("\nOK" if not failures else "\nFAILED: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
