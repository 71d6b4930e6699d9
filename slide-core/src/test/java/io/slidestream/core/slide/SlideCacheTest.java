package io.slidestream.core.slide;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SlideCacheTest {

    @Test
    void leasesOfOneSlideShareOneHandle() {
        try (SlideCache cache = new SlideCache(4);
             SlideCache.Lease a = cache.acquire(TestSlides.slide("boxes.tiff"));
             SlideCache.Lease b = cache.acquire(TestSlides.slide("boxes.tiff"))) {
            assertSame(a.slide(), b.slide());
            assertEquals(1, cache.size());
        }
    }

    @Test
    void idleHandlesBeyondTheLimitAreClosedButLeasedOnesStayUsable() {
        try (SlideCache cache = new SlideCache(0)) {
            SlideCache.Lease lease = cache.acquire(TestSlides.slide("boxes.tiff"));
            try (SlideCache.Lease other = cache.acquire(TestSlides.slide("small.svs"))) {
                assertEquals(2, cache.size());
                other.slide().read(new RegionRequest(0, 0, 0, 4, 4));
            }
            assertEquals(1, cache.size()); // small.svs idle, limit 0: closed
            lease.slide().read(new RegionRequest(0, 0, 0, 4, 4)); // still leased, still open
            lease.close();
            assertEquals(0, cache.size());
        }
    }

    @Test
    void failedHandleIsDroppedSoTheNextLeaseReopens() {
        Path unreadable = TestSlides.slide("unreadable.svs");
        try (SlideCache cache = new SlideCache(4)) {
            Slide first;
            try (SlideCache.Lease lease = cache.acquire(unreadable)) {
                first = lease.slide();
                assertThrows(SlideException.class, () -> lease.slide().read(new RegionRequest(0, 0, 0, 8, 8)));
            }
            try (SlideCache.Lease again = cache.acquire(unreadable)) {
                assertNotSame(first, again.slide());
            }
        }
    }

    @Test
    void unopenableSlideLeavesNothingInTheCache() {
        try (SlideCache cache = new SlideCache(4)) {
            assertThrows(SlideException.class, () -> cache.acquire(TestSlides.slide("unopenable.tiff")));
            assertEquals(0, cache.size());
        }
    }
}
