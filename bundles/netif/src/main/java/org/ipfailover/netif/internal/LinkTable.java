package org.ipfailover.netif.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ipfailover.api.LinkState;

/**
 * What a link watch has told its listener, per interface, so that it tells only changes: ip monitor
 * repeats lines, and a change of MTU or address is no change of state. Not thread-safe.
 */
final class LinkTable {
    private final Map<String, LinkState> told = new LinkedHashMap<>();
    private final Map<Integer, String> names = new HashMap<>();
    private final Set<String> presentBefore = new HashSet<>();

    /** @return what to tell of a change the monitor saw: nothing, the interface's new state, or also its old name's end */
    List<LinkState> change(LinkLine line) {
        List<LinkState> tell = new ArrayList<>();
        if (line.deleted()) {
            names.remove(line.index(), line.device());
        } else {
            String previous = names.put(line.index(), line.device());
            if (previous != null && !previous.equals(line.device())) {
                tell(new LinkState(previous, false, "renamed to " + line.device()), tell);
            }
        }
        tell(line.state(), tell);
        return tell;
    }

    /** Forgets what it told, as a monitor that restarts must tell every interface again; remembers which were there. */
    void forget() {
        presentBefore.addAll(names.values());
        told.clear();
        names.clear();
    }

    /**
     * @param listing every interface, read once the monitor listened
     * @param seen what the monitor saw meanwhile, in order
     * @return every interface's state: from the listing, unless the monitor saw it change, then those changes in
     *         their order (each a state it really had, however close the changes); and the end of any interface
     *         there before {@link #forget} and gone now
     */
    List<LinkState> start(List<LinkLine> listing, List<LinkLine> seen) {
        Set<Integer> changed = new HashSet<>();
        Set<String> changedNames = new HashSet<>();
        seen.forEach(line -> {
            changed.add(line.index());
            changedNames.add(line.device());
        });
        List<LinkState> tell = new ArrayList<>();
        listing.stream().filter(line -> !changed.contains(line.index()) && !changedNames.contains(line.device()))
                .forEach(line -> tell.addAll(change(line)));
        seen.forEach(line -> tell.addAll(change(line)));
        presentBefore.stream().filter(device -> !told.containsKey(device))
                .forEach(device -> tell(new LinkState(device, false, LinkLine.DELETED), tell));
        presentBefore.clear();
        return tell;
    }

    private void tell(LinkState state, List<LinkState> tell) {
        if (!state.equals(told.put(state.device(), state))) {
            tell.add(state);
        }
    }
}
