package io.slidestream.aggregator.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.slidestream.aggregator.service.SlideViews;
import io.slidestream.aggregator.stitching.SlideCompletion;
import io.slidestream.aggregator.stitching.SlideLedger;
import io.slidestream.aggregator.stitching.SlideRecord;
import io.slidestream.aggregator.stitching.SlideRecordJson;
import io.slidestream.core.events.EventJson;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.SlideManifest;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.events.SlideStatus;
import io.slidestream.core.events.Topics;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies the events of the three input topics to the slides of this task's partition. A state change is
 * published on {@link SlideTopology#PROGRESS_TOPIC} at once; other changes (scores) at most every
 * {@link #PROGRESS_INTERVAL}, so live views stay light however fast scores come. A record that is not
 * usable goes, as it came, to {@code <topic>-dlq} with the reason in header {@code dead-letter-reason}.
 */
final class SlideEventProcessor implements Processor<String, String, String, String> {
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

    private final double threshold;
    private final SlideCompletion completion;
    private final MeterRegistry metrics;
    /** Slides changed since the last progress event; lost on a crash, which only delays one event. */
    private final Set<String> changed = new LinkedHashSet<>();

    private ProcessorContext<String, String> context;
    private KeyValueStore<String, String> slides;
    private SlideLedger ledger;

    SlideEventProcessor(double threshold, SlideCompletion completion, MeterRegistry metrics) {
        this.threshold = threshold;
        this.completion = completion;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
        this.slides = context.getStateStore(StoreNames.SLIDES);
        this.ledger = new SlideLedger(new StoredCells(context.getStateStore(StoreNames.SCORE_CHUNKS)),
                new StoredMaps(context.getStateStore(StoreNames.SCORE_MAPS)),
                new StoredPendingScores(context.getStateStore(StoreNames.PENDING_SCORES)), threshold);
        context.schedule(PROGRESS_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> publishChanged(now));
    }

    @Override
    public void process(Record<String, String> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        try {
            apply(source, record);
        } catch (IllegalArgumentException | EventJson.MalformedEventException unusable) {
            Log.warnf("%s record at offset %d (key %s) moved to %s: %s", source.topic(), source.offset(), record.key(),
                    Topics.deadLetter(source.topic()), unusable.getMessage());
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            headers.add("dead-letter-reason", String.valueOf(unusable.getMessage()).getBytes(StandardCharsets.UTF_8));
            headers.add("dead-letter-offset", Long.toString(source.offset()).getBytes(StandardCharsets.UTF_8));
            context.forward(record.withHeaders(headers), SlideTopology.DEAD_LETTERS);
        }
    }

    private void apply(RecordMetadata source, Record<String, String> record) {
        int scoredBefore = -1;
        SlideLedger.Applied applied = switch (source.topic()) {
            case Topics.SLIDE_MANIFESTS -> {
                SlideManifest manifest = EventJson.read(record.value(), SlideManifest.class);
                Instant at = timeOf(manifest.createdAt(), record);
                yield ledger.manifest(stored(manifest.slideId()), manifest, at);
            }
            case Topics.SCORE_BATCHES -> {
                ScoreBatch batch = EventJson.read(record.value(), ScoreBatch.class);
                SlideRecord current = stored(batch.slideId());
                scoredBefore = current == null ? 0 : current.patchesScored();
                // Score batches carry no time of their own: the record's timestamp is the same on every replay.
                yield ledger.scores(current, batch, source.offset(), Instant.ofEpochMilli(record.timestamp()));
            }
            case Topics.SLIDE_STATUS -> {
                SlideStatus status = EventJson.read(record.value(), SlideStatus.class);
                yield ledger.status(stored(status.slideId()), status, timeOf(status.at(), record));
            }
            default -> throw new IllegalStateException("no handler for topic " + source.topic());
        };
        SlideRecord slide = applied.slide();
        if (applied.droppedBatches() > 0) {
            Log.warnf("slide %s: dropped %d score batches received before the manifest, outside its grid",
                    slide.slideId(), applied.droppedBatches());
        }
        if (applied.completed()) {
            float[] scores = ledger.scores(slide);
            slide.verdict(completion.complete(slide, scores, ledger.subCellScores(slide, scores)));
        }
        slides.put(slide.slideId(), SlideRecordJson.write(slide));
        if (applied.stateChanged()) {
            stateChanged(applied.before(), slide);
            publishNow(slide, record.timestamp());
        } else if (applied.firstScores(scoredBefore)) {
            publishNow(slide, record.timestamp());
        } else {
            changed.add(slide.slideId());
        }
    }

    private SlideRecord stored(String slideId) {
        if (slideId == null || slideId.isBlank()) {
            throw new IllegalArgumentException("event without a slideId");
        }
        return SlideRecordJson.read(slides.get(slideId));
    }

    private void stateChanged(SlideState before, SlideRecord slide) {
        SlideState after = slide.lifecycle().state();
        // Slides by the state they reached (Prometheus: slidestream_aggregator_slides_total{state=...}).
        metrics.counter("slidestream.aggregator.slides", "state", after.name().toLowerCase(Locale.ROOT)).increment();
        Log.infof("slide %s: %s -> %s (%d patches scored, %d failed)%s", slide.slideId(), before, after,
                slide.patchesScored(), slide.patchesFailed(),
                after == SlideState.FAILED ? ": " + slide.lifecycle().reason() : "");
    }

    private void publishChanged(long now) {
        for (String slideId : List.copyOf(changed)) {
            SlideRecord slide = SlideRecordJson.read(slides.get(slideId));
            if (slide != null) {
                publish(slide, now);
            }
        }
    }

    /**
     * Publishes and asks for a commit right after this record: readers see state changes and first scores at
     * once, while routine progress waits for the next regular commit (each commit flushes the stores and
     * ends a transaction, which is most of the aggregator's work when scores stream in).
     */
    private void publishNow(SlideRecord slide, long timestamp) {
        publish(slide, timestamp);
        context.commit();
    }

    private void publish(SlideRecord slide, long timestamp) {
        changed.remove(slide.slideId());
        context.forward(new Record<>(slide.slideId(), EventJson.write(SlideViews.summary(slide)), timestamp),
                SlideTopology.PROGRESS);
    }

    private static Instant timeOf(Instant eventTime, Record<String, String> record) {
        return eventTime != null ? eventTime : Instant.ofEpochMilli(record.timestamp());
    }
}
