package io.slidestream.trainer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Training examples after class balancing, with the loss weight of each class. Tumour cells are a small
 * minority of a slide, so normal cells are subsampled to at most {@value #MAX_NORMAL_PER_TUMOUR} per tumour
 * cell, and the remaining imbalance is evened out by class weights n / (2 · n_class) (mean weight 1).
 */
record TrainingSet(List<LabelledPatch> examples, float tumourWeight, float normalWeight) {

    static final int MAX_NORMAL_PER_TUMOUR = 3;

    static TrainingSet balance(List<LabelledPatch> all, long seed) {
        List<LabelledPatch> tumour = new ArrayList<>();
        List<LabelledPatch> normal = new ArrayList<>();
        all.forEach(p -> (p.tumour() ? tumour : normal).add(p));
        if (tumour.isEmpty() || normal.isEmpty()) {
            throw new IllegalArgumentException("training needs both classes, got " + tumour.size() + " tumour and "
                    + normal.size() + " normal patches");
        }
        Random random = new Random(seed);
        Collections.shuffle(normal, random);
        List<LabelledPatch> kept = new ArrayList<>(tumour);
        kept.addAll(normal.subList(0, Math.min(normal.size(), MAX_NORMAL_PER_TUMOUR * tumour.size())));
        Collections.shuffle(kept, random);
        long tumourCount = tumour.size();
        long normalCount = kept.size() - tumourCount;
        return new TrainingSet(List.copyOf(kept), kept.size() / (2f * tumourCount), kept.size() / (2f * normalCount));
    }

    long tumourCount() {
        return examples.stream().filter(LabelledPatch::tumour).count();
    }

    long normalCount() {
        return examples.size() - tumourCount();
    }

    float weight(LabelledPatch example) {
        return example.tumour() ? tumourWeight : normalWeight;
    }
}
