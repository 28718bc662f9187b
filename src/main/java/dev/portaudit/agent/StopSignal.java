package dev.portaudit.agent;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Asks the agent to stop. The agent waits on it between scans instead of sleeping, and is never
 * interrupted: interrupting a thread inside file I/O would close the journal mid-write.
 */
public final class StopSignal {

    private final CountDownLatch latch = new CountDownLatch(1);

    public void stop() {
        latch.countDown();
    }

    public boolean stopped() {
        return latch.getCount() == 0;
    }

    /** Waits up to {@code d}; returns true when asked to stop. */
    public boolean await(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return stopped();
        }
        try {
            return latch.await(d.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
