package org.gss.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a live process has used so far, from {@code /proc/<pid>/status} and {@code /proc/<pid>/stat}: resident memory
 * now (VmRSS) and at its peak (VmHWM), and CPU time (user + system). CPU time does not depend on how busy the machine
 * is, so it compares runs on a shared machine where wall times do not.
 */
public record ProcessStats(long rssKib, long peakKib, long cpuMillis) {
    /** Linux's USER_HZ, the unit of the CPU times in /proc/<pid>/stat (100 on every mainstream kernel build). */
    private static final long TICKS_PER_SECOND = 100;

    public static Optional<ProcessStats> of(long pid) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            long rss = -1;
            long hwm = -1;
            for (String line : Files.readAllLines(proc.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line);
                }
            }
            // the command name in parentheses may contain spaces: count fields after the last ')'
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
            return rss < 0 || hwm < 0 ? Optional.empty()
                    : Optional.of(new ProcessStats(rss, hwm, ticks * 1000 / TICKS_PER_SECOND));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone, or no /proc (not Linux): usage is then simply not reported
        }
    }

    /** "VmHWM:   123456 kB" → 123456 */
    private static long kib(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]);
    }
}
