#!/usr/bin/python3
"""A small USIM in Python for vsmartcard's vpcd: a second card for scripts/bench-pcsc, not simgate's.

It speaks the vpicc protocol (2-byte big-endian length + payload; a 1-byte payload is control:
00 power off, 01 power on, 02 reset, 04 get ATR) as a TCP client of a vpcd reader, and is a UICC
with just enough of a USIM for a pcsc slot: EF.DIR, EF.ICCID, ADF.USIM with EF.IMSI and EF.AD,
and AUTHENTICATE (3G context) with Milenage, answered T=0 style (61xx, then GET RESPONSE).
SQN is not checked (a benchmark replays one AUTN); the MAC is.

    usim_vicc.py HOST:PORT [--authenticate-time SECONDS] [--k HEX --opc HEX]
    usim_vicc.py --self-test      (TS 35.208 test set 1)

Defaults: TS 35.208 test set 1's K and OPc, the same card data as bench-pcsc's simgate card.
Needs python3-cryptography (Debian).
"""
import argparse
import socket
import struct
import sys
import time

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

ATR = bytes.fromhex("3b9f96801fc78031a073be21136743200718000001a5")
USIM_AID = bytes.fromhex("a0000000871002ffffffff8907090000")
IMSI = "001010000000001"
ICCID = "8988211000000000011"


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def rot(block, bits):
    n = bits // 8
    return block[n:] + block[:n]


class Milenage:
    """TS 35.206 with r1..r5 = 64, 0, 32, 64, 96 and c1..c5 = 0, 1, 2, 4, 8."""

    def __init__(self, k, opc):
        self.ecb = Cipher(algorithms.AES(k), modes.ECB()).encryptor()
        self.opc = opc

    def e(self, block):
        return self.ecb.update(block)

    def out(self, temp, r, c):
        return xor(self.e(xor(rot(xor(temp, self.opc), r), c.to_bytes(16, "big"))), self.opc)

    def vectors(self, rand, sqn, amf):
        temp = self.e(xor(rand, self.opc))
        in1 = sqn + amf + sqn + amf
        out1 = xor(self.e(xor(xor(temp, rot(xor(in1, self.opc), 64)), bytes(16))), self.opc)
        out2 = self.out(temp, 0, 1)
        return {"mac_a": out1[:8], "res": out2[8:], "ak": out2[:6],
                "ck": self.out(temp, 32, 2), "ik": self.out(temp, 64, 4)}


def bcd_swapped(digits):
    if len(digits) % 2:
        digits += "f"
    return bytes(int(digits[i + 1] + digits[i], 16) for i in range(0, len(digits), 2))


def fcp(file_id, size=None, record=None):
    """A minimal FCP template: file id and either a transparent size or a linear-fixed record layout."""
    body = b"\x83\x02" + file_id
    if record is not None:
        length, count = record
        body = b"\x82\x05\x42\x21" + length.to_bytes(2, "big") + bytes([count]) + body
    else:
        body = b"\x82\x02\x41\x21" + body
        if size is not None:
            body += b"\x80\x02" + size.to_bytes(2, "big")
    return b"\x62" + bytes([len(body)]) + body


