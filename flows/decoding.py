"""Content-Encoding decoding that stops at a size cap while it streams, whatever the compression ratio."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import brotli

# Decoders hand on at most this much at a time, so a bomb never materialises more than one piece per layer.
PIECE = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate, br"


class DecodingError(Exception):
    """The body cannot be decoded, or decodes to more than the cap."""


class _Zlib:
    def __init__(self, wbits: int, fallback_wbits: int | None = None):
        self.wbits, self.fallback_wbits = wbits, fallback_wbits
        self.decompressor = zlib.decompressobj(wbits)
        self.started = False
        self.head = b""  # input before the format is settled, replayed if the fallback is taken

    def decode(self, data: bytes) -> Iterator[bytes]:
        if not self.started and self.fallback_wbits is not None:
            self.head += data
        while data:
            if self.decompressor.eof:
                # Concatenated gzip members are one body; anything else after the stream (a zlib stream's
                # end, or the zero padding some servers add after gzip) is not.
                if self.wbits != 31 or not data.startswith(b"\x1f\x8b"):
                    return
                self.decompressor = zlib.decompressobj(self.wbits)
            try:
                out = self.decompressor.decompress(data, PIECE)
            except zlib.error:
                # Servers send raw deflate under "deflate" more often than the zlib format the name means.
                if self.started or self.fallback_wbits is None:
                    raise
                self.wbits, self.fallback_wbits = self.fallback_wbits, None
                self.decompressor = zlib.decompressobj(self.wbits)
                data, self.head = self.head, b""
                continue
            # The zlib header is two bytes: until both are in, a wrong format has not shown itself yet.
            if out or self.fallback_wbits is None or len(self.head) >= 2:
                self.started, self.head = True, b""
            data = self.decompressor.unconsumed_tail or (self.decompressor.unused_data if self.decompressor.eof
                                                         else b"")
            if out:
                yield out

    def finish(self) -> Iterator[bytes]:
        out = self.decompressor.flush(PIECE)
        if out:
            yield out
        if (self.started or self.head) and not self.decompressor.eof:
            raise zlib.error("the compressed body is truncated")


class _Brotli:
    def __init__(self):
        self.decompressor = brotli.Decompressor()
        self.started = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        self.started = self.started or bool(data)
        out = self.decompressor.process(data, output_buffer_limit=PIECE)
        if out:
            yield out
        while not self.decompressor.can_accept_more_data():
            out = self.decompressor.process(b"", output_buffer_limit=PIECE)
            if not out:
                break
            yield out

    def finish(self) -> Iterator[bytes]:
        if self.started and not self.decompressor.is_finished():
            raise brotli.error("the compressed body is truncated")
        return iter(())


def _layer(encoding: str):
    if encoding in ("gzip", "x-gzip"):
        return _Zlib(31)
    if encoding == "deflate":
        return _Zlib(15, fallback_wbits=-15)
    if encoding == "br":
        return _Brotli()
    raise DecodingError(f"unsupported Content-Encoding {encoding!r}")


class BoundedDecoder:
    """Decodes a stack of content codings (``gzip, gzip`` …) and fails once the output passes ``max_bytes``."""

    def __init__(self, content_encoding: str, max_bytes: int):
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        # Codings are listed in the order they were applied, so they are undone from the last one.
        self.layers = [_layer(c) for c in reversed(codings) if c != "identity"]
        self.max_bytes = max_bytes
        self.size = 0
        self.parts: list[bytes] = []

    def feed(self, data: bytes) -> None:
        try:
            for piece in self._through(data, 0):
                self._keep(piece)
        except (zlib.error, brotli.error) as error:
            raise DecodingError(f"the body could not be decoded: {error}") from None

    def finish(self) -> bytes:
        try:
            for index, layer in enumerate(self.layers):
                for piece in layer.finish():
                    for out in self._through(piece, index + 1):
                        self._keep(out)
        except (zlib.error, brotli.error) as error:
            raise DecodingError(f"the body could not be decoded: {error}") from None
        return b"".join(self.parts)

    def _through(self, data: bytes, start: int) -> Iterator[bytes]:
        if start == len(self.layers):
            yield data
            return
        for piece in self.layers[start].decode(data):
            yield from self._through(piece, start + 1)

    def _keep(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size > self.max_bytes:
            raise DecodingError(f"the decoded body exceeds the {self.max_bytes}-byte cap")
        self.parts.append(piece)
