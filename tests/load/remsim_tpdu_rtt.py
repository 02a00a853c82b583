#!/usr/bin/python3
"""One remsim client's TPDU round trips through a remsim bank (osmo-remsim-bankd or simgate's), timed.

It plays client 7/0 mapped to bank 1/0 (map them on the server first) with the frames osmo-remsim's
client shell sends (../shared/testdata/rspro_vectors.txt): ConnectClientReq, then, after the bank's
SetAtrReq, one TpduModemToCard after another, SELECT MF without answer data (00A4000C023F00), each
sent when the bank's TpduCardToModem for the one before arrived. The bank's PINGs are answered.

    remsim_tpdu_rtt.py HOST:PORT SECONDS      e.g. 127.0.0.1:9999 10

Prints TPDUs/s and the round trip's mean, p50, p90, p99 and max.
"""
import socket
import struct
import sys
import time

CONNECT_CLIENT_REQ = bytes.fromhex(
    "0046ee073043800102810100a23ba239302f0a0100160973696d62616e6b3031800d72656d73696d2d636c69656e7481"
    "10312e302e302e35352d626663636135323006020107020100")
# TpduModemToCard {{7, 0}, {1, 0}, no flags, 00a4000c023f00}
TPDU_SELECT_MF = bytes.fromhex(
    "0034ee073031800102810100a229ac2730060201070201003006020101020100300c0101000101000101000101000407"
    "00a4000c023f00")
PING, PONG = bytes.fromhex("0001fe00"), bytes.fromhex("0001fe01")
SET_ATR_REQ = 0xAA


def choice_tag(frame):
    """The CHOICE tag of the RsproPDU in an IPA RSPRO frame (short or long DER lengths)."""
    def tlv(i):
        tag, n = frame[i], frame[i + 1]
        i += 2
        if n & 0x80:
            k = n & 0x7F
            n, i = int.from_bytes(frame[i:i + k], "big"), i + k
        return tag, i, n
    _, i, _ = tlv(4)  # RsproPDU SEQUENCE after length, 0xEE, 0x07
    while True:
        tag, i, n = tlv(i)
        if tag == 0xA2:
            return frame[i]
        i += n


class Link:
    def __init__(self, host, port):
        self.sock = socket.create_connection((host, port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def send(self, frame):
        self.sock.sendall(frame)

    def frame(self):
        """The next RSPRO frame; CCM frames are consumed (a PING answered)."""
        while True:
            if len(self.buf) >= 3:
                n = struct.unpack(">H", self.buf[:2])[0]
                if len(self.buf) >= 3 + n:
                    f, self.buf = self.buf[:3 + n], self.buf[3 + n:]
                    if f[2] == 0xFE:
                        if f == PING:
                            self.send(PONG)
                        continue
                    return f
            chunk = self.sock.recv(65536)
            if not chunk:
                sys.exit("the bank closed the connection")
            self.buf += chunk


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    seconds = float(sys.argv[2])
    link = Link(host, int(port))
    link.send(CONNECT_CLIENT_REQ)
    while choice_tag(link.frame()) != SET_ATR_REQ:
        pass
    times = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        start = time.perf_counter()
        link.send(TPDU_SELECT_MF)
        answer = link.frame()
        times.append(time.perf_counter() - start)
    times.sort()
    ms = [t * 1000 for t in times]
    print(f"{len(ms) / seconds:.0f} TPDUs/s, mean {sum(ms) / len(ms):.3f} ms, p50 {ms[len(ms) // 2]:.3f} ms, "
          f"p90 {ms[int(len(ms) * 0.9)]:.3f} ms, p99 {ms[int(len(ms) * 0.99)]:.3f} ms, max {ms[-1]:.1f} ms, "
          f"last answer ends {answer[-2:].hex()}")


if __name__ == "__main__":
    main()
