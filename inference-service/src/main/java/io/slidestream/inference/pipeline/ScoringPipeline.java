package io.slidestream.inference.pipeline;

import ai.djl.Device;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.ScoreBatch;
import io.slidestream.core.grid.ReadTally;
import io.slidestream.core.model.ModelMetadata;
import io.slidestream.core.slide.SlideCache;
import io.slidestream.core.slide.SlideRoots;
import io.slidestream.inference.service.BatchRefusedException;
import io.slidestream.inference.service.ModelDevices;
import io.slidestream.inference.service.ModelInputs;
import io.slidestream.inference.service.PatchModel;
import io.slidestream.inference.service.PatchOutputs;
import io.slidestream.inference.service.PatchPixels;
import io.slidestream.inference.service.PatchReader;
import io.slidestream.inference.service.PatchTensors;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reading beside scoring, after djl-serving's workload manager: reader threads read whole patch batches
 * (urgent ones first) as bytes and queue them in a bounded {@link ReadyQueue}; on each device a pool of
 * worker threads, each with its own predictor, gathers model batches from the queue (up to the batch size,
 * or what came within the batch wait), converts them to the model's input and scores them. So the device
 * never waits on a read while read patches are queued, and memory stays bounded: readers block when the
 * queue is full, and a submitted batch waits as its small description.
 *
 * <p>Why not djl-serving's {@code wlm} itself: its jobs are single requests batched by a translator into one
 * model input, whereas a patch batch here is already many patches, read together from one region and split
 * across model batches; and its module pulls in djl-serving's configuration and plugin machinery. The ideas
 * kept: a worker pool per device, a batch aggregator (fill or wait at most N ms), one predictor per worker.
 */
