package io.slidestream.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The artefacts of one slide (see {@link Artefacts}), planned once from the seed: black border bands, pen
 * marks and air bubbles, in level-0 pixels. Their sizes are chosen in µm, capped by the slide's size so
 * that a small test slide still shows them whole. Each kind draws from its own random stream, so adding
 * bubbles does not move the pen marks. Like the tissue, every pixel is a function of its position, so any
 * region paints on its own and always the same way.
 */
final class ScannerArtefacts {
    private static final ScannerArtefacts NONE = new ScannerArtefacts(List.of(), List.of(), List.of());

    /** Near-black of the slide holder, plus up to 7 levels of sensor noise. */
    private static final int BORDER_GREY = 10;
    /** How much a border band's width wanders along the edge (fraction) and over what length (in widths). */
    private static final double BORDER_RAGGEDNESS = 0.3;
    private static final double BORDER_WAVELENGTH = 4;
    /** Marker tips draw lines of about 0.4-0.8 mm; on a small slide, 1.5 % of its short side, at least 40 µm. */
    private static final double PEN_WIDTH_SHARE = 0.015;
    private static final double PEN_MIN_WIDTH_UM = 40;
    private static final double PEN_MAX_WIDTH_UM = 800;
    /** Marker inks as transmission per channel (R, G, B): blue, green, black. */
    private static final double[][] INKS = {{0.20, 0.30, 0.75}, {0.25, 0.60, 0.35}, {0.12, 0.12, 0.14}};
    private static final double FULL_TURN = 2 * Math.PI;
    /** Air bubbles: 80-500 µm across, at most 12 % of the short side; outline 2.5 µm thick, at least 2 px. */
    private static final double BUBBLE_MIN_RADIUS_UM = 40;
    private static final double BUBBLE_MAX_RADIUS_UM = 250;
    private static final double BUBBLE_MAX_RADIUS_SHARE = 0.06;
    private static final double BUBBLE_OUTLINE_UM = 2.5;
    private static final int BUBBLE_GREY = 100;
    private static final double BUBBLE_OPACITY = 0.85;
    private static final int BUBBLE_TRIES = 200;
    private static final int OUTLINE_CHECKS = 48;
    /** Bubbles keep this share of the short side away from the slide edges, clear of any border band. */
    private static final double BUBBLE_EDGE_SHARE = 0.08;

    private final List<Border> borders;
    private final List<PenMark> pens;
    private final List<Bubble> bubbles;

    private ScannerArtefacts(List<Border> borders, List<PenMark> pens, List<Bubble> bubbles) {
        this.borders = List.copyOf(borders);
        this.pens = List.copyOf(pens);
        this.bubbles = List.copyOf(bubbles);
    }

    static ScannerArtefacts plan(SyntheticSlideSpec spec, TissueField tissue) {
        Artefacts wanted = spec.artefacts();
        if (!wanted.marksSlide()) {
            return NONE;
        }
        long seed = spec.seed();
        List<Border> borders = wanted.blackBorders()
                ? planBorders(spec, new SplittableRandom(Hash.derive(seed, "black borders")))
                : List.of();
        List<PenMark> pens = planPens(spec, tissue, new SplittableRandom(Hash.derive(seed, "pen marks")));
        List<Bubble> bubbles = planBubbles(spec, tissue, new SplittableRandom(Hash.derive(seed, "bubbles")));
        return new ScannerArtefacts(borders, pens, bubbles);
    }

    boolean isEmpty() {
        return borders.isEmpty() && pens.isEmpty() && bubbles.isEmpty();
    }

    int penMarkCount() {
        return pens.size();
    }

    int bubbleCount() {
        return bubbles.size();
    }

    int borderCount() {
        return borders.size();
    }

