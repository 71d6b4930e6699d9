package io.slidestream.aggregator.results;

import io.slidestream.core.events.GridGeometry;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * The scores in WSInfer's model-output CSV: header {@code minx,miny,width,height,prob_tumor}, then one row
 * per scored cell in row-major order, level-0 pixels as integers (the cell's rounded edges), the score
 * as the float's shortest decimal without exponent; "\n" line ends, UTF-8.
 */
final class ScoresCsv {
    static final String[] HEADER = {"minx", "miny", "width", "height", "prob_tumor"};
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader(HEADER).setRecordSeparator('\n').get();

    private ScoresCsv() {
    }

    static byte[] csv(CompletedSlide slide) {
        GridGeometry grid = slide.grid();
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            for (int row = 0; row < grid.rows(); row++) {
                long y = grid.originY(row);
                long height = grid.originY(row + 1) - y;
                for (int col = 0; col < grid.cols(); col++) {
                    float score = slide.scores()[row * grid.cols() + col];
                    if (Float.isNaN(score)) {
                        continue;
                    }
                    long x = grid.originX(col);
                    printer.printRecord(x, y, grid.originX(col + 1) - x, height,
                            new BigDecimal(Float.toString(score)).toPlainString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
