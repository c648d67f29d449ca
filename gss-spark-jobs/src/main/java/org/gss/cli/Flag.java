package org.gss.cli;

/** A command-specific option: {@code --name VALUE} when {@code takesValue}, else a boolean switch {@code --name}. */
public record Flag(String name, boolean takesValue, String help) {
    public static Flag value(String name, String help) {
        return new Flag(name, true, help);
    }

    public static Flag bool(String name, String help) {
        return new Flag(name, false, help);
    }
}
