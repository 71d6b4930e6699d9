package io.slidestream.tiler.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.Topics;
import io.slidestream.tiler.config.TilerConfig;
import io.slidestream.tiler.service.TilingPlan;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes the patch batches of the slides being tiled, fairly: round-robin across slides, a few batches
 * ({@code quantum}) per slide per turn, urgent slides (their own topic) before routine ones, and only
 * while the workers' backlog on that topic is below {@code max-backlog}. A huge slide therefore never
 * queues thousands of batches ahead of a slide submitted after it: the later slide's batches go out in
 * the next turns. A slide's future completes once all its batches are acknowledged by the broker.
 */
@ApplicationScoped
public class BatchPublisher {
    private static final Logger LOG = Logger.getLogger(BatchPublisher.class);
    private static final Priority[] ORDER = {Priority.URGENT, Priority.ROUTINE};

    /** Why a publication did not finish: the service is stopping; its slide-ready event is redelivered later. */
    public static final class StoppedException extends RuntimeException {
        StoppedException() {
            super("the tiler is stopping");
        }
    }

    private final TilerEvents events;
    private final BacklogProbe probe;
    private final TilerConfig.Fairness config;
    private final Semaphore slidesInFlight;
    private final AtomicInteger publishing = new AtomicInteger();
    private final Map<Priority, ArrayDeque<Publication>> queues = new EnumMap<>(Priority.class);
    private final Object lock = new Object();
    private volatile boolean stopped;
    private Thread loop;

    public BatchPublisher(TilerEvents events, BacklogProbe probe, TilerConfig config, MeterRegistry metrics) {
        this.events = events;
        this.probe = probe;
        this.config = config.fairness();
        this.slidesInFlight = new Semaphore(this.config.maxSlidesInFlight());
        for (Priority priority : ORDER) {
            queues.put(priority, new ArrayDeque<>());
        }
        metrics.gauge("slidestream.tiler.slides.publishing", publishing);
    }

    void start(@Observes StartupEvent event) {
        loop = Thread.ofPlatform().daemon().name("batch-publisher").start(this::run);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Waits for room among the slides in flight; call before planning a slide, so plans never pile up. */
    public void awaitRoom() throws InterruptedException {
        slidesInFlight.acquire();
    }

    /** Gives back the room taken by {@link #awaitRoom} for a slide that will not be published. */
    public void releaseRoom() {
        slidesInFlight.release();
    }

    /**
     * Queues a planned slide's batches (room must have been taken with {@link #awaitRoom}).
     *
     * @return completes when every batch is acknowledged; fails with the send error or {@link StoppedException}
     */
    public CompletableFuture<Void> publish(TilingPlan plan) {
        Publication publication = new Publication(plan);
        publication.done.whenComplete((ok, error) -> {
            publishing.decrementAndGet();
            slidesInFlight.release();
        });
        publishing.incrementAndGet();
        if (plan.batches().isEmpty()) {
            publication.done.complete(null);
            return publication.done;
        }
        synchronized (lock) {
            if (stopped) {
                publication.done.completeExceptionally(new StoppedException());
                return publication.done;
            }
            queues.get(plan.manifest().priority() == Priority.URGENT ? Priority.URGENT : Priority.ROUTINE).add(publication);
            lock.notifyAll();
        }
        return publication.done;
    }

    private void run() {
        try {
            while (!stopped) {
                if (!hasWork()) {
                    synchronized (lock) {
                        if (!stopped && !hasWorkLocked()) {
                            lock.wait(config.probeInterval().toMillis());
                        }
                    }
                    continue;
                }
                boolean sent = false;
                for (Priority priority : ORDER) {
                    sent |= round(priority);
                }
                if (!sent) {
                    Thread.sleep(config.probeInterval().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            failAll();
        }
    }

    /** One round-robin turn over the slides of one priority, within the backlog budget; whether it sent anything. */
    private boolean round(Priority priority) throws InterruptedException {
        String topic = Topics.patchBatches(priority);
        List<Publication> turn;
        synchronized (lock) {
            turn = new ArrayList<>(queues.get(priority));
        }
        if (turn.isEmpty()) {
            return false;
        }
        long budget;
        try {
            budget = config.maxBacklog() - probe.backlog(topic);
        } catch (IllegalStateException e) {
            LOG.warnf("not publishing %s for now: %s", topic, e.getMessage());
            return false;
        }
        List<Uni<Void>> acks = new ArrayList<>();
        List<Publication> finished = new ArrayList<>();
        for (Publication publication : turn) {
            if (budget <= 0) {
                break;
            }
            int n = 0;
            while (n < config.quantum() && budget > 0 && publication.remaining.hasNext()) {
                acks.add(events.batch(publication.remaining.next()));
                n++;
                budget--;
            }
            if (!publication.remaining.hasNext()) {
                finished.add(publication);
            }
        }
        synchronized (lock) {
            ArrayDeque<Publication> queue = queues.get(priority);
            queue.removeAll(finished);
            // Whoever sent this turn goes to the back, so the next turn starts with the others.
            for (Publication publication : turn) {
                if (!finished.contains(publication) && queue.remove(publication)) {
                    queue.add(publication);
                }
            }
        }
        if (acks.isEmpty()) {
            return false;
        }
        try {
            Uni.join().all(acks).andFailFast().await().atMost(TilerEvents.ACK_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.errorf("patch batches could not be published: %s", e.getMessage());
            failTurn(turn, e);
            return true;
        }
        finished.forEach(p -> p.done.complete(null));
        return true;
    }

    private void failTurn(List<Publication> turn, RuntimeException error) {
        synchronized (lock) {
            turn.forEach(queues.get(Priority.URGENT)::remove);
            turn.forEach(queues.get(Priority.ROUTINE)::remove);
        }
        turn.forEach(p -> p.done.completeExceptionally(error));
    }

    private boolean hasWork() {
        synchronized (lock) {
            return hasWorkLocked();
        }
    }

    private boolean hasWorkLocked() {
        return queues.values().stream().anyMatch(q -> !q.isEmpty());
    }

    private void failAll() {
        synchronized (lock) {
            queues.values().forEach(q -> {
                q.forEach(p -> p.done.completeExceptionally(new StoppedException()));
                q.clear();
            });
        }
    }

    private static final class Publication {
        final Iterator<PatchBatch> remaining;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Publication(TilingPlan plan) {
            this.remaining = plan.batches().iterator();
        }
    }
}
