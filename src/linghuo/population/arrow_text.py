"""Arrow string columns built straight from numpy buffers (no Python string per row).

>>> import numpy as np
>>> fixed_width_strings(np.frombuffer(b"ab12", dtype=np.uint8).reshape(2, 2)).to_pylist()
['ab', '12']
>>> table = char_table(("王", "小", "明"))
>>> utf8_strings(table, np.array([[0, -1, 2], [0, 1, 2]])).to_pylist()
['王明', '王小明']
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa

_UTF8_WIDTH = 3  # every character used (CJK Unified Ideographs, U+4E00–U+9FFF) takes 3 bytes in UTF-8


def fixed_width_strings(chars: npt.NDArray[np.uint8]) -> pa.StringArray:
    """An Arrow string array from an (n, width) matrix of ASCII bytes, one row per string."""
    n, width = chars.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    data = np.ascontiguousarray(chars).reshape(-1)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(data))


def char_table(chars: tuple[str, ...]) -> npt.NDArray[np.uint8]:
    """The UTF-8 bytes of single characters as a (k, 3) matrix; ValueError for any other width."""
    encoded = [c.encode("utf-8") for c in chars]
    if any(len(c) != 1 or len(e) != _UTF8_WIDTH for c, e in zip(chars, encoded, strict=True)):
        raise ValueError("只接受三字节的单个汉字 / only single 3-byte characters are accepted")
    return np.frombuffer(b"".join(encoded), dtype=np.uint8).reshape(len(chars), _UTF8_WIDTH)


def utf8_strings(table: npt.NDArray[np.uint8], ids: npt.NDArray[np.int64]) -> pa.StringArray:
    """Strings from an (n, slots) matrix of indices into ``table``; -1 leaves a slot empty."""
    n = ids.shape[0]
    present = ids >= 0
    lengths = present.sum(axis=1, dtype=np.int64) * _UTF8_WIDTH
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    data = np.empty(int(offsets[-1]), dtype=np.uint8)
    before: npt.NDArray[np.int64] = (
        np.cumsum(present, axis=1, dtype=np.int64) - present
    )  # non-empty slots before each slot
    for slot in range(ids.shape[1]):
        rows = np.flatnonzero(present[:, slot])
        starts = offsets[rows] + before[rows, slot] * _UTF8_WIDTH
        data[starts[:, None] + np.arange(_UTF8_WIDTH)] = table[ids[rows, slot]]
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(data))
