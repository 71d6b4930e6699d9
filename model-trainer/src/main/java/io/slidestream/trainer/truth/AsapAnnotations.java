package io.slidestream.trainer.truth;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Tumour ground truth drawn in ASAP (CAMELYON16, CAMELYON17): {@code <ASAP_Annotations><Annotations>
 * <Annotation Type="Polygon" PartOfGroup=".."><Coordinates><Coordinate Order="0" X=".." Y=".."/>…},
 * outlines in level-0 pixels. CAMELYON16 puts tumour in groups {@code _0} and {@code _1} and non-tumour
 * areas cut out of them in {@code _2}; other files name them {@code Tumor} (or {@code metastases}) and
 * {@code Exclusion}. Tumour is the union of the tumour outlines minus the exclusion outlines.
 */
public final class AsapAnnotations {
    private static final List<String> TUMOUR_GROUPS = List.of("_0", "_1", "tumor", "tumour", "metastases");
    private static final List<String> EXCLUSION_GROUPS = List.of("_2", "exclusion");
    /** Outline types: splines are drawn through their control points, which ASAP places on the curve. */
    private static final List<String> AREA_TYPES = List.of("polygon", "spline", "rectangle");
    /** Point annotations enclose no area, so they cannot change a mask. */
    private static final List<String> POINT_TYPES = List.of("dot", "pointset");

    /** One outline: level-0 vertices in order, and whether it is cut out of the tumour. */
    record Outline(boolean exclusion, Path2D.Double path) {
    }

    private AsapAnnotations() {
    }

    /**
     * The tumour of {@code xml} as a mask of {@code downsample}-pixel blocks over a level-0 frame of
     * {@code slideWidth × slideHeight}; a block is tumour when its centre lies inside.
     *
     * @throws IOException naming the file and what is wrong with it when it is not such a document
     */
    public static TumourMask rasterise(Path xml, long slideWidth, long slideHeight, int downsample) throws IOException {
        List<Outline> outlines = read(xml);
        int width = (int) Math.ceilDiv(slideWidth, downsample);
        int height = (int) Math.ceilDiv(slideHeight, downsample);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            // Without antialiasing Java2D fills exactly the pixels whose centre is inside the shape.
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.transform(AffineTransform.getScaleInstance(1.0 / downsample, 1.0 / downsample));
            // All tumour first, then every exclusion over it: an exclusion wins wherever they overlap.
            g.setColor(Color.WHITE);
            outlines.stream().filter(o -> !o.exclusion()).forEach(o -> g.fill(o.path()));
            g.setColor(Color.BLACK);
            outlines.stream().filter(Outline::exclusion).forEach(o -> g.fill(o.path()));
        } finally {
            g.dispose();
        }
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        boolean[] tumour = new boolean[width * height];
        for (int p = 0; p < tumour.length; p++) {
            tumour[p] = pixels[p] != 0;
        }
        return new TumourMask(width, height, downsample, downsample, tumour);
    }

    /** The outlines of the file, tumour and exclusion; point annotations left out. */
    static List<Outline> read(Path xml) throws IOException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // Annotation files never need a DTD or external entities; refusing them keeps a hostile file harmless.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = Files.newInputStream(xml)) {
            XMLStreamReader reader = factory.createXMLStreamReader(in);
            try {
                return outlines(xml, reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            throw new IOException(xml + ": not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static List<Outline> outlines(Path xml, XMLStreamReader reader) throws XMLStreamException, IOException {
        List<Outline> outlines = new ArrayList<>();
        boolean root = false;
        String name = null;
        String group = null;
        String type = null;
        TreeMap<Integer, double[]> vertices = null;
        while (reader.hasNext()) {
            int event = reader.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String element = reader.getLocalName();
                if (!root) {
                    if (!element.equals("ASAP_Annotations")) {
                        throw problem(xml, reader, "the root element is <" + element + ">, not <ASAP_Annotations>");
                    }
                    root = true;
                } else if (element.equals("Annotation")) {
                    name = reader.getAttributeValue(null, "Name");
                    group = reader.getAttributeValue(null, "PartOfGroup");
                    type = reader.getAttributeValue(null, "Type");
                    vertices = new TreeMap<>();
                } else if (element.equals("Coordinate") && vertices != null) {
                    int order = (int) number(xml, reader, "Order");
                    if (vertices.put(order, new double[]{number(xml, reader, "X"), number(xml, reader, "Y")}) != null) {
                        throw problem(xml, reader, "annotation \"" + name + "\" has two coordinates of Order " + order);
                    }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && reader.getLocalName().equals("Annotation")) {
                Outline outline = outline(xml, reader, name, group, type, vertices);
                if (outline != null) {
                    outlines.add(outline);
                }
                vertices = null;
            }
        }
        if (!root) {
            throw new IOException(xml + ": empty document, expected <ASAP_Annotations>");
        }
        return outlines;
    }

    /** Null for a point annotation, which has no area. */
    private static Outline outline(Path xml, XMLStreamReader reader, String name, String group, String type,
                                   TreeMap<Integer, double[]> vertices) throws IOException {
        String what = "annotation \"" + name + "\"";
        if (type == null || group == null) {
            throw problem(xml, reader, what + " lacks its Type or PartOfGroup attribute");
        }
        String lowerType = type.toLowerCase(Locale.ROOT);
        if (POINT_TYPES.contains(lowerType)) {
            return null;
        }
        if (!AREA_TYPES.contains(lowerType)) {
            throw problem(xml, reader, what + " has Type \"" + type + "\"; known: Polygon, Spline, Rectangle, Dot, PointSet");
        }
        String lowerGroup = group.toLowerCase(Locale.ROOT);
        boolean exclusion = EXCLUSION_GROUPS.contains(lowerGroup);
        if (!exclusion && !TUMOUR_GROUPS.contains(lowerGroup)) {
            throw problem(xml, reader, what + " is in group \"" + group
                    + "\", which is neither tumour (_0, _1, Tumor, metastases) nor exclusion (_2, Exclusion)");
        }
        if (vertices.size() < 3) {
            throw problem(xml, reader, what + " has " + vertices.size() + " coordinates; an outline needs 3 or more");
        }
        Path2D.Double path = new Path2D.Double(Path2D.WIND_NON_ZERO, vertices.size());
        boolean first = true;
        for (double[] v : vertices.values()) {
            if (first) {
                path.moveTo(v[0], v[1]);
                first = false;
            } else {
                path.lineTo(v[0], v[1]);
            }
        }
        path.closePath();
        return new Outline(exclusion, path);
    }

    /** A number attribute; some ASAP files write a decimal comma. */
    private static double number(Path xml, XMLStreamReader reader, String attribute) throws IOException {
        String value = reader.getAttributeValue(null, attribute);
        if (value == null) {
            throw problem(xml, reader, "<Coordinate> lacks its " + attribute + " attribute");
        }
        try {
            double number = Double.parseDouble(value.strip().replace(',', '.'));
            if (!Double.isFinite(number)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw problem(xml, reader, "<Coordinate> " + attribute + "=\"" + value + "\" is not a number");
        }
    }

    private static IOException problem(Path xml, XMLStreamReader reader, String what) {
        return new IOException(xml + ": line " + reader.getLocation().getLineNumber() + ": " + what);
    }
}
