package io.slidestream.synth;

/**
 * Scanner and handling artefacts that a tissue detector must not mistake for tissue. They change the
 * pixels only: the tissue truth keeps meaning real tissue, and where tissue is hidden or covered, the
 * rule is the pathologist's: ink on the coverslip over tissue leaves the tissue under it tissue (pen over
 * glass is not tissue), while a black border band hides what is under it completely, so nothing there
 * counts as tissue or tumour. Every artefact pixel is recorded in the artefact mask of the ground truth.
 * All placement comes from the slide's seed.
 *
 * @param greyBackground glass rendered mid-light grey (about 206-209) instead of near-white (241-244), as
 *                       some scanners' white balance leaves it
 * @param blackBorders   near-black bands along one to four slide edges, ragged on the inside, as from the
 *                       scanner's slide holder
 * @param penMarks       how many marker-ink strokes and circles (blue, green or black), the first always
 *                       crossing tissue
 * @param bubbles        how many air-bubble outlines (thin dark-grey rings) on the glass, away from tissue;
 *                       fewer when the glass has no room for them
 */
public record Artefacts(boolean greyBackground, boolean blackBorders, int penMarks, int bubbles) {
    /** A clean scan. */
    public static final Artefacts NONE = new Artefacts(false, false, 0, 0);

    static final int MAX_PEN_MARKS = 20;
    static final int MAX_BUBBLES = 50;

    public Artefacts {
        if (penMarks < 0 || penMarks > MAX_PEN_MARKS) {
            throw new IllegalArgumentException("penMarks must be in [0, " + MAX_PEN_MARKS + "], got " + penMarks);
        }
        if (bubbles < 0 || bubbles > MAX_BUBBLES) {
            throw new IllegalArgumentException("bubbles must be in [0, " + MAX_BUBBLES + "], got " + bubbles);
        }
    }

    /** Whether anything besides the background colour is drawn over the slide. */
    public boolean marksSlide() {
        return blackBorders || penMarks > 0 || bubbles > 0;
    }

    public Artefacts withGreyBackground(boolean grey) {
        return new Artefacts(grey, blackBorders, penMarks, bubbles);
    }

    public Artefacts withBlackBorders(boolean borders) {
        return new Artefacts(greyBackground, borders, penMarks, bubbles);
    }

    public Artefacts withPenMarks(int count) {
        return new Artefacts(greyBackground, blackBorders, count, bubbles);
    }

    public Artefacts withBubbles(int count) {
        return new Artefacts(greyBackground, blackBorders, penMarks, count);
    }
}
