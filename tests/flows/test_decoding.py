"""Content-Encoding decoding: correct for honest bodies, capped for compression bombs, in bounded memory."""

from __future__ import annotations

import gzip
import json
import random
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import brotli
import pytest

from flows.config import FetchConfig
from flows.decoding import BoundedDecoder, DecodingError
from flows.fetch import Fetcher, FetchError
from tests.loopback import LoopbackServer, Route

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MIB = 1 << 20
GIB = 1 << 30
ZEROS = bytes(MIB)
CAP = 5_000_000
CONFIG = FetchConfig(connect_timeout=2, read_timeout=5, retries=0, max_bytes=CAP, respect_robots=False,
                     allow_private_networks=("127.0.0.1/32",))
TEXT = ("<html><body>" + "".join(f"<p>Paragraph {n}: ports, tenders, strikes – café.</p>" for n in range(400))
        + "</body></html>").encode()


# --- building bombs without holding them decoded -----------------------------------------------------------

def deflate_zeros(size: int) -> Iterator[bytes]:
    """A raw deflate stream of ``size`` zero bytes (a multiple of 1 MiB), piece by piece.

    After a full flush the compressor starts afresh, so every MiB of zeros compresses to the same bytes: one
    compressed MiB repeated is the whole stream, built in milliseconds instead of seconds.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(ZEROS) + compressor.flush(zlib.Z_FULL_FLUSH)
    for _ in range(size // MIB):
        yield block
    yield compressor.flush()  # the empty final block


def gzip_zeros(size: int) -> Iterator[bytes]:
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    yield from deflate_zeros(size)
    crc = 0
    for _ in range(size // MIB):
        crc = zlib.crc32(ZEROS, crc)
    yield struct.pack("<II", crc, size & 0xFFFFFFFF)


def zlib_zeros(size: int) -> Iterator[bytes]:
    yield b"\x78\xda"
    yield from deflate_zeros(size)
    yield struct.pack(">I", (size % 65521) << 16 | 1)  # Adler-32 of zeros: a = 1, b = size


def gzipped(pieces: Iterable[bytes]) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join(compressor.compress(piece) for piece in pieces) + compressor.flush()


def brotli_zeros(size: int) -> bytes:
    compressor = brotli.Compressor(quality=1)
    return b"".join(compressor.process(ZEROS) for _ in range(size // MIB)) + compressor.finish()


@pytest.fixture(scope="module")
def bombs() -> dict[str, tuple[str, bytes]]:
    """Path → (Content-Encoding, body); each expands to 1 GiB of zeros."""
    return {
        "/bomb/gzip-gzip": ("gzip, gzip", gzipped(gzip_zeros(GIB))),
        "/bomb/gzip": ("gzip", b"".join(gzip_zeros(GIB))),
        "/bomb/deflate": ("deflate", b"".join(zlib_zeros(GIB))),
        "/bomb/br": ("br", brotli_zeros(GIB)),
    }


def test_bomb_builders_are_sound():
    # The shortcut builders against the standard library, on a size that is cheap to decode whole.
    assert gzip.decompress(b"".join(gzip_zeros(3 * MIB))) == bytes(3 * MIB)
    assert zlib.decompress(b"".join(zlib_zeros(3 * MIB))) == bytes(3 * MIB)
    assert gzip.decompress(gzip.decompress(gzipped(gzip_zeros(3 * MIB)))) == bytes(3 * MIB)
    assert brotli.decompress(brotli_zeros(3 * MIB)) == bytes(3 * MIB)


def test_bombs_are_small_on_the_wire(bombs):
    assert len(bombs["/bomb/gzip-gzip"][1]) < 10_000
    assert all(len(body) < 2 * MIB for _, body in bombs.values())


# --- BoundedDecoder alone -----------------------------------------------------------------------------------

def encodings() -> dict[str, bytes]:
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
    return {
        "": TEXT,
        "identity": TEXT,
        "gzip": gzip.compress(TEXT),
        "x-gzip": gzip.compress(TEXT),
        "GZip": gzip.compress(TEXT),
        "deflate": zlib.compress(TEXT),
        "deflate ": raw_deflate.compress(TEXT) + raw_deflate.flush(),  # raw deflate, as many servers send it
        "br": brotli.compress(TEXT),
        "gzip, gzip": gzip.compress(gzip.compress(TEXT)),
        "gzip, br": brotli.compress(gzip.compress(TEXT)),
        "br,deflate": zlib.compress(brotli.compress(TEXT)),
        "identity, gzip": gzip.compress(TEXT),
    }


@pytest.mark.parametrize("coding", list(encodings()))
@pytest.mark.parametrize("piece", [1, 7, 4096, None])
def test_decoder_round_trips_in_any_pieces(coding, piece):
    body = encodings()[coding]
    decoder = BoundedDecoder(coding, len(TEXT))
    step = piece or len(body)
    for start in range(0, len(body), step):
        decoder.feed(body[start:start + step])
    assert decoder.finish() == TEXT


def test_concatenated_gzip_members_are_one_body():
    decoder = BoundedDecoder("gzip", CAP)
    decoder.feed(gzip.compress(b"first ") + gzip.compress(b"second"))
    assert decoder.finish() == b"first second"


def test_decoder_cap_is_exact():
    body = gzip.compress(bytes(1000))
    decoder = BoundedDecoder("gzip", 1000)
    decoder.feed(body)
    assert decoder.finish() == bytes(1000)
    decoder = BoundedDecoder("gzip", 999)
    with pytest.raises(DecodingError, match="999-byte cap"):
        decoder.feed(body)
        decoder.finish()


def test_decoder_rejects_unknown_and_corrupt_codings():
    with pytest.raises(DecodingError, match="unsupported Content-Encoding 'compress'"):
        BoundedDecoder("compress", CAP)
    for coding in ("gzip", "deflate", "br"):
        decoder = BoundedDecoder(coding, CAP)
        with pytest.raises(DecodingError, match="could not be decoded"):
            decoder.feed(bytes(random.Random(coding).randrange(256) for _ in range(200)))
            decoder.finish()


@pytest.mark.parametrize("coding", ["gzip", "deflate", "deflate ", "br", "gzip, gzip", "gzip, br"])
def test_truncated_body_is_an_error_not_a_shorter_page(coding):
    body = encodings()[coding]
    decoder = BoundedDecoder(coding, CAP)
    with pytest.raises(DecodingError, match="truncated"):
        decoder.feed(body[:len(body) // 2])
        decoder.finish()


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "gzip, br"])
def test_empty_body_with_a_coding_is_empty(coding):
    decoder = BoundedDecoder(coding, CAP)
    decoder.feed(b"")
    assert decoder.finish() == b""


@pytest.mark.parametrize("path", ["/bomb/gzip-gzip", "/bomb/gzip", "/bomb/deflate", "/bomb/br"])
def test_decoder_stops_a_bomb_at_the_cap(bombs, path):
    coding, body = bombs[path]
    decoder = BoundedDecoder(coding, CAP)
    with pytest.raises(DecodingError, match="cap"):
        for start in range(0, len(body), 16384):
            decoder.feed(body[start:start + 16384])
        decoder.finish()
    assert decoder.size <= CAP + 64 * 1024


# --- through the fetcher, over loopback ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(bombs):
    with LoopbackServer() as running:
        for n, (coding, body) in enumerate(encodings().items()):
            running.routes[f"/text/{n}"] = Route(body, headers={"Content-Encoding": coding} if coding else None)
        for path, (coding, body) in bombs.items():
            running.routes[path] = Route(body, headers={"Content-Encoding": coding})
        running.routes["/small"] = Route(gzip.compress(TEXT), headers={"Content-Encoding": "gzip"})
        yield running


def test_fetcher_decodes_every_coding(server):
    with Fetcher(CONFIG) as fetcher:
        for n, coding in enumerate(encodings()):
            fetched = fetcher.get(server.url(f"/text/{n}"))
            assert fetched.body == TEXT, coding
            assert fetched.content_type == "text/html; charset=utf-8"
    assert server.seen("/text/0")[0].headers["Accept-Encoding"] == "gzip, deflate, br"


@pytest.mark.parametrize("path", ["/bomb/gzip-gzip", "/bomb/gzip", "/bomb/deflate", "/bomb/br"])
def test_fetcher_stops_a_bomb_at_the_cap(server, path):
    with Fetcher(CONFIG) as fetcher, pytest.raises(FetchError, match=f"decoded body exceeds the {CAP}-byte cap"):
        fetcher.get(server.url(path))


MEASURE = r"""
import json, resource, sys
from flows.config import FetchConfig
from flows.fetch import Fetcher, FetchError

config = FetchConfig(connect_timeout=2, read_timeout=5, retries=0, max_bytes=int(sys.argv[1]),
                     respect_robots=False, allow_private_networks=("127.0.0.1/32",))
outcomes = []
with Fetcher(config) as fetcher:
    for url in sys.argv[2:]:
        try:
            outcomes.append(f"ok {len(fetcher.get(url).body)}")
        except FetchError as error:
            outcomes.append(f"error {error}")
print(json.dumps({"maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "outcomes": outcomes}))
"""


def _measure(urls: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(CAP), *urls], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_bombs_cost_little_memory(server, bombs):
    """Peak RSS of a process fetching every bomb stays near that of one fetching a small page as often."""
    baseline = _measure([server.url("/small")] * len(bombs))
    assert baseline["outcomes"] == [f"ok {len(TEXT)}"] * len(bombs)
    bombed = _measure([server.url(path) for path in bombs])
    assert all(outcome.startswith("error ") and "cap" in outcome for outcome in bombed["outcomes"]), bombed
    growth_mib = (bombed["maxrss_kib"] - baseline["maxrss_kib"]) / 1024
    assert growth_mib < 60, f"peak memory grew by {growth_mib:.0f} MiB fetching the bombs"
