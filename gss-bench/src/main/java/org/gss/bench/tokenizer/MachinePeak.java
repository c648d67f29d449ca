package org.gss.bench.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Theoretical fp32 peak of this CPU for {@code threads} cores, from /proc/cpuinfo: FLOP per cycle per core × clock.
 * Assumes two FMA units per core (64 FLOP/cycle with AVX-512, 32 with AVX2, 16 otherwise) and the nominal clock
 * of the model name or "cpu MHz": an estimate, stated as such wherever it is printed.
 */
public final class MachinePeak {
    private MachinePeak() {
    }

    public static double gflops(int threads) {
        return threads * flopPerCycle() * ghz();
    }

    public static String describe(int threads) {
        return String.format(Locale.ROOT, "%.0f GFLOP/s (estimate: %d cores x %d FLOP/cycle x %.2f GHz)", gflops(threads),
                threads, flopPerCycle(), ghz());
    }

    static int flopPerCycle() {
        String flags = field("flags");
        return flags.contains("avx512f") ? 64 : flags.contains("avx2") && flags.contains("fma") ? 32 : 16;
    }

    static double ghz() {
        String model = field("model name");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+)\\s*GHz").matcher(model);
        if (m.find()) {
            return Double.parseDouble(m.group(1));
        }
        String mhz = field("cpu MHz");
        return mhz.isEmpty() ? 2.0 : Double.parseDouble(mhz.trim()) / 1000;
    }

    private static String field(String name) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String l : lines) {
                if (l.startsWith(name)) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }
}
