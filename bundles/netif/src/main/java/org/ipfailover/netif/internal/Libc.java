package org.ipfailover.netif.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** The libc calls of the netlink backend, through JNA; each throws {@link LastErrorException} with errno. */
interface Libc extends Library {
    int AF_NETLINK = 16;
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
    int EEXIST = 17;
    int EADDRNOTAVAIL = 99;
    int ENODEV = 19;
    int ENOBUFS = 105;
    int EINTR = 4;
    int EAGAIN = 11;

    Libc C = Native.load("c", Libc.class);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] address, int length) throws LastErrorException;

    int setsockopt(int fd, int level, int name, byte[] value, int length) throws LastErrorException;

    long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

    int poll(byte[] fds, long count, int timeoutMillis) throws LastErrorException;

    int pipe2(int[] fds, int flags) throws LastErrorException;

    long write(int fd, byte[] buffer, long length) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int setns(int fd, int type) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    String strerror(int errno);
}
