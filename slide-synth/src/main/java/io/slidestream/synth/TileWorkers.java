package io.slidestream.synth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * A fixed pool of threads for per-tile-column work; encoding jobs are lent a JPEG encoder each.
 * Results come back in column order whatever order the threads finish in, so the file stays
 * byte-identical.
 */
final class TileWorkers implements AutoCloseable {
    /** Produces the JPEG bytes of tile {@code column} with the encoder it is lent. */
    interface TileJob {
        byte[] encode(int column, JpegTileEncoder encoder) throws Exception;
    }

    private final ExecutorService executor;
    private final BlockingQueue<JpegTileEncoder> encoders;

    TileWorkers(int threads, int jpegQuality) {
        executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "slide-synth-tiles");
            thread.setDaemon(true);
            return thread;
        });
        encoders = new ArrayBlockingQueue<>(threads);
        for (int i = 0; i < threads; i++) {
            encoders.add(new JpegTileEncoder(jpegQuality));
        }
    }

    /** Runs the job for columns 0..count-1 in parallel and returns their results in column order. */
    byte[][] encodeAll(int count, TileJob job) throws IOException {
        List<Callable<byte[]>> tasks = new ArrayList<>(count);
        for (int column = 0; column < count; column++) {
            int c = column;
            tasks.add(() -> {
                JpegTileEncoder encoder = encoders.take();
                try {
                    return job.encode(c, encoder);
                } finally {
                    encoders.add(encoder);
                }
            });
        }
        return invokeAll(tasks).toArray(byte[][]::new);
    }

    /** Runs the task for columns 0..count-1 in parallel and returns when all are done. */
    void forEach(int count, IntConsumer task) throws IOException {
        List<Callable<Void>> tasks = new ArrayList<>(count);
        for (int column = 0; column < count; column++) {
            int c = column;
            tasks.add(() -> {
                task.accept(c);
                return null;
            });
        }
        invokeAll(tasks);
    }

    private <T> List<T> invokeAll(List<Callable<T>> tasks) throws IOException {
        List<T> results = new ArrayList<>(tasks.size());
        try {
            for (Future<T> future : executor.invokeAll(tasks)) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while producing tiles", e);
        } catch (ExecutionException e) {
            throw new IOException("producing a tile failed", e.getCause());
        }
        return results;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        encoders.forEach(JpegTileEncoder::close);
    }
}
