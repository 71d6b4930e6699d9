package io.slidestream.core.slide.isolated;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ReaderProcessTest {

    @Test
    void fatalErrorReportOfANativeFaultIsSummedUp() {
        List<String> stderr = List.of(
                "some earlier line",
                "#",
                "# A fatal error has been detected by the Java Runtime Environment:",
                "#",
                "#  SIGSEGV (0xb) at pc=0x00007f3c5c1b2c3d, pid=4242, tid=4243",
                "#",
                "# JRE version: OpenJDK Runtime Environment Temurin-25.0.3+9 (25.0.3+9) (build 25.0.3+9-LTS)",
                "# Problematic frame:",
                "# C  [libtiff.so.6+0x1b2c3]  TIFFReadDirectory+0x5c",
                "#");
        ReaderProcess.Fault fault = ReaderProcess.nativeFault(stderr);
        assertEquals(new ReaderProcess.Fault("SIGSEGV", "C [libtiff.so.6+0x1b2c3] TIFFReadDirectory+0x5c", false),
                fault);
        assertEquals("signal 11, SIGSEGV, in C [libtiff.so.6+0x1b2c3] TIFFReadDirectory+0x5c", fault.describe());
    }

    @Test
    void signalSentByKillIsSaidSo() {
        ReaderProcess.Fault fault = ReaderProcess.nativeFault(List.of(
                "# A fatal error has been detected by the Java Runtime Environment:",
                "#  SIGBUS (0x7) at pc=0x00007fa72b19df14 (sent by kill), pid=18909, tid=18909"));
        assertEquals("signal 7, SIGBUS (sent by kill)", fault.describe());
    }

    @Test
    void errorsOtherThanSignalsAreKeptAsTheJvmWordsThem() {
        ReaderProcess.Fault fault = ReaderProcess.nativeFault(List.of(
                "# A fatal error has been detected by the Java Runtime Environment:",
                "#",
                "#  Internal Error (arena.cpp:79), pid=1, tid=2",
                "#  Error: ChunkPool::allocate"));
        assertEquals("Internal Error (arena.cpp:79), pid=1, tid=2", fault.signal());
    }

    @Test
    void noReportNoFault() {
        assertNull(ReaderProcess.nativeFault(List.of("WARNING: something", "# not a report")));
    }

    @Test
    void exitStatusesAreDescribed() {
        assertEquals("signal 11, SIGSEGV", ReaderProcess.describeExit(139));
        assertEquals("signal 6, SIGABRT", ReaderProcess.describeExit(134));
        assertEquals("signal 9, SIGKILL", ReaderProcess.describeExit(137));
        assertEquals("exit code 1", ReaderProcess.describeExit(1));
        assertEquals("hung up and was killed", ReaderProcess.describeExit(-1));
    }
}
