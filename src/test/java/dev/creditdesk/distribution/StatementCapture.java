package dev.creditdesk.distribution;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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
 * Records the SQL the application sends, with the values bound to it, while {@link #start()}ed:
 * the DataSource bean is wrapped in proxies (DataSource → Connection → Statement), so every
 * JdbcClient, transaction and job goes through them. Only for a test's own context ({@code @Import} it).
 */
class StatementCapture implements BeanPostProcessor {

    /** One statement as sent: its SQL (with {@code ?} placeholders) and the setters that bound its values. */
    record Captured(String sql, List<Binding> bindings) {
    }

    /** A {@code PreparedStatement.setXxx(index, …)} call, replayed on the statement that explains it. */
    record Binding(Method setter, Object[] arguments) {
    }

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "addBatch");

    private final List<Captured> captured = new ArrayList<>();
    private volatile boolean recording;

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        return bean instanceof DataSource dataSource ? wrap(dataSource) : bean;
    }

    void start() {
        synchronized (captured) {
            captured.clear();
        }
        recording = true;
    }

    List<Captured> stop() {
        recording = false;
        synchronized (captured) {
            return List.copyOf(captured);
        }
    }

    /** A subclass proxy, so that whoever asks for the pool's own type (HikariDataSource) still gets it. */
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
            Object result = invoke(target, method, args);
            if (result instanceof PreparedStatement statement && args != null && args[0] instanceof String sql) {
                return wrap(statement, sql);
            }
            if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                return wrap(statement);
            }
            return result;
        });
    }

    private Object wrap(PreparedStatement statement, String sql) {
        List<Binding> bindings = new ArrayList<>();
        return proxy(statement, (target, method, args) -> {
            if (method.getName().startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer) {
                bindings.add(new Binding(method, args.clone()));
            } else if (EXECUTIONS.contains(method.getName()) && (args == null || args.length == 0)) {
                record(sql, bindings);
            }
            return invoke(target, method, args);
        });
    }

    private Object wrap(Statement statement) {
        return proxy(statement, (target, method, args) -> {
            if (EXECUTIONS.contains(method.getName()) && args != null && args.length > 0 && args[0] instanceof String sql) {
                record(sql, List.of());
            }
            return invoke(target, method, args);
        });
    }

    private void record(String sql, List<Binding> bindings) {
        if (recording) {
            synchronized (captured) {
                captured.add(new Captured(sql, List.copyOf(bindings)));
            }
        }
    }

    private interface Handler {
        Object handle(Object target, Method method, Object[] args) throws Throwable;
    }

    private static Object proxy(Object target, Handler handler) {
        Class<?>[] interfaces = ClassUtils.getAllInterfacesForClass(target.getClass());
        InvocationHandler invocation = (proxy, method, args) -> switch (method.getName()) {
            case "equals" -> args[0] == proxy;
            case "hashCode" -> System.identityHashCode(proxy);
            default -> handler.handle(target, method, args);
        };
        return Proxy.newProxyInstance(StatementCapture.class.getClassLoader(), interfaces, invocation);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
