package io.slidestream.synth;

import java.util.ArrayList;
import java.util.List;

/** Converts the planned lesion outlines into the recorded {@link Lesion}s, in µm. */
final class LesionStatistics {
    private LesionStatistics() {
    }

    static List<Lesion> of(SlideContent content) {
        double mpp = content.spec().mpp();
        List<Lesion> lesions = new ArrayList<>();
        int id = 1;
        for (LesionShape shape : content.lesions()) {
            lesions.add(new Lesion(id++, Math.round(shape.centreX()), Math.round(shape.centreY()),
                    round(shape.centreX() * mpp, 100), round(shape.centreY() * mpp, 100),
                    round(shape.diameter() * mpp, 10), round(shape.area() * mpp * mpp, 1)));
        }
        return List.copyOf(lesions);
    }

    /** Rounds to 1/steps: the truth file reads better, and nothing measures more finely than that. */
    private static double round(double value, int steps) {
        return Math.round(value * steps) / (double) steps;
    }
}
