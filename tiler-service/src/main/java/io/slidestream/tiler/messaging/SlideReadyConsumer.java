package io.slidestream.tiler.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.Topics;
import io.slidestream.core.grid.UnplannableSlideException;
import io.slidestream.core.slide.SlideException;
import io.slidestream.core.slide.isolated.SlideReaderCrashedException;
import io.slidestream.tiler.service.SlideIds;
import io.slidestream.tiler.service.SlideCatalogue;
import io.slidestream.tiler.service.SlideIntake;
import io.slidestream.tiler.service.SlideRegistry;
import io.slidestream.tiler.service.SlideRejectedException;
import io.slidestream.tiler.service.SlideTiler;
import io.slidestream.tiler.service.TilingPlan;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Tiles each slide announced on {@link Topics#SLIDE_READY}: resolves the request, skips a slide already
 * analysed (unless forced), plans it, publishes the manifest and hands the batches to the fair
 * {@link BatchPublisher}. The event is acknowledged (and its offset committed) once every batch is in
 * Kafka, so a tiler that dies midway tiles the slide again after its restart. A slide that cannot be
 * analysed ends FAILED with a reason that names it by reference, never by host path; a record that is
 * not a slide-ready event goes to the dead-letter topic as it came.
 */
@ApplicationScoped
public class SlideReadyConsumer {
    private static final Logger LOG = Logger.getLogger(SlideReadyConsumer.class);

    private final SlideIntake intake;
    private final SlideTiler tiler;
    private final SlideRegistry registry;
    private final TilerEvents events;
    private final BatchPublisher publisher;
    private final TilerMetrics metrics;
    private final SlideCatalogue catalogue;

    public SlideReadyConsumer(SlideIntake intake, SlideTiler tiler, SlideRegistry registry, TilerEvents events,
                              BatchPublisher publisher, TilerMetrics metrics, SlideCatalogue catalogue) {
        this.catalogue = catalogue;
        this.intake = intake;
        this.tiler = tiler;
        this.registry = registry;
        this.events = events;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Incoming(Topics.SLIDE_READY)
    @Blocking("tiling")
    public CompletionStage<Void> onSlideReady(Message<String> message) throws InterruptedException {
        SlideReady ready;
        try {
            ready = EventJson.read(message.getPayload(), SlideReady.class);
        } catch (EventJson.MalformedEventException e) {
            return message.nack(e);
        }
        SlideIntake.Resolved slide;
        try {
            slide = intake.resolve(ready);
        } catch (SlideRejectedException e) {
            return refuse(message, ready, e.getMessage());
        }
        if (!slide.force() && slide.known().filter(SlideReadyConsumer::alreadyTiled).isPresent()) {
            LOG.infof("slide %s (%s) was analysed before (%s): not again without force", slide.slideId(),
                    slide.slideRef(), slide.known().get());
            metrics.slide("duplicate");
            return message.ack();
        }
        publisher.awaitRoom();
        TilingPlan plan;
        Timer.Sample timing = metrics.startTiling();
        try {
            registry.remember(slide.slideId(), SlideState.TILING);
            events.status(slide.slideId(), SlideState.TILING);
            plan = tiler.plan(slide.tilingRequest());
        } catch (SlideException e) {
            publisher.releaseRoom();
            return fail(message, slide.slideId(), e.messageNaming(slide.slideRef()), e);
        } catch (UnplannableSlideException e) {
            publisher.releaseRoom();
            return fail(message, slide.slideId(), "slide " + slide.slideRef() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // A fault of ours, not of the slide (e.g. the reader process cannot start): say so, keep going.
            publisher.releaseRoom();
            LOG.errorf(e, "slide %s (%s) could not be tiled", slide.slideId(), slide.slideRef());
            String why = String.valueOf(e.getMessage()).replace(slide.file().toString(), slide.slideRef());
            return fail(message, slide.slideId(), "slide " + slide.slideRef() + ": the tiler failed: " + why, e);
        }
        metrics.tiled(timing, plan);
        events.manifest(plan.manifest());
        catalogue.remember(plan.manifest());
        registry.remember(slide.slideId(), SlideState.SCORING);
        events.status(slide.slideId(), SlideState.SCORING);
        LOG.infof("slide %s (%s, %s, profile %s): %d tissue patches in %d batches on a %dx%d grid", slide.slideId(),
                slide.slideRef(), slide.priority(), slide.profile().name(), plan.manifest().patchCount(),
                plan.batches().size(), plan.manifest().grid().cols(), plan.manifest().grid().rows());
        publisher.publish(plan).whenComplete((done, error) -> {
            if (error == null) {
                message.ack();
            } else if (!(error instanceof BatchPublisher.StoppedException)) {
                fail(message, slide.slideId(), "patch batches could not be published: " + error.getMessage(), error);
            }
            // Stopping: not acknowledged, so the slide is tiled again after the restart.
        });
        return CompletableFuture.completedFuture(null);
    }

    /** Tiling finished before: the manifest and batches are out, or the slide failed. */
    private static boolean alreadyTiled(SlideState state) {
        return state == SlideState.SCORING || state.isFinal();
    }

    /** A request that names no usable slide: the reason must not echo the path the client chose. */
    private CompletionStage<Void> refuse(Message<String> message, SlideReady ready, String reason) {
        String id = SlideIds.isSafe(ready.slideId()) ? ready.slideId() : null;
        String safeReason = ready.path() == null ? reason : reason.replace(ready.path(), "(the requested path)");
        metrics.slide("refused");
        if (id == null) {
            LOG.warnf("slide-ready from %s refused: %s", ready.source(), safeReason);
            return message.ack(); // no usable id to report a failure under; the log says why
        }
        return fail(message, id, safeReason, null);
    }

    private CompletionStage<Void> fail(Message<String> message, String slideId, String reason, Throwable cause) {
        LOG.warnf("slide %s failed: %s", slideId, reason);
        metrics.slide(cause instanceof SlideReaderCrashedException
                ? "reader-crashed" : "failed");
        registry.remember(slideId, SlideState.FAILED);
        events.failed(slideId, reason);
        return message.ack();
    }
}
