package org.simgate.security.registration;

/** What {@link DeviceRegistry#finalizeRegistration} decided: a registered device, or a refusal. */
public sealed interface FinalizeOutcome {
    record Registered(RegisteredDevice device) implements FinalizeOutcome {
    }

    record Refused(FinalizeRefusal refusal) implements FinalizeOutcome {
    }
}
