"""Writes tensor files with numpy, ml_dtypes and safetensors themselves, for LossLab's readers.

usage: write_fixtures.py DIRECTORY

Writes the files into DIRECTORY and manifest.json: for each readable file its tensor (for
.safetensors), the dtype LossLab should report, the shape, and the values as Python reads them
back (float.hex, exact; "inf", "-inf", "nan"). Also writes files LossLab must refuse (bad-*),
whose messages the Swift tests check. Run by `make test` through the venv of
`make tensorfiles-venv` (.build/tensorfiles-venv).
"""
import csv
import json
import os
import sys

import ml_dtypes
import numpy as np
import safetensors
import safetensors.numpy

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
manifest = []


def path(name):
    return os.path.join(out, name)


def hexes(array):
    values = np.asarray(array).astype(np.float64).ravel()
    return [("nan" if np.isnan(v) else "inf" if v > 0 else "-inf") if not np.isfinite(v) else float(v).hex() for v in values]


def expect(name, array, dtype, tensor=None, hint=None):
    manifest.append({"file": name, "tensor": tensor, "hint": hint, "dtype": dtype,
                     "shape": list(np.shape(array)), "values": hexes(array)})


def npy(name, array, dtype, hint=None, version=None):
    if version is None:
        np.save(path(name), array)
    else:
        with open(path(name), "wb") as f:
            np.lib.format.write_array(f, np.asarray(array), version=version)
    expect(name, array, dtype, hint=hint)


rng = np.random.default_rng(12)
halves = np.array([0, -0.0, 1, -2.5, 65504, 2**-24, 6.1e-5, 0.1, np.inf, -np.inf, np.nan], dtype="<f2")
npy("float16.npy", halves, "float16")
brains = np.array([1.5, -2, 3.3895e38, 1e-40, 0.1, -np.inf, np.nan, 2**-133], dtype=ml_dtypes.bfloat16)
npy("bfloat16.npy", brains, "bfloat16", hint="bfloat16")
npy("float32-2d.npy", rng.normal(size=(5, 4)).astype("<f4"), "float32")
npy("float64.npy", np.array([0.1, -1e-300, 5e-324, 1.7976931348623157e308, np.pi]), "float64")
npy("float32-3d.npy", rng.normal(size=(2, 3, 4)).astype("<f4"), "float32")
npy("scalar.npy", np.float32(0.25), "float32")
npy("int32.npy", np.array([0, 1, 2, 9], dtype="<i4"), "int32")
npy("int64.npy", np.array([0, 3, 2**53, -2**53], dtype="<i8"), "int64")
npy("uint64.npy", np.array([2**53, 7], dtype="<u8"), "uint64")
npy("int8.npy", np.array([-128, 127, 0], dtype="i1"), "int8")
npy("uint8.npy", np.array([0, 255, 7], dtype="u1"), "uint8")
npy("int16.npy", np.array([-32768, 32767], dtype="<i2"), "int16")
npy("uint16.npy", np.array([65535, 1], dtype="<u2"), "uint16")
npy("uint32.npy", np.array([2**32 - 1, 1], dtype="<u4"), "uint32")
npy("bool.npy", np.array([True, False, True]), "bool")
npy("big-endian.npy", np.array([[0.1, -2.0], [1e300, 3.0]], dtype=">f8"), "float64")
npy("big-endian-int.npy", np.array([1, -70000], dtype=">i4"), "int32")
npy("version2.npy", np.array([1.25, -3], dtype="<f4"), "float32", version=(2, 0))
npy("version3.npy", np.array([[1, 2, 3]], dtype="<f2"), "float16", version=(3, 0))
# A column-major 1-D array has the bytes of a row-major one.
npy("fortran-1d.npy", np.asfortranarray(np.array([4.0, 5.0])), "float64")
# Two arrays saved to one file: np.load reads the first.
first = np.array([1, 2, 3], dtype="<f4")
with open(path("two-arrays.npy"), "wb") as f:
    np.save(f, first)
    np.save(f, np.array([9, 9], dtype="<i8"))
expect("two-arrays.npy", first, "float32")
# Large enough to span several 1 MiB chunks of the reader, with a split value.
large = rng.normal(size=(300_001,)).astype("<f8")
npy("large.npy", large, "float64")
npy("large-f2.npy", rng.normal(size=(700_001,)).astype("<f2"), "float16")

