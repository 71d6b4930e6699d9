package io.slidestream.tiler.service;

import io.slidestream.core.events.Priority;
import io.slidestream.core.events.SlideReady;
import io.slidestream.core.events.SlideState;
import io.slidestream.core.model.AnalysisProfile;
import io.slidestream.core.slide.SlidePathException;
import io.slidestream.core.slide.SlideRoots;
import io.slidestream.tiler.config.TilerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a slide request (REST body or slide-ready event) into what the tiler works with: the file inside
 * the slide roots, its reference, the profile, the slide id, and whether the slide is already known.
 * Both ways in go through here, so they refuse and identify slides the same way.
 */
@ApplicationScoped
public class SlideIntake {
    private final SlideRoots roots;
    private final AnalysisProfiles profiles;
    private final SlideRegistry registry;

    public SlideIntake(TilerConfig config, AnalysisProfiles profiles, SlideRegistry registry) {
        this.roots = new SlideRoots(config.slideRoots());
        this.profiles = profiles;
        this.registry = registry;
    }

    /**
     * A request resolved: {@code known} is the state of an earlier analysis of the same slide id, if any.
     */
    public record Resolved(String slideId, Path file, String slideRef, AnalysisProfile profile, Priority priority,
                           Double mpp, boolean force, Optional<SlideState> known) {

        public SlideTiler.Request tilingRequest() {
            return new SlideTiler.Request(slideId, slideRef, file, profile, priority, mpp);
        }
    }

    /**
     * @throws SlideRejectedException when the path, profile or parameters are not acceptable; the message
     *                                is fit for the client who sent them
     */
    public Resolved resolve(SlideReady request) {
        Path file;
        try {
            file = roots.locate(request.path());
        } catch (SlidePathException e) {
            throw new SlideRejectedException(e.getMessage());
        }
        AnalysisProfile profile = profiles.resolve(request.profile());
        if (request.mpp() != null && !(request.mpp() > 0.01 && request.mpp() <= 1000)) {
            throw new SlideRejectedException("mpp must be in (0.01, 1000] µm per pixel, got " + request.mpp());
        }
        String slideId = request.slideId() == null || request.slideId().isBlank()
                ? SlideIds.stableId(file, profile.name()) : request.slideId();
        if (!SlideIds.isSafe(slideId)) {
            throw new SlideRejectedException("slideId must be 1-64 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit");
        }
        return new Resolved(slideId, file, roots.referenceOf(file), profile, Priority.orRoutine(request.priority()),
                request.mpp(), request.force(), registry.stateOf(slideId));
    }
}
