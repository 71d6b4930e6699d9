package io.slidestream.trainer.truth;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsapAnnotationsTest {

    @TempDir
    Path dir;

    private Path write(String name, String xml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, xml);
        return file;
    }

    private static String annotation(String group, String type, int... xy) {
        StringBuilder s = new StringBuilder("<Annotation Name=\"a\" Type=\"" + type + "\" PartOfGroup=\"" + group
                + "\" Color=\"#F4FA58\"><Coordinates>");
        for (int k = 0; k < xy.length / 2; k++) {
            s.append("<Coordinate Order=\"").append(k).append("\" X=\"").append(xy[2 * k]).append("\" Y=\"")
                    .append(xy[2 * k + 1]).append("\" />");
        }
        return s.append("</Coordinates></Annotation>").toString();
    }

    private static String document(String... annotations) {
        return "<?xml version=\"1.0\"?><ASAP_Annotations><Annotations>" + String.join("", annotations)
                + "</Annotations><AnnotationGroups><Group Name=\"_0\" PartOfGroup=\"None\" Color=\"#ff0000\">"
                + "<Attributes /></Group></AnnotationGroups></ASAP_Annotations>";
    }

    private static int count(TumourMask mask) {
        int n = 0;
        for (int j = 0; j < mask.height(); j++) {
            for (int i = 0; i < mask.width(); i++) {
                n += mask.get(i, j) ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    @DisplayName("CAMELYON16 groups: _0 and _1 are tumour, an _2 polygon inside one is cut out of it")
    void camelyon16GroupsWithExclusion() throws IOException {
        // Level-0 slide 400 x 200 at downsample 10 -> a 40 x 20 mask; a block is tumour when its centre
        // (10i + 5, 10j + 5) is inside. _0 square 0..200 x 0..200 covers centres i, j = 0..19: 400 blocks.
        // _2 square 50..150 covers centres i, j = 5..14: 100 blocks removed -> 300.
        // _1 square 300..340 x 0..40 covers i = 30..33, j = 0..3: 16 more -> 316.
        Path xml = write("tumor_001.xml", document(
                annotation("_0", "Polygon", 0, 0, 200, 0, 200, 200, 0, 200),
                annotation("_2", "Polygon", 50, 50, 150, 50, 150, 150, 50, 150),
                annotation("_1", "Polygon", 300, 0, 340, 0, 340, 40, 300, 40)));

        TumourMask mask = AsapAnnotations.rasterise(xml, 400, 200, 10);

        assertEquals(40, mask.width());
        assertEquals(20, mask.height());
        assertEquals(316, count(mask));
        assertTrue(mask.isTumourAt(20, 20), "inside _0, outside the exclusion");
        assertFalse(mask.isTumourAt(100, 100), "inside the _2 exclusion");
        assertTrue(mask.isTumourAt(320, 20), "inside _1");
    }

    @Test
    @DisplayName("Tumor / Exclusion group names, coordinates out of order and decimal commas give the same mask")
    void otherGroupNamesAndWriting() throws IOException {
        // The same square 0..200 minus 50..150 as above (300 blocks), coordinates listed by descending Order
        // and written with decimal commas.
        String tumour = "<Annotation Name=\"T\" Type=\"Polygon\" PartOfGroup=\"Tumor\"><Coordinates>"
                + "<Coordinate Order=\"3\" X=\"0,0\" Y=\"200,0\"/><Coordinate Order=\"2\" X=\"200,0\" Y=\"200,0\"/>"
                + "<Coordinate Order=\"1\" X=\"200,0\" Y=\"0,0\"/><Coordinate Order=\"0\" X=\"0,0\" Y=\"0,0\"/>"
                + "</Coordinates></Annotation>";
        Path xml = write("slide.xml", document(tumour,
                annotation("Exclusion", "Polygon", 50, 50, 150, 50, 150, 150, 50, 150),
                annotation("Tumor", "Dot", 390, 190)));

        TumourMask mask = AsapAnnotations.rasterise(xml, 400, 200, 10);

        assertEquals(300, count(mask), "the dot encloses no area and adds nothing");
    }

    @Test
    @DisplayName("an annotation in an unknown group is refused, naming the file, the line and the group")
    void unknownGroupIsNamed() throws IOException {
        Path xml = write("odd.xml", document(annotation("Stroma", "Polygon", 0, 0, 10, 0, 10, 10)));

        IOException e = assertThrows(IOException.class, () -> AsapAnnotations.rasterise(xml, 100, 100, 10));

        assertTrue(e.getMessage().startsWith(xml.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("\"Stroma\""), e.getMessage());
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    @DisplayName("broken XML, another root, a missing or non-numeric coordinate and a two-point outline are each refused by name")
    void malformedFilesAreRefusedWithWhatIsWrong() throws IOException {
        assertProblem(write("cut.xml", "<ASAP_Annotations><Annotations><Annotation"), "not well-formed XML");
        assertProblem(write("other.xml", "<Annotations/>"), "not <ASAP_Annotations>");
        assertProblem(write("nox.xml", document("<Annotation Name=\"a\" Type=\"Polygon\" PartOfGroup=\"_0\">"
                + "<Coordinates><Coordinate Order=\"0\" Y=\"1\"/></Coordinates></Annotation>")), "lacks its X attribute");
        assertProblem(write("nan.xml", document("<Annotation Name=\"a\" Type=\"Polygon\" PartOfGroup=\"_0\">"
                + "<Coordinates><Coordinate Order=\"0\" X=\"ten\" Y=\"1\"/></Coordinates></Annotation>")),
                "X=\"ten\" is not a number");
        assertProblem(write("line.xml", document(annotation("_0", "Polygon", 0, 0, 10, 10))), "has 2 coordinates");
        assertProblem(write("empty.xml", ""), "");
    }

    private static void assertProblem(Path xml, String what) {
        IOException e = assertThrows(IOException.class, () -> AsapAnnotations.rasterise(xml, 100, 100, 10));
        assertTrue(e.getMessage().startsWith(xml.toString()) && e.getMessage().contains(what), e.getMessage());
    }
}
