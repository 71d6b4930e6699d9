package io.slidestream.aggregator.service;

import io.slidestream.aggregator.stitching.SlideRecord;
import io.slidestream.aggregator.streams.AggregatorStreams;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;

/** What this instance knows of the slides it holds; {@link ClusterRouting} asks the others. */
@ApplicationScoped
public class SlideQueries {
    /** Newest first, then by id, so every instance orders a merged list the same way. */
    public static final Comparator<SlideSummary> NEWEST_FIRST = Comparator.comparing(SlideSummary::firstSeenAt,
            Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(SlideSummary::slideId);

    private final AggregatorStreams streams;

    SlideQueries(AggregatorStreams streams) {
        this.streams = streams;
    }

    public List<SlideSummary> localList() {
        return streams.localSlides().stream().map(SlideViews::summary).sorted(NEWEST_FIRST).toList();
    }

    public SlideSummary summary(String slideId) {
        return SlideViews.summary(slide(slideId));
    }

    public SlideDetail detail(String slideId) {
        return SlideViews.detail(slide(slideId));
    }

    public SlideRecord slide(String slideId) {
        return streams.localSlide(slideId).orElseThrow(() -> new SlideNotFoundException(slideId));
    }
}
