package org.ipfailover.netif.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * The few C library calls that send announcements from an AF_PACKET socket, through JNA. The
 * constants are those of Linux on x86, x86-64, arm and arm64 (MIPS, SPARC and Alpha differ).
 */
interface Libc extends Library {
    int AF_PACKET = 17;
    int SOCK_DGRAM = 2;
    int SOCK_CLOEXEC = 0x80000;
    int O_RDONLY = 0;
    int O_CLOEXEC = 0x80000;
    int CLONE_NEWNET = 0x40000000;
    long SIOCGIFINDEX = 0x8933;
    long SIOCGIFHWADDR = 0x8927;
    int ARPHRD_ETHER = 1;
    int ETH_P_ARP = 0x0806;
    int ETH_P_IPV6 = 0x86DD;
    int EPERM = 1;
    int ENOENT = 2;
    int ENXIO = 6;
    int EACCES = 13;
    int ENODEV = 19;
    int ENETDOWN = 100;

    int socket(int domain, int type, int protocol) throws LastErrorException;

    NativeLong sendto(int fd, byte[] buffer, NativeLong length, int flags, byte[] address, int addressLength) throws LastErrorException;

    int ioctl(int fd, NativeLong request, byte[] ifreq) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    String strerror(int errno);

    /** The C library, loaded once on first use. */
    final class Loaded {
        static final Libc C = Native.load("c", Libc.class);

        private Loaded() {
        }

        /** @return e.g. "Operation not permitted (errno 1)" */
        static String describe(LastErrorException e) {
            return C.strerror(e.getErrorCode()) + " (errno " + e.getErrorCode() + ")";
        }
    }
}
