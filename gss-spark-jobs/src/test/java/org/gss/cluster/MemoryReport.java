package org.gss.cluster;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resident memory of the cluster's processes, by role ("master", "worker-0", "executor@worker-1 pid 123",
 * "driver-2"): the last value seen and the peak (VmHWM) seen while the process lived, in MiB.
 */
public record MemoryReport(Map<String, Usage> byRole) {
    public record Usage(long lastMib, long peakMib) {
    }

    /** Sum of the peaks of the roles whose name starts with a prefix ("executor", "worker", "master", "driver"). */
    public long peakMib(String rolePrefix) {
        return byRole.entrySet().stream().filter(e -> e.getKey().startsWith(rolePrefix))
                .mapToLong(e -> e.getValue().peakMib()).sum();
    }

    @Override
    public String toString() {
        return byRole.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %d MiB (peak %d)", e.getKey(), e.getValue().lastMib(),
                        e.getValue().peakMib()))
                .collect(Collectors.joining("; "));
    }
}
