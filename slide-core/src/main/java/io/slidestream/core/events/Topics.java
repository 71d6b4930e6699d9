package io.slidestream.core.events;

/**
 * Kafka topic names, the one place they are written. Each service uses the topic name as its
 * SmallRye channel name, so {@code @Incoming(Topics.PATCH_BATCHES)} needs no topic mapping.
 * Every topic is keyed by slide id, so all events of one slide keep their order in one partition.
 */
public final class Topics {
    /** {@link SlideReady}: a scanner or the REST endpoint says a slide file is ready. */
    public static final String SLIDE_READY = "slide-ready";
    /** {@link SlideManifest}: grid geometry and patch count of one slide, published before its patches. */
    public static final String SLIDE_MANIFESTS = "slide-manifests";
    /** {@link PatchBatch}: many patch coordinates of one routine slide. */
    public static final String PATCH_BATCHES = "patch-batches";
    /** {@link PatchBatch} of urgent slides: workers drain it before {@link #PATCH_BATCHES}. */
    public static final String PATCH_BATCHES_URGENT = "patch-batches-urgent";
    /** {@link ScoreBatch}: tumour probabilities of the patches of one {@link PatchBatch}. */
    public static final String SCORE_BATCHES = "score-batches";
    /** {@link SlideStatus}: lifecycle changes and failures with a reason. */
    public static final String SLIDE_STATUS = "slide-status";

    /** Suffix of the dead-letter topic of an incoming channel (messages that could not be parsed or handled). */
    public static final String DEAD_LETTER_SUFFIX = "-dlq";

    private Topics() {
    }

    /** The patch topic for a slide of this priority. */
    public static String patchBatches(Priority priority) {
        return priority == Priority.URGENT ? PATCH_BATCHES_URGENT : PATCH_BATCHES;
    }

    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
