package io.slidestream.synth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The label and macro images of an Aperio slide: the camera pictures a scanner takes besides the scan.
 * The label shows the made-up patient in print and a barcode, as a real label shows the real one, so a
 * test can prove that no label ever leaves the tiler; the macro shows the whole glass, label included.
 * Drawn with Java2D, text in {@link BitmapFont}, so that the pixels are the same on every machine.
 */
final class AssociatedImages {
    static final int LABEL_WIDTH = 416;
    static final int LABEL_HEIGHT = 384;
    /** A 75 x 25 mm slide at about 17 px/mm. */
    static final int MACRO_WIDTH = 1296;
    static final int MACRO_HEIGHT = 432;

    private static final int TEXT_SCALE = 3;
    private static final int MARGIN = 16;
    private static final Color LABEL_PAPER = new Color(248, 248, 244);
    private static final Color INK = new Color(24, 24, 28);

    private AssociatedImages() {
    }

    /** The lines printed on the label: the patient's file name, name and birth date, the case number, the stain. */
    static List<String> labelLines(AperioMetadata.Identity identity) {
        return List.of(identity.filename(), identity.name(), "DOB " + identity.birthDate(),
                identity.accession() + " A1", "H&E");
    }

    static BufferedImage label(AperioMetadata.Identity identity) {
        BufferedImage label = new BufferedImage(LABEL_WIDTH, LABEL_HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D graphics = label.createGraphics();
        try {
            graphics.setColor(LABEL_PAPER);
            graphics.fillRect(0, 0, LABEL_WIDTH, LABEL_HEIGHT);
            graphics.setColor(INK);
            int y = MARGIN + 8;
            for (String line : labelLines(identity)) {
                // Long names print smaller, as a label printer shrinks them to fit.
                int fits = (LABEL_WIDTH - 2 * MARGIN) / (line.length() * BitmapFont.ADVANCE);
                int scale = Math.clamp(fits, 1, TEXT_SCALE);
                BitmapFont.draw(graphics, line, MARGIN, y, scale);
                y += (BitmapFont.GLYPH_HEIGHT + 3) * TEXT_SCALE;
            }
            barcode(graphics, identity.accession(), MARGIN, y + MARGIN, LABEL_WIDTH - 2 * MARGIN,
                    LABEL_HEIGHT - y - 3 * MARGIN);
        } finally {
            graphics.dispose();
        }
        return label;
    }

    /**
     * The whole slide from above: frosted label end on the left with the label on it, the scanned area
     * (the overview of the slide) on the right, on the light grey of glass photographed against the holder.
     */
    static BufferedImage macro(BufferedImage label, BufferedImage overview) {
        BufferedImage macro = new BufferedImage(MACRO_WIDTH, MACRO_HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D graphics = macro.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.setColor(new Color(214, 216, 218));
            graphics.fillRect(0, 0, MACRO_WIDTH, MACRO_HEIGHT);
            int labelEnd = MACRO_HEIGHT;
            graphics.setColor(new Color(232, 232, 228));
            graphics.fillRect(0, 0, labelEnd, MACRO_HEIGHT);
            drawFitted(graphics, label, MARGIN, MARGIN, labelEnd - 2 * MARGIN, MACRO_HEIGHT - 2 * MARGIN);
            drawFitted(graphics, overview, labelEnd + MARGIN, MARGIN, MACRO_WIDTH - labelEnd - 2 * MARGIN,
                    MACRO_HEIGHT - 2 * MARGIN);
        } finally {
            graphics.dispose();
        }
        return macro;
    }

    /** Scales {@code image} to fit the box, keeping its aspect ratio, centred. */
    private static void drawFitted(Graphics2D graphics, BufferedImage image, int x, int y, int width, int height) {
        double scale = Math.min((double) width / image.getWidth(), (double) height / image.getHeight());
        int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
        graphics.drawImage(image, x + (width - w) / 2, y + (height - h) / 2, w, h, null);
    }

    /** Bars of one or three units, their pattern drawn from the text: looks like a 1-D barcode, encodes nothing. */
    private static void barcode(Graphics2D graphics, String text, int x, int y, int width, int height) {
        SplittableRandom random = new SplittableRandom(text.hashCode());
        int unit = 2;
        int at = x;
        boolean bar = true;
        while (at + 3 * unit <= x + width) {
            int w = (random.nextBoolean() ? 1 : 3) * unit;
            if (bar) {
                graphics.fillRect(at, y, w, height);
            }
            at += w;
            bar = !bar;
        }
    }
}
