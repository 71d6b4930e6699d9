package io.slidestream.trainer;

/**
 * One training or validation example as read from a slide: the RGB bytes (interleaved, row-major) of each
 * model input in the model's order (the patch first, then its same-centre context patches), and whether
 * its centre is tumour.
 *
 * @param col column of the sampling window it was cut from
 * @param row row of that window
 */
record LabelledPatch(byte[][] inputs, boolean tumour, int col, int row) {

    /** A two-input example: the patch and its context. */
    LabelledPatch(byte[] patch, byte[] context, boolean tumour, int col, int row) {
        this(new byte[][] {patch, context}, tumour, col, row);
    }

    byte[] patch() {
        return inputs[0];
    }

    byte[] context() {
        return inputs[1];
    }
}
