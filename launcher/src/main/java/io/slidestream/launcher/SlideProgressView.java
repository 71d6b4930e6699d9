package io.slidestream.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code analyze} shows while slides run. In a terminal: one progress bar per slide (me.tongfei
 * progressbar, which stacks several bars), patches scored of patches total, with the state. Elsewhere (CI
 * logs, tests, a pipe): a plain line whenever a slide's state changes or another tenth of it is scored.
 */
interface SlideProgressView extends AutoCloseable {

    /** The aggregator's latest SlideSummary of {@code name}'s slide. */
    void update(String name, JsonNode summary);

    /** The slide is over: COMPLETE or FAILED, and why. */
    void finish(String name, String state, String reason);

    @Override
    void close();

    static SlideProgressView forConsole(PrintStream out) {
        java.io.Console console = System.console();
        return console != null && console.isTerminal() && out == System.out ? new Bars() : new Lines(out);
    }

    /** Progress bars on the terminal. */
    final class Bars implements SlideProgressView {
        private final Map<String, ProgressBar> bars = new LinkedHashMap<>();

        private ProgressBar bar(String name) {
            return bars.computeIfAbsent(name, n -> new ProgressBarBuilder().setTaskName(n).setInitialMax(-1)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" patches", 1)
                    .setUpdateIntervalMillis(250).continuousUpdate().build());
        }

        @Override
        public void update(String name, JsonNode summary) {
            ProgressBar bar = bar(name);
            if (summary.path("patchesTotal").isNumber()) {
                bar.maxHint(summary.path("patchesTotal").asLong());
            }
            bar.stepTo(summary.path("patchesScored").asLong());
            bar.setExtraMessage(String.valueOf(SlideResult.stateOf(summary)));
        }

        @Override
        public void finish(String name, String state, String reason) {
            ProgressBar bar = bar(name);
            if (SlideResult.COMPLETE.equals(state) && bar.getMax() > 0) {
                bar.stepTo(bar.getMax());
            }
            bar.setExtraMessage(reason == null ? state : state + ": " + reason);
            bar.refresh();
        }

        @Override
        public void close() {
            bars.values().forEach(ProgressBar::close);
        }
    }

    /** One line per change worth reading in a log. */
    final class Lines implements SlideProgressView {
        private final PrintStream out;
        private final Map<String, String> last = new HashMap<>();

        Lines(PrintStream out) {
            this.out = out;
        }

        @Override
        public void update(String name, JsonNode summary) {
            String state = SlideResult.stateOf(summary);
            if (SlideResult.FAILED.equals(state)) {
                return; // finish says it, with the reason
            }
            int total = summary.path("patchesTotal").asInt(0);
            int scored = Math.min(summary.path("patchesScored").asInt(0), total);
            int tenths = total > 0 ? (int) (10L * scored / total) : -1;
            if ((state + "/" + tenths).equals(last.put(name, state + "/" + tenths))) {
                return; // same state, same tenth
            }
            out.println(total > 0
                    ? String.format("  %-24s %-9s %3d%% (%d / %d patches)", name, state, tenths * 10, scored, total)
                    : String.format("  %-24s %-9s", name, state));
        }

        @Override
        public void finish(String name, String state, String reason) {
            out.printf("  %-24s %s%s%n", name, state, reason == null ? "" : ": " + reason);
        }

        @Override
        public void close() {
        }
    }
}
