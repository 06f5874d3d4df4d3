package dev.creditdesk.shared.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

/**
 * How many connections the pool holds. Every thread that may run SQL at once needs one: Tomcat's
 * request threads ({@code server.tomcat.threads.max}), the background jobs' scheduler threads
 * ({@code spring.task.scheduling.pool.size}) and a few for start-up work. With no more request
 * threads than connections, a burst of clients waits in Tomcat's accept queue instead of timing
 * out on the pool; a pool set smaller is allowed (several nodes sharing one database's
 * {@code max_connections}) and logged, and a request that still finds no connection within the
 * connection timeout is answered 503 with {@code Retry-After}.
 */
final class PoolSizing {

    private static final Logger log = LoggerFactory.getLogger(PoolSizing.class);
    static final int SPARE = 2;

    private PoolSizing() {
    }

    static int size(Integer configured, Environment environment) {
        int requestThreads = environment.getProperty("server.tomcat.threads.max", Integer.class, 200);
        int jobThreads = environment.getProperty("spring.task.scheduling.pool.size", Integer.class, 1);
        int needed = requestThreads + jobThreads + SPARE;
        if (configured == null) {
            return needed;
        }
        if (configured < needed) {
            log.warn("creditdesk.database.pool-size={} is below the {} threads that may use a connection at once "
                    + "({} request threads, {} job threads, {} spare): under load requests wait up to the "
                    + "connection timeout and are answered 503", configured, needed, requestThreads, jobThreads, SPARE);
        }
        return configured;
    }
}
