package org.ipfailover.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Sends what a command prints to the ctl client as OUT or ERR frames: one frame per flush, and
 * one whenever {@link #CHUNK} bytes are waiting, so that a command that prints much and seldom
 * flushes holds little memory and never exceeds the client's frame limit.
 */
final class FrameOutputStream extends OutputStream {
    static final int CHUNK = 64 * 1024;

    private final DataOutputStream channel;
    private final byte type;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    FrameOutputStream(DataOutputStream channel, byte type) {
        this.channel = channel;
        this.type = type;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        buffer.write(b);
        if (buffer.size() >= CHUNK) {
            flush();
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int part = Math.min(len, CHUNK - buffer.size());
            buffer.write(b, off, part);
            off += part;
            len -= part;
            if (buffer.size() >= CHUNK) {
                flush();
            }
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (buffer.size() > 0) {
            CtlProtocol.write(channel, type, buffer.toByteArray());
            buffer.reset();
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
