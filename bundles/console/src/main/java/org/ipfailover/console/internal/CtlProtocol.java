package org.ipfailover.console.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The framing on the control socket. The client sends one command line as a frame; the node
 * answers with any number of output frames and ends with an exit frame. Shared by both sides, so
 * this class must not depend on OSGi.
 */
final class CtlProtocol {
    static final byte COMMAND = 'C';
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    static final byte EXIT = 'X';
    static final int MAX_FRAME = 16 * 1024 * 1024;

    record Frame(byte type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int exitStatus() {
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        }
    }

    private CtlProtocol() {
    }

    static void write(DataOutputStream out, byte type, byte[] payload) throws IOException {
        synchronized (out) {
            out.writeByte(type);
            out.writeInt(payload.length);
            out.write(payload);
            out.flush();
        }
    }

    static void writeText(DataOutputStream out, byte type, String text) throws IOException {
        write(out, type, text.getBytes(StandardCharsets.UTF_8));
    }

    static void writeExit(DataOutputStream out, int status) throws IOException {
        write(out, EXIT, new byte[] {(byte) (status >>> 24), (byte) (status >>> 16), (byte) (status >>> 8), (byte) status});
    }

    /** @return the next frame, or null at a clean end of stream */
    static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME || (type == EXIT && length != 4)) {
            throw new IOException("malformed control frame (type " + type + ", length " + length + ")");
        }
        byte[] payload = new byte[length];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            throw new IOException("control frame cut short", e);
        }
        return new Frame((byte) type, payload);
    }
}
