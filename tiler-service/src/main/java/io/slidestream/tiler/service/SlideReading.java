package io.slidestream.tiler.service;

import io.slidestream.core.slide.isolated.IsolatedSlideReader;
import io.slidestream.tiler.config.TilerConfig;
import io.slidestream.tiler.tissue.TissueDetector;
import io.slidestream.tiler.tissue.TissueDetectors;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The tiler's tools for looking at slides, made once from the configuration. */
@ApplicationScoped
public class SlideReading {

    /** OpenSlide runs in this child process, so a crafted file that crashes it costs one slide. */
    @Produces
    @Singleton
    IsolatedSlideReader reader(TilerConfig config) {
        return new IsolatedSlideReader(IsolatedSlideReader.Options.defaults().withMaxHeap(config.reader().maxHeap()));
    }

    /** The first slide after a start should not wait for the reader process to start. */
    void warmUp(@Observes StartupEvent started, IsolatedSlideReader reader) {
        Thread.ofVirtual().name("slide-reader-warm-up").start(reader::start);
    }

    void close(@Disposes IsolatedSlideReader reader) {
        reader.close();
    }

    @Produces
    @Singleton
    TissueDetector detector(TilerConfig config) {
        return TissueDetectors.create(config.tissue().method(), config.tissue().parameters());
    }
}
