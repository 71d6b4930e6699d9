package io.slidestream.trainer;

import java.util.List;

/**
 * Training examples with the loss weight of each class. Sampling keeps a few normal windows per tumour window
 * ({@link SamplingPlan}); the remaining imbalance is evened out by class weights n / (2 · n_class), so the mean
 * weight is 1.
 */
record TrainingSet(List<LabelledPatch> examples, long tumourCount) {

    TrainingSet {
        long normal = examples.size() - tumourCount;
        if (tumourCount <= 0 || normal <= 0) {
            throw new IllegalArgumentException("training needs both classes, got " + tumourCount + " tumour and "
                    + normal + " normal examples");
        }
    }

    static TrainingSet of(List<LabelledPatch> examples) {
        long tumour = 0;
        for (boolean label : ModelTraining.labels(examples)) {
            tumour += label ? 1 : 0;
        }
        return new TrainingSet(examples, tumour);
    }

    long normalCount() {
        return examples.size() - tumourCount;
    }

    float weight(LabelledPatch example) {
        return examples.size() / (2f * (example.tumour() ? tumourCount : normalCount()));
    }
}