public final class ScoringPipeline implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ScoringPipeline.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final PipelineSettings settings;
    private final List<PatchModel> models;
    private final ModelMetadata metadata;
    private final SlideCache slides;
    private final PatchReader reader;
    private final ModelInputs modelInputs;
    private final PipelineObserver observer;
    private final PriorityBlockingQueue<BatchJob> toRead = new PriorityBlockingQueue<>(64, BatchJob::readOrder);
    private final ReadyQueue ready;
    private final List<Thread> readers = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final ReadTally tally = new ReadTally();
    private final LongAdder patchesScored = new LongAdder();
    private final LongAdder patchesFailed = new LongAdder();
    private final LongAdder modelBatches = new LongAdder();
    private final LongAdder readCpuNanos = new LongAdder();
    private final LongAdder readWallNanos = new LongAdder();
    private final LongAdder scoredPixels = new LongAdder();
    private final LongAdder scoreWallNanos = new LongAdder();
    private volatile boolean closed;

    private ScoringPipeline(List<PatchModel> models, SlideRoots roots, PipelineSettings settings,
                            PipelineObserver observer) {
        this.settings = settings;
        this.models = models;
        this.metadata = models.getFirst().metadata();
        this.slides = new SlideCache(settings.slideCacheSize());
        this.reader = new PatchReader(slides, roots);
        this.modelInputs = new ModelInputs(metadata);
        this.observer = observer;
        this.ready = new ReadyQueue(settings.queuedPatches());
        for (int i = 0; i < settings.readers(); i++) {
            readers.add(Thread.ofPlatform().daemon().name("patch-reader-" + i).start(this::readLoop));
        }
        for (PatchModel model : models) {
            for (int i = 0; i < settings.workersPerDevice(); i++) {
                workers.add(Thread.ofPlatform().daemon().name("scorer-" + model.device() + "-" + i)
                        .start(() -> scoreLoop(model)));
            }
        }
        LOG.infof("scoring pipeline: %d reader(s), %d worker(s) on each of %s, model batches of up to %d patches "
                        + "(waiting at most %d ms to fill one), at most %d read patches queued", settings.readers(),
                settings.workersPerDevice(), devices(), settings.batchSize(), settings.batchWait().toMillis(),
                settings.queuedPatches());
    }

    /** Loads the model package on every visible device (the CPU when there is no GPU) and starts the threads. */
    public static ScoringPipeline start(Path modelDir, SlideRoots roots, PipelineSettings settings) {
        return start(modelDir, roots, settings, PipelineObserver.NONE);
    }

    public static ScoringPipeline start(Path modelDir, SlideRoots roots, PipelineSettings settings,
                                        PipelineObserver observer) {
        List<PatchModel> models = new ArrayList<>();
        try {
            for (Device device : ModelDevices.visible(PatchModel.engineOf(ModelMetadata.read(modelDir)))) {
                models.add(PatchModel.load(modelDir, device, settings.workersPerDevice()));
            }
        } catch (RuntimeException e) {
            models.forEach(PatchModel::close);
            throw e;
        }
        return new ScoringPipeline(models, roots, settings, observer);
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** The devices scored on, e.g. "[cpu()]" or "[gpu(0), gpu(1)]". */
    public String devices() {
        return models.stream().map(m -> m.device().toString()).toList().toString();
    }

    /**
     * Queues a patch batch. The result completes with the scores of every readable patch and the failed
     * ones; exceptionally with a {@link BatchRefusedException} when the batch was planned for another model's
     * inputs, with a SlideException or SlidePathException when its slide cannot be opened (missing, not a
     * slide, outside the roots), or with the model's error.
     */
    public CompletableFuture<ScoreBatch> submit(PatchBatch batch) {
        var mismatch = batch.grid().asProfile().mismatchWith(metadata);
        if (mismatch.isPresent()) {
            return CompletableFuture.failedFuture(new BatchRefusedException("batch " + batch.batchIndex() + " of slide "
                    + batch.slideId() + " cannot be scored here: " + mismatch.get()));
        }
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the scoring pipeline is closed"));
        }
        BatchJob job = new BatchJob(batch, sequence.getAndIncrement(), metadata.id(), metadata.threshold());
        toRead.add(job);
        return job.result;
    }

    private void readLoop() {
        while (!closed) {
            BatchJob job;
            try {
                job = toRead.take();
            } catch (InterruptedException e) {
                return;
            }
            long cpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            PatchPixels pixels;
            try {
                pixels = reader.read(job.batch, settings.readStrategy() == ReadStrategy.PER_PATCH, tally);
            } catch (RuntimeException e) {
                job.fail(e);
                continue;
            }
            long took = System.nanoTime() - wall;
            readWallNanos.add(took);
            readCpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpu);
            patchesFailed.add(pixels.failed().size());
            observer.read(job.batch.patches().size(), took);
            job.read(pixels);
            try {
                if (pixels.count() > 0 && !ready.put(new ReadyQueue.Slice(job, 0, pixels.count()))) {
                    job.fail(new IllegalStateException("the scoring pipeline closed before batch " + job.batch.batchIndex()
                            + " of slide " + job.batch.slideId() + " was scored"));
                }
            } catch (InterruptedException e) {
                job.fail(e);
                return;
            }
        }
    }

    private void scoreLoop(PatchModel model) {
        String device = model.device().toString();
        List<Integer> sizes = metadata.inputs().stream().map(input -> input.size() * input.size() * 3).toList();
        while (true) {
            List<ReadyQueue.Slice> slices;
            try {
                slices = ready.take(settings.batchSize(), settings.batchWait().toNanos());
            } catch (InterruptedException e) {
                return;
            }
            if (slices.isEmpty()) {
                return; // closed
            }
            long start = System.nanoTime();
            int count = slices.stream().mapToInt(ReadyQueue.Slice::count).sum();
            try {
                float[][] inputs = new float[sizes.size()][];
                for (int i = 0; i < inputs.length; i++) {
                    inputs[i] = new float[count * sizes.get(i)];
                    int at = 0;
                    for (ReadyQueue.Slice slice : slices) {
                        modelInputs.convert(slice.job().pixels().inputs()[i], slice.from(), slice.count(), sizes.get(i),
                                inputs[i], at);
                        at += slice.count();
                    }
                }
                PatchOutputs outputs = model.outputs(new PatchTensors(count, inputs));
                int[][] maps = publishedMaps(outputs, count);
                long took = System.nanoTime() - start;
                scoreWallNanos.add(took);
                modelBatches.increment();
                patchesScored.add(count);
                scoredPixels.add((long) count * sizes.stream().mapToInt(s -> s / 3).sum());
                observer.modelBatch(device, count, took);
                int at = 0;
                for (ReadyQueue.Slice slice : slices) {
                    slice.job().scored(slice.from(), slice.count(), outputs.scores(), maps, at);
                    at += slice.count();
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "model call on %s failed for %d patches", device, count);
                slices.forEach(slice -> slice.job().fail(e));
            }
        }
    }

    /** Each patch's map as published (null without maps), made on the worker thread that scored them. */
    private int[][] publishedMaps(PatchOutputs outputs, int count) {
        if (!outputs.hasMaps()) {
            return null;
        }
        int[][] maps = new int[count][];
        for (int p = 0; p < count; p++) {
            maps[p] = outputs.publishedMap(p, settings.mapEdge(), metadata.threshold());
        }
        return maps;
    }

    /** Patch batches waiting for a reader. */
    public int batchesWaiting() {
        return toRead.size();
    }

    /** Read patches waiting for a worker. */
    public int patchesQueued() {
        return ready.patches();
    }

    public PipelineStats stats() {
        return new PipelineStats(patchesScored.sum(), patchesFailed.sum(), modelBatches.sum(), readCpuNanos.sum(),
                readWallNanos.sum(), tally.regionPixels(), tally.tilePixels(), scoredPixels.sum(), scoreWallNanos.sum());
    }

    /**
     * Stops the threads; batches not yet scored fail. Readers are interrupted (a read is short); workers finish
     * their model call, which is not interrupted.
     */
    @Override
    public void close() {
        closed = true;
        IllegalStateException stopped = new IllegalStateException("the scoring pipeline was closed");
        ready.close().forEach(slice -> slice.job().fail(stopped));
        readers.forEach(Thread::interrupt);
        List<Thread> all = new ArrayList<>(readers);
        all.addAll(workers);
        for (Thread thread : all) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<BatchJob> unread = new ArrayList<>();
        toRead.drainTo(unread);
        unread.forEach(job -> job.fail(stopped));
        models.forEach(PatchModel::close);
        slides.close();
    }
}
