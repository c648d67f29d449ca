package org.gss.cli;

/** Wrong command-line usage; exit code 2 with the command's usage text. */
public class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }
}
