package io.slidestream.inference.pipeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Read patches waiting for a worker, bounded in patches: a reader blocks while the queue is full, so a
 * backlog waits as small batch descriptions, not as pixels. A worker takes up to a model batch's worth,
 * from several jobs, splitting a job where the batch is full (the rest stays first in line). This is the
 * batch aggregator: fill to the batch size, or wait at most the batch wait once something is in hand.
 */
final class ReadyQueue {
    /** Read patches {@code from} .. {@code from + count - 1} of a job. */
    record Slice(BatchJob job, int from, int count) {
    }

    private final int capacity;
    private final ArrayDeque<Slice> slices = new ArrayDeque<>();
    private int patches;
    private boolean closed;

    ReadyQueue(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Waits for room, then queues the slice. A slice larger than the whole queue goes in when the queue is empty.
     *
     * @return false when the queue was closed meanwhile
     */
    synchronized boolean put(Slice slice) throws InterruptedException {
        while (!closed && patches > 0 && patches + slice.count() > capacity) {
            wait();
        }
        if (closed) {
            return false;
        }
        slices.addLast(slice);
        patches += slice.count();
        notifyAll();
        return true;
    }

    /**
     * Waits for patches, then up to {@code waitNanos} more for {@code max} of them; takes at most {@code max}.
     *
     * @return the slices taken, empty once the queue is closed and drained
     */
    synchronized List<Slice> take(int max, long waitNanos) throws InterruptedException {
        while (slices.isEmpty() && !closed) {
            wait();
        }
        long deadline = System.nanoTime() + waitNanos;
        long left;
        while (patches < max && !closed && (left = deadline - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        List<Slice> taken = new ArrayList<>();
        int room = max;
        while (room > 0 && !slices.isEmpty()) {
            Slice head = slices.pollFirst();
            if (head.count() <= room) {
                taken.add(head);
                room -= head.count();
            } else {
                taken.add(new Slice(head.job(), head.from(), room));
                slices.addFirst(new Slice(head.job(), head.from() + room, head.count() - room));
                room = 0;
            }
        }
        patches -= max - room;
        notifyAll();
        return taken;
    }

    synchronized int patches() {
        return patches;
    }

    /** Wakes every waiting reader and worker; what is still queued is returned for failing. */
    synchronized List<Slice> close() {
        closed = true;
        List<Slice> left = new ArrayList<>(slices);
        slices.clear();
        patches = 0;
        notifyAll();
        return left;
    }
}
