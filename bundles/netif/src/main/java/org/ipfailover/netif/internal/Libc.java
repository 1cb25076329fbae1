package org.ipfailover.netif.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The C library calls of the netlink backend and of the AF_PACKET announcements, through JNA; each
 * throws {@link LastErrorException} with errno. The constants are those of Linux on x86, x86-64,
 * arm and arm64 (MIPS, SPARC and Alpha differ).
 */
interface Libc extends Library {
    int AF_NETLINK = 16;
    int AF_PACKET = 17;
    int SOCK_DGRAM = 2;
    int SOCK_RAW = 3;
    int SOCK_CLOEXEC = 0x80000;
    int NETLINK_ROUTE = 0;
    int SOL_SOCKET = 1;
    int SO_RCVBUF = 8;
    int SO_RCVTIMEO = 20;
    int SOL_NETLINK = 270;
    int NETLINK_CAP_ACK = 10;
    int NETLINK_EXT_ACK = 11;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;
    short POLLIN = 1;
    long SIOCGIFINDEX = 0x8933;
    long SIOCGIFHWADDR = 0x8927;
    int ARPHRD_ETHER = 1;
    int ETH_P_ARP = 0x0806;
    int ETH_P_IPV6 = 0x86DD;

    int EPERM = 1;
    int ENOENT = 2;
    int EINTR = 4;
    int ENXIO = 6;
    int EAGAIN = 11;
    int EACCES = 13;
    int EEXIST = 17;
    int ENODEV = 19;
    int EADDRNOTAVAIL = 99;
    int ENETDOWN = 100;
    int ENOBUFS = 105;

    /** The C library, loaded when first used. */
    Libc C = Native.load("c", Libc.class);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] address, int length) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

    long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength) throws LastErrorException;

    long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    int poll(byte[] fds, long count, int timeoutMillis) throws LastErrorException;

    int pipe2(int[] fds, int flags) throws LastErrorException;

    long write(int fd, byte[] buffer, long length) throws LastErrorException;

    int ioctl(int fd, NativeLong request, byte[] ifreq) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    String strerror(int errno);

    /** @return e.g. "Operation not permitted (errno 1)" */
    static String describe(LastErrorException e) {
        return C.strerror(e.getErrorCode()) + " (errno " + e.getErrorCode() + ")";
    }
}
