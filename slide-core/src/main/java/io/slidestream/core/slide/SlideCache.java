package io.slidestream.core.slide;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shares open slides between threads. Opening a slide parses its whole TIFF directory, so workers that
 * read many patch batches of one slide keep one handle: {@link #acquire} returns a lease on a cached
 * {@link Slide}, counted so that the handle is closed only when no lease holds it and it has been
 * evicted (least recently used beyond {@code maxIdle}) or has failed. A failed handle (OpenSlide's
 * permanent error state) is dropped from the cache at once, so the next lease reopens the file.
 */
public final class SlideCache implements AutoCloseable {
    private final int maxIdle;
    private final Map<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private boolean closed;

    public SlideCache(int maxIdle) {
        if (maxIdle < 0) {
            throw new IllegalArgumentException("maxIdle must be >= 0");
        }
        this.maxIdle = maxIdle;
    }

    /** A lease on the open slide at {@code path}; close the lease (not the slide) when done. */
    public Lease acquire(Path path) {
        Path key = path.toAbsolutePath().normalize();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("slide cache is closed");
            }
            Entry entry = entries.get(key);
            if (entry != null && !entry.slide.failed()) {
                entry.leases++;
                return new Lease(entry);
            }
            if (entry != null) {
                dropFailed(key, entry);
            }
        }
        // Open outside the lock: a slow or failing open of one file must not block readers of others.
        Slide slide = Slide.open(key);
        synchronized (this) {
            Entry existing = entries.get(key);
            if (existing != null && !existing.slide.failed() && !closed) {
                slide.close(); // another thread opened it meanwhile
                existing.leases++;
                return new Lease(existing);
            }
            Entry entry = new Entry(key, slide);
            entry.leases = 1;
            if (!closed) {
                entries.put(key, entry);
            } else {
                entry.evicted = true;
            }
            evictIdle();
            return new Lease(entry);
        }
    }

    /** Number of cached handles, leased or idle. */
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (Entry entry : entries.values()) {
            entry.evicted = true;
            if (entry.leases == 0) {
                entry.slide.close();
            }
        }
        entries.clear();
    }

    private synchronized void release(Entry entry) {
        entry.leases--;
        if (entry.slide.failed() && !entry.evicted) {
            dropFailed(entry.path, entry);
        }
        if (entry.evicted && entry.leases == 0) {
            entry.slide.close();
        }
        evictIdle();
    }

    private void dropFailed(Path key, Entry entry) {
        if (entries.get(key) == entry) {
            entries.remove(key);
        }
        entry.evicted = true;
        if (entry.leases == 0) {
            entry.slide.close();
        }
    }

    private void evictIdle() {
        long idle = entries.values().stream().filter(e -> e.leases == 0).count();
        var iterator = entries.values().iterator();
        while (idle > maxIdle && iterator.hasNext()) {
            Entry entry = iterator.next(); // access order: least recently used first
            if (entry.leases == 0) {
                iterator.remove();
                entry.evicted = true;
                entry.slide.close();
                idle--;
            }
        }
    }

    private static final class Entry {
        final Path path;
        final Slide slide;
        int leases;
        boolean evicted;

        Entry(Path path, Slide slide) {
            this.path = path;
            this.slide = slide;
        }
    }

    /** A counted hold on a cached slide. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean released;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        public Slide slide() {
            return entry.slide;
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                release(entry);
            }
        }
    }
}
