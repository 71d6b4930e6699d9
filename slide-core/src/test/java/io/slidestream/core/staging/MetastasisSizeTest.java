package io.slidestream.core.staging;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MetastasisSizeTest {

    @Test
    @DisplayName("0.2 mm is the first micrometastasis and 2 mm the last; just below and above fall outside")
    void boundariesBelongToMicro() {
        assertEquals(MetastasisSize.ITC, MetastasisSize.of(0));
        assertEquals(MetastasisSize.ITC, MetastasisSize.of(0.1999));
        assertEquals(MetastasisSize.MICRO, MetastasisSize.of(0.2));
        assertEquals(MetastasisSize.MICRO, MetastasisSize.of(2.0));
        assertEquals(MetastasisSize.MACRO, MetastasisSize.of(2.0001));
    }

    @Test
    @DisplayName("a negative or missing diameter is refused, not classed")
    void nonsenseDiameterIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MetastasisSize.of(-0.1));
        assertThrows(IllegalArgumentException.class, () -> MetastasisSize.of(Double.NaN));
    }
}
