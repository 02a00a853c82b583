package org.simgate.gateway.slot;

/** A unit of card I/O that runs on a slot's own thread, with nothing else interleaved. */
@FunctionalInterface
public interface CardWork<T> {
    T run() throws Exception;
}
