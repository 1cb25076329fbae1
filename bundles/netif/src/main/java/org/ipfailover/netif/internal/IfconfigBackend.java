package org.ipfailover.netif.internal;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import org.ipfailover.api.BackendException;
import org.ipfailover.api.Vip;
import org.ipfailover.process.internal.ProcessRunner;

/**
 * macOS and the BSDs: addresses are aliases made and removed with ifconfig. These kernels send a
 * gratuitous ARP (IPv4) and run duplicate address detection (IPv6) whenever an address is
 * configured, so announcing an address configures it once more.
 */
final class IfconfigBackend implements OfferedBackend {
    static final String NAME = "ifconfig";

    private final Tool ifconfig;
    private final IfconfigCommands commands;
    private final CommandRunner runner;

    IfconfigBackend(NetifSettings settings, ProcessRunner processes) {
        this(Tool.locate("ifconfig", "the base system (net-tools on Linux)", "add and remove addresses"),
                new CommandRunner(processes, settings.commandTimeout()));
    }

    IfconfigBackend(Tool ifconfig, CommandRunner runner) {
        this.ifconfig = ifconfig;
        this.commands = new IfconfigCommands(ifconfig);
        this.runner = runner;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Tool> tools() {
        return List.of(ifconfig);
    }

    @Override
    public void acquire(Vip vip) throws BackendException {
        ifconfig.require("add " + vip);
        CommandResult result = runner.run(commands.add(vip, aliasPrefix(vip, held(vip.device()))));
        if (!result.succeeded() && !Idempotence.alreadyAdded(result)) {
            throw result.failure();
        }
    }

    @Override
    public void release(Vip vip) throws BackendException {
        ifconfig.require("remove " + vip);
        CommandResult result = runner.run(commands.remove(vip));
        if (!result.succeeded() && !Idempotence.alreadyRemoved(result)) {
            throw result.failure();
        }
    }

    @Override
    public void announce(Vip vip) throws BackendException {
        acquire(vip);
    }

    @Override
    public Set<Vip> held(String device) throws BackendException {
        ifconfig.require("read the addresses of " + device);
        CommandResult result = runner.run(commands.show(device)).orThrow();
        try {
            return IfconfigOutput.parse(device, result.stdout());
        } catch (IllegalArgumentException e) {
            throw new BackendException("cannot read the output of `" + result.commandLine() + "`: " + e.getMessage(), e);
        }
    }

    /**
     * BSD ifconfig(8): an alias in a network the interface already has needs a non-conflicting
     * netmask, "usually 0xffffffff"; an alias in a network of its own keeps its prefix.
     */
    static int aliasPrefix(Vip vip, Set<Vip> held) {
        int host = vip.ipv6() ? 128 : 32;
        for (Vip other : held) {
            if (!other.address().equals(vip.address()) && other.prefixLength() < host
                    && Addresses.sameNetwork(other.address(), other.prefixLength(), vip.address())) {
                return host;
            }
        }
        return vip.prefixLength();
    }

    /** Java knows the interfaces that hold an address without a fork; only for another does ifconfig tell. */
    @Override
    public boolean hasInterface(String device) throws BackendException {
        try {
            if (NetworkInterface.getByName(device) != null) {
                return true;
            }
        } catch (SocketException e) {
            // ifconfig below tells, or says why not
        }
        ifconfig.require("read the interface " + device);
        CommandResult result = runner.run(commands.show(device));
        if (result.failedSaying(List.of("does not exist", "device not found"))) {
            return false;
        }
        result.orThrow();
        return true;
    }
}
