#!/usr/bin/env python3
"""The USIM-https-server calls of fasferraz's clients, made the way they make them.

SWu-IKEv2 (swu_emulator.py), NWu-Non3GPP-5GC (nwu_emulator.py), GBA_ME (gba_me.py) and eNB
(eNB_LOCAL.py) each carry the same two functions, used when their modem/reader option names a
server as HOST:PORT:

  GET https://HOST:PORT/?type=imsi                       -> r.json()['imsi']
  GET https://HOST:PORT/?type=rand-autn&rand=R&autn=A    -> r.json()['res'], ['ck'], ['ik']

one requests.get(url, verify=False) per call (no session: a new TLS connection each time), urllib3's
warnings switched off, RAND and AUTN in lowercase hex (binascii.hexlify). What each client does with
the three values differs:

  swu, nwu  res set with ck and ik None is a sync failure: res is AUTS (unhexlified into
            AT_AUTS or the 5G NAS AUTS); else RES, CK, IK are unhexlified
  gba       res None ends the bootstrap; else RES = unhexlify(res) and Ks = unhexlify(ck + ik)
  enb       res, ck and ik all set: XRES = unhexlify(res), KASME from ck and ik; anything else
            leaves it without XRES

Usage: fasferraz_usim_https.py CLIENT HOST:PORT imsi
       fasferraz_usim_https.py CLIENT HOST:PORT rand-autn RAND AUTN
CLIENT is swu, nwu, gba or enb. Prints one line: "IMSI <imsi>", "RES <hex> CK <hex> IK <hex>",
"AUTS <hex>" or "FAILED <what the client would do>". simgate's contract tests run it
(tests/src/test/java/org/simgate/e2e/clients).
"""

import sys
from binascii import hexlify, unhexlify

import requests

requests.packages.urllib3.disable_warnings()


def usim_https_imsi(server):
    return requests.get('https://' + server + '/?type=imsi', verify=False).json()['imsi']


def usim_https_res_ck_ik(server, rand, autn):
    answer = requests.get('https://' + server + '/?type=rand-autn&rand=' + rand + '&autn=' + autn, verify=False).json()
    return answer['res'], answer['ck'], answer['ik']


def interpret(client, res, ck, ik):
    if client in ('swu', 'nwu'):
        if res is not None and ck is None and ik is None:
            return 'AUTS ' + hexlify(unhexlify(res)).decode()
        return 'RES %s CK %s IK %s' % tuple(hexlify(unhexlify(x)).decode() for x in (res, ck, ik))
    if client == 'gba':
        if res is None:
            return 'FAILED authentication error, exiting'
        ks = unhexlify(ck + ik)  # the bootstrap's Ks
        return 'RES %s CK %s IK %s' % (hexlify(unhexlify(res)).decode(), hexlify(ks[:16]).decode(),
                                       hexlify(ks[16:]).decode())
    if client == 'enb':
        if res is not None and ck is not None and ik is not None:
            return 'RES %s CK %s IK %s' % tuple(hexlify(unhexlify(x)).decode() for x in (res, ck, ik))
        return 'FAILED no XRES'
    raise SystemExit('unknown client ' + client)


def main(argv):
    client, server, request = argv[1], argv[2], argv[3]
    if request == 'imsi':
        print('IMSI ' + usim_https_imsi(server))
    else:
        rand, autn = hexlify(unhexlify(argv[4])).decode(), hexlify(unhexlify(argv[5])).decode()
        print(interpret(client, *usim_https_res_ck_ik(server, rand, autn)))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
