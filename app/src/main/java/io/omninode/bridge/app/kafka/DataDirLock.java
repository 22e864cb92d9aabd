package io.omninode.bridge.app.kafka;

import io.omninode.bridge.app.BridgeException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS file lock on {@code <dataDir>/kafka.lock}, held while an embedded broker uses
 * the directory. Kafka locks its log directory only when the broker half starts, after the
 * controller half has opened the metadata log; a second broker on the same directory would
 * corrupt that log and crash the first. This lock is taken before either starts.
 */
final class DataDirLock implements AutoCloseable {

    static final String FILE_NAME = "kafka.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws BridgeException when another process, or another broker in this JVM, holds it */
    static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new BridgeException("cannot use data dir " + dataDir + ": cannot open " + file + ": " + e.getMessage(), e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new BridgeException("data dir " + dataDir + " is in use by another running bridge (lock "
                    + file + "); stop it or choose another --data-dir");
        }
        return new DataDirLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it as well
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }
}
