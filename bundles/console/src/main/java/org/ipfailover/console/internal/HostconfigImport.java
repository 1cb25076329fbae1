package org.ipfailover.console.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.ipfailover.api.Vip;

/**
 * Translates the IP failover keys of Apple's {@code /etc/hostconfig} into ipfailover's
 * configuration files: the node (networks from FAILOVER_BCAST_IPS and FAILOVER_PEER_IP), one group
 * (the addresses of FAILOVER_PEER_IP_PAIRS), the shell action over Apple's script folders, and a
 * mail notifier (FAILOVER_EMAIL_RECIPIENT). What has no equivalent, or needs the operator's eye, is
 * collected as notes rather than guessed silently; an interface this host lacks (Apple's en0 on a
 * Linux host) gets a FIXME beside the addresses until it is mapped ({@code --interface en0=eth0}).
 *
 * <p>Longer than our classes usually are: it is one translation table from Apple's keys to ours;
 * reading its options and writing its files are classes of their own.
 */
final class HostconfigImport {
    static final String BCAST_IPS = "FAILOVER_BCAST_IPS";
    static final String PEER_IP = "FAILOVER_PEER_IP";
    static final String PEER_IP_PAIRS = "FAILOVER_PEER_IP_PAIRS";
    static final String EMAIL_RECIPIENT = "FAILOVER_EMAIL_RECIPIENT";
    static final List<String> KNOWN_KEYS = List.of(BCAST_IPS, PEER_IP, PEER_IP_PAIRS, EMAIL_RECIPIENT);
    static final String DEFAULT_SCRIPTS = "/Library/IPFailover";
    static final String DEFAULT_GROUP = "failover";
    static final String PRIMARY_ID = "primary";
    static final int ASSUMED_PREFIX = 24;

    /** One file to write into conf/. */
    record Output(String file, String content, String from) {
    }

    /** One translated hostconfig key. */
    record Translation(String key, String value, String becomes) {
    }

    record Plan(String role, List<Output> files, List<Translation> translated, List<String> checks, List<String> untranslated) {
    }

    private final Hostconfig hostconfig;
    private final String source;
    private final Path scriptsFolder;
    private final String hostname;
    private final String group;
    private final Map<String, String> interfaceMap;
    private final Predicate<String> hostHasInterface;
    /** This host's names that it lacks, each with the hostconfig's name it came from. */
    private final Map<String, String> missingInterfaces = new LinkedHashMap<>();
    private final Set<String> usedDevices = new LinkedHashSet<>();
    private final Set<String> renamed = new LinkedHashSet<>();
    private final List<Output> files = new ArrayList<>();
    private final List<Translation> translated = new ArrayList<>();
    private final List<String> checks = new ArrayList<>();
    private final List<String> untranslated = new ArrayList<>();

    /**
     * @param source where the hostconfig was read, for comments and messages
     * @param hostname this host's name: its node id unless it is the primary
     */
    HostconfigImport(Hostconfig hostconfig, String source, Path scriptsFolder, String hostname, String group) {
        this(hostconfig, source, scriptsFolder, hostname, group, Map.of(), HostInterfaces::present);
    }

    /**
     * @param interfaceMap Apple's interface names to this host's ({@code --interface en0=eth0})
     * @param hostHasInterface whether this host has an interface of that name
     */
    HostconfigImport(Hostconfig hostconfig, String source, Path scriptsFolder, String hostname, String group,
            Map<String, String> interfaceMap, Predicate<String> hostHasInterface) {
        this.hostconfig = hostconfig;
        this.source = source;
        this.scriptsFolder = scriptsFolder;
        this.hostname = hostname;
        this.group = group;
        this.interfaceMap = Map.copyOf(interfaceMap);
        this.hostHasInterface = hostHasInterface;
    }

