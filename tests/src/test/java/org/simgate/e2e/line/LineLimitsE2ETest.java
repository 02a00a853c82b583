package org.simgate.e2e.line;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.simgate.gateway.Gateway;

/** The limits of simgate.line over real sockets: each answered with a clear line or a close. */
class LineLimitsE2ETest {
    private static final String IMSI = ">simgate slot 0|\n>1:IMSI|\n\n";
    private static final String IMSI_ANSWER = ">1:001010000000001\n@@\n";

    private static Gateway gateway;

    @BeforeAll
    static void start() throws IOException {
        gateway = LineGateway.start("idle-timeout = 1s, max-line = 128, max-commands = 4");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static LineClient connect() throws IOException {
        return new LineClient(gateway.lineAddress());
    }

    /**
     * On a gateway of its own: the server counts a connection out a moment after the client closed
     * it, so connections this test leaves behind must not count against the other tests.
     */
    @Test
    void oneConnectionTooManyFromAnAddressIsRefusedWithALineAndClosed() throws Exception {
        Gateway limited = LineGateway.start("max-connections-per-address = 2");
        try (LineClient first = new LineClient(limited.lineAddress());
             LineClient second = new LineClient(limited.lineAddress())) {
            assertEquals(IMSI_ANSWER, first.ask(IMSI));
            assertEquals(IMSI_ANSWER, second.ask(IMSI));
            try (LineClient third = new LineClient(limited.lineAddress())) {
                assertEquals(">ERR:C090:too many connections from your address (limit 2)\n@@\n", third.answer());
                assertTrue(third.closedByServer());
            }
            first.close();
            assertEquals(IMSI_ANSWER, askOnANewConnectionOnceOneIsFree(limited));
        } finally {
            limited.close();
        }
    }

    /** The server counts a connection out when it sees it close, a moment after the client closed it. */
    private static String askOnANewConnectionOnceOneIsFree(Gateway limited) throws Exception {
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (true) {
            try (LineClient client = new LineClient(limited.lineAddress())) {
                String answer = client.ask(IMSI);
                if (!answer.startsWith(">ERR:") || System.nanoTime() > deadline) {
                    return answer;
                }
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheTimeout() throws Exception {
        try (LineClient idle = connect()) {
            long start = System.nanoTime();
            assertTrue(idle.closedByServer(), "closed within the client's 5 s read timeout");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 800, "not before idle-timeout = 1s, was " + millis + " ms");
        }
    }

    @Test
    void aLineOverMaxLineIsAnsweredThenClosed() throws Exception {
        try (LineClient client = connect()) {
            assertEquals(">ERR:C084:line longer than 128 bytes\n@@\n",
                    client.ask(">simgate slot 0|\n>1:APDU:" + "00".repeat(100) + "|\n\n"));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void aRequestOverMaxCommandsRunsNothingAndTheConnectionGoesOn() throws Exception {
        try (LineClient client = connect()) {
            assertEquals(">ERR:C084:more than 4 commands in one request\n@@\n",
                    client.ask(">simgate slot 0|\n" + ">1:RESET|\n".repeat(5) + "\n"));
            assertEquals(IMSI_ANSWER, client.ask(IMSI));
        }
    }

    @Test
    void aClientThatShutsItsSideAfterTheCommandsGetsTheAnswerThenTheClose() throws Exception {
        // printf '>simgate slot 0|\n>1:IMSI|\n' | nc -N 127.0.0.1 4001
        try (LineClient client = connect()) {
            client.send(">simgate slot 0|\n>1:IMSI|\n");
            client.socket.shutdownOutput();
            assertEquals(IMSI_ANSWER, client.answer());
            assertTrue(client.closedByServer());
        }
    }
}
