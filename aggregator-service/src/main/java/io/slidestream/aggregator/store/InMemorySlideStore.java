package io.slidestream.aggregator.store;

import io.slidestream.aggregator.stitching.SlideProgress;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Slides in this JVM's memory, each guarded by its own monitor. Lost on restart. */
@ApplicationScoped
public class InMemorySlideStore implements SlideStore {
    private final Map<String, SlideProgress> slides = new ConcurrentHashMap<>();

    @Override
    public <T> T update(String slideId, Instant eventTime, Function<SlideProgress, T> change) {
        SlideProgress slide = slides.computeIfAbsent(slideId, id -> new SlideProgress(id, eventTime));
        synchronized (slide) {
            return change.apply(slide);
        }
    }

    @Override
    public <T> Optional<T> read(String slideId, Function<SlideProgress, T> reader) {
        return Optional.ofNullable(slides.get(slideId)).map(slide -> {
            synchronized (slide) {
                return reader.apply(slide);
            }
        });
    }

    @Override
    public <T> List<T> readAll(Function<SlideProgress, T> reader) {
        return slides.values().stream().map(slide -> {
            synchronized (slide) {
                return reader.apply(slide);
            }
        }).toList();
    }
}
