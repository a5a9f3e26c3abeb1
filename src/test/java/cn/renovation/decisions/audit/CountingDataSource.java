package cn.renovation.decisions.audit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source that counts, for the paging tests, how many record rows each query returned: the most
 * any one result set held is what a walk of the log had in memory at once from the database.
 */
final class CountingDataSource {
    final AtomicInteger queries = new AtomicInteger();
    final AtomicInteger mostRowsInOneResult = new AtomicInteger();
    final DataSource dataSource;

    CountingDataSource(DataSource target) {
        this.dataSource = proxy(DataSource.class, target, (t, m, a) -> {
            Object r = m.invoke(t, a);
            return r instanceof Connection c ? proxy(Connection.class, c, this::connection) : r;
        });
    }

    private Object connection(Object target, java.lang.reflect.Method m, Object[] a) throws Exception {
        Object r = m.invoke(target, a);
        if (r instanceof PreparedStatement s
                && a != null
                && a[0] instanceof String sql
                && sql.contains("FROM decision_record")) {
            return proxy(PreparedStatement.class, s, (t, mm, aa) -> {
                Object rr = mm.invoke(t, aa);
                if (rr instanceof ResultSet rs) {
                    queries.incrementAndGet();
                    AtomicInteger rows = new AtomicInteger();
                    return proxy(ResultSet.class, rs, (t2, m2, a2) -> {
                        Object v = m2.invoke(t2, a2);
                        if (m2.getName().equals("next") && Boolean.TRUE.equals(v)) {
                            mostRowsInOneResult.accumulateAndGet(rows.incrementAndGet(), Math::max);
                        }
                        return v;
                    });
                }
                return rr;
            });
        }
        return r;
    }

    @FunctionalInterface
    private interface Call<T> {
        Object call(T target, java.lang.reflect.Method m, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Call<T> call) {
        InvocationHandler h = (p, m, a) -> {
            try {
                return call.call(target, m, a);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h);
    }
}
