package io.omninode.bridge.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omninode.bridge.schemas.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbConfigTest {

    static {
        RocksDB.loadLibrary();
    }

    @Test
    void shouldShareOneWriteBufferManagerAndCacheIndexAndFilterBlocksForEveryStore() {
        // Given
        BoundedRocksDbConfig setter = new BoundedRocksDbConfig();
        Map<String, Object> configs = Map.of(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, 32L << 20);
        try (Options first = options(); Options second = options()) {
            // When
            setter.setConfig(StoreNames.SERVICE_HEALTH, first, configs);
            setter.setConfig(StoreNames.SERVICE_REGISTRY, second, configs);

            // Then
            assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
            BlockBasedTableConfig table = (BlockBasedTableConfig) first.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(table.cacheIndexAndFilterBlocksWithHighPriority()).isTrue();
            assertThat(table.pinL0FilterAndIndexBlocksInCache()).isTrue();
            assertThat(BoundedRocksDbConfig.sharedCapacity()).isPositive();

            // And closing a store leaves the shared objects usable for the next one
            setter.close(StoreNames.SERVICE_HEALTH, first);
            assertThat(second.writeBufferManager().isOwningHandle()).isTrue();
        }
    }

    @Test
    void shouldReadTheBudgetFromTheStreamsConfiguration() {
        // Given
        Properties props = BridgeStreamsConfig.properties("app", "kafka:9092", Path.of("state"), null,
                Topics.defaults(), 128L << 20);

        // When / Then
        assertThat(BoundedRocksDbConfig.memoryBytes(Map.of(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG,
                props.get(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG)))).isEqualTo(128L << 20);
        assertThat(BoundedRocksDbConfig.memoryBytes(Map.of(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, "1048576")))
                .isEqualTo(1L << 20);
        assertThat(BoundedRocksDbConfig.memoryBytes(Map.of())).isEqualTo(BoundedRocksDbConfig.DEFAULT_MEMORY_BYTES);
        assertThatThrownBy(() -> BoundedRocksDbConfig.memoryBytes(Map.of(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Options options() {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfig());
        return options;
    }
}
