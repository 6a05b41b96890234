package io.github.lruarena.internal.jmx;

import io.github.lruarena.PoolStats;
import io.github.lruarena.SegmentPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A pool's MXBean: every attribute reads a fresh snapshot. Registered on the platform MBean server
 * by {@link #register}, removed by {@link #unregister}.
 */
public final class PoolMXBeanImpl implements SegmentPoolMXBean {

    private final String name;
    private final Supplier<PoolStats> stats;
    private final Runnable trim;
    private final ObjectName objectName;

    private PoolMXBeanImpl(String name, Supplier<PoolStats> stats, Runnable trim) throws JMException {
        this.name = name;
        this.stats = stats;
        this.trim = trim;
        this.objectName = new ObjectName("io.github.lruarena:type=SegmentPool,name=" + ObjectName.quote(name));
    }

    /**
     * Registers a pool's MXBean.
     *
     * @return the registered bean, to unregister at close
     * @throws IllegalArgumentException if a pool of the same name is registered already
     */
    public static PoolMXBeanImpl register(String name, Supplier<PoolStats> stats, Runnable trim) {
        try {
            PoolMXBeanImpl bean = new PoolMXBeanImpl(name, stats, trim);
            ManagementFactory.getPlatformMBeanServer().registerMBean(bean, bean.objectName);
            return bean;
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalArgumentException("A pool named '" + name + "' is registered with JMX already; "
                    + "give each pool with jmx(true) its own name", e);
        } catch (JMException e) {
            throw new IllegalStateException("Cannot register pool '" + name + "' with JMX", e);
        }
    }

    /** Removes this bean from the platform MBean server; a second call does nothing. */
    public void unregister() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.unregisterMBean(objectName);
        } catch (InstanceNotFoundException e) {
            // already unregistered
        } catch (JMException e) {
            throw new IllegalStateException("Cannot unregister " + objectName, e);
        }
    }

    /** @return the name the bean is registered under */
    public ObjectName objectName() {
        return objectName;
    }

    @Override public String getName() { return name; }
    @Override public long getHits() { return stats.get().hits(); }
    @Override public long getMisses() { return stats.get().misses(); }
    @Override public double getHitRate() { return stats.get().hitRate(); }
    @Override public long getReleases() { return stats.get().releases(); }
    @Override public long getEvictions() { return stats.get().evictions(); }
    @Override public long getEvictedBytes() { return stats.get().evictedBytes(); }
    @Override public long getRetainedBytes() { return stats.get().retainedBytes(); }
    @Override public long getInUseBytes() { return stats.get().inUseBytes(); }
    @Override public long getPeakInUseBytes() { return stats.get().peakInUseBytes(); }
    @Override public long getNativeBytes() { return stats.get().nativeBytes(); }
    @Override public long getMaxRetainedBytes() { return stats.get().maxRetainedBytes(); }
    @Override public long getMaxTotalBytes() { return stats.get().maxTotalBytes(); }
    @Override public long getLeaks() { return stats.get().leaks(); }
    @Override public String getSummary() { return stats.get().summary(); }
    @Override public void trim() { trim.run(); }
}
