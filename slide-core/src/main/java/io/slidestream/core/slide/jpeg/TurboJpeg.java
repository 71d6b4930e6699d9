package io.slidestream.core.slide.jpeg;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libjpeg-turbo's TurboJPEG C API ({@code libturbojpeg.so.0}, Debian's {@code libturbojpeg0}), bound with
 * java.lang.foreign as slide-core binds OpenSlide: one decompressor handle, JPEG streams to packed RGB.
 * Every return code is checked; a failure (a warning such as a truncated stream included: TurboJPEG returns
 * -1 for those too) is a {@link TurboJpegException} carrying {@code tjGetErrorStr2}'s message. Not
 * thread-safe: one thread at a time (its native buffers may pass from thread to thread).
 */
public final class TurboJpeg implements AutoCloseable {
    public static final String LIBRARY = "libturbojpeg.so.0";
    /** TJPF_RGB: 3 bytes per pixel, R G B. */
    static final int TJPF_RGB = 0;
    /** tjGetErrorCode: TJERR_WARNING. */
    private static final int TJERR_WARNING = 0;

    /** The dimensions of a JPEG stream (tjDecompressHeader3). */
    public record Header(int width, int height, int subsampling, int colorspace) {
        public long pixels() {
            return (long) width * height;
        }
    }

    /** A failed TurboJPEG call: its name and the library's message. */
    public static final class TurboJpegException extends RuntimeException {
        private final String libraryMessage;

        TurboJpegException(String call, String libraryMessage, boolean warning) {
            super(call + " failed" + (warning ? " (warning)" : "") + ": " + libraryMessage);
            this.libraryMessage = libraryMessage;
        }

        /** tjGetErrorStr2's text. */
        public String libraryMessage() {
            return libraryMessage;
        }
    }

    private static final class Functions {
        final MethodHandle initDecompress;
        final MethodHandle decompressHeader3;
        final MethodHandle decompress2;
        final MethodHandle destroy;
        final MethodHandle getErrorStr2;
        final MethodHandle getErrorCode;

