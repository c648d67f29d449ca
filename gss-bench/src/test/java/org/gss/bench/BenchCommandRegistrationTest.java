package org.gss.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.gss.cli.Command;
import org.gss.cli.Commands;
import org.gss.cli.Main;
import org.junit.jupiter.api.Test;

/** gss-bench on the classpath: the command line finds {@code bench} through ServiceLoader, in its old place. */
class BenchCommandRegistrationTest {
    @Test
    void benchIsListedAfterPredictAndNamesEveryBenchmark() {
        List<String> names = Commands.all().list().stream().map(Command::name).toList();
        assertEquals(names.indexOf("predict") + 1, names.indexOf("bench"), names.toString());
        assertTrue(Commands.all().find("bench").orElseThrow() instanceof BenchCommand);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(Main.OK, Main.run(new String[] {"--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("  bench "), out.toString(StandardCharsets.UTF_8));

        out.reset();
        assertEquals(Main.OK, Main.run(new String[] {"bench", "--help"}, new PrintStream(out, true,
                StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8)));
        for (String b : List.of("metrics", "tokenizer", "train", "token-cache")) {
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("  " + b + " "), b);
        }
    }
}
