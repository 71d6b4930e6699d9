package io.slidestream.core.slide.isolated;

import io.slidestream.core.slide.Slide;
import io.slidestream.core.slide.SlideException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child JVM of {@link IsolatedSlideReader}: reads {@link ReaderProtocol} requests from stdin, answers
 * on the pipe that was its stdout (kept private, see {@link ProtocolChannel}), logs to stderr, one request at a time, until stdin ends, a shutdown request comes or the
 * parent process dies. Needs nothing but slide-core's own classes and OpenSlide.
 *
 * <p>Exit codes: 0 on a normal end, 2 on a protocol error, 3 when OpenSlide cannot be loaded, 4 after a
 * fatal error (e.g. out of memory) it reported. Anything else, in particular death by a signal, is a
 * crash.
 */
public final class SlideReaderMain {
    static final int EXIT_PROTOCOL = 2;
    static final int EXIT_NO_OPENSLIDE = 3;
    static final int EXIT_FATAL = 4;
    /** System property: how many slides the child keeps open for region reads (default 4). */
    static final String OPEN_SLIDES_PROPERTY = "slidestream.reader.open-slides";

    private SlideReaderMain() {
    }

    public static void main(String[] args) {
        // The protocol gets a private channel; whatever Java or native code prints goes to stderr.
        PrintStream log = System.err;
        StringBuilder note = new StringBuilder();
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(ProtocolChannel.open(note), 1 << 16));
        System.setOut(log);
        if (!note.isEmpty()) {
            log.println("slide-reader: " + note);
        }
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));

        String openSlideVersion;
        try {
            openSlideVersion = Slide.openSlideVersion();
        } catch (Throwable t) {
            log.println("slide-reader: cannot load OpenSlide: " + t);
            System.exit(EXIT_NO_OPENSLIDE);
            return;
        }
        exitWithParent(log);
        try {
            ReaderProtocol.writeHello(out, ProcessHandle.current().pid(), openSlideVersion);
            serve(in, out, log);
        } catch (EOFException e) {
            // The parent closed our stdin: a normal end.
        } catch (IOException e) {
            log.println("slide-reader: protocol error, exiting: " + e);
            System.exit(EXIT_PROTOCOL);
        }
        System.exit(0);
    }

    private static void serve(DataInputStream in, DataOutputStream out, PrintStream log) throws IOException {
        SlideInspector inspector = new SlideInspector();
        RegionReader regions = new RegionReader(Integer.getInteger(OPEN_SLIDES_PROPERTY, 4));
        while (true) {
            ReaderProtocol.Request request = ReaderProtocol.readRequest(in);
            if (request.kind() == ReaderProtocol.KIND_SHUTDOWN) {
                regions.close();
                return;
            }
            try {
                if (request.kind() == ReaderProtocol.KIND_READ_REGION) {
                    ReaderProtocol.writeRegion(out, request.id(), regions.read(Path.of(request.path()), request.region()));
                } else {
                    SlideInspection inspection = inspector.inspect(Path.of(request.path()), request.thumbnailMaxSide());
                    ReaderProtocol.writeOk(out, request.id(), inspection);
                }
            } catch (SlideException e) {
                ReaderProtocol.writeSlideError(out, request.id(), e.slide() == null ? "" : e.slide().toString(),
                        reasonOf(e));
            } catch (Throwable t) {
                boolean fatal = t instanceof Error;
                log.println("slide-reader: " + (fatal ? "fatal error" : "failure") + " reading "
                        + request.path() + ": " + t);
                ReaderProtocol.writeFailure(out, request.id(), t.getClass().getName(),
                        String.valueOf(t.getMessage()), fatal);
                if (fatal) {
                    System.exit(EXIT_FATAL); // the heap or the VM may be in no state to go on
                }
            }
        }
    }

    /** A SlideException's message without the "slide PATH: " it adds, so the parent can rebuild it as is. */
    static String reasonOf(SlideException e) {
        String message = String.valueOf(e.getMessage());
        String prefix = "slide " + e.slide() + ": ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /**
     * Halts when the parent process ends, even in the middle of a long read (stdin's end is only seen
     * between requests). Polls once a second or so; the JDK does that for non-child processes.
     */
    private static void exitWithParent(PrintStream log) {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
            log.println("slide-reader: parent process " + parent.pid() + " ended; exiting");
            Runtime.getRuntime().halt(0);
        }));
    }
}
