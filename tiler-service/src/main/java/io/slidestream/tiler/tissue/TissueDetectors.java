package io.slidestream.tiler.tissue;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a detector from a method name and named parameters, as configuration gives them (for example
 * {@code slidestream.tiler.tissue.method=otsu} and {@code slidestream.tiler.tissue.parameters.closing-um=30}).
 * Missing parameters take their defaults; unknown methods and parameters are refused, so a typo fails
 * at start-up instead of silently using a default.
 *
 * <table>
 *   <caption>Methods and parameters</caption>
 *   <tr><th>method</th><th>parameter</th><th>default</th><th>unit</th></tr>
 *   <tr><td>{@value #OTSU}</td><td>closing-um</td><td>20</td><td>µm, width of the closing element</td></tr>
 *   <tr><td></td><td>opening-um</td><td>10</td><td>µm, width of the opening element</td></tr>
 *   <tr><td></td><td>min-object-mm2</td><td>0.02</td><td>mm², smaller tissue pieces are dropped</td></tr>
 *   <tr><td></td><td>min-hole-mm2</td><td>0.01</td><td>mm², smaller holes are filled</td></tr>
 *   <tr><td></td><td>dark-value</td><td>0.25</td><td>0..1, darker pixels (max channel) are never tissue</td></tr>
 *   <tr><td></td><td>min-saturation</td><td>0.05</td><td>0..1, lowest threshold</td></tr>
 *   <tr><td></td><td>max-saturation</td><td>0.15</td><td>0..1, highest threshold</td></tr>
 *   <tr><td></td><td>pen-margin</td><td>0.04</td><td>0..1, green above red by more is pen ink</td></tr>
 *   <tr><td>{@value #GREY}</td><td>max-grey</td><td>0.8</td><td>0..1, brightest grey counted as tissue</td></tr>
 * </table>
 */
public final class TissueDetectors {
    /** {@link OtsuSaturationDetector}, the default. */
    public static final String OTSU = "otsu";
    /** {@link GreyDensityDetector}, the seeds' rule. */
    public static final String GREY = "grey";

    private static final Set<String> OTSU_PARAMETERS = Set.of("closing-um", "opening-um", "min-object-mm2",
            "min-hole-mm2", "dark-value", "min-saturation", "max-saturation", "pen-margin");
    private static final Set<String> GREY_PARAMETERS = Set.of("max-grey");

    private TissueDetectors() {
    }

    /** The default detector with its default settings. */
    public static TissueDetector defaultDetector() {
        return new OtsuSaturationDetector();
    }

    /** The detector of this method with its default settings. */
    public static TissueDetector create(String method) {
        return create(method, Map.of());
    }

    /**
     * @param method     {@value #OTSU} or {@value #GREY} (case-insensitive)
     * @param parameters parameter name to value, see the table above
     * @throws IllegalArgumentException for an unknown method or parameter, or a value that is not a
     *                                  number or out of range
     */
    public static TissueDetector create(String method, Map<String, String> parameters) {
        String name = method == null ? "" : method.strip().toLowerCase(Locale.ROOT);
        Map<String, Double> values = switch (name) {
            case OTSU -> parse(name, parameters, OTSU_PARAMETERS);
            case GREY -> parse(name, parameters, GREY_PARAMETERS);
            default -> throw new IllegalArgumentException("unknown tissue detection method '" + method
                    + "'; use " + OTSU + " or " + GREY);
        };
        if (name.equals(GREY)) {
            return new GreyDensityDetector(values.getOrDefault("max-grey", GreyDensityDetector.DEFAULT_MAX_GREY));
        }
        OtsuSaturationDetector.Settings d = OtsuSaturationDetector.Settings.DEFAULTS;
        return new OtsuSaturationDetector(new OtsuSaturationDetector.Settings(
                values.getOrDefault("closing-um", d.closingUm()),
                values.getOrDefault("opening-um", d.openingUm()),
                values.getOrDefault("min-object-mm2", d.minObjectMm2()),
                values.getOrDefault("min-hole-mm2", d.minHoleMm2()),
                values.getOrDefault("dark-value", d.darkValue()),
                values.getOrDefault("min-saturation", d.minSaturation()),
                values.getOrDefault("max-saturation", d.maxSaturation()),
                values.getOrDefault("pen-margin", d.penMargin())));
    }

    private static Map<String, Double> parse(String method, Map<String, String> parameters, Set<String> known) {
        Map<String, Double> values = new HashMap<>();
        for (Map.Entry<String, String> entry : parameters.entrySet()) {
            String key = entry.getKey().strip().toLowerCase(Locale.ROOT);
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown parameter '" + entry.getKey() + "' for tissue method "
                        + method + "; known: " + String.join(", ", new TreeSet<>(known)));
            }
            try {
                values.put(key, Double.parseDouble(entry.getValue().strip()));
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException("tissue parameter " + key + " must be a number, got '"
                        + entry.getValue() + "'", e);
            }
        }
        return values;
    }
}
