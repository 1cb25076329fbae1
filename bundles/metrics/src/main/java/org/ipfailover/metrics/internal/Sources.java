package org.ipfailover.metrics.internal;

import java.util.List;
import org.ipfailover.api.FailoverControl;
import org.ipfailover.api.HeartbeatStatistics;
import org.ipfailover.api.NotifierQueue;

/** Where the scrape-time metrics read from; each may be absent (null, empty) while its bundle is not running. */
interface Sources {
    FailoverControl control();

    HeartbeatStatistics heartbeat();

    List<NotifierQueue> notifiers();
}
