package org.ipfailover.console.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    /** The most a node's output frame may hold. */
    static final int MAX_FRAME = 16 * 1024 * 1024;
    /** The most a command frame may hold: a Gogo command line is far shorter. */
    static final int MAX_COMMAND = 64 * 1024;

    record Frame(byte type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int exitStatus() {
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        }
    }

    /** A frame longer than the reader accepts; nothing of it was read past its header. */
    static final class FrameTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        FrameTooLongException(int type, int length, int max) {
            super("control frame of type " + (char) type + " declares " + length + " bytes; at most " + max + " are accepted");
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

    /** @return an ERR frame with {@code text} and an EXIT frame with {@code status}, as bytes */
    static byte[] errorAndExit(String text, int status) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            writeText(out, ERR, text);
            writeExit(out, status);
        } catch (IOException cannotHappen) {
            throw new UncheckedIOException(cannotHappen);
        }
        return bytes.toByteArray();
    }

    /** @return the next frame of at most {@link #MAX_FRAME} bytes, or null at a clean end of stream */
    static Frame read(DataInputStream in) throws IOException {
        return read(in, MAX_FRAME);
    }

    /**
     * Reads the payload as it arrives: memory grows with the bytes received, never with the length
     * a peer merely declares.
     *
     * @return the next frame, or null at a clean end of stream
     * @throws FrameTooLongException when the frame declares more than {@code max} bytes
     */
    static Frame read(DataInputStream in, int max) throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length = in.readInt();
        if (length < 0 || (type == EXIT && length != 4)) {
            throw new IOException("malformed control frame (type " + type + ", length " + length + ")");
        }
        if (length > max) {
            throw new FrameTooLongException(type, length, max);
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new IOException("control frame cut short: " + payload.length + " of " + length + " bytes");
        }
        return new Frame((byte) type, payload);
    }
}
