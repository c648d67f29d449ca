package org.gss.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --break-lock} removes only the lock of a holder that is gone: while the holder named in {@code _lock} runs on
 * this host it refuses (naming the override flag); {@code status} says when a lock is stale.
 */
class LockSafetyTest {
    private final Configuration conf = new Configuration();

    @TempDir
    Path dir;

    @Test
    void breakLockRefusesWhileTheHolderRunsOnThisHost() {
        String lock = dir.resolve("cache/_lock").toString();
        try (CacheLock held = CacheLock.acquire(lock, "token-cache build", 0, conf)) {
            CacheLockedException e = assertThrows(CacheLockedException.class,
                    () -> CacheLock.breakLock(lock, conf, false));
            assertTrue(e.getMessage().contains("--force-break-lock"), e.getMessage());
            assertTrue(Files.exists(Path.of(lock)), "the live holder's lock is kept");
            assertTrue(CacheLock.describe(lock, conf).orElseThrow().contains("holder running on this host"));
            assertTrue(CacheLock.breakLock(lock, conf, true).isPresent(), "the override removes it");
            assertFalse(Files.exists(Path.of(lock)));
        }
    }

    @Test
    void aDeadHoldersLockIsMarkedStaleAndBroken() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long deadPid = p.pid();
        Path lock = dir.resolve("cache/_lock");
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, "{\"owner\":\"x\",\"host\":\"" + InetAddress.getLocalHost().getHostName()
                + "\",\"pid\":" + deadPid + ",\"command\":\"token-cache build\"}");
        assertTrue(CacheLock.describe(lock.toString(), conf).orElseThrow().contains("STALE"),
                CacheLock.describe(lock.toString(), conf).orElseThrow());
        assertEquals(CacheLock.HolderState.DEAD, CacheLock.state(Files.readString(lock)));
        assertTrue(CacheLock.breakLock(lock.toString(), conf, false).isPresent());
        assertFalse(Files.exists(lock));
    }

    @Test
    void aHolderOnAnotherHostCannotBeCheckedAndIsSaidSo() throws Exception {
        Path lock = dir.resolve("cache/_lock");
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, "{\"owner\":\"x\",\"host\":\"elsewhere.example\",\"pid\":1}");
        assertEquals(CacheLock.HolderState.UNKNOWN, CacheLock.state(Files.readString(lock)));
        assertTrue(CacheLock.describe(lock.toString(), conf).orElseThrow().contains("another host"));
    }
}
