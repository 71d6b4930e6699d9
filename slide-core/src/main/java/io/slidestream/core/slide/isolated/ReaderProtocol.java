package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.RgbImage;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The framed binary protocol between {@link IsolatedSlideReader} (parent) and {@link SlideReaderMain}
 * (child), over the child's stdin and stdout; big-endian, as {@link DataOutputStream} writes.
 *
 * <pre>
 * hello    (child, once, when ready): int HELLO, int VERSION, long pid, str openSlideVersion
 * request  (parent): int REQUEST, int kind, long id, [INSPECT: str path, int thumbnailMaxSide]
 *                    [READ_REGION: str path, int level, long x0, long y0, long sourceWidth, long sourceHeight,
 *                    int targetWidth, int targetHeight], int END
 * response (child):  int RESPONSE, long id, byte status, payload, int END
 *   OK:          int levels, levels × (long width, long height, double downsample),
 *                int properties, properties × (str name, str value), int names, names × str,
 *                int sourceLevel, double downsampleX, double downsampleY, int width, int height,
 *                width × height × 3 bytes RGB
 *   REGION:      int width, int height, width × height × 3 bytes RGB (answers READ_REGION)
 *   SLIDE_ERROR: str slide, str reason          (a SlideException: its message without "slide X: ")
 *   FAILURE:     str className, str message, boolean fatal (any other Throwable; fatal: the child exits)
 * str: int byte length, UTF-8 bytes
 * </pre>
 *
 * Every length and count read is checked against a limit, so a corrupted stream (e.g. a native library
 * writing to stdout) fails as a {@link ProtocolException} instead of allocating absurdly.
 */
final class ReaderProtocol {
    static final int HELLO = 0x53534831;    // "SSH1"
    static final int REQUEST = 0x53535251;  // "SSRQ"
    static final int RESPONSE = 0x53535253; // "SSRS"
    static final int END = 0x53534e44;      // "SSND"
    static final int VERSION = 2;

    static final int KIND_INSPECT = 1;
    static final int KIND_SHUTDOWN = 2;
    static final int KIND_READ_REGION = 3;

    static final byte OK = 0;
    static final byte SLIDE_ERROR = 1;
    static final byte FAILURE = 2;
    static final byte REGION = 3;

    static final int MAX_STRING_BYTES = 16 << 20;
    static final int MAX_LEVELS = 1 << 16;
    static final int MAX_PROPERTIES = 1 << 20;
    /** All names and values of one inspection together. */
    static final long MAX_RESPONSE_STRING_BYTES = 64L << 20;

    private ReaderProtocol() {
    }

