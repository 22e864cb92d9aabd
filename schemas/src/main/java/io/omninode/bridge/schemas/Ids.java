package io.omninode.bridge.schemas;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for event, request and execution ids. {@link UUID#randomUUID()} draws
 * from one shared, synchronized {@code SecureRandom}, which serialized every request thread on
 * the hot paths; these ids identify, they are no secrets, so a thread-local generator serves.
 */
public final class Ids {

    private Ids() {
    }

    /** A random version-4, IETF-variant UUID in its canonical text form. */
    public static String random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}
