package org.ipfailover.test.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.LinkListener;
import org.ipfailover.api.LinkState;
import org.ipfailover.api.LinkWatch;
import org.ipfailover.api.NetworkBackend;
import org.ipfailover.api.Vip;

/**
 * A network backend that changes no interface: it keeps the addresses it was given, as an
 * interface would, and writes each call into a trace ("acquire eth0:198.51.100.10/24"), which a
 * test may share with its actions to see the whole pipeline in order, and which may say what else
 * was true at each call ({@link #noting}). {@link #inHome} keeps the
 * addresses in a file of a node's home instead, so that, like the kernel's, they outlive a killed
 * node, and logs each call with its time for the system tests that put two nodes side by side.
 *
 * <p>It depends on the API alone: the system tests pack it into the fixture bundle of a node.
 */
public final class RecordingBackend implements NetworkBackend {
    /** One call, with {@link System#nanoTime()} when it was made. */
    public record Call(String operation, Vip vip, long nanos) {
    }

    private final Addresses held;
    private final List<String> trace;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> interfacesAsked = Collections.synchronizedSet(new HashSet<>());
    private final Path log;
    private volatile Set<String> interfaces;
    private volatile Supplier<String> note = () -> "";
    private volatile boolean refuseAcquire;
    private volatile boolean nameFails;
    private volatile java.util.Map<String, Boolean> links;
    private final List<LinkListener> linkListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** In memory, with a trace of its own. */
    public RecordingBackend() {
        this(Collections.synchronizedList(new ArrayList<>()));
    }

    /** @param trace where each call is written; synchronized, since the detector calls from its threads */
    public RecordingBackend(List<String> trace) {
        this(new InMemory(), trace, null);
    }

    private RecordingBackend(Addresses held, List<String> trace, Path log) {
        this.held = held;
        this.trace = trace;
        this.log = log;
    }

    /** @return a backend whose addresses live in {@code var/recording-backend.held} and whose calls go to {@code var/recording-backend.log} */
    public static RecordingBackend inHome(Path home) {
        return new RecordingBackend(new InFile(home.resolve("var/recording-backend.held")),
                Collections.synchronizedList(new ArrayList<>()), home.resolve("var/recording-backend.log"));
    }

    /** This host has these interfaces only: adding an address to another one fails, as it does with iproute2. */
    public RecordingBackend withInterfaces(String... devices) {
        interfaces = Set.of(devices);
        return this;
    }

    /**
     * Lets the detector watch these interfaces' links, each up or down as given, until
     * {@link #link} changes one; without it, the backend cannot watch links.
     */
    public RecordingBackend withLinks(java.util.Map<String, Boolean> states) {
        links = new java.util.concurrent.ConcurrentHashMap<>(states);
        return this;
    }

    /** A link changes, as when a cable is pulled or plugged: every watch is told. */
    public void link(String device, boolean up) {
        links.put(device, up);
        for (LinkListener listener : linkListeners) {
            listener.linkChanged(new LinkState(device, up, up ? "UP,LOWER_UP" : "NO-CARRIER"));
        }
    }

    /** @return how many link watches are open */
    public int linkWatches() {
        return linkListeners.size();
    }

    @Override
    public LinkWatch watchLinks(LinkListener listener) throws BackendException {
        java.util.Map<String, Boolean> states = links;
        if (states == null) {
            throw new BackendException("recording cannot watch links");
        }
        states.forEach((device, up) -> listener.linkChanged(new LinkState(device, up, up ? "UP,LOWER_UP" : "NO-CARRIER")));
        linkListeners.add(listener);
        return () -> linkListeners.remove(listener);
    }

    /** Adds to each line of the trace what {@code note} says at the time of the call, e.g. whether a volume is mounted. */
    public RecordingBackend noting(Supplier<String> note) {
        this.note = () -> " " + note.get();
        return this;
    }

    /** Makes adding an address fail, as adding one to a missing interface does. */
    public void refuseAcquire(boolean refuse) {
        refuseAcquire = refuse;
    }

    /** Makes {@link #name()} throw, as a plugin with a bug would. */
    public void nameFails(boolean fails) {
        nameFails = fails;
    }

    /** Puts an address on the interface without a call, as one left from before a restart. */
    public void hold(Vip vip) {
        held.add(vip);
    }

    /** @return the addresses held now, on every interface */
    public Set<Vip> held() {
        return held.all();
    }

    /** @return the trace this backend writes to */
    public List<String> trace() {
        return trace;
    }

    /** @return whether anyone asked if this host has the interface: a configuration naming it was checked */
    public boolean askedFor(String device) {
        return interfacesAsked.contains(device);
    }

    /** @return the first call of this operation made at or after {@code sinceNanos} */
    public Optional<Call> firstCall(String operation, long sinceNanos) {
        synchronized (calls) {
            return calls.stream().filter(call -> call.operation().equals(operation) && call.nanos() - sinceNanos >= 0).findFirst();
        }
    }

    @Override
    public String name() {
        if (nameFails) {
            throw new IllegalStateException("no name today");
        }
        return "recording";
    }

    @Override
    public void acquire(Vip vip) throws BackendException {
        if (refuseAcquire || !hasInterface(vip.device())) {
            record("refused", vip);
            throw new BackendException("Cannot find device \"" + vip.device() + "\"");
        }
        held.add(vip);
        record("acquire", vip);
    }

    @Override
    public void release(Vip vip) {
        held.remove(vip);
        record("release", vip);
    }

    @Override
    public void announce(Vip vip) {
        record("announce", vip);
    }

    @Override
    public Set<Vip> held(String device) {
        return held.all().stream().filter(vip -> vip.device().equals(device)).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public boolean hasInterface(String device) {
        interfacesAsked.add(device);
        Set<String> known = interfaces;
        return known == null || known.contains(device);
    }

    private void record(String operation, Vip vip) {
        calls.add(new Call(operation, vip, System.nanoTime()));
        trace.add(operation + " " + vip + note.get());
        if (log != null) {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            try {
                Files.createDirectories(log.getParent());
                Files.writeString(log, micros + " " + operation + " " + vip + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Where the held addresses are kept. */
    private interface Addresses {
        void add(Vip vip);

        void remove(Vip vip);

        Set<Vip> all();
    }

    private static final class InMemory implements Addresses {
        private final Set<Vip> vips = Collections.synchronizedSet(new HashSet<>());

        @Override
        public void add(Vip vip) {
            vips.add(vip);
        }

        @Override
        public void remove(Vip vip) {
            vips.remove(vip);
        }

        @Override
        public Set<Vip> all() {
            synchronized (vips) {
                return Set.copyOf(vips);
            }
        }
    }

    /** One address a line, rewritten on each change. */
    private static final class InFile implements Addresses {
        private final Path file;

        InFile(Path file) {
            this.file = file;
        }

        @Override
        public synchronized void add(Vip vip) {
            Set<String> lines = read();
            lines.add(vip.toString());
            write(lines);
        }

        @Override
        public synchronized void remove(Vip vip) {
            Set<String> lines = read();
            lines.remove(vip.toString());
            write(lines);
        }

        @Override
        public synchronized Set<Vip> all() {
            return read().stream().map(Vip::parse).collect(Collectors.toUnmodifiableSet());
        }

        private Set<String> read() {
            try {
                return Files.exists(file) ? new LinkedHashSet<>(Files.readAllLines(file)) : new LinkedHashSet<>();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void write(Set<String> lines) {
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, lines);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
