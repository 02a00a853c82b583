#!/usr/bin/python3
"""A plain PC/SC application (pyscard, as pySim and emulators use it) reading the card in READER:
ATR, SELECT MF + GET RESPONSE, SELECT ADF.USIM and a 3G AUTHENTICATE + GET RESPONSE, all raw
(no automatic GET RESPONSE). Prints one JSON object of hex strings (uppercase).

usage: pcsc_read_card.py READER RAND AUTN
"""
import json
import sys

from smartcard.System import readers

USIM_AID = "A0000000871002FFFFFFFF8907090000"


def main():
    name, rand, autn = sys.argv[1:4]
    matching = [r for r in readers() if str(r) == name]
    if not matching:
        print(json.dumps({"error": "no reader " + name, "readers": [str(r) for r in readers()]}))
        return 1
    connection = matching[0].createConnection()
    connection.connect()

    def send(apdu):
        data, sw1, sw2 = connection.transmit(list(bytes.fromhex(apdu)))
        return bytes(data).hex().upper() + "%02X%02X" % (sw1, sw2)

    out = {"atr": bytes(connection.getATR()).hex().upper()}
    out["select_mf"] = send("00A40004023F00")
    out["fcp_mf"] = send("00C00000" + out["select_mf"][2:4])
    out["select_usim"] = send("00A4040C10" + USIM_AID)
    out["authenticate"] = send("0088008122" + "10" + rand + "10" + autn)
    out["auth_response"] = send("00C00000" + out["authenticate"][2:4])
    connection.disconnect()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
