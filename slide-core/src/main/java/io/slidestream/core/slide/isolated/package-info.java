/**
 * Inspecting untrusted slides where a crash of OpenSlide (or libtiff, libjpeg, GLib under it) cannot take
 * the service down.
 *
 * <pre>{@code
 * try (IsolatedSlideReader reader = new IsolatedSlideReader()) {          // one child JVM, started lazily
 *     SlideInspection inspection = reader.inspect(path, 2048, Duration.ofMinutes(2));
 *     inspection.levels(); inspection.properties(); inspection.associatedImageNames();
 *     inspection.thumbnail().image();                                       // RGB, long side <= 2048
 * } catch (SlideReaderCrashedException e) {   // "reader crashed (signal 5, SIGTRAP; last words: ...)"
 * } catch (SlideReaderTimedOutException e) {  // "reader timed out after 120s"
 * } catch (SlideException e) {                // OpenSlide's reason, exactly as in-process
 * }
 * }</pre>
 *
 * {@link io.slidestream.core.slide.isolated.SlideInspector} does the work in whichever JVM it runs in;
 * {@link io.slidestream.core.slide.isolated.IsolatedSlideReader} runs it in a child JVM
 * ({@link io.slidestream.core.slide.isolated.SlideReaderMain}) over a small binary protocol on the
 * child's stdin and stdout, and replaces the child after a crash or a timeout.
 */
package io.slidestream.core.slide.isolated;
