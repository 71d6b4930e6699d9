package io.slidestream.aggregator.results;

import io.slidestream.core.events.GridGeometry;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The tumour mask as a pyramidal, tiled TIFF that OpenSlide (generic-tiff) and QuPath open as a slide in
 * the slide's own level-0 frame, {@link Layout#downsample} times smaller: pixel (x, y) of the TIFF's
 * level 0 stands for the level-0 slide square from (x·d, y·d) with edge d, and is 255 (tumour) when the
 * grid cell under that square's centre reaches the threshold, 0 otherwise (no score, or outside the grid).
 * Little-endian, 8-bit grey, 256 × 256 tiles, zlib (Deflate) compression; each further page is half the previous one
 * (rounded up), down to the first whose longer edge is at most 256 px. Coarser pages are sampled from the
 * grid the same way, so they stay 0/255. The ImageDescription states the downsample; when the slide
 * states its µm per pixel the resolution tags carry mpp × d (as pixels per centimetre), which OpenSlide
 * 3.4.1 shows as {@code tiff.XResolution} (OpenSlide 4 derives {@code openslide.mpp-x} from it).
 */
public final class MaskTiff {
    public static final int TILE = 256;
    /** Level 0 of the TIFF is kept at or below this many pixels (64 Mi, one byte each) by raising d. */
    public static final long MAX_LEVEL0_PIXELS = 1L << 26;

    private MaskTiff() {
    }

    /**
     * Geometry of the TIFF.
     *
     * @param downsample level-0 slide pixels per TIFF pixel, each way: the power of two nearest to a quarter of
     *                   the cell size (about four TIFF pixels per cell edge), at least 1, doubled while level
     *                   0 would exceed {@link #MAX_LEVEL0_PIXELS}
     * @param width      TIFF level-0 width: ceil(slide width / downsample)
     * @param height     TIFF level-0 height
     * @param levels     pages in the pyramid
     */
    public record Layout(int downsample, int width, int height, int levels) {

        static Layout of(long slideWidth, long slideHeight, double cellSize) {
            int downsample = 1 << Math.max(0, (int) Math.round(Math.log(cellSize / 4) / Math.log(2)));
            while (ceilDiv(slideWidth, downsample) * ceilDiv(slideHeight, downsample) > MAX_LEVEL0_PIXELS) {
                downsample *= 2;
            }
            int width = (int) ceilDiv(slideWidth, downsample);
            int height = (int) ceilDiv(slideHeight, downsample);
            int levels = 1;
            for (long w = width, h = height; Math.max(w, h) > TILE; w = ceilDiv(w, 2), h = ceilDiv(h, 2)) {
                levels++;
            }
            return new Layout(downsample, width, height, levels);
        }

        /** Width of page {@code level}. */
        public int width(int level) {
            return (int) ceilDiv(width, 1L << level);
        }

        public int height(int level) {
            return (int) ceilDiv(height, 1L << level);
        }
    }

    /** The layout the TIFF of this slide has. */
    public static Layout layout(CompletedSlide slide) {
        return Layout.of(slideWidth(slide), slideHeight(slide), slide.grid().cellSize());
    }

