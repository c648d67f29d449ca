package org.gss.cluster;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the cluster's processes used, by role ("master", "worker-0", "executor@worker-1 pid 123", "driver-2"): resident
 * memory last seen and at its peak (VmHWM) in MiB, and CPU seconds, as last seen while the process lived.
 */
public record UsageReport(Map<String, Usage> byRole) {
    public record Usage(long lastMib, long peakMib, double cpuSeconds) {
    }

    /** Sum of the peaks of the roles whose name starts with a prefix ("executor", "worker", "master", "driver"). */
    public long peakMib(String rolePrefix) {
        return byRole.entrySet().stream().filter(e -> e.getKey().startsWith(rolePrefix))
                .mapToLong(e -> e.getValue().peakMib()).sum();
    }

    /** Sum of the CPU seconds of the roles whose name starts with a prefix. */
    public double cpuSeconds(String rolePrefix) {
        return byRole.entrySet().stream().filter(e -> e.getKey().startsWith(rolePrefix))
                .mapToDouble(e -> e.getValue().cpuSeconds()).sum();
    }

    /** The usage of the cluster's processes (driver, executors) that appeared since {@code before}, as text. */
    static String newSince(StandaloneCluster cluster, UsageReport before) {
        Map<String, Usage> fresh = new java.util.LinkedHashMap<>(cluster.usage().byRole());
        fresh.keySet().removeAll(before.byRole().keySet());
        return new UsageReport(fresh).toString();
    }

    @Override
    public String toString() {
        return byRole.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %d MiB (peak %d, cpu %.1f s)", e.getKey(),
                        e.getValue().lastMib(), e.getValue().peakMib(), e.getValue().cpuSeconds()))
                .collect(Collectors.joining("; "));
    }
}
