package org.gss.bench.cost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak GPU memory of one process as {@code nvidia-smi} reports it (its per-process "used_memory", which includes the
 * CUDA context and whatever the allocator holds), polled every half second while the process runs.
 */
final class GpuMemoryPoller {
    private final long pid;
    private final AtomicLong peak = new AtomicLong(-1);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private GpuMemoryPoller(long pid) {
        this.pid = pid;
        this.thread = new Thread(this::loop, "gpu-memory-poller");
        this.thread.setDaemon(true);
    }

    static GpuMemoryPoller start(long pid) {
        GpuMemoryPoller p = new GpuMemoryPoller(pid);
        p.thread.start();
        return p;
    }

    /** Stops polling; the peak in bytes, or -1 if nvidia-smi never listed the process. */
    long stop() throws InterruptedException {
        running.set(false);
        thread.join(5000);
        return peak.get();
    }

    private void loop() {
        while (running.get()) {
            try {
                Process p = new ProcessBuilder("nvidia-smi", "--query-compute-apps=pid,used_memory",
                        "--format=csv,noheader,nounits").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                peak.accumulateAndGet(usedBytes(out, pid), Math::max);
                Thread.sleep(500);
            } catch (IOException e) {
                return; // no nvidia-smi: the peak stays unknown
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The MiB that {@code pid} uses in nvidia-smi's "pid, used_memory" lines, in bytes; -1 if it is not listed. */
    static long usedBytes(String csv, long pid) {
        long bytes = -1;
        for (String line : csv.split("\n")) {
            String[] f = line.split(",");
            if (f.length == 2 && f[0].trim().equals(Long.toString(pid))) {
                try {
                    bytes = Math.max(bytes, Long.parseLong(f[1].trim()) * 1024 * 1024);
                } catch (NumberFormatException e) {
                    // "[N/A]" on some drivers
                }
            }
        }
        return bytes;
    }
}
