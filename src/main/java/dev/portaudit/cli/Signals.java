package dev.portaudit.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT ask the agent to stop and let it finish on its own, so it flushes and exits 0
 * instead of the JVM's 143/130.
 */
final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    @SuppressWarnings("removal")
    static void onTermination(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    LOG.info("SIG{} received: stopping", name);
                    action.run();
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                LOG.debug("cannot handle SIG{} here ({}); falling back to a shutdown hook", name, e.toString());
                Runtime.getRuntime().addShutdownHook(new Thread(action, "portaudit-stop"));
            }
        }
    }
}
