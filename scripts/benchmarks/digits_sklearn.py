#!/usr/bin/env python3
"""scikit-learn reference for workload 4 of scripts/bench: digits, 64-32-10.

MLPClassifier with the same shape and settings as nnsh's run (relu, batch 32, plain
SGD with learning rate 0.1, no momentum, no early stopping), fitted for a fixed number
of epochs on an 80% stratified split of the same 1797 digits, inputs standardised with
the training statistics. Timed: the fit alone, median of 3.

Usage: digits_sklearn.py [epochs]   (default 200)
Last line: `RESULT sklearn-digits seconds=S accuracy=A`.
"""
import statistics
import sys
import time
import warnings

from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler


def main() -> int:
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    X, y = load_digits(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, train_size=0.8, stratify=y, random_state=4)
    scaler = StandardScaler().fit(Xtr)
    Xtr, Xte = scaler.transform(Xtr), scaler.transform(Xte)
    times, accuracy = [], 0.0
    warnings.simplefilter("ignore", ConvergenceWarning)
    for seed in range(3):
        model = MLPClassifier(hidden_layer_sizes=(32,), activation="relu", solver="sgd", batch_size=32,
                              learning_rate_init=0.1, momentum=0.0, nesterovs_momentum=False, alpha=0.0,
                              max_iter=epochs, tol=0.0, n_iter_no_change=epochs + 1, shuffle=True,
                              random_state=seed)
        t0 = time.perf_counter()
        model.fit(Xtr, ytr)
        times.append(time.perf_counter() - t0)
        accuracy = model.score(Xte, yte)
    s = statistics.median(times)
    print(f"sklearn digits {epochs} epochs: " + " ".join(f"{t:.3f}" for t in times) + f" s, accuracy {accuracy:.3f}")
    print(f"RESULT sklearn-digits seconds={s:.5f} accuracy={accuracy:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
