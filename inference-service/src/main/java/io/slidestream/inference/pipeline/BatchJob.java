package io.slidestream.inference.pipeline;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.Priority;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.events.ScoreBatch.PatchScore;
import io.slidestream.inference.service.PatchPixels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One submitted patch batch on its way through the pipeline: read once, then scored in one or more slices
 * (a model batch may hold patches of several jobs, and a job may span model batches). Its result completes
 * when the last read patch is scored.
 */
final class BatchJob {
    final PatchBatch batch;
    final long sequence;
    final CompletableFuture<ScoreBatch> result = new CompletableFuture<>();
    private final String modelId;
    private final double threshold;
    private final AtomicInteger unscored = new AtomicInteger();
    private volatile PatchPixels pixels;
    private float[] scores;
    /** Each read patch's published map; null entries for a probability model. */
    private int[][] maps;

    /** @param threshold the model's, published with the scores */
    BatchJob(PatchBatch batch, long sequence, String modelId, double threshold) {
        this.batch = batch;
        this.sequence = sequence;
        this.modelId = modelId;
        this.threshold = threshold;
    }

    boolean urgent() {
        return batch.priority() == Priority.URGENT;
    }

    /** Urgent batches first, then in the order submitted. */
    static int readOrder(BatchJob a, BatchJob b) {
        int priority = Boolean.compare(b.urgent(), a.urgent());
        return priority != 0 ? priority : Long.compare(a.sequence, b.sequence);
    }

    /** The batch's pixels are read; a job with nothing readable is done at once. */
    void read(PatchPixels read) {
        scores = new float[read.count()];
        maps = new int[read.count()][];
        unscored.set(read.count());
        pixels = read;
        if (read.count() == 0) {
            finish();
        }
    }

    PatchPixels pixels() {
        return pixels;
    }

    /**
     * Scores of read patches {@code from} .. {@code from + count - 1}, taken from {@code values[offset..]}, with
     * their published maps from {@code publishedMaps[offset..]} (null for a probability model).
     */
    void scored(int from, int count, float[] values, int[][] publishedMaps, int offset) {
        System.arraycopy(values, offset, scores, from, count);
        if (publishedMaps != null) {
            System.arraycopy(publishedMaps, offset, maps, from, count);
        }
        if (unscored.addAndGet(-count) == 0) {
            finish();
        }
    }

    void fail(Throwable cause) {
        result.completeExceptionally(cause);
    }

    private void finish() {
        PatchPixels read = pixels;
        List<PatchScore> list = new ArrayList<>(read.count());
        for (int i = 0; i < read.count(); i++) {
            list.add(new PatchScore(read.read().get(i).col(), read.read().get(i).row(), scores[i], maps[i]));
        }
        result.complete(new ScoreBatch(Contract.SCHEMA_VERSION, batch.slideId(), batch.batchIndex(), modelId, list,
                read.failed(), threshold));
    }
}
