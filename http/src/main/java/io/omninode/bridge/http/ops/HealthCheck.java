package io.omninode.bridge.http.ops;

/** One component whose state {@code /health} reports and {@code /ready} may wait for. */
public interface HealthCheck {

    /** Component name in the {@code /health} reply, e.g. {@code kafka}. */
    String name();

    /** Current state; must answer quickly (cache anything slow). */
    Status check();

    /**
     * @param up     whether the component works
     * @param detail a short human-readable state, e.g. {@code RUNNING} or the failure reason
     */
    record Status(boolean up, String detail) {
        public static Status up(String detail) {
            return new Status(true, detail);
        }

        public static Status down(String detail) {
            return new Status(false, detail);
        }
    }

    static HealthCheck of(String name, java.util.function.Supplier<Status> check) {
        return new HealthCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Status check() {
                return check.get();
            }
        };
    }
}