    /** @throws IllegalArgumentException when the hostconfig has no IP failover key at all */
    Plan plan() {
        String peerIp = blankToNull(hostconfig.get(PEER_IP));
        List<String> broadcasts = addresses(BCAST_IPS);
        List<Vip> vips = vips();
        boolean backup = peerIp != null || !vips.isEmpty();
        if (!backup && broadcasts.isEmpty()) {
            throw new IllegalArgumentException(source + " sets none of " + String.join(", ", KNOWN_KEYS)
                    + ": IP failover was not set up on that host; nothing imported");
        }
        if (peerIp != null && !Ipv4.valid(peerIp)) {
            untranslated.add(PEER_IP + "=" + peerIp + ": not an IPv4 address");
            peerIp = null;
        }
        String self = backup ? hostname : PRIMARY_ID;
        node(self, peerIp, broadcasts, vips, backup);
        if (backup) {
            group(self, vips);
            shellAction(vips);
        } else {
            checks.add("this hostconfig is a primary's (FAILOVER_BCAST_IPS only): it names no address to take over, so no group "
                    + "file was written. Import the backup's hostconfig on the backup and copy its conf/org.ipfailover.group-"
                    + group + ".cfg here (the same file on every node).");
            checks.add("Apple's primary held the public address as its own interface address; with ipfailover the node that "
                    + "holds the group adds it: remove it from this host's static network settings, else it comes back with "
                    + "the host while the backup still holds it.");
        }
        mail();
        unknownKeys();
        commonChecks();
        return new Plan(backup ? (broadcasts.isEmpty() ? "backup" : "backup that also sent heartbeats (mutual pair)") : "primary",
                List.copyOf(files), List.copyOf(translated), List.copyOf(checks), List.copyOf(untranslated));
    }

