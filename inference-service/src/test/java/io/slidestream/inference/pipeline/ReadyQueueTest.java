package io.slidestream.inference.pipeline;

import io.slidestream.core.events.Contract;
import io.slidestream.core.events.PatchBatch;
import io.slidestream.core.events.Priority;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadyQueueTest {
    private static final long NO_WAIT = 0;

    @Test
    void aWorkerFillsAModelBatchFromSeveralJobsAndSplitsTheLastOne() throws Exception {
        ReadyQueue queue = new ReadyQueue(100);
        BatchJob a = job(0);
        BatchJob b = job(1);
        queue.put(new ReadyQueue.Slice(a, 0, 40));
        queue.put(new ReadyQueue.Slice(b, 0, 40));

        List<ReadyQueue.Slice> first = queue.take(64, NO_WAIT);
        assertEquals(List.of(new ReadyQueue.Slice(a, 0, 40), new ReadyQueue.Slice(b, 0, 24)), first);
        assertEquals(16, queue.patches());
        assertEquals(List.of(new ReadyQueue.Slice(b, 24, 16)), queue.take(64, NO_WAIT), "the rest of b comes next");
    }

    @Test
    void aWorkerWaitsAtMostTheBatchWaitForAFullerBatch() throws Exception {
        ReadyQueue queue = new ReadyQueue(100);
        queue.put(new ReadyQueue.Slice(job(0), 0, 10));
        long start = System.nanoTime();
        List<ReadyQueue.Slice> taken = queue.take(64, TimeUnit.MILLISECONDS.toNanos(50));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(10, taken.getFirst().count());
        assertTrue(waited >= 45 && waited < 2_000, "waited " + waited + " ms");
    }

    @Test
    void aReaderBlocksWhileTheQueueIsFullAndGoesOnWhenAWorkerTakes() throws Exception {
        ReadyQueue queue = new ReadyQueue(64);
        queue.put(new ReadyQueue.Slice(job(0), 0, 60));
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.put(new ReadyQueue.Slice(job(1), 0, 10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertFalse(blocked.isDone(), "60 + 10 patches would exceed 64");
        assertEquals(60, queue.patches());
        queue.take(64, NO_WAIT);
        assertTrue(blocked.get(5, TimeUnit.SECONDS));
        assertEquals(10, queue.patches());
    }

    @Test
    void closingWakesReadersAndWorkersAndHandsBackWhatWasQueued() throws Exception {
        ReadyQueue queue = new ReadyQueue(16);
        BatchJob queued = job(0);
        queue.put(new ReadyQueue.Slice(queued, 0, 16));
        CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.put(new ReadyQueue.Slice(job(1), 0, 8));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertEquals(List.of(new ReadyQueue.Slice(queued, 0, 16)), queue.close());
        assertFalse(blocked.get(5, TimeUnit.SECONDS), "the blocked reader is told the queue closed");
        assertEquals(List.of(), queue.take(64, NO_WAIT), "a worker sees the end");
    }

    private static BatchJob job(int index) {
        return new BatchJob(new PatchBatch(Contract.SCHEMA_VERSION, "s", "s.tiff", index, null, Priority.ROUTINE,
                List.of()), index, "m:1", 0.5);
    }
}
