package io.slidestream.inference.pipeline;

/**
 * What the pipeline has done since it started, for benchmarks and metrics.
 *
 * @param patchesScored   patches given a score
 * @param patchesFailed   patches whose pixels could not be read
 * @param modelBatches    model calls' batches (each of up to the batch size)
 * @param readCpuNanos    CPU time of the reader threads while reading (decoding, copying, resampling)
 * @param readWallNanos   wall time of the reader threads while reading
 * @param regionPixels    pixels the reads returned
 * @param decodedPixels   pixels of the JPEG tiles the reads touched (OpenSlide decodes whole tiles)
 * @param scoredPixels    pixels fed to the model, all inputs
 * @param scoreWallNanos  wall time of the workers in model calls, input conversion included
 */
public record PipelineStats(long patchesScored, long patchesFailed, long modelBatches, long readCpuNanos,
                            long readWallNanos, long regionPixels, long decodedPixels, long scoredPixels,
                            long scoreWallNanos) {
}
