"""Peer check of the complexity model's learner (issue #17, point 1): is least squares on the
checker's 14 features the limit, or would a non-linear learner do better on the same features?

    cargo run --release -p easy-language --example train_models -- --dump-complexity /tmp/cx.csv
    python benches/peers/complexity_learners.py /tmp/cx.csv

Repeated article-grouped 5-fold CV (10 repeats, articles shuffled with the repeat's seed and
dealt round-robin), the same folds for every learner; mean ± standard deviation of RMSE and
Pearson over the repeats. Data: the 700 rated TextComplexityDE training sentences.
"""

import sys

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor, RandomForestRegressor
from sklearn.linear_model import LinearRegression


def cv(make, x, y, groups, repeats=10):
    out = []
    for r in range(repeats):
        articles = np.unique(groups)
        np.random.default_rng(r).shuffle(articles)
        fold_of = {a: i % 5 for i, a in enumerate(articles)}
        fold = np.array([fold_of[a] for a in groups])
        pred = np.zeros(len(y))
        for k in range(5):
            model = make().fit(x[fold != k], y[fold != k])
            pred[fold == k] = model.predict(x[fold == k])
        out.append((np.sqrt(np.mean((pred - y) ** 2)), np.corrcoef(pred, y)[0, 1]))
    o = np.array(out)
    return f"RMSE {o[:, 0].mean():.3f} ± {o[:, 0].std():.3f}, Pearson {o[:, 1].mean():.3f}"


def main():
    d = pd.read_csv(sys.argv[1] if len(sys.argv) > 1 else "/tmp/cx.csv")
    y, groups = d.mos.to_numpy(), d.article.to_numpy()
    x = d.drop(columns=["article", "mos"]).to_numpy()
    print("length only (ln letters), least squares:", cv(LinearRegression, x[:, [0]], y, groups))
    print("14 features, least squares (the checker):", cv(LinearRegression, x, y, groups))
    print("14 features, HistGradientBoosting:", cv(
        lambda: HistGradientBoostingRegressor(max_iter=200, learning_rate=0.05, max_leaf_nodes=8,
                                              min_samples_leaf=20, random_state=0), x, y, groups))
    print("14 features, RandomForest 300:", cv(
        lambda: RandomForestRegressor(300, min_samples_leaf=5, random_state=0, n_jobs=1), x, y, groups))


if __name__ == "__main__":
    main()
