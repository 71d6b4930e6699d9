package io.slidestream.aggregator.service;

import java.util.List;

/** The score grid of a slide, row-major ({@code scores[row * cols + col]}), null where no score arrived. */
public record ScoreMatrix(int cols, int rows, List<Float> scores) {
}
