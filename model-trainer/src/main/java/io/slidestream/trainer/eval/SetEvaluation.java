package io.slidestream.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slidestream.trainer.BinaryMetrics;

import java.util.List;
import java.util.Locale;

/**
 * The metrics over a set of evaluated slides: patches pooled over all slides, FROC and slide AUC over the
 * slides, Dice and IoU averaged per slide, category accuracy.
 *
 * @param roc null when the pooled patches lack a class (no curve then)
 */
public record SetEvaluation(List<SlideEvaluation> slides, double threshold, BinaryMetrics patches, RocCurve roc,
                            Froc.Result froc, double slideAuc, double meanDice, double meanIou,
                            double categoryAccuracy) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static SetEvaluation of(List<SlideEvaluation> slides, double threshold) {
        int cells = slides.stream().mapToInt(s -> s.probabilities().length).sum();
        float[] probabilities = new float[cells];
        boolean[] labels = new boolean[cells];
        int at = 0;
        for (SlideEvaluation s : slides) {
            System.arraycopy(s.probabilities(), 0, probabilities, at, s.probabilities().length);
            System.arraycopy(s.labels(), 0, labels, at, s.labels().length);
            at += s.labels().length;
        }
        BinaryMetrics patches = BinaryMetrics.of(probabilities, labels, threshold);
        RocCurve roc = Double.isNaN(patches.auc()) ? null : RocCurve.of(probabilities, labels);
        float[] slideScores = new float[slides.size()];
        boolean[] slideLabels = new boolean[slides.size()];
        for (int k = 0; k < slides.size(); k++) {
            slideScores[k] = (float) slides.get(k).slideProbability();
            slideLabels[k] = slides.get(k).tumour();
        }
        return new SetEvaluation(List.copyOf(slides), threshold, patches, roc,
                Froc.of(slides.stream().map(SlideEvaluation::froc).toList()),
                BinaryMetrics.rocAuc(slideScores, slideLabels),
                slides.stream().mapToDouble(s -> s.overlap().dice()).average().orElse(Double.NaN),
                slides.stream().mapToDouble(s -> s.overlap().iou()).average().orElse(Double.NaN),
                slides.stream().mapToDouble(s -> s.categoryRight() ? 1 : 0).average().orElse(Double.NaN));
    }

    /** eval.json; a figure that cannot be computed (e.g. an AUC without negative slides) is null. */
    public byte[] json() throws java.io.IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("slides", slides.size());
        root.put("threshold", threshold);
        ObjectNode patch = root.putObject("patch");
        patch.put("cells", patches.count());
        patch.put("tumourCells", patches.truePositives() + patches.falseNegatives());
        number(patch, "recall", patches.recall());
        number(patch, "precision", patches.precision());
        number(patch, "f1", patches.f1());
        number(patch, "accuracy", patches.accuracy());
        number(patch, "auc", patches.auc());
        ObjectNode confusion = patch.putObject("confusion");
        confusion.put("truePositives", patches.truePositives());
        confusion.put("falsePositives", patches.falsePositives());
        confusion.put("trueNegatives", patches.trueNegatives());
        confusion.put("falseNegatives", patches.falseNegatives());
        ObjectNode lesions = root.putObject("froc");
        number(lesions, "score", froc.score());
        ObjectNode at = lesions.putObject("sensitivityAtFalsePositivesPerSlide");
        for (int k = 0; k < Froc.FP_RATES.length; k++) {
            number(at, String.valueOf(Froc.FP_RATES[k]), froc.sensitivities()[k]);
        }
        lesions.put("lesions", froc.lesions());
        lesions.put("itcLesionsIgnored", froc.itcLesions());
        number(root, "slideAuc", slideAuc);
        number(root, "meanDice", meanDice);
        number(root, "meanIou", meanIou);
        number(root, "categoryAccuracy", categoryAccuracy);
        ArrayNode perSlide = root.putArray("perSlide");
        for (SlideEvaluation s : slides) {
            ObjectNode slide = perSlide.addObject();
            slide.put("slide", s.name());
            number(slide, "dice", s.overlap().dice());
            number(slide, "iou", s.overlap().iou());
            slide.put("tumour", s.tumour());
            number(slide, "slideProbability", s.slideProbability());
            slide.put("truthCategory", s.truthCategory());
            slide.put("predictedCategory", s.predictedCategory());
            slide.put("detections", s.froc().detections().size());
            slide.put("lesions", s.froc().regions().countedLesions());
            slide.put("itcLesions", s.froc().regions().count() - s.froc().regions().countedLesions());
        }
        return JSON.writeValueAsBytes(root);
    }

    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }

    /** The short table the command prints. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-24s %6s %6s %-9s %-9s %7s%n", "slide", "Dice", "IoU", "truth",
                "verdict", "score"));
        for (SlideEvaluation s : slides) {
            out.append(String.format(Locale.ROOT, "%-24s %6.3f %6.3f %-9s %-9s %7.3f%n", s.name(), s.overlap().dice(),
                    s.overlap().iou(), s.truthCategory(), s.predictedCategory(), s.slideProbability()));
        }
        out.append(String.format(Locale.ROOT, "patches: %s%n", patches));
        out.append(String.format(Locale.ROOT, "FROC %.3f over %d lesions (%d ITC ignored); slide AUC %.3f; "
                        + "mean Dice %.3f, IoU %.3f; category accuracy %.3f%n", froc.score(), froc.lesions(),
                froc.itcLesions(), slideAuc, meanDice, meanIou, categoryAccuracy));
        return out.toString();
    }
}