class Usim:
    def __init__(self, k, opc, authenticate_time):
        self.milenage = Milenage(k, opc)
        self.authenticate_time = authenticate_time
        imsi = bcd_swapped("9" + IMSI)  # parity nibble 9: odd number of digits, IMSI
        self.ef_dir_record = (b"\x61\x19\x4f\x10" + USIM_AID + b"\x50\x04USIM").ljust(32, b"\xff")
        self.mf_files = {b"\x2f\x00": ("dir", fcp(b"\x2f\x00", record=(32, 1))),
                         b"\x2f\xe2": (bcd_swapped(ICCID), fcp(b"\x2f\xe2", size=10))}
        self.adf_files = {b"\x6f\x07": (bytes([len(imsi)]) + imsi, fcp(b"\x6f\x07", size=9)),
                          b"\x6f\xad": (b"\x00\x00\x00\x02", fcp(b"\x6f\xad", size=4))}
        self.reset()

    def reset(self):
        self.adf = False
        self.current = None  # (content, fcp) of the selected EF
        self.pending = b""

    def answer(self, data, sw=b"\x90\x00"):
        if not data:
            return sw
        self.pending = data
        return b"\x61" + bytes([len(data) & 0xff])

    def apdu(self, c):
        if len(c) < 4:
            return b"\x67\x00"
        cla, ins, p1, p2 = c[:4]
        body = c[5:5 + c[4]] if len(c) > 5 else b""
        if ins != 0xc0:
            self.pending = b""
        if ins == 0xa4:
            return self.select(p1, p2, body)
        if ins == 0xc0:
            data, self.pending = self.pending, b""
            le = c[4] if len(c) == 5 else 0
            if not data:
                return b"\x6f\x00"
            if le and le != len(data):
                self.pending = data
                return b"\x6c" + bytes([len(data)])
            return data + b"\x90\x00"
        if ins == 0xb0:
            return self.read(c, record=False)
        if ins == 0xb2:
            return self.read(c, record=True)
        if ins == 0x88:
            return self.authenticate(p1, p2, body)
        return b"\x6d\x00"

    def select(self, p1, p2, body):
        files = None
        if p1 == 0x04:  # by DF name: ADF.USIM, by its AID or a prefix of it
            if not body or not USIM_AID.startswith(body):
                return b"\x6a\x82"
            self.adf, self.current = True, None
            return b"\x90\x00" if p2 & 0x0c == 0x0c else self.answer(b"\x62\x03\x82\x01\x78")
        if p1 == 0x08:  # path from MF
            files, fid = self.mf_files, body[-2:]
            self.adf = False
        elif p1 == 0x00 and body == b"\x3f\x00":
            self.adf, self.current = False, None
            return b"\x90\x00" if p2 & 0x0c == 0x0c else self.answer(b"\x62\x03\x82\x01\x38")
        elif p1 == 0x00:
            files, fid = (self.adf_files if self.adf else self.mf_files), body
        if files is None or fid not in files:
            return b"\x6a\x82"
        self.current = files[fid]
        return b"\x90\x00" if p2 & 0x0c == 0x0c else self.answer(self.current[1])

    def read(self, c, record):
        if self.current is None:
            return b"\x69\x86"
        content = self.current[0]
        le = c[4] if len(c) >= 5 else 0
        if record:
            if content != "dir" or c[2] != 1:
                return b"\x6a\x83"
            data = self.ef_dir_record
        else:
            if content == "dir":
                return b"\x69\x81"
            data = content
        if le and le != len(data):
            return b"\x6c" + bytes([len(data)])
        return data + b"\x90\x00"

    def authenticate(self, p1, p2, body):
        if not self.adf:
            return b"\x69\x85"
        if p1 != 0 or p2 != 0x81 or len(body) != 34 or body[0] != 16 or body[17] != 16:
            return b"\x6a\x86"
        rand, autn = body[1:17], body[18:34]
        if self.authenticate_time:
            time.sleep(self.authenticate_time)  # a physical card's time, which costs the host nothing
        ak = self.milenage.vectors(rand, bytes(6), b"\x00\x00")["ak"]
        sqn, amf, mac = xor(autn[:6], ak), autn[6:8], autn[8:]
        v = self.milenage.vectors(rand, sqn, amf)
        if v["mac_a"] != mac:
            return b"\x98\x62"
        kc = xor(xor(v["ck"][:8], v["ck"][8:]), xor(v["ik"][:8], v["ik"][8:]))
        return self.answer(b"\xdb\x08" + v["res"] + b"\x10" + v["ck"] + b"\x10" + v["ik"] + b"\x08" + kc)


def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("vpcd closed the connection")
        data += chunk
    return data


def serve(host, port, card):
    sock = socket.create_connection((host, port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    while True:
        # vpcd writes length and payload separately: ACK at once, or every APDU waits for delayed ACK
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        (length,) = struct.unpack(">H", recv_exactly(sock, 2))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        payload = recv_exactly(sock, length)
        if length == 1:
            if payload[0] in (0, 1, 2):
                card.reset()
            if payload[0] == 4:
                sock.sendall(struct.pack(">H", len(ATR)) + ATR)
            continue
        answer = card.apdu(payload)
        sock.sendall(struct.pack(">H", len(answer)) + answer)


def self_test():
    m = Milenage(bytes.fromhex("465b5ce8b199b49faa5f0a2ee238a6bc"), bytes.fromhex("cd63cb71954a9f4e48a5994e37a02baf"))
    v = m.vectors(bytes.fromhex("23553cbe9637a89d218ae64dae47bf35"), bytes.fromhex("ff9bb4d0b607"), bytes.fromhex("b9b9"))
    expected = {"mac_a": "4a9ffac354dfafb3", "res": "a54211d5e3ba50bf", "ak": "aa689c648370",
                "ck": "b40ba9a3c58b2a05bbf0d987b21bf8cb", "ik": "f769bcd751044604127672711c6d3441"}
    for name, want in expected.items():
        if v[name].hex() != want:
            sys.exit("self-test: " + name + " differs from TS 35.208 test set 1")
    print("self-test: TS 35.208 test set 1 ok")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vpcd", nargs="?", help="HOST:PORT of the vpcd reader")
    parser.add_argument("--authenticate-time", type=float, default=0.0, help="seconds per AUTHENTICATE")
    parser.add_argument("--k", default="465b5ce8b199b49faa5f0a2ee238a6bc")
    parser.add_argument("--opc", default="cd63cb71954a9f4e48a5994e37a02baf")
    parser.add_argument("--self-test", action="store_true")
    args = parser.parse_args()
    if args.self_test:
        self_test()
        return
    host, _, port = args.vpcd.rpartition(":")
    card = Usim(bytes.fromhex(args.k), bytes.fromhex(args.opc), args.authenticate_time)
    while True:
        try:
            serve(host or "127.0.0.1", int(port), card)
        except (ConnectionError, OSError):
            time.sleep(0.2)  # vpcd not up yet, or it went away: connect again, as vicc does
        card.reset()


if __name__ == "__main__":
    main()