        Functions(SymbolLookup lookup) {
            Linker linker = Linker.nativeLinker();
            // tjhandle tjInitDecompress(void)
            initDecompress = bind(linker, lookup, "tjInitDecompress", FunctionDescriptor.of(ADDRESS));
            // int tjDecompressHeader3(tjhandle, const unsigned char *jpegBuf, unsigned long jpegSize,
            //                         int *width, int *height, int *jpegSubsamp, int *jpegColorspace)
            decompressHeader3 = bind(linker, lookup, "tjDecompressHeader3", FunctionDescriptor.of(JAVA_INT,
                    ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
            // int tjDecompress2(tjhandle, const unsigned char *jpegBuf, unsigned long jpegSize,
            //                   unsigned char *dstBuf, int width, int pitch, int height, int pixelFormat, int flags)
            // Critical with heap access: a tile decodes straight into a Java array (no copy out of native memory);
            // the call holds off the garbage collector for the millisecond a tile takes.
            decompress2 = bind(linker, lookup, "tjDecompress2", FunctionDescriptor.of(JAVA_INT,
                    ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                    Linker.Option.critical(true));
            // int tjDestroy(tjhandle)
            destroy = bind(linker, lookup, "tjDestroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
            // char *tjGetErrorStr2(tjhandle)
            getErrorStr2 = bind(linker, lookup, "tjGetErrorStr2", FunctionDescriptor.of(ADDRESS, ADDRESS));
            // int tjGetErrorCode(tjhandle)
            getErrorCode = bind(linker, lookup, "tjGetErrorCode", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        }

        private static MethodHandle bind(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor descriptor,
                                         Linker.Option... options) {
            MemorySegment symbol = lookup.find(name)
                    .orElseThrow(() -> new IllegalStateException(LIBRARY + " has no symbol " + name));
            return linker.downcallHandle(symbol, descriptor, options);
        }
    }

    private static volatile Functions functions;

    private final Functions tj;
    private MemorySegment handle;
    private final Arena arena = Arena.ofShared();
    /** Out-parameters of tjDecompressHeader3: width, height, subsampling, colorspace. */
    private final MemorySegment ints = arena.allocate(JAVA_INT, 4);
    private MemorySegment scratchJpeg = MemorySegment.NULL;
    private boolean closed;

    private TurboJpeg(Functions tj) {
        this.tj = tj;
        this.handle = newHandle(tj);
    }

    /** A decompressor; fails saying how to install the library when it is missing. */
    public static TurboJpeg decompressor() {
        return new TurboJpeg(functions());
    }

    private static MemorySegment newHandle(Functions tj) {
        MemorySegment handle;
        try {
            handle = (MemorySegment) tj.initDecompress.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("tjInitDecompress failed", t);
        }
        if (handle.equals(MemorySegment.NULL)) {
            // With no handle, tjGetErrorStr2(NULL) gives the global error.
            throw new TurboJpegException("tjInitDecompress", errorString(tj, MemorySegment.NULL), false);
        }
        return handle;
    }

    /** Whether libturbojpeg.so.0 can be loaded here. */
    public static boolean available() {
        try {
            functions();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static Functions functions() {
        Functions f = functions;
        if (f == null) {
            synchronized (TurboJpeg.class) {
                f = functions;
                if (f == null) {
                    try {
                        f = new Functions(SymbolLookup.libraryLookup(LIBRARY, Arena.global()));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalStateException("cannot load " + LIBRARY
                                + ": install libjpeg-turbo's TurboJPEG (Debian: apt-get install libturbojpeg0)", e);
                    }
                    functions = f;
                }
            }
        }
        return f;
    }

    /** tjDecompressHeader3 of {@code size} bytes at {@code jpeg} (native memory). */
    public Header header(MemorySegment jpeg, long size) {
        checkOpen();
        int rc;
        try {
            rc = (int) tj.decompressHeader3.invokeExact(handle, jpeg, size, ints, ints.asSlice(4),
                    ints.asSlice(8), ints.asSlice(12));
        } catch (Throwable t) {
            throw new IllegalStateException("tjDecompressHeader3 failed", t);
        }
        check(rc, "tjDecompressHeader3");
        return new Header(ints.getAtIndex(JAVA_INT, 0), ints.getAtIndex(JAVA_INT, 1), ints.getAtIndex(JAVA_INT, 2),
                ints.getAtIndex(JAVA_INT, 3));
    }

    /**
     * tjDecompress2 of {@code size} bytes at {@code jpeg} into {@code rgb} (native or heap memory of at least
     * width × height × 3 bytes), packed RGB rows of width × 3 bytes; flags 0 (accurate integer IDCT, fancy
     * upsampling: libjpeg's defaults).
     */
    public void decompress(MemorySegment jpeg, long size, Header header, MemorySegment rgb) {
        checkOpen();
        long needed = header.pixels() * 3;
        if (rgb.byteSize() < needed) {
            throw new IllegalArgumentException("destination of " + rgb.byteSize() + " bytes for " + needed);
        }
        int rc;
        try {
            rc = (int) tj.decompress2.invokeExact(handle, jpeg, size, rgb, header.width(), header.width() * 3,
                    header.height(), TJPF_RGB, 0);
        } catch (Throwable t) {
            throw new IllegalStateException("tjDecompress2 failed", t);
        }
        check(rc, "tjDecompress2");
    }

    /** A decoded image: packed RGB. */
    public record Decoded(int width, int height, byte[] rgb) {
    }

    /** Decodes a JPEG stream held on the heap (the stream copied to native memory first, the pixels straight into the result). */
    public Decoded decode(byte[] jpeg) {
        checkOpen();
        if (scratchJpeg.byteSize() < jpeg.length) {
            scratchJpeg = arena.allocate(Math.max(jpeg.length, 64 * 1024));
        }
        MemorySegment.copy(jpeg, 0, scratchJpeg, JAVA_BYTE, 0, jpeg.length);
        Header header = header(scratchJpeg, jpeg.length);
        long bytes = header.pixels() * 3;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("image of " + header.width() + "x" + header.height() + " too large");
        }
        byte[] rgb = new byte[(int) bytes];
        decompress(scratchJpeg, jpeg.length, header, MemorySegment.ofArray(rgb));
        return new Decoded(header.width(), header.height(), rgb);
    }

    private void check(int rc, String call) {
        if (rc == 0) {
            return;
        }
        boolean warning;
        try {
            warning = (int) tj.getErrorCode.invokeExact(handle) == TJERR_WARNING;
        } catch (Throwable t) {
            throw new IllegalStateException("tjGetErrorCode failed", t);
        }
        TurboJpegException failure = new TurboJpegException(call, errorString(tj, handle), warning);
        // TurboJPEG 2.1 keeps the failed stream's parser state in the handle, and the next stream would be
        // read from where this one stopped: start over with a new handle.
        MemorySegment failed = handle;
        handle = newHandle(tj);
        try {
            int ignored = (int) tj.destroy.invokeExact(failed);
        } catch (Throwable t) {
            failure.addSuppressed(t);
        }
        throw failure;
    }

    private static String errorString(Functions tj, MemorySegment handle) {
        MemorySegment message;
        try {
            message = (MemorySegment) tj.getErrorStr2.invokeExact(handle);
        } catch (Throwable t) {
            throw new IllegalStateException("tjGetErrorStr2 failed", t);
        }
        return message.equals(MemorySegment.NULL) ? "(no message)" : message.reinterpret(4096).getString(0);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("TurboJPEG decompressor closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        int rc;
        try {
            rc = (int) tj.destroy.invokeExact(handle);
        } catch (Throwable t) {
            throw new IllegalStateException("tjDestroy failed", t);
        } finally {
            arena.close();
        }
        if (rc != 0) {
            throw new TurboJpegException("tjDestroy", errorString(tj, MemorySegment.NULL), false);
        }
    }
}
