package io.slidestream.core.slide.isolated;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Gives the child a private stream to its parent and points file descriptor 1 at stderr, so that
 * nothing else can write into the protocol: not a C library's printf, and not the JVM's own fatal error
 * report, which HotSpot writes to fd 1 whatever {@code -XX:+DisplayVMOutputToStderr} says.
 *
 * <p>{@code dup(1)} keeps the pipe to the parent, {@code dup2(2, 1)} sends stdout to stderr, and the kept
 * descriptor is opened again through {@code /proc/self/fd} (Linux; the only way to get a Java stream for
 * a raw descriptor without native writes). Where any of that fails, the protocol stays on fd 1 and the
 * parent copes with what may get mixed in.
 */
final class ProtocolChannel {
    private ProtocolChannel() {
    }

    static OutputStream open(StringBuilder note) {
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle dup = linker.downcallHandle(linker.defaultLookup().findOrThrow("dup"),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT));
            MethodHandle dup2 = linker.downcallHandle(linker.defaultLookup().findOrThrow("dup2"),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
            int kept = (int) dup.invokeExact(1);
            if (kept < 0) {
                throw new IOException("dup(1) failed");
            }
            Path reopen = Path.of("/proc/self/fd", Integer.toString(kept));
            if (!Files.exists(reopen)) {
                throw new IOException(reopen + " does not exist");
            }
            OutputStream protocol = new FileOutputStream(reopen.toFile());
            System.out.flush();
            if ((int) dup2.invokeExact(2, 1) < 0) {
                protocol.close();
                throw new IOException("dup2(2, 1) failed");
            }
            return protocol;
        } catch (Throwable t) {
            note.append("protocol stays on stdout: ").append(t);
            return new FileOutputStream(FileDescriptor.out);
        }
    }
}
