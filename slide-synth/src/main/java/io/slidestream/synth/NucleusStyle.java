package io.slidestream.synth;

/**
 * How the nuclei of one cell population look, in physical units. The two populations differ the way a
 * pathologist (and a small CNN) tells nodal metastasis from lymphoid tissue: tumour nuclei are larger,
 * more crowded, darker (hyperchromatic), elongated and irregular in outline (pleomorphic), with coarse
 * chromatin; lymphocytes are small, round, regular and evenly stained.
 *
 * @param spacingUm        pitch of the jittered grid that places the nuclei
 * @param minOccupancy     probability that a grid cell holds a nucleus, where the population is sparsest
 * @param maxOccupancy     ... and where it is densest (e.g. a lymphoid follicle)
 * @param minDiameterUm    smallest nucleus (mean of the two axes)
 * @param maxDiameterUm    largest nucleus
 * @param maxElongation    largest ratio of long to short axis
 * @param irregularity     largest amplitude of the outline's 2nd and 3rd harmonics, relative to the radius
 * @param red              stain colour of the nucleus, 0..255 per channel
 * @param green            stain colour of the nucleus
 * @param blue             stain colour of the nucleus
 * @param shadeSpread      how much darker or lighter one nucleus may be than the stain colour (fraction)
 * @param chromatin        amplitude of the grain inside a nucleus, 0..255
 * @param chromatinGrainUm width of a chromatin grain: coarse clumps for tumour, fine grain for lymphocytes
 * @param opacity          how much of the background the nucleus hides
 */
record NucleusStyle(
        double spacingUm,
        double minOccupancy,
        double maxOccupancy,
        double minDiameterUm,
        double maxDiameterUm,
        double maxElongation,
        double irregularity,
        int red,
        int green,
        int blue,
        double shadeSpread,
        double chromatin,
        double chromatinGrainUm,
        double opacity) {

    /** Small lymphocytes: 6-7 µm, round, regular, evenly spread with denser follicles. */
    static final NucleusStyle LYMPHOCYTE = new NucleusStyle(
            11.5, 0.30, 0.75, 6.0, 7.0, 1.12, 0.0, 96, 66, 152, 0.08, 10, 0.5, 0.90);

    /**
     * Germinal-centre cells (centroblasts) in the cores of follicles, for the hard look: 8.5-11.5 µm, crowded,
     * paler than lymphocytes, somewhat oval and irregular, vesicular chromatin. Between lymphocytes and
     * tumour, the classic false positive.
     */
    static final NucleusStyle GERMINAL_CENTRE = new NucleusStyle(
            11.0, 0.78, 0.86, 8.5, 11.5, 1.3, 0.08, 104, 76, 158, 0.14, 18, 1.0, 0.82);

    /**
     * Carcinoma cells for the hard look: 9.5-14 µm, less dark and less irregular than {@link #TUMOUR}, and
     * farther apart (more cytoplasm), so a metastasis is no darker than the lymphoid tissue around it.
     */
    static final NucleusStyle SUBTLE_TUMOUR = new NucleusStyle(
            15.5, 0.80, 0.88, 9.5, 14.0, 1.45, 0.12, 80, 50, 132, 0.16, 22, 1.0, 0.90);

    /** Lymphocytes of a real node for the hard look: as {@link #LYMPHOCYTE}, but crowded almost everywhere. */
    static final NucleusStyle DENSE_LYMPHOCYTE = new NucleusStyle(
            8.5, 0.55, 0.95, 6.0, 7.5, 1.12, 0.0, 90, 60, 148, 0.10, 10, 0.5, 0.90);

    /** Carcinoma cells: 10-16 µm, crowded, dark, oval and lobulated, coarse chromatin. */
    static final NucleusStyle TUMOUR = new NucleusStyle(
            12.5, 0.92, 0.97, 10.0, 16.0, 1.6, 0.16, 66, 36, 112, 0.18, 24, 1.0, 0.95);
}
