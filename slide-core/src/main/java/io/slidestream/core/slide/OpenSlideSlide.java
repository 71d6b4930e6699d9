package io.slidestream.core.slide;

import io.slidestream.core.slide.jpeg.DirectJpegTiles;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A slide in a format OpenSlide reads (Aperio SVS, generic tiled TIFF, Hamamatsu, ...): one open handle. Metadata (levels, properties, associated image names) is read once at
 * open; {@link #read} may be called from many threads at once (OpenSlide allows every call but close
 * concurrently). OpenSlide's error state is checked after every call: a handle that failed once stays
 * failed, and every later read throws instead of returning OpenSlide's cleared buffer.
 */
final class OpenSlideSlide implements Slide {

    /** System property that turns the direct JPEG tile reader off ("false"): every read through OpenSlide. */
    static final String DIRECT_JPEG_PROPERTY = "slidestream.slide.direct-jpeg";

    private final Path path;
    private final OpenSlideLibrary lib;
    private final MemorySegment handle;
    private final long[] widths;
    private final long[] heights;
    private final double[] downsamples;
    private final Map<String, String> properties;
    private final List<String> associatedImageNames;
    /** Decodes the JPEG tiles itself where that gives OpenSlide's pixels faster; null where it does not apply. */
    private final DirectJpegTiles direct;
    /** Reads share the handle; close waits for them and then frees it. */
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;
    private volatile String failure;

    private OpenSlideSlide(Path path, OpenSlideLibrary lib, MemorySegment handle, boolean directJpeg) {
        this.path = path;
        this.lib = lib;
        this.handle = handle;
        try (Arena arena = Arena.ofConfined()) {
            int levels = (int) invoke(() -> (int) lib.getLevelCount.invokeExact(handle), "get_level_count");
            if (levels < 1) {
                throw new SlideException(path, "OpenSlide reports " + levels + " levels");
            }
            widths = new long[levels];
            heights = new long[levels];
            downsamples = new double[levels];
            MemorySegment w = arena.allocate(JAVA_LONG);
            MemorySegment h = arena.allocate(JAVA_LONG);
            for (int level = 0; level < levels; level++) {
                int l = level;
                invoke(() -> {
                    lib.getLevelDimensions.invokeExact(handle, l, w, h);
                    return null;
                }, "get_level_dimensions");
                widths[level] = w.get(JAVA_LONG, 0);
                heights[level] = h.get(JAVA_LONG, 0);
                downsamples[level] = (double) invoke(() -> (double) lib.getLevelDownsample.invokeExact(handle, l),
                        "get_level_downsample");
            }
            properties = Collections.unmodifiableMap(readProperties(arena));
            associatedImageNames = List.copyOf(readStringArray(
                    (MemorySegment) invoke(() -> (MemorySegment) lib.getAssociatedImageNames.invokeExact(handle),
                            "get_associated_image_names")));
        }
        direct = directJpeg ? DirectJpegTiles.open(path, SlideProperties.vendor(properties), widths, heights, downsamples)
                .orElse(null) : null;
    }

    /**
     * The vendor OpenSlide recognises {@code file} as (e.g. "aperio", "generic-tiff"), or empty when it is
     * not a format OpenSlide reads. Only looks at the file; opening may still fail.
     */
    static Optional<String> detectVendor(Path file) {
        OpenSlideLibrary lib = OpenSlideLibrary.get();
        try (Arena arena = Arena.ofConfined()) {
            return OpenSlideLibrary.cString((MemorySegment) lib.detectVendor.invokeExact(arena.allocateFrom(file.toString())));
        } catch (Throwable t) {
            throw new SlideException(file, "openslide_detect_vendor failed: " + t, t);
        }
    }

    /**
     * Opens an existing, readable file. Fails with a {@link SlideException} naming the file when it is
     * not a format OpenSlide knows, or OpenSlide recognised it but could not open it.
     */
    static OpenSlideSlide open(Path file) {
        return open(file, !"false".equals(System.getProperty(DIRECT_JPEG_PROPERTY)));
    }

    /**
     * As {@link #open(Path)}; with {@code directJpeg} false every read goes through openslide_read_region,
     * the reference the direct reader is held to.
     */
    static OpenSlideSlide open(Path file, boolean directJpeg) {
        OpenSlideLibrary lib = OpenSlideLibrary.get();
        MemorySegment handle;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(file.toString());
            handle = (MemorySegment) lib.open.invokeExact(cPath);
        } catch (Throwable t) {
            throw new SlideException(file, "openslide_open failed: " + t, t);
        }
        if (handle.equals(MemorySegment.NULL)) {
            throw new SlideException(file, "not a slide format OpenSlide can open");
        }
        Optional<String> error = errorOf(lib, handle);
        if (error.isPresent()) {
            closeHandle(lib, handle);
            throw new SlideException(file, "OpenSlide cannot open it: " + error.get());
        }
        try {
            return new OpenSlideSlide(file, lib, handle, directJpeg);
        } catch (RuntimeException e) {
            closeHandle(lib, handle);
            throw e;
        }
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public int levelCount() {
        return widths.length;
    }

