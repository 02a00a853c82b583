package org.simgate.protocol.remsim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.simgate.rspro.ResultCode;
import org.simgate.security.MutableClock;
import org.simgate.service.FrontLink;
import org.simgate.service.FrontLink.State;

/** The bank's server link as operators see it: each state, since when, the attempts after the first. */
class BankStateTest {
    private static final Instant START = Instant.parse("2026-12-07T16:00:00Z");
    private final MutableClock clock = new MutableClock(START);
    private final BankState state = new BankState(new RemsimBankConfig(true, "::1", 9998, 3, "127.0.0.1", 9999,
            List.of(0), Duration.ofSeconds(30), Duration.ofSeconds(10), false, 64), clock);

    @Test
    void theServerLinkFromTheFirstAttemptToARefusalAndBack() {
        assertEquals(link(State.CONNECTING, START, 0, null), state.serverLink(), "before the first attempt");

        state.serverConnecting();
        clock.set(START.plusSeconds(1));
        state.serverUnreachable("not reachable: Connection refused");
        assertEquals(link(State.CONNECTING, START, 0, "not reachable: Connection refused"), state.serverLink(),
                "still connecting since the start; the first attempt is no reconnect");

        state.serverConnecting();
        clock.set(START.plusSeconds(2));
        state.serverRegistered();
        assertEquals(link(State.CONNECTED, START.plusSeconds(2), 1, null), state.serverLink());

        clock.set(START.plusSeconds(3));
        state.serverClosed();
        assertEquals(link(State.CONNECTING, START.plusSeconds(3), 1, "link lost"), state.serverLink());

        state.serverConnecting();
        clock.set(START.plusSeconds(4));
        state.serverRefused(ResultCode.IDENTITY_IN_USE);
        state.serverClosed();
        FrontLink refused = link(State.REFUSED, START.plusSeconds(4), 2,
                "identityInUse: another bank with this bank-id is connected");
        assertEquals(refused, state.serverLink(), "the refusal closes the link and stays shown");

        state.serverConnecting();
        clock.set(START.plusSeconds(8));
        state.serverRefused(ResultCode.IDENTITY_IN_USE);
        assertEquals(link(State.REFUSED, START.plusSeconds(4), 3,
                "identityInUse: another bank with this bank-id is connected"), state.serverLink(),
                "refused since the first refusal");
    }

    private static FrontLink link(State state, Instant since, long reconnects, String problem) {
        return new FrontLink("remsim-bankd", "server", state, "[::1]:9998", "bank 3", since, reconnects, problem);
    }
}
