package org.ipfailover.netif.internal;

/** A failed rtnetlink call, with the errno behind it (0 when there is none). */
final class NetlinkException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int errno;

    NetlinkException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** @return the kernel's refusal of a request, worded as iproute2 words it, with the kernel's own words when it gave any */
    static NetlinkException answered(Netlink.Message error) {
        String detail = error.errorMessage();
        return new NetlinkException("RTNETLINK answers: " + Libc.C.strerror(error.error())
                + (detail == null || detail.isBlank() ? "" : ": " + detail), error.error());
    }

    int errno() {
        return errno;
    }
}
