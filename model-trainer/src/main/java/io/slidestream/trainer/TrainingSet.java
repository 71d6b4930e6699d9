package io.slidestream.trainer;

import java.util.List;

/**
 * Training examples with the loss weight of each class. Sampling keeps a few normal windows per tumour window
 * ({@link SamplingPlan}); the remaining imbalance is evened out by class weights n / (2 · n_class), so the mean
 * weight is 1. The classes are counted over what the loss sees: examples for a classifier, map pixels for the
 * FCN.
 *
 * @param mapSize      the FCN's label map edge, 0 for a classifier
 * @param tumourLabels labels (examples, or map pixels) that are tumour
 * @param labels       all labels
 */
record TrainingSet(List<LabelledPatch> examples, int mapSize, long tumourLabels, long labels) {

    TrainingSet {
        if (tumourLabels <= 0 || tumourLabels >= labels) {
            throw new IllegalArgumentException("training needs both classes, got " + tumourLabels + " tumour and "
                    + (labels - tumourLabels) + " normal " + (mapSize == 0 ? "examples" : "map pixels"));
        }
    }

    static TrainingSet of(List<LabelledPatch> examples, int mapSize) {
        long tumour = 0;
        if (mapSize == 0) {
            for (boolean label : ModelTraining.labels(examples)) {
                tumour += label ? 1 : 0;
            }
        } else {
            for (LabelledPatch example : examples) {
                for (byte pixel : example.labelMap()) {
                    tumour += pixel;
                }
            }
        }
        return new TrainingSet(examples, mapSize, tumour, (long) examples.size() * Math.max(1, mapSize * mapSize));
    }

    long tumourCount() {
        return ModelTraining.count(ModelTraining.labels(examples), true);
    }

    long normalCount() {
        return examples.size() - tumourCount();
    }

    /** The loss weight of a label of this class. */
    float weight(boolean tumour) {
        return labels / (2f * (tumour ? tumourLabels : labels - tumourLabels));
    }
}
