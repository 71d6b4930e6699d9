package io.slidestream.core.grid;

import io.slidestream.core.events.MppSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlideMppTest {

    @Test
    void theFilesOwnResolutionWinsOverEverythingElse() {
        assertEquals(new SlideMpp(0.2525, MppSource.SLIDE), SlideMpp.resolve(0.252, 0.253, 40, false, 0.5, 0.5));
    }

    @Test
    void withoutOneTheRequestThenTheObjectiveThenTheDefaultDecide() {
        assertEquals(new SlideMpp(0.3, MppSource.REQUEST), SlideMpp.resolve(0, 0, 40, false, 0.3, 0.5));
        assertEquals(new SlideMpp(0.25, MppSource.OBJECTIVE_POWER), SlideMpp.resolve(0, 0, 40, false, null, 0.5));
        assertEquals(new SlideMpp(0.5, MppSource.OBJECTIVE_POWER), SlideMpp.resolve(0, 0, 20, false, null, 0.25));
        assertEquals(new SlideMpp(0.5, MppSource.CONFIGURED_DEFAULT), SlideMpp.resolve(0, 0, 0, false, null, 0.5));
    }

    @Test
    void plainImageWithoutARequestedMppIsRefusedSayingWhatToSend() {
        UnplannableSlideException e = assertThrows(UnplannableSlideException.class,
                () -> SlideMpp.resolve(0, 0, 0, true, null, 0.5));
        assertTrue(e.getMessage().contains("\"mpp\""), e.getMessage());
        assertEquals(new SlideMpp(0.46, MppSource.REQUEST), SlideMpp.resolve(0, 0, 0, true, 0.46, 0.5));
        assertThrows(UnplannableSlideException.class, () -> SlideMpp.resolve(0, 0, 0, true, -1.0, 0.5));
    }
}
