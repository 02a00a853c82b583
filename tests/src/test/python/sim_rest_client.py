#!/usr/bin/env python3
"""A sim-auth REST client written the way pySim's contrib/sim-rest-client.py is.

It plays the home network: builds RAND/AUTN from K and OPc with its own Milenage
(3GPP TS 35.206, AES-128 from the 'cryptography' package), POSTs them with
requests.post(url, json={...}) to http://HOST:PORT/sim-auth-api/v1/slot/N (default
localhost:8000, plain http, as pySim's client), checks RES/CK/IK, and on a
synchronisation failure recovers SQN_MS from AUTS (f5*, MAC-S checked with f1*) and
goes on with SQN_MS + 32, spending that iteration as pySim does.

Same options as pySim's client: -H/--host, -p/--port, -n/--slot-nr, -v, and
'auth' with -c/--count, -k/--key, -o/--opc, -a/--amf, -s/--sqn, or 'info'.
Exit status 0 when every answer verified, non-zero otherwise.

simgate's end-to-end tests run it with /usr/bin/python3 (Debian: python3-requests,
python3-cryptography); see org.simgate.e2e.clients.PySimSimRestClientTest.
"""

import argparse
import secrets
import sys

import requests
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

IND_BITS = 5  # TS 33.102 Annex C.3.2, as pySim assumes


def xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b))


def rotate(block: bytes, bits: int) -> bytes:
    """Rotate a 128-bit block left by a multiple of 8 bits."""
    n = bits // 8
    return block[n:] + block[:n]


class Milenage:
    """f1, f1*, f2, f3, f4, f5, f5* of TS 35.206 with r1..r5 = 64, 0, 32, 64, 96 and c1..c5 = 0, 1, 2, 4, 8."""

    def __init__(self, k: bytes, opc: bytes):
        self.opc = opc
        self.aes = Cipher(algorithms.AES(k), modes.ECB())

    def _e(self, block: bytes) -> bytes:
        encryptor = self.aes.encryptor()
        return encryptor.update(block) + encryptor.finalize()

    def _temp(self, rand: bytes) -> bytes:
        return self._e(xor(rand, self.opc))

    def _out(self, temp: bytes, r: int, c: int) -> bytes:
        block = bytearray(rotate(xor(temp, self.opc), r))
        block[15] ^= c
        return xor(self._e(bytes(block)), self.opc)

    def f1_f1star(self, rand: bytes, sqn: bytes, amf: bytes):
        """MAC-A and MAC-S."""
        in1 = sqn + amf + sqn + amf
        out1 = xor(self._e(xor(self._temp(rand), rotate(xor(in1, self.opc), 64))), self.opc)
        return out1[:8], out1[8:]

    def f2345(self, rand: bytes):
        """RES, CK, IK, AK."""
        temp = self._temp(rand)
        out2 = self._out(temp, 0, 1)
        return out2[8:], self._out(temp, 32, 2), self._out(temp, 64, 4), out2[:6]

    def f5star(self, rand: bytes) -> bytes:
        return self._out(self._temp(rand), 96, 8)[:6]


def unpack48(x: bytes) -> int:
    return int.from_bytes(x, byteorder='big')


def pack48(x: int) -> bytes:
    return x.to_bytes(6, byteorder='big')


def milenage_generate(m: Milenage, amf: bytes, sqn: bytes, rand: bytes):
    """An authentication tuple as an HLR/HSS builds it: AUTN = SQN xor AK || AMF || MAC-A."""
    mac_a, _ = m.f1_f1star(rand, sqn, amf)
    res, ck, ik, ak = m.f2345(rand)
    return {'res': res, 'ck': ck, 'ik': ik, 'autn': xor(sqn, ak) + amf + mac_a}


