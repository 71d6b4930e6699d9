package io.slidestream.trainer;

/**
 * One training or validation example as read from a slide: 64×64 RGB bytes (interleaved, row-major)
 * of the level-1 patch and of its same-centre level-3 context, and whether its centre is tumour.
 *
 * @param col grid column of the cell it was cut from
 * @param row grid row of that cell
 */
record LabelledPatch(byte[] patch, byte[] context, boolean tumour, int col, int row) {
}
