package org.simgate.service;

/** A protocol's unit of card work, run on the slot's thread with nothing interleaved. */
@FunctionalInterface
public interface CardTransaction<T> {
    T run(CardSession card);
}