def milenage_auts(m: Milenage, rand: bytes, auts: bytes):
    """SQN_MS from AUTS if MAC-S verifies (AMF 0000, TS 33.102 6.3.3), else None."""
    sqn_ms = xor(auts[:6], m.f5star(rand))
    _, mac_s = m.f1_f1star(rand, sqn_ms, b'\x00\x00')
    return sqn_ms if mac_s == auts[6:14] else None


def build_url(args, suffix: str, base_path: str) -> str:
    return "http://%s:%u%s%s" % (args.host, int(args.port), base_path, suffix)


def main_info(args) -> int:
    resp = requests.get(build_url(args, '/slot/%u' % args.slot_nr, '/sim-info-api/v1'))
    if not resp.ok:
        print("<- ERROR %u: %s" % (resp.status_code, resp.text))
        return 1
    print("<- %s" % resp.json())
    return 0


def main_auth(args) -> int:
    m = Milenage(bytes.fromhex(args.key), bytes.fromhex(args.opc))
    amf = bytes.fromhex(args.amf)
    sqn = bytes.fromhex(args.sqn.rjust(12, '0'))
    url = build_url(args, '/slot/%u' % args.slot_nr, '/sim-auth-api/v1')

    for _ in range(args.count):
        rand = secrets.token_bytes(16)
        t = milenage_generate(m, amf, sqn, rand)
        req_json = {'rand': rand.hex(), 'autn': t['autn'].hex()}
        print("-> %s" % req_json)
        resp = requests.post(url, json=req_json)
        if args.verbose:
            print("-> %s" % resp)
        if not resp.ok:
            print("<- ERROR %u: %s" % (resp.status_code, resp.text))
            return 1
        resp_json = resp.json()
        if 'synchronisation_failure' in resp_json:
            print("<- synchronisation_failure")
            sqn_ms = milenage_auts(m, rand, bytes.fromhex(resp_json['synchronisation_failure']['auts']))
            if sqn_ms is None:
                raise RuntimeError("AUTS auth failure during re-sync?!?")
            print("SQN_MS = %s" % sqn_ms.hex())
            sqn = pack48(unpack48(sqn_ms) + (1 << IND_BITS))
        elif 'successful_3g_authentication' in resp_json:
            auth_res = resp_json['successful_3g_authentication']
            assert bytes.fromhex(auth_res['res']) == t['res'], "RES"
            assert bytes.fromhex(auth_res['ck']) == t['ck'], "CK"
            assert bytes.fromhex(auth_res['ik']) == t['ik'], "IK"
            print("<- successful_3g_authentication: RES, CK, IK verified")
            sqn = pack48(unpack48(sqn) + (1 << IND_BITS))
        else:
            # simgate answers the card's refusals 200 {"error": {...}}, pySim's server 500 with that body
            print("<- %s" % resp_json)
            raise RuntimeError("Auth failure")
    return 0


def main(argv) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", help="Host to connect to", default="localhost")
    parser.add_argument("-p", "--port", help="TCP port to connect to", default=8000)
    parser.add_argument("-v", "--verbose", help="increase output verbosity", action='count', default=0)
    parser.add_argument("-n", "--slot-nr", help="SIM slot number", type=int, default=0)
    subp = parser.add_subparsers()
    subp.required = True

    auth_p = subp.add_parser('auth', help='UMTS AKA Authentication')
    auth_p.add_argument("-c", "--count", help="Auth count", type=int, default=10)
    auth_p.add_argument("-k", "--key", help="Secret key K (hex)", type=str, required=True)
    auth_p.add_argument("-o", "--opc", help="Secret OPc (hex)", type=str, required=True)
    auth_p.add_argument("-a", "--amf", help="AMF Field (hex)", type=str, default="0000")
    auth_p.add_argument("-s", "--sqn", help="SQN Field (hex)", type=str, default="000000000000")
    auth_p.set_defaults(func=main_auth)

    info_p = subp.add_parser('info', help='Information about the Card')
    info_p.set_defaults(func=main_info)

    args = parser.parse_args(argv[1:])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
