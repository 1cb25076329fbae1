package org.ipfailover.actions.volume.internal;

import org.ipfailover.api.FailoverAction.OnFailure;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "ipfailover volume action",
        description = "Mounts a shared volume before the addresses arrive and unmounts it after the services stop. "
                + "One file per volume: conf/org.ipfailover.action.volume-<name>.cfg")
@interface VolumeConfig {
    String FACTORY_PID = "org.ipfailover.action.volume";

    @AttributeDefinition(description = "What to mount: a device (/dev/sdb1), UUID=<uuid> or LABEL=<label>; "
            + "on macOS a volume name, a volume UUID or a /dev/disk device.")
    String volume() default "";

    @AttributeDefinition(description = "Where to mount it: an existing, absolute folder. On macOS optional (diskutil chooses /Volumes/<name>).")
    String mountPoint() default "";

    @AttributeDefinition(description = "Filesystem type for mount -t (ext4, xfs, nfs, ...). Empty: mount detects it. Ignored on macOS.")
    String type() default "";

    @AttributeDefinition(description = "Options for mount -o, comma separated (noatime,nodev). Ignored on macOS.")
    String options() default "";

    @AttributeDefinition(description = "How many times a busy unmount is tried again before giving up (or forcing).", min = "0")
    int retries() default 3;

    @AttributeDefinition(description = "Milliseconds between two tries of a busy unmount.", min = "0")
    int retryInterval() default 1000;

    @AttributeDefinition(description = "true: when the volume stays busy, detach it anyway (umount -l -f, diskutil unmount force). "
            + "Processes that still hold files on it keep the filesystem in use until they exit.")
    boolean forceUnmount() default false;

    @AttributeDefinition(description = "Milliseconds one mount or unmount may take, every try included.", min = "1000")
    int timeout() default 60_000;

    @AttributeDefinition(description = "Groups this volume belongs to, comma separated. Empty: every group.")
    String[] groups() default {};

    @AttributeDefinition(description = "ABORT: a failed mount stops the takeover. CONTINUE: report it and go on.")
    OnFailure onFailure() default OnFailure.ABORT;

    @AttributeDefinition(name = "service.ranking",
            description = "Order among the actions: higher runs earlier on acquire and later on release.")
    int service_ranking() default 300;
}