    private void node(String self, String peerIp, List<String> broadcasts, List<Vip> vips, boolean backup) {
        Map<String, String> networks = NetworkNames.of(broadcasts, peerIp, vips);
        if (!broadcasts.isEmpty()) {
            translated.add(new Translation(BCAST_IPS, hostconfig.get(BCAST_IPS), "networks " + NetworkNames.join(networks)));
            boolean byOrder = broadcasts.stream().anyMatch(b -> !(peerIp != null && Ipv4.covers(b, peerIp))
                    && vips.stream().noneMatch(v -> Ipv4.covers(b, v.host())));
            if (byOrder) {
                checks.add("FAILOVER_BCAST_IPS does not say which network is which: named in order (" + NetworkNames.join(networks)
                        + "). Network names must be the same on every node: check that each name means the same segment on the "
                        + "other node, whose import names the network of the primary's private address \"private\".");
            }
        }
        if (peerIp != null) {
            String heard = networks.entrySet().stream().filter(e -> Ipv4.covers(e.getKey(), peerIp)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
            if (heard != null) {
                translated.add(new Translation(PEER_IP, peerIp, "the primary (node id \"" + PRIMARY_ID + "\") on network " + heard));
            } else if (broadcasts.isEmpty()) {
                networks.put(peerIp, "private");
                translated.add(new Translation(PEER_IP, peerIp, "network private=" + peerIp + " (beats go to the primary's private address)"));
                checks.add("Apple's backup sent no heartbeats; ipfailover nodes beat both ways. This node watches the primary on the "
                        + "private network only: add the public network as the primary names it (e.g. public=<broadcast address of "
                        + "the public segment>), so that one lost cable raises an anomaly, not a takeover.");
            } else {
                translated.add(new Translation(PEER_IP, peerIp, "the primary (node id \"" + PRIMARY_ID + "\")"));
                checks.add(PEER_IP + "=" + peerIp + " is in none of the FAILOVER_BCAST_IPS networks: check networks");
            }
        }
        StringBuilder text = header("an Apple IP Failover " + (backup ? "backup" : "primary"))
                .append("# Apple IP Failover had no node ids: this host is \"").append(self).append('"')
                .append(backup ? ", its primary \"" + PRIMARY_ID + "\".\n" : " (the name an import on the backup gives it).\n")
                .append("id = ").append(ConfFiles.escape(self)).append('\n')
                .append("keyFile = conf/ipfailover.key\n");
        if (networks.isEmpty()) {
            text.append("# networks = public=<broadcast address>; private=<broadcast address>    (set it: none was found)\n");
            checks.add("no heartbeat network could be derived (no FAILOVER_BCAST_IPS, no FAILOVER_PEER_IP): set networks in "
                    + "org.ipfailover.node.cfg; the node does not start without it");
        } else {
            text.append("networks = ").append(NetworkNames.join(networks)).append('\n');
        }
        List<String> from = new ArrayList<>(present(BCAST_IPS, PEER_IP));
        from.add("host name");
        files.add(new Output("org.ipfailover.node.cfg", text.toString(), String.join(", ", from)));
    }

    private void group(String self, List<Vip> vips) {
        if (vips.isEmpty()) {
            checks.add("no FAILOVER_PEER_IP_PAIRS: no address to take over, so no group file was written");
            return;
        }
        StringBuilder text = header(PEER_IP_PAIRS + "=\"" + hostconfig.get(PEER_IP_PAIRS) + "\"");
        String list = String.join(", ", vips.stream().map(Vip::toString).toList());
        String file = "org.ipfailover.group-" + group + ".cfg";
        text.append("nodes = ").append(PRIMARY_ID).append(", ").append(ConfFiles.escape(self)).append('\n');
        missingInterfaces.forEach((device, apple) -> {
            text.append("# FIXME: this host has no interface ").append(device).append(": put this host's interface in vips, or import again "
                    + "with --interface ").append(apple).append("=<interface>; --apply refuses until then\n");
            checks.add("INTERFACE " + device + ": this host has no interface " + device + " (vips of " + file + "): map it with "
                    + "--interface " + apple + "=<this host's interface>, or edit vips in the staged file; --apply refuses until then");
        });
        text.append("vips = ").append(list).append('\n')
                .append("failback = auto\n");
        files.add(new Output(file, text.toString(), PEER_IP_PAIRS));
        translated.add(new Translation(PEER_IP_PAIRS, hostconfig.get(PEER_IP_PAIRS), "group " + group + ": nodes = " + PRIMARY_ID + ", "
                + self + "; vips = " + list));
        checks.add("node ids: the primary is called \"" + PRIMARY_ID + "\" and this host \"" + self + "\" (its host name): on the "
                + "primary set id = " + PRIMARY_ID + " (its import does), or rename both here and in the group file.");
    }

    private void shellAction(List<Vip> vips) {
        StringBuilder text = header("Apple's script folders: <folder>/<the primary's public address>/Test, PreAcq*, PostAcq*, PreRel*, PostRel*")
                .append("folder = ").append(ConfFiles.escape(scriptsFolder.toString())).append('\n')
                .append("groups = ").append(group).append('\n');
        files.add(new Output("org.ipfailover.action.shell-apple.cfg", text.toString(), "scripts folder " + scriptsFolder));
        checks.addAll(ScriptFolderSurvey.describe(scriptsFolder, vips.stream().map(Vip::host).toList()));
    }

    private void mail() {
        String configured = blankToNull(hostconfig.get(EMAIL_RECIPIENT));
        if (configured == null) {
            checks.add("no FAILOVER_EMAIL_RECIPIENT: Apple then mailed root on this host; no mail notifier was written "
                    + "(create conf/org.ipfailover.notify.mail-admin.cfg for mail)");
            return;
        }
        // the notifier reads "to" as a comma separated list of addresses; hostconfig may separate them by spaces
        List<String> recipients = words(configured);
        String to = String.join(", ", recipients);
        StringBuilder text = header(EMAIL_RECIPIENT + "=\"" + configured + "\"; Apple handed its mail to this host's mail system")
                .append("host = localhost\n")
                .append("from = ipfailover@").append(ConfFiles.escape(hostname)).append('\n')
                .append("to = ").append(ConfFiles.escape(to)).append('\n');
        files.add(new Output("org.ipfailover.notify.mail-admin.cfg", text.toString(), EMAIL_RECIPIENT));
        translated.add(new Translation(EMAIL_RECIPIENT, configured, "mail notifier admin: to = " + to + ", through localhost:25"));
        checks.add("mail goes to the SMTP server on localhost:25, as Apple's went to the local mail system: set host (and "
                + "security, username, passwordFile) in org.ipfailover.notify.mail-admin.cfg if none listens there");
        for (String recipient : recipients) {
            if (!recipient.contains("@")) {
                checks.add(EMAIL_RECIPIENT + ": " + recipient + " is not a mail address (user@host): fix to in "
                        + "org.ipfailover.notify.mail-admin.cfg");
            }
        }
    }

    private void unknownKeys() {
        hostconfig.values().forEach((key, value) -> {
            if (key.startsWith("FAILOVER_") && !KNOWN_KEYS.contains(key)) {
                untranslated.add(key + "=" + value + ": not a key Apple's IP Failover documents; no equivalent was written");
            }
        });
    }

    private void commonChecks() {
        checks.add("heartbeats are authenticated now (Apple's were not): create the shared key once with failover:keygen "
                + "conf/ipfailover.key and copy it, mode 0600, to every node");
        checks.add("timing: Apple's heartbeatd beat once a second; ipfailover beats every 100 ms and declares a peer dead after "
                + "300 ms of silence on every network (interval, deadTime in org.ipfailover.node.cfg)");
        checks.add("ipfailover's heartbeat is not Apple's, though both use UDP port 1694: stop heartbeatd/failoverd on both hosts "
                + "(remove the FAILOVER_ keys from /etc/hostconfig) and move both hosts together");
    }

    private List<String> addresses(String key) {
        List<String> addresses = new ArrayList<>();
        for (String word : words(hostconfig.get(key))) {
            if (Ipv4.valid(word)) {
                addresses.add(word);
            } else {
                untranslated.add(key + ": \"" + word + "\" is not an IPv4 address; left out");
            }
        }
        return addresses;
    }

    private List<Vip> vips() {
        List<Vip> vips = new ArrayList<>();
        boolean assumed = false;
        for (String pair : words(hostconfig.get(PEER_IP_PAIRS))) {
            int colon = pair.indexOf(':');
            String host = colon < 0 ? "" : pair.substring(colon + 1).replaceFirst("/.*", "");
            if (colon <= 0 || !Ipv4.valid(host)) {
                untranslated.add(PEER_IP_PAIRS + ": \"" + pair + "\" is not interface:address[/mask]; left out");
                continue;
            }
            try {
                boolean withMask = pair.indexOf('/', colon) > 0;
                vips.add(onThisHost(Vip.parse(withMask ? pair : pair + "/" + ASSUMED_PREFIX)));
                assumed |= !withMask;
            } catch (IllegalArgumentException e) {
                untranslated.add(PEER_IP_PAIRS + ": " + e.getMessage() + "; left out");
            }
        }
        interfaceMap.keySet().stream().filter(device -> !usedDevices.contains(device)).sorted().forEach(device -> untranslated.add("--interface "
                + device + "=" + interfaceMap.get(device) + ": no address of " + PEER_IP_PAIRS + " is on " + device + "; ignored"));
        if (assumed) {
            checks.add("CHECK THE PREFIX: hostconfig gives no mask for " + PEER_IP_PAIRS + ", so /" + ASSUMED_PREFIX
                    + " was assumed; set each address's real prefix in vips (Apple used /32 for an alias in the interface's own subnet)");
        }
        return vips;
    }

    /** Apple's interface name as this host calls it (--interface), noted when this host has no such interface. */
    private Vip onThisHost(Vip vip) {
        usedDevices.add(vip.device());
        String device = interfaceMap.getOrDefault(vip.device(), vip.device());
        if (!device.equals(vip.device()) && renamed.add(vip.device())) {
            translated.add(new Translation("interface", vip.device(), device + " (--interface " + vip.device() + "=" + device + ")"));
        }
        if (!hostHasInterface.test(device)) {
            missingInterfaces.putIfAbsent(device, vip.device());
        }
        return device.equals(vip.device()) ? vip : new Vip(device, vip.address(), vip.prefixLength());
    }

    private StringBuilder header(String what) {
        return new StringBuilder("# Imported by failover:import-hostconfig from ").append(source).append(": ").append(what).append('\n');
    }

    private List<String> present(String... keys) {
        List<String> present = new ArrayList<>();
        for (String key : keys) {
            if (blankToNull(hostconfig.get(key)) != null) {
                present.add(key);
            }
        }
        return present;
    }

    private static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        if (value != null) {
            for (String word : value.trim().split("[\\s,]+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        }
        return words;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
