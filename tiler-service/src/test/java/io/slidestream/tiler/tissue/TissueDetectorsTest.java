package io.slidestream.tiler.tissue;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TissueDetectorsTest {

    @Test
    void otsuIsTheDefaultWithDocumentedSettings() {
        OtsuSaturationDetector detector = assertInstanceOf(OtsuSaturationDetector.class,
                TissueDetectors.defaultDetector());
        assertEquals(new OtsuSaturationDetector.Settings(20, 10, 0.02, 0.01, 0.25, 0.05, 0.10, 0.04),
                detector.settings());
        assertEquals(detector.settings(), ((OtsuSaturationDetector) TissueDetectors.create("otsu")).settings());
        assertEquals("otsu-saturation (closing 20 µm, opening 10 µm, min object 0.02 mm², min hole 0.01 mm², "
                + "dark < 0.25, pen green-red > 0.04, threshold in [0.05, 0.1])", detector.method());
    }

    @Test
    void parametersOverrideDefaultsByName() {
        OtsuSaturationDetector detector = (OtsuSaturationDetector) TissueDetectors.create(" OTSU ",
                Map.of("closing-um", "30", "min-object-mm2", " 0.1", "Pen-Margin", "0.5"));
        assertEquals(30, detector.settings().closingUm());
        assertEquals(0.1, detector.settings().minObjectMm2());
        assertEquals(0.5, detector.settings().penMargin());
        assertEquals(OtsuSaturationDetector.Settings.DEFAULTS.openingUm(), detector.settings().openingUm());

        GreyDensityDetector grey = (GreyDensityDetector) TissueDetectors.create("grey", Map.of("max-grey", "0.7"));
        assertEquals(0.7, grey.maxGrey());
        assertEquals("grey-density (grey <= 0.7)", grey.method());
        assertEquals(new GreyDensityDetector(0.8), TissueDetectors.create("grey"));
    }

    @Test
    void refusesUnknownNamesAndBadValues() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TissueDetectors.create("magic"))
                .getMessage().contains("otsu or grey"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> TissueDetectors.create("otsu", Map.of("closing", "20"))).getMessage().contains("closing-um"));
        assertThrows(IllegalArgumentException.class, () -> TissueDetectors.create("grey", Map.of("closing-um", "20")));
        assertThrows(IllegalArgumentException.class, () -> TissueDetectors.create("otsu", Map.of("opening-um", "ten")));
        assertThrows(IllegalArgumentException.class, () -> TissueDetectors.create("otsu", Map.of("opening-um", "-1")));
        assertThrows(IllegalArgumentException.class, () -> TissueDetectors.create("otsu", Map.of("dark-value", "2")));
        assertThrows(IllegalArgumentException.class,
                () -> TissueDetectors.create("otsu", Map.of("min-saturation", "0.3", "max-saturation", "0.2")));
        assertThrows(IllegalArgumentException.class, () -> TissueDetectors.create("grey", Map.of("max-grey", "NaN")));
        assertThrows(IllegalArgumentException.class, () -> TissueDetectors.create(null));
    }
}
