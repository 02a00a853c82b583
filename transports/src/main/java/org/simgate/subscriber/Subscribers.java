package org.simgate.subscriber;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscribers of one file, in file order, found by IMSI in constant time. Immutable; IMSIs are
 * unique (the loader refuses duplicates).
 */
public final class Subscribers {
    private static final Subscribers NONE = new Subscribers(List.of());

    private final List<Subscriber> all;
    private final Map<String, Integer> indexByImsi;

    public Subscribers(List<Subscriber> subscribers) {
        this.all = List.copyOf(subscribers);
        this.indexByImsi = new HashMap<>(all.size() * 4 / 3 + 1);
        for (int i = 0; i < all.size(); i++) {
            if (indexByImsi.putIfAbsent(all.get(i).imsi(), i) != null) {
                throw new IllegalArgumentException("IMSI " + all.get(i).imsi() + " is there twice");
            }
        }
    }

    /** No subscribers. */
    public static Subscribers none() {
        return NONE;
    }

    /** Every subscriber, in file order. */
    public List<Subscriber> all() {
        return all;
    }

    public int size() {
        return all.size();
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** The subscriber with this IMSI, or null. */
    public Subscriber find(String imsi) {
        Integer index = indexByImsi.get(imsi);
        return index == null ? null : all.get(index);
    }

    /** The position of the subscriber with this IMSI in {@link #all()}, or -1. */
    public int indexOf(String imsi) {
        Integer index = indexByImsi.get(imsi);
        return index == null ? -1 : index;
    }

    /** The same subscribers in the same order, keys compared in full. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Subscribers other && all.equals(other.all);
    }

    @Override
    public int hashCode() {
        return all.hashCode();
    }

    @Override
    public String toString() {
        return "Subscribers[" + all.size() + "]";
    }
}
