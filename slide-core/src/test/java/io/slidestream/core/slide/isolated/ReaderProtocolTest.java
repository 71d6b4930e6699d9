package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.RgbImage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReaderProtocolTest {

    private static SlideInspection inspection(long width) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("openslide.vendor", "generic-tiff");
        properties.put("tiff.ImageDescription", "Grüße ✓");
        byte[] rgb = new byte[3 * 2 * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 37);
        }
        return new SlideInspection(
                List.of(new SlideInspection.Level(width, 200, 1), new SlideInspection.Level(150, 100, 2)),
                properties, List.of("label", "macro"),
                new SlideInspection.Thumbnail(new RgbImage(3, 2, rgb), 1, width / 3.0, 100.0));
    }

    @Test
    void inspectionRoundTrips() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReaderProtocol.writeOk(new DataOutputStream(bytes), 42, inspection(300));
        ReaderProtocol.Response response = read(bytes.toByteArray(), 16);
        assertEquals(42, response.id());
        assertEquals(ReaderProtocol.OK, response.status());
        assertEquals(inspection(300), response.inspection());
        assertEquals(List.copyOf(inspection(300).properties().keySet()),
                List.copyOf(response.inspection().properties().keySet()));
    }

    @Test
    void errorsRoundTrip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        ReaderProtocol.writeSlideError(out, 1, "/slides/a.svs", "OpenSlide cannot open it: Invalid TIFF");
        ReaderProtocol.writeFailure(out, 2, "java.lang.OutOfMemoryError", "Java heap space", true);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        ReaderProtocol.Response error = ReaderProtocol.readResponse(in, 16);
        assertEquals("/slides/a.svs", error.slide());
        assertEquals("OpenSlide cannot open it: Invalid TIFF", error.reason());
        ReaderProtocol.Response failure = ReaderProtocol.readResponse(in, 16);
        assertEquals("java.lang.OutOfMemoryError", failure.className());
        assertTrue(failure.fatal());
    }

    @Test
    void whatIsNotAResponseIsAProtocolError() {
        byte[] banner = "#\n# A fatal error has been detected by the Java Runtime Environment:\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThrows(ReaderProtocol.ProtocolException.class, () -> read(banner, 16));
    }

    @Test
    void absurdLengthsAreRefusedBeforeAnythingIsAllocated() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(ReaderProtocol.RESPONSE);
        out.writeLong(1);
        out.writeByte(ReaderProtocol.SLIDE_ERROR);
        out.writeInt(Integer.MAX_VALUE); // a 2 GB string
        assertThrows(ReaderProtocol.ProtocolException.class, () -> read(bytes.toByteArray(), 16));
    }

    @Test
    void thumbnailLargerThanAskedForIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReaderProtocol.writeOk(new DataOutputStream(bytes), 1, inspection(300));
        assertThrows(ReaderProtocol.ProtocolException.class, () -> read(bytes.toByteArray(), 2));
    }

    @Test
    void implausibleLevelsFromTheChildAreRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReaderProtocol.writeOk(new DataOutputStream(bytes), 1, inspection(300));
        byte[] forged = bytes.toByteArray();
        // Response header: int marker, long id, byte status, int level count; then level 0's width.
        ByteBuffer.wrap(forged).putLong(4 + 8 + 1 + 4, -5);
        assertThrows(ReaderProtocol.ProtocolException.class, () -> read(forged, 16));
    }

    @Test
    void requestsRoundTrip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        ReaderProtocol.writeInspect(out, 7, "/slides/ä b.svs", 2048);
        ReaderProtocol.writeShutdown(out);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(new ReaderProtocol.Request(ReaderProtocol.KIND_INSPECT, 7, "/slides/ä b.svs", 2048),
                ReaderProtocol.readRequest(in));
        assertEquals(ReaderProtocol.KIND_SHUTDOWN, ReaderProtocol.readRequest(in).kind());
    }

    @Test
    void regionRequestsAndResponsesRoundTrip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        RegionRead region = new RegionRead(2, 4096, 8192, 600, 500, 300, 250);
        ReaderProtocol.writeReadRegion(out, 9, "/slides/a.svs", region);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(new ReaderProtocol.Request(ReaderProtocol.KIND_READ_REGION, 9, "/slides/a.svs", 0, region),
                ReaderProtocol.readRequest(in));

        bytes.reset();
        RgbImage image = new RgbImage(2, 1, new byte[] {1, 2, 3, 4, 5, 6});
        ReaderProtocol.writeRegion(out, 9, image);
        ReaderProtocol.Response response = read(bytes.toByteArray(), RegionRead.MAX_TARGET_SIDE);
        assertEquals(ReaderProtocol.REGION, response.status());
        assertEquals(image.width(), response.region().width());
        assertEquals(java.util.Arrays.toString(image.rgb()), java.util.Arrays.toString(response.region().rgb()));
        assertThrows(ReaderProtocol.ProtocolException.class, () -> read(bytes.toByteArray(), 1), "too wide");
    }

    private static ReaderProtocol.Response read(byte[] bytes, int maxThumbnailSide) throws IOException {
        return ReaderProtocol.readResponse(new DataInputStream(new ByteArrayInputStream(bytes)), maxThumbnailSide);
    }
}
