package io.slidestream.core.grid;

import io.slidestream.core.events.MppSource;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideProperties;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A slide's level-0 microns per pixel and where they came from. The file's own value wins; then the
 * request's; then the objective power (10 µm/px over the magnification, the usual optics of slide
 * scanners: 40× ≈ 0.25 µm/px); then the configured default. A plain image has no trustworthy value of
 * its own and no objective, so it needs the request's.
 */
public record SlideMpp(double mpp, MppSource source) {
    /** Microns per pixel at 1× on a slide scanner's camera. */
    static final double MICRONS_AT_1X = 10.0;

    public static SlideMpp resolve(double fileMppX, double fileMppY, double objectivePower, boolean plainImage,
                                   Double requested, double configuredDefault) {
        if (fileMppX > 0 && fileMppY > 0) {
            // Square cells: scanners' x and y resolutions agree to a fraction of a percent.
            return new SlideMpp((fileMppX + fileMppY) / 2, MppSource.SLIDE);
        }
        if (fileMppX > 0) {
            return new SlideMpp(fileMppX, MppSource.SLIDE);
        }
        if (requested != null) {
            if (!(requested > 0.01 && requested <= 1000)) {
                throw new UnplannableSlideException("the requested mpp must be in (0.01, 1000] µm/px, got " + requested);
            }
            return new SlideMpp(requested, MppSource.REQUEST);
        }
        if (plainImage) {
            throw new UnplannableSlideException(
                    "a plain image does not say its resolution: give \"mpp\" (microns per pixel) in the request");
        }
        if (objectivePower > 0) {
            return new SlideMpp(MICRONS_AT_1X / objectivePower, MppSource.OBJECTIVE_POWER);
        }
        if (!(configuredDefault > 0)) {
            throw new UnplannableSlideException("the slide does not say its resolution and no default mpp is configured");
        }
        return new SlideMpp(configuredDefault, MppSource.CONFIGURED_DEFAULT);
    }

    /** The publishable facts of an open slide at this resolution. */
    public SlideDescription describe(Slide slide) {
        List<SlideDescription.Level> levels = new ArrayList<>(slide.levelCount());
        for (int level = 0; level < slide.levelCount(); level++) {
            levels.add(new SlideDescription.Level(slide.levelWidth(level), slide.levelHeight(level),
                    slide.levelDownsample(level)));
        }
        return describe(levels, slide.properties());
    }

    /**
     * The publishable facts of a slide known by its levels and properties: only the whitelisted ones are
     * taken from the properties (vendor, objective power, tile size), never the rest.
     */
    public SlideDescription describe(List<SlideDescription.Level> levels, Map<String, String> properties) {
        SlideDescription.Level base = levels.getFirst();
        return new SlideDescription(SlideProperties.vendor(properties), base.width(), base.height(), levels, mpp,
                source, SlideProperties.objectivePower(properties), SlideProperties.tileWidth(properties),
                SlideProperties.tileHeight(properties));
    }

    /** {@link #resolve} from a slide's properties. */
    public static SlideMpp of(Map<String, String> properties, Double requested, double configuredDefault) {
        return resolve(SlideProperties.mppX(properties), SlideProperties.mppY(properties),
                SlideProperties.objectivePower(properties), SlideProperties.plainImage(properties), requested,
                configuredDefault);
    }
}