    /** Whether any artefact may reach into [x0, x1) x [y0, y1) (conservative: true may still paint nothing). */
    boolean touches(long x0, long y0, long x1, long y1) {
        for (Border border : borders) {
            if (border.box.intersects(x0, y0, x1, y1)) {
                return true;
            }
        }
        for (PenMark pen : pens) {
            if (pen.box.intersects(x0, y0, x1, y1) && ringTouches(pen.cx, pen.cy, pen.radius, pen.halfWidth + 1,
                    x0, y0, x1, y1)) {
                return true;
            }
        }
        for (Bubble bubble : bubbles) {
            if (ringTouches(bubble.cx, bubble.cy, bubble.radius, bubble.halfThickness + 1, x0, y0, x1, y1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Paints the artefacts over the canvas: bubbles (in the mounting medium), then ink (on the coverslip),
     * then the border bands (the holder, in front of everything). Returns whether any pixel changed.
     */
    boolean paint(Canvas canvas) {
        if (isEmpty()) {
            return false;
        }
        long x0 = canvas.x0;
        long y0 = canvas.y0;
        long x1 = x0 + canvas.w;
        long y1 = y0 + canvas.h;
        boolean painted = false;
        for (Bubble bubble : bubbles) {
            if (ringTouches(bubble.cx, bubble.cy, bubble.radius, bubble.halfThickness + 1, x0, y0, x1, y1)) {
                painted |= paintBubble(canvas, bubble);
            }
        }
        for (PenMark pen : pens) {
            if (pen.box.intersects(x0, y0, x1, y1)
                    && ringTouches(pen.cx, pen.cy, pen.radius, pen.halfWidth + 1, x0, y0, x1, y1)) {
                painted |= paintPen(canvas, pen);
            }
        }
        for (Border border : borders) {
            if (border.box.intersects(x0, y0, x1, y1)) {
                painted |= paintBorder(canvas, border);
            }
        }
        return painted;
    }

    /** Hidden by a border band: nothing of the slide can be seen there, so it is neither tissue nor tumour. */
    boolean occludes(long x, long y) {
        for (Border border : borders) {
            if (border.coverage(x, y) >= 0.5) {
                return true;
            }
        }
        return false;
    }

    /** Whether an artefact lies on level-0 pixel (x, y): a border band, the line of a pen mark, a bubble outline. */
    boolean covers(long x, long y) {
        return occludes(x, y) || inkAt(x, y) || bubbleOutlineAt(x, y);
    }

    /** Whether (x, y) lies within the line of a pen mark. */
    boolean inkAt(long x, long y) {
        for (PenMark pen : pens) {
            if (pen.box.contains(x, y) && pen.distance(x, y) <= pen.halfWidth) {
                return true;
            }
        }
        return false;
    }

    /** Whether (x, y) lies on the outline of an air bubble. */
    boolean bubbleOutlineAt(long x, long y) {
        for (Bubble bubble : bubbles) {
            if (Math.abs(distance(x - bubble.cx, y - bubble.cy) - bubble.radius) <= bubble.halfThickness) {
                return true;
            }
        }
        return false;
    }

    /** The thinnest artefact line in pixels: the artefact mask samples blocks at half this spacing. */
    double finestLinePx() {
        double finest = Double.POSITIVE_INFINITY;
        for (PenMark pen : pens) {
            finest = Math.min(finest, 2 * pen.halfWidth);
        }
        for (Bubble bubble : bubbles) {
            finest = Math.min(finest, 2 * bubble.halfThickness);
        }
        for (Border border : borders) {
            finest = Math.min(finest, border.minWidth());
        }
        return finest;
    }

    // ---- painting

    private static boolean paintBorder(Canvas canvas, Border border) {
        boolean painted = false;
        int seed = border.grainSeed;
        int i0 = (int) Math.max(0, border.box.x0 - canvas.x0);
        int i1 = (int) Math.min(canvas.w, border.box.x1 - canvas.x0);
        int j0 = (int) Math.max(0, border.box.y0 - canvas.y0);
        int j1 = (int) Math.min(canvas.h, border.box.y1 - canvas.y0);
        for (int j = j0; j < j1; j++) {
            long y = canvas.y0 + j;
            for (int i = i0; i < i1; i++) {
                long x = canvas.x0 + i;
                double cover = border.coverage(x, y);
                if (cover > 0) {
                    int grey = BORDER_GREY + (Hash.pixelHash(seed, (int) x, (int) y) >>> 29);
                    canvas.blend(i, j, grey, grey, grey, cover);
                    painted = true;
                }
            }
        }
        return painted;
    }

    private static boolean paintPen(Canvas canvas, PenMark pen) {
        boolean painted = false;
        int i0 = (int) Math.max(0, pen.box.x0 - canvas.x0);
        int i1 = (int) Math.min(canvas.w, pen.box.x1 - canvas.x0);
        int j0 = (int) Math.max(0, pen.box.y0 - canvas.y0);
        int j1 = (int) Math.min(canvas.h, pen.box.y1 - canvas.y0);
        for (int j = j0; j < j1; j++) {
            long y = canvas.y0 + j;
            for (int i = i0; i < i1; i++) {
                long x = canvas.x0 + i;
                double edge = pen.halfWidth - pen.distance(x, y) + 0.5;
                if (edge <= 0) {
                    continue;
                }
                // Ink lies unevenly: blotches about a line width across, 80-100 % of the full density.
                double blotch = 0.9 + 0.1 * pen.density.at(x / pen.blotchPx, y / pen.blotchPx);
                double alpha = Math.min(edge, 1) * pen.opacity * blotch;
                canvas.filter(i, j, pen.ink[0], pen.ink[1], pen.ink[2], alpha);
                painted = true;
            }
        }
        return painted;
    }

    private static boolean paintBubble(Canvas canvas, Bubble bubble) {
        boolean painted = false;
        double reach = bubble.radius + bubble.halfThickness + 1;
        int i0 = (int) Math.max(0, Math.floor(bubble.cx - reach) - canvas.x0);
        int i1 = (int) Math.min(canvas.w - 1, Math.ceil(bubble.cx + reach) - canvas.x0);
        int j0 = (int) Math.max(0, Math.floor(bubble.cy - reach) - canvas.y0);
        int j1 = (int) Math.min(canvas.h - 1, Math.ceil(bubble.cy + reach) - canvas.y0);
        for (int j = j0; j <= j1; j++) {
            double dy = canvas.y0 + j - bubble.cy;
            for (int i = i0; i <= i1; i++) {
                double dx = canvas.x0 + i - bubble.cx;
                double edge = bubble.halfThickness - Math.abs(distance(dx, dy) - bubble.radius) + 0.5;
                if (edge > 0) {
                    canvas.blend(i, j, BUBBLE_GREY, BUBBLE_GREY, BUBBLE_GREY, Math.min(edge, 1) * BUBBLE_OPACITY);
                    painted = true;
                }
            }
        }
        return painted;
    }

    // ---- planning

    /** Each edge has a band with even odds, and at least one edge has one. */
    private static List<Border> planBorders(SyntheticSlideSpec spec, SplittableRandom random) {
        List<Border> borders = new ArrayList<>();
        boolean[] edges = new boolean[Edge.values().length];
        boolean any = false;
        for (int e = 0; e < edges.length; e++) {
            edges[e] = random.nextBoolean();
            any |= edges[e];
        }
        if (!any) {
            edges[random.nextInt(edges.length)] = true;
        }
        for (Edge edge : Edge.values()) {
            // Drawn for every edge, used or not, so that each edge's band is the same whichever others exist.
            double share = 0.015 + 0.025 * random.nextDouble();
            long noiseSeed = random.nextLong();
            int grainSeed = random.nextInt();
            if (edges[edge.ordinal()]) {
                int across = edge.vertical() ? spec.width() : spec.height();
                borders.add(new Border(edge, share * across, new ValueNoise(noiseSeed), grainSeed, spec.width(),
                        spec.height()));
            }
        }
        return borders;
    }

    /**
     * Pen marks are circles drawn around a region (often not quite closed) or gently curved strokes,
     * both arcs of a circle. The first one passes through tissue: ink over tissue is the case a tissue
     * detector most needs to see.
     */
    private static List<PenMark> planPens(SyntheticSlideSpec spec, TissueField tissue, SplittableRandom random) {
        List<PenMark> pens = new ArrayList<>();
        double shortSide = Math.min(spec.width(), spec.height());
        double lineUm = Math.clamp(PEN_WIDTH_SHARE * shortSide * spec.mpp(), PEN_MIN_WIDTH_UM, PEN_MAX_WIDTH_UM);
        for (int i = 0; i < spec.artefacts().penMarks(); i++) {
            double halfWidth = lineUm * (0.8 + 0.4 * random.nextDouble()) / spec.mpp() / 2;
            double[] ink = INKS[random.nextInt(INKS.length)];
            double opacity = 0.8 + 0.15 * random.nextDouble();
            double[] through = i == 0 ? tissuePoint(spec, tissue, random)
                    : new double[] {spec.width() * (0.1 + 0.8 * random.nextDouble()),
                                    spec.height() * (0.1 + 0.8 * random.nextDouble())};
            double radius;
            double span;
            if (random.nextBoolean()) {
                radius = shortSide * (0.08 + 0.17 * random.nextDouble());
                span = FULL_TURN * Math.min(1, 0.8 + 0.25 * random.nextDouble());
            } else {
                radius = shortSide * (1.5 + 2.5 * random.nextDouble());
                double chord = shortSide * (0.2 + 0.35 * random.nextDouble());
                span = 2 * StrictMath.asin(Math.min(1, chord / (2 * radius)));
            }
            double towards = FULL_TURN * random.nextDouble();
            double cx = through[0] - radius * StrictMath.cos(towards);
            double cy = through[1] - radius * StrictMath.sin(towards);
            double start = towards - span * (0.15 + 0.7 * random.nextDouble());
            pens.add(new PenMark(cx, cy, radius, start, span, halfWidth, ink, opacity,
                    new ValueNoise(random.nextLong()), 2 * halfWidth));
        }
        return pens;
    }

    /** A random point on tissue (the slide's centre if none turns up). */
    private static double[] tissuePoint(SyntheticSlideSpec spec, TissueField tissue, SplittableRandom random) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            double x = random.nextDouble() * spec.width();
            double y = random.nextDouble() * spec.height();
            if (tissue.isTissue((long) x, (long) y)) {
                return new double[] {x, y};
            }
        }
        return new double[] {spec.width() / 2.0, spec.height() / 2.0};
    }

    /** Bubbles sit wholly on glass, apart from each other; one that finds no room after many tries is left out. */
    private static List<Bubble> planBubbles(SyntheticSlideSpec spec, TissueField tissue, SplittableRandom random) {
        List<Bubble> bubbles = new ArrayList<>();
        double shortSide = Math.min(spec.width(), spec.height());
        double margin = BUBBLE_EDGE_SHARE * shortSide;
        double halfThickness = Math.max(1, BUBBLE_OUTLINE_UM / spec.mpp() / 2);
        double maxRadius = Math.min(BUBBLE_MAX_RADIUS_UM / spec.mpp(), BUBBLE_MAX_RADIUS_SHARE * shortSide);
        double minRadius = Math.min(BUBBLE_MIN_RADIUS_UM / spec.mpp(), maxRadius);
        for (int i = 0; i < spec.artefacts().bubbles(); i++) {
            for (int attempt = 0; attempt < BUBBLE_TRIES; attempt++) {
                double radius = minRadius * StrictMath.pow(maxRadius / minRadius, random.nextDouble());
                double cx = margin + radius + random.nextDouble() * (spec.width() - 2 * (margin + radius));
                double cy = margin + radius + random.nextDouble() * (spec.height() - 2 * (margin + radius));
                Bubble bubble = new Bubble(cx, cy, radius, halfThickness);
                if (apart(bubble, bubbles) && onGlass(bubble, tissue)) {
                    bubbles.add(bubble);
                    break;
                }
            }
        }
        return bubbles;
    }

    private static boolean apart(Bubble bubble, List<Bubble> others) {
        for (Bubble other : others) {
            double reach = bubble.radius + other.radius + bubble.halfThickness + other.halfThickness + 2;
            if (distance(bubble.cx - other.cx, bubble.cy - other.cy) < reach) {
                return false;
            }
        }
        return true;
    }

    /** Glass at the centre and on rings out to just beyond the outline. */
    private static boolean onGlass(Bubble bubble, TissueField tissue) {
        if (tissue.isTissue((long) bubble.cx, (long) bubble.cy)) {
            return false;
        }
        double outside = bubble.radius + bubble.halfThickness + 2;
        for (int a = 0; a < OUTLINE_CHECKS; a++) {
            double theta = FULL_TURN * a / OUTLINE_CHECKS;
            double cos = StrictMath.cos(theta);
            double sin = StrictMath.sin(theta);
            for (double r : new double[] {bubble.radius * 0.5, bubble.radius, outside}) {
                if (tissue.isTissue((long) Math.floor(bubble.cx + r * cos), (long) Math.floor(bubble.cy + r * sin))) {
                    return false;
                }
            }
        }
        return true;
    }

    // ---- geometry

    /** Whether the ring of radius {@code radius} ± {@code halfWidth} around (cx, cy) may reach the rectangle. */
    private static boolean ringTouches(double cx, double cy, double radius, double halfWidth,
                                       long x0, long y0, long x1, long y1) {
        double nearX = Math.clamp(cx, x0, x1);
        double nearY = Math.clamp(cy, y0, y1);
        double near = distance(nearX - cx, nearY - cy);
        double farX = Math.max(Math.abs(x0 - cx), Math.abs(x1 - cx));
        double farY = Math.max(Math.abs(y0 - cy), Math.abs(y1 - cy));
        double far = distance(farX, farY);
        return near <= radius + halfWidth && far >= radius - halfWidth;
    }

    /** sqrt is exactly rounded, unlike hypot, so distances are bit-identical on every JVM. */
    private static double distance(double dx, double dy) {
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** A rectangle [x0, x1) x [y0, y1) of level-0 pixels. */
    private record Box(long x0, long y0, long x1, long y1) {
        boolean intersects(long ax0, long ay0, long ax1, long ay1) {
            return ax0 < x1 && x0 < ax1 && ay0 < y1 && y0 < ay1;
        }

        boolean contains(long x, long y) {
            return x >= x0 && x < x1 && y >= y0 && y < y1;
        }
    }

    private enum Edge {
        LEFT, TOP, RIGHT, BOTTOM;

        /** Whether the edge runs up and down the slide (its band's width is measured across x). */
        boolean vertical() {
            return this == LEFT || this == RIGHT;
        }
    }

    /** A near-black band along one edge, its inner boundary wandering along the edge. */
    private static final class Border {
        final Edge edge;
        final double width;
        final ValueNoise ragged;
        final int grainSeed;
        final int slideWidth;
        final int slideHeight;
        final Box box;

        Border(Edge edge, double width, ValueNoise ragged, int grainSeed, int slideWidth, int slideHeight) {
            this.edge = edge;
            this.width = width;
            this.ragged = ragged;
            this.grainSeed = grainSeed;
            this.slideWidth = slideWidth;
            this.slideHeight = slideHeight;
            long reach = (long) Math.ceil(width * (1 + BORDER_RAGGEDNESS)) + 1;
            box = switch (edge) {
                case LEFT -> new Box(0, 0, reach, slideHeight);
                case RIGHT -> new Box(slideWidth - reach, 0, slideWidth, slideHeight);
                case TOP -> new Box(0, 0, slideWidth, reach);
                case BOTTOM -> new Box(0, slideHeight - reach, slideWidth, slideHeight);
            };
        }

        double minWidth() {
            return width * (1 - BORDER_RAGGEDNESS);
        }

        /** How much of pixel (x, y) the band covers, with an edge one pixel soft. */
        double coverage(long x, long y) {
            long along = edge.vertical() ? y : x;
            long depth = switch (edge) {
                case LEFT -> x;
                case RIGHT -> slideWidth - 1 - x;
                case TOP -> y;
                case BOTTOM -> slideHeight - 1 - y;
            };
            double reach = width * (1 + BORDER_RAGGEDNESS * ragged.at(along / (BORDER_WAVELENGTH * width), 0.5));
            return Math.clamp(reach - depth + 0.5, 0, 1);
        }
    }

    /**
     * A line of marker ink along an arc of a circle: {@code span} radians from angle {@code start}, with
     * round ends. A full turn is a closed circle.
     */
    private static final class PenMark {
        final double cx;
        final double cy;
        final double radius;
        final double start;
        final double span;
        final double halfWidth;
        final double[] ink;
        final double opacity;
        final ValueNoise density;
        final double blotchPx;
        final double[] ends;
        final Box box;

        PenMark(double cx, double cy, double radius, double start, double span, double halfWidth, double[] ink,
                double opacity, ValueNoise density, double blotchPx) {
            this.cx = cx;
            this.cy = cy;
            this.radius = radius;
            this.start = start;
            this.span = span;
            this.halfWidth = halfWidth;
            this.ink = ink;
            this.opacity = opacity;
            this.density = density;
            this.blotchPx = blotchPx;
            ends = new double[] {
                cx + radius * StrictMath.cos(start), cy + radius * StrictMath.sin(start),
                cx + radius * StrictMath.cos(start + span), cy + radius * StrictMath.sin(start + span)};
            box = bounds();
        }

        /** The bounding box of the arc from points along it, widened by the line and the sagitta between points. */
        private Box bounds() {
            int steps = 128;
            double minX = Double.POSITIVE_INFINITY;
            double minY = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            for (int k = 0; k <= steps; k++) {
                double angle = start + span * k / steps;
                double x = cx + radius * StrictMath.cos(angle);
                double y = cy + radius * StrictMath.sin(angle);
                minX = Math.min(minX, x);
                minY = Math.min(minY, y);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
            }
            double pad = halfWidth + 2 + radius * (1 - StrictMath.cos(span / steps / 2));
            return new Box((long) Math.floor(minX - pad), (long) Math.floor(minY - pad),
                    (long) Math.ceil(maxX + pad), (long) Math.ceil(maxY + pad));
        }

        /** Distance from pixel (x, y) to the arc. */
        double distance(long x, long y) {
            double dx = x - cx;
            double dy = y - cy;
            double fromCircle = Math.abs(ScannerArtefacts.distance(dx, dy) - radius);
            if (span >= FULL_TURN || fromCircle > halfWidth + 1) {
                return fromCircle;
            }
            double along = (StrictMath.atan2(dy, dx) - start) % FULL_TURN;
            if (along < 0) {
                along += FULL_TURN;
            }
            if (along <= span) {
                return fromCircle;
            }
            return Math.min(ScannerArtefacts.distance(x - ends[0], y - ends[1]),
                    ScannerArtefacts.distance(x - ends[2], y - ends[3]));
        }
    }

    private record Bubble(double cx, double cy, double radius, double halfThickness) {
    }
}
