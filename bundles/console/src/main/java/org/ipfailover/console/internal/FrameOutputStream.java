package org.ipfailover.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Sends what a command prints to the ctl client as OUT or ERR frames, one frame per flush. */
final class FrameOutputStream extends OutputStream {
    private final DataOutputStream channel;
    private final byte type;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    FrameOutputStream(DataOutputStream channel, byte type) {
        this.channel = channel;
        this.type = type;
    }

    @Override
    public synchronized void write(int b) {
        buffer.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        buffer.write(b, off, len);
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
