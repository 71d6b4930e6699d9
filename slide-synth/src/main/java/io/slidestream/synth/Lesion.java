package io.slidestream.synth;

/**
 * One tumour region of a synthetic slide, as recorded in {@code <base>.truth.json}.
 *
 * @param id          1-based, in placement order: largest planned size first
 * @param centreX     centre of the outline, level-0 pixels
 * @param centreY     centre of the outline, level-0 pixels
 * @param centreXUm   the same centre in µm from the slide's top-left corner
 * @param centreYUm   the same centre in µm
 * @param diameterUm  largest diameter (maximum Feret diameter), µm: what staging (ITC / micro / macro) uses
 * @param areaUm2     area inside the outline, µm²
 */
public record Lesion(int id, long centreX, long centreY, double centreXUm, double centreYUm, double diameterUm,
                     double areaUm2) {
}
