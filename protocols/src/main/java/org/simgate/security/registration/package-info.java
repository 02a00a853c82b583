/**
 * Device registration after privacyIDEA's smartphone container (see docs/registration.md): an
 * admin creates a registration ({@link org.simgate.security.registration.DeviceRegistry#create}),
 * shown as an enrollment URL and QR code; the device answers with its P-384 public key and an
 * ECDSA-SHA-384 signature over the challenge ({@link org.simgate.security.registration.DeviceEnrollment});
 * the registry checks it and from then on serves the key to request verifiers as
 * {@link org.simgate.security.keys.DeviceKeys}. Plain Java: the HTTP endpoints and the command
 * line call into it.
 */
package org.simgate.security.registration;
