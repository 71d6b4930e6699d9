package io.slidestream.trainer;

/**
 * Everything an Adam run needs to go on exactly where it stopped: the weights, both moment estimates of
 * each weight and the number of steps taken (Adam's bias correction depends on it).
 */
record TrainerState(ParameterSet weights, ParameterSet firstMoments, ParameterSet secondMoments, int step) {

    /** Before the first step: the given weights, zero moments. */
    static TrainerState fresh(ParameterSet initial) {
        return new TrainerState(initial, initial.zeros(), initial.zeros(), 0);
    }
}
