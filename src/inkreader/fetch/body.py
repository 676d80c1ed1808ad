"""Reading a response body: our own bounded decompression, stopped at the size cap.

httpx's decoders inflate a whole network chunk at once (a 64 KiB chunk of a gzip bomb is ~64 MB), so the body
is read raw and inflated here with ``max_length``: memory stays near the cap however large the bomb.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator

# Output of one decompression step: small, so a bomb never inflates much past the cap.
STEP_BYTES = 256 * 1024


class BodyTooLarge(Exception):
    """The body (after decompression) passed the cap."""


class UnsupportedEncoding(Exception):
    """A Content-Encoding we neither asked for nor can read."""


class _Inflater:
    """gzip / zlib / raw deflate, inflated a bounded step at a time."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        # gzip: 16+; deflate: zlib wrapper first, raw deflate if that fails (both are sent as "deflate").
        self._wbits = 16 + zlib.MAX_WBITS if kind == "gzip" else zlib.MAX_WBITS
        self._inflater = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                out = self._inflater.decompress(data, STEP_BYTES)
            except zlib.error:
                if self.kind == "deflate" and not self._started:
                    self._wbits = -zlib.MAX_WBITS
                    self._inflater = zlib.decompressobj(self._wbits)
                    self._started = True
                    continue
                raise
            self._started = True
            if out:
                yield out
            if self._inflater.eof:
                # Concatenated gzip members are legal: start the next one on what is left.
                rest = self._inflater.unused_data
                if not rest.strip(b"\x00"):
                    return
                self._inflater = zlib.decompressobj(self._wbits)
                data = rest
            else:
                data = self._inflater.unconsumed_tail

    def flush(self) -> bytes:
        try:
            return self._inflater.flush()
        except zlib.error:
            return b""  # a truncated compressed tail: keep what was read (browsers do too)


def _decoders(content_encoding: str | None) -> list[_Inflater]:
    """Decoders to apply in order (the header lists encodings in the order they were applied)."""
    decoders: list[_Inflater] = []
    for token in reversed([t.strip().lower() for t in (content_encoding or "").split(",") if t.strip()]):
        if token in ("identity", "none"):
            continue
        if token in ("gzip", "x-gzip"):
            decoders.append(_Inflater("gzip"))
        elif token == "deflate":
            decoders.append(_Inflater("deflate"))
        else:
            raise UnsupportedEncoding(token)
    return decoders


def _pipe(decoders: list[_Inflater], data: bytes) -> Iterator[bytes]:
    if not decoders:
        if data:
            yield data
        return
    first, rest = decoders[0], decoders[1:]
    for piece in first.feed(data):
        yield from _pipe(rest, piece)


def _flush(decoders: list[_Inflater]) -> Iterator[bytes]:
    for index, decoder in enumerate(decoders):
        tail = decoder.flush()
        if tail:
            yield from _pipe(decoders[index + 1 :], tail)


PDF_SIGNATURE = b"%PDF-"
PDF_SIGNATURE_WINDOW = 1024  # a PDF's header may follow up to 1 KB of junk


def starts_like_pdf(content: bytes | bytearray) -> bool:
    return PDF_SIGNATURE in content[:PDF_SIGNATURE_WINDOW]


async def read_capped(
    raw: AsyncIterator[bytes],
    content_encoding: str | None,
    max_bytes: int,
    *,
    truncate: bool = False,
    pdf_max_bytes: int | None = None,
) -> bytes:
    """Collect the decoded body; past ``max_bytes`` raise :class:`BodyTooLarge` (or, with ``truncate``,
    stop reading and return the first ``max_bytes``). A body that starts like a PDF may grow to
    ``pdf_max_bytes`` instead, whatever its Content-Type said."""
    decoders = _decoders(content_encoding)
    body = bytearray()
    cap = max_bytes

    def over() -> bool:
        nonlocal cap
        if len(body) <= cap:
            return False
        if pdf_max_bytes is not None and cap < pdf_max_bytes and starts_like_pdf(body):
            cap = pdf_max_bytes
            return len(body) > cap
        return True

    async for chunk in raw:
        for piece in _pipe(decoders, chunk):
            body += piece
            if over():
                if truncate:
                    return bytes(body[:cap])
                raise BodyTooLarge
    for piece in _flush(decoders):
        body += piece
        if over():
            if truncate:
                return bytes(body[:cap])
            raise BodyTooLarge
    return bytes(body)
