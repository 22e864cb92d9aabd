package io.omninode.bridge.topology.internal.patterns;

/** What a detector last sent for one subject, so it sends only real changes. */
record Reported(boolean active, double confidence) {

    static final Reported NONE = new Reported(false, 0);

    /** Whether {@code active}/{@code confidence} differ from this enough to be sent. */
    boolean changedBy(boolean nowActive, double nowConfidence, double delta) {
        if (nowActive != active) {
            return true;
        }
        return nowActive && Math.abs(nowConfidence - confidence) >= delta - 1e-9;
    }
}
