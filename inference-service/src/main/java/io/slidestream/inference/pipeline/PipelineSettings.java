package io.slidestream.inference.pipeline;

import io.slidestream.core.grid.ProbabilityMaps;

import java.time.Duration;

/**
 * How the scoring pipeline is sized.
 *
 * @param readers           reader threads, each reading whole patch batches
 * @param workersPerDevice  scorer threads per device, each with its own predictor
 * @param batchSize         most patches in one model call; a worker fills it from several patch batches
 * @param batchWait         longest a worker waits for a fuller model batch once it holds some patches
 * @param queuedPatches     most read patches waiting for a worker: readers block beyond it, so memory stays
 *                          bounded whatever is submitted
 * @param slideCacheSize    open slides kept idle between batches
 * @param readStrategy      regions covering each batch, or the naive read per patch
 * @param mapEdge           a probability-map model's maps are published reduced to at most this many sub-cells
 *                          each way (1..{@value ProbabilityMaps#MAX_EDGE}); ignored for probability models
 */
public record PipelineSettings(int readers, int workersPerDevice, int batchSize, Duration batchWait,
                               int queuedPatches, int slideCacheSize, ReadStrategy readStrategy, int mapEdge) {
    /**
     * 8 × 8 sub-cells a patch: 8 µm squares for the demo's 64 µm patches, finer than the smallest lesion staged
     * (isolated tumour cells, under 200 µm), for 64 values (at most about 260 bytes of JSON) a patch.
     */
    public static final int DEFAULT_MAP_EDGE = 8;

    public PipelineSettings {
        if (readers < 1 || workersPerDevice < 1 || batchSize < 1 || slideCacheSize < 0) {
            throw new IllegalArgumentException("readers, workers per device and batch size must be at least 1: " + this);
        }
        if (queuedPatches < batchSize) {
            throw new IllegalArgumentException("queued patches (" + queuedPatches + ") must hold at least one model batch ("
                    + batchSize + ")");
        }
        if (batchWait == null || batchWait.isNegative()) {
            throw new IllegalArgumentException("batch wait must be zero or more");
        }
        if (readStrategy == null) {
            readStrategy = ReadStrategy.REGION;
        }
        if (mapEdge < 1 || mapEdge > ProbabilityMaps.MAX_EDGE) {
            throw new IllegalArgumentException("the map edge must be 1.." + ProbabilityMaps.MAX_EDGE + ", got " + mapEdge);
        }
    }

    /** With the {@link #DEFAULT_MAP_EDGE default map edge}. */
    public PipelineSettings(int readers, int workersPerDevice, int batchSize, Duration batchWait, int queuedPatches,
                            int slideCacheSize, ReadStrategy readStrategy) {
        this(readers, workersPerDevice, batchSize, batchWait, queuedPatches, slideCacheSize, readStrategy,
                DEFAULT_MAP_EDGE);
    }

    /**
     * One reader per two cores (reading is a small share of a CPU model's time; on a GPU raise it), one worker
     * per device, model batches of 64 patches filled for at most 20 ms, four model batches queued, maps of
     * {@value #DEFAULT_MAP_EDGE} × {@value #DEFAULT_MAP_EDGE} sub-cells.
     */
    public static PipelineSettings defaults() {
        int readers = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new PipelineSettings(readers, 1, 64, Duration.ofMillis(20), 256, 16, ReadStrategy.REGION);
    }

    public PipelineSettings withReadStrategy(ReadStrategy strategy) {
        return new PipelineSettings(readers, workersPerDevice, batchSize, batchWait, queuedPatches, slideCacheSize, strategy,
                mapEdge);
    }

    public PipelineSettings withReaders(int count) {
        return new PipelineSettings(count, workersPerDevice, batchSize, batchWait, queuedPatches, slideCacheSize, readStrategy,
                mapEdge);
    }

    public PipelineSettings withBatchSize(int size) {
        return new PipelineSettings(readers, workersPerDevice, size, batchWait, Math.max(queuedPatches, size),
                slideCacheSize, readStrategy, mapEdge);
    }

    public PipelineSettings withMapEdge(int edge) {
        return new PipelineSettings(readers, workersPerDevice, batchSize, batchWait, queuedPatches, slideCacheSize,
                readStrategy, edge);
    }
}
