package io.slidestream.trainer.eval;

/** One lesion the model reports: where (level-0 pixels) and how sure it is. */
public record Detection(double x, double y, double probability) {
}
