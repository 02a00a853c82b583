package org.simgate.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class ConnectionsByKeyTest {
    final ConnectionsByKey connections = new ConnectionsByKey();

    @Test
    void aKeysEndClosesItsConnectionsOnly() {
        EmbeddedChannel onK = new EmbeddedChannel();
        EmbeddedChannel alsoOnK = new EmbeddedChannel();
        EmbeddedChannel onL = new EmbeddedChannel();
        assertTrue(connections.add("K", onK, connections.mark()));
        assertTrue(connections.add("K", alsoOnK, connections.mark()));
        assertTrue(connections.add("L", onL, connections.mark()));

        assertEquals(2, connections.closeAll("K"));

        assertFalse(onK.isOpen());
        assertFalse(alsoOnK.isOpen());
        assertTrue(onL.isOpen());
        assertEquals(1, connections.count("L"));
    }

    @Test
    void aKeyThatEndedWhileTheConnectionVerifiedClosesItAsItIsAdded() {
        long mark = connections.mark(); // then the key verifies; meanwhile it ends
        connections.closeAll("K");
        EmbeddedChannel late = new EmbeddedChannel();
        assertFalse(connections.add("K", late, mark));
        assertFalse(late.isOpen());
        assertEquals(0, connections.count("K"));

        EmbeddedChannel afterwards = new EmbeddedChannel(); // verified after the end: with the key as it is now
        assertTrue(connections.add("K", afterwards, connections.mark()));
        assertTrue(afterwards.isOpen());
        EmbeddedChannel otherKey = new EmbeddedChannel();
        assertTrue(connections.add("L", otherKey, mark), "another key's end is no concern of L's");
    }

    @Test
    void aClosedConnectionIsForgotten() {
        EmbeddedChannel channel = new EmbeddedChannel();
        connections.add("K", channel, connections.mark());
        channel.close();
        assertEquals(0, connections.count("K"));
        assertEquals(0, connections.closeAll("K"));
    }
}
