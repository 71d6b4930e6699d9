package io.slidestream.synth;

import io.slidestream.core.slide.RgbImage;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Reads an associated image (label, macro, thumbnail) through OpenSlide's C API. The project's Slide
 * binding lists their names but, on purpose, never reads them (they may carry PHI); these tests must
 * see that OpenSlide really decodes what the generator wrote.
 */
final class OpenSlideAssociatedImages {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBRARY = SymbolLookup.libraryLookup("libopenslide.so.0", Arena.global());
    private static final MethodHandle OPEN = bind("openslide_open", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle CLOSE = bind("openslide_close", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle ERROR = bind("openslide_get_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle DIMENSIONS = bind("openslide_get_associated_image_dimensions",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle READ = bind("openslide_read_associated_image",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));

    private OpenSlideAssociatedImages() {
    }

    /** The associated image as OpenSlide decodes it; fails when OpenSlide reports an error. */
    static RgbImage read(Path slide, String name) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment osr = (MemorySegment) OPEN.invokeExact(arena.allocateFrom(slide.toString()));
            if (osr.equals(MemorySegment.NULL)) {
                throw new AssertionError("OpenSlide cannot open " + slide);
            }
            try {
                MemorySegment cName = arena.allocateFrom(name);
                MemorySegment w = arena.allocate(JAVA_LONG);
                MemorySegment h = arena.allocate(JAVA_LONG);
                DIMENSIONS.invokeExact(osr, cName, w, h);
                int width = (int) w.get(JAVA_LONG, 0);
                int height = (int) h.get(JAVA_LONG, 0);
                if (width <= 0 || height <= 0) {
                    throw new AssertionError("no associated image " + name + " in " + slide);
                }
                MemorySegment argb = arena.allocate(JAVA_INT, (long) width * height);
                READ.invokeExact(osr, cName, argb);
                MemorySegment error = (MemorySegment) ERROR.invokeExact(osr);
                if (!error.equals(MemorySegment.NULL)) {
                    throw new AssertionError("OpenSlide: " + error.reinterpret(4096).getString(0));
                }
                byte[] rgb = new byte[3 * width * height];
                for (int i = 0; i < width * height; i++) {
                    int pixel = argb.getAtIndex(JAVA_INT, i);
                    rgb[3 * i] = (byte) (pixel >> 16);
                    rgb[3 * i + 1] = (byte) (pixel >> 8);
                    rgb[3 * i + 2] = (byte) pixel;
                }
                return new RgbImage(width, height, rgb);
            } finally {
                CLOSE.invokeExact(osr);
            }
        }
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBRARY.find(name).orElseThrow(), descriptor);
    }
}
