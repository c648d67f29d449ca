package org.gss.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Polls memory and CPU time of the cluster's processes a few times a second. Peaks come from VmHWM, which the kernel
 * keeps per process, so short spikes between two polls are still seen as long as the process is polled once after.
 */
final class UsageSampler implements AutoCloseable {
    private final Supplier<Map<String, ProcessHandle>> processes;
    private final Map<String, UsageReport.Usage> seen = new ConcurrentHashMap<>();
    private final Map<String, Long> order = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    UsageSampler(Supplier<Map<String, ProcessHandle>> processes, long intervalMillis) {
        this.processes = processes;
        this.thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cluster-usage-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void sample() {
        for (Map.Entry<String, ProcessHandle> e : processes.get().entrySet()) {
            ProcessStats.of(e.getValue().pid()).ifPresent(s -> {
                order.putIfAbsent(e.getKey(), System.nanoTime());
                seen.merge(e.getKey(), new UsageReport.Usage(s.rssKib() / 1024, s.peakKib() / 1024,
                        s.cpuMillis() / 1000.0), (a, b) -> new UsageReport.Usage(b.lastMib(),
                                Math.max(a.peakMib(), b.peakMib()), Math.max(a.cpuSeconds(), b.cpuSeconds())));
            });
        }
    }

    /** Everything seen so far, in the order processes were first seen. */
    synchronized UsageReport report() {
        sample();
        Map<String, UsageReport.Usage> out = new LinkedHashMap<>();
        order.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> out.put(e.getKey(), seen.get(e.getKey())));
        return new UsageReport(out);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
