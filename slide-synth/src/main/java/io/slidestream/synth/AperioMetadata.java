package io.slidestream.synth;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What an Aperio scanner writes about a slide: the ImageDescription of each directory, with the
 * {@code |key = value} properties OpenSlide reports as {@code aperio.*}, and a made-up patient and scan
 * (file name, operator, date and time) of the kind real scans carry. These values look like protected
 * health information on purpose: tests elsewhere look for them where they must never turn up. They are
 * all derived from the seed, and none is a real person's.
 */
final class AperioMetadata {
    /** OpenSlide 3.4.1 detects Aperio by this prefix of the first ImageDescription. */
    static final String LIBRARY = "Aperio Image Library v12.0.15";

    private static final String[] SURNAMES = {"DOE", "ROE", "SMITH", "MILLER", "GARCIA", "NOWAK", "MUELLER",
        "ROSSI", "JANSEN", "SILVA", "KOWALSKI", "MARTIN"};
    private static final String[] GIVEN_NAMES = {"JANE", "JOHN", "MARIA", "PETER", "ANNA", "DAVID", "ELENA",
        "THOMAS", "SOFIA", "MARK", "LINDA", "PAUL"};

    /**
     * The made-up patient and scan.
     *
     * @param filename  Aperio's Filename, as hospitals often name scans: PATIENT-SURNAME-GIVEN-BIRTHYEAR
     * @param name      as printed on the label: SURNAME, GIVEN
     * @param birthDate ISO date, printed on the label
     * @param accession the surgical pathology case number, printed on the label
     * @param user      Aperio's User: the operator's account id, UUID-shaped
     * @param date      Aperio's Date of the scan, MM/DD/YY
     * @param time      Aperio's Time of the scan, HH:MM:SS
     */
    record Identity(String filename, String name, String birthDate, String accession, String user, String date,
                    String time) {
        /** Every value that identifies the patient or the scan, as it appears in the file. */
        List<String> values() {
            return List.of(filename, name, birthDate, accession, user, date, time);
        }
    }

    private final SyntheticSlideSpec spec;
    private final Identity identity;
    private final Map<String, String> properties;

    private AperioMetadata(SyntheticSlideSpec spec) {
        this.spec = spec;
        SplittableRandom random = new SplittableRandom(Hash.derive(spec.seed(), "aperio patient"));
        identity = identity(random);
        properties = properties(spec, identity, random);
    }

    static AperioMetadata of(SyntheticSlideSpec spec) {
        return new AperioMetadata(spec);
    }

    Identity identity() {
        return identity;
    }

    /** The {@code key = value} pairs of every description, in order; OpenSlide reports them as aperio.KEY. */
    Map<String, String> properties() {
        return properties;
    }

    /** Level 0: the scan's size, tile size and compression, then the properties. */
    String baseDescription(PyramidLevel base) {
        return LIBRARY + " \n" + base.width() + "x" + base.height() + " [0,0 " + base.width() + "x" + base.height()
                + "] (" + base.tileSize() + "x" + base.tileSize() + ") JPEG/RGB Q=" + spec.jpegQuality()
                + pairs();
    }

    /** A reduced level or the thumbnail: "-> width x height", then the properties, as Aperio repeats them. */
    String reducedDescription(PyramidLevel base, int width, int height) {
        return LIBRARY + " \n" + base.width() + "x" + base.height() + " [0,0 " + base.width() + "x" + base.height()
                + "] -> " + width + "x" + height + " JPEG/RGB Q=" + spec.jpegQuality() + pairs();
    }

    /**
     * A label or macro image. OpenSlide names such an image by the first word of the description's second
     * line; the lines must be split by a bare "\n" (it splits on "\r" and "\n" alike, so "\r\n" would leave
     * an empty second line and no name).
     */
    static String associatedDescription(String name, int width, int height) {
        return LIBRARY + "\n" + name + " " + width + "x" + height;
    }

    private String pairs() {
        StringBuilder text = new StringBuilder();
        properties.forEach((key, value) -> text.append('|').append(key).append(" = ").append(value));
        return text.toString();
    }

    private static Identity identity(SplittableRandom random) {
        String surname = SURNAMES[random.nextInt(SURNAMES.length)];
        String given = GIVEN_NAMES[random.nextInt(GIVEN_NAMES.length)];
        LocalDate birth = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(70 * 365));
        LocalDate scanned = LocalDate.of(2015, 1, 1).plusDays(random.nextInt(10 * 365));
        String accession = String.format(Locale.ROOT, "S%02d-%06d", scanned.getYear() % 100, random.nextInt(1_000_000));
        String time = String.format(Locale.ROOT, "%02d:%02d:%02d", 7 + random.nextInt(12), random.nextInt(60),
                random.nextInt(60));
        String date = String.format(Locale.ROOT, "%02d/%02d/%02d", scanned.getMonthValue(), scanned.getDayOfMonth(),
                scanned.getYear() % 100);
        return new Identity("PATIENT-" + surname + "-" + given + "-" + birth.getYear(), surname + ", " + given,
                birth.toString(), accession, uuid(random), date, time);
    }

    /** A version-4 UUID's shape, as Aperio's User field holds. */
    private static String uuid(SplittableRandom random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        String hex = String.format(Locale.ROOT, "%016x%016x", high, low);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /** Real Aperio keys, in a real file's order; AppMag and MPP only where the resolution option says so. */
    private static Map<String, String> properties(SyntheticSlideSpec spec, Identity identity, SplittableRandom random) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (spec.resolution() != ResolutionMetadata.NONE) {
            properties.put("AppMag", Integer.toString(spec.objectivePower()));
        }
        properties.put("StripeWidth", "2040");
        properties.put("ScanScope ID", String.format(Locale.ROOT, "SS%04d", random.nextInt(10_000)));
        properties.put("Filename", identity.filename());
        properties.put("Date", identity.date());
        properties.put("Time", identity.time());
        properties.put("Time Zone", "GMT+01:00");
        properties.put("User", identity.user());
        if (spec.resolution() == ResolutionMetadata.MPP) {
            properties.put("MPP", String.format(Locale.ROOT, "%.4f", spec.mpp()));
        }
        properties.put("Left", String.format(Locale.ROOT, "%.6f", 20 + 10 * random.nextDouble()));
        properties.put("Top", String.format(Locale.ROOT, "%.6f", 15 + 10 * random.nextDouble()));
        properties.put("ImageID", Integer.toString(1_000_000 + random.nextInt(9_000_000)));
        properties.put("OriginalWidth", Integer.toString(spec.width()));
        properties.put("OriginalHeight", Integer.toString(spec.height()));
        return Collections.unmodifiableMap(properties);
    }
}
