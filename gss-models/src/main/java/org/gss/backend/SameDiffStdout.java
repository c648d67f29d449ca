package org.gss.backend;

import java.io.PrintStream;

/**
 * nd4j-api 1.0.0-M2.1's {@code SameDiff.createGradFunction} prints "Added differentiated op NAME" with
 * {@code System.out.println} for every op whenever a network clone builds its gradient graph (hundreds of lines per
 * Spark averaging round); no logger controls it. {@link #install()} puts a filter in front of {@code System.out}
 * that drops exactly those lines and passes everything else through.
 */
public final class SameDiffStdout extends PrintStream {
    static final String NOISE = "Added differentiated op ";

    private SameDiffStdout(PrintStream target) {
        super(target, true);
    }

    /** Idempotent; call once per JVM before DL4J trains (driver and executors). */
    public static synchronized void install() {
        if (!(System.out instanceof SameDiffStdout)) {
            System.setOut(new SameDiffStdout(System.out));
        }
    }

    @Override
    public void println(String line) {
        if (line == null || !line.startsWith(NOISE)) {
            super.println(line);
        }
    }
}
