"""Writes Keras CSVLogger files with the real callback (keras 3, numpy backend: no training framework needed, the
callback is driven with the logs a fit() would hand it): a default comma file with a metric missing in the first
epoch (Keras writes NA), and a `;` file appended to by a resumed run.

Usage: KERAS_BACKEND=numpy python write_keras_log.py OUT_DIR
"""
import math
import os
import sys

import keras


def fit(path, epochs, logs_of, separator=",", append=False):
    logger = keras.callbacks.CSVLogger(path, separator=separator, append=append)
    logger.set_model(keras.Sequential())
    logger.on_train_begin()
    for epoch in epochs:
        logger.on_epoch_end(epoch, logs_of(epoch))
    logger.on_train_end()


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    # The first epoch has no validation: the header comes from it, and later val_* keys are written NA then.
    fit(os.path.join(out, "training.log"), range(5), lambda e: {
        "loss": 1.0 / (e + 1),
        "accuracy": 0.5 + e / 10,
        **({"val_loss": 1.2 / (e + 1), "val_accuracy": math.nan if e == 2 else 0.45 + e / 10} if e > 0 else {}),
    })
    resumed = os.path.join(out, "resumed.csv")
    if os.path.exists(resumed):
        os.remove(resumed)
    fit(resumed, range(3), lambda e: {"loss": 2.0 - e / 10, "lr": 0.01}, separator=";")
    fit(resumed, range(3, 6), lambda e: {"loss": 2.0 - e / 10, "lr": 0.001}, separator=";", append=True)


if __name__ == "__main__":
    main()
