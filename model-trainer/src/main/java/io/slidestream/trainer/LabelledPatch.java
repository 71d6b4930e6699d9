package io.slidestream.trainer;

/**
 * One training or validation example as read from a slide: the RGB bytes (interleaved, row-major) of each
 * model input in the model's order (the patch first, then its same-centre context patches), and whether
 * it is tumour.
 *
 * @param labelMap for the FCN, the tumour label (0/1) of each pixel of an m × m map over the patch, row-major,
 *                 and {@code tumour} is whether any is; null for a classifier, labelled by its centre
 * @param col      column of the sampling window it was cut from
 * @param row      row of that window
 */
record LabelledPatch(byte[][] inputs, boolean tumour, byte[] labelMap, int col, int row) {

    /** An example of a classifier. */
    LabelledPatch(byte[][] inputs, boolean tumour, int col, int row) {
        this(inputs, tumour, null, col, row);
    }

    /** A two-input example of a classifier: the patch and its context. */
    LabelledPatch(byte[] patch, byte[] context, boolean tumour, int col, int row) {
        this(new byte[][] {patch, context}, tumour, null, col, row);
    }

    byte[] patch() {
        return inputs[0];
    }

    byte[] context() {
        return inputs[1];
    }
}
