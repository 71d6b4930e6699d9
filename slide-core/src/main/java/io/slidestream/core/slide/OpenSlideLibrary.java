package io.slidestream.core.slide;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Downcall handles for the OpenSlide 3.4.1 C API in the system's {@code libopenslide.so.0}, bound with
 * java.lang.foreign. Only {@link OpenSlideSlide} calls these; everything else goes through it.
 */
final class OpenSlideLibrary {
    static final String LIBRARY = "libopenslide.so.0";

    private static volatile OpenSlideLibrary instance;

    final MethodHandle open;
    final MethodHandle close;
    final MethodHandle getError;
    final MethodHandle getLevelCount;
    final MethodHandle getLevelDimensions;
    final MethodHandle getLevelDownsample;
    final MethodHandle detectVendor;
    final MethodHandle readRegion;
    final MethodHandle getPropertyNames;
    final MethodHandle getPropertyValue;
    final MethodHandle getAssociatedImageNames;
    final MethodHandle getVersion;

    private OpenSlideLibrary(SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        open = bind(linker, lookup, "openslide_open", FunctionDescriptor.of(ADDRESS, ADDRESS));
        close = bind(linker, lookup, "openslide_close", FunctionDescriptor.ofVoid(ADDRESS));
        getError = bind(linker, lookup, "openslide_get_error", FunctionDescriptor.of(ADDRESS, ADDRESS));
        getLevelCount = bind(linker, lookup, "openslide_get_level_count", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        getLevelDimensions = bind(linker, lookup, "openslide_get_level_dimensions",
                FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
        getLevelDownsample = bind(linker, lookup, "openslide_get_level_downsample",
                FunctionDescriptor.of(JAVA_DOUBLE, ADDRESS, JAVA_INT));
        detectVendor = bind(linker, lookup, "openslide_detect_vendor", FunctionDescriptor.of(ADDRESS, ADDRESS));
        readRegion = bind(linker, lookup, "openslide_read_region",
                FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
        getPropertyNames = bind(linker, lookup, "openslide_get_property_names", FunctionDescriptor.of(ADDRESS, ADDRESS));
        getPropertyValue = bind(linker, lookup, "openslide_get_property_value",
                FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
        getAssociatedImageNames = bind(linker, lookup, "openslide_get_associated_image_names",
                FunctionDescriptor.of(ADDRESS, ADDRESS));
        getVersion = bind(linker, lookup, "openslide_get_version", FunctionDescriptor.of(ADDRESS));
    }

    private static MethodHandle bind(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = lookup.find(name)
                .orElseThrow(() -> new IllegalStateException(LIBRARY + " has no symbol " + name));
        return linker.downcallHandle(symbol, descriptor);
    }

    /** The bound library; fails with a message that says how to install it when it is missing. */
    static OpenSlideLibrary get() {
        OpenSlideLibrary lib = instance;
        if (lib == null) {
            synchronized (OpenSlideLibrary.class) {
                lib = instance;
                if (lib == null) {
                    try {
                        lib = new OpenSlideLibrary(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalStateException("cannot load " + LIBRARY
                                + ": install OpenSlide (Debian: apt-get install libopenslide0)", e);
                    }
                    instance = lib;
                }
            }
        }
        return lib;
    }

    /** OpenSlide's version string, e.g. "3.4.1". */
    static String version() {
        try {
            return cString((MemorySegment) get().getVersion.invokeExact()).orElse("unknown");
        } catch (Throwable t) {
            throw new IllegalStateException("openslide_get_version failed", t);
        }
    }

    /** Reads a NUL-terminated UTF-8 string; empty for a NULL pointer. */
    static Optional<String> cString(MemorySegment pointer) {
        if (pointer.equals(MemorySegment.NULL)) {
            return Optional.empty();
        }
        return Optional.of(pointer.reinterpret(Long.MAX_VALUE).getString(0));
    }
}
