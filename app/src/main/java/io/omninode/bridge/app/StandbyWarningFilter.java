package io.omninode.bridge.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Objects;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Drops Kafka Streams' "Unable to assign 1 of 1 standby tasks for task […]" warning when not one
 * of a task's standby copies could be placed, which is what a single instance logs for every
 * stateful task on every rebalance: it has nowhere to put a standby by design ({@link StandbyCopies}
 * reports the copies instead). A standby that is only partly placed (2 of 3 instances running with
 * {@code --standby-replicas 2}) is still warned about.
 */
final class StandbyWarningFilter extends TurboFilter {

    /** The package of Streams' task assignors, whose standby assignors pass their loggers to the utility that warns. */
    static final String ASSIGNORS = "org.apache.kafka.streams.processor.internals.assignment.";

    /** Adds the filter to the logging context once (no-op when logback is not the SLF4J backend). */
    static synchronized void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(StandbyWarningFilter.class::isInstance)) {
            StandbyWarningFilter filter = new StandbyWarningFilter();
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == Level.WARN && logger != null && logger.getName().startsWith(ASSIGNORS) && format != null
                && format.startsWith("Unable to assign") && params != null && params.length >= 2
                && Objects.equals(params[0], params[1])) {
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
