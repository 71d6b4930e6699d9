package io.slidestream.synth;

/**
 * How much of real slides' variety the tissue shows. The classic look makes tumour easy to tell (large dark
 * nuclei on one stain); the hard look adds what misleads models on real lymph nodes, so that a trivial rule
 * no longer separates tumour from normal tissue:
 *
 * @param stainVariation  each slide's own haematoxylin and eosin: optical density scaled per channel and
 *                        overall, as between labs, batches and scanners
 * @param denseLymphoid   lymphoid tissue as crowded as a real node's (darker than metastases at low power),
 *                        with germinal centres in the follicle cores: crowded, larger, paler, irregular
 *                        nuclei (centroblasts), the classic false positive
 * @param subtleTumour    tumour nuclei closer to the others (smaller, less dark, less irregular) and cells
 *                        farther apart, with more cytoplasm between them
 * @param folds           tissue folded over itself in bands: double thickness, so darker and more saturated
 * @param fat             lobules of fat (adipose tissue) in place of normal tissue, mostly towards the
 *                        section's outline as the perinodal fat around a node: large clear cells with thin
 *                        pink membranes, nearly as pale as the glass; never over tumour
 * @param outOfFocus      patches where the scanner lost focus, blurred over tumour and normal tissue alike
 */
public record TissueAppearance(boolean stainVariation, boolean denseLymphoid, boolean subtleTumour, boolean folds,
                               boolean fat, boolean outOfFocus) {
    /** One stain, tumour nuclei clearly larger and darker than lymphocytes: what the generator always drew. */
    public static final TissueAppearance CLASSIC = new TissueAppearance(false, false, false, false, false, false);
    /** Everything above. */
    public static final TissueAppearance HARD = new TissueAppearance(true, true, true, true, true, true);
}
