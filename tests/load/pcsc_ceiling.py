#!/usr/bin/python3
"""The card's ceiling as an ordinary PC/SC application sees it (pyscard, raw transmit, no automatic
GET RESPONSE): SELECT ADF.USIM once, then AUTHENTICATE + GET RESPONSE for SECONDS after a 2 s
warm-up. TS 35.208 test set 1 with SQN 000000000020: the card must run with sqn-check = false.

usage: pcsc_ceiling.py READER SECONDS
"""
import sys
import time

from smartcard.System import readers
from smartcard.scard import SCARD_SHARE_EXCLUSIVE

AUTHENTICATE = list(bytes.fromhex("0088008122" "10" "00112233445566778899aabbccddeeff"
                                  "10" "3cbc31a43007800010f4e2e95de26b00"))
GET_RESPONSE = list(bytes.fromhex("00C0000035"))


def main():
    name, seconds = sys.argv[1], float(sys.argv[2])
    connection = [r for r in readers() if str(r) == name][0].createConnection()
    connection.connect(mode=SCARD_SHARE_EXCLUSIVE)
    _, sw1, sw2 = connection.transmit(list(bytes.fromhex("00A4040C10A0000000871002FFFFFFFF8907090000")))
    assert (sw1, sw2) == (0x90, 0x00)
    latencies = []
    warm_end = time.perf_counter() + 2
    end = warm_end + seconds
    start = None
    while True:
        t0 = time.perf_counter()
        if t0 >= end:
            break
        _, sw1, _ = connection.transmit(AUTHENTICATE)
        data, sw1b, _ = connection.transmit(GET_RESPONSE)
        assert sw1 == 0x61 and sw1b == 0x90 and data[0] == 0xDB
        if t0 >= warm_end:
            start = start or t0
            latencies.append(time.perf_counter() - t0)
    latencies.sort()
    rate = len(latencies) / (end - start)

    def ms(q):
        return latencies[min(len(latencies) - 1, int(len(latencies) * q))] * 1000

    print("pyscard AKA (AUTHENTICATE + GET RESPONSE): %d rounds = %.0f auth/s; p50 %.3f ms, p99 %.3f ms"
          % (len(latencies), rate, ms(0.5), ms(0.99)))


if __name__ == "__main__":
    main()
