package org.simgate.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigUtil;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.simgate.aka.AuthenticationVector;
import org.simgate.transport.Hex;

/** A card's SQN memory outlives the gateway when the slot has a state file, and only then. */
class SqnPersistenceTest {

    static String slotWithStateFile(Path stateFile) {
        return RunningGateway.slots(TestCard.SET_1.inSlot(0, "",
                "state-file = " + ConfigUtil.quoteString(stateFile.toString())));
    }

    static Http.Response authenticate(RunningGateway gateway, AuthenticationVector v) {
        return gateway.client().post(gateway.http("/sim-auth-api/v1/slot/0"), SimAuthApiTest.body(v));
    }

    @Test
    void aChallengeAcceptedBeforeARestartIsAReplayAfterIt(@TempDir Path dir) throws Exception {
        String slots = slotWithStateFile(dir.resolve("slot0.sqn"));
        AuthenticationVector accepted = TestCard.SET_1.challenge(TestCard.sqn(5, 3));
        try (RunningGateway before = RunningGateway.start(dir.resolve("before"), slots)) {
            assertEquals("200 " + SimAuthApiTest.success(accepted), authenticate(before, accepted).toString());
        }

        try (RunningGateway after = RunningGateway.start(dir.resolve("after"), slots)) {
            Http.Response replay = authenticate(after, accepted);

            String auts = replay.json().path("synchronisation_failure").path("auts").asText();
            assertEquals("200 {\"synchronisation_failure\":{\"auts\":\"" + auts + "\"}}", replay.toString());
            assertEquals(accepted.sqn(), TestCard.SET_1.network().resynchronise(accepted.rand(), Hex.decode(auts)));
            // the memory is per IND (TS 33.102 Annex C.3.2): the same SEQ on another IND is still fresh
            AuthenticationVector otherInd = TestCard.SET_1.challenge(TestCard.sqn(5, 4));
            assertEquals("200 " + SimAuthApiTest.success(otherInd), authenticate(after, otherInd).toString());
        }
    }

    @Test
    void withoutAStateFileARestartForgets(@TempDir Path dir) throws Exception {
        String slots = RunningGateway.slots(TestCard.SET_1.inSlot(0, "", ""));
        AuthenticationVector v = TestCard.SET_1.challenge(TestCard.sqn(5, 3));
        try (RunningGateway before = RunningGateway.start(dir.resolve("before"), slots)) {
            assertEquals(200, authenticate(before, v).status());
        }

        try (RunningGateway after = RunningGateway.start(dir.resolve("after"), slots)) {
            assertEquals("200 " + SimAuthApiTest.success(v), authenticate(after, v).toString());
        }
    }
}