    /** The stream does not follow the protocol. */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }

    record Request(int kind, long id, String path, int thumbnailMaxSide, RegionRead region) {
        Request(int kind, long id, String path, int thumbnailMaxSide) {
            this(kind, id, path, thumbnailMaxSide, null);
        }
    }

    record Hello(long pid, String openSlideVersion) {
    }

    /**
     * One response: exactly one of inspection, region, (slide, reason) or (className, message, fatal) is
     * set.
     */
    record Response(long id, byte status, SlideInspection inspection, RgbImage region, String slide,
                    String reason, String className, String message, boolean fatal) {
    }

    // --- hello -------------------------------------------------------------------------------------

    static void writeHello(DataOutputStream out, long pid, String openSlideVersion) throws IOException {
        out.writeInt(HELLO);
        out.writeInt(VERSION);
        out.writeLong(pid);
        writeString(out, openSlideVersion);
        out.flush();
    }

    static Hello readHello(DataInputStream in) throws IOException {
        expect(in.readInt(), HELLO, "hello");
        int version = in.readInt();
        if (version != VERSION) {
            throw new ProtocolException("reader speaks protocol " + version + ", expected " + VERSION);
        }
        return new Hello(in.readLong(), readString(in));
    }

    // --- requests ----------------------------------------------------------------------------------

    static void writeInspect(DataOutputStream out, long id, String path, int thumbnailMaxSide) throws IOException {
        out.writeInt(REQUEST);
        out.writeInt(KIND_INSPECT);
        out.writeLong(id);
        writeString(out, path);
        out.writeInt(thumbnailMaxSide);
        out.writeInt(END);
        out.flush();
    }

    static void writeReadRegion(DataOutputStream out, long id, String path, RegionRead region) throws IOException {
        out.writeInt(REQUEST);
        out.writeInt(KIND_READ_REGION);
        out.writeLong(id);
        writeString(out, path);
        out.writeInt(region.level());
        out.writeLong(region.x0());
        out.writeLong(region.y0());
        out.writeLong(region.sourceWidth());
        out.writeLong(region.sourceHeight());
        out.writeInt(region.targetWidth());
        out.writeInt(region.targetHeight());
        out.writeInt(END);
        out.flush();
    }

    static void writeShutdown(DataOutputStream out) throws IOException {
        out.writeInt(REQUEST);
        out.writeInt(KIND_SHUTDOWN);
        out.writeLong(0);
        out.writeInt(END);
        out.flush();
    }

    static Request readRequest(DataInputStream in) throws IOException {
        expect(in.readInt(), REQUEST, "request");
        int kind = in.readInt();
        long id = in.readLong();
        Request request = switch (kind) {
            case KIND_INSPECT -> new Request(kind, id, readString(in), in.readInt());
            case KIND_SHUTDOWN -> new Request(kind, id, null, 0);
            case KIND_READ_REGION -> readRegionRequest(in, kind, id);
            default -> throw new ProtocolException("unknown request kind " + kind);
        };
        expect(in.readInt(), END, "end of request");
        return request;
    }

    private static Request readRegionRequest(DataInputStream in, int kind, long id) throws IOException {
        String path = readString(in);
        int level = in.readInt();
        long x0 = in.readLong();
        long y0 = in.readLong();
        long sourceWidth = in.readLong();
        long sourceHeight = in.readLong();
        int targetWidth = in.readInt();
        int targetHeight = in.readInt();
        try {
            return new Request(kind, id, path, 0,
                    new RegionRead(level, x0, y0, sourceWidth, sourceHeight, targetWidth, targetHeight));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("bad region request: " + e.getMessage());
        }
    }

    // --- responses ---------------------------------------------------------------------------------

    static void writeOk(DataOutputStream out, long id, SlideInspection inspection) throws IOException {
        out.writeInt(RESPONSE);
        out.writeLong(id);
        out.writeByte(OK);
        out.writeInt(inspection.levels().size());
        for (SlideInspection.Level level : inspection.levels()) {
            out.writeLong(level.width());
            out.writeLong(level.height());
            out.writeDouble(level.downsample());
        }
        out.writeInt(inspection.properties().size());
        for (Map.Entry<String, String> property : inspection.properties().entrySet()) {
            writeString(out, property.getKey());
            writeString(out, property.getValue());
        }
        out.writeInt(inspection.associatedImageNames().size());
        for (String name : inspection.associatedImageNames()) {
            writeString(out, name);
        }
        SlideInspection.Thumbnail thumbnail = inspection.thumbnail();
        out.writeInt(thumbnail.sourceLevel());
        out.writeDouble(thumbnail.downsampleX());
        out.writeDouble(thumbnail.downsampleY());
        out.writeInt(thumbnail.width());
        out.writeInt(thumbnail.height());
        out.write(thumbnail.image().rgb());
        out.writeInt(END);
        out.flush();
    }

    static void writeRegion(DataOutputStream out, long id, RgbImage image) throws IOException {
        out.writeInt(RESPONSE);
        out.writeLong(id);
        out.writeByte(REGION);
        out.writeInt(image.width());
        out.writeInt(image.height());
        out.write(image.rgb());
        out.writeInt(END);
        out.flush();
    }

    static void writeSlideError(DataOutputStream out, long id, String slide, String reason) throws IOException {
        out.writeInt(RESPONSE);
        out.writeLong(id);
        out.writeByte(SLIDE_ERROR);
        writeString(out, slide);
        writeString(out, reason);
        out.writeInt(END);
        out.flush();
    }

    static void writeFailure(DataOutputStream out, long id, String className, String message, boolean fatal)
            throws IOException {
        out.writeInt(RESPONSE);
        out.writeLong(id);
        out.writeByte(FAILURE);
        writeString(out, className);
        writeString(out, message);
        out.writeBoolean(fatal);
        out.writeInt(END);
        out.flush();
    }

    /**
     * Reads one response; {@code maxThumbnailSide} bounds the thumbnail (or region) the parent will accept.
     */
    static Response readResponse(DataInputStream in, int maxThumbnailSide) throws IOException {
        expect(in.readInt(), RESPONSE, "response");
        long id = in.readLong();
        byte status = in.readByte();
        Response response = switch (status) {
            case OK -> new Response(id, status, readInspection(in, maxThumbnailSide), null, null, null, null, null,
                    false);
            case REGION -> new Response(id, status, null, readImage(in, maxThumbnailSide), null, null, null, null,
                    false);
            case SLIDE_ERROR -> new Response(id, status, null, null, readString(in), readString(in), null, null,
                    false);
            case FAILURE -> new Response(id, status, null, null, null, null, readString(in), readString(in),
                    in.readBoolean());
            default -> throw new ProtocolException("unknown response status " + status);
        };
        expect(in.readInt(), END, "end of response");
        return response;
    }

    /**
     * Reads an inspection as a child sent it. A child that OpenSlide was made to misbehave in is not to be
     * trusted either: everything is checked as {@link SlideInspector} would have, and the strings of one
     * response together are bounded.
     */
    private static SlideInspection readInspection(DataInputStream in, int maxThumbnailSide) throws IOException {
        int levelCount = count(in.readInt(), 1, MAX_LEVELS, "levels");
        List<SlideInspection.Level> levels = new ArrayList<>(levelCount);
        for (int i = 0; i < levelCount; i++) {
            long width = in.readLong();
            long height = in.readLong();
            double downsample = in.readDouble();
            if (width < 1 || height < 1 || width > SlideInspector.MAX_LEVEL_SIDE || height > SlideInspector.MAX_LEVEL_SIDE
                    || !positive(downsample)) {
                throw new ProtocolException("implausible level " + width + "x" + height + " at " + downsample);
            }
            levels.add(new SlideInspection.Level(width, height, downsample));
        }
        long[] budget = {MAX_RESPONSE_STRING_BYTES};
        int propertyCount = count(in.readInt(), 0, MAX_PROPERTIES, "properties");
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < propertyCount; i++) {
            properties.put(readString(in, budget), readString(in, budget));
        }
        int nameCount = count(in.readInt(), 0, MAX_PROPERTIES, "associated images");
        List<String> names = new ArrayList<>(nameCount);
        for (int i = 0; i < nameCount; i++) {
            names.add(readString(in, budget));
        }
        int sourceLevel = count(in.readInt(), 0, levelCount - 1, "thumbnail source level");
        double downsampleX = in.readDouble();
        double downsampleY = in.readDouble();
        if (!positive(downsampleX) || !positive(downsampleY)) {
            throw new ProtocolException("thumbnail downsample " + downsampleX + " x " + downsampleY);
        }
        int width = count(in.readInt(), 1, maxThumbnailSide, "thumbnail width");
        int height = count(in.readInt(), 1, maxThumbnailSide, "thumbnail height");
        byte[] rgb = new byte[width * height * 3];
        in.readFully(rgb);
        return new SlideInspection(levels, properties, names,
                new SlideInspection.Thumbnail(new RgbImage(width, height, rgb), sourceLevel, downsampleX, downsampleY));
    }

    private static RgbImage readImage(DataInputStream in, int maxSide) throws IOException {
        int width = count(in.readInt(), 1, maxSide, "region width");
        int height = count(in.readInt(), 1, maxSide, "region height");
        byte[] rgb = new byte[width * height * 3];
        in.readFully(rgb);
        return new RgbImage(width, height, rgb);
    }

    // --- primitives --------------------------------------------------------------------------------

    static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    static String readString(DataInputStream in) throws IOException {
        return readString(in, new long[] {MAX_STRING_BYTES});
    }

    /** Reads a string and takes its length off {@code budget[0]}. */
    private static String readString(DataInputStream in, long[] budget) throws IOException {
        int length = count(in.readInt(), 0, (int) Math.min(MAX_STRING_BYTES, budget[0]), "string length");
        budget[0] -= length;
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int count(int value, int min, int max, String what) throws ProtocolException {
        if (value < min || value > max) {
            throw new ProtocolException(what + " " + value + " outside [" + min + ", " + max + "]");
        }
        return value;
    }

    private static boolean positive(double value) {
        return value > 0 && !Double.isInfinite(value);
    }

    private static void expect(int actual, int expected, String what) throws ProtocolException {
        if (actual != expected) {
            throw new ProtocolException("expected " + what + " marker 0x" + Integer.toHexString(expected)
                    + ", got 0x" + Integer.toHexString(actual));
        }
    }
}
