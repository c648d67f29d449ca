package org.gss.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Polls the resident memory of the cluster's processes a few times a second. Peaks come from VmHWM, which the kernel
 * keeps per process, so short spikes between two polls are still seen as long as the process is polled once after.
 */
final class MemorySampler implements AutoCloseable {
    private final Supplier<Map<String, ProcessHandle>> processes;
    private final Map<String, MemoryReport.Usage> seen = new ConcurrentHashMap<>();
    private final Map<String, Long> order = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    MemorySampler(Supplier<Map<String, ProcessHandle>> processes, long intervalMillis) {
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
        }, "cluster-memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void sample() {
        for (Map.Entry<String, ProcessHandle> e : processes.get().entrySet()) {
            ProcessMemory.of(e.getValue().pid()).ifPresent(m -> {
                order.putIfAbsent(e.getKey(), System.nanoTime());
                seen.merge(e.getKey(), new MemoryReport.Usage(m.rssKib() / 1024, m.peakKib() / 1024),
                        (a, b) -> new MemoryReport.Usage(b.lastMib(), Math.max(a.peakMib(), b.peakMib())));
            });
        }
    }

    /** Everything seen so far, in the order processes were first seen. */
    synchronized MemoryReport report() {
        sample();
        Map<String, MemoryReport.Usage> out = new LinkedHashMap<>();
        order.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .forEach(e -> out.put(e.getKey(), seen.get(e.getKey())));
        return new MemoryReport(out);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
