package io.omninode.bridge.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the off-heap memory of every RocksDB store of the process (the "bounded memory" recipe of
 * the Kafka Streams memory-management docs): one shared {@link LRUCache} holds data blocks,
 * index and filter blocks (high priority, L0 pinned) and, through one shared
 * {@link WriteBufferManager}, the memtables.
 *
 * <p>The budget is {@value #MEMORY_BYTES_CONFIG} (bytes, default {@value #DEFAULT_MEMORY_BYTES})
 * from the Streams configuration; memtables may take up to half of it. The cache is created by
 * the first store that opens and shared by every later one, including those of other
 * {@code KafkaStreams} instances in the same JVM (a different budget there is ignored, with a
 * warning). It lives as long as the process and is never closed here.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

    /** Streams config key of the process-wide RocksDB memory budget, in bytes. */
    public static final String MEMORY_BYTES_CONFIG = "bridge.rocksdb.memory.bytes";
    public static final long DEFAULT_MEMORY_BYTES = 64L * 1024 * 1024;

    private static final double WRITE_BUFFER_SHARE = 0.5;
    private static final double INDEX_FILTER_HIGH_PRIORITY_SHARE = 0.1;
    private static final Logger LOG = LoggerFactory.getLogger(BoundedRocksDbConfig.class);

    private static Shared shared;

    private record Shared(long capacity, Cache cache, WriteBufferManager writeBuffers) {
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared memory = shared(memoryBytes(configs));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinL0FilterAndIndexBlocksInCache(true);
        options.setWriteBufferManager(memory.writeBuffers());
        options.setTableFormatConfig(table);
    }

    /**
     * Nothing per store to close: this setter creates no per-store native objects (Kafka closes
     * the store's own options and filter), and the shared cache and write buffer manager must
     * outlive every store.
     */
    @Override
    public void close(String storeName, Options options) {
    }

    /** The budget of the shared cache, or 0 before the first store opened. */
    static synchronized long sharedCapacity() {
        return shared == null ? 0 : shared.capacity();
    }

    private static synchronized Shared shared(long capacity) {
        if (shared == null) {
            Cache cache = new LRUCache(capacity, -1, false, INDEX_FILTER_HIGH_PRIORITY_SHARE);
            shared = new Shared(capacity, cache, new WriteBufferManager((long) (capacity * WRITE_BUFFER_SHARE), cache));
        } else if (shared.capacity() != capacity) {
            LOG.warn("RocksDB memory is already bounded to {} bytes in this process; ignoring {}={}",
                    shared.capacity(), MEMORY_BYTES_CONFIG, capacity);
        }
        return shared;
    }

    static long memoryBytes(Map<String, ?> configs) {
        Object value = configs.get(MEMORY_BYTES_CONFIG);
        if (value == null) {
            return DEFAULT_MEMORY_BYTES;
        }
        long bytes = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
        if (bytes <= 0) {
            throw new IllegalArgumentException(MEMORY_BYTES_CONFIG + " must be positive: " + value);
        }
        return bytes;
    }
}
