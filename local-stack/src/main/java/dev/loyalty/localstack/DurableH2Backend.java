package dev.loyalty.localstack;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.util.Set;

/**
 * The stand-in's H2 file store, made to keep what it acknowledged: every write command is committed to the file
 * before its reply goes out. Plain {@code new H2Backend(file)} commits in the background about once a second, so
 * a {@code kill -9} of the process lost up to a second of acknowledged writes while the consumers' offsets, in
 * Kafka, said they were done (issue 15: accepted orders lost).
 * <p>
 * Concurrent writers share commits (a group commit): a writer takes a ticket once its write is applied and waits;
 * one committer thread commits everything applied so far and releases every ticket issued before that commit
 * began, so under load one commit answers many writes. The commit reaches the operating system, not the disk (no
 * fsync), which is what surviving a killed process needs; a power cut is a real MongoDB's job (journal, replica set).
 */
final class DurableH2Backend extends H2Backend {

    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "create",
            "createindexes", "drop", "dropindexes", "dropdatabase", "renamecollection");

    private final Object tickets = new Object();
    private long issued;
    private long committed;
    private volatile boolean closed;

    DurableH2Backend(String fileName) {
        super(MVStore.open(fileName));
        Thread committer = new Thread(this::commitWhileWritersWait, "mongo-stand-in-group-commit");
        committer.setDaemon(true);
        committer.start();
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Document response = super.handleCommand(channel, databaseName, command, query);
        if (WRITES.contains(command.toLowerCase(java.util.Locale.ROOT))) {
            awaitCommitted();
        }
        return response;
    }

    /** Returns once a commit that began after this write was applied has ended. */
    private void awaitCommitted() {
        synchronized (tickets) {
            long ticket = ++issued;
            tickets.notifyAll();
            while (committed < ticket && !closed) {
                try {
                    tickets.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while committing", e);
                }
            }
        }
    }

    private void commitWhileWritersWait() {
        while (!closed) {
            long upTo;
            synchronized (tickets) {
                while (issued == committed && !closed) {
                    try {
                        tickets.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                upTo = issued;
            }
            if (!closed) {
                commit(); // every write holding a ticket up to upTo was applied before it
            }
            synchronized (tickets) {
                committed = upTo;
                tickets.notifyAll();
            }
        }
    }

    @Override
    public void close() {
        synchronized (tickets) {
            closed = true;
            tickets.notifyAll();
        }
        super.close(); // closing the store commits what is left
    }
}
