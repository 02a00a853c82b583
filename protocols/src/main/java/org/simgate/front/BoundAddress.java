package org.simgate.front;

import java.net.SocketAddress;

/**
 * One address a front listens on: {@code name} is the listener's ({@code http}, {@code https},
 * {@code line}, {@code vpcd}…), the name its connection metrics carry.
 */
public record BoundAddress(String name, SocketAddress address) {
}