    @Override
    public long levelWidth(int level) {
        return widths[checkLevel(level)];
    }

    @Override
    public long levelHeight(int level) {
        return heights[checkLevel(level)];
    }

    @Override
    public double levelDownsample(int level) {
        return downsamples[checkLevel(level)];
    }

    @Override
    public long width() {
        return widths[0];
    }

    @Override
    public long height() {
        return heights[0];
    }

    @Override
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    /** Names of the label, macro and thumbnail images; they may carry PHI and never leave the tiler. */
    @Override
    public List<String> associatedImageNames() {
        return associatedImageNames;
    }

    /**
     * Reads a region as opaque RGB (transparent areas, outside the scanned area, become white). Throws a
     * {@link SlideException} when OpenSlide reports an error: a failed read is never returned as pixels.
     */
    @Override
    public RgbImage read(RegionRequest request) {
        checkLevel(request.level());
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new SlideException(path, "read after close");
            }
            String earlier = failure;
            if (earlier != null) {
                throw new SlideException(path, "handle failed earlier and cannot read: " + earlier);
            }
            if (direct != null) {
                byte[] rgb = readDirect(request);
                if (rgb != null) {
                    return new RgbImage(request.width(), request.height(), rgb);
                }
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment argb = arena.allocate(JAVA_INT, request.pixelCount());
                invoke(() -> {
                    lib.readRegion.invokeExact(handle, argb, request.x(), request.y(), request.level(),
                            (long) request.width(), (long) request.height());
                    return null;
                }, "read_region of level " + request.level() + " at (" + request.x() + ", " + request.y() + ") "
                        + request.width() + "x" + request.height());
                return new RgbImage(request.width(), request.height(), PremultipliedArgb.toRgbOnWhite(argb,
                        (int) request.pixelCount()));
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private byte[] readDirect(RegionRequest request) {
        try {
            return direct.read(request.level(), request.x(), request.y(), request.width(), request.height());
        } catch (java.io.IOException e) {
            throw new SlideException(path, "read_region of level " + request.level() + " at (" + request.x() + ", "
                    + request.y() + ") " + request.width() + "x" + request.height() + " failed: " + e.getMessage(), e);
        }
    }

    /** True once OpenSlide has put this handle into its permanent error state. */
    @Override
    public boolean failed() {
        return failure != null;
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeHandle(lib, handle);
                if (direct != null) {
                    direct.close();
                }
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private int checkLevel(int level) {
        if (level < 0 || level >= widths.length) {
            throw new SlideException(path, "level " + level + " does not exist (slide has " + widths.length + ")");
        }
        return level;
    }

    private Map<String, String> readProperties(Arena arena) {
        MemorySegment names = (MemorySegment) invoke(() -> (MemorySegment) lib.getPropertyNames.invokeExact(handle),
                "get_property_names");
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : readStringArray(names)) {
            MemorySegment cName = arena.allocateFrom(name);
            MemorySegment value = (MemorySegment) invoke(
                    () -> (MemorySegment) lib.getPropertyValue.invokeExact(handle, cName), "get_property_value");
            OpenSlideLibrary.cString(value).ifPresent(v -> result.put(name, v));
        }
        return result;
    }

    /** Reads a NULL-terminated array of C strings. */
    private static List<String> readStringArray(MemorySegment array) {
        List<String> result = new ArrayList<>();
        if (array.equals(MemorySegment.NULL)) {
            return result;
        }
        MemorySegment pointers = array.reinterpret(Long.MAX_VALUE);
        for (long i = 0; ; i++) {
            MemorySegment element = pointers.getAtIndex(ADDRESS, i);
            if (element.equals(MemorySegment.NULL)) {
                return result;
            }
            OpenSlideLibrary.cString(element).ifPresent(result::add);
        }
    }

    /** Calls OpenSlide, then checks its error state; the error names the call and the slide. */
    private Object invoke(NativeCall call, String what) {
        Object result;
        try {
            result = call.run();
        } catch (SlideException e) {
            throw e;
        } catch (Throwable t) {
            throw new SlideException(path, "openslide_" + what + " failed: " + t, t);
        }
        Optional<String> error = errorOf(lib, handle);
        if (error.isPresent()) {
            failure = error.get();
            throw new SlideException(path, "OpenSlide error in " + what + ": " + error.get());
        }
        return result;
    }

    private static Optional<String> errorOf(OpenSlideLibrary lib, MemorySegment handle) {
        try {
            return OpenSlideLibrary.cString((MemorySegment) lib.getError.invokeExact(handle));
        } catch (Throwable t) {
            return Optional.of("openslide_get_error failed: " + t);
        }
    }

    private static void closeHandle(OpenSlideLibrary lib, MemorySegment handle) {
        try {
            lib.close.invokeExact(handle);
        } catch (Throwable t) {
            throw new IllegalStateException("openslide_close failed", t);
        }
    }

    @FunctionalInterface
    private interface NativeCall {
        Object run() throws Throwable;
    }
}
