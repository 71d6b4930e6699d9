package io.slidestream.tiler.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Slide ids. A slide submitted without one gets a stable id: a digest of the file's content (its size,
 * first and last MiB: a slide's header, directories and tiles differ from any other slide's) and the
 * analysis profile, so the same file and profile submitted again, under any name, get the same id. Ids
 * never contain the file name, which in hospitals is often a patient or accession number.
 */
public final class SlideIds {
    /** Ids appear in URLs, file names and logs: letters, digits, '.', '_' and '-' only. */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int SAMPLE = 1 << 20;

    private SlideIds() {
    }

    public static String stableId(Path file, String profile) {
        MessageDigest digest = sha256();
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            digest.update(ByteBuffer.allocate(Long.BYTES).putLong(size).flip());
            digest.update(read(channel, 0, (int) Math.min(SAMPLE, size)));
            if (size > SAMPLE) {
                long tail = Math.max(SAMPLE, size - SAMPLE);
                digest.update(read(channel, tail, (int) (size - tail)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getFileName() + " to identify it", e);
        }
        digest.update(profile.getBytes(StandardCharsets.UTF_8));
        return "slide-" + HexFormat.of().formatHex(digest.digest(), 0, 8);
    }

    /** Whether an id given by a scanner can be used as it is. */
    public static boolean isSafe(String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
            // keep reading until full or end of file
        }
        return buffer.flip();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
