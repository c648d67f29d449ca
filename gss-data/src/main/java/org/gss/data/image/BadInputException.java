package org.gss.data.image;

/** Input data that cannot be used (missing, truncated, corrupt, wrong size, out-of-range ids). Always names the file. */
public class BadInputException extends RuntimeException {
    private final String file;

    public BadInputException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public BadInputException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file (URI or path) the problem is in. */
    public String file() {
        return file;
    }
}