    /** The TIFF's bytes. */
    public static byte[] tiff(CompletedSlide slide) {
        Layout layout = layout(slide);
        ImageWriter writer = tiffWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(littleEndian(writer));
            for (int level = 0; level < layout.levels(); level++) {
                BufferedImage page = page(slide, layout, level);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
                param.setTiling(TILE, TILE, 0, 0);
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType("ZLib");
                IIOMetadata metadata = metadata(writer, page, param, slide, layout, level);
                writer.writeToSequence(new IIOImage(page, null, metadata), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the mask TIFF", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static String description(CompletedSlide slide, Layout layout) {
        return String.format(Locale.ROOT, "SlideStream tumour mask of %s: one pixel per %d x %d level-0 slide "
                        + "pixels (downsample %d); 255 = tumour (score >= %s), 0 = not", slide.manifest().slideId(),
                layout.downsample(), layout.downsample(), layout.downsample(), slide.threshold());
    }

    private static BufferedImage page(CompletedSlide slide, Layout layout, int level) {
        int width = layout.width(level);
        int height = layout.height(level);
        long pixelSize = (long) layout.downsample() << level;
        GridGeometry grid = slide.grid();
        int[] colOf = cellsAlong(width, pixelSize, grid.cols(), grid.cellSize(), true, grid);
        int[] rowOf = cellsAlong(height, pixelSize, grid.rows(), grid.cellSize(), false, grid);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int cols = grid.cols();
        for (int y = 0; y < height; y++) {
            int row = rowOf[y];
            if (row < 0) {
                continue;
            }
            for (int x = 0; x < width; x++) {
                int col = colOf[x];
                if (col >= 0 && slide.isTumour(row * cols + col)) {
                    pixels[y * width + x] = (byte) 0xff;
                }
            }
        }
        return image;
    }

    /** The grid column (or row) under the centre of each TIFF pixel along one axis, -1 past the grid. */
    private static int[] cellsAlong(int pixels, long pixelSize, int cells, double cellSize, boolean x, GridGeometry grid) {
        int[] cellOf = new int[pixels];
        for (int i = 0; i < pixels; i++) {
            double centre = (i + 0.5) * pixelSize;
            int cell = (int) Math.floor(centre / cellSize);
            while (cell > 0 && edge(grid, x, cell) > centre) {
                cell--;
            }
            while (cell < cells && edge(grid, x, cell + 1) <= centre) {
                cell++;
            }
            cellOf[i] = cell >= 0 && cell < cells ? cell : -1;
        }
        return cellOf;
    }

    private static long edge(GridGeometry grid, boolean x, int cell) {
        return x ? grid.originX(cell) : grid.originY(cell);
    }

    private static IIOMetadata metadata(ImageWriter writer, BufferedImage page, ImageWriteParam param,
                                        CompletedSlide slide, Layout layout, int level) throws IIOInvalidTreeException {
        IIOMetadata defaults = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(page), param);
        TIFFDirectory directory = TIFFDirectory.createFromMetadata(defaults);
        BaselineTIFFTagSet tags = BaselineTIFFTagSet.getInstance();
        directory.addTIFFField(new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_IMAGE_DESCRIPTION),
                TIFFTag.TIFF_ASCII, 1, new String[]{description(slide, layout)}));
        if (level > 0) {
            directory.addTIFFField(new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_NEW_SUBFILE_TYPE),
                    TIFFTag.TIFF_LONG, 1, new long[]{BaselineTIFFTagSet.NEW_SUBFILE_TYPE_REDUCED_RESOLUTION}));
        }
        if (slide.hasMpp()) {
            // Pixels per centimetre of this page: 10^4 µm/cm over (mpp × downsample) µm/px.
            long denominator = Math.max(1, Math.round(slide.mpp() * ((long) layout.downsample() << level) * 1e5));
            long[][] perCm = {{1_000_000_000L, denominator}};
            directory.addTIFFField(new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_X_RESOLUTION),
                    TIFFTag.TIFF_RATIONAL, 1, perCm));
            directory.addTIFFField(new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_Y_RESOLUTION),
                    TIFFTag.TIFF_RATIONAL, 1, perCm));
            directory.addTIFFField(new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT),
                    BaselineTIFFTagSet.RESOLUTION_UNIT_CENTIMETER));
        }
        return directory.getAsMetadata();
    }

    /**
     * Stream metadata asking for a little-endian ("II") file: the JDK writes big-endian by default, and
     * OpenSlide 3.4.1 does not recognise a big-endian TIFF as generic-tiff.
     */
    private static IIOMetadata littleEndian(ImageWriter writer) throws IIOInvalidTreeException {
        IIOMetadata stream = writer.getDefaultStreamMetadata(null);
        String format = stream.getNativeMetadataFormatName();
        IIOMetadataNode root = new IIOMetadataNode(format);
        IIOMetadataNode byteOrder = new IIOMetadataNode("ByteOrder");
        byteOrder.setAttribute("value", ByteOrder.LITTLE_ENDIAN.toString());
        root.appendChild(byteOrder);
        stream.mergeTree(format, root);
        return stream;
    }

    private static ImageWriter tiffWriter() {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no TIFF writer in this JDK");
        }
        return writers.next();
    }

    static long slideWidth(CompletedSlide slide) {
        return slide.manifest().slide() != null && slide.manifest().slide().width() > 0
                ? slide.manifest().slide().width() : slide.grid().originX(slide.cols());
    }

    static long slideHeight(CompletedSlide slide) {
        return slide.manifest().slide() != null && slide.manifest().slide().height() > 0
                ? slide.manifest().slide().height() : slide.grid().originY(slide.rows());
    }

    private static long ceilDiv(long a, long b) {
        return Math.ceilDiv(a, b);
    }
}
