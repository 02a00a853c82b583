package org.simgate.gateway;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.simgate.service.AuthResult;
import org.simgate.service.DerivedKeys;
import org.simgate.transport.Hex;
import org.slf4j.LoggerFactory;

/** The log scan of {@link DeriveEndToEndTest} finds a secret when one is logged, and records redact theirs. */
class CapturedLogsTest {
    private static final String SECRET = "3b759becc904d5b2aad2fcf15c88ce4354ade608ebbd6d89aa1c3281564c56f8";

    @Test
    void aLoggedSecretIsFoundInEitherCaseAndInArguments() {
        try (CapturedLogs logs = CapturedLogs.atDebug()) {
            LoggerFactory.getLogger("scan-test").debug("kausf {}", SECRET.toUpperCase());
            assertThrows(AssertionError.class, () -> logs.assertNoneOf(List.of(SECRET)));
        }
    }

    @Test
    void derivedKeysInASuccessAreNotLoggedThroughItsToString() {
        byte[] key = Hex.decode(SECRET);
        try (CapturedLogs logs = CapturedLogs.atDebug()) {
            AuthResult.Success success = new AuthResult.Success(new byte[8], new byte[16], new byte[16], null,
                    new DerivedKeys(null, key, key, key, null, null, null, null, null, null, key, key));
            LoggerFactory.getLogger("scan-test").debug("answer {}", success);
            logs.assertNoneOf(List.of(SECRET));
        }
    }
}
