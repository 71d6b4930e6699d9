package io.slidestream.synth;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.slidestream.synth.PyramidTiffWriter.LevelPage;
import io.slidestream.synth.PyramidTiffWriter.Page;
import io.slidestream.synth.PyramidTiffWriter.StripPage;

/** The directories of a slide file, in file order, for each {@link SlideFormat}. */
final class TiffPages {
    private static final String SOFTWARE = "SlideStream slide-synth";

    private TiffPages() {
    }

    /**
     * Generic TIFF: one directory per written level; level 0 carries the description (openslide.comment)
     * and the software; every level carries its resolution unless the spec hides it.
     */
    static List<Page> genericTiff(SyntheticSlideSpec spec, List<PyramidLevel> written) {
        double mpp = spec.resolution() == ResolutionMetadata.MPP ? spec.mpp() : 0;
        List<Page> pages = new ArrayList<>();
        for (PyramidLevel level : written) {
            boolean base = level.index() == 0;
            pages.add(new LevelPage(level, base ? genericDescription(spec) : null, base ? SOFTWARE : null, mpp));
        }
        return pages;
    }

    /**
     * Aperio SVS as the scanners lay it out, and as OpenSlide's aperio driver reads it: level 0, the
     * thumbnail (the second directory, stripped: OpenSlide names it "thumbnail" by its place), the other
     * levels, then the label and the macro (stripped, named by their descriptions). No resolution tags:
     * the MPP and AppMag keys say what the file knows.
     */
    static List<Page> aperioSvs(SyntheticSlideSpec spec, AperioMetadata aperio, List<PyramidLevel> written,
                                BufferedImage overview) {
        PyramidLevel base = written.getFirst();
        BufferedImage label = AssociatedImages.label(aperio.identity());
        BufferedImage macro = AssociatedImages.macro(label, overview);
        List<Page> pages = new ArrayList<>();
        try (JpegTileEncoder encoder = new JpegTileEncoder(spec.jpegQuality())) {
            pages.add(new LevelPage(base, aperio.baseDescription(base), null, 0));
            pages.add(new StripPage(overview.getWidth(), overview.getHeight(), encoder.encode(overview),
                    aperio.reducedDescription(base, overview.getWidth(), overview.getHeight())));
            for (PyramidLevel level : written.subList(1, written.size())) {
                pages.add(new LevelPage(level, aperio.reducedDescription(base, level.width(), level.height()), null, 0));
            }
            pages.add(strip(encoder, label, "label"));
            pages.add(strip(encoder, macro, "macro"));
        }
        return pages;
    }

    private static StripPage strip(JpegTileEncoder encoder, BufferedImage image, String name) {
        return new StripPage(image.getWidth(), image.getHeight(), encoder.encode(image),
                AperioMetadata.associatedDescription(name, image.getWidth(), image.getHeight()));
    }

    /**
     * Shown by OpenSlide as openslide.comment; must not start with a vendor's marker such as "Aperio", and
     * must not state the mpp when the file is to hide it.
     */
    private static String genericDescription(SyntheticSlideSpec spec) {
        String mpp = spec.resolution() == ResolutionMetadata.MPP ? "; mpp=" + spec.mpp() : "";
        return String.format(Locale.ROOT, "SlideStream synthetic slide; seed=%d%s; %dx%d", spec.seed(), mpp,
                spec.width(), spec.height());
    }
}
