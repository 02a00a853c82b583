/**
 * The front contract: what a protocol folder gives the gateway ({@link org.simgate.front.FrontType},
 * registered in {@code META-INF/services/org.simgate.front.FrontType}) and what the gateway gives
 * it back ({@link org.simgate.front.FrontContext}). The gateway binds each front's config, judges
 * its {@link org.simgate.front.Exposure}, opens, starts, reloads and closes it in a loop; it knows
 * no protocol by name. README.md, "How it is built", has the recipe for adding one.
 */
package org.simgate.front;
