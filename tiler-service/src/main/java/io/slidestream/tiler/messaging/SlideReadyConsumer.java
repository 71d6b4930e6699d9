package io.slidestream.tiler.messaging;

import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.Topics;
import io.slidestream.core.slide.SlideException;
import io.slidestream.tiler.service.SlideIds;
import io.slidestream.tiler.service.SlideRejectedException;
import io.slidestream.tiler.service.SlideTiler;
import io.slidestream.tiler.service.TilingPlan;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Tiles each slide announced on {@link Topics#SLIDE_READY}. A slide that cannot be analysed (refused
 * path, unopenable or unreadable file, too few levels) ends as FAILED with the reason; that is a
 * handled outcome, so the event is acknowledged and the next slide goes on. A record that is not a
 * slide-ready event goes to the dead-letter topic as it came.
 */
@ApplicationScoped
public class SlideReadyConsumer {
    private static final Logger LOG = Logger.getLogger(SlideReadyConsumer.class);

    private final SlideTiler tiler;
    private final TilerEvents events;

    public SlideReadyConsumer(SlideTiler tiler, TilerEvents events) {
        this.tiler = tiler;
        this.events = events;
    }

    @Incoming(Topics.SLIDE_READY)
    @Blocking("tiling")
    public void onSlideReady(String record) {
        SlideReady ready = EventJson.read(record, SlideReady.class);
        String slideId = ready.slideId() == null || ready.slideId().isBlank()
                ? SlideIds.newId(ready.path()) : ready.slideId();
        events.status(slideId, SlideState.TILING);
        TilingPlan plan;
        try {
            plan = tiler.plan(slideId, ready.path());
        } catch (SlideRejectedException | SlideException e) {
            LOG.warnf("slide %s failed: %s", slideId, e.getMessage());
            events.failed(slideId, e.getMessage());
            return;
        }
        events.plan(plan);
        events.status(slideId, SlideState.SCORING);
        LOG.infof("slide %s: %d tissue patches in %d batches on a %dx%d grid", slideId,
                plan.manifest().patchCount(), plan.batches().size(), plan.manifest().grid().cols(),
                plan.manifest().grid().rows());
    }
}
