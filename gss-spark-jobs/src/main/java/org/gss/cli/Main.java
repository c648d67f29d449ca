package org.gss.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.gss.backend.BackendDecision;
import org.gss.backend.BackendGuard;
import org.gss.backend.UnsupportedGpuException;
import org.gss.config.ConfigError;
import org.gss.data.image.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single entry point, for bin/gss (embedded local Spark) and spark-submit alike:
 * {@code gss <command> [--config FILE] [--set key=value]...}. Exit codes: 0 success, 2 usage or configuration error,
 * 1 job failure.
 */
public final class Main {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        org.gss.backend.SameDiffStdout.install();
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs a command and returns its exit code (never calls System.exit: tests call this). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Commands commands = Commands.all();
        if (args.length == 0) {
            out.print(commands.overview());
            return USAGE;
        }
        String name = args[0];
        if (name.equals("--version") || name.equals("version")) {
            out.print(VersionInfo.text());
            return OK;
        }
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            if (args.length > 1) {
                return commands.find(args[1]).map(c -> {
                    out.print(commands.helpOf(c));
                    return OK;
                }).orElseGet(() -> {
                    err.println("gss: unknown command '" + args[1] + "'");
                    return USAGE;
                });
            }
            out.print(commands.overview());
            return OK;
        }
        Command command = commands.find(name).orElse(null);
        if (command == null) {
            err.println("gss: unknown command '" + name + "'. Run 'gss help' for the list.");
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            CommandLine line = CommandLine.parse(name, rest, command.flags());
            if (line.help()) {
                out.print(commands.helpOf(command));
                return OK;
            }
            CommandContext ctx = new CommandContext(line, out);
            if (command.usesBackend()) {
                BackendDecision d = BackendGuard.check(ctx.config());
                LOG.debug("backend: {}", d);
            }
            return command.run(ctx);
        } catch (UsageError e) {
            err.println("gss " + name + ": " + e.getMessage());
            err.println("Run 'gss " + name + " --help' for usage.");
            return USAGE;
        } catch (ConfigError e) {
            err.println("gss " + name + ": configuration error: " + e.getMessage());
            return USAGE;
        } catch (UnsupportedGpuException e) {
            err.println("gss " + name + ": " + e.getMessage());
            return FAILED;
        } catch (BadInputException e) {
            LOG.debug("bad input", e);
            err.println("gss " + name + ": bad input: " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            Throwable root = rootCause(e);
            if (root instanceof BadInputException b) {
                err.println("gss " + name + ": bad input: " + b.getMessage());
                return FAILED;
            }
            if (root instanceof ConfigError c) {
                err.println("gss " + name + ": configuration error: " + c.getMessage());
                return USAGE;
            }
            LOG.error("gss {} failed", name, e);
            err.println("gss " + name + ": failed: " + describeFailure(e, root));
            return FAILED;
        }
    }

    /**
     * The innermost message our own code wrote (it names the file, key or store being worked on) followed by the root
     * cause, or the root cause alone when no gss code added one. The root alone can name nothing: an S3 store that went
     * away mid-build gave just "ConnectException: Connection refused".
     */
    static String describeFailure(Throwable t, Throwable root) {
        Throwable ours = null;
        for (Throwable r = t; r != null; r = r.getCause() == r ? null : r.getCause()) {
            StackTraceElement[] at = r.getStackTrace();
            if (r.getMessage() != null && at.length > 0 && at[0].getClassName().startsWith("org.gss.")) {
                ours = r;
            }
        }
        String rootText = root.getClass().getSimpleName() + ": " + root.getMessage();
        return ours == null || ours == root ? rootText : ours.getMessage() + " (cause: " + rootText + ")";
    }

    /** Spark wraps task failures several levels deep; the user wants the innermost message. */
    static Throwable rootCause(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            if (r instanceof BadInputException || r instanceof ConfigError) {
                return r;
            }
            r = r.getCause();
        }
        return r;
    }
}
