package org.gss.store;

/** Another build or gc holds the cache's lock; the message names the holder and how to clear a stale lock. */
public final class CacheLockedException extends RuntimeException {
    public CacheLockedException(String message) {
        super(message);
    }
}
