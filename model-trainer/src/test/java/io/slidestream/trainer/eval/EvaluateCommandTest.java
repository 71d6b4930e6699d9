package io.slidestream.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateCommandTest {

    private static final double EXACT = 1e-12;

    @TempDir
    Path dir;

    private Path results;
    private Path truth;

    /**
     * Two 400 x 400 slides at 1 µm/px on a 4 x 4 grid of 100-px cells.
     * slide_a: tumour (ASAP XML) is the square 0..200, i.e. cells (0,0) (1,0) (0,1) (1,1). Scores: those
     * 0.9, 0.8, 0.6, 0.3 (missed), cell (3,3) 0.7 (a false alarm), the rest 0.1. Verdict MICRO, score 0.7.
     * slide_b: no tumour (an all-zero mask PNG). Cell (2,2) 0.55, the rest 0.1. Verdict ITC, score 0.2.
     */
    private void twoSlides() throws IOException {
        results = dir.resolve("analysis-out");
        truth = Files.createDirectories(dir.resolve("truth"));
        float[] a = new float[16];
        java.util.Arrays.fill(a, 0.1f);
        a[0] = 0.9f;
        a[1] = 0.8f;
        a[4] = 0.6f;
        a[5] = 0.3f;
        a[15] = 0.7f;
        // 2 µm per pixel: the 200 px lesion is 400 µm, big enough to count in FROC though it touches the slide's edge.
        ResultFolders.write(results.resolve("slide_a"), 4, a, "MICRO", 0.7, 2.0);
        Files.writeString(truth.resolve("slide_a.xml"), """
                <?xml version="1.0"?>
                <ASAP_Annotations><Annotations>
                  <Annotation Name="Annotation 0" Type="Polygon" PartOfGroup="_0" Color="#F4FA58"><Coordinates>
                    <Coordinate Order="0" X="0" Y="0" /><Coordinate Order="1" X="200" Y="0" />
                    <Coordinate Order="2" X="200" Y="200" /><Coordinate Order="3" X="0" Y="200" />
                  </Coordinates></Annotation>
                </Annotations></ASAP_Annotations>
                """);
        float[] b = new float[16];
        java.util.Arrays.fill(b, 0.1f);
        b[10] = 0.55f;
        ResultFolders.write(results.resolve("slide_b"), 4, b, "ITC", 0.2, 1.0);
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png",
                truth.resolve("slide_b_mask.png").toFile());
    }

    @Test
    @DisplayName("two finished slides against XML and mask-image truth: eval.json holds the hand-counted figures, roc.png is drawn")
    void twoSlidesEndToEnd() throws IOException {
        twoSlides();
        Path out = dir.resolve("eval-out");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        int exit = new CommandLine(new EvaluateCommand(new PrintStream(console, true, StandardCharsets.UTF_8)))
                .execute("--results", results.toString(), "--truth", truth.toString(), "--out", out.toString(),
                        "--xml-downsample", "10");

        assertEquals(0, exit);
        JsonNode json = new ObjectMapper().readTree(out.resolve("eval.json").toFile());
        // Patches (tumour = at least half the cell): slide_a's four tumour cells score 0.9, 0.8, 0.6, 0.3; the
        // 28 normal cells 0.7, 0.55 and 26 × 0.1. At 0.5: TP 3, FN 1, FP 2, TN 26.
        assertEquals(3, json.at("/patch/confusion/truePositives").asInt());
        assertEquals(1, json.at("/patch/confusion/falseNegatives").asInt());
        assertEquals(2, json.at("/patch/confusion/falsePositives").asInt());
        assertEquals(26, json.at("/patch/confusion/trueNegatives").asInt());
        assertEquals(3.0 / 4, json.at("/patch/recall").asDouble(), EXACT);
        assertEquals(3.0 / 5, json.at("/patch/precision").asDouble(), EXACT);
        assertEquals(2.0 / 3, json.at("/patch/f1").asDouble(), EXACT);
        // AUC: 0.9 and 0.8 beat all 28 normals, 0.6 beats 27 (not 0.7), 0.3 beats the 26 at 0.1: 109 / 112.
        assertEquals(109.0 / 112, json.at("/patch/auc").asDouble(), 1e-9);
        // Mask (4 x 4 px per cell): slide_a predicts 4 cells = 64 px, truth is 4 cells = 64 px, 3 shared = 48 px:
        // Dice 96/128 = 3/4, IoU 48/80 = 3/5. slide_b predicts one cell on a negative slide: 0 and 0.
        assertEquals(0.75, json.at("/perSlide/0/dice").asDouble(), EXACT);
        assertEquals(0.6, json.at("/perSlide/0/iou").asDouble(), EXACT);
        assertEquals(0, json.at("/perSlide/1/dice").asDouble(), EXACT);
        assertEquals(0.375, json.get("meanDice").asDouble(), EXACT);
        // FROC: one lesion (400 µm square grown by 37.5 µm inside the slide: counts), found at 0.9 by the lesion at cells (0,0)-(0,1);
        // false alarms 0.7 (slide_a, cell (3,3), far beyond the grown lesion) and 0.55 (slide_b).
        // Points (FP/slide, sensitivity): 0.9 -> (0, 1); 0.7 -> (1/2, 1); 0.55 -> (1, 1): 1 at every rate.
        assertEquals(1, json.at("/froc/lesions").asInt());
        assertEquals(1, json.at("/froc/score").asDouble(), EXACT);
        // Slide AUC: the tumour slide 0.7 above the negative one 0.2.
        assertEquals(1, json.get("slideAuc").asDouble(), EXACT);
        // Categories: slide_a's truth spans 400√2 = 566 µm (MICRO, verdict MICRO: right); slide_b is NEGATIVE,
        // the verdict ITC: wrong. 1/2.
        assertEquals("MICRO", json.at("/perSlide/0/truthCategory").asText());
        assertEquals("NEGATIVE", json.at("/perSlide/1/truthCategory").asText());
        assertEquals(0.5, json.get("categoryAccuracy").asDouble(), EXACT);
        BufferedImage roc = ImageIO.read(out.resolve("roc.png").toFile());
        assertNotNull(roc, "roc.png decodes");
        String table = console.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("slide_a") && table.contains("slide_b") && table.contains("FROC 1.000"), table);
    }

    @Test
    @DisplayName("a slide without ground truth stops the run, naming the slide and the names looked for")
    void missingTruthIsNamed() throws IOException {
        twoSlides();
        Files.delete(truth.resolve("slide_b_mask.png"));
        EvaluateCommand command = new EvaluateCommand(System.out);
        new CommandLine(command).parseArgs("--results", results.toString(), "--truth", truth.toString());

        IOException e = assertThrows(IOException.class, command::evaluate);

        assertTrue(e.getMessage().contains("no ground truth for slide slide_b") && e.getMessage().contains(".xml"),
                e.getMessage());
    }

    @Test
    @DisplayName("without µm per pixel in mask.tiff or the truth, lesion sizes cannot be had: the message asks for --mpp")
    void slideWithoutMppNeedsTheOption() throws IOException {
        twoSlides();
        float[] scores = new float[16];
        ResultFolders.write(results.resolve("slide_b"), 4, scores, "NEGATIVE", 0.0, null);
        EvaluateCommand command = new EvaluateCommand(System.out);
        new CommandLine(command).parseArgs("--results", results.toString(), "--truth", truth.toString());

        IOException e = assertThrows(IOException.class, command::evaluate);
        assertTrue(e.getMessage().contains("slide_b") && e.getMessage().contains("--mpp"), e.getMessage());

        new CommandLine(command).parseArgs("--results", results.toString(), "--truth", truth.toString(), "--mpp", "1");
        assertEquals(2, command.evaluate().slides().size(), "with --mpp it runs");
    }

    @Test
    @DisplayName("a scores.csv row with a broken number is refused naming the file and line")
    void brokenScoresAreNamed() throws IOException {
        twoSlides();
        Path csv = results.resolve("slide_a/scores.csv");
        Files.writeString(csv, "minx,miny,width,height,prob_tumor\n0,0,100,100,high\n");
        EvaluateCommand command = new EvaluateCommand(System.out);
        new CommandLine(command).parseArgs("--results", results.toString(), "--truth", truth.toString());

        IOException e = assertThrows(IOException.class, command::evaluate);

        assertTrue(e.getMessage().startsWith(csv.toString()) && e.getMessage().contains("line 1"), e.getMessage());
    }
}
