package io.slidestream.aggregator.streams;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CoPartitioningTest {

    @Test
    void input_topics_with_equal_partition_counts_pass() {
        assertTrue(AggregatorStreams.coPartitioningProblem(
                Map.of("slide-manifests", 8, "score-batches", 8, "slide-status", 8)).isEmpty());
    }

    @Test
    void unequal_partition_counts_are_refused_naming_each_topic_and_the_mend() {
        String problem = AggregatorStreams.coPartitioningProblem(
                Map.of("slide-manifests", 4, "score-batches", 8, "slide-status", 4)).orElseThrow();
        assertTrue(problem.contains("score-batches=8") && problem.contains("slide-manifests=4"), problem);
        assertTrue(problem.contains("--alter --partitions"), problem);
    }
}
