package org.ipfailover.actions.afp.internal;

import com.dd.plist.NSObject;
import com.dd.plist.NSString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Points {@code reconnectKeyLocation} in the AFP server's plist at the shared location, and back.
 * Every change first copies the file as it was to {@code <plist>.ipfailover-backup}.
 */
final class ReconnectKey {
    static final String KEY = "reconnectKeyLocation";
    static final String BACKUP_SUFFIX = ".ipfailover-backup";

    private final Path plist;
    private final Path location;
    private final Path stateFile;

    ReconnectKey(Path plist, Path location, Path stateFile) {
        this.plist = plist;
        this.location = location;
        this.stateFile = stateFile;
    }

    /** @return what was done */
    String relocate() throws AfpException {
        Path folder = location.getParent();
        if (!Files.isDirectory(folder)) {
            throw new AfpException("the shared location's folder " + folder + " does not exist now (is the shared volume mounted?): "
                    + KEY + " not changed");
        }
        PlistFile file = PlistFile.read(plist);
        String current = value(file);
        String target = location.toString();
        if (target.equals(current)) {
            return KEY + " was already " + target;
        }
        Optional<RestoreState> state = RestoreState.read(stateFile);
        // a state left by an earlier takeover still knows the value from before it
        String previous = state.filter(s -> s.plist().equals(plist) && s.applied().equals(current))
                .map(RestoreState::previous).orElse(current);
        file.checkWritable();
        file.backup(backup());
        new RestoreState(plist, previous, target).write(stateFile);
        file.root().put(KEY, new NSString(target));
        file.write();
        return KEY + " set to " + target + (current == null ? " (it was not set)" : " (was " + current + ")") + " in " + plist
                + ", " + file.format() + " kept; the file before is " + backup();
    }

    /** @return what was done */
    String restore() throws AfpException {
        Optional<RestoreState> remembered = RestoreState.read(stateFile);
        if (remembered.isEmpty()) {
            return "nothing to restore: this node did not change " + KEY;
        }
        RestoreState state = remembered.get();
        PlistFile file = PlistFile.read(state.plist());
        String current = value(file);
        if (!Objects.equals(current, state.applied())) {
            RestoreState.delete(stateFile);
            return KEY + " is " + current + " now, not " + state.applied() + " as set at takeover: left as it is";
        }
        file.checkWritable();
        file.backup(Path.of(state.plist() + BACKUP_SUFFIX));
        if (state.previous() == null) {
            file.root().remove(KEY);
        } else {
            file.root().put(KEY, new NSString(state.previous()));
        }
        file.write();
        RestoreState.delete(stateFile);
        return state.previous() == null ? KEY + " removed again from " + state.plist() + " (it was not set before the takeover)"
                : KEY + " restored to " + state.previous() + " in " + state.plist();
    }

    private Path backup() {
        return Path.of(plist + BACKUP_SUFFIX);
    }

    private String value(PlistFile file) throws AfpException {
        NSObject value = file.root().get(KEY);
        if (value != null && !(value instanceof NSString)) {
            throw new AfpException(KEY + " in " + file.path() + " is a " + value.getClass().getSimpleName() + ", not a path: left alone");
        }
        return value == null ? null : value.toString();
    }
}
