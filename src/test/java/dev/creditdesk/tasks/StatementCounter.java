package dev.creditdesk.tasks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Records the SQL the calling thread sends through the DataSource while {@link #start()}ed, and
 * each commit and rollback (a round trip too), so a test can count what one call costs the
 * database. Only the starting thread is recorded: jobs and the outbox run on their own threads.
 * Only for a test's own context ({@code @Import} it).
 */
public class StatementCounter implements BeanPostProcessor {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch");
    private static final Set<String> ENDINGS = Set.of("commit", "rollback", "releaseSavepoint", "setSavepoint");

    private final List<String> recorded = new ArrayList<>();
    private volatile Thread recording;

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof DataSource dataSource ? wrap(dataSource) : bean;
    }

    public void start() {
        recorded.clear();
        recording = Thread.currentThread();
    }

    /** What was sent since {@link #start()}: the statements' SQL, and "commit" / "rollback" for each ending. */
    public List<String> stop() {
        recording = null;
        return List.copyOf(recorded);
    }

    private Object wrap(DataSource dataSource) {
        ProxyFactory factory = new ProxyFactory(dataSource);
        factory.setProxyTargetClass(true);
        factory.addAdvice((MethodInterceptor) invocation -> {
            Object result = invocation.proceed();
            return result instanceof Connection connection ? wrap(connection) : result;
        });
        return factory.getProxy();
    }

    private Connection wrap(Connection connection) {
        return (Connection) proxy(connection, (target, method, args) -> {
            if (ENDINGS.contains(method.getName())) {
                record(method.getName());
            }
            Object result = invoke(target, method, args);
            if (result instanceof PreparedStatement statement && args != null && args[0] instanceof String sql) {
                return proxy(statement, (t, m, a) -> {
                    if (EXECUTIONS.contains(m.getName()) && (a == null || a.length == 0)) {
                        record(sql);
                    }
                    return invoke(t, m, a);
                });
            }
            if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                return proxy(statement, (t, m, a) -> {
                    if (EXECUTIONS.contains(m.getName()) && a != null && a.length > 0 && a[0] instanceof String sql) {
                        record(sql);
                    }
                    return invoke(t, m, a);
                });
            }
            return result;
        });
    }

    private void record(String what) {
        if (recording == Thread.currentThread()) {
            recorded.add(what.replaceAll("\\s+", " ").trim());
        }
    }

    private interface Handler {
        Object handle(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable;
    }

    private static Object proxy(Object target, Handler handler) {
        Class<?>[] interfaces = ClassUtils.getAllInterfacesForClass(target.getClass());
        return Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), interfaces, (proxy, method, args) ->
                switch (method.getName()) {
                    case "equals" -> args[0] == proxy;
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> handler.handle(target, method, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
