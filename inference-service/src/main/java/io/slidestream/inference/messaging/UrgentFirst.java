package io.slidestream.inference.messaging;

import io.slidestream.core.events.Topics;
import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the routine patch channel paused while urgent batches are being scored, so the workers drain the
 * urgent topic first. Pausing stops fetching (the Kafka consumer pauses its partitions and keeps its
 * group membership); batches already fetched still finish. The routine channel resumes once no urgent
 * batch has been in hand for {@link #QUIET_MILLIS}, so a steady urgent stream is not interleaved.
 */
@ApplicationScoped
public class UrgentFirst {
    private static final Logger LOG = Logger.getLogger(UrgentFirst.class);
    static final long QUIET_MILLIS = 300;

    private final ChannelRegistry registry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "urgent-first");
        thread.setDaemon(true);
        return thread;
    });
    private int inHand;
    private long lastFinished;

    public UrgentFirst(ChannelRegistry registry) {
        this.registry = registry;
    }

    synchronized void urgentStarted() {
        if (inHand++ == 0) {
            PausableChannel routine = routine();
            if (routine != null && !routine.isPaused()) {
                routine.pause();
                LOG.debug("urgent batches in hand: routine patch batches paused");
            }
        }
    }

    synchronized void urgentFinished() {
        inHand--;
        lastFinished = System.nanoTime();
        if (inHand == 0) {
            timer.schedule(this::resumeIfQuiet, QUIET_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void resumeIfQuiet() {
        boolean quiet = inHand == 0 && System.nanoTime() - lastFinished >= TimeUnit.MILLISECONDS.toNanos(QUIET_MILLIS);
        PausableChannel routine = routine();
        if (quiet && routine != null && routine.isPaused()) {
            routine.resume();
            LOG.debug("no urgent batch in hand: routine patch batches resumed");
        } else if (inHand == 0 && !quiet) {
            timer.schedule(this::resumeIfQuiet, QUIET_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private PausableChannel routine() {
        return registry.getPausable(Topics.PATCH_BATCHES);
    }
}
