"""IPython startup file: perturb scikit-learn's bundled data sets at the 1e-12 relative level.

Test instrumentation only (run by ``make nbval-perturbed``, never by a learner's kernel).
IPython runs every file in ``$IPYTHONDIR/profile_default/startup/`` when a kernel starts,
before the first cell, so the wrappers are in place before ``lessons`` is imported and its
``from sklearn.datasets import load_breast_cancer`` picks them up.

With ``LESSONS_PERTURB_SEED`` unset (or empty) this file does nothing. With it set to an
integer, every ``sklearn.datasets.load_*`` function that returns a bundled data set has its
float features multiplied by ``1 + 1e-12 * N(0, 1)``: the ``X`` of ``return_X_y=True``, a
Bunch's ``data``, ``images`` and the feature columns of ``frame``, with NumPy arrays or
(``as_frame=True``) pandas frames. Targets are left alone. The noise depends only on the
seed and the loader's name, so every call in a kernel sees the same perturbed data set,
the way another machine would compute it on every call.

If ``LESSONS_PERTURB_LOG`` names a file, each call appends ``<loader> <seed> <process id>`` to it, so the
harness can check that the perturbation really reached the notebooks.
"""


def _install_perturbation():
    import functools
    import os
    import sys
    import zlib

    seed = os.environ.get("LESSONS_PERTURB_SEED", "").strip()
    if not seed:
        return
    seed = int(seed)
    import numpy as np
    import sklearn.datasets

    relative = 1e-12
    loaders = ("load_breast_cancer", "load_diabetes", "load_digits", "load_iris", "load_linnerud", "load_wine")

    def factor(name, shape):
        rng = np.random.default_rng([seed, zlib.crc32(name.encode())])
        return 1.0 + relative * rng.standard_normal(shape)

    def perturb_array(X, f):
        if isinstance(X, np.ndarray) and X.dtype.kind == "f":
            return X * f.reshape(X.shape)
        return X

    def perturb_frame(frame, columns, f):
        frame = frame.copy()
        for j, column in enumerate(columns):
            if column in frame.columns and frame[column].dtype.kind == "f":
                frame[column] = frame[column].to_numpy() * f[:, j]
        return frame

    def perturb_features(X, name):
        """X is an array or a DataFrame of shape (n_samples, n_features)."""
        if hasattr(X, "columns"):
            return perturb_frame(X, list(X.columns), factor(name, X.shape))
        return perturb_array(X, factor(name, X.shape))

    def wrap(name, load):
        @functools.wraps(load)
        def perturbed_load(*args, **kwargs):
            result = load(*args, **kwargs)
            log = os.environ.get("LESSONS_PERTURB_LOG")
            if log:
                with open(log, "a") as f:
                    f.write(f"{name} {seed} {os.getpid()}\n")
            if isinstance(result, tuple):  # return_X_y=True: (X, y)
                return (perturb_features(result[0], name), *result[1:])
            X = result.data
            f = factor(name, X.shape)
            if hasattr(X, "columns"):  # as_frame=True: data and frame share the noise
                columns = list(X.columns)
                result.data = perturb_frame(X, columns, f)
                if result.get("frame") is not None:
                    result.frame = perturb_frame(result.frame, columns, f)
            else:
                result.data = perturb_array(X, f)
            if isinstance(result.get("images"), np.ndarray):  # load_digits: the same pixels as data
                result.images = perturb_array(result.images, f)
            return result

        perturbed_load.__perturbed__ = True
        return perturbed_load

    for name in loaders:
        original = getattr(sklearn.datasets, name, None)
        if original is None or getattr(original, "__perturbed__", False):
            continue
        wrapped = wrap(name, original)
        # the public name, and any already imported sklearn.datasets submodule holding the same function
        for module_name, module in list(sys.modules.items()):
            if module_name.startswith("sklearn.datasets") and getattr(module, name, None) is original:
                setattr(module, name, wrapped)


_install_perturbation()
del _install_perturbation
