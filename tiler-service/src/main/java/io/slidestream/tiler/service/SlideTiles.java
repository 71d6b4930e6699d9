package io.slidestream.tiler.service;

import io.slidestream.core.events.MppSource;
import io.slidestream.core.events.SlideDescription;
import io.slidestream.core.slide.RgbImage;
import io.slidestream.core.slide.SlideException;
import io.slidestream.core.slide.SlidePathException;
import io.slidestream.core.slide.SlideRoots;
import io.slidestream.core.slide.isolated.IsolatedSlideReader;
import io.slidestream.core.slide.isolated.RegionRead;
import io.slidestream.tiler.config.TilerConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * DeepZoom tiles of the slides this tiler planned (those in the {@link SlideCatalogue}): the slide is found
 * by its reference inside the slide roots, each tile is read from the coarsest pyramid level whose
 * downsample is at most the tile's scale and area-averaged down to the tile. Only the main pyramid is ever
 * read: label, macro and thumbnail images have no level and cannot be asked for.
 *
 * <p>Crash containment: OpenSlide never runs in this JVM. Tiles are read in reader processes of their own
 * ({@link IsolatedSlideReader}, not the intake's, so viewing never waits behind a slide being inspected);
 * each keeps the last few slides open. A slide that crashes its reader costs that one request (502), and
 * the next request gets a fresh reader.
 */
@ApplicationScoped
public class SlideTiles {
    private static final Logger LOG = Logger.getLogger(SlideTiles.class);
    /**
     * Pyramid levels a hair coarser than a power of two (Aperio's 4.0003) still serve that scale: the
     * area average then upsamples by less than a thousandth, invisible, instead of reading 4× the pixels.
     */
    private static final double LEVEL_TOLERANCE = 1e-3;

    private final SlideCatalogue catalogue;
    private final SlideRoots roots;
    private final TilerConfig.Tiles config;
    private final IsolatedSlideReader reader;

    public SlideTiles(SlideCatalogue catalogue, TilerConfig config) {
        this.catalogue = catalogue;
        this.roots = new SlideRoots(config.slideRoots());
        this.config = config.tiles();
        this.reader = new IsolatedSlideReader(IsolatedSlideReader.Options.defaults()
                .withMaxHeap(config.reader().maxHeap())
                .withWorkers(config.tiles().readers())
                .withJvmArgs(List.of("-Dslidestream.reader.open-slides=" + config.tiles().openSlides())));
    }

    @PreDestroy
    void close() {
        reader.close();
    }

    /** DeepZoom geometry of the slide's level 0; {@code mpp} null when only the configured default is known. */
    public record Info(long width, long height, int tileSize, int overlap, int maxLevel, Double mpp) {
    }

    public Info info(String slideId) {
        SlideDescription slide = entry(slideId).slide();
        DeepZoom zoom = DeepZoom.of(slide.width(), slide.height());
        Double mpp = slide.mppSource() == MppSource.CONFIGURED_DEFAULT || !(slide.mpp() > 0) ? null : slide.mpp();
        return new Info(zoom.width(), zoom.height(), zoom.tileSize(), zoom.overlap(), zoom.maxLevel(), mpp);
    }

    /** Tile (col, row) of DeepZoom level {@code level}, as JPEG bytes. */
    public byte[] tile(String slideId, int level, long col, long row) {
        SlideCatalogue.Entry entry = entry(slideId);
        SlideDescription slide = entry.slide();
        DeepZoom zoom = DeepZoom.of(slide.width(), slide.height());
        if (!zoom.contains(level, col, row)) {
            throw new SlideNotViewableException("slide " + slideId + " has no tile " + col + "_" + row + " at level "
                    + level + " (levels 0 to " + zoom.maxLevel() + ")");
        }
        RegionRead region = region(zoom, slide, level, col, row);
        Path file;
        try {
            file = roots.resolve(entry.slideRef());
        } catch (SlidePathException e) {
            throw new TileUnavailableException("slide " + entry.slideRef() + " is no longer in the slide roots", e);
        }
        RgbImage pixels;
        try {
            pixels = reader.readRegion(file, region, config.timeout());
        } catch (SlideException e) {
            String reason = e.messageNaming(entry.slideRef());
            LOG.warnf("tile %d/%d_%d of slide %s: %s", level, col, row, slideId, reason);
            throw new TileUnavailableException(reason, e);
        } catch (IllegalStateException e) {
            LOG.errorf(e, "tile %d/%d_%d of slide %s: no tile reader", level, col, row, slideId);
            throw new TileUnavailableException("the tile reader is unavailable", e);
        }
        return jpeg(pixels, config.jpegQuality());
    }

    /** Where a tile's pixels come from: the pyramid level, the region in it, and the tile's size. */
    static RegionRead region(DeepZoom zoom, SlideDescription slide, int level, long col, long row) {
        DeepZoom.Bounds tile = zoom.tile(level, col, row);
        long scale = zoom.scale(level);
        long x0 = tile.x() * scale;
        long y0 = tile.y() * scale;
        long width0 = Math.min(slide.width(), (tile.x() + tile.width()) * scale) - x0;
        long height0 = Math.min(slide.height(), (tile.y() + tile.height()) * scale) - y0;
        int best = 0;
        for (int i = 1; i < slide.levelCount(); i++) {
            if (slide.level(i).downsample() <= scale * (1 + LEVEL_TOLERANCE)) {
                best = i;
            }
        }
        SlideDescription.Level source = slide.level(best);
        double downsample = source.downsample();
        long sourceWidth = sourceSpan(width0, downsample, tile.width(), source.width() - (long) (x0 / downsample));
        long sourceHeight = sourceSpan(height0, downsample, tile.height(), source.height() - (long) (y0 / downsample));
        return new RegionRead(best, x0, y0, sourceWidth, sourceHeight, tile.width(), tile.height());
    }

    /** Level pixels covering {@code span0} level-0 pixels, within the level where possible, never below the tile. */
    private static long sourceSpan(long span0, double downsample, int target, long room) {
        long span = (long) Math.ceil(span0 / downsample - 1e-6);
        return Math.max(target, Math.min(span, room));
    }

    private SlideCatalogue.Entry entry(String slideId) {
        return catalogue.find(slideId).orElseThrow(() -> new SlideNotViewableException(
                "no slide " + slideId + " has been tiled here (unknown, or not planned yet)"));
    }

    static byte[] jpeg(RgbImage pixels, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(pixels.toBufferedImage(), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a tile as JPEG", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
