package org.gss.testing;

import org.apache.spark.sql.SparkSession;
import org.gss.jobs.TestSpark;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A local Spark session for one test class, built as the jobs build theirs ({@link TestSpark}), started before the
 * class's {@code @BeforeAll} methods and stopped after its {@code @AfterAll} methods. Commands run in-process during
 * the class find it and share it. The one Spark start/stop of the tests:
 * <pre>
 * &#64;RegisterExtension
 * static final LocalSpark SPARK = new LocalSpark(2);
 * ... SPARK.session() ...
 * </pre>
 */
public final class LocalSpark implements BeforeAllCallback, AfterAllCallback {
    private final int threads;
    private SparkSession session;

    /** A session on {@code local[threads]}. */
    public LocalSpark(int threads) {
        this.threads = threads;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        session = TestSpark.start(threads);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (session != null) {
            session.stop();
            session = null;
        }
        // the stopped session would otherwise stay the thread's active one
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    /** The running session (between the class's first and last callbacks). */
    public SparkSession session() {
        if (session == null) {
            throw new IllegalStateException("the Spark session runs only while the test class does");
        }
        return session;
    }
}
