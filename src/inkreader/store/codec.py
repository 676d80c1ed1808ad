"""Compression of stored blobs: zstd when the ``zstandard`` module is installed, zlib otherwise.

Each row records its codec, so a library written with zstd stays readable (and vice versa) as long as the
module that wrote it is present; zlib is always there.
"""

from __future__ import annotations

import zlib

try:  # optional: never a dependency, used when the user's environment has it
    import zstandard as _zstd
except ImportError:  # pragma: no cover - depends on the environment
    _zstd = None

DEFAULT_CODEC = "zstd" if _zstd is not None else "zlib"


def compress(data: bytes, codec: str = DEFAULT_CODEC) -> bytes:
    if codec == "zstd" and _zstd is not None:
        compressed: bytes = _zstd.ZstdCompressor(level=6).compress(data)
        return compressed
    if codec == "zlib":
        return zlib.compress(data, 6)
    if codec == "none":
        return data
    raise ValueError(f"unknown codec {codec!r}")


def decompress(data: bytes, codec: str) -> bytes:
    if codec == "zlib":
        return zlib.decompress(data)
    if codec == "zstd":
        if _zstd is None:
            raise ValueError("this entry was stored with zstd, and the zstandard module is not installed")
        plain: bytes = _zstd.ZstdDecompressor().decompress(data)
        return plain
    if codec == "none":
        return data
    raise ValueError(f"unknown codec {codec!r}")
