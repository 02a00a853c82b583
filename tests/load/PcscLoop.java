import java.util.Arrays;
import java.util.HexFormat;
import jnasmartcardio.PcscCalls;

/**
 * The card's own ceiling through pcscd: a direct PC/SC loop (raw SCardTransmit, the calls simgate's
 * pcsc transport makes) with no gateway in front. Run from source with the gateway jar on the
 * class path; PCSCLITE_CSOCK_NAME picks the pcscd.
 *
 *   java -cp gateway/target/simgate.jar tests/load/PcscLoop.java READER apdu|aka SECONDS [WARM-UP SECONDS, default 2]
 *
 * apdu: SELECT MF without answer data (00A4000C023F00 -> 9000), one APDU per round.
 * aka:  SELECT ADF.USIM once, then AUTHENTICATE + GET RESPONSE per round, as a pcsc slot sends them
 *       (TS 35.208 test set 1, SQN 000000000020: the card must run with sqn-check = false).
 */
public class PcscLoop {
    private static final HexFormat HEX = HexFormat.of();
    private static final String USIM_AID = "a0000000871002ffffffff8907090000";
    private static final String AUTHENTICATE = "0088008122" + "10" + "00112233445566778899aabbccddeeff"
            + "10" + "3cbc31a43007800010f4e2e95de26b00";

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (PcscCalls.PcscError e) {
            // its stack trace is empty, which the source launcher cannot print
            System.err.println("PcscLoop: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        String reader = args[0];
        boolean aka = args[1].equals("aka");
        long seconds = Long.parseLong(args[2]);
        long warmUpSeconds = args.length > 3 ? Long.parseLong(args[3]) : 2;
        PcscCalls pcsc = PcscCalls.load();
        long context = pcsc.establishContext();
        PcscCalls.Connection card = null;
        long connectDeadline = System.nanoTime() + 10_000_000_000L;
        while (card == null) {
            try {
                card = pcsc.connect(context, reader, PcscCalls.SCARD_SHARE_EXCLUSIVE,
                        PcscCalls.SCARD_PROTOCOL_T0 | PcscCalls.SCARD_PROTOCOL_T1);
            } catch (PcscCalls.PcscError e) {
                // a gateway letting the card go (bench-pcsc reloads it without the slot) may still hold it
                if (e.code() != PcscCalls.SCARD_E_SHARING_VIOLATION || System.nanoTime() > connectDeadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
        byte[] select = HEX.parseHex("00a4000c023f00");
        byte[] auth = HEX.parseHex(AUTHENTICATE);
        byte[] getResponse = HEX.parseHex("00c0000035");
        if (aka) {
            check(pcsc.transmit(card.handle(), card.protocol(), HEX.parseHex("00a4040c10" + USIM_AID)), "9000");
        }
        long[] latencies = new long[1 << 22];
        int rounds = 0;
        long start = System.nanoTime();
        long warmEnd = start + warmUpSeconds * 1_000_000_000L; // not counted
        long end = warmEnd + seconds * 1_000_000_000L;
        long measuredFrom = 0;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuFrom = 0;
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        long jitFrom = 0;
        long switchesFrom = 0;
        while (true) {
            long t0 = System.nanoTime();
            if (t0 >= end) {
                break;
            }
            if (aka) {
                check(pcsc.transmit(card.handle(), card.protocol(), auth), "6135");
                byte[] answer = pcsc.transmit(card.handle(), card.protocol(), getResponse);
                if (answer.length != 0x37 || answer[0] != (byte) 0xdb) {
                    throw new IllegalStateException("unexpected AUTHENTICATE answer");
                }
            } else {
                check(pcsc.transmit(card.handle(), card.protocol(), select), "9000");
            }
            long t1 = System.nanoTime();
            if (t0 >= warmEnd) {
                if (measuredFrom == 0) {
                    measuredFrom = t0;
                    cpuFrom = cpu.getCurrentThreadCpuTime();
                    jitFrom = jit.getTotalCompilationTime();
                    switchesFrom = voluntarySwitches();
                }
                latencies[rounds++] = t1 - t0;
            }
        }
        long elapsed = end - measuredFrom;
        long cpuNanos = cpu.getCurrentThreadCpuTime() - cpuFrom;
        long jitMillis = jit.getTotalCompilationTime() - jitFrom;
        long switches = voluntarySwitches() - switchesFrom;
        pcsc.disconnect(card.handle(), PcscCalls.SCARD_RESET_CARD);
        pcsc.releaseContext(context);
        long[] sorted = Arrays.copyOf(latencies, rounds);
        Arrays.sort(sorted);
        double perSecond = rounds * 1e9 / elapsed;
        System.out.printf("%s: %d rounds in %.1f s = %.0f %s/s (%.0f APDUs/s); per round p50 %.3f ms, p90 %.3f ms, p99 %.3f ms; CPU %.0f us and %.2f voluntary context switches per round, JIT %d ms in the run%n",
                aka ? "AKA (AUTHENTICATE + GET RESPONSE)" : "APDU (SELECT MF, no data)", rounds, elapsed / 1e9, perSecond,
                aka ? "auth" : "APDU", perSecond * (aka ? 2 : 1), ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), cpuNanos / 1e3 / rounds, (double) switches / rounds, jitMillis);
    }

    /** This thread's voluntary context switches so far: each is a wait (for pcscd's answer, mostly). */
    private static long voluntarySwitches() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/thread-self/status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1e6;
    }

    private static void check(byte[] answer, String sw) {
        String got = HEX.formatHex(answer, answer.length - 2, answer.length);
        if (!got.equals(sw)) {
            throw new IllegalStateException("card answered " + got + ", expected " + sw);
        }
    }
}
