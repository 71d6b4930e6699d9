package io.slidestream.core.staging;

/**
 * The size class of a metastatic deposit by its largest diameter, as CAMELYON17's pN staging defines it.
 * Defined once here because the aggregator's verdict and the trainer's evaluation must draw the same
 * lines: an evaluation with other bounds than the pipeline would score its own rounding, not the model.
 */
public enum MetastasisSize {
    /** Isolated tumour cells: largest diameter below {@link #ITC_BELOW_MM}. */
    ITC,
    /** Micrometastasis: from {@link #ITC_BELOW_MM} up to and including {@link #MACRO_ABOVE_MM}. */
    MICRO,
    /** Macrometastasis: above {@link #MACRO_ABOVE_MM}. */
    MACRO;

    /** Largest diameter below which a deposit is isolated tumour cells, mm. */
    public static final double ITC_BELOW_MM = 0.2;
    /** Largest diameter above which a deposit is a macrometastasis, mm. */
    public static final double MACRO_ABOVE_MM = 2.0;

    /** The class of a deposit whose largest diameter is {@code largestDiameterMm}. */
    public static MetastasisSize of(double largestDiameterMm) {
        if (!(largestDiameterMm >= 0)) {
            throw new IllegalArgumentException("a diameter must be a number ≥ 0, got " + largestDiameterMm);
        }
        if (largestDiameterMm < ITC_BELOW_MM) {
            return ITC;
        }
        return largestDiameterMm <= MACRO_ABOVE_MM ? MICRO : MACRO;
    }
}
