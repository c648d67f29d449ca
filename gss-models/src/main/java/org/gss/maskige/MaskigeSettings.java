package org.gss.maskige;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.gss.config.GssConfig;
import org.gss.config.Registry;
import org.gss.config.Settings;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.fs.JvmHadoopConf;
import org.gss.data.fs.LocalCopies;

/**
 * The {@code gss.maskige} block, validated: which palette paints label maps and which inverse reads decoded maskiges
 * back. Serializable so Spark tasks can rebuild both on executors.
 */
public record MaskigeSettings(String palette, int classes, String paletteFile, long seed, String inverse,
        String inverseCheckpoint) implements Serializable {

    /** Palette designs by config name ({@code gss.maskige.palette}, {@code gss.reconstruct.palettes}). */
    public static final Registry<Function<MaskigeSettings, Palette>> PALETTES =
            Registry.<Function<MaskigeSettings, Palette>>of("palette design")
                    .add("maximal-distance", m -> MaximalDistancePalette.create(m.classes(), m.seed()))
                    .add("random", m -> RandomPalette.create(m.classes(), m.seed()))
                    .add("file", m -> m.paletteFile().endsWith(".npy") ? npyPalette(LocalCopies.of(m.paletteFile()))
                            : readPaletteFile(m.paletteFile()))
                    .build();

    /** Inverses by config name ({@code gss.maskige.inverse}, {@code gss.reconstruct.inverses}). */
    public static final Registry<BiFunction<MaskigeSettings, Palette, Inverse>> INVERSES =
            Registry.<BiFunction<MaskigeSettings, Palette, Inverse>>of("inverse")
                    .add("nearest", (m, p) -> new NearestColourInverse(p))
                    .add("least-squares", (m, p) -> new LeastSquaresInverse(p))
                    .add("ft", MaskigeSettings::loadFtInverse)
                    .build();

    /** The name of the inverse trained on the configured palette (gss tokenizer train writes its checkpoint). */
    public static final String FT = "ft";

    public static MaskigeSettings from(GssConfig cfg) {
        Settings s = Settings.of(cfg, "gss.maskige");
        String palette = PALETTES.read(s, "palette");
        String file = s.string("palette-file");
        if (palette.equals("file") && file.isBlank()) {
            throw s.error("palette-file", "must name a palette file when gss.maskige.palette = file", null);
        }
        return new MaskigeSettings(palette, s.intIn("classes", 1, Palette.MAX_CLASSES - 1), file,
                s.raw().getLong("seed"), INVERSES.read(s, "inverse"),
                s.string("inverse-checkpoint"));
    }

    /** The palette (deterministic for the seed); a file palette must have exactly {@code classes} colours. */
    public Palette createPalette() {
        Palette p = PALETTES.get(palette).apply(this);
        if (p.numClasses() != classes) {
            throw new IllegalArgumentException("palette " + p.source() + " has " + p.numClasses()
                    + " colours but gss.maskige.classes = " + classes);
        }
        return p;
    }

    /** A palette text file, local or a Hadoop URI (read through this JVM's Hadoop configuration). */
    private static Palette readPaletteFile(String location) {
        try (java.io.InputStream in = HadoopFiles.open(location, JvmHadoopConf.get())) {
            return FilePalette.read(in, location);
        } catch (java.io.IOException e) {
            throw new org.gss.data.image.BadInputException(location, "cannot read palette: " + e.getMessage(), e);
        }
    }

    /** An int [K,3] RGB array (e.g. the reference implementation's palette dumped with numpy). */
    static Palette npyPalette(Path file) {
        org.nd4j.linalg.api.ndarray.INDArray a = org.gss.io.NumpyArrays.readNpy(file);
        if (a.rank() != 2 || a.size(1) != 3) {
            throw new org.gss.data.image.BadInputException(file.toString(), "palette array must be [K, 3], got "
                    + java.util.Arrays.toString(a.shape()));
        }
        int[][] colours = new int[(int) a.size(0)][3];
        for (int k = 0; k < colours.length; k++) {
            for (int c = 0; c < 3; c++) {
                colours[k][c] = a.getInt(k, c);
            }
        }
        return Palette.of(colours, null, file.toString());
    }

    /** The configured inverse for this palette; the trained FT inverse is read from its checkpoint. */
    public Inverse createInverse(Palette p) {
        return INVERSES.get(inverse).apply(this, p);
    }

    /** The same settings with another palette design (the inverse checkpoint stays). */
    public MaskigeSettings withPalette(String design) {
        return new MaskigeSettings(design, classes, paletteFile, seed, inverse, inverseCheckpoint);
    }

    /** The same settings with another inverse. */
    public MaskigeSettings withInverse(String name) {
        return new MaskigeSettings(palette, classes, paletteFile, seed, name, inverseCheckpoint);
    }

    /** The FT inverse written by gss tokenizer train (a local path or Hadoop URI); it must read the palette's K classes. */
    private static Inverse loadFtInverse(MaskigeSettings m, Palette p) {
        String inverseCheckpoint = m.inverseCheckpoint();
        if (inverseCheckpoint.isBlank() || !HadoopFiles.exists(inverseCheckpoint, JvmHadoopConf.get())) {
            throw new org.gss.config.ConfigError("gss.maskige.inverse-checkpoint: the ft inverse needs its trained"
                    + " checkpoint, but '" + inverseCheckpoint + "' is not a file (gss tokenizer train writes it when"
                    + " gss.maskige.inverse = ft)");
        }
        FtInverse ft = FtInverse.load(LocalCopies.of(inverseCheckpoint));
        if (ft.numClasses() != p.numClasses()) {
            throw new org.gss.data.image.BadInputException(inverseCheckpoint, "the ft inverse reads "
                    + ft.numClasses() + " classes but the palette has " + p.numClasses());
        }
        return ft;
    }
}
