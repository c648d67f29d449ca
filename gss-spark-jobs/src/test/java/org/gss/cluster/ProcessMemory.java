package org.gss.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resident memory of a live process, from {@code /proc/<pid>/status}: now (VmRSS) and its peak so far (VmHWM). */
public record ProcessMemory(long rssKib, long peakKib) {
    public static Optional<ProcessMemory> of(long pid) {
        try {
            long rss = -1;
            long hwm = -1;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                }
            }
            return rss < 0 || hwm < 0 ? Optional.empty() : Optional.of(new ProcessMemory(rss, hwm));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or no /proc (not Linux): memory is then simply not reported
        }
    }

    /** "VmHWM:   123456 kB" → 123456 */
    private static long kib(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]);
    }
}