model = {
    "logits": rng.normal(size=(4, 3)).astype("<f4"),
    "labels": np.array([2, 0, 1, 1], dtype="<i8"),
    "half": np.array([0.5, -65504, 2**-24], dtype="<f2"),
    "brain": np.array([1.5, -2, 0.1, 3e38], dtype=ml_dtypes.bfloat16),
    "double": np.array([[0.1], [2.0]], dtype="<f8"),
    "int32": np.array([-5, 7], dtype="<i4"),
    "uint8": np.array([200, 3], dtype="u1"),
    "int16": np.array([-300], dtype="<i2"),
    "flags": np.array([True, False]),
}
safetensors.numpy.save_file(model, path("model.safetensors"), metadata={"source": "write_fixtures.py"})
for name, array in model.items():
    dtype = {"<f4": "float32", "<i8": "int64", "<f2": "float16", "<f8": "float64", "<i4": "int32",
             "|u1": "uint8", "<i2": "int16", "|b1": "bool"}.get(array.dtype.str, "bfloat16")
    expect("model.safetensors", array, dtype, tensor=name)
safetensors.numpy.save_file({"x": np.array([3.0, 4.0], dtype="<f4")}, path("single.safetensors"))
expect("single.safetensors", np.array([3.0, 4.0]), "float32")

# CSV: numpy.savetxt (a '# ' header) and Python's csv module (a header row of names).
table = rng.normal(size=(4, 3))
np.savetxt(path("savetxt.csv"), table, delimiter=",", header="a,b,c")
with open(path("savetxt.csv")) as f:
    read_back = [[float(x) for x in line.split(",")] for line in f if not line.startswith("#")]
expect("savetxt.csv", np.array(read_back), "float64")
texts = ["0.1", "-2.5e-3", "1e-320", "0x1p-3", "inf", "-7", "nan", "3"]
with open(path("column.csv"), "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\r\n")
    writer.writerow(["logit"])
    for text in texts:
        writer.writerow([text])
expect("column.csv", np.array([float.fromhex(t) if t.startswith("0x") else float(t) for t in texts]), "float64")

# Files LossLab must refuse (the Swift tests hold the messages).
good = np.arange(40, dtype="<f4").reshape(4, 10)
np.save(path("bad-truncated.npy"), good)
with open(path("bad-truncated.npy"), "r+b") as f:
    f.truncate(os.path.getsize(path("bad-truncated.npy")) - 20)
with open(path("bad-magic.npy"), "wb") as f:
    f.write(b"\x93NUMPX\x01\x00" + b"\x00" * 100)
np.save(path("bad-complex.npy"), np.array([1 + 2j], dtype="<c8"))
np.save(path("bad-fortran.npy"), np.asfortranarray(good))
np.save(path("bad-structured.npy"), np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]))
np.save(path("bad-float8.npy"), np.array([1, 2], dtype=ml_dtypes.float8_e4m3fn))
np.save(path("bad-int64-beyond.npy"), np.array([1, 2**53 + 1], dtype="<i8"))
np.save(path("bad-version.npy"), good)
with open(path("bad-version.npy"), "r+b") as f:
    f.seek(6)
    f.write(b"\x04\x00")
np.save(path("bad-header.npy"), good)
with open(path("bad-header.npy"), "r+b") as f:
    f.seek(10)
    f.write(b"{'descr' '<f4'")
np.save(path("labels-nan.npy"), np.array([0, np.nan, 1], dtype="<f4"))
np.save(path("labels-fraction.npy"), np.array([0, 1.5], dtype="<f8"))
np.save(path("labels-range.npy"), np.array([0, 12, 1], dtype="<i8"))
np.save(path("logits-4095x10.npy"), rng.normal(size=(4095, 10)).astype("<f4"))
safetensors.numpy.save_file({"logits": good, "labels": np.array([1, 2, 3, 4], dtype="<i8")}, path("two.safetensors"))
with open(path("two.safetensors"), "rb") as f:
    whole = f.read()
with open(path("bad-truncated.safetensors"), "wb") as f:
    f.write(whole[:-8])
with open(path("bad-header-length.safetensors"), "wb") as f:
    f.write(b"\xff" * 8 + whole[8:])
eights = np.array([1, 2], dtype=ml_dtypes.float8_e4m3fn)
safetensors.serialize_file({"w": safetensors.TensorSpec(
    dtype="float8_e4m3fn", shape=[2], data_ptr=eights.ctypes.data, data_len=eights.nbytes)},
    path("bad-float8.safetensors"))
with open(path("bad-number.csv"), "w") as f:
    f.write("1,2\n3,x4\n")
with open(path("bad-ragged.csv"), "w") as f:
    f.write("1,2\n3,4\n5\n")
with open(path("bad-empty.csv"), "w") as f:
    f.write("# nothing\n\n")
with open(path("bad.txt"), "w") as f:
    f.write("1\n")

with open(path("manifest.json"), "w") as f:
    json.dump({"versions": {"numpy": np.__version__, "ml_dtypes": ml_dtypes.__version__,
                            "safetensors": safetensors.__version__}, "files": manifest}, f)
